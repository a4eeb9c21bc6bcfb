"""The whole pipeline on the replay corpus: replay site → real spiders → linking → shipped classifier
→ aggregates, checked against the corpus's ground truth (computed by replay.truth from
the notices, never typed in here).

Two layers are checked separately, so a failure says which part is wrong:

* **Counting** (crawl, parse, link, project status and month): the truth's own labels are put on
  the pipeline's projects and the truth's figure function is applied to the pipeline's outcomes.
  The target is the truth *of what was crawled* (`truth_rows` over the crawled notices), so the test
  asks "given its input, did the pipeline count right?"; what the crawl missed is reported apart.
* **Headline figures** (with the shipped classifier's labels) against the full ground truth.

A second run serves a perturbed corpus (a month removed, duplicate republications, awards revoked):
its truth is recomputed from its notices and the pipeline's counts must follow it.

Both runs are the demo's own code: the base run is `tenders demo` itself, the perturbed one the
function it runs (`run_demo`) given the perturbed corpus. The demo runs on both backends
(`tenders --db URL demo`), so every figure is checked on PostgreSQL too. The perturbed run is SQLite
only: it takes the same path with other data, and a second full crawl on PostgreSQL would add a minute
and a half to CI for no other code.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from authoring.replay_corpus.perturb import perturb
from linking.groups import normalise_url
from replay import Corpus
from replay.portals import alternate_urls
from replay.store import load_corpus
from replay.truth import TruthRow, figures, truth_rows
from reports.aggregates import Period
from reports.report import Report, build_report
from storage.db import make_engine
from storage.models import CrawlRun, Notice, Project
from tenders.cli import main
from tenders.commands.demo import DB_NAME, REPORT_MONTH, REPORT_SINCE, ground_truth, run_demo

pytestmark = pytest.mark.slow

# Figures that depend only on counting (labels come from the truth in the counting layer).
COUNT_KEYS = (
    "in_scope_awarded_projects",
    "llm_awarded_projects_all_industries",
    "in_scope_by_month",
    "in_scope_by_type",
    "penetration_by_type",
    "scenario_counts",
    "llm_awarded_by_industry",
)


@dataclass
class Run:
    corpus: Corpus
    url: str
    report: Report
    crawled: dict[str, str | None]  # normalised URL of every stored notice → its project id
    statuses: dict[str, tuple[str, date | None, Any]]  # project id → (status, first award date, amount)


def collect(corpus: Corpus, url: str) -> Run:
    """The demo's outcome, read back from the database it filled."""
    engine = make_engine(url)
    with Session(engine) as session:
        runs = session.exec(select(CrawlRun)).all()
        assert runs and all(r.status == "finished" for r in runs), [(r.source, r.status) for r in runs]
        report = build_report(Period(REPORT_SINCE, REPORT_MONTH), session=session)
        crawled = {normalise_url(n.url): n.project_id for n in session.exec(select(Notice)).all()}
        statuses = {
            p.id: (p.status, p.first_award_date, p.award_amount_yuan)
            for p in session.exec(select(Project)).all()
        }
    engine.dispose()
    return Run(corpus, url, report, crawled, statuses)


def _urls(notice: Any) -> list[str]:
    return [normalise_url(u) for u in (notice.url, *alternate_urls(notice))]


def crawled_truth(run: Run) -> list[TruthRow]:
    """The truth of what was crawled: the truth's rules applied to the crawled notices only."""
    seen = [n for n in run.corpus.notices if any(u in run.crawled for u in _urls(n))]
    return truth_rows(run.corpus.projects, seen)


def pipeline_rows(run: Run, expected: list[TruthRow]) -> tuple[list[TruthRow], list[str]]:
    """Each truth project with the pipeline's outcome (status, first award, amount) in place of the
    truth's, and the counting problems found on the way (a project counted twice, two merged)."""
    problems: list[str] = []
    counted_by: dict[str, str] = {}
    rows = []
    for row in expected:
        pids = {
            run.crawled[u]
            for notice in row.notices
            for u in (normalise_url(notice["url"]), *(normalise_url(a) for a in notice["alt_urls"]))
            if u in run.crawled and run.crawled[u] is not None
        }
        awarded = sorted(p for p in pids if run.statuses[p][0] == "awarded")
        if len(awarded) > 1:
            problems.append(f"{row.key} ({row.name}) is counted in {len(awarded)} projects: {awarded}")
        chosen = awarded[0] if awarded else (sorted(pids)[0] if pids else None)
        status, first_award, amount = run.statuses[chosen] if chosen else ("open", None, None)
        if status == "awarded" and row.in_scope:
            if chosen in counted_by:
                problems.append(f"{row.key} and {counted_by[chosen]} are merged into {chosen}")
            counted_by[chosen] = row.key  # type: ignore[index]
        rows.append(
            dataclasses.replace(
                row,
                awarded=status == "awarded",
                cancelled=status == "cancelled",
                first_award_date=first_award if status == "awarded" else None,
                award_amount_yuan=amount,
            )
        )
    return rows, problems


