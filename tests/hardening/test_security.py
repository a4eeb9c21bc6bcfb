"""Security checks of issue 7 that need no browser: where the replay site listens, that credentials
stay out of output, logs and stored rows, that no SQL is built by string formatting, and that model
files load only through skops with a trusted list.

The report-side checks (hostile notice text in html/md/csv/xlsx) are in test_hostile_reports.py.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from domain.paths import REPO_ROOT
from tenders.cli import main

SECRET = "s3cret-Pa55"
PACKAGES = ("storage", "reports", "tenders", "crawler", "classifier")


# --- (b) the replay site listens on loopback only ------------------------------------------------------


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on the port, from the kernel's own table (/proc/net)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    words = [bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, 32, 8)]
                    found.add(socket.inet_ntop(socket.AF_INET6, b"".join(words)))
    return found


def _other_local_addresses() -> list[str]:
    """This host's non-loopback IPv4 addresses (none on an isolated runner)."""
    addresses = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            addresses.add(str(info[4][0]))
    except OSError:
        pass
    return sorted(a for a in addresses if not a.startswith("127."))


def test_the_replay_site_binds_to_loopback_only() -> None:
    from replay import ReplaySite, load_corpus

    with ReplaySite(load_corpus()) as site:
        server = site._server
        assert server is not None
        assert server.socket.getsockname()[0] == "127.0.0.1"
        assert _listening_addresses(site.port) == {"127.0.0.1"}
        for address in _other_local_addresses():
            with pytest.raises(OSError), socket.create_connection((address, site.port), timeout=2):
                pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`tenders replay serve --port 0` in its own process (the way a user starts it)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tenders", "replay", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, (
            f"no address announced: {line!r} {proc.stderr.read() if proc.poll() is not None and proc.stderr else ''}"
        )
        yield proc, int(match.group(1))
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_replay_serve_listens_on_loopback_only(served: tuple[subprocess.Popen[str], int]) -> None:
    _proc, port = served
    # The port was announced after listen(); the wait is only a guard in case /proc lags (not a time limit).
    deadline = time.monotonic() + 120
    while not _listening_addresses(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _listening_addresses(port) == {"127.0.0.1"}


# --- (c) credentials never appear -----------------------------------------------------------------------

DOWN = f"postgresql+psycopg://tenders:{SECRET}@127.0.0.1:1/tenders"
BAD_PORT = f"postgresql+psycopg://tenders:{SECRET}@127.0.0.1:notaport/tenders"
NO_DRIVER = f"postgresql+psycopg2://tenders:{SECRET}@127.0.0.1/tenders"
NOT_SUPPORTED = f"mysql://tenders:{SECRET}@127.0.0.1/tenders"
MALFORMED = f"postgresql+psycopg//tenders:{SECRET}@127.0.0.1/tenders"  # "://" mistyped: does not parse
AT_IN_PASSWORD = f"postgresql+psycopg://tenders:{SECRET}@x@127.0.0.1:1/tenders"
COMMANDS = [
    ["db", "info"],
    ["db", "upgrade"],
    ["status"],
    ["report", "--month", "2025-09"],
    ["process", "--quiet"],
    ["schedule", "--list"],
    ["crawl", "ccgp", "--replay", "http://127.0.0.1:1", "--sample", "1", "--quiet"],
]


@pytest.mark.parametrize(
    "url",
    [DOWN, BAD_PORT, NO_DRIVER, NOT_SUPPORTED, MALFORMED, AT_IN_PASSWORD],
    ids=["down", "bad port", "no driver", "mysql", "malformed", "@ in password"],
)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_password_never_appears_in_errors(
    url: str, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ways: list[tuple[list[str], dict[str, str]]] = [
        (["--db", url, *command], {}),
        (command, {"TENDERS_DATABASE_URL": url}),
    ]
    for args, env in ways:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        result = CliRunner().invoke(main, args)
        output = result.stdout + result.stderr + (repr(result.exception) if result.exception else "")
        assert result.exit_code != 0, output
        assert SECRET not in output, output
        assert "***" in output or "unsupported" in output, output


def test_a_password_never_appears_in_a_real_process(tmp_path: Path) -> None:
    """What the terminal shows, traceback or not: every command, the password only as ***."""
    for command in COMMANDS[:4]:
        proc = subprocess.run(
            [sys.executable, "-m", "tenders", "--db", DOWN, *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
        assert proc.returncode != 0
        assert SECRET not in proc.stdout + proc.stderr, proc.stderr


@pytest.fixture
def secret_pg_url(postgres_url: str) -> str:
    """The throw-away PostgreSQL schema, reached with a password in the URL (trust auth ignores it)."""
    return postgres_url.replace("postgres@", f"postgres:{SECRET}@", 1)


@pytest.mark.postgres
def test_a_working_database_with_a_password_never_shows_it(secret_pg_url: str, tmp_path: Path) -> None:
    """A real crawl of the replay site, then status, report and db info, against PostgreSQL reached
    with a password: the password is in no output, no log line and no stored row."""

    from replay import ReplaySite, load_corpus

    outputs = []
    env = {**os.environ, "TENDERS_DATABASE_URL": secret_pg_url}
    with ReplaySite(load_corpus()) as site:
        crawl = subprocess.run(
            [
                sys.executable,
                "-m",
                "tenders",
                "crawl",
                "ccgp",
                "--replay",
                site.base_url,
                "--from",
                "2025-03-01",
                "--until",
                "2025-03-10",
                "--sample",
                "3",
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
    outputs.append(crawl.stdout + crawl.stderr)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    for command in (
        ["db", "info"],
        ["status", "--format", "json"],
        ["report", "--month", "2025-03"],
        ["schedule", "--list"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "tenders", *command],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
        )
        # The sample is not processed, so `report` answers that the period has no awarded project
        # (exit 1, naming the data's dates): still an output that must not show the password.
        empty_period = command[0] == "report" and "no awarded large-model project" in result.stderr
        assert result.returncode == 0 or empty_period, result.stderr
        outputs.append(result.stdout + result.stderr)
    assert "***" in outputs[1]  # db info shows the URL, masked
    leaks = [out for out in outputs if SECRET in out]
    assert leaks == []
    columns, stored = stored_secrets(secret_pg_url)
    assert columns > 10
    # The scheduler's job store is reported separately (test_the_job_store_keeps_no_password).
    assert [place for place in stored if not place.startswith("apscheduler_jobs.")] == []


def stored_secrets(url: str) -> tuple[int, list[str]]:
    """(text-like columns searched, columns holding SECRET) in the database's current schema."""
    from sqlalchemy import text

    from storage.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar_one()
        columns = conn.execute(
            text(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = :schema "
                "AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')"
            ),
            {"schema": schema},
        ).all()
        stored = []
        for table, column, kind in columns:
            # Identifiers come from information_schema, quoted; the values are bound parameters.
            # bytea (the scheduler's pickled jobs) is searched as bytes: its text cast is hex.
            test = (
                f"position(convert_to(:secret, 'UTF8') in \"{column}\") > 0"
                if kind == "bytea"
                else f'CAST("{column}" AS text) LIKE :needle'
            )
            query = text(f'SELECT count(*) FROM "{table}" WHERE {test}')
            if conn.execute(query, {"needle": f"%{SECRET}%", "secret": SECRET}).scalar_one():
                stored.append(f"{table}.{column}")
    engine.dispose()
    return len(columns), stored


@pytest.mark.postgres
def test_the_job_store_keeps_no_password(secret_pg_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "TENDERS_DATABASE_URL": secret_pg_url}
    listed = subprocess.run(
        [sys.executable, "-m", "tenders", "schedule", "--list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    assert SECRET not in listed.stdout + listed.stderr
    _columns, stored = stored_secrets(secret_pg_url)
    assert stored == []


def test_scheduled_subprocesses_do_not_carry_the_password_on_their_command_line() -> None:
    from tenders.jobs import tasks

    done = tasks._tenders("--version", database_url=DOWN, timeout=60)
    assert SECRET not in " ".join(map(str, done.args))


# --- (d) no SQL built by string formatting --------------------------------------------------------------

_SQL = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|TRUNCATE|GRANT|VACUUM)\b", re.I
)
_SQL_CALLS = {"execute", "exec_driver_sql", "executescript", "executemany", "text"}

# Each exception: file, the line's code, and why it is safe. Keep this list short and justified.
ALLOWED: dict[tuple[str, str], str] = {}


def _is_sql_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_SQL.match(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_sql_text(part) for part in node.values[:1])
    return False


def _findings(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.JoinedStr)
            and _is_sql_text(node)
            and any(isinstance(v, ast.FormattedValue) for v in node.values)
        ):
            yield node.lineno, "f-string SQL"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_sql_text(node.left):
            yield node.lineno, "%-formatted SQL"
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add)
            and (_is_sql_text(node.left) or _is_sql_text(node.right))
        ):
            yield node.lineno, "SQL built by +"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _is_sql_text(node.func.value)
        ):
            yield node.lineno, ".format() on SQL"
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in _SQL_CALLS and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr | ast.BinOp) or (
                    isinstance(first, ast.Call) and getattr(first.func, "attr", None) == "format"
                ):
                    yield node.lineno, f"{name}() of a built string"


def sources() -> list[Path]:
    files = [p for package in PACKAGES for p in sorted((REPO_ROOT / package).rglob("*.py"))]
    assert len(files) > 50
    return files


def test_no_sql_is_built_by_string_formatting() -> None:
    found = []
    for path in sources():
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, kind in _findings(path):
            rel = str(path.relative_to(REPO_ROOT))
            code = lines[lineno - 1].strip()
            if (rel, code) not in ALLOWED:
                found.append(f"{rel}:{lineno}: {kind}: {code}")
    assert found == [], "\n".join(found)


def test_the_scanner_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan above can fail: each forbidden pattern in a sample file is reported."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(conn, name, text):\n"
        "    conn.execute(f\"SELECT * FROM notice WHERE title = '{name}'\")\n"
        '    conn.execute("DELETE FROM notice WHERE id = %s" % name)\n'
        "    conn.execute(\"UPDATE notice SET title = '{}'\".format(name))\n"
        '    conn.execute(text("SELECT 1 FROM x WHERE a = " + name))\n'
        "    conn.execute(text(\"SELECT 1 FROM x WHERE a = :a\"), {'a': name})\n",
        encoding="utf-8",
    )
    kinds = [kind for _, kind in _findings(sample)]
    assert "f-string SQL" in kinds and "%-formatted SQL" in kinds
    assert ".format() on SQL" in kinds and "SQL built by +" in kinds
    assert all(line != 6 for line, _ in _findings(sample))


