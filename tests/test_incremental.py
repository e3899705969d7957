"""Cached, parallel and incremental builds give exactly the output of a cold serial build.

Not timed: these prove the fast paths are correct (the benchmark measures their speed).
A cold serial build (no cache, no worker processes, empty output folder) is the reference;
every other way of building the same content must produce the same files, byte for byte.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, build_site, copy_content

sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus
from careers import cache, output

N = 40


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def mtimes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()
    }


def cold_serial(content: Path, out: Path, tmp: Path, **extra: Any) -> dict[str, bytes]:
    """The reference: no cache on disk or in memory, no worker processes, empty output."""
    cache._STORES.clear()
    output._RENDERED.clear()  # no page fingerprints either
    output._COMPILED.clear()  # nor templates compiled by an earlier build
    status = build_site(
        content,
        out,
        CAREERS_WORKERS=1,
        CAREERS_CACHE=False,
        CACHE_PATH=str(tmp / "nocache"),
        **extra,
    )
    assert status == 0
    cache._STORES.clear()
    output._RENDERED.clear()
    return files(out)


def assert_same(reference: dict[str, bytes], built: dict[str, bytes]) -> None:
    assert sorted(built) == sorted(reference)
    different = [name for name in reference if reference[name] != built[name]]
    assert not different, f"differs from a cold serial build: {different[:5]}"


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    return corpus.generate(tmp_path / "content", N).root


def fast(**overrides: Any) -> dict[str, Any]:
    """Parallel from the first uncached posting on, with a disk cache."""
    settings: dict[str, Any] = {"CAREERS_WORKERS": 2, "CAREERS_PARALLEL_MIN": 2}
    settings.update(overrides)
    return settings


@pytest.mark.parametrize("remember", [True, False])
def test_parallel_cold_build_equals_serial(generated: Path, tmp_path: Path, remember: bool) -> None:
    reference = cold_serial(generated, tmp_path / "ref", tmp_path)
    cache._STORES.clear()
    out = tmp_path / "out"
    settings = fast(CACHE_PATH=str(tmp_path / "cache"), CAREERS_REMEMBER_PAGES=remember)
    assert build_site(generated, out, **settings) == 0
    assert (tmp_path / "cache" / cache.CACHE_FILE).is_file()
    assert_same(reference, files(out))


@pytest.mark.parametrize("workers", [2, 1])
def test_one_shot_build_equals_serial(tmp_path: Path, workers: int) -> None:
    """`invoke publish` (nothing remembered): job pages made where they are rendered,
    bodies packed, feed descriptions unpacked item by item; in workers and in one process,
    on the example content (a translated posting: alternates, x-default)."""
    content = copy_content(tmp_path / "content")
    reference = cold_serial(content, tmp_path / "ref", tmp_path)
    cache._STORES.clear()
    out = tmp_path / "out"
    settings = fast(CACHE_PATH=str(tmp_path / "cache"), CAREERS_WORKERS=workers)
    assert build_site(content, out, CAREERS_REMEMBER_PAGES=False, **settings) == 0
    assert not output._RENDERED
    built = files(out)
    assert_same(reference, built)
    assert b'hreflang="x-default"' in built["sitemap.xml"]
    assert b'"description": "<p>' in built["jobs.json"]
    cache._STORES.clear()  # the same from the cache on disk (bodies stored packed)
    assert build_site(content, tmp_path / "warm", CAREERS_REMEMBER_PAGES=False, **settings) == 0
    assert_same(reference, files(tmp_path / "warm"))


def test_warm_cache_from_disk_equals_serial(generated: Path, tmp_path: Path) -> None:
    """A fresh process (memory empty) with the cache on disk, into an empty folder."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    assert build_site(generated, tmp_path / "first", **settings) == 0
    cache._STORES.clear()  # as if a new process started
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))


