"""Settings for the deployable build: `invoke publish` (then `invoke deploy`)."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = "https://careers.example.com"
CAREERS_DRAFTS = False
