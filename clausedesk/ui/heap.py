"""How the window shares the interpreter with its background threads: the GIL handed over at once,
and no full garbage collection while they work.

The GIL: PySide6 lets go of the GIL around each call into Qt and takes it back after, and Qt takes it
for each virtual call it makes into a Python object. While another thread runs Python code, each taking
back waits for that thread to give it up, up to `sys.getswitchinterval()` (5 ms by default): building
a screen of 300 widgets took 4 to 18 s beside a busy thread instead of 0.1 s. For the window's session
the interval is `SWITCH_INTERVAL` (`install`): the GUI thread gets the GIL back within half a
millisecond. Nothing is lost when the GUI thread is idle: the interval only matters to a thread that
waits for the GIL.

The garbage collector:

CPython's full collection (the oldest generation) walks every tracked object while holding the GIL,
so the GUI thread cannot run meanwhile, whichever thread triggered it. With the window's imports
(about 100,000 objects) and a long read on the worker (hundreds of thousands of ORM objects alive),
each one took 100 to 1,300 ms: the stalls `benchmarks/bench_window.py` measured while « Fins de
contrat » or the hours were read. So:

- what exists once the window or a screen is built (modules, classes, wrappers) leaves the
  collector's walk (`settle`, i.e. `gc.freeze`): it lives as long as the window anyway;
Work done ahead of time (ui/preload.py) waits until the GUI thread has been calm for a moment
(`gui_busy`, `gui_calm_for`): it never competes with a screen being built or a result being shown.

- while the worker runs units of work, or the preloading thread loads the screens' modules and the
  reference tables, full collections are held off (`hold(who)`; the young generations are still
  collected); once every holder let go (`release(who)`), the next full collection runs on a small
  heap, the read's objects being gone.
"""

from __future__ import annotations

import gc
import sys
import threading
import time

HELD = 1_000_000_000  # the oldest generation's threshold while held: never reached in one unit of work
SWITCH_INTERVAL = 0.0005  # seconds a thread waiting for the GIL waits before asking for it (5 ms by default)

_lock = threading.Lock()
_normal: int | None = None  # the threshold to give back (None: not held)
_holders: set[str] = set()
_settling = False
_interval: float | None = None  # the interpreter's own switch interval, given back by `uninstall`


def install() -> None:
    """The application session of a window starts: the GIL comes back to the GUI thread quickly, and
    `settle` freezes from now on (not in tests, whose many windows would leave their garbage frozen)."""
    global _settling, _interval
    _settling = True
    if _interval is None:
        _interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)


def uninstall() -> None:
    global _settling, _interval
    _settling = False
    if _interval is not None:
        sys.setswitchinterval(_interval)
        _interval = None


def installed() -> bool:
    """True during a window's application session (not in tests)."""
    return _settling


def settle() -> None:
    """Move every object alive now out of the collector's walk (the window's lasting objects)."""
    if _settling:
        gc.freeze()


def hold(who: str = "worker") -> None:
    """No full collection until every holder called `release` (young collections go on)."""
    global _normal
    with _lock:
        _holders.add(who)
        if _normal is not None:
            return
        first, second, third = gc.get_threshold()
        _normal = third
        gc.set_threshold(first, second, HELD)


def release(who: str = "worker") -> None:
    """Full collections as before the first `hold`, once the last holder let go."""
    global _normal
    with _lock:
        _holders.discard(who)
        if _normal is None or _holders:
            return
        first, second, _ = gc.get_threshold()
        gc.set_threshold(first, second, _normal)
        _normal = None


_last_busy = 0.0  # time.monotonic() of the GUI thread's last heavy moment (a screen built, a result shown)


def gui_busy() -> None:
    """Called by the GUI thread when it does a heavy piece of work: work ahead of time waits."""
    global _last_busy
    _last_busy = time.monotonic()


def gui_calm_for() -> float:
    """Seconds since the GUI thread's last heavy piece of work."""
    return time.monotonic() - _last_busy


def held() -> bool:
    with _lock:
        return _normal is not None
