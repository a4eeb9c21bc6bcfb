"""The 2025 replay corpus: its truth yields the report's figures, labels follow docs/domain.md §4–6, generation
is deterministic, and derived corpora get their own truth."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from authoring.replay_corpus import LLM_CUES, SEARCH_KEYWORDS, Knobs, generate, perturb, write_corpus
from authoring.replay_corpus.__main__ import main
from authoring.replay_corpus.text import UPGRADE_MARKER
from domain.vocabulary import INDUSTRIES, NOTICE_TYPES, PROJECT_TYPES, SCENARIOS, SOURCES
from replay import CORPUS_DIR, Corpus, TruthRow, figures, read_figures, truth_rows
from replay.render.body import body_html
from replay.site_data import plain_text
from replay.store import FIGURES_FILE, NOTICES_FILE, PROJECTS_FILE


def test_headline_figures_jan_to_sep(truth: list[TruthRow]) -> None:
    result = figures(truth, "2025-01", "2025-09")
    assert result["in_scope_awarded_projects"] == 197
    assert {t: v["pct"] for t, v in result["penetration_by_type"].items()} == {
        "compute": 11.0,
        "model": 10.1,
        "integrated": 13.0,
    }
    assert result["in_scope_by_type"] == {"compute": 66, "model": 65, "integrated": 66}
    for share in result["last_month_type_share_pct"].values():
        assert 30.0 <= share <= 37.0  # balanced by September


def test_monthly_counts_follow_the_market(truth: list[TruthRow]) -> None:
    by_month = figures(truth)["in_scope_by_month"]
    totals = [by_month[f"2025-{m:02d}"]["total"] for m in range(1, 10)]
    assert totals[0] == min(totals)  # a modest January
    assert totals[1] > totals[0] and totals[2] > totals[1]  # growth after DeepSeek-R1
    assert totals[-1] == max(totals)
    january = by_month["2025-01"]
    assert january["compute"] > january["integrated"]  # unbalanced early in the year


def test_stored_figures_are_computed_from_the_stored_truth(truth: list[TruthRow]) -> None:
    stored = read_figures()
    assert stored["computed_by"] == "replay.truth.figures"
    for window, values in stored["windows"].items():
        since, until = window.split("..")
        assert values == figures(truth, since, until)


def test_truth_matches_the_notices(corpus: Corpus, truth: list[TruthRow]) -> None:
    recomputed = [r.to_json() for r in truth_rows(corpus.projects, corpus.notices)]
    assert recomputed == [r.to_json() for r in truth]


def test_labels_are_consistent(truth: list[TruthRow]) -> None:
    for row in truth:
        assert row.industry in INDUSTRIES, row.key
        assert row.in_scope == (row.llm and row.industry == "medical"), row.key
        if row.llm:
            assert row.type in PROJECT_TYPES, row.key
            assert row.negative_kind is None
        else:
            assert row.type is None and row.negative_kind, row.key
        assert set(row.scenarios) <= set(SCENARIOS)
        if not row.in_scope:
            assert row.scenarios == [], row.key
        for notice in row.notices:
            assert notice["source"] in SOURCES and notice["notice_type"] in NOTICE_TYPES
        if row.counted:
            assert row.first_award_date is not None and row.suppliers, row.key


@pytest.fixture(scope="module")
def page_texts(corpus: Corpus) -> dict[str, str]:
    return {n.nid: f"{n.title} {plain_text(body_html(n))}" for n in corpus.notices}


def test_every_llm_award_says_so_and_no_negative_does(corpus: Corpus, page_texts: dict[str, str]) -> None:
    projects = {p.key: p for p in corpus.projects}
    cue = re.compile("|".join(re.escape(c) for c in LLM_CUES))
    for notice in corpus.notices:
        project = projects[notice.project]
        text = page_texts[notice.nid]
        if project.llm and notice.kind in ("award", "tender"):
            assert cue.search(text), f"{notice.nid} is llm but its page does not say so"
            assert any(k.casefold() in text.casefold() for k in SEARCH_KEYWORDS), notice.nid
        if not project.llm:
            assert not cue.search(text), (
                f"{notice.nid} is a hard negative with an llm cue: {cue.search(text)}"
            )


def test_single_portal_awards_are_findable_by_title(corpus: Corpus, truth: list[TruthRow]) -> None:
    """ggzy searches titles only: an award carried by ggzy alone must have a keyword in its title."""
    award_sources: dict[str, set[str]] = {}
    for notice in corpus.notices:
        if notice.kind == "award":
            award_sources.setdefault(notice.project, set()).add(notice.source)
    for row in truth:
        if "award_on_ggzy_only" in row.notes:
            assert "ggzy" in award_sources[row.key] and "ccgp" not in award_sources[row.key], row.key
    for notice in corpus.notices:
        if notice.source == "ggzy" and notice.kind == "award" and award_sources[notice.project] == {"ggzy"}:
            assert any(k in notice.title for k in SEARCH_KEYWORDS), notice.title


def test_every_zhejiang_notice_but_contracts_is_also_on_ccgp(corpus: Corpus) -> None:
    """Zhejiang's 政采云 portal signs its API (docs/portals.md §4.1) and is not crawled by default: every notice
    of it that can count (awards, cancellations; tenders, corrections, intentions too) has its ccgp copy."""
    on_ccgp = {(n.project, n.kind, n.title) for n in corpus.notices if n.source == "ccgp"}
    zhejiang = [n for n in corpus.notices if n.zcy_host == "zfcg.czt.zj.gov.cn"]
    assert {n.kind for n in zhejiang} >= {"award", "cancellation", "tender", "correction", "intention"}
    missing = [
        n.nid for n in zhejiang if n.kind != "contract" and (n.project, n.kind, n.title) not in on_ccgp
    ]
    assert missing == []


def test_awards_on_one_portal_only_are_on_portals_crawled_by_default(corpus: Corpus) -> None:
    """An award carried by 政采云 alone is on a host the zcy spider crawls by default (not Zhejiang)."""
    from crawler.spiders.zcy import DEFAULT_SITES

    award_hosts: dict[str, set[str]] = {}
    for notice in corpus.notices:
        if notice.kind == "award":
            award_hosts.setdefault(notice.project, set()).add(notice.zcy_host or notice.source)
    zcy_only = {p: hosts for p, hosts in award_hosts.items() if not hosts & {"ccgp", "ggzy"}}
    assert zcy_only and all(hosts <= set(DEFAULT_SITES) for hosts in zcy_only.values()), zcy_only


def test_size_and_mix(corpus: Corpus, truth: list[TruthRow]) -> None:
    assert 4000 <= len(corpus.notices) <= 6000
    llm_projects = {r.key for r in truth if r.llm}
    assert sum(n.project not in llm_projects for n in corpus.notices) >= 1500
    kinds = Counter(r.negative_kind for r in truth if not r.llm)
    assert len(kinds) == 10 and min(kinds.values()) >= 40
    sources = Counter(n.source for n in corpus.notices)
    assert set(sources) == {"ccgp", "ggzy", "zcy"}
    assert len({n.url for n in corpus.notices}) == len(corpus.notices)


def test_edge_cases_present(truth: list[TruthRow]) -> None:
    in_scope = [r for r in truth if r.in_scope]
    assert sum(r.lots > 1 and r.counted for r in in_scope) >= 20  # multi-lot, counted once
    assert sum(r.counted and r.award_amount_yuan is None for r in in_scope) >= 10  # undisclosed
    assert sum(r.cancelled and not r.awarded for r in in_scope) >= 20  # 废标/终止, no award
    assert sum(r.cancelled and r.awarded for r in in_scope) >= 3  # award revoked
    retenders = [
        r for r in in_scope if any(n["notice_type"] == "cancellation" for n in r.notices) and r.counted
    ]
    assert len(retenders) >= 5  # a 废标 then a re-tender's award: counted
    cross = [r for r in in_scope if len({n["source"] for n in r.notices}) > 1]
    assert len(cross) >= 60
    assert any("award_on_ggzy_only" in r.notes for r in in_scope)
    assert any("award_on_zcy_only" in r.notes for r in in_scope)
    december = next(r for r in in_scope if "copy_next_year" in r.notes)
    assert december.award_month == "2024-12"  # its ggzy copy in January does not move it


def _sha256_per_file(directory: Path) -> dict[str, str]:
    """Each corpus file's sha256, by its path under the corpus directory."""
    return {
        name: hashlib.sha256((directory / name).read_bytes()).hexdigest()
        for name in (NOTICES_FILE, PROJECTS_FILE, FIGURES_FILE)
    }


