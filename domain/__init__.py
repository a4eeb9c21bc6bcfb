"""The bottom layer: the domain's vocabularies, the parsed-notice record and where bundled data lives.

Every other package may import it; it imports none of them (docs/architecture.md)."""
