"""Where the project's bundled data lives and where the tool writes by default."""

from __future__ import annotations

import os
from pathlib import Path

# The package is installed editable (README), so the repository's fixtures/ sits beside it.
REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = REPO_ROOT / "fixtures"
REAL_PAGES_DIR = REPO_ROOT.parent / "shared" / "real-pages"


def data_home() -> Path:
    """The tool's own data folder (XDG), where the default SQLite database lives."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tenders"
