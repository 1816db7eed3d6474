"""Handing freed memory back to the system (rcreport.memory): what keeps the build's process small while the
chapters and Sphinx run beside it."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from rcreport.memory import return_freed_memory

pytestmark = pytest.mark.unit

STATM = Path("/proc/self/statm")


def resident_mib() -> float:
    """This process's resident memory (Linux)."""
    return int(STATM.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not STATM.is_file(), reason="reads the resident memory from /proc (Linux)")
def test_memory_freed_by_many_small_tables_goes_back_to_the_system():
    """Many small tables of strings, joined and dropped, as the analysis makes them: their memory is freed but kept, until handed back."""
    tables = [pd.DataFrame({"sentence_id": [f"A{n:05d}.s{k:03d}" for k in range(40)], "text": [f"शब्द {n} {k}" * 5 for k in range(40)]}) for n in range(3000)]
    joined = pd.concat(tables, ignore_index=True)
    del tables, joined
    before = resident_mib()
    return_freed_memory()
    assert resident_mib() < before - 10