def test_regenerated_corpus_is_byte_identical_to_the_fixture(tmp_path: Path) -> None:
    """The generator (authoring/replay_corpus) rewrites fixtures/replay2025 byte for byte: the committed
    corpus is what the code makes, and moving or rewording the code cannot change it silently.
    Digests, not bytes, are compared (a failing multi-MB bytes assert takes pytest minutes to diff)."""
    assert main(["generate", "--out", str(tmp_path)]) == 0
    fresh, committed = _sha256_per_file(tmp_path), _sha256_per_file(CORPUS_DIR)
    differing = sorted(name for name in committed if fresh[name] != committed[name])
    assert not differing, f"{differing} differ: regenerate with `python -m authoring.replay_corpus generate`"
    with gzip.open(tmp_path / NOTICES_FILE, "rt", encoding="utf-8") as handle:
        assert sum(1 for _ in handle) > 4000


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = write_corpus(generate(Knobs(negatives=100)), tmp_path / "a")
    second = write_corpus(generate(Knobs(negatives=100)), tmp_path / "b")
    assert _sha256_per_file(tmp_path / "a") == _sha256_per_file(tmp_path / "b")
    assert set(first) == set(second)


def test_other_seed_gives_same_figures_other_wording() -> None:
    other = generate(Knobs(seed=11, negatives=200))
    result = figures(truth_rows(other.projects, other.notices))
    assert result["in_scope_awarded_projects"] == 197
    assert result["penetration_by_type"]["model"]["pct"] == 10.1
    base_titles = {n.title for n in generate(Knobs(negatives=200)).notices}
    assert len(base_titles & {n.title for n in other.notices}) < len(base_titles) / 2