def counting_figures(rows: list[TruthRow]) -> dict[str, Any]:
    got = figures(rows, REPORT_SINCE, REPORT_MONTH)
    return {k: got[k] for k in COUNT_KEYS}


def headline(report: Report) -> dict[str, Any]:
    """The report's figures in the truth file's shape (percentages to one decimal)."""

    def pct(share: float | None) -> float | None:
        return None if share is None else round(share * 100 + 1e-9, 1)

    return {
        "in_scope_awarded_projects": report.in_scope_total,
        "llm_awarded_projects_all_industries": report.llm_total,
        "in_scope_by_month": {m.month: m.projects for m in report.monthly},
        "penetration_pct": {p.type: pct(p.share) for p in report.penetration},
        "scenario_share_pct": {s.key: pct(s.share) for s in report.scenarios},
    }


def truth_headline(fig: dict[str, Any]) -> dict[str, Any]:
    return {
        "in_scope_awarded_projects": fig["in_scope_awarded_projects"],
        "llm_awarded_projects_all_industries": fig["llm_awarded_projects_all_industries"],
        "in_scope_by_month": {m: v["total"] for m, v in fig["in_scope_by_month"].items()},
        "penetration_pct": {t: v["pct"] for t, v in fig["penetration_by_type"].items()},
        "scenario_share_pct": fig["scenario_share_pct"],
    }


@dataclass
class Demo:
    output: str
    out_dir: Path
    url: str  # the database it wrote


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, module_backend: str, module_database_url: str) -> Demo:
    """`tenders demo` itself, in-process: the base run of these tests. On SQLite it is the demo as a user
    runs it, with its own database file in the output dir."""
    out_dir = tmp_path_factory.mktemp("e2e-demo")
    db = [] if module_backend == "sqlite" else ["--db", module_database_url]
    result = CliRunner().invoke(main, [*db, "demo", "--output-dir", str(out_dir), "--quiet"])
    assert result.exit_code == 0, result.output
    url = f"sqlite:///{out_dir / DB_NAME}" if module_backend == "sqlite" else module_database_url
    return Demo(result.stdout, out_dir, url)


@pytest.fixture(scope="module")
def base(demo: Demo) -> Run:
    return collect(load_corpus(), demo.url)


@pytest.fixture(scope="module")
def perturbed(tmp_path_factory: pytest.TempPathFactory) -> Run:
    # SQLite only (the demo's own fresh database file): see the module's docstring.
    corpus = perturb(load_corpus(), drop_month="2025-03", duplicates=25, cancel_awards=2)
    run = run_demo(tmp_path_factory.mktemp("e2e-perturbed"), corpus=corpus)
    return collect(corpus, run.database_url)


def _check_counting(run: Run) -> None:
    expected = crawled_truth(run)
    rows, problems = pipeline_rows(run, expected)
    assert problems == []
    assert counting_figures(rows) == counting_figures(expected)


def test_counting_follows_the_truth_of_what_was_crawled(base: Run) -> None:
    _check_counting(base)


def test_crawl_coverage_is_what_limits_counting(base: Run) -> None:
    """The difference between the full truth and the truth of what was crawled is the crawl's: list
    it, and keep it small (notices no keyword search can find, such as a 终止公告 whose page never
    names the large model)."""
    full = figures(truth_rows(base.corpus.projects, base.corpus.notices), REPORT_SINCE, REPORT_MONTH)
    crawled = figures(crawled_truth(base), REPORT_SINCE, REPORT_MONTH)
    gap = abs(full["in_scope_awarded_projects"] - crawled["in_scope_awarded_projects"])
    print(
        f"in-scope projects: full truth {full['in_scope_awarded_projects']}, of what was crawled "
        f"{crawled['in_scope_awarded_projects']}"
    )
    assert gap <= 3


