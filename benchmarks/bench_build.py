"""Benchmark: our publish build against plain Pelican and Hugo on the same Markdown.

    .venv/bin/python benchmarks/bench_build.py [--sizes 100,1000,5000] [--repeat 3]
    invoke bench [--sizes ...] [--repeat ...]

For each N, benchmarks/corpus.py writes N postings in our format, and the same bodies as
plain Pelican articles and as Hugo content. Then, in one run, each in fresh processes:

- ours, cold: `invoke publish` (publishconf.py, then the manifest) into an empty folder
  with no cache;
- ours, warm cache: the same into an empty folder, with the cache of the cold build;
- plain Pelican (same version, no plugins, default theme and settings) on the same Markdown;
- Hugo (Debian's package, installed with apt when missing) with a minimal layout;
- validate: `invoke validate` alone;
- livereload: one process builds, then (like the livereload server after a save) edits
  one posting and rebuilds, REPEAT times, then rebuilds with nothing changed; its output is
  then compared with a cold serial build of the same content;
- a fresh `invoke publish` after one posting changed, and after nothing changed (with the
  number of files whose modification time changed);
- Python-Markdown alone (markdown_floor.py): every body converted with the build's
  Markdown settings, one process per CPU, nothing written. The issue keeps Python-Markdown,
  so this is the floor under any build of ours; its ratio to Hugo shows how much of the
  "≤ 2× Hugo" target is left for everything else.

Each is run --repeat times; the table shows medians. Peak memory is the largest sum of the
proportional set size (PSS, /proc/<pid>/smaps_rollup) of the process and all its children
(sampled every 20 ms), so parallel workers count, and the pages a forked worker shares with
its parent are split between them instead of counted in each. Memory is measured in one
more run of each command, never in a timed one: reading smaps_rollup makes the kernel walk
every page table of the tree, and on two cores the sampler took 5-10% from the process it
watched (more from a build with workers than from one process). Results go to
docs/performance.md (between markers) and a PNG plot beside it (an SVG drawn here,
rasterised by headless Chromium when it is installed).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import filecmp
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "build"
DOC = ROOT / "docs" / "performance.md"
PLOT = ROOT / "docs" / "performance.png"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
PY = sys.executable
RUNNER = str(ROOT / "benchmarks" / "build_runner.py")
MARKDOWN_FLOOR = str(ROOT / "benchmarks" / "markdown_floor.py")
FLOOR = "Python-Markdown alone (no output)"
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # type: ignore[import-not-found]  # noqa: E402

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

PELICAN_CONF = """\
AUTHOR = "Bench"
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
PLUGINS = []
DELETE_OUTPUT_DIRECTORY = True
"""
HUGO_CONFIG = """\
baseURL = "https://example.com/"
languageCode = "en"
title = "Plain Hugo"
"""
HUGO_BASEOF = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006" }}</p>{{ .Content }}</article>{{ end }}
"""
HUGO_LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
"""


@dataclass
class Measure:
    seconds: float
    rss: int | None  # bytes, peak of the process tree; None: not sampled (a timed run)


@dataclass
class Cell:
    runs: list[Measure] = field(default_factory=list)  # timed, not sampled
    rss: int | None = None  # bytes: the peak of a separate sampled run

    @property
    def seconds(self) -> float:
        return statistics.median(m.seconds for m in self.runs)

    @property
    def rss_mb(self) -> float | None:
        return None if self.rss is None else self.rss / 1e6


# --- measuring --------------------------------------------------------------------------


def _memory(pid: int) -> int:
    """One process's proportional set size (PSS): its private pages, plus each shared page
    divided by the number of processes sharing it, so forked workers are not counted twice
    for the pages they share with their parent. RSS where smaps_rollup is missing."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_SIZE


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            total += _memory(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def run(
    cmd: Sequence[str], *, cwd: Path | None = None, capture: bool = False, sample: bool = False
) -> tuple[Measure, str]:
    """Run `cmd` in a fresh process; wall time, its stdout, and with `sample` the peak PSS
    of its tree (a sampled run's time is not reported: the sampler slows it)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    done = threading.Event()

    def sampling() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sampling, daemon=True)
    if sample:
        sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    if sample:
        sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    return Measure(seconds, peak if sample else None), out or ""


# --- setup ------------------------------------------------------------------------------


def compiled() -> None:
    """Our Python byte-compiled, as Pelican's is (pip compiles what it installs) and as any
    run leaves it where Python may write `__pycache__`. Where it may not
    (PYTHONDONTWRITEBYTECODE), each fresh process would compile the plugin again: about
    0.02 s of `invoke validate`, more of a build."""
    for folder in ("plugins", "benchmarks"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    for settings in ("pelicanconf.py", "publishconf.py", "tasks.py"):
        compileall.compile_file(ROOT / settings, quiet=1)


def ensure_hugo() -> str:
    found = shutil.which("hugo")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("hugo is not installed: run `sudo apt-get install -y hugo`, then again")
    print("installing hugo (apt-get install -y hugo)…", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(["apt-get", "install", "-y", "hugo"], env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "hugo"], env=env, check=True)
    return shutil.which("hugo") or "hugo"


def tool_version(cmd: Sequence[str]) -> str:
    try:
        out = subprocess.run(list(cmd), capture_output=True, text=True, check=False).stdout
    except OSError:
        return "?"
    return out.strip().splitlines()[0] if out.strip() else "?"


def machine() -> dict[str, str]:
    cpu = "?"
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as handle:
        memory = int(handle.readline().split()[1]) // 1024
    import markdown
    import pelican

    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores available",
        "memory": f"{memory / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Pelican": pelican.__version__,
        "Python-Markdown": markdown.__version__,
        "Hugo": tool_version(["hugo", "version"]),
        "load average (1, 5, 15 min) at the start": ", ".join(
            f"{value:.2f}" for value in os.getloadavg()
        ),
    }


def prepare(n: int) -> dict[str, Path]:
    base = WORK / f"n{n}"
    paths = {
        "content": base / "content",
        "pelican": base / "pelican-content",
        "hugo": base / "hugo-site",
        "out": base / "output",
        "cache": base / "cache",
    }
    corpus.generate(paths["content"], n)
    corpus.write_plain(paths["content"], paths["pelican"], paths["hugo"] / "content" / "jobs")
    (base / "pelicanconf.py").write_text(PELICAN_CONF, "utf-8")
    hugo = paths["hugo"]
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, "utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, "utf-8")
    (hugo / "layouts" / "index.html").write_text(HUGO_LIST, "utf-8")
    return paths


def fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def snapshot(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()
    }


def same_tree(a: Path, b: Path) -> bool:
    """Same files with the same bytes (the manifest aside: only `invoke publish` writes it)."""

    def files(root: Path) -> list[str]:
        found = (str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        return sorted(name for name in found if name != ".build-manifest.json")

    files_a, files_b = files(a), files(b)
    if files_a != files_b:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, files_a, shallow=False)
    return not mismatch and not errors


# --- one size ---------------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    cells: dict[str, Cell]
    rewritten_unchanged: list[int]  # per fresh `publish` with nothing changed
    rewritten_live: list[int]  # per livereload rebuild with nothing changed
    identical: bool  # incremental output == cold serial output
    files: int


def bench_size(n: int, repeat: int) -> SizeResult:
    paths = prepare(n)
    base = paths["content"].parent
    out, cache, content = paths["out"], paths["cache"], paths["content"]
    cells: dict[str, Cell] = {}

    def cell(name: str) -> Cell:
        return cells.setdefault(name, Cell())

    publish = [PY, RUNNER, "publish", str(content), str(out), str(cache)]
    pelican_out = base / "pelican-output"
    hugo_out = base / "hugo-output"
    for _ in range(repeat):
        fresh(out, cache)
        cell("ours, cold").runs.append(run(publish)[0])
        fresh(out)
        cell("ours, warm cache").runs.append(run(publish)[0])
        fresh(pelican_out)
        pelican_cmd = [
            str(Path(PY).with_name("pelican")),
            str(paths["pelican"]),
            "-o",
            str(pelican_out),
            "-s",
            str(base / "pelicanconf.py"),
            "-q",
        ]
        cell("plain Pelican").runs.append(run(pelican_cmd)[0])
        fresh(hugo_out)
        hugo_cmd = ["hugo", "--quiet", "-s", str(paths["hugo"]), "-d", str(hugo_out)]
        cell("Hugo").runs.append(run(hugo_cmd)[0])
        cell("validate").runs.append(run([PY, RUNNER, "validate", str(content)])[0])
        cell(FLOOR).runs.append(run([PY, MARKDOWN_FLOOR, str(content)])[0])

    # Memory: one more run of each, sampled (as the timed runs: cold, then warm, ...).
    fresh(out, cache)
    cell("ours, cold").rss = run(publish, sample=True)[0].rss
    fresh(out)
    cell("ours, warm cache").rss = run(publish, sample=True)[0].rss
    fresh(pelican_out)
    cell("plain Pelican").rss = run(pelican_cmd, sample=True)[0].rss
    fresh(hugo_out)
    cell("Hugo").rss = run(hugo_cmd, sample=True)[0].rss
    cell("validate").rss = run([PY, RUNNER, "validate", str(content)], sample=True)[0].rss

    # Fresh `invoke publish` rebuilds over the last warm build.
    rewritten_unchanged: list[int] = []
    for round_ in range(repeat):
        before = snapshot(out)
        cell("publish again, nothing changed").runs.append(run(publish)[0])
        after = snapshot(out)
        rewritten_unchanged.append(sum(1 for k, v in after.items() if before.get(k) != v))
        edit = content / "jobs" / sorted(os.listdir(content / "jobs"))[-1]
        edit.write_text(edit.read_text("utf-8") + f"\nAlso edited ({round_}).\n", "utf-8")
        cell("publish again, one posting changed").runs.append(run(publish)[0])

    # The livereload path: one process, rebuilds after each save (timed inside, unsampled),
    # then once more, sampled, for its memory.
    livereload = [PY, RUNNER, "livereload", str(content), str(out), str(cache)]
    _, stdout = run([*livereload, str(repeat)], capture=True)
    result = json.loads(stdout)
    changed = [seconds for seconds, _ in result["changed"]]
    unchanged = [seconds for seconds, _ in result["unchanged"]]
    live_rss = run([*livereload, "1"], capture=True, sample=True)[0].rss
    cells["livereload, one posting changed"] = Cell([Measure(s, None) for s in changed], live_rss)
    cells["livereload, nothing changed"] = Cell([Measure(s, None) for s in unchanged], live_rss)
    rewritten_live = [count for _, count in result["unchanged"]]

    # The incremental output must be the output of a cold serial build of the same content.
    cold_dir, cold_cache = base / "cold-serial", base / "cold-serial-cache"
    fresh(cold_dir, cold_cache)
    run([PY, RUNNER, "publish-serial", str(content), str(cold_dir), str(cold_cache)])
    identical = same_tree(out, cold_dir)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    return SizeResult(n, cells, rewritten_unchanged, rewritten_live, identical, files)


# --- report -----------------------------------------------------------------------------

ROWS = [
    "ours, cold",
    "ours, warm cache",
    "plain Pelican",
    "Hugo",
    "validate",
    "livereload, one posting changed",
    "livereload, nothing changed",
    "publish again, one posting changed",
    "publish again, nothing changed",
    FLOOR,
]


def report(results: list[SizeResult], repeat: int, info: dict[str, str]) -> str:
    sizes = [r.n for r in results]
    cells = [r.cells for r in results]
    lines = [
        f"Measured {dt.date.today().isoformat()} by `invoke bench --sizes "
        f"{','.join(map(str, sizes))} --repeat {repeat}` (medians of {repeat} runs; "
        "memory is the peak PSS, process and children summed, of one more run that is not "
        "timed).",
        "",
    ]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", "| scenario | " + " | ".join(f"N = {n:,}" for n in sizes) + " |"]
    lines.append("|---|" + "---:|" * len(sizes))
    for row in ROWS:
        values = []
        for per_size in cells:
            c = per_size.get(row)
            if c is None:
                values.append("–")
            else:
                mb = c.rss_mb
                values.append(f"{c.seconds:.2f} s" + ("" if mb is None else f" · {mb:.0f} MB"))
        lines.append(f"| {row} | " + " | ".join(values) + " |")
    lines += ["", "| ratio | " + " | ".join(f"N = {n:,}" for n in sizes) + " | target |"]
    lines.append("|---|" + "---:|" * len(sizes) + "---|")

    def ratio(a: str, b: str) -> list[str]:
        return [f"{c[a].seconds / c[b].seconds:.2f}×" for c in cells]

    lines.append(
        "| ours cold ÷ plain Pelican | "
        + " | ".join(ratio("ours, cold", "plain Pelican"))
        + " | ≤ 0.5× |"
    )
    lines.append("| ours cold ÷ Hugo | " + " | ".join(ratio("ours, cold", "Hugo")) + " | ≤ 2× |")
    lines.append(
        "| Python-Markdown alone ÷ Hugo (the floor) | " + " | ".join(ratio(FLOOR, "Hugo")) + " | |"
    )
    lines.append(
        "| ours warm cache ÷ plain Pelican | "
        + " | ".join(ratio("ours, warm cache", "plain Pelican"))
        + " | |"
    )
    lines.append(
        "| ours warm cache ÷ Hugo | " + " | ".join(ratio("ours, warm cache", "Hugo")) + " | |"
    )
    lines.append(
        "| validate ÷ ours cold | " + " | ".join(ratio("validate", "ours, cold")) + " | ≤ 0.1× |"
    )
    lines.append(
        "| livereload one changed ÷ ours cold | "
        + " | ".join(ratio("livereload, one posting changed", "ours, cold"))
        + " | ≤ 0.1× |"
    )
    lines.append(
        "| publish again one changed ÷ ours cold | "
        + " | ".join(ratio("publish again, one posting changed", "ours, cold"))
        + " | |"
    )
    lines.append(
        "| incremental output = cold serial output | "
        + " | ".join("yes" if r.identical else "**no**" for r in results)
        + " | yes |"
    )
    lines.append(
        "| files rewritten, nothing changed (publish again; livereload) | "
        + " | ".join(
            f"{max(r.rewritten_unchanged)} of {r.files}; {max(r.rewritten_live)}" for r in results
        )
        + " | 0 |"
    )
    if 1000 in sizes and 5000 in sizes:
        a, b = cells[sizes.index(5000)], cells[sizes.index(1000)]
        growth = a["ours, cold"].seconds / b["ours, cold"].seconds
        lines.append(f"| ours cold, N = 5,000 ÷ N = 1,000 | {growth:.2f}× | | | ≤ 5.5× |")
    lines += ["", "![Build time against N](performance.png)", ""]
    return "\n".join(lines)


def write_doc(section: str) -> None:
    text = DOC.read_text("utf-8") if DOC.exists() else f"# Build performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{section}\n{END}{tail}", "utf-8")


def plot(results: list[SizeResult]) -> None:
    """Build time against N for the three tools: an SVG, then a PNG through Chromium."""
    series = [("ours, cold", "#d62728"), ("plain Pelican", "#1f77b4"), ("Hugo", "#2ca02c")]
    width, height, margin = 720, 440, 60
    sizes = [r.n for r in results]
    top = max(r.cells[name].seconds for r in results for name, _ in series)
    top = max(1.0, top * 1.1)

    def x(n: int) -> float:
        return margin + (width - 2 * margin) * (n / max(sizes))

    def y(s: float) -> float:
        return height - margin - (height - 2 * margin) * (s / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="16">'
        "Build time against the number of postings (cold, median)</text>",
        f'<line x1="{margin}" y1="{height - margin}" x2="{width - margin}" '
        f'y2="{height - margin}" stroke="black"/>',
        f'<line x1="{margin}" y1="{margin}" x2="{margin}" y2="{height - margin}" stroke="black"/>',
        f'<text x="{width / 2}" y="{height - 15}" text-anchor="middle">postings (N)</text>',
        f'<text x="18" y="{height / 2}" transform="rotate(-90 18 {height / 2})" '
        'text-anchor="middle">seconds</text>',
    ]
    for n in sizes:
        parts.append(
            f'<text x="{x(n)}" y="{height - margin + 18}" text-anchor="middle">{n:,}</text>'
        )
    for step in range(6):
        s = top * step / 5
        parts.append(f'<text x="{margin - 8}" y="{y(s) + 4}" text-anchor="end">{s:.0f}</text>')
        parts.append(
            f'<line x1="{margin}" y1="{y(s)}" x2="{width - margin}" y2="{y(s)}" stroke="#ddd"/>'
        )
    for index, (name, colour) in enumerate(series):
        points = " ".join(f"{x(r.n)},{y(r.cells[name].seconds)}" for r in results)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>'
        )
        for r in results:
            s = r.cells[name].seconds
            parts.append(f'<circle cx="{x(r.n)}" cy="{y(s)}" r="4" fill="{colour}"/>')
        ly = margin + 10 + index * 20
        parts.append(
            f'<rect x="{margin + 20}" y="{ly - 10}" width="14" height="4" fill="{colour}"/>'
        )
        parts.append(f'<text x="{margin + 40}" y="{ly - 4}">{name}</text>')
    parts.append("</svg>")
    svg = WORK / "performance.svg"
    svg.write_text("\n".join(parts), "utf-8")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium not found: plot left as", svg)
        return
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={width},{height}",
            f"--screenshot={PLOT}",
            svg.as_uri(),
        ],
        check=True,
        capture_output=True,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated N values")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    compiled()
    ensure_hugo()
    WORK.mkdir(parents=True, exist_ok=True)
    info = machine()
    results = []
    for n in sizes:
        print(f"N = {n:,}…", flush=True)
        results.append(bench_size(n, args.repeat))
    section = report(results, args.repeat, info)
    print(section)
    if not args.no_doc:
        write_doc(section)
        plot(results)
        print(f"wrote {DOC.relative_to(ROOT)} and {PLOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
