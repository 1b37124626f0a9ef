#!/usr/bin/env python3
"""The I/O floor of `yishi batch`: what any re-render of a year must do at least.

For every record of the directory: read it, SHA-256 it, write 4 KB to the output
directory (temp file + rename, no fsync, then one sync at the end, as batch writes). Stdlib
only; started as a process like yishi, so interpreter start-up is in the floor too.

    python bench/batch_floor.py RECORDS_DIR OUT_DIR
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def main(records: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(records.glob("*.toml")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        target = out / f"{path.stem}.md"
        tmp = out / f".{path.stem}.md.tmp-{os.getpid()}"
        tmp.write_bytes((digest * 64).encode()[:4096])
        os.replace(tmp, target)
    os.sync()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
