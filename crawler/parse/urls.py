"""The stable identity of a notice URL (pure, shared by the list readers and the item pipeline)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

_CCGP_CANONICAL = "http://www.ccgp.gov.cn/"


def is_canonical_ccgp(url: str) -> bool:
    """Whether a ccgp URL is in canonical form already, so that splitting and joining it again would give
    it back unchanged: http, the lower-case host, nothing that URL parsing strips or drops (blanks and
    control characters, a fragment, an empty query or `;` parameters). Every ccgp link of a crawl is
    (search rows, follow-ups, stored notices: ~16,000 a crawl of the replay, issue 15)."""
    return (
        url.startswith(_CCGP_CANONICAL)
        and url.isprintable()
        and not url.endswith((" ", "?"))
        and "#" not in url
        and ";" not in url
    )


def canonical_url(url: str) -> str:
    """The stable identity of a notice URL, in the form the portal's own lists link it.

    * ccgp: http:// — search results and `ohtmlurls` print http links although the site redirects them
      to https (docs/portals.md §1.1–1.2), and channel pages reached over https would give https links.
    * ggzy: the project (A) path `/information/deal/html/a/…` the list API returns; the content (B) page
      at the same path with /b/ is how the notice is fetched, and the A page's tabs link B paths.
    * otherwise the URL as given; always a lower-case host and no fragment.
    """
    return url if is_canonical_ccgp(url) else canonical_by_parts(url)


def canonical_by_parts(url: str) -> str:
    """canonical_url by splitting the URL into its parts and joining them again (any URL)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    scheme, path = parts.scheme.lower(), parts.path
    if host == "www.ccgp.gov.cn" and scheme in ("http", "https"):
        scheme = "http"
    elif host == "www.ggzy.gov.cn":
        path = path.replace("/deal/html/b/", "/deal/html/a/", 1)
    return urlunsplit((scheme, host, path, parts.query, ""))
