"""Tasks for engineers and HR previews: `invoke --list` shows them all."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import task
from invoke.context import Context

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))


# --- deploy (issue 3) ---
