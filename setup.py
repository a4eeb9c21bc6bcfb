"""The optional C accelerator of the parsers' layout walk (crawler/parse/_fastlayout.c).

Everything else is declared in pyproject.toml. The extension is optional: without a C compiler the
install goes on, and crawler/parse/text.py uses the layout XSLT instead (the same text, slower).
"""

import lxml
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "crawler.parse._fastlayout",
            ["crawler/parse/_fastlayout.c"],
            # lxml's element struct and the libxml2 headers it was built with.
            include_dirs=lxml.get_include(),
            optional=True,
        )
    ]
)
