"""Tasks for engineers and HR previews: `invoke --list` shows them all.

Run them through `python3 dev.py TASK` (which keeps the pinned virtualenv in step),
or with `invoke TASK` inside `.venv`.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import sys
from pathlib import Path
from typing import Any

from invoke.context import Context
from invoke.exceptions import Exit
from invoke.tasks import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
HOST = "127.0.0.1"


def _check_today(today: str | None) -> None:
    if today is not None:
        try:
            dt.date.fromisoformat(today)
        except ValueError:
            raise Exit(f"--today must be a date written YYYY-MM-DD, not {today!r}", 2) from None


def _settings(
    settings_file: Path, output: str | None, today: str | None, drafts: bool | None
) -> dict[str, Any]:
    from careers.build import settings_for

    _check_today(today)
    return settings_for(
        settings_file, output=Path(output) if output else None, today=today, drafts=drafts
    )


def _start_ahead(
    settings_file: Path, output: str | None, today: str | None, drafts: bool | None
) -> None:
    """Before `_settings` for a build: its Markdown starts while Pelican is imported."""
    from careers.build import start_ahead

    _check_today(today)
    start_ahead(settings_file, output=Path(output) if output else None, today=today, drafts=drafts)


def _run_build(settings: dict[str, Any]) -> None:
    from careers.build import build as run

    status = run(settings)
    if status:
        raise Exit(code=status)
    print(f"Built {settings['OUTPUT_PATH']}")
    _ending()


def _ending() -> None:
    """The process ends after a one-shot build: move the build's objects out of the garbage
    collector's sight, so the collection at interpreter exit does not walk them all (about
    0.1 s after a 1,000-posting build). They are freed at exit as before."""
    gc.freeze()


@task(
    help={
        "today": "close postings whose valid_through is before this date (YYYY-MM-DD)",
        "drafts": "also build draft postings, with a banner",
        "output": "output folder (default output/)",
    }
)
def build(c: Context, today: str | None = None, drafts: bool = False, output: str = "") -> None:
    """Build the site with development settings (a preview)."""
    _start_ahead(DEV_SETTINGS, output or None, today, drafts)
    _run_build(_settings(DEV_SETTINGS, output or None, today, drafts))


@task(
    help={
        "today": "close postings past valid_through at this date (YYYY-MM-DD)",
        "output": "output folder (default output/)",
    }
)
def publish(c: Context, today: str | None = None, output: str = "") -> None:
    """Build the deployable site with publishconf.py into output/."""
    from careers.build import publish as run

    _start_ahead(PUBLISH_SETTINGS, output or None, today, False)
    settings = _settings(PUBLISH_SETTINGS, output or None, today, False)
    status = run(settings)
    if status:
        raise Exit(code=status)
    print(f"Built {settings['OUTPUT_PATH']}")
    _ending()


@task(help={"today": "measure expiry at this date (YYYY-MM-DD)"})
def validate(c: Context, today: str | None = None) -> None:
    """Check all content without building; prints every problem as path:line: field: message."""
    # validation_settings, not _settings: reading them through Pelican would import its
    # whole package, which costs more than checking 1,000 postings.
    from careers.build import validate as run
    from careers.build import validation_settings

    if today is not None:
        try:
            dt.date.fromisoformat(today)
        except ValueError:
            raise Exit(f"--today must be a date written YYYY-MM-DD, not {today!r}", 2) from None
    status = run(validation_settings(DEV_SETTINGS, today=today))
    if status:
        raise Exit(code=status)
    _ending()


@task(help={"port": "port to listen on (default 8000)", "output": "folder to serve"})
def serve(c: Context, port: int = 8000, output: str = "") -> None:
    """Serve the built site on http://127.0.0.1:8000 (clean URLs and 404.html, like S3)."""
    from careers.serve import serve as run

    run(Path(output) if output else OUTPUT, HOST, port)


@task(help={"port": "port to listen on (default 8000)", "drafts": "show draft postings"})
def livereload(c: Context, port: int = 8000, drafts: bool = True) -> None:
    """Build, serve on http://127.0.0.1:8000 and rebuild + reload the browser on every save."""
    from livereload import Server

    def rebuild() -> None:
        from careers.build import between_builds
        from careers.build import build as run

        run(_settings(DEV_SETTINGS, None, None, drafts))
        between_builds()  # while the server waits for the next save

    rebuild()
    server = Server()
    for watched in ("content", "theme", "plugins", "pelicanconf.py"):
        server.watch(str(ROOT / watched), rebuild)
    print(f"Serving on http://{HOST}:{port}/ (Ctrl+C to stop)")
    server.serve(host=HOST, port=port, root=str(OUTPUT), open_url_delay=None)


