"""The nightly crawl and the monthly report, run by APScheduler (`tenders schedule`)."""
