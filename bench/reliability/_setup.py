"""Puts the reliability rig (tests/reliability/) and the repository on sys.path for the scripts here."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
for folder in (REPO, REPO / "tests" / "reliability"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def work_folder(keep: str | None) -> Path:
    """Where a trial keeps its databases and logs: --keep DIR, else a fresh temporary folder."""
    if keep:
        path = Path(keep)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(tempfile.mkdtemp(prefix="tenders-reliability-"))


def finish(result: dict[str, Any], json_path: str | None) -> int:
    """Print the problems (none is the promise), save the figures as JSON, exit 1 on any problem."""
    if json_path:
        Path(json_path).write_text(
            json.dumps(result, indent=1, ensure_ascii=False, default=str), encoding="utf-8"
        )
        print(f"figures: {json_path}")
    problems = result.get("problems", [])
    print(f"problems: {len(problems)}")
    for line in problems:
        print(f"  - {line}")
    return 1 if problems else 0
