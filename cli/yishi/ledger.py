"""The ledger of issued numbers: one append-only, hash-chained, signed log per body.

`records/.ledger/BODY.jsonl` holds one JSON object per line:

- entry 0, `op = "genesis"`: the ledger's random id (a seal names the ledger it belongs
  to, so a record copied in from another records directory is told apart), the body, and
  what yishi 0.1 had already handed out (`floor`: the last seq per meeting type and year;
  `legacy`: the 0.1 records with their unsigned digests);
- `op = "issue"`: number, seq, meeting type, year, meeting id and date, seal generation 1,
  the record's digest, and the record's `issue` log entry itself (`event`);
- `op = "amend"`: a new seal generation of an issued record (same fields);
- `op = "void"`: entry `entry` never reached its record (`yishi repair`); its number stays
  used, never handed out again.

Every entry has `i` (its index), `at`, `prev` (SHA-256 of the previous line) and `sig` (the
office key's Ed25519 signature over the entry without `sig`). A removed, reordered or edited
entry breaks the chain; an entry forged without the key fails its signature. The head (index
and hash of the last entry) is also kept outside the records directory, beside the key
(`$XDG_CONFIG_HOME/yishi/ledgers.toml`, written when a transaction ends), so cutting entries
off the end is caught on this machine even though the rest of the chain still links.

Numbers come only from here: the next seq of a type and year is one more than the highest
in the ledger (or its genesis floor), taken under the body's ledger lock. `transaction`
holds that lock, repairs what a crash can leave (a torn last line; an entry whose record
write did not happen, which is completed from the entry's `event` when the record replays to
the entry's digest), and then appends. Order of a transaction: the entry is appended and
made durable first, the record written second (batch: up to GROUP entries in one write,
their records after one sync: yishi.seal.commit_all); so a crash leaves at worst entries
without their records (completed by the next transaction, which looks back GROUP entries,
or by `yishi repair`), never a record without its entry, and never a number handed out
twice.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yishi.canonical_json import canonical, fast_loads
from yishi.errors import StateError
from yishi.message import Keyed

DIR = ".ledger"
SUFFIX = ".jsonl"
WITNESS = "ledgers.toml"
# the most entries one append writes before the records they name (yishi.seal.commit_all):
# a crash can leave no more than these without their records, so opening a transaction
# looks back this far (yishi.integrity.complete_trailing)
GROUP = 16
Doc = dict[str, Any]


def _hash(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()


def signed_part(entry: Doc) -> bytes:
    return canonical({k: v for k, v in entry.items() if k != "sig"})


def path_of(root: Path, body: str) -> Path:
    return _path_of(root, body)


@functools.lru_cache(maxsize=256)
def _path_of(root: Path, body: str) -> Path:
    # (memoized: a batch asks for a body's ledger once a meeting)
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", body)[:64] or "_"
    return Path(root) / DIR / f"{safe}{SUFFIX}"


@dataclass
class Problem(Keyed):
    key: str  # catalog key (catalog/integrity.py): ledger.chain_broken ...
    params: dict[str, Any] = field(default_factory=dict)


class _Index:
    """What `Ledger` answers from, built from its entries in order and extended as entries
    are appended: voided entry numbers, each meeting's entries and its latest standing
    sealing entry, the highest seq per (type, year) and the latest meeting date of the
    standing issues per (type, year), an upper bound. A void (only `yishi repair` writes
    one) recomputes what it touches. Entries are only ever appended; the index is rebuilt
    when the last entry it saw is no longer where it was (the list was cut or replaced).
    tests/test_ledger_index.py holds it to a walk over every entry."""

    def __init__(self) -> None:
        self.count = 0
        self.last: Doc | None = None  # the last entry seen (the same object, not a copy)
        self.void: set[int] = set()
        self.mine: dict[str, list[Doc]] = {}
        self.latest: dict[str, Doc] = {}
        self.top_seq: dict[tuple[Any, Any], int] = {}
        self.last_date: dict[tuple[Any, Any], str] = {}

    def covers(self, entries: list[Doc]) -> bool:
        return self.count <= len(entries) and (
            self.count == 0 or entries[self.count - 1] is self.last
        )

    def extend(self, entries: list[Doc]) -> None:
        for e in entries[self.count :]:
            self._add(e)
        self.count = len(entries)
        self.last = entries[-1] if entries else None

    def _add(self, e: Doc) -> None:
        op = e.get("op")
        if op == "void" and isinstance(e.get("entry"), int):
            self.void.add(e["entry"])
            for meeting, own in self.mine.items():  # the voided entry's meeting, if seen
                if any(x.get("i") == e["entry"] for x in own):
                    self._relatest(meeting)
        if op == "issue":
            key = (e.get("type"), e.get("year"))
            if isinstance(e.get("seq"), int):
                self.top_seq[key] = max(self.top_seq.get(key, 0), e["seq"])
            self.last_date[key] = max(self.last_date.get(key, ""), str(e.get("date", "")))
        named = e.get("meeting")
        if not isinstance(named, str):
            return
        self.mine.setdefault(named, []).append(e)
        if op in ("issue", "amend") and e.get("i") not in self.void:
            self.latest[named] = e

    def _relatest(self, meeting: str) -> None:
        self.latest.pop(meeting, None)
        for x in self.mine[meeting]:
            if x.get("op") in ("issue", "amend") and x.get("i") not in self.void:
                self.latest[meeting] = x


@dataclass
class Ledger:
    body: str
    path: Path
    entries: list[Doc] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the chain, as read
    torn: int = 0  # bytes of an unterminated last line (a crash while appending)
    size: int = 0  # bytes of the well-formed lines
    # what the questions below need, kept up to date as entries are appended (a batch
    # asks once per meeting: O(1) each, not O(entries)); see _Index
    _index: _Index | None = field(default=None, repr=False, compare=False)
    _resolved: str = field(default="", repr=False, compare=False)  # path.resolve(), once
    # (witness file state, entries, witness_problems then): see witness_problems
    _witness_memo: tuple[Any, int, tuple[Problem, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    def _indexed(self) -> _Index:
        index = self._index
        if index is None or not index.covers(self.entries):
            index = self._index = _Index()
        index.extend(self.entries)
        return index

    def entries_of(self, meeting: str) -> list[Doc]:
        """The entries that name `meeting`, in ledger order."""
        return list(self._indexed().mine.get(meeting, ()))

    @property
    def id(self) -> str:
        return str(self.entries[0].get("ledger", "")) if self.entries else ""

    @property
    def genesis(self) -> Doc:
        return self.entries[0] if self.entries else {}

    def voided(self) -> set[int]:
        return set(self._indexed().void)

    def sealing(self, last: int | None = None) -> list[Doc]:
        """The issue and amend entries that stand (not voided): of the whole ledger, or of
        its `last` entries."""
        void = self.voided()
        entries = self.entries if last is None else self.entries[-last:]
        return [e for e in entries if e.get("op") in ("issue", "amend") and e.get("i") not in void]

    def latest(self, meeting: str) -> Doc | None:
        return self._indexed().latest.get(meeting)

    def last_seq(self, type_: str, year: int) -> int:
        floor = self.genesis.get("floor", {}).get(f"{type_}/{year}", 0)
        top = self._indexed().top_seq.get((type_, year), 0)  # voided numbers stay used
        return max(floor if isinstance(floor, int) else 0, top)

    def issued_after(self, type_: str, year: int, date: str) -> list[Doc]:
        """The standing issue entries of a type and year for meetings held after `date`."""
        index = self._indexed()
        if index.last_date.get((type_, year), "") <= date:  # the usual case: none
            return []
        return [
            e
            for e in self.sealing()
            if e.get("op") == "issue"
            and e.get("type") == type_
            and e.get("year") == year
            and str(e.get("date", "")) > date
        ]

    def duplicates(self) -> dict[str, list[Doc]]:
        """Numbers held by more than one standing issue entry."""
        by: dict[str, list[Doc]] = {}
        for e in self.sealing():
            if e.get("op") == "issue":
                by.setdefault(str(e.get("number")), []).append(e)
        return {n: es for n, es in by.items() if len(es) > 1}


def load(root: Path, body: str) -> Ledger | None:
    """The body's ledger as on disk (None if it has none), with what breaks its chain."""
    path = path_of(root, body)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateError(
            "ledger.unreadable", path=str(path), error=exc.strerror or str(exc)
        ) from None
    ledger = Ledger(body, path)
    lines = data.split(b"\n")
    tail = lines.pop()  # after the last newline: empty, or a line cut short by a crash
    if tail:
        ledger.torn = len(tail)
        ledger.problems.append(Problem("ledger.torn", {"path": str(path)}))
    ledger.size = len(data) - len(tail)
    prev = ""
    for index, line in enumerate(lines):
        try:
            entry = fast_loads(line)
        except ValueError:
            entry = None
        if not isinstance(entry, dict):
            ledger.problems.append(Problem("ledger.line_damaged", {"line": index + 1}))
            prev = _hash(line)
            ledger.entries.append({"i": index, "op": "?"})
            ledger.hashes.append(prev)
            continue
        if entry.get("i") != index or entry.get("prev", "") != prev:
            ledger.problems.append(
                Problem("ledger.chain_broken", {"i": index, "n": entry.get("i")})
            )
        if index == 0 and (entry.get("op") != "genesis" or entry.get("body") != body):
            ledger.problems.append(Problem("ledger.no_genesis", {}))
        prev = _hash(line)
        ledger.entries.append(entry)
        ledger.hashes.append(prev)
    for number, entries in ledger.duplicates().items():
        ledger.problems.append(
            Problem(
                "ledger.number_twice",
                {
                    "number": number,
                    "entries": ", ".join(str(e.get("i")) for e in entries),
                    "meetings": ", ".join(str(e.get("meeting")) for e in entries),
                },
            )
        )
    return ledger


