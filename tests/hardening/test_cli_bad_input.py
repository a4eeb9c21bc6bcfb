"""Every command given bad input answers with ONE line naming the problem and a non-zero exit (issue 7).

Bad input here: wrong arguments, missing files, a directory where a file is expected, a file that
cannot be read, a foreign file where an SQLite database is expected (text, PNG, a device, a
directory), database URLs that are not SQLite/PostgreSQL, do not parse, name a driver that is not
installed or name no file at all, and months like `2025-13`, `2025-1`, `abcd`.

"One line" is checked strictly: stderr holds exactly one `Error:` line (click's usage errors add their
`Usage:` / `Try …` lines around it, nothing else), no traceback anywhere, and no second line of a
driver message (psycopg's "Is the server running…", SQLAlchemy's "Background on this error…").

Most cases drive `tenders.cli.main` in-process with click's CliRunner; a few run `python -m tenders`
in a real subprocess to see the real stderr. Tests run as root, where chmod 000 does not stop a read:
the unreadable-file cases therefore run in a subprocess that drops to the `nobody` user after its
imports (see `run_as_nobody`), so the permission check is real.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tenders.cli import main

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
ALLOWED_USAGE_LINES = ("Usage:", "Try '")


@dataclass(frozen=True)
class Files:
    """Bad inputs on disk, made fresh for each test."""

    root: Path
    text: Path  # a text file named .db
    png: Path  # a PNG named .db
    empty_dir: Path  # a directory named .db
    good_db: Path  # a real, migrated database (for commands that need one)

    def url(self, path: Path | str) -> str:
        return f"sqlite:///{path}"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Files:
    # Nothing may fall back to the user's real database or config.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("TENDERS_CONFIG", raising=False)
    # SQLite only: bad database files and URLs are the subject, and every case fails before this one opens.
    good = tmp_path / "good.db"
    monkeypatch.setenv("TENDERS_DATABASE_URL", f"sqlite:///{good}")
    text = tmp_path / "notes.db"
    text.write_text("these are notes, not a database\n", encoding="utf-8")
    png = tmp_path / "picture.db"
    png.write_bytes(PNG)
    empty_dir = tmp_path / "folder.db"
    empty_dir.mkdir()
    return Files(tmp_path, text, png, empty_dir, good)


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, catch_exceptions=True)


def assert_one_line_error(result: Result, *fragments: str) -> str:
    """The run failed with exactly one `Error:` line containing every fragment; returns that line."""
    where = f"args exit={result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.exit_code not in (0, None), f"expected a failure, {where}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}\n{where}")
    assert "Traceback" not in result.stdout + result.stderr, where
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    assert len(errors) == 1, f"expected one error line, {where}"
    others = [line for line in lines if line not in errors and not line.startswith(ALLOWED_USAGE_LINES)]
    assert not others, f"lines beside the error: {others}\n{where}"
    for fragment in fragments:
        assert fragment in errors[0], f"{fragment!r} not in {errors[0]!r}"
    return errors[0]


# --- the database setting ------------------------------------------------------------------------------

DB_COMMANDS = [
    ["db", "info"],
    ["db", "upgrade"],
    ["status"],
    ["status", "--format", "json"],
    ["report", "--month", "2025-09"],
    ["vendors", "--unmapped"],
    ["process", "--quiet"],
    ["schedule", "--list"],
]


def _bad_urls(files: Files) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(name, URL, what the error line must say)."""
    yield "text file", files.url(files.text), (str(files.text), "not an SQLite database")
    yield "png file", files.url(files.png), (str(files.png), "not an SQLite database")
    yield "directory", files.url(files.empty_dir), (str(files.empty_dir), "is a directory")
    yield "device", "sqlite:////dev/null", ("/dev/null", "not a regular file")
    yield (
        "parent is a file",
        files.url(files.text / "sub" / "x.db"),
        (str(files.text), "is a file, not a folder"),
    )
    yield "in-memory", "sqlite://", ("names no database file",)
    yield "mysql", "mysql://user@127.0.0.1/tenders", ("unsupported database 'mysql'",)
    yield "not a URL", "definitely not a url", ("invalid database URL",)
    yield "bad port", "postgresql+psycopg://u@127.0.0.1:notaport/x", ("invalid database URL", "notaport")
    yield "missing driver", "postgresql+psycopg2://u@127.0.0.1/x", ("psycopg2",)
    yield "bad sqlite argument", files.url(files.root / "x.db") + "?timeout=abc", ("cannot use database",)
    yield (
        "server down",
        "postgresql+psycopg://u@127.0.0.1:1/x",
        ("cannot open database", "Connection refused"),
    )