def test_edits_deletions_and_renames_equal_a_cold_build(generated: Path, tmp_path: Path) -> None:
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    jobs = sorted((generated / "jobs").glob("*.md"))

    # An edit of a body and of a title (which shows on other pages as a related job).
    text = jobs[0].read_text("utf-8")
    jobs[0].write_text(text.replace("title: ", "title: Principal ", 1) + "\nOne more line.\n")
    jobs[1].write_text(jobs[1].read_text("utf-8") + "\n## Perks\n\n- Bikes.\n", "utf-8")
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref1", tmp_path), files(out))

    # A deletion and a rename: their old pages must go.
    gone = jobs[2].stem
    jobs[2].unlink()
    renamed = jobs[3].with_name("renamed-posting.md")
    jobs[3].rename(renamed)
    assert build_site(generated, out, **settings) == 0
    built = files(out)
    assert f"jobs/{gone}/index.html" not in built
    assert f"jobs/{jobs[3].stem}/index.html" not in built
    assert "jobs/renamed-posting/index.html" in built
    assert not (out / "jobs" / gone).exists()  # the emptied folder goes too
    assert_same(cold_serial(generated, tmp_path / "ref2", tmp_path), built)


def test_nothing_changed_rewrites_no_file(generated: Path, tmp_path: Path) -> None:
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    before = mtimes(out)
    inodes = {name: (out / name).stat().st_ino for name in before}
    cache._STORES.clear()  # a new process, too
    assert build_site(generated, out, **settings) == 0
    assert mtimes(out) == before
    assert {name: (out / name).stat().st_ino for name in before} == inodes
    cache_file = tmp_path / "cache" / cache.CACHE_FILE
    cache_mtime = cache_file.stat().st_mtime_ns
    assert build_site(generated, out, **settings) == 0
    assert cache_file.stat().st_mtime_ns == cache_mtime  # the cache is not rewritten either


def test_one_change_rewrites_only_what_shows_it(generated: Path, tmp_path: Path) -> None:
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    before = mtimes(out)
    job = sorted((generated / "jobs").glob("*.md"))[5]
    job.write_text(job.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    assert build_site(generated, out, **settings) == 0
    changed = {name for name, mtime in mtimes(out).items() if before.get(name) != mtime}
    assert f"jobs/{job.stem}/index.html" in changed
    assert len(changed) < len(before) // 4


def test_stale_files_removed_and_retention_kept(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "old-folder" / "deep").mkdir(parents=True)
    (out / "old-folder" / "deep" / "page.html").write_text("stale")
    (out / "stray.txt").write_text("stale")
    (out / "keep-me").mkdir()
    (out / "keep-me" / "file").write_text("kept")
    status = build_site(
        generated, out, CACHE_PATH=str(tmp_path / "cache"), OUTPUT_RETENTION=["keep-me"]
    )
    assert status == 0
    assert not (out / "old-folder").exists()
    assert not (out / "stray.txt").exists()
    assert (out / "keep-me" / "file").read_text() == "kept"


def test_content_error_leaves_output_untouched(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_site(generated, out, CACHE_PATH=str(tmp_path / "cache")) == 0
    before = files(out), mtimes(out)
    job = sorted((generated / "jobs").glob("*.md"))[0]
    job.write_text(job.read_text("utf-8").replace("contract: ", "contract: full time ", 1))
    assert build_site(generated, out, CACHE_PATH=str(tmp_path / "cache")) == 1
    assert (files(out), mtimes(out)) == before


def test_damaged_cache_is_a_cold_build(generated: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / cache.CACHE_FILE).write_bytes(b"not a pickle")
    cache._STORES.clear()
    out = tmp_path / "out"
    assert build_site(generated, out, CACHE_PATH=str(folder)) == 0
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))


