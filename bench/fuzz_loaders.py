#!/usr/bin/env python3
"""Coverage-guided fuzzing of the two loaders with atheris: `make fuzz`
(= `python bench/fuzz_loaders.py -atheris_runs=20000`; any libFuzzer flag works, and a
corpus directory may be given, e.g. `python bench/fuzz_loaders.py corpus/ -max_len=65536`).

One input drives one of four targets (its first byte chooses):
  0  `yishi.rules.check_file` on the raw bytes: must return a problem list, never raise;
     a file it accepts must build into a model;
  1  the same on a valid sample rules file with the input spliced in;
  2  `Store.read` + `Store.meeting` on the raw bytes: only YishiError may escape;
  3  the same on a valid meeting record with the input spliced in, then a change, which
     must leave a record that does not load byte-identical.
Without atheris installed it falls back to a plain random-mutation loop (same targets).
Outside CI: the tests in tests/test_fuzz_*.py are the bounded, deterministic version.
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    import atheris
except ImportError:  # pragma: no cover - exercised by hand
    atheris = None

if atheris is not None:
    with atheris.instrument_imports(include=["yishi"]):  # tomllib is stdlib, well fuzzed
        import yishi.record  # noqa: F401
        import yishi.rules
        import yishi.schema  # noqa: F401
        import yishi.store
        import yishi.toml_locate  # noqa: F401
else:
    import yishi.rules
    import yishi.store

# logic, not the disk, is under test here (tests/test_durability.py is about the disk):
# without fsync an input runs in a few milliseconds instead of tens
import os  # noqa: E402

from yishi.errors import YishiError  # noqa: E402

os.fsync = lambda fd: None

WORK = Path(tempfile.mkdtemp(prefix="yishi-fuzz-"))
RULES_PATH = WORK / "rules.toml"
RULES_SEED = (ROOT / "tests" / "fixtures" / "eight.toml").read_bytes()


def _seed_record() -> tuple[yishi.store.Store, str, bytes]:
    rules = yishi.rules.load(ROOT / "tests" / "fixtures" / "eight.toml")
    store = yishi.store.Store(WORK / "records")
    meeting_id = store.create(
        {"body": rules.body.id, "type": "party_group", "date": "2024-03-05", "chair": "zhang"},
        rules,
    )
    for event in (
        {"op": "attend", "members": ["zhang", "li", "wang", "zhao", "chen"]},
        {"op": "leave", "member": "liu", "reason": "出差", "opinion": "同意"},
        {"op": "item", "title": "任免", "kind": "personnel", "candidates": ["甲", "乙"]},
        {
            "op": "vote",
            "items": [1],
            "method": "secret",
            "candidate": "甲",
            "yes": 4,
            "no": 1,
            "abstain": 0,
        },
        {
            "op": "item",
            "title": "资金",
            "kind": "general",
            "recorded_kind": "large_fund",
            "amount": "800",
        },
        {
            "op": "vote",
            "items": [2],
            "method": "hands",
            "yes_names": ["zhang", "li", "wang"],
            "no_names": ["zhao"],
        },
        {"op": "decide", "item": 2, "text": "同意"},
    ):
        store.change(meeting_id, lambda m, e=event: e, "fuzz-seed")
    store.undo(meeting_id, "fuzz-seed undo")
    return store, meeting_id, store.path(meeting_id).read_bytes()


STORE, MEETING_ID, RECORD_SEED = _seed_record()
RECORD_PATH = STORE.path(MEETING_ID)


def _splice(seed: bytes, data: bytes, where: int, cut: int) -> bytes:
    where %= len(seed) + 1
    return seed[:where] + data + seed[where + cut % 64 :]


def check_rules(data: bytes) -> None:
    RULES_PATH.write_bytes(data)
    merged, problems = yishi.rules.check_file(RULES_PATH)
    assert isinstance(problems, list)
    for problem in problems:
        problem.message("en")
        problem.message("zh")
    if merged is not None:
        yishi.rules.build(merged)


def check_record(data: bytes, change: bool) -> None:
    RECORD_PATH.write_bytes(data)
    try:
        STORE.read(MEETING_ID)
        STORE.meeting(MEETING_ID)
        loads = True
    except YishiError:
        loads = False
    if not change:
        return
    try:
        STORE.change(MEETING_ID, lambda m: {"op": "guest", "name": "fuzz", "role": ""}, "fz")
    except YishiError:
        assert RECORD_PATH.read_bytes() == data, "a refused change rewrote the record"
        return
    assert loads, "a change was written over a record that does not load"
    STORE.meeting(MEETING_ID)


def one_input(data: bytes) -> None:
    if not data:
        return
    target, where, cut, payload = (
        data[0] % 4,
        int.from_bytes(data[1:3] or b"\0", "big"),
        data[3] if len(data) > 3 else 0,
        data[4:],
    )
    if target == 0:
        check_rules(payload)
    elif target == 1:
        check_rules(_splice(RULES_SEED, payload, where, cut))
    elif target == 2:
        check_record(payload, change=False)
    else:
        check_record(_splice(RECORD_SEED, payload, where * 7, cut), change=True)


def _fallback(argv: list[str]) -> None:
    runs = 2000
    for arg in argv:
        if arg.startswith(("-atheris_runs=", "-runs=")):
            runs = int(arg.split("=", 1)[1])
    rng = random.Random(6)
    print(f"atheris is not installed: {runs} random mutations instead", file=sys.stderr)
    for i in range(runs):
        size = rng.choice([0, 1, 4, 16, 64, 512])
        data = bytes([i % 4]) + bytes(rng.randrange(256) for _ in range(3 + size))
        one_input(data)
    print(f"done: {runs} inputs, no failure", file=sys.stderr)


def main() -> None:
    if atheris is None:
        _fallback(sys.argv[1:])
        return
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