def test_perturb_drop_month(corpus: Corpus) -> None:
    derived = perturb(corpus, drop_month="2025-05")
    assert not any(n.published.strftime("%Y-%m") == "2025-05" for n in derived.notices)
    result = figures(truth_rows(derived.projects, derived.notices))
    assert result["in_scope_by_month"]["2025-05"]["total"] == 0
    assert result["in_scope_awarded_projects"] == 197 - 25
    assert len(corpus.notices) > len(derived.notices)  # the original is untouched


def test_perturb_duplicates_keep_counts(corpus: Corpus) -> None:
    derived = perturb(corpus, duplicates=40, seed=3)
    assert len(derived.notices) == len(corpus.notices) + 40
    assert len({n.url for n in derived.notices}) == len(derived.notices)
    before = figures(truth_rows(corpus.projects, corpus.notices))
    after = figures(truth_rows(derived.projects, derived.notices))
    assert after["in_scope_awarded_projects"] == before["in_scope_awarded_projects"]
    assert after["penetration_by_type"] == before["penetration_by_type"]


def test_perturb_cancel_one_award(corpus: Corpus) -> None:
    derived = perturb(corpus, cancel_awards=1, seed=5)
    rows = truth_rows(derived.projects, derived.notices)
    assert figures(rows)["in_scope_awarded_projects"] == 196
    revoked = [r for r in rows if "award_revoked_by_perturbation" in r.notes]
    assert len(revoked) == 1 and revoked[0].cancelled
    assert revoked[0].notices[-1]["notice_type"] == "cancellation"


def test_perturb_rejects_bad_month(corpus: Corpus) -> None:
    with pytest.raises(ValueError, match="drop_month"):
        perturb(corpus, drop_month="May")


def test_upgraded_application_systems_are_integrated(corpus: Corpus, truth: list[TruthRow]) -> None:
    """docs/domain.md §5: an existing system upgraded with large-model capability delivers an LLM-based
    application (integrated), though it buys no hardware; model services alone stay `model`."""
    upgrade_words = UPGRADE_MARKER
    descriptions: dict[str, str] = {}
    for notice in corpus.notices:
        descriptions.setdefault(notice.project, "".join(notice.description))
    upgrades = [r for r in truth if upgrade_words in descriptions.get(r.key, "")]
    assert len([r for r in upgrades if r.in_scope and r.counted]) >= 5
    assert len([r for r in upgrades if not r.in_scope and r.counted]) >= 40
    for row in upgrades:
        assert row.type == "integrated" and "upgrade" in row.notes, row.key
    for row in truth:
        if row.type == "model":
            assert upgrade_words not in descriptions.get(row.key, ""), row.key
    follow_up = next(r for r in truth if r.key == "MED-0265")  # the follow-up case of issue 5
    assert follow_up.type == "integrated" and "llm_in_body_only" in follow_up.notes


def test_medical_products_go_to_medical_projects_only(corpus: Corpus, truth: list[TruthRow]) -> None:
    """A non-medical buyer buys a general appliance from a general vendor, never a medical-branded one."""
    from authoring.replay_corpus.vocab import AIO_MACHINES_MEDICAL, MEDICAL_VENDORS

    medical_products = [spec for _, spec in AIO_MACHINES_MEDICAL]
    industry = {r.key: r.industry for r in truth}
    seen_medical = 0
    for notice in corpus.notices:
        words = " ".join(notice.description) + " ".join(
            f"{item.brand}{item.spec}" for lot in notice.lots for item in lot.items
        )
        suppliers = {lot.supplier for lot in notice.lots}
        if industry[notice.project] != "medical":
            assert not any(p in words for p in medical_products), notice.nid
            assert not suppliers & MEDICAL_VENDORS, notice.nid
        else:
            seen_medical += any(p in words for p in medical_products)
    assert seen_medical  # health buyers still buy them
    general = [r for r in truth if r.llm and r.industry != "medical" and r.counted]
    assert any("一体机" in r.name for r in general)
