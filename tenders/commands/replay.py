"""`tenders replay` — the offline replay of the portals (serve the 2025 corpus).

The corpus files are written by the generator in a checkout: `python -m authoring.replay_corpus generate`."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click


@click.group(name="replay", short_help="Serve the bundled 2025 replay of the portals.")
def command() -> None:
    """Serve the bundled 2025 replay corpus (the local site the demo crawls).

    \b
    Examples:
      tenders replay serve --port 8765
      tenders replay serve --port 8765 --faults error=0.1,throttle=0.05,seed=3
      tenders replay serve --corpus /tmp/replay-x3
    \b
    A corpus is (re)generated from a checkout, not by the installed tool:
      python -m authoring.replay_corpus generate --scale 3 --out /tmp/replay-x3
    """


@command.command(name="serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0 = any free port).",
)
@click.option(
    "--faults",
    "faults_spec",
    default="",
    metavar="SPEC",
    help="Faults, e.g. error=0.1,throttle=0.05,hang=0.01,hang_seconds=5,seed=3.",
)
@click.option(
    "--fault-log",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Append injected faults to this JSON-lines file.",
)
@click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Corpus directory (default: the bundled fixtures/replay2025).",
)
@click.option("--verbose", is_flag=True, help="Log every request to stderr.")
def serve(
    port: int, faults_spec: str, fault_log: Path | None, corpus_dir: Path | None, verbose: bool
) -> None:
    """Serve the corpus under the portals' real paths on 127.0.0.1 until interrupted.

    Requests are routed on the first path segment, the real host name:
    http://127.0.0.1:PORT/search.ccgp.gov.cn/bxsearch?... (see replay/server.py).
    """
    # Imported here, not at the top: only for CLI start-up time (`tenders --help` loads every command).
    from replay.faults import FaultConfig
    from replay.server import ReplaySite
    from replay.store import CORPUS_DIR, load_corpus

    try:
        faults = FaultConfig.parse(faults_spec)
    except ValueError as exc:
        raise click.ClickException(f"--faults: {exc}") from exc
    try:
        corpus = load_corpus(corpus_dir or CORPUS_DIR)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        # A damaged corpus (bad gzip, truncated file, a line that is not a notice record).
        raise click.ClickException(
            f"cannot read the replay corpus in {corpus_dir or CORPUS_DIR}: {type(exc).__name__}: {exc}"
        ) from exc
    if fault_log is not None:
        # Checked now: the first injected fault would otherwise crash a request handler mid-crawl.
        try:
            with fault_log.open("a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise click.ClickException(f"--fault-log {fault_log}: {exc.strerror or exc}") from exc
    try:
        site = ReplaySite(corpus, faults, port, fault_log=fault_log, verbose=verbose).bind()
    except OSError as exc:
        raise click.ClickException(f"--port {port}: {exc.strerror or exc}") from exc
    click.echo(f"replay site on {site.base_url} (faults: {faults_spec or 'none'})")
    with contextlib.suppress(KeyboardInterrupt):
        site.serve_forever()
