#!/usr/bin/env python3
"""The I/O floors of `yishi batch`: what any run over a year must do at least.

Re-render (the default): for every record of the directory, read it, SHA-256 it, write
4 KB to the output directory (temp file + rename, no fsync, then one sync at the end, as
batch writes).

First run (`--durable`): for every record, read it and SHA-256 it; append 1 KB to a ledger
file and fsync it; write the record back 3 KB longer (temp file + fsync + rename +
directory fsync); write 4 KB of output as above; one sync at the end. That is the order and
the syncs a numbering that survives a crash at any moment needs (docs/records.md).

Stdlib only; started as a process like yishi, so interpreter start-up is in the floor too.

    python bench/batch_floor.py [--durable] RECORDS_DIR OUT_DIR
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _seal(records: Path, path: Path, data: bytes, digest: str) -> None:
    """The durable part of one sealed change: the ledger entry, then the record."""
    ledger = records / ".floor-ledger.jsonl"
    fd = os.open(ledger, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (digest * 16).encode()[:1023] + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    tmp = records / f".{path.name}.tmp-{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, data + (digest * 48).encode()[:3072])
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    _fsync_dir(records)


def main(records: Path, out: Path, durable: bool = False) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(records.glob("*.toml")):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if durable:
            _seal(records, path, data, digest)
        target = out / f"{path.stem}.md"
        tmp = out / f".{path.stem}.md.tmp-{os.getpid()}"
        tmp.write_bytes((digest * 64).encode()[:4096])
        os.replace(tmp, target)
    os.sync()
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    durable = "--durable" in args
    paths = [a for a in args if a != "--durable"]
    sys.exit(main(Path(paths[0]), Path(paths[1]), durable))
