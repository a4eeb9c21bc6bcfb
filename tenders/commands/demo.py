"""`tenders demo`: the whole pipeline offline on the bundled 2025 replay corpus (docs/domain.md §8).

`run_demo` is what the command runs; the end-to-end tests call it too (with a perturbed corpus), so the
demo a user runs and the pipeline the tests check are one code path.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shlex
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from domain.paths import FIXTURES_DIR
from domain.vocabulary import SOURCES
from tenders.commands.process import check_shipped_models
from tenders.textwidth import pad, rpad

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from classifier.predict import Classifier
    from replay.model import Corpus
    from reports.report import Report

# The report's window (docs/domain.md §9) and the crawl's: the crawl starts a month earlier so that an
# award published in late December and copied on another portal in January is dated by its original.
REPORT_SINCE, REPORT_MONTH = "2025-01", "2025-09"
CRAWL_FROM, CRAWL_UNTIL = date(2024, 12, 1), date(2025, 12, 31)
DB_NAME = "tenders-demo.db"
# The crawl's processes (`run_crawl(processes=…)`, crawler.run.source_groups): ccgp, the largest portal, in
# one; the others together in the second, at a lower CPU priority: ccgp's ~70 % of the pages decide when the
# crawl ends, so it keeps a core while the others, the replay site and the loading of the classifier share
# the second (docs/architecture.md).
CRAWL_PROCESSES = 2
# The demo's own work during the crawl (loading and running the classifier) yields to the replay site too:
# its thread's nice value is raised by this much.
CLASSIFY_NICENESS = 5
FORMATS = ("md", "html", "xlsx")


@dataclass(frozen=True)
class DemoRun:
    """What a demo run made: its report, the database it filled and the files it wrote."""

    report: Report
    database_url: str
    written: list[Path]


@click.command(name="demo", short_help="The whole pipeline offline on the bundled 2025 replay.")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tenders-demo"),
    show_default=True,
    help="Where the report (md, html, xlsx) and the demo database go.",
)
@click.option("--quiet", is_flag=True, help="No progress display, only the headline table.")
# The demo had its own --db before it took the global one: say where the option went.
@click.option("--db", hidden=True, expose_value=False, callback=lambda ctx, param, value: _moved_db(value))
@click.pass_context
def command(ctx: click.Context, output_dir: Path, quiet: bool) -> None:
    """Run the whole pipeline offline: start the local replay of the portals, crawl it with the real
    spiders, link notices into projects, classify them with the shipped models, and write the
    Jan–Sep 2025 report (markdown, HTML and Excel) into the output dir; then print the headline
    figures beside the corpus's ground truth, and the commands that open the demo's database.

    The database is a fresh SQLite file tenders-demo.db in the output dir, replaced on each run,
    unless `tenders --db URL demo` names one. TENDERS_DATABASE_URL is not used here: the demo fills
    its database with the replay's notices, and never does so to a database by accident.

    \b
    Examples:
      tenders demo --output-dir ./tenders-demo
      tenders --db postgresql+psycopg://postgres@127.0.0.1/demo demo
    """
    root = ctx.find_root()
    given = root.get_parameter_source("database_url") == ParameterSource.COMMANDLINE
    url = root.params.get("database_url") if given else None
    started = time.monotonic()

    def step(message: str) -> None:
        if not quiet:
            click.echo(f"[{time.monotonic() - started:5.1f}s] {message}", err=True)

    run = run_demo(output_dir, url, progress=not quiet, step=step)
    click.echo(headline_table(run.report, ground_truth()))
    step("done")
    click.echo(explore_commands(run.database_url, output_dir))


def _moved_db(value: str | None) -> None:
    if value is not None:
        raise click.UsageError("--db goes before the command: tenders --db URL demo")


def run_demo(
    output_dir: Path,
    database_url: str | None = None,
    *,
    corpus: Corpus | None = None,
    progress: bool = False,
    step: Callable[[str], None] = lambda message: None,
) -> DemoRun:
    """Serve the replay corpus (the bundled one unless `corpus` is given), crawl it with every spider,
    link and classify, and write the report into `output_dir`. Without `database_url` the database is
    a fresh SQLite file in `output_dir`. A failure is a one-line click error naming what failed."""
    # lazy: start-up time (Scrapy, scikit-learn, SQLAlchemy load in seconds; `tenders --help` need not).
    # Only what starting the crawl needs is imported here; the rest loads while it runs (_load_the_rest).
    from crawler.run import CrawlError, run_crawl
    from replay import ReplaySite
    from replay.process import ReplayChild, ReplayStartError
    from storage.db import DatabaseError, make_engine

    check_shipped_models()  # before anything starts, not after the crawl (the models load during it)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot create --output-dir {output_dir}: {exc.strerror or exc}") from exc
    if database_url is None:
        db_file = (output_dir / DB_NAME).resolve()
        for leftover in (db_file, db_file.with_name(DB_NAME + "-wal"), db_file.with_name(DB_NAME + "-shm")):
            leftover.unlink(missing_ok=True)
        database_url = f"sqlite:///{db_file}"
    try:
        engine = make_engine(database_url)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    step("starting the replay site" + (" (bundled 2025 corpus)" if corpus is None else ""))
    try:
        # The bundled corpus is served by a child process and the crawl runs in another, so that the site,
        # the crawl and the loading of the classifier use both cores (docs/architecture.md, "The demo's
        # processes"); a corpus given in memory (tests) is served from a thread of this process.
        with ReplaySite(corpus=corpus) if corpus is not None else ReplayChild() as site:
            step(f"crawling {', '.join(SOURCES)} at {site.base_url}, {CRAWL_FROM} … {CRAWL_UNTIL}")
            # Two crawl processes, one per group of sources (docs/architecture.md, "The demo's processes"):
            # one Scrapy process is bound to one core, and ccgp alone is about 70 % of the pages.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-crawl") as pool:
                crawl = pool.submit(
                    run_crawl,
                    list(SOURCES),
                    database_url=database_url,
                    from_date=CRAWL_FROM,
                    until_date=CRAWL_UNTIL,
                    replay_url=site.base_url,
                    polite=False,
                    progress=progress,
                    processes=CRAWL_PROCESSES,
                )
                # Meanwhile, in a thread of lower priority (the thread above only waits on the crawl processes):
                # load the classifier, then classify what the crawl has stored so far.
                classifier = _in_own_thread(_classify_while_crawling, engine, [crawl])
                runs = crawl.result()
    except (CrawlError, ReplayStartError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    for run in runs:
        step(
            f"  {run['source']}: {run.get('status')}, {run.get('fetched_count', 0)}/{run.get('expected_count', '?')} "
            f"notices, {run.get('parse_errors', 0)} parse errors"
        )
    failed = [r["source"] for r in runs if r.get("status") == "failed"]
    if failed:
        raise click.ClickException(f"the crawl of {', '.join(failed)} failed; see the log above")

    # Loaded by _load_the_rest while the crawl ran.
    from sqlmodel import Session

    from linking.process import process
    from reports.aggregates import Period
    from reports.render import render
    from reports.report import build_report

    # What the demo holds now (the classifier, its vocabulary, every module) lives until it exits: out of the
    # garbage collector's passes, linking and the report take ~15 % less CPU (bench/RESULTS.md, the demo).
    gc.freeze()
    try:
        step(f"linking and classifying with {classifier.model_version}")
        summary = process(engine, classifier)
        step(
            f"  {summary.link.notices} notices → {summary.link.projects} projects "
            f"({summary.link.awarded} awarded); {summary.classify.in_scope_projects} in scope"
        )
        with Session(engine) as session:
            report = build_report(Period(REPORT_SINCE, REPORT_MONTH), session=session)
        engine.dispose()
        written = []
        for fmt in FORMATS:
            path = output_dir / f"report-{REPORT_SINCE}-{REPORT_MONTH}.{fmt}"
            path.write_bytes(render(report, fmt))
            written.append(path)
    finally:
        gc.unfreeze()  # a caller that goes on (the tests run several demos) collects as before
    step(f"wrote {', '.join(map(str, written))}")
    return DemoRun(report, database_url, written)


def _in_own_thread(work: Callable[..., Any], *args: Any) -> Any:
    """`work(*args)` in a thread of its own, its result (or its exception) here."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-classify") as pool:
        return pool.submit(work, *args).result()


