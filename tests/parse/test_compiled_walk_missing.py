"""When the parsers run without the compiled layout walk (crawler/parse/_fastlayout.c), the install
says why: `tenders status` ends with a line, and every crawl process logs a warning. The notices are
the same, but parsing is slower and bench/RESULTS.md's figures are no longer this install's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crawler.parse.text import compiled_walk, compiled_walk_missing, walk_mismatch

REPO = Path(__file__).resolve().parents[2]
# Importing the module then fails as a missing one does (None in sys.modules stops the import).
WITHOUT_THE_WALK = "import sys; sys.modules['crawler.parse._fastlayout'] = None\n"


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_THE_WALK + code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )


def test_a_walk_built_for_the_running_libraries_is_used() -> None:
    assert walk_mismatch(("6.2.1", 21406), ("6.2.1", 21406), (21406, 21406), same_tags=True) is None


def test_each_mismatch_names_both_sides() -> None:
    other_lxml = walk_mismatch(("6.2.1", 21406), ("5.3.0", 21208), (21208, 21208), same_tags=True)
    assert other_lxml == (
        "it was built for lxml 6.2.1 with libxml2 2.14.6 and runs with lxml 5.3.0 with libxml2 2.12.8"
    )
    relinked = walk_mismatch(("6.2.1", 21406), ("6.2.1", 21406), (21406, 21500), same_tags=True)
    assert relinked == "lxml was compiled with libxml2 2.14.6 and runs with 2.15.0"
    retagged = walk_mismatch(("6.2.1", 21406), ("6.2.1", 21406), (21406, 21406), same_tags=False)
    assert retagged is not None and "tag sets" in retagged


def test_in_use_and_missing_exclude_each_other() -> None:
    assert (compiled_walk() is None) == (compiled_walk_missing() is not None)


def test_status_and_the_crawl_say_when_parsing_goes_without_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'status.db'}"
    status = _python(f"from tenders.cli import main; main(['--db', {url!r}, 'status'])", tmp_path)
    assert status.returncode == 0, status.stderr
    last = status.stdout.splitlines()[-1]
    assert last.startswith("parsing: the compiled layout walk is not in use: it was not built"), last
    # A crawl of no source still starts a crawl process: the warning comes before any page.
    crawl = _python("from crawler.run import _run_here; print(_run_here([], {}, {}, False))", tmp_path)
    assert crawl.returncode == 0, crawl.stderr
    assert "WARNING: the compiled layout walk is not in use: it was not built" in crawl.stderr


def test_status_says_nothing_of_it_when_it_is_in_use(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tenders.cli import main

    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'status.db'}", "status"])
    assert result.exit_code == 0, result.output
    said = "compiled layout walk" in result.stdout
    assert said == (compiled_walk() is None)
