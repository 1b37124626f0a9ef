"""Worker processes that die with their parent (`yishi batch --jobs N`).

A worker of a killed `batch` (kill -9 leaves it no chance to clean up) must not live on and
keep writing. `die_with_parent` is the pool's initializer: on Linux it asks the kernel to
SIGKILL the worker when its parent dies (prctl PR_SET_PDEATHSIG); everywhere, a watchdog
thread also ends the worker as soon as its parent is gone (it is re-parented).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def _pdeathsig() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watchdog below still works


def _watch(parent: int, every: float) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(every)


def die_with_parent(parent: int, every: float = 0.5) -> None:
    """Initializer of a worker process whose parent has pid `parent`."""
    _pdeathsig()
    if os.getppid() != parent:  # the parent died before the prctl took effect
        os._exit(1)
    threading.Thread(target=_watch, args=(parent, every), daemon=True).start()


__all__ = ["die_with_parent"]