def _classify_while_crawling(engine: Engine, crawls: list[Future[Any]]) -> Classifier:
    """Load the classifier, then classify the notices the crawl has stored, a batch per transaction, until
    the crawl ends; returns the classifier. `process` then classifies only the rest.

    The crawl of ccgp keeps one core busy to its end; this work (~1.7 s to load, ~1.7 s to classify the
    demo's notices) fits on the other, beside the replay site, rather than after the crawl. It runs at a lower
    priority than the site, whose answers the crawl waits for (docs/architecture.md, "The demo's processes").
    Classifying early changes no result: each notice is classified alone, and a notice whose wording changes
    later in the crawl loses its result (storage/repo.py) and is classified again by `process`.
    """
    from linking.classify_stored import BATCH_SIZE, classify_new  # lazy: loaded during the crawl
    from storage.db import session_scope  # lazy: start-up time

    _lower_this_threads_priority(CLASSIFY_NICENESS)
    classifier = _load_the_rest()
    while not all(crawl.done() for crawl in crawls):
        with session_scope(engine) as session:
            classified = classify_new(classifier, session=session, limit=BATCH_SIZE)
        if classified < BATCH_SIZE:
            wait(crawls, timeout=0.5)  # a batch's worth is not stored yet
    return classifier


def _lower_this_threads_priority(by: int) -> None:
    """Lower this thread's CPU priority by `by` (relative: a demo started under `nice` stays below it; only
    lowering needs no privilege). Linux keeps a nice value per thread (setpriority on the thread's id);
    elsewhere the id would name a process, so nothing is changed there. A hint: refused, it is skipped."""
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + by))