def signature_problems(
    ledger: Ledger, only: set[Any] | None = None, *, entries: list[Doc] | None = None
) -> list[Problem]:
    """Entries not signed by a key this machine trusts (all, those of `only`, or
    `entries`)."""
    from yishi import keys

    out = []
    for entry in ledger.entries if entries is None else entries:
        if only is not None and entry.get("i") not in only:
            continue
        status = keys.check(signed_part(entry), entry.get("sig"))
        if status != "ok":
            key = (
                entry.get("sig", {}).get("key", "?") if isinstance(entry.get("sig"), dict) else "?"
            )
            out.append(Problem(f"ledger.sig_{status}", {"i": entry.get("i"), "key": key}))
    return out


# ---------------------------------------------------------------------------- witness


def _witness_path() -> Path:
    from yishi.keys import home_file

    return home_file(WITNESS)


def _witness_key(ledger: Ledger) -> str:
    if not ledger._resolved:  # (batch asks once a meeting)
        ledger._resolved = str(ledger.path.resolve())
    return ledger._resolved


_WITNESS: dict[str, tuple[tuple[int, int, int], Doc]] = {}


def _witness() -> Doc | None:
    """The witness file, parsed once per state of the file within a process."""
    return _witnessed()[1]


def _witnessed() -> tuple[tuple[int, int, int] | None, Doc | None]:
    """(state of the witness file, the file parsed): None, None when it cannot be read."""
    from yishi import toml_read as tomllib

    path = str(_witness_path())
    try:
        st = os.stat(path)
        state = (st.st_size, st.st_mtime_ns, st.st_ino)
        hit = _WITNESS.get(path)
        if hit is not None and hit[0] == state:
            return hit
        with open(path, encoding="utf-8") as handle:
            seen = tomllib.loads(handle.read())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None, None
    _WITNESS.clear()
    _WITNESS[path] = (state, seen)
    return state, seen


