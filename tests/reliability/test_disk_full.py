"""Issue 7, disk full and read-only database file: an SQLite database on a tiny tmpfs fills up mid-crawl,
then the filesystem turns read-only. Nothing corrupts the file (`PRAGMA integrity_check` is ok), no
committed notice changes, no command claims success on a read-only file, and once there is room again
the next crawl completes. Needs root to mount the tmpfs (root ignores chmod 444, so a mount is the only
honest read-only file); skipped otherwise, with the reason."""

from __future__ import annotations

import gzip
import os
import re
from datetime import date
from pathlib import Path

import pytest
from rig import (
    ReplayProcess,
    TinyFilesystem,
    content_by_url,
    crawl_command,
    run_child,
    snapshot_corpus,
    sql,
    sqlite_integrity,
    tenders_command,
    trial_env,
)
from trials import disk_trial

pytestmark = pytest.mark.slow

FIRST = (date(2025, 6, 2), date(2025, 6, 4))
MORE = (date(2025, 5, 26), date(2025, 6, 30))
WEEK = (date(2025, 6, 2), date(2025, 6, 8))


@pytest.fixture
def tiny_filesystem(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        with TinyFilesystem("1m", tmp_path):
            pass
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    return tmp_path


# SQLite only: the database file's own disk filling up (PostgreSQL's disk is the server's).
def test_a_full_then_read_only_disk_corrupts_nothing(tiny_filesystem: Path) -> None:
    # 2 MB: the first window fits, the longer one does not (batched commits keep the file and its WAL
    # small, so the 6 MB used before they existed held the whole longer crawl).
    result = disk_trial(FIRST, MORE, tiny_filesystem, size="2m")
    assert result["problems"] == [], result
    full = result["disk_full"]
    assert full["integrity"] == "ok"
    # The run that hit the full disk does not pass for a complete one.
    assert full["exit"] != 0 or any(status != "finished" for _, status, _ in full["runs"]), full
    assert result["recovered_runs"] == [("ccgp", "finished"), ("ggzy", "finished"), ("zcy", "finished")]


# SQLite only: the database file's own disk filling up (PostgreSQL's disk is the server's).
def test_process_on_a_full_disk_is_one_clear_line(tiny_filesystem: Path) -> None:
    """A database that fails at run time is one line naming it (tenders/cli.py), not a traceback."""
    with (
        ReplayProcess(folder=tiny_filesystem, corpus=snapshot_corpus(tiny_filesystem)) as site,
        TinyFilesystem("16m", tiny_filesystem) as fs,
    ):
        url = f"sqlite:///{fs.path}/tenders.db"
        assert run_child(crawl_command(url, site.base_url, FIRST), env=trial_env()).returncode == 0
        # 128 KB left: the database opens, then fills up while linking writes its projects.
        fill(fs.path / "ballast", leave=128 * 1024)
        processed = run_child(tenders_command(url, "process"), env=trial_env())
        (fs.path / "ballast").unlink()
        integrity = sqlite_integrity(fs.path / "tenders.db")
    assert integrity == "ok" and processed.returncode != 0
    lines = processed.stderr.strip().splitlines()
    assert "Traceback" not in processed.stderr, processed.stderr[-1500:]
    assert len(lines) == 1 and "full" in lines[0] and "tenders.db" in lines[0], lines


def fill(path: Path, *, leave: int) -> None:
    """Write zeros until the filesystem refuses, then give back `leave` bytes."""
    chunk = bytes(64 * 1024)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(descriptor, chunk):
            pass
    except OSError:  # ENOSPC: full
        os.ftruncate(descriptor, max(0, os.fstat(descriptor).st_size - leave))
    finally:
        os.close(descriptor)


# SQLite only: the database file's own disk filling up (PostgreSQL's disk is the server's).
def test_a_crawl_that_fills_the_disk_says_so_in_one_line_and_fails(tiny_filesystem: Path) -> None:
    """Which spiders meet the full disk, and when, depends on scheduling; what must hold does not: the
    crawl fails, each failed run says so in exactly one log line naming the full disk (crawler/pipelines.py
    and crawler/recorder.py keep it to one, whichever of them meets the disk first), no traceback, no raw
    page, and what was stored before the disk filled is sound and reads as a crawl with room does."""
    with (
        ReplayProcess(folder=tiny_filesystem, corpus=snapshot_corpus(tiny_filesystem)) as site,
        TinyFilesystem("640k", tiny_filesystem) as fs,  # full part-way (the week stores ~1.2 MB: file + WAL;
        # the schema alone, migrated, is ~0.5 MB of file and WAL since 0007)
    ):
        url = f"sqlite:///{fs.path}/tenders.db"
        full = run_child(crawl_command(url, site.base_url, WEEK), env=trial_env())
        integrity = sqlite_integrity(fs.path / "tenders.db")
        on_full_disk = content_by_url(url)
        raw_pages_readable = all(gzip.decompress(raw) for (raw,) in sql(url, "SELECT raw_gz FROM notice"))
        reference_url = f"sqlite:///{tiny_filesystem}/reference.db"  # the same week with room to spare
        assert run_child(crawl_command(reference_url, site.base_url, WEEK), env=trial_env()).returncode == 0
        reference = content_by_url(reference_url)

    assert full.returncode != 0, full.describe()
    assert "Traceback" not in full.stderr and "raw=b'" not in full.stderr, full.stderr[-1500:]
    statuses = dict(re.findall(r"│ (ccgp|ggzy|zcy)\s+│[^│]*│ (\w+)\s+│", full.stdout))
    failed = sorted(source for source, status in statuses.items() if status == "failed")
    assert len(statuses) == 3 and failed, full.describe()
    lines = full.stderr.strip().splitlines()
    assert all("ERROR: " in line and "disk is full" in line and len(line) < 600 for line in lines), lines
    # One line per failed run: the line names its source.
    assert sorted(re.findall(r"\] ERROR: (ccgp|ggzy|zcy): ", full.stderr)) == failed, lines
    assert integrity == "ok" and raw_pages_readable
    assert on_full_disk and on_full_disk.items() <= reference.items(), set(on_full_disk.items()) - set(
        reference.items()
    )


# SQLite only: the database file's own filesystem turning read-only.
@pytest.mark.parametrize(
    "command", [("process",), ("correct", "P-none", "--in-scope", "no"), ("crawl", "ccgp", "--sample", "1")]
)
def test_a_storing_command_on_a_read_only_file_fails_in_one_line(
    tiny_filesystem: Path, command: tuple[str, ...]
) -> None:
    """Even with nothing new to store, a command that stores results does not exit 0 on a database it
    cannot change (storage/db.py check_writable): the nightly job's failure is how the owner hears of it."""
    with TinyFilesystem("4m", tiny_filesystem) as fs:
        url = f"sqlite:///{fs.path}/tenders.db"
        assert run_child(tenders_command(url, "db", "upgrade"), env=trial_env()).returncode == 0
        fs.read_only()
        refused = run_child(tenders_command(url, *command), env=trial_env())
        fs.read_write()
    assert refused.returncode != 0, refused.describe()
    lines = refused.stderr.strip().splitlines()
    assert "Traceback" not in refused.stderr, refused.stderr[-1500:]
    assert len(lines) == 1 and "read-only" in lines[0] and "tenders.db" in lines[0], lines