@task(
    help={
        "title": "the job title, e.g. 'Backend Engineer' (asked when not given)",
        "tribe": "tribe id (a file in content/tribes/; asked when not given)",
        "location": "location id (a key of content/locations.yml); repeatable (asked when "
        "not given)",
        "contract": "permanent, fixed-term, internship, apprenticeship or freelance (asked "
        "when not given)",
        "content": "content folder (default content/)",
    },
    iterable=["location"],
)
def new(
    c: Context,
    title: str = "",
    tribe: str = "",
    location: list[str] | None = None,
    contract: str = "",
    content: str = "",
) -> None:
    """Scaffold content/jobs/<id>.md with today's date; asks for what the flags don't give."""
    from careers.scaffold import ScaffoldError, complete_answers, new_posting

    folder = Path(content).resolve() if content else ROOT / "content"
    try:
        title, tribe, locations, contract = complete_answers(
            folder, title, tribe, list(location or []), contract
        )
        path = new_posting(
            folder,
            title,
            tribe,
            locations,
            contract,
            dt.date.today(),
            _settings(DEV_SETTINGS, str(folder.parent / "output"), None, None)
            | {"PATH": str(folder)},
        )
    except ScaffoldError as exc:
        raise Exit(str(exc), 1) from None
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"Created {shown}; edit it, then run `python3 dev.py validate`.")