def witness_problems(ledger: Ledger) -> list[Problem]:
    """Compare with the head this machine last wrote to this ledger file (kept with the
    ledger per state of the witness file: a batch asks once a meeting)."""
    state, seen = _witnessed()
    if seen is None:
        return []
    memo = ledger._witness_memo
    if memo is not None and memo[0] == state and memo[1] == len(ledger.entries):
        return list(memo[2])
    found = _witness_problems(ledger, seen)
    ledger._witness_memo = (state, len(ledger.entries), tuple(found))
    return found


def witness_head(ledger: Ledger) -> Any:
    """What the witness file says of this ledger file (its table, as parsed: the same
    object while the file is unchanged), or None."""
    seen = _witnessed()[1]
    if seen is None:
        return None
    ledgers = seen.get("ledgers")
    return ledgers.get(_witness_key(ledger)) if isinstance(ledgers, dict) else None


def _witness_problems(ledger: Ledger, seen: Doc) -> list[Problem]:
    head = seen.get("ledgers", {}).get(_witness_key(ledger))
    if not isinstance(head, dict) or not isinstance(head.get("entries"), int):
        return []
    count, digest, lid = head["entries"], head.get("head"), head.get("ledger")
    if lid and ledger.id and lid != ledger.id:
        return [Problem("ledger.replaced", {"seen": lid, "now": ledger.id})]
    if len(ledger.entries) < count:
        return [Problem("ledger.truncated", {"seen": count, "now": len(ledger.entries)})]
    if ledger.hashes[count - 1] != digest:
        return [Problem("ledger.rewritten", {"i": count - 1})]
    return []