def _load_the_rest() -> Classifier:
    """Import the linking, classifying and reporting code and load the shipped classifier: seconds of
    CPU that run_demo spends while the crawl's child process works on the other core."""
    import linking.process  # noqa: F401  # lazy: loaded during the crawl (run_demo)
    import reports.render  # lazy: loaded during the crawl
    import reports.report  # noqa: F401  # lazy: loaded during the crawl
    from tenders.commands.process import load_shipped_classifier  # lazy: loaded during the crawl

    return load_shipped_classifier()


def explore_commands(db_url: str, output_dir: Path) -> str:
    """The exact commands that open the demo's database, printed last so they are what a reader sees."""
    from storage.db import redact_url  # lazy: start-up time (SQLAlchemy)

    shown = redact_url(db_url)
    db = f"--db {shlex.quote(shown)}"
    lines = [
        "",
        f"The demo's reports are in {output_dir}/. Explore its database:",
        f"  tenders {db} report --month {REPORT_MONTH} --since {REPORT_SINCE}",
        f"  tenders {db} report --month {REPORT_MONTH} --format xlsx -o report.xlsx",
        f"  tenders {db} report --month {REPORT_MONTH} --list --province 广东",
        f"  tenders {db} vendors --unmapped",
    ]
    if shown != db_url:
        lines.append("  (the password in the URL is shown as ***: put yours back)")
    return "\n".join(lines)


def ground_truth() -> dict[str, Any] | None:
    """The corpus's own figures for the report window (fixtures/replay2025/truth/figures.json)."""
    path = FIXTURES_DIR / "replay2025" / "truth" / "figures.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return dict(document["windows"][f"{REPORT_SINCE}..{REPORT_MONTH}"])
    except (OSError, ValueError, KeyError):
        return None


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def headline_table(report: Report, truth: dict[str, Any] | None) -> str:
    """The figures docs/domain.md §9 names, the pipeline's beside the ground truth's, aligned by display
    width (a Chinese character takes two terminal columns)."""
    from reports.labels import Labels  # lazy: start-up time

    t = Labels("zh")

    def truth_of(*keys: str) -> str:
        value: Any = truth
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return "–"
            value = value[key]
        return "–" if value is None else str(value)

    lines = [
        f"Medical large-model awards, {report.period.since} … {report.period.month}",
        f"{pad('', 44)}{rpad('pipeline', 12)}{rpad('truth', 12)}",
        f"{pad('awarded in-scope projects', 44)}{rpad(str(report.in_scope_total), 12)}"
        f"{rpad(truth_of('in_scope_awarded_projects'), 12)}",
        f"{pad('awarded llm projects, all industries', 44)}{rpad(str(report.llm_total), 12)}"
        f"{rpad(truth_of('llm_awarded_projects_all_industries'), 12)}",
        "",
        "in-scope projects per month by type (compute / model / integrated, share of the month)",
    ]
    cells = {(r.month, r.type): r for r in report.types_by_month}
    for m in report.monthly:
        parts = []
        for key in ("compute", "model", "integrated"):
            row = cells.get((m.month, key))
            parts.append(f"{row.projects if row else 0:>3} {_pct(row.share if row else None):>6}")
        expected = truth_of("in_scope_by_month", m.month, "total")
        lines.append(f"  {m.month}  {m.projects:>4} (truth {expected:>3})   " + "  ".join(parts))
    lines += ["", "渗透率 = medical penetration per type (in scope ÷ llm of that type, all industries)"]
    for p in report.penetration:
        label = pad(f"{t.type(p.type)} ({p.type})", 26)
        lines.append(
            f"  {label}{rpad(_pct(p.share), 8)}  ({p.in_scope}/{p.llm})"
            f"   truth {truth_of('penetration_by_type', p.type, 'pct')}%"
        )
    lines += ["", "scenario shares (of awarded in-scope projects)"]
    for s in report.scenarios:
        label = pad(f"{t.scenario(s.key)} ({s.key})", 30)
        lines.append(
            f"  {label}{rpad(_pct(s.share), 8)}  ({s.projects})   truth {truth_of('scenario_share_pct', s.key)}%"
        )
    return "\n".join(lines)
