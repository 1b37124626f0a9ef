"""The one seam for time, so tests and golden files are deterministic (YISHI_NOW)."""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    fixed = os.environ.get("YISHI_NOW")
    if fixed:
        return dt.datetime.fromisoformat(fixed)
    return dt.datetime.now().astimezone().replace(microsecond=0)


def stamp() -> str:
    return now().isoformat()
