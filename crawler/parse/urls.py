"""The stable identity of a notice URL (pure, shared by the list readers and the item pipeline)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def canonical_url(url: str) -> str:
    """The stable identity of a notice URL, in the form the portal's own lists link it.

    * ccgp: http:// — search results and `ohtmlurls` print http links although the site redirects them
      to https (docs/portals.md §1.1–1.2), and channel pages reached over https would give https links.
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
