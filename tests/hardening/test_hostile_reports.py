"""Notice text is hostile input (issue 7, security): it never runs in a report and never becomes a formula.

A small database is built whose notices carry script tags, event-handler attributes, `javascript:`
URLs, markup that tries to close the page's own elements, Markdown links and spreadsheet formulas in
every free-text field (title, buyer, supplier names, project code, region, URL). The pipeline links
and rolls them up into awarded in-scope projects, so they reach every table of every format. Then:

* HTML: the report written by `tenders report --format html` (and `--list`) is opened in headless
  Chromium; every payload would set `document.title` and a `data-pwned` attribute if it ran. The
  DOM Chromium dumps after running the page must show neither. A control page with the same
  payloads inserted raw proves the harness sees execution (the test can fail).
* Markdown: rendered to HTML by markdown-it with raw HTML allowed and every link accepted (the most
  permissive viewer), no tag or link comes out of notice text.
* CSV and XLSX: no cell that starts with = + - @ or a tab/CR, no formula cell.

Chromium is a system package (`apt-get install -y chromium`); without it the browser test skips
with the reason, except under CI=true where it fails.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from sqlmodel import select

from domain.notice import ParsedNotice
from tenders.cli import main

MARK = "PWNED"
# Every payload, if it ran, sets the page title and a data-pwned attribute on <html>.
JS = f"document.title='{MARK}';document.documentElement.setAttribute('data-pwned','1')"
PAYLOADS = [
    f"<script>{JS}</script>",
    f'<img src=x onerror="{JS}">',
    f'"><svg onload="{JS}">',
    f"</title><script>{JS}</script>",
    f"</style><script>{JS}</script>",
    f"</td></tr></table><script>{JS}</script>",
    f'<details open ontoggle="{JS}">',
    f'<iframe srcdoc="<script>parent.{JS}</script>">',
    f'<a href="javascript:{JS}">点击</a>',
    f'<body onload="{JS}">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{JS}">',
    f"<!--<script>{JS}</script>-->",
    "'';!--\"<XSS>=&{()}",
]
MARKDOWN_PAYLOADS = [
    f"[点击查看](javascript:{JS})",
    "![track](http://evil.example/pixel.png)",
    "<http://evil.example/auto>",
    "`code` **bold** | broken | table",
]
FORMULAS = [
    '=HYPERLINK("http://evil.example","点击")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@dataclass(frozen=True)
class Hostile:
    url: str
    awarded: int  # awarded in-scope projects the period holds


def _notices() -> list[ParsedNotice]:
    """One awarded project per payload; every free-text field carries hostile text."""
    out = []
    texts = PAYLOADS + MARKDOWN_PAYLOADS + FORMULAS
    for i, payload in enumerate(texts):
        code = f"{payload}-{i}" if i % 2 else f"H-{i:03d}"
        buyer = f"{payload}人民医院{i}" if i % 3 != 2 else f"{FORMULAS[i % len(FORMULAS)]}医院{i}"
        url = f"https://www.ccgp.gov.cn/cggg/h{i}.htm"
        if payload.startswith("<a href"):
            url = f"javascript:{JS}//{i}"
        elif payload.startswith("="):
            url = f'=HYPERLINK("http://evil.example","{i}")'
        out.append(
            ParsedNotice(
                source="ccgp",
                url=url,
                title=f"{payload}医疗大模型平台建设项目{i}中标公告",
                notice_type="award",
                publish_date=date(2025, 1 + i % 9, 10),
                project_code=code,
                buyer=buyer,
                agency=payload,
                region=payload if i % 4 == 0 else "广东省",
                award_amount_yuan=Decimal(100_000 + i),
                suppliers=[f"{payload}科技有限公司", f"{FORMULAS[i % len(FORMULAS)]}信息公司"],
                text=f"{payload} 医疗大模型 {payload}",
            )
        )
    return out


@pytest.fixture(scope="module")
def hostile(module_database_url: str) -> Hostile:
    from linking.classify_stored import roll_up
    from linking.link_stored import link_stored
    from storage.db import make_engine, session_scope
    from storage.models import Notice
    from storage.repo import store_classification, upsert_notice

    url = module_database_url
    engine = make_engine(url)
    notices = _notices()
    with session_scope(engine) as session:
        for parsed in notices:
            upsert_notice(parsed, session=session)
    with session_scope(engine) as session:
        link_stored(session=session)
    with session_scope(engine) as session:
        for row in session.exec(select(Notice)).all():
            assert row.id is not None
            store_classification(
                row.id,
                session=session,
                model_version="hostile-1",
                llm=True,
                industry="medical",
                in_scope=True,
                scope_score=0.99,
                type="integrated",
                scenarios=["clinical"],
            )
        roll_up("hostile-1", session=session)
    engine.dispose()
    return Hostile(url, len(notices))


def report(hostile: Hostile, tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        main,
        [
            "--db",
            hostile.url,
            "report",
            "--month",
            "2025-09",
            "--since",
            "2025-01",
            "--format",
            fmt,
            "-o",
            str(out),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_the_hostile_projects_reach_the_report(hostile: Hostile, tmp_path: Path) -> None:
    """Guard against a vacuous pass: every hostile project is counted, so its text is in every table."""
    from sqlmodel import Session

    from reports.aggregates import Period
    from reports.report import build_report
    from storage.db import make_engine

    engine = make_engine(hostile.url)
    with Session(engine) as session:
        built = build_report(Period("2025-01", "2025-09"), session=session)
    engine.dispose()
    assert built.in_scope_total == hostile.awarded
    titles = " ".join(p.title for p in built.projects)
    assert all(payload in titles for payload in PAYLOADS)


# --- HTML in a real browser -----------------------------------------------------------------------------


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        reason = "Chromium not installed (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " and CI=true: the browser check must run in CI")
        pytest.skip(reason)
    return found


def dump_dom(page: Path, profile: Path) -> lxml_html.HtmlElement:
    """The DOM after Chromium loaded the page and ran whatever it would run (3 s of virtual time)."""
    proc = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return lxml_html.fromstring(proc.stdout)


def executed(dom: lxml_html.HtmlElement) -> list[str]:
    """Signs that a payload ran: the title it sets, the attribute it adds."""
    signs = []
    title = dom.findtext(".//title") or ""
    if MARK in title:
        signs.append(f"title={title!r}")
    if dom.get("data-pwned") is not None:
        signs.append("data-pwned on <html>")
    return signs


def test_control_raw_payloads_do_run_in_the_browser(tmp_path: Path) -> None:
    """The harness detects execution: the same payloads inserted raw into a page do run."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>control</title></head><body>"
        + "".join(f"<div>{payload}</div>" for payload in PAYLOADS[:3])
        + "</body></html>",
        encoding="utf-8",
    )
    assert executed(dump_dom(page, tmp_path / "profile")), "the browser ran none of the raw payloads"


