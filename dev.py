#!/usr/bin/env python3
"""Run a project task in the project's own pinned virtualenv, creating it when needed.

    python3 dev.py livereload   # build the example site, serve it, rebuild on save
    python3 dev.py test         # the whole test suite
    python3 dev.py --list       # every task

Needs only Python 3.11+ and git. The virtualenv (.venv/) is rebuilt whenever
requirements.lock or pyproject.toml changes, so everyone runs the versions CI tested.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
INPUTS = ("requirements.lock", "pyproject.toml")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        sys.exit("Python 3.11 or newer is needed (this is {}.{})".format(*sys.version_info[:2]))
    wanted = _fingerprint()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Setting up .venv with the pinned dependencies (once; about a minute)...", flush=True)
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(ROOT / "requirements.lock")], check=True)
    STAMP.write_text(wanted)


def main() -> int:
    ensure_venv()
    invoke = [str(PYTHON), "-m", "invoke", "--search-root", str(ROOT)]
    return subprocess.call([*invoke, *(sys.argv[1:] or ["--list"])], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main())
