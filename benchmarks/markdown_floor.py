"""The floor under any build of these postings in Python: Python-Markdown alone.

    python benchmarks/markdown_floor.py CONTENT

Reads every posting in CONTENT/jobs, cuts off its front matter and converts its body
with the build's own Markdown settings (careers.loader.Renderer), in one process per CPU
as the build does, and writes nothing. The issue keeps Python-Markdown, so no build in
Python can be faster than this; bench_build.py sets it beside Hugo to show how much of
the "≤ 2× Hugo" target it leaves for everything else (validation, templates, feeds,
writing). It prints the number of HTML characters made, so the work cannot be skipped.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from careers.frontmatter import _split  # noqa: E402
from careers.loader import Renderer  # noqa: E402


def convert(paths: list[Path]) -> int:
    render = Renderer()
    made = 0
    for path in paths:
        parts = _split(path.read_text("utf-8"))
        if parts is not None:
            made += len(render(parts[1]))
    return made


def main(content: Path) -> int:
    files = sorted((content / "jobs").glob("*.md"))
    # As the build counts them (cache.workers_for): the CPUs this process may run on.
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    chunks = [files[i :: workers * 4] for i in range(workers * 4)]
    if workers == 1:
        return sum(map(convert, chunks))
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(convert, chunks))


if __name__ == "__main__":
    print(main(Path(sys.argv[1])))
