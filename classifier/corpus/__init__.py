"""The seeded authoring script of the labelled corpus in fixtures/classifier/ (see DATASHEET.md there)."""
