"""The garbage collector's policy of the window: a full collection never freezes the window.

CPython's full collection (the oldest generation) walks every tracked object while holding the GIL,
so the GUI thread cannot run meanwhile, whichever thread triggered it. With the window's imports
(about 100,000 objects) and a long read on the worker (hundreds of thousands of ORM objects alive),
each one took 100 to 1,300 ms: the stalls `benchmarks/bench_window.py` measured while « Fins de
contrat » or the hours were read. So:

- what exists once the window or a screen is built (modules, classes, wrappers) leaves the
  collector's walk (`settle`, i.e. `gc.freeze`): it lives as long as the window anyway;
- while the worker runs units of work, full collections are held off (`hold`; the young
  generations are still collected); once the worker is idle (`release`), the next full collection
  runs on a small heap, the read's objects being gone.
"""

from __future__ import annotations

import gc
import threading

HELD = 1_000_000_000  # the oldest generation's threshold while held: never reached in one unit of work

_lock = threading.Lock()
_normal: int | None = None  # the threshold to give back (None: not held)
_settling = False


def install() -> None:
    """The application session of a window starts: `settle` freezes from now on (not in tests, whose
    many windows would leave their garbage frozen)."""
    global _settling
    _settling = True


def uninstall() -> None:
    global _settling
    _settling = False


def settle() -> None:
    """Move every object alive now out of the collector's walk (the window's lasting objects)."""
    if _settling:
        gc.freeze()


def hold() -> None:
    """No full collection until `release` (young collections go on)."""
    global _normal
    with _lock:
        if _normal is not None:
            return
        first, second, third = gc.get_threshold()
        _normal = third
        gc.set_threshold(first, second, HELD)


def release() -> None:
    """Full collections as before `hold`."""
    global _normal
    with _lock:
        if _normal is None:
            return
        first, second, _ = gc.get_threshold()
        gc.set_threshold(first, second, _normal)
        _normal = None


def held() -> bool:
    with _lock:
        return _normal is not None
