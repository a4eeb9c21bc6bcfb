"""Which notice URLs a report may turn into links."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_href(url: str) -> str | None:
    """The URL for a link only when it is plain http(s); anything else (javascript:, data:) is not linked."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
