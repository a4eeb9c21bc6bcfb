"""Terminal text laid out by display width: a CJK character takes two columns (East Asian Wide/Fullwidth)."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Columns `text` takes in a terminal."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        for ch in text
    )


def pad(text: str, columns: int) -> str:
    """`text` left-aligned in `columns` display columns (cut with … when it is wider)."""
    if width(text) > columns:
        out, used = "", 0
        for ch in text:
            if used + width(ch) > columns - 1:
                break
            out, used = out + ch, used + width(ch)
        text = out + "…"
    return text + " " * (columns - width(text))


def rpad(text: str, columns: int) -> str:
    """`text` right-aligned in `columns` display columns."""
    return " " * max(columns - width(text), 0) + text
