"""Memory handed back before forking workers (output.release_free_memory).

A build frees much of what reading and validating allocated, but malloc keeps the
pages; forked workers would then share (and count) them. Not timed: these check that
the pages really go back to the system.
"""

from __future__ import annotations

import sys

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
