"""Pure parsers for the portals' LIST pages and list APIs (search results, channel indexes, JSON lists).

They turn one list response into rows (detail URL + what the list shows) and the portal's own totals,
so a spider can page, dedupe and count. A list page whose structure is not what we know raises
`ListPageError`: a changed layout must be a recorded error, never an empty result (PORTALS.md intro).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_SPACE = re.compile(r"\s+")


class ListPageError(ValueError):
    """A list page or list API response that does not have the structure we rely on."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{reason} ({url})")
        self.url = url
        self.reason = reason


def json_object(body: str | bytes | dict[str, Any], url: str) -> dict[str, Any]:
    """A list API answer as a JSON object; anything else is a ListPageError naming the URL."""
    if isinstance(body, dict):
        return body
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ListPageError(url, f"the list API answer is not JSON: {exc}") from exc
    if not isinstance(payload, dict):
        raise ListPageError(url, "the list API answer is not a JSON object")
    return payload


def clean_text(value: str | None) -> str:
    """Whitespace collapsed to single spaces (titles are split by highlight tags and indentation)."""
    return _SPACE.sub(" ", value or "").strip()


def canonical_url(url: str) -> str:
    """The stable identity of a notice URL, in the form the portal's own lists link it.

    * ccgp: http:// — search results and `ohtmlurls` print http links although the site redirects them
      to https (PORTALS.md §1.1–1.2), and channel pages reached over https would give https links.
    * ggzy: the project (A) path `/information/deal/html/a/…` the list API returns; the content (B) page
      at the same path with /b/ is how the notice is fetched, and the A page's tabs link B paths.
    * otherwise the URL as given; always a lower-case host and no fragment.
    """
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    scheme, path = parts.scheme.lower(), parts.path
    if host == "www.ccgp.gov.cn" and scheme in ("http", "https"):
        scheme = "http"
    elif host == "www.ggzy.gov.cn":
        path = path.replace("/deal/html/b/", "/deal/html/a/", 1)
    return urlunsplit((scheme, host, path, parts.query, ""))