def test_prune_refuses_folders_that_are_not_output(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pelicanconf.py").write_text("")
    (project / "notes.txt").write_text("mine")
    tracker = output.Tracker(project)
    assert output.prune(tracker) == []
    assert (project / "notes.txt").exists()
    content = tmp_path / "site" / "content"
    content.mkdir(parents=True)
    (content / "a.md").write_text("x")
    assert output.prune(output.Tracker(tmp_path / "site"), content=content) == []
    assert (content / "a.md").exists()


def test_symlinked_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(outside, out / "link")
    deleted = output.prune(output.Tracker(out))
    assert (outside / "precious.txt").read_text() == "keep"
    assert deleted == [out / "link"]
    assert filecmp.cmp(outside / "precious.txt", outside / "precious.txt")


def test_publish_again_unchanged_rewrites_no_file(generated: Path, tmp_path: Path) -> None:
    """`invoke publish` twice on the same content: the build, the search bundle (Pagefind)
    and the manifest are all left untouched the second time, even in a new process."""
    from careers.build import publish, settings_for
    from conftest import TODAY

    out = tmp_path / "out"
    settings = settings_for(
        ROOT / "publishconf.py",
        content=generated,
        output=out,
        today=TODAY,
        extra=fast(CACHE_PATH=str(tmp_path / "cache")),
    )
    assert publish(dict(settings)) == 0
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert (out / output.MANIFEST_NAME).is_file()
    before = mtimes(out)
    cache._STORES.clear()  # a new process
    assert publish(dict(settings)) == 0
    assert mtimes(out) == before

    # One posting changed: its page and the index change, the manifest stays true.
    job = sorted((generated / "jobs").glob("*.md"))[0]
    job.write_text(job.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    assert publish(dict(settings)) == 0
    from careers.manifest import verify_output

    verify_output(out)
    changed = {name for name, mtime in mtimes(out).items() if before.get(name) != mtime}
    assert f"jobs/{job.stem}/index.html" in changed
    assert output.MANIFEST_NAME in changed


def test_unchanged_pages_are_not_rendered_again_in_one_process(
    generated: Path, tmp_path: Path
) -> None:
    """The livereload path: a rebuild renders only the pages whose inputs changed."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    pages = output.active().rendered  # type: ignore[union-attr]
    assert build_site(generated, out, **settings) == 0
    tracker = output.active()
    assert tracker is not None and tracker.rendered == 0 and tracker.skipped == pages
    job = sorted((generated / "jobs").glob("*.md"))[7]
    job.write_text(job.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    assert build_site(generated, out, **settings) == 0
    tracker = output.active()
    assert tracker is not None and 1 <= tracker.rendered < pages // 4
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))

    # A page file changed or removed behind the build's back is rendered again.
    (out / "jobs" / job.stem / "index.html").write_text("tampered")
    (out / "404.html").unlink()
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref2", tmp_path), files(out))


def test_template_change_rerenders_what_it_shows(generated: Path, tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = fast(CACHE_PATH=str(tmp_path / "cache"), THEME=str(theme))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    job_template = theme / "templates" / "job.html"
    job_template.write_text(
        job_template.read_text("utf-8").replace("</article>", "<p>Changed.</p></article>", 1)
    )
    assert build_site(generated, out, **settings) == 0
    reference = cold_serial(generated, tmp_path / "ref", tmp_path, THEME=str(theme))
    assert_same(reference, files(out))
    assert any(b"<p>Changed.</p>" in data for data in reference.values())


def test_settings_change_equals_a_cold_build(generated: Path, tmp_path: Path) -> None:
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    changed = {"COMPANY_NAME": "Other Company", "CAREERS_RELATED_JOBS": 2}
    assert build_site(generated, out, **settings, **changed) == 0
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path, **changed), files(out))
    # and back
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref2", tmp_path), files(out))


def test_front_matter_edit_of_a_related_job_equals_a_cold_build(
    generated: Path, tmp_path: Path
) -> None:
    """A job card (listings, related jobs) shows front matter: its edit reaches every page."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    for job in sorted((generated / "jobs").glob("*.md"))[:3]:
        text = job.read_text("utf-8")
        job.write_text(text.replace("title: ", "title: Senior ", 1), "utf-8")
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))


def test_translation_edits_equal_a_cold_build(tmp_path: Path) -> None:
    """The translation index (Catalog.translations) and the per-build gettext lookups: an
    edited translation_key, a renamed translated posting, a new translation and a removed
    one, each rebuilt in one process, equal a cold serial build."""
    content = copy_content(tmp_path / "content")
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(content, out, **settings) == 0
    french = content / "jobs" / "stage-ingenieur-backend.md"
    assert (
        b'hreflang="fr"'
        in (out / "jobs" / "backend-engineer-graduation-internship" / "index.html").read_bytes()
    )

    # translation_key removed: the two postings are no longer linked.
    french.write_text(
        french.read_text("utf-8").replace(
            "translation_key: backend-engineer-graduation-internship\n", ""
        ),
        "utf-8",
    )
    assert build_site(content, out, **settings) == 0
    assert_same(cold_serial(content, tmp_path / "ref1", tmp_path), files(out))

    # linked again, and the translated posting renamed.
    text = french.read_text("utf-8").replace(
        "lang: fr\n", "lang: fr\ntranslation_key: backend-engineer-graduation-internship\n"
    )
    french.unlink()
    renamed = content / "jobs" / "stage-backend-renomme.md"
    renamed.write_text(text, "utf-8")
    assert build_site(content, out, **settings) == 0
    built = files(out)
    assert "fr/jobs/stage-backend-renomme/index.html" in built
    assert "fr/jobs/stage-ingenieur-backend/index.html" not in built
    assert_same(cold_serial(content, tmp_path / "ref2", tmp_path), built)

    # the translation deleted: the English page loses its language switcher.
    renamed.unlink()
    assert build_site(content, out, **settings) == 0
    assert_same(cold_serial(content, tmp_path / "ref3", tmp_path), files(out))


