"""Stored notices into projects: link notices of one procurement, classify each notice, roll labels up.

Above crawler/ and classifier/, below reports/ (docs/architecture.md)."""
