"""`tenders demo`: the whole pipeline offline on the bundled 2025 replay corpus (SPEC §8)."""

from __future__ import annotations

import json
import shlex
import time
from datetime import date
from pathlib import Path
from typing import Any

import click

# The report's window (SPEC §9) and the crawl's: the crawl starts a month earlier so that an award
# published in late December and copied on another portal in January is dated by its original.
REPORT_SINCE, REPORT_MONTH = "2025-01", "2025-09"
CRAWL_FROM, CRAWL_UNTIL = date(2024, 12, 1), date(2025, 12, 31)
DB_NAME = "tenders-demo.db"


@click.command(name="demo")
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tenders-demo"),
    show_default=True,
    help="Where the report (md, html) and the demo database go.",
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    default=None,
    help=f"Database URL. Default: a fresh SQLite file {DB_NAME} in the output dir (replaced on each run).",
)
@click.option("--quiet", is_flag=True, help="No progress display, only the headline table.")
def command(output_dir: Path, db_url: str | None, quiet: bool) -> None:
    """Run the whole pipeline offline: start the local replay of the portals, crawl it with the real
    spiders, link notices into projects, classify them with the shipped models, and write the
    Jan–Sep 2025 report (markdown and HTML) into the output dir; then print the headline figures
    beside the corpus's ground truth.

    \b
    Example:
      tenders demo --output-dir ./tenders-demo
    """
    from crawler.replay import ReplaySite
    from crawler.run import CrawlError, run_crawl
    from domain.vocabulary import SOURCES
    from linking.process import process
    from reports.aggregates import Period
    from reports.render import render
    from reports.report import build_report
    from storage.db import DatabaseError, make_engine
    from tenders.commands.process import load_shipped_classifier

    started = time.monotonic()

    def step(message: str) -> None:
        if not quiet:
            click.echo(f"[{time.monotonic() - started:5.1f}s] {message}", err=True)

    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise click.ClickException(f"cannot create --output-dir {output_dir}: {exc.strerror or exc}") from exc
    if db_url is None:
        db_file = (output_dir / DB_NAME).resolve()
        for leftover in (db_file, db_file.with_name(DB_NAME + "-wal"), db_file.with_name(DB_NAME + "-shm")):
            leftover.unlink(missing_ok=True)
        db_url = f"sqlite:///{db_file}"
    try:
        engine = make_engine(db_url)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc
    classifier = load_shipped_classifier()

    step("starting the replay site (bundled 2025 corpus)")
    try:
        with ReplaySite() as site:
            step(f"crawling {', '.join(SOURCES)} at {site.base_url}, {CRAWL_FROM} … {CRAWL_UNTIL}")
            runs = run_crawl(
                list(SOURCES),
                database_url=db_url,
                from_date=CRAWL_FROM,
                until_date=CRAWL_UNTIL,
                replay_url=site.base_url,
                polite=False,
                progress=not quiet,
            )
    except (CrawlError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    for run in runs:
        step(
            f"  {run['source']}: {run.get('status')}, {run.get('fetched_count', 0)}/{run.get('expected_count', '?')} "
            f"notices, {run.get('parse_errors', 0)} parse errors"
        )
    failed = [r["source"] for r in runs if r.get("status") == "failed"]
    if failed:
        raise click.ClickException(f"the crawl of {', '.join(failed)} failed; see the log above")

    step(f"linking and classifying with {classifier.model_version}")
    summary = process(engine, classifier)
    step(
        f"  {summary.link.notices} notices → {summary.link.projects} projects "
        f"({summary.link.awarded} awarded); {summary.classify.in_scope_projects} in scope"
    )

    period = Period(REPORT_SINCE, REPORT_MONTH)
    from sqlmodel import Session

    with Session(engine) as session:
        report = build_report(period, session=session)
    written = []
    for fmt in ("md", "html", "xlsx"):
        path = output_dir / f"report-{REPORT_SINCE}-{REPORT_MONTH}.{fmt}"
        path.write_bytes(render(report, fmt))
        written.append(str(path))
    step(f"wrote {', '.join(written)}")
    click.echo(headline_table(report, ground_truth()))
    step("done")
    click.echo(explore_commands(db_url, output_dir))


def explore_commands(db_url: str, output_dir: Path) -> str:
    """The exact commands that open the demo's database, printed last so they are what a reader sees."""
    from storage.db import redact_url

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
    from domain.paths import FIXTURES_DIR

    path = FIXTURES_DIR / "replay2025" / "truth" / "figures.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return dict(document["windows"][f"{REPORT_SINCE}..{REPORT_MONTH}"])
    except (OSError, ValueError, KeyError):
        return None


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def headline_table(report: Any, truth: dict[str, Any] | None) -> str:
    """The figures docs/domain.md §9 names, the pipeline's beside the ground truth's, aligned by display
    width (a Chinese character takes two terminal columns)."""
    from reports.labels import Labels
    from tenders.textwidth import pad, rpad

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