def test_publish_fingerprints_nothing_and_a_later_build_equals_cold(
    generated: Path, tmp_path: Path
) -> None:
    """A one-shot build (CAREERS_REMEMBER_PAGES off, as `invoke publish`) keeps no page
    fingerprints; a build that remembers them (computed by the render workers) skips every
    page the next time; each equals a cold serial build."""
    output._RENDERED.clear()
    out = tmp_path / "out"
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    assert build_site(generated, out, CAREERS_REMEMBER_PAGES=False, **settings) == 0
    assert not output._RENDERED
    assert build_site(generated, out, **settings) == 0
    pages = output.active().rendered  # type: ignore[union-attr]
    assert pages and len(output._RENDERED) == pages
    assert build_site(generated, out, **settings) == 0
    tracker = output.active()
    assert tracker is not None and tracker.rendered == 0 and tracker.skipped == pages
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))


def test_streamed_file_is_left_alone_when_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "feed.xml"
    data = [b"x" * 70000, b"y" * 10, b"\n"]
    with output.Stream(target) as stream:
        for part in data:
            stream.write(part)
    assert stream.changed and target.read_bytes() == b"".join(data)
    before = target.stat().st_mtime_ns, target.stat().st_ino
    with output.Stream(target) as stream:
        for part in data:
            stream.write(part)
    assert not stream.changed
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == before
    for changed in ([*data, b"more"], data[:2]):  # longer, shorter
        with output.Stream(target) as stream:
            for part in changed:
                stream.write(part)
        assert stream.changed and target.read_bytes() == b"".join(changed)
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]


def test_validation_results_kept_in_one_process_follow_edits(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Per-file validation results are reused by bytes and shared inputs: an edit that makes
    a posting invalid, and a removed tribe that postings name, are errors on the next
    build; fixed again, the site equals a cold serial build."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    job = sorted((generated / "jobs").glob("*.md"))[5]
    text = job.read_text("utf-8")
    job.write_text(text.replace("contract: ", "contract: not-a-contract-", 1), "utf-8")
    assert build_site(generated, out, **settings) == 1
    assert f"content/jobs/{job.name}" in capsys.readouterr().err
    job.write_text(text, "utf-8")
    tribe = sorted((generated / "tribes").glob("*.md"))[0]
    tribe_text = tribe.read_text("utf-8")
    tribe.unlink()
    assert build_site(generated, out, **settings) == 1
    assert f"`{tribe.stem}`" in capsys.readouterr().err
    tribe.write_text(tribe_text, "utf-8")
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))


def test_feeds_skipped_when_unchanged_but_rewritten_when_tampered(
    generated: Path, tmp_path: Path
) -> None:
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    assert build_site(generated, out, **settings) == 0
    (out / "jobs.json").write_text("tampered")
    (out / "feeds" / "indeed.xml").unlink()
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))
    before = mtimes(out)
    assert build_site(generated, out, **settings) == 0
    assert mtimes(out) == before