def test_nothing_is_unpickled() -> None:
    """Model files and data load through skops (trusted types) or JSON; no pickle, joblib or torch.load."""
    forbidden = re.compile(
        r"\b(pickle|cPickle|dill|joblib|cloudpickle)\b|torch\.load|numpy\.load\(.*allow_pickle=True"
    )
    hits = [
        f"{p.relative_to(REPO_ROOT)}:{n}: {line.strip()}"
        for p in sources()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if forbidden.search(line) and not line.lstrip().startswith("#") and "never pickle" not in line
    ]
    assert hits == []


# --- (e) model files: the classifier's own tests cover loading; here, the CLI surfaces a refusal -------


def _tampered_models(tmp_path: Path) -> Path:
    from classifier.persist import MODEL_DIR

    models = tmp_path / "models"
    shutil.copytree(MODEL_DIR, models)
    target = models / "type.skops"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return models


def _tenders_with_models(models: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`tenders ARGS` in a fresh process whose shipped model folder is MODELS."""
    script = (
        "import sys, classifier.model_files as model_files\n"
        "from pathlib import Path\n"
        f"model_files.MODEL_DIR = Path({str(models)!r})\n"
        "from tenders.cli import main\n"
        "sys.argv = ['tenders', *sys.argv[1:]]\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=cwd, timeout=900
    )


def test_process_refuses_a_tampered_model_with_one_line(tmp_path: Path, database_url: str) -> None:
    """classifier/persist.py refuses an altered file (tests/classifier/test_model.py covers the
    loader); `tenders process` must turn that refusal into one line, not a traceback."""
    proc = _tenders_with_models(
        _tampered_models(tmp_path), "--db", database_url, "process", "--quiet", cwd=tmp_path
    )
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1 and "type.skops" in lines[0] and "sha256" in lines[0], proc.stderr


def test_the_demo_refuses_a_tampered_model_before_it_crawls(tmp_path: Path) -> None:
    """The models load while the demo crawls; their files are checked before it starts, so an altered
    file fails the demo at once, in one line, with no replay site started and nothing crawled."""
    out = tmp_path / "demo-out"
    proc = _tenders_with_models(_tampered_models(tmp_path), "demo", "--output-dir", str(out), cwd=tmp_path)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1 and "type.skops" in lines[0] and "sha256" in lines[0], proc.stderr
    assert not (out / "tenders-demo.db").exists()
