"""Careers site plugin for Pelican: job postings, tribes, FAQ, JSON-LD and feeds."""

from __future__ import annotations

from typing import Any

from pelican import signals


def get_generators(pelican: Any) -> type:
    from .generator import CareersGenerator

    return CareersGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
