"""Derived corpora for robustness tests (issue 5): the same market with a month missing, duplicate
republications, or awards revoked. The truth of a derived corpus is recomputed from its notices by
`truth.truth_rows`, never edited by hand."""

from __future__ import annotations

import copy
import random
from datetime import timedelta

from authoring.replay_corpus.place import finalise_urls
from replay.model import Corpus, Notice
from replay.truth import truth_rows


def perturb(
    corpus: Corpus,
    *,
    drop_month: str | None = None,
    duplicates: int = 0,
    cancel_awards: int = 0,
    seed: int = 7,
) -> Corpus:
    """A new corpus derived from `corpus` (which is left untouched).

    * `drop_month` ("YYYY-MM"): every notice published that month disappears from every portal.
    * `duplicates`: that many ccgp notices are republished under a new docid a day later (same
      title and content): a crawl must store them and linking must fold them into their project.
    * `cancel_awards`: that many counted in-scope projects get a 终止公告 after their last award,
      which makes them wholly cancelled (docs/domain.md §3).
    """
    rng = random.Random(f"perturb/{seed}")
    notices = [copy.deepcopy(n) for n in corpus.notices]
    projects = [copy.deepcopy(p) for p in corpus.projects]
    if drop_month is not None:
        if len(drop_month) != 7 or drop_month[4] != "-":
            raise ValueError(f"drop_month must be YYYY-MM, got {drop_month!r}")
        notices = [n for n in notices if n.published.strftime("%Y-%m") != drop_month]
    max_docid = max((n.docid for n in notices if n.source == "ccgp"), default=0)
    if duplicates:
        pool = sorted((n for n in notices if n.source == "ccgp"), key=lambda n: n.nid)
        for index, original in enumerate(rng.sample(pool, duplicates)):
            twin = copy.deepcopy(original)
            twin.nid = f"{original.nid}-dup{index}"
            twin.published = original.published + timedelta(days=1)
            max_docid += rng.randrange(5, 50)
            twin.docid = max_docid
            notices.append(twin)
    if cancel_awards:
        rows = truth_rows(projects, notices)
        eligible = sorted(
            r.key for r in rows if r.in_scope and r.counted and r.award_month and r.award_month <= "2025-09"
        )
        by_project: dict[str, list[Notice]] = {}
        for notice in notices:
            by_project.setdefault(notice.project, []).append(notice)
        for index, key in enumerate(rng.sample(eligible, cancel_awards)):
            awards = [n for n in by_project[key] if n.kind == "award"]
            last = max(awards, key=lambda n: n.published)
            stop = copy.deepcopy(last)
            stop.nid = f"{key}-revoked{index}-{last.source}"
            stop.kind = "cancellation"
            stop.label = "终止公告"
            stop.title = f"{last.project_name}终止公告"
            stop.reason = (
                "因成交供应商放弃成交资格且采购需求发生变化，原中标（成交）结果无效，终止本项目采购活动。"
            )
            stop.published = last.published + timedelta(days=9)
            stop.lots = []
            stop.related = []
            if stop.source == "ccgp":
                stop.channel = "fblbgg"
                max_docid += rng.randrange(5, 50)
                stop.docid = max_docid
            elif stop.source == "ggzy":
                stop.ggzy_type = "0204"
                stop.ggzy_id = f"{stop.ggzy_id[:-6]}{index:06d}"
            else:
                stop.zcy_codes = ["ZcyAnnouncement3007"]
                stop.article_id = f"{stop.article_id[:-8]}Rv{index:04d}=="
            notices.append(stop)
            for project in projects:
                if project.key == key:
                    project.notes = [*project.notes, "award_revoked_by_perturbation"]
    finalise_urls(notices)
    notices.sort(key=lambda n: n.nid)
    return Corpus(notices=notices, projects=projects, seed=corpus.seed, scale=corpus.scale)