@pytest.mark.parametrize("extra", [(), ("--list",)], ids=["report", "list"])
def test_no_script_runs_in_the_html_report(hostile: Hostile, tmp_path: Path, extra: tuple[str, ...]) -> None:
    page = report(hostile, tmp_path, "html", *extra)
    dom = dump_dom(page, tmp_path / "profile")
    assert executed(dom) == []
    # The text is shown, not dropped: the page holds every payload as visible text.
    visible = dom.text_content()
    assert all(payload.replace("\r", "") in visible for payload in PAYLOADS[:4]), "payload text missing"
    scripts = dom.xpath("//script | //iframe | //object | //embed | //meta[@http-equiv] | //base")
    assert scripts == []
    handlers = [
        f"<{el.tag} {name}>"
        for el in dom.iter()
        if isinstance(el.tag, str)
        for name in el.attrib
        if name.startswith("on")
    ]
    assert handlers == []
    hrefs = [href.strip().lower() for href in dom.xpath("//@href | //@src | //@action | //@formaction")]
    assert [h for h in hrefs if not h.startswith(("#", "http://", "https://"))] == []


# --- Markdown, CSV, XLSX -------------------------------------------------------------------------------


def test_markdown_carries_no_markup_or_links_from_notices(hostile: Hostile, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    text = report(hostile, tmp_path, "md").read_text(encoding="utf-8")
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # the most permissive viewer
    rendered = lxml_html.fromstring(f"<div>{md.render(text)}</div>")
    assert rendered.xpath("//table"), "the report's tables must still render"
    tags = sorted({el.tag for el in rendered.iter() if isinstance(el.tag, str)})
    assert not {"script", "img", "iframe", "svg", "details", "meta", "body"} & set(tags), tags
    # The only links are the report's own links to notices (issue 13): an http(s) notice URL under a
    # label the report writes (portal, notice type, date), never a link made from notice text.
    for link in rendered.xpath("//a"):
        assert link.get("href", "").startswith("https://www.ccgp.gov.cn/cggg/h"), link.get("href")
        assert re.fullmatch(r"\S+ \S+ \d{4}-\d{2}-\d{2}", link.text_content()), link.text_content()
    # Pipes in notice text do not add columns: every row of a table has its header's width.
    for table in rendered.xpath("//table"):
        width = len(table.xpath(".//thead/tr/th"))
        assert all(len(row.xpath("./td")) == width for row in table.xpath(".//tbody/tr"))


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS + PAYLOADS)
def test_markdown_escaping_alone_stops_links_and_images(payload: str) -> None:
    """The pipeline's normalisation happens to turn `[` into `(` in stored names; the Markdown
    renderer must not rely on that: its own escaping keeps raw notice text inert in a table cell."""
    from markdown_it import MarkdownIt

    from reports.render_md import esc, table

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    rendered = lxml_html.fromstring(md.render("\n".join(table(["title", "n"], [[esc(payload), "1"]]))))
    tags = {el.tag for el in rendered.iter() if isinstance(el.tag, str)}
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "html", "body", "div"}, tags
    assert rendered.xpath("//tbody/tr/td")[0].text_content() == payload.replace("\r", " ").replace("\n", " ")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _formula_cells(rows: list[list[object]]) -> list[str]:
    return [
        repr(cell) for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_START)
    ]


@pytest.mark.parametrize("extra", [(), ("--list",)], ids=["report", "list"])
def test_csv_cells_never_start_a_formula(hostile: Hostile, tmp_path: Path, extra: tuple[str, ...]) -> None:
    data = report(hostile, tmp_path, "csv", *extra).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(data)))
    assert len(rows) > hostile.awarded if extra else len(rows) > 10
    assert _formula_cells(rows) == []  # type: ignore[arg-type]
    assert any("HYPERLINK" in cell for row in rows for cell in row), "the formula text is kept, as text"


@pytest.mark.parametrize("extra", [(), ("--list",)], ids=["report", "list"])
def test_xlsx_holds_no_formula(hostile: Hostile, tmp_path: Path, extra: tuple[str, ...]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(report(hostile, tmp_path, "xlsx", *extra))
    formulas, starts, seen = [], [], 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                seen += 1
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}")
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    starts.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    assert seen > 100
    assert formulas == [] and starts == []