def _update_witness(ledger: Ledger) -> None:
    import tomli_w

    from yishi import keys
    from yishi import toml_read as tomllib

    path = _witness_path()
    try:
        seen = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        seen = {}
    found = seen.get("ledgers")
    table: dict[str, Any] = found if isinstance(found, dict) else {}
    table[_witness_key(ledger)] = {
        "ledger": ledger.id,
        "body": ledger.body,
        "entries": len(ledger.entries),
        "head": ledger.hashes[-1],
    }
    _sweep(path.parent)
    head = (
        "# yishi: the last entry this machine wrote to each ledger of issued numbers,\n"
        "# so that a ledger cut short is caught (see docs/records.md).\n"
    )
    with contextlib.suppress(keys.KeyStoreError):  # the ledger itself is written already
        keys._write(path, (head + tomli_w.dumps({"ledgers": table})).encode("utf-8"), 0o644)


def _sweep(folder: Path) -> None:
    """Temp files that killed writers left beside the key (their process is gone)."""
    from yishi.integrity import _alive

    for stale in folder.glob(".*.tmp-*"):
        found = re.search(r"\.tmp-(\d+)-", stale.name)
        if found and not _alive(int(found.group(1))):
            with contextlib.suppress(OSError):
                stale.unlink()


# ---------------------------------------------------------------------------- writing


