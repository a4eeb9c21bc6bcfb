"""CI installs with the README's command, which builds the optional compiled layout walk
(crawler/parse/_fastlayout.c, setup.py): there it must be built and in use. A silent fallback to the
layout XSLT would leave every parse correct but slower, and the parse and crawl figures of
bench/RESULTS.md would no longer be those of what CI checks."""

from __future__ import annotations

import os

import pytest

from crawler.parse.text import compiled_walk, compiled_walk_missing


@pytest.mark.skipif(
    os.environ.get("CI") != "true", reason="only CI promises a C compiler (elsewhere: the XSLT)"
)
def test_ci_parses_with_the_compiled_walk() -> None:
    assert compiled_walk() is not None, (
        f"crawler.parse._fastlayout is not in use: {compiled_walk_missing()}; "
        "run `pip install -e .` (or `python setup.py build_ext --inplace`) with a C compiler"
    )
