"""The cyclic garbage collector paused while a data package is read, previewed and applied.

A national package's import allocates hundreds of millions of short-lived objects (each pass
unpacks 431,000 records a chunk at a time) beside a few million long-lived ones (the plan, the
key → id maps): the records of a chunk outlive the young generations' passes, so the collector kept
starting full passes over the whole heap — 41 of them, 21 s of a 120 s import (``benchmarks
.import_phases`` prints them) — and found next to nothing: what the import drops is freed by
reference counting. The collector is off for the call and on again after it, on every path, as
it was before (the window keeps it off through its own start: left so).
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def pausing(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with the collector ``paused``."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return run