class Transaction:
    """The body's ledger under its lock: `next_seq`, `append`."""

    def __init__(self, store: Any, ledger: Ledger) -> None:
        self.store = store
        self.ledger = ledger
        self._legacy: Doc | None = None
        self.recovered: list[Doc] = []  # entries a crash left, completed on opening
        self.appended = 0
        self._outside = False  # keys.ensure_outside has passed for this records directory
        self._genesis_id: str | None = None  # drawn by next_id before the genesis is written

    def legacy(self) -> Doc:
        """What the genesis entry will take over from yishi 0.1 (read once)."""
        if self._legacy is None:
            self._legacy = _legacy(self.store, self.ledger.body)
        return self._legacy

    def next_seq(self, type_: str, year: int) -> int:
        if not self.ledger.entries:  # the genesis is written with the first entry
            return int(self.legacy()["floor"].get(f"{type_}/{year}", 0)) + 1
        return self.ledger.last_seq(type_, year) + 1

    def next_id(self) -> str:
        """The ledger's id, drawn now for a genesis not yet written."""
        if self.ledger.entries:
            return self.ledger.id
        if self._genesis_id is None:
            self._genesis_id = os.urandom(8).hex()
        return self._genesis_id

    def next_index(self) -> int:
        """The `i` the next `append` gives its entry (1 when the genesis comes first)."""
        return len(self.ledger.entries) or 1

    def append(self, fields: Doc) -> Doc:
        """Sign and append one entry, fsynced (the genesis first, when there is none)."""
        return self.append_all([fields])[-1]

    def append_all(self, many: list[Doc], *, flush: bool = True) -> list[Doc]:
        """Sign and append entries (the genesis first, when there is none) in one write,
        fsynced, or, with `flush=False`, left for the caller to make durable before it
        writes any record they name (yishi.seal.commit_all syncs them with the records'
        temp files). At most GROUP entries: a transaction's recovery looks back that far."""
        from yishi import keys as keys_mod
        from yishi.clock import stamp

        ledger = self.ledger
        if not ledger.entries:
            genesis = {"op": "genesis", "ledger": self.next_id(), "body": ledger.body}
            many = [{**genesis, **self.legacy()}, *many]
        if len(many) > GROUP + (not ledger.entries):
            raise AssertionError(f"{len(many)} entries in one append (at most {GROUP})")
        if not self._outside:  # once a transaction: it resolves both paths
            keys_mod.ensure_outside(self.store.root)
            self._outside = True
        entries, lines, hashes = [], [], []
        prev = ledger.hashes[-1] if ledger.hashes else ""
        for k, fields in enumerate(many):
            entry = {**fields, "i": len(ledger.entries) + k, "prev": prev}
            entry.setdefault("at", stamp())
            entry["sig"] = keys_mod.sign(signed_part(entry))
            line = canonical(entry) + b"\n"
            prev = _hash(line[:-1])
            entries.append(entry)
            lines.append(line)
            hashes.append(prev)
        first = not ledger.entries
        if first:  # the genesis: the ledger's directory may not be there yet
            ledger.path.parent.mkdir(parents=True, exist_ok=True)
        data = b"".join(lines)
        fd = os.open(ledger.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            view = memoryview(data)
            while view:  # a regular file takes it all, unless the disk is full
                view = view[os.write(fd, view) :]
            if flush:
                os.fsync(fd)
        finally:
            os.close(fd)
        if first and flush:
            from yishi.store import _fsync_dir

            _fsync_dir(ledger.path.parent)
        ledger.entries += entries
        ledger.hashes += hashes
        ledger.size += len(data)
        self.appended += len(entries)
        _CACHE.pop(str(ledger.path), None)
        return entries


def _legacy(store: Any, body: str, year: int | None = None) -> Doc:
    """What yishi 0.1 handed out before this ledger began: its `.numbers.toml` and the
    issued records with unsigned seals (of `year` only, if given)."""
    from yishi import toml_read as tomllib
    from yishi.errors import YishiError

    floor: dict[str, int] = {}
    try:
        old = tomllib.loads((store.root / ".numbers.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        old = {}
    types = old.get(body, {})
    for type_, years in types.items() if isinstance(types, dict) else ():
        for year_key, seq in years.items() if isinstance(years, dict) else ():
            if str(year_key).isdigit() and isinstance(seq, int):
                floor[f"{type_}/{year_key}"] = seq
    legacy = []
    for mid in store.ids(year):
        try:
            fact = store.legacy_fact(mid)
        except YishiError:
            continue
        if fact is None or fact["body"] != body:
            continue
        seq, date = fact["seq"], fact["date"]
        if isinstance(seq, int) and date[:4].isdigit():
            key = f"{fact['type']}/{date[:4]}"
            floor[key] = max(floor.get(key, 0), seq)
        legacy.append({"meeting": mid, "number": fact["number"], "digest": fact["digest"]})
    return {"floor": floor, "legacy": legacy}


def legacy_last(store: Any, body: str, type_: str, year: int) -> int:
    """Before a body has a ledger: the last seq yishi 0.1 handed out (its `.numbers.toml`
    and the issued records)."""
    return int(_legacy(store, body, year)["floor"].get(f"{type_}/{year}", 0))


def _truncate_torn(ledger: Ledger) -> None:
    """Cut an unterminated last line: its append never finished, so no record refers to it."""
    with open(ledger.path, "r+b") as handle:
        handle.truncate(ledger.size)
        os.fsync(handle.fileno())
    ledger.torn = 0
    ledger.problems = [p for p in ledger.problems if p.key != "ledger.torn"]


@contextlib.contextmanager
def transaction(store: Any, body: str) -> Iterator[Transaction]:
    """Hold the body's ledger lock; repair a crashed transaction; yield for appends. A
    ledger whose chain is broken is never appended to (exit 2: `yishi verify --all`)."""
    with store.lock(f"ledger-{re.sub(r'[^A-Za-z0-9_-]', '_', body)[:64]}"):
        ledger = load(store.root, body) or Ledger(body, path_of(store.root, body))
        if ledger.torn:
            _truncate_torn(ledger)
        # the chain links every entry to the last one; the last one must be signed, and no
        # shorter than what this machine last wrote (or a number could be handed out twice)
        problems = ledger.problems + witness_problems(ledger)
        if ledger.entries and not problems:
            problems = signature_problems(ledger, only={len(ledger.entries) - 1})
        if problems:
            raise StateError(
                "ledger.damaged", path=str(ledger.path), problem=problems[0].message("en")
            )
        tx = Transaction(store, ledger)
        if ledger.entries and ledger.entries[-1].get("op") in ("issue", "amend"):
            from yishi.integrity import complete_trailing

            tx.recovered = complete_trailing(store, tx, GROUP)
        try:
            yield tx
        finally:  # the head this machine saw, once per transaction (a lagging head is fine)
            if tx.appended:
                _update_witness(ledger)
            elif not ledger.torn:
                _remember(ledger)  # as read under the lock: `cached` need not read it again


_CACHE: dict[str, tuple[tuple[int, int], Ledger | None]] = {}


def _state(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
        return st.st_size, st.st_mtime_ns
    except OSError:
        return -1, -1


def _remember(ledger: Ledger) -> None:
    """Keep a ledger read under its lock and left unchanged for `cached` (the lock is still
    held, so the file is as it was read)."""
    state = _state(ledger.path)
    if state[0] == ledger.size:
        _CACHE[str(ledger.path)] = (state, ledger)


def cached(root: Path, body: str) -> Ledger | None:
    """`load`, memoised per file state within a process (batch, verify --all)."""
    path = path_of(root, body)
    state = _state(path)
    hit = _CACHE.get(str(path))
    if hit is not None and hit[0] == state:
        return hit[1]
    ledger = load(root, body)
    _CACHE[str(path)] = (state, ledger)
    return ledger


def bodies(root: Path) -> list[str]:
    """Body ids that have a ledger in this records directory."""
    folder = Path(root) / DIR
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            with open(path, "rb") as handle:
                first = json.loads(handle.readline())
            out.append(str(first.get("body", path.stem)))
        except (OSError, ValueError, AttributeError):
            out.append(path.stem)
    return out


__all__ = [
    "Ledger",
    "Problem",
    "Transaction",
    "transaction",
    "load",
    "cached",
    "bodies",
    "signature_problems",
    "witness_problems",
    "signed_part",
    "canonical",
    "path_of",
]
