"""Alerts: after each nightly crawl, newly awarded in-scope projects are announced (docs/reports.md "Alerts").

Above `reports` in the layers (it reads the same project facts), below the `tenders` CLI and jobs.
"""
