"""The floor for a one-shot recording command: stdlib only.

`python bench/floor.py attend MEMBER... --records DIR` does what `yishi attend` must do at
the least: find the current meeting, lock it, read and parse its TOML record, check the
members against the record's rules snapshot, append a log entry, and write the record
atomically (temp file, fsync, rename, directory fsync) with a small hand-written TOML
writer. No typer, no rules model, no replay: the cost of Python plus the file work.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------------------- TOML writer


def _key(key: str) -> str:
    bare = key and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)
    return key if bare else _str(key)


def _str(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes (json never emits \/)
    return json.dumps(value, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value).__name__)


def _is_aot(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(table: dict[str, Any], path: tuple[str, ...], out: list[str], aot: bool = False) -> None:
    plain = [(k, v) for k, v in table.items() if not isinstance(v, dict) and not _is_aot(v)]
    if path:
        name = ".".join(_key(p) for p in path)
        out.append(f"\n[[{name}]]" if aot else f"\n[{name}]")
    out.extend(f"{_key(k)} = {_value(v)}" for k, v in plain)
    for key, value in table.items():
        if isinstance(value, dict):
            _table(value, path + (key,), out)
        elif _is_aot(value):
            for element in value:
                _table(element, path + (key,), out, aot=True)


def dumps(doc: dict[str, Any]) -> str:
    out: list[str] = []
    _table(doc, (), out)
    return "\n".join(out).lstrip("\n") + "\n"


# ---------------------------------------------------------------------------- the command


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


def attend(records: Path, members: list[str], cmd: str) -> str:
    meeting_id = (records / ".current").read_text(encoding="utf-8").strip()
    path = records / f"{meeting_id}.toml"
    lock = os.open(records / f".{meeting_id}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        known = {m["id"]: m["name"] for m in doc["rules"]["members"]}
        by_name = {name: mid for mid, name in known.items()}
        ids = []
        for member in members:
            mid = member if member in known else by_name.get(member)
            if mid is None:
                raise SystemExit(f"error: unknown member {member}")
            ids.append(mid)
        log = doc.setdefault("log", [])
        n = max((e["n"] for e in log), default=0) + 1
        now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
        log.append({"n": n, "at": now, "cmd": cmd, "op": "attend", "members": ids})
        doc["meeting"]["revision"] = doc["meeting"].get("revision", 0) + 1
        atomic_write(path, dumps(doc).encode("utf-8"))
    finally:
        os.close(lock)
    return "present: " + "、".join(known[i] for i in ids)


def main(argv: list[str]) -> None:
    args = list(argv)
    records = Path(os.environ.get("YISHI_RECORDS", "records"))
    if "--records" in args:
        i = args.index("--records")
        records = Path(args[i + 1])
        del args[i : i + 2]
    if not args or args[0] != "attend":
        raise SystemExit("usage: floor.py attend MEMBER... [--records DIR]")
    print(attend(records, args[1:], "floor " + " ".join(argv)))


if __name__ == "__main__":
    main(sys.argv[1:])
