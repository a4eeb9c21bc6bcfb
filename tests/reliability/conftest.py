"""Reliability tests import the rig (rig.py, trials.py) beside them and the crawler tests' harness."""

from __future__ import annotations

import sys
from pathlib import Path

# pytest runs with --import-mode=importlib, which puts no test folder on sys.path.
sys.path.insert(0, str(Path(__file__).parent))
