"""Width, bracket and space normalisation shared by the linking keys and supplier names."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# Brackets NFKC leaves alone but portals use interchangeably with （）.
_BRACKETS = str.maketrans(
    {"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")"}
)


def fold(text: str) -> str:
    """Full-width to half-width (NFKC turns （） into ()), unified brackets, no whitespace at all.

    Chinese names and codes carry no meaningful spaces; portals insert them at random
    (line breaks in table cells, ideographic spaces), so keys drop every one.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _SPACE.sub("", folded)


def tidy(text: str) -> str:
    """Half-width, unified brackets, runs of whitespace collapsed to one space: for display."""
    folded = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _SPACE.sub(" ", folded).strip()