BAD_URL_NAMES = [
    "text file",
    "png file",
    "directory",
    "device",
    "parent is a file",
    "in-memory",
    "mysql",
    "not a URL",
    "bad port",
    "missing driver",
    "bad sqlite argument",
    "server down",
]


# Every bad setting against `db info`; the kinds that fail at different stages (file check, URL
# parse, driver import, connection) against every other command that opens the database.
DB_CASES = [(["db", "info"], name) for name in BAD_URL_NAMES] + [
    (command, name)
    for command in DB_COMMANDS[1:]
    for name in ("png file", "directory", "bad port", "missing driver", "server down")
]


@pytest.mark.parametrize(("command", "name"), DB_CASES, ids=[f"{' '.join(c)}-{n}" for c, n in DB_CASES])
def test_a_bad_database_setting_is_one_line(files: Files, command: list[str], name: str) -> None:
    url, fragments = next((u, f) for n, u, f in _bad_urls(files) if n == name)
    assert_one_line_error(invoke(["--db", url, *command]), *fragments)


@pytest.mark.parametrize("name", ["text file", "png file", "directory", "in-memory", "mysql"])
def test_the_environment_setting_is_checked_like_the_option(
    files: Files, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, fragments = next((u, f) for n, u, f in _bad_urls(files) if n == name)
    monkeypatch.setenv("TENDERS_DATABASE_URL", url)
    assert_one_line_error(invoke(["db", "info"]), *fragments)


@pytest.mark.parametrize("name", ["text file", "png file", "directory", "server down"])
def test_demo_checks_its_own_database_option(files: Files, name: str) -> None:
    url, fragments = next((u, f) for n, u, f in _bad_urls(files) if n == name)
    out = files.root / "demo-out"
    assert_one_line_error(invoke(["--db", url, "demo", "--quiet", "--output-dir", str(out)]), *fragments)


def test_a_foreign_file_is_left_untouched(files: Files) -> None:
    """Refusing is not enough: the foreign file must not be migrated into (that would destroy it)."""
    before = files.png.read_bytes(), files.text.read_bytes()
    for url in (files.url(files.png), files.url(files.text)):
        assert_one_line_error(invoke(["--db", url, "db", "upgrade"]))
    assert (files.png.read_bytes(), files.text.read_bytes()) == before


# --- months ----------------------------------------------------------------------------------------------

BAD_MONTHS = [
    "2025-13",
    "2025-1",
    "abcd",
    "2025-00",
    "25-09",
    "2025/09",
    "2025-09-01",
    "",
    " ",
    "0000-01",
    "２０２５-09",
]


@pytest.mark.parametrize("month", BAD_MONTHS)
def test_report_refuses_a_bad_month(files: Files, month: str) -> None:
    assert_one_line_error(invoke(["report", "--month", month]), "--month", repr(month))


@pytest.mark.parametrize("since", ["2025-13", "abcd", "2025-1"])
def test_report_refuses_a_bad_since(files: Files, since: str) -> None:
    assert_one_line_error(invoke(["report", "--month", "2025-09", "--since", since]), "--since", repr(since))


def test_report_refuses_a_since_after_the_month(files: Files) -> None:
    assert_one_line_error(invoke(["report", "--month", "2025-03", "--since", "2025-09"]), "after")


def test_a_bad_month_fails_before_the_database_is_touched(files: Files) -> None:
    """The month is checked first: a bad month with an unusable database names the month."""
    assert_one_line_error(invoke(["--db", files.url(files.png), "report", "--month", "2025-13"]), "2025-13")


# --- arguments and files, per command ------------------------------------------------------------------


def _cases(files: Files) -> dict[str, tuple[list[str], tuple[str, ...]]]:
    missing = str(files.root / "missing.html")
    return {
        "unknown command": (["bogus"], ("No such command",)),
        "db without subcommand argument": (["db", "bogus"], ("No such command",)),
        "--db without value": (["--db"], ("requires an argument",)),
        "parse nothing": (["parse"], ("Missing argument",)),
        "parse missing file": (["parse", missing], (missing, "No such file")),
        "parse directory": (["parse", str(files.empty_dir)], ("is a directory",)),
        "parse png": (["parse", str(files.png)], (str(files.png), "unrecognised content")),
        "parse empty file": (["parse", str(_empty(files))], ("empty",)),
        "parse bad source": (["parse", "--source", "taobao", missing], ("--source",)),
        "report missing month": (["report"], ("--month",)),
        "report bad format": (["report", "--month", "2025-09", "--format", "pdf"], ("--format",)),
        "report xlsx to stdout": (["report", "--month", "2025-09", "--format", "xlsx"], ("--output",)),
        "report output is a directory": (
            ["report", "--month", "2025-09", "-o", str(files.empty_dir)],
            ("is a directory",),
        ),
        "report output under a file": (
            ["report", "--month", "2025-09", "-o", str(files.text / "r.md")],
            ("cannot write", "is a file, not a folder"),
        ),
        "report all-industries without list": (
            ["report", "--month", "2025-09", "--all-industries"],
            ("--all-industries", "--list"),
        ),
        "report bad type filter": (["report", "--month", "2025-09", "--type", "robot"], ("--type",)),
        "vendors bad month": (["vendors", "--month", "2025-13"], ("--month", "2025-13")),
        "vendors limit 0": (["vendors", "--limit", "0"], ("--limit",)),
        "process batch 0": (["process", "--batch-size", "0"], ("--batch-size",)),
        "process batch text": (["process", "--batch-size", "many"], ("--batch-size",)),
        "status unknown option": (["status", "--bogus"], ("--bogus",)),
        "schedule missing config": (
            ["schedule", "--list", "--config", str(files.root / "none.toml")],
            ("does not exist",),
        ),
        "schedule config is a directory": (
            ["schedule", "--list", "--config", str(files.empty_dir)],
            ("is a directory",),
        ),
        "schedule config is text": (["schedule", "--list", "--config", str(files.text)], ("not valid TOML",)),
        "schedule config is png": (["schedule", "--list", "--config", str(files.png)], ("not valid TOML",)),
        "schedule config unknown key": (
            ["schedule", "--list", "--config", str(_toml(files, "colour = 'red'\n"))],
            ("unknown key", "colour"),
        ),
        "replay port too big": (["replay", "serve", "--port", "99999"], ("--port",)),
        "replay port negative": (["replay", "serve", "--port", "-1"], ("--port",)),
        "replay bad faults": (["replay", "serve", "--port", "0", "--faults", "bogus"], ("--faults",)),
        "replay fault rate": (["replay", "serve", "--port", "0", "--faults", "error=2"], ("--faults",)),
        "replay missing corpus": (
            ["replay", "serve", "--port", "0", "--corpus", str(files.empty_dir)],
            ("corpus",),
        ),
        "replay corrupt corpus": (
            ["replay", "serve", "--port", "0", "--corpus", str(_corrupt_corpus(files, b"not gzip"))],
            ("corpus",),
        ),
        "replay corpus of garbage lines": (
            [
                "replay",
                "serve",
                "--port",
                "0",
                "--corpus",
                str(_corrupt_corpus(files, gzip.compress(b'{"x": 1}\nnot json\n'))),
            ],
            ("corpus",),
        ),
        "replay fault log in a missing folder": (
            [
                "replay",
                "serve",
                "--port",
                "0",
                "--fault-log",
                str(files.root / "no" / "such" / "dir" / "f.jsonl"),
            ],
            ("--fault-log",),
        ),
        "demo output dir is a file": (["demo", "--output-dir", str(files.text)], ("is a file",)),
        "crawl unknown source": (["crawl", "taobao"], ("taobao",)),
        "crawl impossible date": (["crawl", "ccgp", "--from", "2025-13-01"], ("--from",)),
        "crawl reversed window": (
            ["crawl", "ccgp", "--from", "2025-09-30", "--until", "2025-09-01"],
            ("--from",),
        ),
        "crawl sample 0": (["crawl", "ccgp", "--sample", "0"], ("--sample",)),
        "crawl no-polite without replay": (["crawl", "ccgp", "--no-polite"], ("--no-polite",)),
        "train corpus missing": (["train", "--corpus", str(files.root / "none")], ("train.jsonl",)),
        "train corpus is a file": (["train", "--corpus", str(files.text)], ("--corpus",)),
        "evaluate folds 1": (["evaluate", "--folds", "1"], ("--folds",)),
        "evaluate corpus missing": (["evaluate", "--corpus", str(files.root / "none")], ("train.jsonl",)),
        "classify missing file": (["classify", str(files.root / "none.jsonl")], ("none.jsonl",)),
        "review missing month": (["review"], ("--month",)),
        "review bad month": (["review", "--month", "2025-13"], ("--month", "2025-13")),
        "review xlsx to stdout": (["review", "--month", "2025-09", "--format", "xlsx"], ("--output",)),
        "correct unknown project": (["correct", "nope", "--in-scope", "no", "--note", "x"], ("nope",)),
        "correct invalid label": (["correct", "nope", "--type", "gpu", "--note", "x"], ("gpu",)),
        "correct missing file": (["correct", "--from", str(files.root / "none.csv")], ("none.csv",)),
        "corrections unknown id": (["corrections", "--undo", "9"], ("correction id 9",)),
        "corrections export kind": (["corrections", "--export", str(files.root / "x.txt")], ("x.txt",)),
    }


def _empty(files: Files) -> Path:
    path = files.root / "empty.html"
    path.write_bytes(b"")
    return path


def _toml(files: Files, text: str) -> Path:
    path = files.root / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _corrupt_corpus(files: Files, notices: bytes) -> Path:
    """A corpus folder whose notices file is damaged (the truth files are the bundled ones)."""
    from replay.store import CORPUS_DIR

    folder = files.root / f"corpus-{len(notices)}"
    shutil.copytree(CORPUS_DIR / "truth", folder / "truth", dirs_exist_ok=True)
    (folder / "notices.jsonl.gz").write_bytes(notices)
    return folder


CASE_NAMES = [
    "unknown command",
    "db without subcommand argument",
    "--db without value",
    "parse nothing",
    "parse missing file",
    "parse directory",
    "parse png",
    "parse empty file",
    "parse bad source",
    "report missing month",
    "report bad format",
    "report xlsx to stdout",
    "report output is a directory",
    "report output under a file",
    "process batch 0",
    "process batch text",
    "status unknown option",
    "schedule missing config",
    "schedule config is a directory",
    "schedule config is text",
    "schedule config is png",
    "schedule config unknown key",
    "replay port too big",
    "replay port negative",
    "replay bad faults",
    "replay fault rate",
    "replay missing corpus",
    "replay corrupt corpus",
    "replay corpus of garbage lines",
    "replay fault log in a missing folder",
    "demo output dir is a file",
    "crawl unknown source",
    "crawl impossible date",
    "crawl reversed window",
    "crawl sample 0",
    "crawl no-polite without replay",
    "train corpus missing",
    "train corpus is a file",
    "evaluate folds 1",
    "evaluate corpus missing",
    "classify missing file",
    "review missing month",
    "review bad month",
    "review xlsx to stdout",
    "correct unknown project",
    "correct invalid label",
    "correct missing file",
    "corrections unknown id",
    "corrections export kind",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_arguments_and_files_are_one_line(files: Files, name: str) -> None:
    args, fragments = _cases(files)[name]
    assert_one_line_error(invoke(args), *fragments)


def test_the_case_list_covers_every_command(files: Files) -> None:
    """A new command must get its bad-input cases here: every registered command appears."""
    covered = {_cases(files)[name][0][0] for name in CASE_NAMES} | {c[0] for c in DB_COMMANDS}
    assert set(main.commands) <= covered, sorted(set(main.commands) - covered)


def test_classify_names_a_directory_as_a_directory(files: Files) -> None:
    assert_one_line_error(invoke(["classify", str(files.empty_dir)]), "directory")


# --- unreadable files: a real permission denial --------------------------------------------------------

NOBODY = 65534
_AS_NOBODY = """
import os, sys
# Everything the commands import is loaded while still root (the interpreter lives under /root,
# which `nobody` cannot enter); then the process gives up root for good.
import tenders.cli, storage.db, storage.models, crawler.parse, tenders.jobs.config, tenders.jobs.scheduler
import tenders.jobs.tasks, tenders.health, click, sqlalchemy, sqlmodel, alembic.command, tomllib, email.parser
os.setgroups([])
os.setgid({uid})
os.setuid({uid})
sys.argv = ["tenders", *sys.argv[1:]]
tenders.cli.main()
"""


def run_as_nobody(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0:
        # Not root: chmod 000 already blocks reads, run the command as we are.
        return subprocess.run(
            [sys.executable, "-m", "tenders", *args], capture_output=True, text=True, cwd=cwd, timeout=120
        )
    return subprocess.run(
        [sys.executable, "-c", _AS_NOBODY.format(uid=NOBODY), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def locked() -> Iterator[Path]:
    """A folder `nobody` can enter holding files nobody may read (mode 000). Made under /tmp, not in
    pytest's tmp_path, whose parent folders are closed to other users (mode 700). SQLite only: the
    permissions of database files are the subject."""
    top = Path(tempfile.mkdtemp(prefix="tenders-locked-"))
    folder = top / "locked"
    folder.mkdir()
    top.chmod(0o755)
    folder.chmod(0o755)
    from storage.db import make_engine

    make_engine(f"sqlite:///{folder / 'real.db'}").dispose()
    (folder / "page.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (folder / "config.toml").write_text("sources = ['ccgp']\n", encoding="utf-8")
    closed = top / "closed"  # a folder nobody may enter, holding a database
    closed.mkdir()
    make_engine(f"sqlite:///{closed / 'inside.db'}").dispose()
    for path in folder.iterdir():
        path.chmod(0o000)
    closed.chmod(0o000)
    yield folder
    closed.chmod(0o755)
    shutil.rmtree(top)


def _assert_process_one_line(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    where = f"exit={proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    assert proc.returncode != 0, where
    assert "Traceback" not in proc.stderr, where
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    assert len(errors) == 1, where
    assert all(line in errors or line.startswith(ALLOWED_USAGE_LINES) for line in lines), where
    for fragment in fragments:
        assert fragment in errors[0], where


def test_an_unreadable_database_file(locked: Path) -> None:
    proc = run_as_nobody(["--db", f"sqlite:///{locked / 'real.db'}", "db", "info"], locked.parent)
    _assert_process_one_line(proc, "real.db", "Permission denied")


def test_a_database_in_a_folder_that_cannot_be_entered(locked: Path) -> None:
    inside = locked.parent / "closed" / "inside.db"
    proc = run_as_nobody(["--db", f"sqlite:///{inside}", "status"], locked.parent)
    _assert_process_one_line(proc, "inside.db", "Permission denied")


def test_an_unreadable_page(locked: Path) -> None:
    proc = run_as_nobody(["parse", str(locked / "page.html")], locked.parent)
    _assert_process_one_line(proc, "page.html", "not readable")


def test_an_unreadable_config(locked: Path) -> None:
    proc = run_as_nobody(
        [
            "--db",
            f"sqlite:///{locked.parent / 'fresh.db'}",
            "schedule",
            "--list",
            "--config",
            str(locked / "config.toml"),
        ],
        locked.parent,
    )
    _assert_process_one_line(proc, "config.toml", "not readable")


# --- a few through a real process: what a user's terminal shows -----------------------------------------


def tenders_process(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tenders", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **env},
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["report", "--month", "2025-13"], ("2025-13",)),
        (["--db", "sqlite:///{root}/picture.db", "status"], ("not an SQLite database",)),
        (["--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x", "db", "info"], ("Connection refused",)),
        (["--db", "postgresql+psycopg://u:pw@127.0.0.1:x/x", "db", "info"], ("invalid database URL",)),
        (["parse", "{root}/missing.html"], ("missing.html",)),
        (["replay", "serve", "--port", "99999"], ("--port",)),
    ],
    ids=["month", "png database", "server down", "bad port", "missing page", "port range"],
)
def test_real_process_stderr_is_one_line(files: Files, args: list[str], fragments: tuple[str, ...]) -> None:
    argv = [a.format(root=files.root) for a in args]
    proc = tenders_process(
        argv,
        files.root,
        {
            "TENDERS_DATABASE_URL": f"sqlite:///{files.good_db}",
            "XDG_DATA_HOME": str(files.root / "xdg-data"),
            "XDG_CONFIG_HOME": str(files.root / "xdg-config"),
        },
    )
    where = f"exit={proc.returncode}\nstderr:\n{proc.stderr}"
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, where
    errors = [line for line in proc.stderr.splitlines() if line.lower().startswith("error")]
    assert len(errors) == 1, where
    assert all(fragment in errors[0] for fragment in fragments), where
    others = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and line not in errors and not line.startswith(ALLOWED_USAGE_LINES)
    ]
    assert not others, where


# --- found in files owned elsewhere (reported, expected to fail until fixed there) ----------------------

CRAWL_WINDOW = ["--sample", "1", "--from", "2025-01-01", "--until", "2025-01-02", "--quiet"]


def test_crawl_refuses_a_replay_value_that_is_not_a_url(files: Files) -> None:
    proc = tenders_process(["crawl", "ccgp", "--replay", "notaurl", *CRAWL_WINDOW], files.root, {})
    _assert_process_one_line(proc, "--replay")


def test_a_crawl_that_reaches_nothing_fails(files: Files) -> None:
    proc = tenders_process(["crawl", "ccgp", "--replay", "http://127.0.0.1:1", *CRAWL_WINDOW], files.root, {})
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
