"""The replay site's indexes over a corpus: lookups by path and fast, precomputed keyword search."""

from __future__ import annotations

import html
import re
import threading
from collections import defaultdict
from datetime import date

from replay.model import Corpus, Notice
from replay.render import ggzy as ggzy_render
from replay.render.body import attachments, body_html

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment (for full-text search and list summaries)."""
    fragment = re.sub(r"<(style|script|title)[^>]*>.*?</\1>", " ", fragment, flags=re.S)
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", fragment))).strip()


class SiteData:
    """Every lookup the server needs, built once per corpus; keyword matches are cached per query."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        newest_first = sorted(corpus.notices, key=lambda n: (n.published, n.nid), reverse=True)
        self.ccgp = [n for n in newest_first if n.source == "ccgp"]
        self.ggzy = [n for n in newest_first if n.source == "ggzy"]
        self.zcy: dict[str, list[Notice]] = defaultdict(list)
        for notice in newest_first:
            if notice.source == "zcy":
                self.zcy[notice.zcy_host].append(notice)
        self.ccgp_by_path = {n.url.split("www.ccgp.gov.cn", 1)[1]: n for n in self.ccgp}
        self.channels: dict[str, list[Notice]] = defaultdict(list)
        for notice in self.ccgp:
            scope = "zygg" if notice.central else "dfgg"
            self.channels[f"{scope}/{notice.channel}"].append(notice)
            self.channels[scope].append(notice)
        self.ggzy_by_path: dict[str, Notice] = {}
        for notice in self.ggzy:
            self.ggzy_by_path[ggzy_render.a_path(notice)] = notice
            self.ggzy_by_path[ggzy_render.b_path(notice)] = notice
        self.zcy_by_article = {(n.zcy_host, n.article_id): n for host in self.zcy.values() for n in host}
        self.by_project_source: dict[tuple[str, str, str], list[Notice]] = defaultdict(list)
        for notice in corpus.notices:
            self.by_project_source[(notice.project, notice.source, notice.zcy_host)].append(notice)
        self._text: dict[str, str] = {}
        self._matches: dict[tuple[str, str, str], list[int]] = {}
        self._lock = threading.Lock()

    def full_text(self, notice: Notice) -> str:
        """Title, body text and attachment names, case-folded (what a full-text search sees)."""
        text = self._text.get(notice.nid)
        if text is None:
            names = " ".join(name for _, name in attachments(notice))
            text = f"{notice.title} {plain_text(body_html(notice))} {names}".casefold()
            self._text[notice.nid] = text
        return text

    def warm(self) -> None:
        """Build the full-text index of every portal searched by full text (ccgp, 政采云) now rather than at
        the first search: ~0.4 s for the bundled corpus, which a crawl's first searches otherwise wait for,
        all at once, behind one interpreter lock (docs/architecture.md, "The demo's processes")."""
        for notice in self.ccgp:
            self.full_text(notice)
        for pool in self.zcy.values():
            for notice in pool:
                self.full_text(notice)

    def summary(self, notice: Notice) -> str:
        """The `<p>` under a search hit: the start of the body (docs/portals.md §1.2)."""
        return plain_text(body_html(notice))[:160]

    def matching(self, pool_name: str, pool: list[Notice], keyword: str, full_text: bool) -> list[int]:
        """Indexes into `pool` of the notices matching every space-separated term of `keyword`."""
        terms = [t.casefold() for t in keyword.split() if t]
        cache_key = (pool_name, " ".join(terms), "full" if full_text else "title")
        with self._lock:
            hit = self._matches.get(cache_key)
        if hit is not None:
            return hit
        found = []
        for index, notice in enumerate(pool):
            haystack = self.full_text(notice) if full_text else notice.title.casefold()
            if all(term in haystack for term in terms):
                found.append(index)
        with self._lock:
            self._matches[cache_key] = found
        return found

    def project_notices(self, notice: Notice) -> list[Notice]:
        """The notices of the same project on the same portal (ggzy tabs, 政采云 links)."""
        return self.by_project_source[(notice.project, notice.source, notice.zcy_host)]


def in_window(notice: Notice, start: date | None, end: date | None) -> bool:
    day = notice.publish_date
    return (start is None or day >= start) and (end is None or day <= end)
