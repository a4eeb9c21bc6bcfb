"""The spiders, one module per portal (Scrapy finds them through SPIDER_MODULES)."""