@task
def clean(c: Context) -> None:
    """Remove the built site and caches."""
    for folder in (OUTPUT, ROOT / "cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(help={"pytest_args": "extra arguments for pytest, e.g. '-k deploy'"})
def test(c: Context, pytest_args: str = "") -> None:
    """The whole test suite: formatting, lint, strict typing, then pytest."""
    py = sys.executable
    c.run(f"{py} -m ruff format --check .", echo=True, pty=False)
    c.run(f"{py} -m ruff check .", echo=True, pty=False)
    c.run(f"{py} -m mypy", echo=True, pty=False)
    c.run(f"{py} -m pytest {pytest_args}".strip(), echo=True, pty=False)


# --- candidates (issue 4) ---
AUDIT_BUDGET = {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0, "performance": 0.95}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def _lighthouse(url: str) -> dict[str, Any]:
    """One Lighthouse run (mobile, simulated throttling: Lighthouse's defaults) as its JSON."""
    import json
    import os
    import subprocess

    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise Exit("Lighthouse is not installed: run `npm ci` (package.json pins it)", 2)
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    done = subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(AUDIT_BUDGET)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise Exit(f"Lighthouse failed on {url}:\n{done.stderr[-2000:]}", 1)
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@task(
    help={
        "output": "an existing publish build to audit (default: a fresh one in a temporary folder)",
        "today": "for the fresh build: close postings past valid_through at this date",
    }
)
def audit(c: Context, output: str = "", today: str | None = None) -> None:
    """Lighthouse on home, jobs list, a job page (and a translated one), the FAQ; checks budgets."""
    import tempfile
    import threading

    from careers.search import index_site, searchable_pages
    from careers.serve import make_server

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(output) if output else Path(tmp) / "site"
        if not output:
            settings = _settings(PUBLISH_SETTINGS, str(site), today, False)
            _run_build(settings)
            index_site(site)
        jobs = [url for url, _ in searchable_pages(site)]
        if not jobs:
            raise Exit("no open job page to audit", 1)
        # A job page in the default language, and one translation when there is any.
        translated = [url for url in jobs if not url.startswith("/jobs/")]
        default = [url for url in jobs if url.startswith("/jobs/")] or jobs
        pages = {"home": "/", "jobs list": "/jobs/", "job page": default[0], "FAQ": "/faq/"}
        if translated:
            pages["translated"] = translated[0]
        server = make_server(site, HOST, 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://{HOST}:{server.server_address[1]}"
        failures: list[str] = []
        try:
            print(f"{'page':<10} {'path':<50} " + " ".join(f"{k:>14}" for k in AUDIT_BUDGET))
            for name, path in pages.items():
                report = _lighthouse(base + path)
                scores = {k: float(report["categories"][k]["score"] or 0) for k in AUDIT_BUDGET}
                print(
                    f"{name:<10} {path:<50} "
                    + " ".join(f"{scores[k]:>14.2f}" for k in AUDIT_BUDGET),
                    flush=True,
                )
                for key, floor in AUDIT_BUDGET.items():
                    if scores[key] < floor:
                        failed = [
                            audit_id
                            for ref in report["categories"][key]["auditRefs"]
                            if ref["weight"]
                            and (audit_id := ref["id"]) in report["audits"]
                            and (report["audits"][audit_id]["score"] or 0) < 1
                        ]
                        failures.append(f"{name} {key} {scores[key]:.2f} < {floor}: {failed}")
        finally:
            server.shutdown()
            server.server_close()
    if failures:
        raise Exit("Budgets missed:\n  " + "\n  ".join(failures), 1)
    print("Every page meets the budgets: 1.00 accessibility, best practices, SEO; ≥ 0.95 speed.")


# --- HR workflow (issue 5) ---
@task(
    help={
        "add": "start the catalogue of a new language, e.g. `de` (then translate it)",
        "check": "change nothing; exit 1 when a catalogue is out of date or incomplete",
    }
)
def translations(c: Context, add: str = "", check: bool = False) -> None:
    """Extract the interface strings into theme/translations/messages.pot, update each .po."""
    from careers.translate import languages, outputs, untranslated

    files = outputs(ROOT, add)
    if check:
        stale = [
            path.relative_to(ROOT).as_posix()
            for path, text in files.items()
            if not path.is_file() or path.read_text("utf-8") != text
        ]
        missing = {
            lang: found for lang in languages(ROOT / "theme") if (found := untranslated(ROOT, lang))
        }
        for lang, found in missing.items():
            print(f"{lang}: {len(found)} untranslated: " + "; ".join(found[:5]))
        if stale:
            print("out of date (run `invoke translations`): " + ", ".join(stale))
        if stale or missing:
            raise Exit(code=1)
        print("translations are up to date and complete")
        return
    for path, text in files.items():
        if not path.is_file() or path.read_text("utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            print(f"wrote {path.relative_to(ROOT).as_posix()}")
    for lang in languages(ROOT / "theme"):
        todo = untranslated(ROOT, lang)
        if todo:
            print(f"{lang}: {len(todo)} string(s) to translate")


@task(help={"check": "change nothing; exit 1 when a generated file is out of date"})
def schema(c: Context, check: bool = False) -> None:
    """Write schemas/*.schema.json and docs/content.md from the models (plugins/careers)."""
    from careers.schema import outputs, write

    if check:
        stale = [
            name
            for name, text in outputs().items()
            if not (ROOT / name).is_file() or (ROOT / name).read_text("utf-8") != text
        ]
        if stale:
            raise Exit("out of date (run `invoke schema`): " + ", ".join(stale), 1)
        print("schemas and docs/content.md are up to date")
        return
    changed = write(ROOT)
    print("\n".join(f"wrote {name}" for name in changed) or "nothing to change")


@task(
    help={
        "base": "the publish build before the change (a folder)",
        "head": "the publish build after the change (a folder)",
        "output": "also write the Markdown into this file (e.g. for a PR comment)",
    }
)
def diff(c: Context, base: str, head: str, output: str = "") -> None:
    """Pages, feeds and JSON-LD fields that differ between two publish builds, as Markdown."""
    from careers.sitediff import compare, markdown

    for folder in (base, head):
        if not Path(folder).is_dir():
            raise Exit(f"{folder} is not a folder; build it with `invoke publish --output`", 2)
    text = markdown(compare(Path(base), Path(head)))
    if output:
        Path(output).write_text(text, "utf-8")
    print(text, end="")


@task(
    help={
        "ref": "git commit, branch or tag to build (e.g. origin/main)",
        "output": "output folder for its publish build",
        "today": "close postings past valid_through at this date (YYYY-MM-DD)",
    }
)
def publish_ref(c: Context, ref: str, output: str, today: str | None = None) -> None:
    """Publish build of another commit (its own code and content), e.g. a PR's base."""
    import subprocess
    import tempfile

    if today is not None:
        _settings(DEV_SETTINGS, None, today, None)  # checks the date
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        added = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
            capture_output=True,
            text=True,
            check=False,
        )
        if added.returncode:
            raise Exit(f"cannot check out {ref}: {added.stderr.strip()}", 2)
        try:
            command = [sys.executable, "-m", "invoke", "--search-root", str(tree), "publish"]
            command += ["--output", str(Path(output).resolve())]
            if today:
                command += ["--today", today]
            status = subprocess.run(command, cwd=tree, check=False).returncode
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                capture_output=True,
                check=False,
            )
    if status:
        raise Exit(code=status)


@task(
    help={
        "days": "how far ahead to look (default 14)",
        "today": "count from this date (YYYY-MM-DD; default the real date)",
    }
)
def expiring(c: Context, days: int = 14, today: str | None = None) -> None:
    """Open postings whose valid_through falls within the next DAYS days."""
    from careers.expiring import ContentInvalid, report
    from careers.expiring import expiring as find

    settings = _settings(DEV_SETTINGS, None, today, None)
    try:
        items = find(Path(settings["PATH"]), settings, days)
    except ContentInvalid as exc:
        raise Exit(str(exc), 1) from None
    print(report(items, days))


# --- performance (issue 6) ---
@task(
    help={
        "sizes": "comma-separated numbers of postings (default 100,1000,5000)",
        "repeat": "runs per measurement; the table shows medians (default 3)",
        "no_doc": "print the table only; leave docs/performance.md alone",
    }
)
def bench(c: Context, sizes: str = "100,1000,5000", repeat: int = 3, no_doc: bool = False) -> None:
    """Benchmark the build against plain Pelican and Hugo; writes docs/performance.md."""
    import shlex

    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_build.py"),
        "--sizes",
        sizes,
        "--repeat",
        str(repeat),
    ]
    if no_doc:
        command.append("--no-doc")
    c.run(" ".join(shlex.quote(part) for part in command), echo=True, pty=False)


