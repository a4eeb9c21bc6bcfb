"""bench/parse_diff.py, the parser differential check, run as a script on a small sample."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOL = REPO / "bench" / "parse_diff.py"


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    # This checkout first on the path, as the tool's docstring asks (the venv may be another checkout's).
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, str(TOOL), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_same_tree_on_both_sides_differs_nowhere() -> None:
    result = run_tool("--before", str(REPO), "--replay-stride", "50", "--mutants", "40")
    assert (result.returncode, result.stderr) == (0, ""), result.stdout + result.stderr
    assert re.search(r"^[\d,]+ inputs: 0 differ$", result.stdout, re.M), result.stdout
    # Every kind the tool builds without the real pages is there, and parsed by both trees.
    for kind in ("replay detail pages", "政采云 fragments", "search pages", "mutated detail pages"):
        assert re.search(rf"^{kind} +[1-9]", result.stdout, re.M), (kind, result.stdout)


def test_a_folder_that_is_not_a_tree_of_the_repository_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "something-else"\n', encoding="utf-8")
    result = run_tool("--before", str(tmp_path), "--mutants", "0")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(tmp_path) in lines[0], result.stderr
    assert "not a tree of this repository" in lines[0]