def test_fingerprints_follow_every_input_but_job_bodies_only_as_a_page_variable() -> None:
    """Page fingerprints (pickled values, digests memoised per build): the same values in
    new objects (a new build) give the same fingerprint; any change a template could show
    gives another; a job's body counts only where the job is a variable of its own."""
    import dataclasses
    import datetime as dt
    import threading

    from careers.build import settings_for
    from careers.catalog import State
    from careers.fingerprint import Hasher
    from careers.loader import check_content

    settings = settings_for(ROOT / "pelicanconf.py", content=ROOT / "content")
    catalog = check_content(ROOT / "content", settings, render=False).catalog
    assert catalog is not None
    first, second = sorted(catalog.jobs.values(), key=lambda j: j.id)[:2]

    @dataclasses.dataclass(frozen=True)
    class Link:
        label: str
        path: str

    def inputs(
        *, label: str = "Jobs", body: str = "<p>Body</p>", title: str | None = None, **kw: Any
    ) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
        job = dataclasses.replace(first, body=body)
        other = second
        if title is not None:
            other = dataclasses.replace(
                second, meta=second.meta.model_copy(update={"title": title})
            )
        prefix = kw.get("prefix", "/")
        context = {"SITENAME": "Example", "catalog": catalog, "lookup": {("a", 1): [1, 2]}}
        context.update(kw.get("context", {}))
        variables = {
            "job": job,
            "related": [dataclasses.replace(other, body=kw.get("other_body", "<p>x</p>"))],
            "nav": [Link(label, "/jobs/")] + [Link(str(i), f"/{i}/") for i in range(10)],
            "when": kw.get("when", dt.date(2027, 1, 15)),
            "state": kw.get("state", State.OPEN),
            "url": (lambda path: prefix + path),
        }
        if kw.get("lock"):
            # Not picklable, and its repr holds its address: such a page is always
            # rendered again (never wrongly skipped), and fingerprinting it does not fail.
            variables["lock"] = threading.Lock()
        return [("template", "job.html"), ("context", context)], variables

    def fingerprint(**kw: Any) -> str:
        parts, variables = inputs(**kw)
        return Hasher().page(parts, variables)

    reference = fingerprint()
    assert fingerprint() == reference  # new objects, same values: a rebuild skips the page
    changed = [
        fingerprint(label="Open jobs"),  # a dataclass in a list in a variable
        fingerprint(body="<p>Other body</p>"),  # the page's own job's body
        fingerprint(title="Another title"),  # a related job's front matter
        fingerprint(when=dt.date(2027, 1, 16)),
        fingerprint(state=State.CLOSED),
        fingerprint(prefix="/fr/"),  # a value a function closes over
        fingerprint(context={"SITENAME": "Other"}),  # Pelican's context
        fingerprint(context={"lookup": {("a", 1): [1, 3]}}),  # a dict with tuple keys
    ]
    assert len({reference, *changed}) == len(changed) + 1
    # A related job's body is not on the page: it does not count.
    assert fingerprint(other_body="<p>Edited elsewhere</p>") == reference
    one, two = inputs(lock=True), inputs(lock=True)  # both alive: two addresses
    assert Hasher().page(*one) != Hasher().page(*two)


def test_feeds_not_listing_an_edited_job_are_not_rewritten(generated: Path, tmp_path: Path) -> None:
    """The livereload path for feeds: after a body edit, only the feeds listing the job are
    written (its unchanged items copied from the files as written), the other tribes'
    Atom feeds are left alone; after a front-matter edit, a rename and a deletion too, the
    site equals a cold serial build."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    assert build_site(generated, out, **settings) == 0
    jobs = sorted((generated / "jobs").glob("*.md"))
    built = json.loads((out / "jobs.json").read_bytes())
    listed = {item["url"].rstrip("/").rsplit("/", 1)[-1]: item for item in built["itemListElement"]}
    job = next(path for path in jobs if path.stem in listed)
    found = re.search(r"^tribes: \[(.*)\]$", job.read_text("utf-8"), re.M)
    assert found is not None
    job_tribes = {f"feeds/tribes/{name.strip()}.atom" for name in found.group(1).split(",")}
    before = mtimes(out)
    job.write_text(job.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    assert build_site(generated, out, **settings) == 0
    tracker = output.active()
    assert tracker is not None and tracker.copied > len(listed)  # jobs.json, jobs.atom…
    changed = {name for name, mtime in mtimes(out).items() if before.get(name) != mtime}
    assert {"jobs.json", "feeds/jobs.atom", "feeds/indeed.xml"} <= changed
    feeds = {name for name in before if name.startswith("feeds/tribes/")}
    assert job_tribes and job_tribes <= feeds
    assert job_tribes <= changed
    assert feeds - job_tribes and not (feeds - job_tribes) & changed
    assert_same(cold_serial(generated, tmp_path / "ref1", tmp_path), files(out))

    # Front matter (the title shows in every feed that lists it), a rename, a deletion.
    text = job.read_text("utf-8")
    job.write_text(text.replace("title: ", "title: Principal ", 1), "utf-8")
    renamed = jobs[-1].with_name("renamed-posting.md")
    jobs[-1].rename(renamed)
    jobs[-2].unlink()
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref2", tmp_path), files(out))


def test_compiled_templates_follow_jinja_settings(generated: Path, tmp_path: Path) -> None:
    """Templates compiled by an earlier build of the process are reused only under the same
    Jinja settings: changing how templates are parsed (trim_blocks) equals a cold build."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    default = files(out)
    jinja = {"JINJA_ENVIRONMENT": {"trim_blocks": False, "lstrip_blocks": False, "extensions": []}}
    assert build_site(generated, out, **settings, **jinja) == 0
    reference = cold_serial(generated, tmp_path / "ref", tmp_path, **jinja)
    assert_same(reference, files(out))
    assert reference != default  # the setting shows in the output