# --- deploy (issue 3) ---
@task(
    help={
        "bucket": "S3 bucket (default: DEPLOY_BUCKET in publishconf.py)",
        "prefix": "key prefix in the bucket (default: DEPLOY_PREFIX, '' = whole bucket)",
        "region": "AWS region (default: DEPLOY_REGION, else boto3's usual chain)",
        "endpoint_url": "S3-compatible endpoint (default: DEPLOY_ENDPOINT_URL)",
        "distribution_id": "CloudFront distribution to invalidate "
        "(default: DEPLOY_CLOUDFRONT_DISTRIBUTION_ID)",
        "dry_run": "print the plan (uploads with reasons, deletes, bytes); change nothing",
        "force": "delete even when more than max-deletes objects are no longer in the build",
        "max_deletes": "refuse to delete more than this many objects (default: "
        "DEPLOY_MAX_DELETES, 256)",
        "force_upload": "upload every file, changed or not (e.g. after changing cache rules)",
        "output": "the publish build to deploy (default output/)",
    }
)
def deploy(
    c: Context,
    bucket: str = "",
    prefix: str | None = None,
    region: str = "",
    endpoint_url: str = "",
    distribution_id: str = "",
    dry_run: bool = False,
    force: bool = False,
    max_deletes: str = "",
    force_upload: bool = False,
    output: str = "",
) -> None:
    """Upload the publish build in output/ to S3: only changed files, safe order, deletes last."""
    from careers.deploy import options_from_settings, run, target_from_settings

    settings: dict[str, Any] = {}
    if PUBLISH_SETTINGS.exists():
        from pelican.settings import read_settings

        settings = dict(read_settings(str(PUBLISH_SETTINGS)))
    if max_deletes and not max_deletes.isdigit():
        raise Exit(f"--max-deletes must be a whole number, not {max_deletes!r}", 2)
    target = target_from_settings(
        settings,
        bucket=bucket or None,
        prefix=prefix,
        region=region or None,
        endpoint_url=endpoint_url or None,
        distribution_id=distribution_id or None,
    )
    options = options_from_settings(
        settings,
        dry_run=dry_run,
        force_deletes=force,
        force_upload=force_upload,
        max_deletes=int(max_deletes) if max_deletes else None,
    )
    status = run(Path(output) if output else OUTPUT, target, options)
    if status:
        raise Exit(code=status)
