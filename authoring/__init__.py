"""Authoring code for the corpora we write ourselves (classifier training/held-out, the 2025 replay).

Not installed (pyproject's package list leaves it out): it runs from a checkout, and what it writes lands in
fixtures/. Tests import it through pytest's `pythonpath`."""