# --- pages left unmade (generator.PageKeys) -----------------------------------------------


def _count_made_job_pages(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[int]]:
    """Record the job pages the generator makes, and count page fingerprints."""
    from careers.fingerprint import Hasher
    from careers.generator import CareersGenerator

    made: list[str] = []
    fingerprinted = [0]
    make, page = CareersGenerator._job_page, Hasher.page

    def making(self: Any, catalog: Any, job: Any, by_lang: Any) -> Any:
        made.append(job.id)
        return make(self, catalog, job, by_lang)

    def fingerprinting(self: Any, *args: Any) -> str:
        fingerprinted[0] += 1
        return page(self, *args)

    monkeypatch.setattr(CareersGenerator, "_job_page", making)
    monkeypatch.setattr(Hasher, "page", fingerprinting)
    return made, fingerprinted


def _with_page(out: Path, jobs: list[Path]) -> Path:
    """The first posting that has a page in `out` (not a draft)."""
    return next(job for job in jobs if (out / "jobs" / job.stem / "index.html").is_file())


def test_a_body_edit_makes_and_fingerprints_only_that_jobs_page(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a process that rebuilds, a page whose inputs did not change is not made again
    (its variables, JSON-LD, sitemap entry) nor fingerprinted; a body edit remakes the
    edited job's page alone, and the site equals a cold serial build."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    pages = output.active().rendered  # type: ignore[union-attr]
    made, fingerprinted = _count_made_job_pages(monkeypatch)
    assert build_site(generated, out, **settings) == 0
    tracker = output.active()
    assert tracker is not None and tracker.rendered == 0 and tracker.skipped == pages
    assert made == [] and fingerprinted == [0]

    job = _with_page(out, sorted((generated / "jobs").glob("*.md"))[7:])
    job.write_text(job.read_text("utf-8") + "\nA new sentence.\n", "utf-8")
    assert build_site(generated, out, **settings) == 0
    tracker = output.active()
    assert made == [job.stem] and fingerprinted == [1]
    assert tracker is not None and tracker.rendered == 1 and tracker.skipped == pages - 1
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))


def _first(folder: Path) -> Path:
    return sorted(folder.glob("*.md"))[0]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _close_a_job(content: Path) -> None:
    _replace(_first(content / "jobs"), "\ndate_posted:", "\nstatus: closed\ndate_posted:")


def _rename_a_tribe(content: Path) -> None:
    _replace(_first(content / "tribes"), "name: ", "name: Renamed ")


def _edit_a_tribe_body(content: Path) -> None:
    tribe = _first(content / "tribes")
    tribe.write_text(tribe.read_text("utf-8") + "\nA new sentence.\n", "utf-8")


def _edit_the_faq(content: Path) -> None:
    faq = _first(content / "faq")
    faq.write_text(faq.read_text("utf-8") + "\n## A new question?\n\nAn answer.\n", "utf-8")


def _edit_the_home_page(content: Path) -> None:
    home = content / "pages" / "home.md"
    home.write_text(home.read_text("utf-8") + "\nA new sentence.\n", "utf-8")


def _rename_a_city(content: Path) -> None:
    _replace(content / "locations.yml", "city: Paris", "city: Paris-sur-Seine")


def _rename_a_step(content: Path) -> None:
    _replace(content / "process.yml", "name: Call with a recruiter", "name: A call")


