"""Reading files a hostile directory may hold: only regular files, never more than a bound.

A FIFO named `x.toml` would block `open()` forever, `/dev/zero` behind a symlink would
be read until memory runs out, and `stat().st_size` says 0 for both. `read_regular`
opens with O_NONBLOCK (a FIFO opens at once), checks the opened file is a regular one
(fstat: no race between check and read) and reads at most `limit + 1` bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """The path is a directory, FIFO, socket or device, not a regular file."""


class TooLarge(OSError):
    """The file is bigger than the caller's bound."""

    def __init__(self, size: int) -> None:
        super().__init__(f"larger than {size} bytes")
        self.size = size


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file `path` (at most `limit`); NotRegular, TooLarge or
    the OSError of the open/read otherwise."""
    return read_regular_stat(path, limit)[0]


def read_regular_stat(path: Path | str, limit: int) -> tuple[bytes, os.stat_result]:
    """`read_regular`, and the file's status as it was just before it was read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"{path}: not a regular file")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # grew after the fstat
                raise TooLarge(size)
        return b"".join(chunks), info
    finally:
        os.close(fd)


# A file's bytes can be told unchanged without reading them from its size, inode and
# times, unless it changed within a clock tick of being read (file times move in steps of
# a few ms): a change then may keep them all ("racily clean", as git calls it). So a file
# counts as unchanged only while its state holds and it had settled before it was read.
SETTLED_NS = 100_000_000

FileState = tuple[int, int, int, int, int]


def file_state(info: os.stat_result) -> FileState:
    """Size, inode, device, modification and change times (ns) of a status."""
    return (info.st_size, info.st_ino, info.st_dev, info.st_mtime_ns, info.st_ctime_ns)


def settled(state: FileState, read_at_ns: int, window: int | None = None) -> bool:
    """The file had last changed more than `window` (SETTLED_NS) before it was read at
    `read_at_ns`: a later change must move its times."""
    window = SETTLED_NS if window is None else window
    return read_at_ns - max(state[3], state[4]) > window


def is_regular(path: Path | str) -> bool:
    """Whether `path` (symlinks followed) is a regular file; False on any error."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


__all__ = [
    "read_regular",
    "read_regular_stat",
    "file_state",
    "settled",
    "SETTLED_NS",
    "is_regular",
    "NotRegular",
    "TooLarge",
]
