"""The build manifest: proof that `output/` is a complete publish build, and what it contains.

The publish build calls `remove_manifest` first and `write_manifest` last, so a failed or partial
build leaves no manifest. The deploy calls `verify_output`: it refuses a folder without a manifest,
or whose files differ from it (a file added, removed or changed after the build).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = ".build-manifest.json"
MANIFEST_VERSION = 1
_CHUNK = 1 << 20


class ManifestError(Exception):
    """The output folder is not a complete, untouched publish build."""


@dataclass(frozen=True, order=True)
class FileEntry:
    path: str  # relative, POSIX separators
    md5: str  # lowercase hex
    size: int


def md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def iter_files(output_dir: Path) -> Iterator[str]:
    """Every regular file under output_dir (symlinks followed), as sorted relative POSIX paths."""
    found: list[str] = []
    for root, dirs, files in os.walk(output_dir, followlinks=True):
        dirs.sort()
        rel_root = Path(root).relative_to(output_dir)
        for name in files:
            rel = (rel_root / name).as_posix()
            if rel != MANIFEST_NAME:
                found.append(rel)
    yield from sorted(found)


# An MD5 (hex) a build took of the bytes it wrote, and the file's (mtime_ns, size, inode)
# just after: still the file's bytes while the file's signature is unchanged.
Known = Mapping[str, tuple[str, tuple[int, int, int] | None]]


def _entry(output_dir: Path, rel: str, known: Known) -> FileEntry:
    path = output_dir / rel
    noted = known.get(os.path.abspath(path)) if known else None
    if noted is not None and noted[1] is not None:
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and (st.st_mtime_ns, st.st_size, st.st_ino) == noted[1]:
            return FileEntry(path=rel, md5=noted[0], size=st.st_size)
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        digest = hashlib.file_digest(handle, lambda: hashlib.md5(usedforsecurity=False))
    return FileEntry(path=rel, md5=digest.hexdigest(), size=size)


def scan(output_dir: Path, known: Known | None = None) -> list[FileEntry]:
    """Path, MD5 and size of every file in output_dir except the manifest, sorted by path.

    `known`: MD5s the build took as it wrote (output.Tracker.digests), by absolute path;
    one is used only while the file's signature is the one noted with it, else the file
    is read. Files are read and hashed on a few threads: both release the GIL, and a
    site of thousands of small pages spends most of the time opening files.
    """
    files = list(iter_files(output_dir))
    noted: Known = known or {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda rel: _entry(output_dir, rel, noted), files, chunksize=64))


def _encode(entries: list[FileEntry]) -> bytes:
    document = {
        "version": MANIFEST_VERSION,
        "files": [{"path": e.path, "md5": e.md5, "size": e.size} for e in sorted(entries)],
    }
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_manifest(output_dir: Path, known: Known | None = None) -> Path:
    """Write output_dir/.build-manifest.json listing every other file; call it last in a
    build (`known`: see `scan`)."""
    target = output_dir / MANIFEST_NAME
    data = _encode(scan(output_dir, known))
    try:
        if target.read_bytes() == data:
            return target  # still true: leave the file (and its modification time) alone
    except OSError:
        pass
    temporary = target.with_name(MANIFEST_NAME + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(target)  # atomic: a reader sees no manifest or a whole one
    return target


def remove_manifest(output_dir: Path) -> None:
    """Remove the manifest (call it first in every build): a build that fails leaves none."""
    (output_dir / MANIFEST_NAME).unlink(missing_ok=True)
    (output_dir / (MANIFEST_NAME + ".tmp")).unlink(missing_ok=True)


def read_manifest(output_dir: Path) -> list[FileEntry]:
    """The entries of the manifest, or ManifestError when it is missing or unreadable."""
    target = output_dir / MANIFEST_NAME
    if not output_dir.is_dir():
        raise ManifestError(f"{output_dir} does not exist: run `invoke publish` first")
    if not target.is_file():
        raise ManifestError(
            f"{output_dir} has no {MANIFEST_NAME}: it is not a complete publish build "
            "(the build did not finish, or was not `invoke publish`). Run `invoke publish`."
        )
    try:
        document = json.loads(target.read_text(encoding="utf-8"))
        if document.get("version") != MANIFEST_VERSION:
            raise ManifestError(f"{target}: unknown manifest version {document.get('version')!r}")
        return [
            FileEntry(path=str(f["path"]), md5=str(f["md5"]), size=int(f["size"]))
            for f in document["files"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(f"{target} is unreadable ({exc}): run `invoke publish` again") from exc


def verify_output(output_dir: Path) -> list[FileEntry]:
    """The files of output_dir, checked against its manifest (every byte is read and hashed).

    Raises ManifestError naming the differences when the folder was changed after the build.
    """
    expected = {e.path: e for e in read_manifest(output_dir)}
    actual = {e.path: e for e in scan(output_dir)}
    problems: list[str] = []
    for path in sorted(expected.keys() - actual.keys()):
        problems.append(f"missing: {path}")
    for path in sorted(actual.keys() - expected.keys()):
        problems.append(f"not in the manifest: {path}")
    for path in sorted(expected.keys() & actual.keys()):
        if expected[path] != actual[path]:
            problems.append(f"changed since the build: {path}")
    if problems:
        shown = problems[:20]
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ManifestError(
            f"{output_dir} does not match its {MANIFEST_NAME} "
            f"({len(problems)} difference(s)); run `invoke publish` again:\n  "
            + "\n  ".join(shown)
            + more
        )
    return sorted(actual.values())