SHARED_EDITS = {
    "another job closed": _close_a_job,
    "tribe renamed": _rename_a_tribe,
    "tribe body": _edit_a_tribe_body,
    "faq": _edit_the_faq,
    "home page": _edit_the_home_page,
    "location": _rename_a_city,
    "process": _rename_a_step,
}


@pytest.mark.parametrize("edit", sorted(SHARED_EDITS))
def test_edits_of_what_pages_share_equal_a_cold_build(
    edit: str, generated: Path, tmp_path: Path
) -> None:
    """PageKeys digests the catalog without job bodies: any edit of front matter, a
    tribe, the FAQ, a content page, the offices or the process reaches every page that
    shows it (each edit shows somewhere: the site differs from before)."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    assert build_site(generated, out, **settings) == 0  # every page kept by its key
    before = files(out)
    SHARED_EDITS[edit](generated)
    assert build_site(generated, out, **settings) == 0
    reference = cold_serial(generated, tmp_path / "ref", tmp_path)
    assert reference != before
    assert_same(reference, files(out))


def test_a_new_day_equals_a_cold_build(generated: Path, tmp_path: Path) -> None:
    """`today` closes expired postings: it is one of the inputs of every page's key."""
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    assert build_site(generated, out, **settings) == 0
    before = files(out)
    later = "2027-06-30"
    assert build_site(generated, out, today=later, **settings) == 0
    reference = cold_serial(generated, tmp_path / "ref", tmp_path, today=later)
    assert reference != before
    assert_same(reference, files(out))


def test_a_theme_translation_change_equals_a_cold_build(tmp_path: Path) -> None:
    """A theme file other than a template (a translation) counts in every page's key."""
    content = copy_content(tmp_path / "content")
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = fast(CACHE_PATH=str(tmp_path / "cache"), THEME=str(theme))
    out = tmp_path / "out"
    assert build_site(content, out, **settings) == 0
    assert build_site(content, out, **settings) == 0
    before = files(out)
    po = theme / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    _replace(po, 'msgid "Jobs"\nmsgstr "Offres"', 'msgid "Jobs"\nmsgstr "Postes"')
    assert build_site(content, out, **settings) == 0
    reference = cold_serial(content, tmp_path / "ref", tmp_path, THEME=str(theme))
    assert reference != before
    assert_same(reference, files(out))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_build_failing_after_its_pages_were_handed_over_is_not_trusted(
    workers: int, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that fails in the feeds leaves keys for pages it may not have rendered (or
    rendered without recording them): the next build makes and renders them again."""
    from careers import feeds

    settings = fast(CACHE_PATH=str(tmp_path / "cache"), CAREERS_WORKERS=workers)
    out = tmp_path / "out"
    assert build_site(generated, out, **settings) == 0
    assert build_site(generated, out, **settings) == 0
    job = _with_page(out, sorted((generated / "jobs").glob("*.md")))
    job.write_text(job.read_text("utf-8") + "\nA new sentence.\n", "utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a feed failed")

    monkeypatch.setattr(feeds, "write_feeds", broken)
    with pytest.raises(RuntimeError):
        build_site(generated, out, **settings)
    monkeypatch.undo()
    assert build_site(generated, out, **settings) == 0
    assert_same(cold_serial(generated, tmp_path / "ref", tmp_path), files(out))


def test_body_digests_are_let_go_a_build_after_their_last_use() -> None:
    """Digests of job bodies are memoised across builds by the string's identity, keeping
    the string alive: only while this build or the last one used it (an edited body's
    old text must not stay in memory for the life of the livereload server)."""
    import hashlib

    from careers import fingerprint

    fingerprint.new_build()
    body = "".join(["<p>", "body " * 50, "</p>"])  # a new object
    expected = hashlib.sha256(body.encode()).hexdigest()
    assert fingerprint.text_digest(body) == expected
    fingerprint.new_build()
    assert fingerprint.text_digest(body) == expected  # kept from the last build
    fingerprint.new_build()
    fingerprint.new_build()  # a build that did not use it: let go
    assert all(kept is not body for kept, _ in fingerprint._TEXTS.values())
    assert all(kept is not body for kept, _ in fingerprint._TEXTS_BEFORE.values())
    assert fingerprint.text_digest(body) == expected
