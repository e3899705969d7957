"""The build manifest: deterministic, written last, and the deploy's proof of a complete build."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from careers.manifest import (
    MANIFEST_NAME,
    ManifestError,
    read_manifest,
    remove_manifest,
    verify_output,
    write_manifest,
)


def make(root: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)


FILES = {
    "index.html": b"<h1>Careers</h1>",
    "jobs/a/index.html": b"<h1>A</h1>",
    "theme/css/style.3f2a9c1b.css": b"body{}",
    "pagefind/fragment/en_abc1234.pf_fragment": bytes(range(50)),
    "robots.txt": b"User-agent: *\n",
}


def test_lists_every_file_sorted_with_md5_and_size(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    target = write_manifest(tmp_path)
    assert target == tmp_path / MANIFEST_NAME
    document = json.loads(target.read_text())
    assert document["version"] == 1
    assert [f["path"] for f in document["files"]] == sorted(FILES)
    for entry in document["files"]:
        data = FILES[entry["path"]]
        assert entry["md5"] == hashlib.md5(data, usedforsecurity=False).hexdigest()
        assert entry["size"] == len(data)
    assert MANIFEST_NAME not in [f["path"] for f in document["files"]]


def test_bytes_are_deterministic_whatever_the_order_and_times(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    make(first, FILES)
    make(second, dict(reversed(list(FILES.items()))))
    os.utime(second / "index.html", (1_000_000, 1_000_000))
    a = write_manifest(first).read_bytes()
    b = write_manifest(second).read_bytes()
    assert a == b
    assert write_manifest(first).read_bytes() == a  # rewriting does not list the manifest


def test_remove_then_read_refuses_clearly(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    write_manifest(tmp_path)
    remove_manifest(tmp_path)
    remove_manifest(tmp_path)  # idempotent: called at the start of every build
    assert not (tmp_path / MANIFEST_NAME).exists()
    with pytest.raises(ManifestError, match="not a complete publish build"):
        read_manifest(tmp_path)
    with pytest.raises(ManifestError, match="does not exist"):
        read_manifest(tmp_path / "missing")


def test_unreadable_manifest_is_refused(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    (tmp_path / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(ManifestError, match="unreadable"):
        verify_output(tmp_path)


def test_verify_returns_the_files_when_they_match(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    write_manifest(tmp_path)
    entries = verify_output(tmp_path)
    assert [e.path for e in entries] == sorted(FILES)
    assert entries == read_manifest(tmp_path)


def test_verify_names_added_removed_and_changed_files(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    write_manifest(tmp_path)
    (tmp_path / "robots.txt").unlink()
    (tmp_path / "jobs" / "a" / "index.html").write_bytes(b"<h1>B</h1>")  # same size
    (tmp_path / "stray.html").write_bytes(b"x")
    with pytest.raises(ManifestError) as caught:
        verify_output(tmp_path)
    message = str(caught.value)
    assert "3 difference(s)" in message
    assert "missing: robots.txt" in message
    assert "changed since the build: jobs/a/index.html" in message
    assert "not in the manifest: stray.html" in message


def test_md5s_noted_by_the_build_are_used_only_while_the_file_is_untouched(
    tmp_path: Path,
) -> None:
    from careers.manifest import scan

    make(tmp_path, FILES)
    page = tmp_path / "jobs/a/index.html"
    st = os.stat(page)
    signature = (st.st_mtime_ns, st.st_size, st.st_ino)
    # A noted MD5 that is not the file's: used while the signature holds (it is what the
    # build wrote, by construction), which shows the file was not read again...
    known = {os.path.abspath(page): ("0" * 32, signature)}
    entries = {e.path: e for e in scan(tmp_path, known)}
    assert entries["jobs/a/index.html"].md5 == "0" * 32
    # ...and not once the file changed behind the build's back (same size, new bytes).
    page.write_bytes(b"<h1>B</h1>")
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    entries = {e.path: e for e in scan(tmp_path, known)}
    assert entries["jobs/a/index.html"].md5 == hashlib.md5(b"<h1>B</h1>").hexdigest()
    assert [e for e in scan(tmp_path, {}) if e.path != "jobs/a/index.html"] == [
        e for e in scan(tmp_path) if e.path != "jobs/a/index.html"
    ]


def test_a_publish_build_notes_the_md5_of_every_file_it_wrote(tmp_path: Path) -> None:
    """The manifest of `invoke publish` equals one made by reading every file."""
    from careers.build import publish, settings_for
    from careers.manifest import scan
    from careers.output import noted_digests
    from conftest import ROOT, TODAY, copy_content

    content = copy_content(tmp_path / "content")
    out = tmp_path / "out"
    settings = settings_for(
        ROOT / "publishconf.py",
        content=content,
        output=out,
        today=TODAY,
        extra={
            "CACHE_PATH": str(tmp_path / "cache"),
            "CAREERS_WORKERS": 2,
            "CAREERS_PARALLEL_MIN": 2,
        },
    )
    assert publish(settings) == 0
    noted = noted_digests(out)
    assert noted  # pages (from the workers), feeds (streamed) and assets
    read = scan(out)
    assert scan(out, noted) == read
    pages = [e for e in read if e.path.endswith(".html")]
    assert all(os.path.abspath(out / e.path) in noted for e in pages)
    assert read_manifest(out) == read
