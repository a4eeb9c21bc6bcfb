"""crawler/settings.py switches off Scrapy's per-response check for generator callbacks that `return` a
value (a value Scrapy would silently drop): the check re-parsed the callback's source on every response.
This test makes the same check once, over every generator method of every spider class."""

from __future__ import annotations

import inspect

from scrapy.utils.misc import is_generator_with_return_value

from crawler.spiders import base, ccgp, ggzy, zcy


def test_no_spider_generator_returns_a_value() -> None:
    checked = []
    for module in (base, ccgp, ggzy, zcy):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for name, function in vars(cls).items():
                if inspect.isgeneratorfunction(function):
                    checked.append(f"{cls.__name__}.{name}")
                    assert not is_generator_with_return_value(function), f"{cls.__name__}.{name}"
    assert "TendersSpider.parse_detail" in checked and len(checked) > 3, checked