def test_demo_writes_the_report_and_prints_the_headline(demo: Demo, base: Run) -> None:
    md = (demo.out_dir / f"report-{REPORT_SINCE}-{REPORT_MONTH}.md").read_text(encoding="utf-8")
    html = (demo.out_dir / f"report-{REPORT_SINCE}-{REPORT_MONTH}.html").read_text(encoding="utf-8")
    total = base.report.in_scope_total
    assert f"- 医疗大模型中标项目: **{total}**" in md
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html.lower()
    assert (demo.out_dir / f"report-{REPORT_SINCE}-{REPORT_MONTH}.xlsx").read_bytes()[:2] == b"PK"
    assert demo.output.endswith(" vendors --unmapped\n")
    assert f"report --month {REPORT_MONTH} --since {REPORT_SINCE}" in demo.output
    lines = demo.output.splitlines()
    assert lines[0] == f"Medical large-model awards, {REPORT_SINCE} … {REPORT_MONTH}"
    assert lines[2].split()[-2:] == [str(total), "197"]
    assert sum(line.startswith("  2025-0") for line in lines) == 9


def test_the_report_matches_its_own_project_list(base: Run) -> None:
    report = base.report
    assert report.in_scope_total == sum(1 for p in report.projects if p.in_scope)
    assert report.llm_total == len(report.projects)
    for month in report.monthly:
        assert month.projects == len(month.project_ids)
    assert json.loads(json.dumps(report.to_dict()))["headline"]["in_scope_projects"] == report.in_scope_total


def _truth_window() -> dict[str, Any]:
    """The bundled corpus's ground truth for the report window (the file the demo prints beside its
    figures), written by the corpus generator from its notices."""
    window = ground_truth()
    assert window is not None, "fixtures/replay2025/truth/figures.json is missing or unreadable"
    return window


def test_headline_figures_follow_the_ground_truth(base: Run) -> None:
    """Issue 5's bar, from the pages alone: the project counts exactly (in total and per month), medical
    penetration per type and the period's type shares within one percentage point, September balanced."""
    truth = _truth_window()
    got, want = headline(base.report), truth_headline(truth)
    assert got["in_scope_awarded_projects"] == want["in_scope_awarded_projects"]
    assert got["in_scope_by_month"] == want["in_scope_by_month"]
    for kind, pct in want["penetration_pct"].items():
        assert abs(got["penetration_pct"][kind] - pct) <= 1.0, (
            kind,
            got["penetration_pct"],
            want["penetration_pct"],
        )
    total = truth["in_scope_awarded_projects"]
    for share in base.report.type_totals:
        if share.key in truth["in_scope_by_type"]:
            expected = 100 * truth["in_scope_by_type"][share.key] / total
            assert abs((share.share or 0.0) * 100 - expected) <= 1.0, (share.key, share.share, expected)
    # "Balanced by September" (docs/domain.md §9): each type holds 30–37 % of September's projects, as in the truth.
    september = {
        t.type: (t.share or 0.0) * 100 for t in base.report.types_by_month if t.month == REPORT_MONTH
    }
    assert all(30.0 <= september.get(kind, 0.0) <= 37.0 for kind in ("compute", "model", "integrated")), (
        september
    )


@pytest.mark.xfail(
    reason="counts and penetration are exact; scenario shares are not on the replay worded apart from "
    "training (issue 11): uses phrased unlike the training corpus are under-called",
    strict=True,
)
def test_every_headline_figure_matches_the_ground_truth_exactly(base: Run) -> None:
    assert headline(base.report) == truth_headline(_truth_window())


def test_counting_follows_a_perturbed_corpus(perturbed: Run) -> None:
    _check_counting(perturbed)
    full = figures(
        truth_rows(perturbed.corpus.projects, perturbed.corpus.notices), REPORT_SINCE, REPORT_MONTH
    )
    assert full["in_scope_by_month"]["2025-03"]["total"] == 0  # the perturbation took effect
    assert perturbed.report.monthly[2].month == "2025-03"
    assert perturbed.report.monthly[2].projects == 0


def test_revoked_awards_are_not_counted(perturbed: Run) -> None:
    revoked = [p for p in perturbed.corpus.projects if "award_revoked_by_perturbation" in p.notes]
    assert revoked
    rows = {r.key: r for r in crawled_truth(perturbed)}
    for project in revoked:
        row = rows[project.key]
        pids = {perturbed.crawled.get(normalise_url(n["url"])) for n in row.notices} - {None}
        assert pids, f"{project.key} was not crawled"
        assert all(perturbed.statuses[p][0] != "awarded" for p in pids), project.key  # type: ignore[index]
