"""Pure parsers for the portals' LIST pages and list APIs (search results, channel indexes, JSON lists).

They turn one list response into rows (detail URL + what the list shows) and the portal's own totals,
so a spider can page, dedupe and count. A list page whose structure is not what we know raises
`ListPageError`: a changed layout must be a recorded error, never an empty result (PORTALS.md intro).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

_SPACE = re.compile(r"\s+")


class ListPageError(ValueError):
    """A list page or list API response that does not have the structure we rely on."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason


def clean_text(value: str | None) -> str:
    """Whitespace collapsed to single spaces (titles are split by highlight tags and indentation)."""
    return _SPACE.sub(" ", value or "").strip()


def canonical_url(url: str) -> str:
    """The stable identity of a notice URL: https, lower-case host, no fragment.

    ccgp lists still print http:// links although the site 301-redirects them to https
    (PORTALS.md §1.1), so the same notice must not be stored under two schemes.
    """
    parts = urlsplit(url.strip())
    scheme = "https" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, parts.netloc.lower(), parts.path, parts.query, ""))
