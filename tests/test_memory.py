"""Memory handed back before forking workers (output.release_free_memory).

A build frees much of what reading and validating allocated, but malloc keeps the
pages; forked workers would then share (and count) them. Not timed: these check that
the pages really go back to the system.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest
from careers import output


def _rss() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_heap_pages_go_back_to_the_system() -> None:
    assert output._malloc_trim() is not None  # glibc has it: the build must find it
    # 30,000 buffers of 8 KiB (malloc, not Python's small-object arenas), each followed by a
    # small one kept alive, so the freed space is in the middle of the heap, not at its end.
    big, keep = [], []
    for i in range(30_000):
        big.append(bytearray(8192))
        keep.append(bytearray(600 + i % 7))
    before = _rss()
    del big
    after_free = _rss()
    output.release_free_memory()
    after_release = _rss()
    assert before - after_free < 50_000_000  # freed, but malloc kept the pages
    assert after_free - after_release > 100_000_000  # now handed back (about half of it)
    assert len(keep) == 30_000


def test_forking_workers_keeps_what_a_rebuilding_process_froze() -> None:
    import gc

    gc.freeze()  # as build.between_builds leaves it
    try:
        frozen = gc.get_freeze_count()
        with output.frozen():
            pass
        assert gc.get_freeze_count() >= frozen  # not unfrozen by the workers' fork
    finally:
        gc.unfreeze()
    with output.frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # nothing was frozen before: unfrozen after


def _private_dirty() -> int:
    with open("/proc/self/smaps_rollup") as handle:
        for line in handle:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no Private_Dirty in smaps_rollup")


def _copied_by_reading(bodies: list[Any], read: Any) -> int:
    """Bytes a forked child copies (private dirty growth) by reading every body once."""
    import os

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, report, leave at once
        try:
            before = _private_dirty()
            for body in bodies:
                read(body)
            os.write(writer, str(_private_dirty() - before).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as handle:
        copied = int(handle.read())
    os.waitpid(pid, 0)
    return copied


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/smaps_rollup")
def test_packed_bodies_stay_shared_with_a_worker_that_reads_them() -> None:
    """catalog.Packed: a forked worker reading every body (as render workers and feeds do)
    copies a small part of them; the same bytes as objects of their own are copied whole,
    since reading one writes its reference count."""
    import gc
    import random

    from careers.catalog import Packed, pack

    rng = random.Random(7)
    words = [f"word{i}" for i in range(3000)]
    htmls = [" ".join(rng.choice(words) for _ in range(900)) for _ in range(3000)]
    packed = [pack(html) for html in htmls]
    plain = [bytes(body) for body in packed]
    size = sum(len(body) for body in plain)
    assert size > 5_000_000 and all(isinstance(body, Packed) for body in packed)
    gc.freeze()  # as output.frozen() before workers fork: no collection touches them
    try:
        as_objects = _copied_by_reading(plain, zlib_read)
        in_chunks = _copied_by_reading(packed, lambda body: body.unpack())
    finally:
        gc.unfreeze()
    assert as_objects > 0.8 * size  # the control: copied whole
    assert in_chunks < 0.25 * size, (in_chunks, size)


def zlib_read(body: bytes) -> None:
    import zlib

    zlib.decompress(body)
