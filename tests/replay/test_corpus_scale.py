"""The corpus scaling knob (`Knobs.scale`, `generate --scale`): N copies of the market with unique ids and
URLs, served and paged by the replay site; the default still generates the bundled files byte for byte."""

from __future__ import annotations

import gzip
import json
import random
import re
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from authoring.replay_corpus import Knobs, generate
from authoring.replay_corpus.__main__ import main as generate_main
from authoring.replay_corpus.generate import _CodeBook
from replay import CORPUS_DIR, Corpus, ReplaySite, figures, truth_rows
from replay.portals import alternate_urls
from replay.store import NOTICES_FILE, read_figures

SCALE = 2


@pytest.fixture(scope="module")
def scaled() -> Corpus:
    return generate(Knobs(scale=SCALE))


def test_cli_scaled_corpus_is_the_knobs_corpus(tmp_path: Path, scaled: Corpus) -> None:
    assert generate_main(["generate", "--out", str(tmp_path), "--scale", str(SCALE)]) == 0
    with gzip.open(tmp_path / NOTICES_FILE, "rt", encoding="utf-8") as handle:
        written = [json.loads(line) for line in handle]
    # Deterministic: the same knobs give the same notices under the same URLs.
    assert [(row["nid"], row["url"]) for row in written] == [(n.nid, n.url) for n in scaled.notices]
    stored = read_figures(tmp_path)
    assert (stored["generator_seed"], stored["generator_scale"]) == (2025, SCALE)
    assert "generator_scale" not in read_figures(CORPUS_DIR)


def test_scale_multiplies_projects_and_notices(scaled: Corpus, corpus: Corpus) -> None:
    groups = Counter(p.key[:3] for p in scaled.projects)
    assert groups == Counter({k: SCALE * v for k, v in Counter(p.key[:3] for p in corpus.projects).items()})
    for source in ("ccgp", "ggzy", "zcy"):
        ratio = sum(n.source == source for n in scaled.notices) / sum(
            n.source == source for n in corpus.notices
        )
        assert SCALE * 0.9 < ratio < SCALE * 1.1, (source, ratio)
    # The first copy is the bundled market itself; the others are worded anew.
    bundled = {
        p.key: (p.name, p.project_code, p.in_scope, p.type, sorted(set(p.notes))) for p in corpus.projects
    }
    first = {
        p.key: (p.name, p.project_code, p.in_scope, p.type, sorted(set(p.notes)))
        for p in scaled.projects[: len(bundled)]
    }
    assert first == bundled
    names = Counter(p.name for p in scaled.projects)
    assert sum(names.values()) - len(names) < len(scaled.projects) / 20  # few names repeat by chance


def test_scaled_truth_is_the_market_times_the_scale(scaled: Corpus) -> None:
    result = figures(truth_rows(scaled.projects, scaled.notices), "2025-01", "2025-09")
    assert result["in_scope_awarded_projects"] == SCALE * 197
    assert result["in_scope_by_type"] == {
        "compute": SCALE * 66,
        "model": SCALE * 65,
        "integrated": SCALE * 66,
    }


def test_scaled_ids_and_urls_are_unique(scaled: Corpus) -> None:
    notices = scaled.notices
    assert len({n.nid for n in notices}) == len(notices)
    urls = [u for n in notices for u in (n.url, *alternate_urls(n))]
    assert len(set(urls)) == len(urls)
    assert all(n.nid.startswith(f"{n.project}-") for n in notices)
    codes = [p.project_code for p in scaled.projects]
    assert None not in codes and len(set(codes)) == len(codes)
    docids = [n.docid for n in notices if n.source == "ccgp"]
    assert len(set(docids)) == len(docids)


def test_project_codes_do_not_nest_past_four_digits() -> None:
    """ccgp's project-code search matches substrings: no code may be found inside another, also once the
    numbers outgrow four digits (scale ≥ 3); 4-digit numbers printed wider would nest (CG1010 in CG10107)."""
    book = _CodeBook()
    rng = random.Random(5)
    zones = ("11", "44", "4403", "33")
    codes = {book.next(rng, zones[i % 4], i % 2 == 0) for i in range(11_000)}
    assert len(codes) == 11_000
    lengths = sorted({len(c) for c in codes})
    nested = [
        (inner, code)
        for code in codes
        for width in lengths
        if width < len(code)
        for start in range(len(code) - width + 1)
        if (inner := code[start : start + width]) in codes
    ]
    assert nested == []


def _search(site: ReplaySite, page: int) -> str:
    query = {
        "searchtype": "1",
        "page_index": str(page),
        "bidSort": "0",
        "pinMu": "0",
        "bidType": "0",
        "kw": "大模型",
        "start_time": "2025:01:01",
        "end_time": "2025:12:31",
        "timeType": "6",
    }
    url = site.url_for(f"https://search.ccgp.gov.cn/bxsearch?{urllib.parse.urlencode(query)}")
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def test_site_pages_through_a_scaled_result_list(scaled: Corpus) -> None:
    hits = [
        n
        for n in scaled.notices
        if n.source == "ccgp"
        and "大模型" in n.title
        and date(2025, 1, 1) <= n.publish_date <= date(2025, 12, 31)
    ]
    want = [n.url for n in sorted(hits, key=lambda n: (n.published, n.nid), reverse=True)]
    with ReplaySite(scaled) as site:
        first = _search(site, 1)
        total = re.search(r"共找到\s*<span[^>]*>(\d+)</span>", first)
        pages = re.search(r"Pager\(\{\s*size:\s*(\d+)", first)
        assert total and pages
        assert int(total.group(1)) == len(want) and int(pages.group(1)) == -(-len(want) // 20) > 25
        seen: list[str] = []
        for page in range(1, int(pages.group(1)) + 2):  # one past the end: an empty page
            html = first if page == 1 else _search(site, page)
            seen += re.findall(r'<li>\s*<a href="([^"]+)"', html)
    assert seen == want


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "2"], "--scale other than 1 needs --out"),
        (["--scale", "31", "--out", "x"], "--scale must be 1 to 30, not 31"),
        (["--scale", "0", "--out", "x"], "--scale must be 1 to 30, not 0"),
    ],
)
def test_generate_refuses_a_bad_scale(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scaled corpus never lands in fixtures/replay2025 by default; the error names the option."""
    with pytest.raises(SystemExit) as exit_info:
        generate_main(["generate", *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_generate_under_a_file_is_one_line_naming_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(SystemExit):
        generate_main(["generate", "--out", str(blocker / "corpus")])
    err = capsys.readouterr().err
    assert f"--out {blocker / 'corpus'}" in err and "Traceback" not in err


def test_tenders_replay_has_no_generate() -> None:
    """The generator is not installed: `tenders replay` only serves (the error points nowhere else)."""
    from click.testing import CliRunner

    from tenders.cli import main

    result = CliRunner().invoke(main, ["replay", "generate"])
    assert result.exit_code != 0 and "No such command 'generate'" in result.output
