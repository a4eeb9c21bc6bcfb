"""The one error every parser raises when a page is not what it should be.

docs/portals.md asks parsers to fail loudly: a page whose structure is missing (an error page, a block
page, a layout change) must be recorded with its URL, never turned into an empty notice.
"""

from __future__ import annotations


class PageParseError(Exception):
    """A page could not be parsed; `url` names it and `reason` says why in one line."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class ListPageError(PageParseError):
    """A list page or list API answer without the structure we rely on (a changed layout, an error
    answer): the spider records it as a lost list page, never as an empty result."""
