"""tenders: a tracker for Chinese public procurement of medical large-model projects."""

__version__ = "0.1.0"
