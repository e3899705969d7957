"""One build, run in a fresh process by bench_build.py (so its time and memory are its own).

    python benchmarks/build_runner.py publish CONTENT OUTPUT CACHE
    python benchmarks/build_runner.py publish-serial CONTENT OUTPUT CACHE
    python benchmarks/build_runner.py validate CONTENT
    python benchmarks/build_runner.py livereload CONTENT OUTPUT CACHE REPEAT

`publish` is `invoke publish` on another content folder: publishconf.py, the build, then
the manifest. `validate` is `invoke validate`. `livereload` is what the livereload server
does: one process builds, then rebuilds after each save; it edits one posting REPEAT
times and rebuilds, then rebuilds REPEAT times with nothing changed, and prints the
timings (and how many files each rebuild wrote) as JSON on stdout.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from careers.build import (  # noqa: E402
    between_builds,
    build,
    settings_for,
    start_ahead,
    validate,
    validation_settings,
)

TODAY = "2027-01-15"


def publish_settings(content: Path, output: Path, cache: Path) -> dict[str, Any]:
    return settings_for(
        ROOT / "publishconf.py",
        content=content,
        output=output,
        today=TODAY,
        extra={"CACHE_PATH": str(cache)},
    )


def publish(content: Path, output: Path, cache: Path) -> None:
    start_ahead(
        ROOT / "publishconf.py",
        content=content,
        output=output,
        today=TODAY,
        extra={"CACHE_PATH": str(cache)},
    )
    settings = publish_settings(content, output, cache)
    settings["CAREERS_REMEMBER_PAGES"] = False  # as careers.build.publish (one-shot build)
    with contextlib.redirect_stderr(io.StringIO()):  # warnings: not what is measured
        status = build(settings)
    if status:
        raise SystemExit(status)
    from careers.manifest import write_manifest  # not for `validate`, as in tasks.py
    from careers.output import noted_digests  # imports Pelican

    write_manifest(output, known=noted_digests(output))  # as careers.build.publish
    gc.freeze()  # as tasks.publish, before the process ends (see tasks._ending)


def snapshot(output: Path) -> dict[str, int]:
    return {
        str(path.relative_to(output)): path.stat().st_mtime_ns
        for path in output.rglob("*")
        if path.is_file()
    }


def rewritten(before: dict[str, int], output: Path) -> int:
    after = snapshot(output)
    return sum(1 for name, mtime in after.items() if before.get(name) != mtime) + sum(
        1 for name in before if name not in after
    )


def edit_one(content: Path, round_: int) -> Path:
    """What HR does between two saves: change a sentence of one posting's description."""
    posting = sorted((content / "jobs").glob("*.md"))[0]
    text = posting.read_text("utf-8").rstrip("\n").split("\n")
    if text[-1].startswith("Edited in round "):
        text.pop()
    text.append(f"Edited in round {round_}.")
    posting.write_text("\n".join(text) + "\n", "utf-8")
    return posting


def livereload(content: Path, output: Path, cache: Path, repeat: int) -> dict[str, Any]:
    settings = publish_settings(content, output, cache)
    quiet = contextlib.redirect_stderr(io.StringIO())
    with quiet:
        start = time.perf_counter()
        build(dict(settings))
        first = time.perf_counter() - start
        between_builds()  # as tasks.livereload, while the server waits for a save
        changed, unchanged = [], []
        for round_ in range(1, repeat + 1):
            edit_one(content, round_)
            before = snapshot(output)
            start = time.perf_counter()
            build(dict(settings))
            changed.append((time.perf_counter() - start, rewritten(before, output)))
            between_builds()
        for _ in range(repeat):
            before = snapshot(output)
            start = time.perf_counter()
            build(dict(settings))
            unchanged.append((time.perf_counter() - start, rewritten(before, output)))
            between_builds()
    return {"first": first, "changed": changed, "unchanged": unchanged}


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "publish":
        publish(Path(args[0]), Path(args[1]), Path(args[2]))
    elif mode == "publish-serial":  # the reference: no cache, no worker processes
        settings = publish_settings(Path(args[0]), Path(args[1]), Path(args[2]))
        settings.update(CAREERS_WORKERS=1, CAREERS_CACHE=False)
        with contextlib.redirect_stderr(io.StringIO()):
            status = build(settings)
        raise SystemExit(status)
    elif mode == "validate":
        # As `invoke validate`: settings read without importing Pelican.
        settings = validation_settings(ROOT / "pelicanconf.py", content=Path(args[0]), today=TODAY)
        with contextlib.redirect_stdout(io.StringIO()):
            status = validate(settings)
        gc.freeze()  # as tasks.validate (tasks._ending)
        raise SystemExit(status)
    elif mode == "livereload":
        result = livereload(Path(args[0]), Path(args[1]), Path(args[2]), int(args[3]))
        print(json.dumps(result))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
