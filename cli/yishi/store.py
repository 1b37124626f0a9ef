"""Meeting records on disk: one TOML file per meeting, written atomically under a lock.

A write is temp file + fsync + os.replace + directory fsync, so a crash leaves the old or
the new record, never a torn one. Every change happens under an exclusive lock on the
meeting, re-reading the file first and bumping `revision`, so two terminals never lose an
update. A record that does not parse is reported with its location and never overwritten.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yishi import toml_read as tomllib
from yishi.clock import stamp
from yishi.errors import InputError, RecordError, StateError, YishiError
from yishi.record_format import CURRENT as FORMAT
from yishi.record_format import upgrade
from yishi.safeio import FileState, file_state, settled
from yishi.shapes import bad_field, too_big

if TYPE_CHECKING:
    from yishi import record as rec
    from yishi.rules import Rules

SUFFIX = ".toml"
CURRENT = ".current"
MAX_RECORD_BYTES = 16 * 1024 * 1024
RESERVE_BYTES = 1024 * 1024  # kept free by recording commands, for undo, issue and amend
Doc = dict[str, Any]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # the rename is done; some filesystems refuse to fsync a directory (EINVAL)
    finally:
        os.close(fd)


def sync_all(paths: list[Path]) -> None:
    """What was written to `paths` on stable storage, at once: on Linux one syncfs(2) per
    filesystem they are on (one device flush for all, where an fsync each costs one
    flush each); elsewhere an fsync of each. Raises OSError."""
    syncfs = _syncfs()
    if syncfs is None:
        for path in paths:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        return
    import ctypes

    devices: dict[int, Path] = {}
    for path in paths:
        devices.setdefault(os.stat(path).st_dev, path)
    for path in devices.values():
        fd = os.open(path, os.O_RDONLY)
        try:
            if syncfs(fd) != 0:  # (since Linux 5.8 it reports a failed write-back too)
                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err), str(path))
        finally:
            os.close(fd)


_SYNCFS: list[Any] = []  # [libc's syncfs or None], resolved when first needed


def _syncfs() -> Any:
    if not _SYNCFS:
        found = None
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                import ctypes

                found = ctypes.CDLL(None, use_errno=True).syncfs
                found.argtypes, found.restype = [ctypes.c_int], ctypes.c_int
        _SYNCFS.append(found)
    return _SYNCFS[0]


# what `Store.raw` last read of each record in this process, (file state, when), and what
# `Store.saw` bound to the bytes' digest: path -> (digest, file state, when read)
_LAST_READ: dict[str, tuple[FileState, int]] = {}
_HELD: dict[str, tuple[str, FileState, int]] = {}
_FILES_KEPT = 100_000  # ids whose path a Store keeps (Store._file)


def atomic_write(path: Path | str, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash at any moment leaves old or new.

    With durable=False the file and directory are not fsynced (still atomic): for outputs
    that can be rendered again, where the caller syncs once at the end (`yishi batch`).
    """
    where = os.fspath(path)
    tmp = None
    try:
        tmp = write_temp_at(where, data, durable=durable)
        os.replace(tmp, where)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise RecordError(
            "record.write_failed", path=where, error=exc.strerror or str(exc)
        ) from None
    if durable:
        _fsync_dir(Path(os.path.dirname(where) or "."))


def write_temp(path: Path, data: bytes, *, durable: bool = False) -> Path:
    """`data` in a new file beside `path`, named `.NAME.tmp-PID-RANDOM` (what a killed
    writer leaves is told by its process id), fsynced if `durable`; its path. Raises
    OSError, leaving nothing behind."""
    return Path(write_temp_at(str(path), data, durable=durable))


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def write_temp_at(path: str, data: bytes, *, durable: bool = False) -> str:
    """`write_temp` for a path given as a string, and the temp file's as one (a batch
    writes a file a meeting: no Path made and taken apart for each)."""
    head, name = os.path.split(path)
    tmp = f"{head or '.'}/.{name}.tmp-{os.getpid()}-{os.urandom(3).hex()}"
    fd = os.open(tmp, _TEMP_FLAGS, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except OSError:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return tmp


def dumps(doc: Doc) -> bytes:
    """The record as TOML, in reading order: header, rules snapshot, seal, then the log."""
    return _dumps(doc)[0]


# the TOML text of a log's first N entries, as `_dumps` rendered it: (N, UTF-8 bytes).
# Kept encoded: a long meeting's log is most of its record, and encoding it again, or
# copying it as str, for every command was the part of a command that grew with it.
LogText = tuple[int, bytes]


def _dumps(doc: Doc, known: LogText | None = None) -> tuple[bytes, LogText | None]:
    """`dumps`, and the text of the log it wrote (when every entry is plain). `known` is
    that text for the log's first entries, unchanged since (a record the cache keeps,
    whose log only grows): only the entries after them are rendered."""
    from yishi import toml_write

    order = ["format", "meeting", "seal", "rules", "log"]
    doc = {k: v for k, v in doc.items() if v != []}  # `log = []` would land inside a table
    keys = [k for k in order if k in doc] + [k for k in doc if k not in order]
    parts: list[bytes] = []
    log_text = None
    for key in keys:
        if key == "rules":
            parts.append(_memo_dump("rules", doc[key]).encode("utf-8"))
        elif key == "log" and (log_text := _log_text(doc[key], known)) is not None:
            parts.append(log_text[1])
        else:
            parts.append(toml_write.dumps({key: doc[key]}).encode("utf-8"))
    data = _top_level(parts) + b"\n"
    if len(data) > MAX_RECORD_BYTES:  # never write a record yishi could not read back
        meeting = doc.get("meeting")
        raise RecordError(
            "store.record_full",
            size=len(data),
            limit=MAX_RECORD_BYTES,
            id=meeting.get("id", "?") if isinstance(meeting, dict) else "?",
        )
    return data, log_text


def _top_level(parts: list[bytes]) -> bytes:
    """Top-level parts of a record (each one table, as tomli-w renders it) one after
    another: `key = value` parts before any `[table]` part, or they would land inside that
    table; judged by the rendered text, as tomli-w writes a short list of tables inline."""
    parts.sort(key=lambda part: part.startswith(b"["))
    return b"\n\n".join(_without_newlines(p) for p in parts)


def _without_newlines(part: bytes) -> memoryview:
    """`part` without its trailing newlines (a view: no copy of a long log's text)."""
    end = len(part)
    while end and part[end - 1] == 0x0A:
        end -= 1
    return memoryview(part)[:end]


def _log_text(log: Any, known: LogText | None) -> LogText | None:
    """The log as `[[log]]` tables one after another, or None when an entry is not plain
    (then tomli-w writes the whole log)."""
    start, text = known if known is not None and known[0] <= len(log) else (0, b"")
    fresh = log[start:]
    if not all(_flat(entry) for entry in fresh):
        return None
    pieces = [text] if start else []
    pieces += [_log_entry(entry).encode("utf-8") for entry in fresh]
    return len(log), b"\n\n".join(pieces)


def legacy_of(doc: Doc) -> Doc | None:
    """A record yishi 0.1 issued (its seal unsigned, naming no ledger): its body, type,
    date, seq, number and seal digest; None for any other record."""
    header, seal = doc["meeting"], doc.get("seal")
    if header.get("state") != "issued" or not isinstance(seal, dict) or "ledger" in seal:
        return None
    return {
        "body": header.get("body"),
        "type": header.get("type"),
        "date": str(header.get("date", "")),
        "seq": header.get("seq"),
        "number": str(header.get("number", "")),
        "digest": str(seal.get("digest", "")),
    }


# ---------------------------------------------------------------------------- kept text

# A sealed change (issue, amend) rewrites only the head of a record (format, [meeting],
# [seal]) and appends log entries; rendering the whole rules snapshot and log again costs
# more than everything else the change does (batch numbering: ~2.5 ms of ~3 ms). The text
# after the head is kept as it was read when that is provably the same document.
_HEAD_KEYS = ("format", "meeting", "seal")
_TABLE_LINE = re.compile(r"^\[\[?([A-Za-z0-9_-]+)", re.MULTILINE)


def kept_tail(raw: bytes, doc: Doc) -> str | None:
    """The text of `raw` after its head, when `doc` (parsed from `raw`, not changed since)
    is exactly that head's parse plus that tail's: the head is every line before the first
    table not under format/meeting/seal, and parses alone to doc's format (the current
    one: nothing was upgraded in memory), meeting and seal. Then the tail can follow a new
    head unchanged: a head that parses alone ends at a statement's end, the tail begins
    with a table header, and it defines nothing of the head's keys. None otherwise (the
    caller renders the whole record). The log must be plain entries, as yishi writes."""
    if set(doc) - {*_HEAD_KEYS, "rules", "log"} or not doc.get("log"):
        return None  # other top-level keys, or no log, are laid out differently
    if not all(_flat(entry) for entry in doc["log"]):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    split = _head_end(text)
    head = _parse_head(text, split)
    if head is None:
        return None
    if any((key in head) != (key in doc) or head.get(key) != doc.get(key) for key in _HEAD_KEYS):
        return None
    return text[split:]


def _head_end(text: str) -> int | None:
    """Where the head (format, [meeting], [seal] and their sub-tables) ends: the first
    table header line of any other table (None: there is none)."""
    return next((m.start() for m in _TABLE_LINE.finditer(text) if m[1] not in _HEAD_KEYS), None)


def _parse_head(text: str, split: int | None) -> Doc | None:
    """The head parsed alone, when it parses, is in the current format and holds only the
    head's keys; else None."""
    if split is None:
        return None
    try:
        head = tomllib.loads(text[:split])
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    if head.get("format") != FORMAT or set(head) - set(_HEAD_KEYS):
        return None
    return head


def head_seal(raw: bytes) -> Doc | None:
    """The `[seal]` of a record read from its head alone (None: no seal, or a head that
    does not parse alone in the current format; read the record whole to be sure)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    head = _parse_head(text, _head_end(text))
    seal = head.get("seal") if head is not None else None
    return seal if isinstance(seal, dict) else None


_SEAL_LINE = re.compile(r"^\[\[?seal\b", re.MULTILINE)


def closed_header(raw: bytes) -> Doc | None:
    """The `[meeting]` table of a closed, unsealed record read from its head alone (the
    batch scan of meetings to number, which parses each whole record when it numbers it):
    only when the head parses alone in the current format, its state is closed, and no
    seal table is anywhere in the text; else None (parse the whole record). A later table
    cannot change a value the head defines (TOML refuses that), so the facts are the ones
    a whole parse gives, when it succeeds."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # first: a sealed record is told at its head's end (the plain substring search first:
    # the regex alone, which tries every line's start, took ~80% of the scan of a record)
    if "[seal" in text and _SEAL_LINE.search(text):
        return None
    head = _parse_head(text, _head_end(text))
    if head is None or "seal" in head:
        return None
    header = head.get("meeting")
    if not isinstance(header, dict) or header.get("state") != "closed":  # record.CLOSED
        return None
    if not all(isinstance(header.get(key), str) for key in ("id", "body", "type", "date")):
        return None
    return header


def dumps_after(doc: Doc, tail: str, new_entries: int) -> bytes:
    """`dumps(doc)` for a document whose text after the head was `tail` (`kept_tail`, read
    before the change) and whose log has grown by its last `new_entries` plain entries:
    the same bytes `dumps` writes when the record was yishi's own, without rendering the
    rules and log again."""
    from yishi import toml_write

    log = doc["log"]
    fresh = log[len(log) - new_entries :]
    if not all(_flat(entry) for entry in fresh):
        return dumps(doc)
    head = _top_level(
        [toml_write.dumps({key: doc[key]}).encode("utf-8") for key in _HEAD_KEYS if key in doc]
    )
    pieces = [head, tail.encode("utf-8"), *(_log_entry(entry).encode("utf-8") for entry in fresh)]
    data = b"\n\n".join(pieces).rstrip(b"\n") + b"\n"
    if len(data) > MAX_RECORD_BYTES:
        return dumps(doc)  # raises record_full as a whole rendering would
    return data


# Rendering TOML is the dearest part of a write, yet a record's rules snapshot and its
# past log entries never change: a process that writes again (the shell, batch numbering)
# reuses their text. A hit needs an equal value, so a stale text is never written.
_MEMO: dict[Any, tuple[Any, str]] = {}
_MEMO_LIMIT = 20_000


def _memo_dump(key: Any, value: Any, render: Callable[[], str] | None = None) -> str:
    import copy

    from yishi import toml_write

    hit = _MEMO.get(key)
    if hit is not None and hit[0] == value:
        return hit[1]
    text = render() if render else toml_write.dumps({key: value})
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = (copy.deepcopy(value), text)
    return text


_PLAIN = frozenset({str, int, bool, float})  # exact types: tested first, no isinstance


def _flat(entry: Any) -> bool:
    """A log entry of plain values and lists of plain values (all of them, so far)."""
    if not isinstance(entry, dict):
        return False
    plain = _PLAIN
    for v in entry.values():
        kind = type(v)
        if kind in plain:
            continue
        if isinstance(v, dict):
            return False
        if isinstance(v, list):
            for x in v:
                if type(x) not in plain and isinstance(x, dict | list):
                    return False
    return True


def _log_entry(entry: dict[str, Any]) -> str:
    from yishi import toml_write

    return _memo_dump(
        ("log", repr(entry.get("n")), repr(entry.get("at"))),
        entry,
        lambda: "[[log]]\n" + toml_write.dumps(entry),
    )


class Store:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        # a batch's one listing of the temp files crashed writers left (see temps_listed)
        self._temps: dict[str, list[str]] | None = None
        # id -> (SHA-256 of the bytes, legacy_of them): what a scan already parsed
        self._legacy_seen: dict[str, tuple[str, Doc | None]] = {}
        self._files: dict[str, str] = {}  # id -> path (see _file)
        self._root = str(self.root)

    # --- paths and ids

    def path(self, meeting_id: str) -> Path:
        return Path(self._file(meeting_id))

    def _file(self, meeting_id: str) -> str:
        """The record's path as a string, its id checked (kept: a batch asks three
        times a meeting, and a Path made and printed each time cost more than the stat)."""
        known = self._files.get(meeting_id)
        if known is not None:
            return known
        if not _valid_id(meeting_id):
            raise InputError("meeting.bad_id", id=meeting_id[:80])
        if len(self._files) >= _FILES_KEPT:
            self._files.clear()
        # (as str(self.root / name) writes it: a valid id has no separator in it)
        root = self._root
        if root == ".":
            known = f"{meeting_id}{SUFFIX}"
        else:
            known = (
                f"{root}{meeting_id}{SUFFIX}"
                if root.endswith("/")
                else f"{root}/{meeting_id}{SUFFIX}"
            )
        self._files[meeting_id] = known
        return known

    def ids(self, year: int | None = None) -> list[str]:
        """Meeting ids, sorted; with `year`, only that year's. An id begins with the
        meeting's date (`create`), so the file names are the index by year: reading a year
        never opens the records of other years."""
        if not self.root.is_dir():
            return []
        pattern = f"{year:04d}-*{SUFFIX}" if year is not None else f"*{SUFFIX}"
        return sorted(
            p.name[: -len(SUFFIX)] for p in self.root.glob(pattern) if not p.name.startswith(".")
        )

    def resolve_id(self, text: str) -> str:
        """A meeting id, or a unique prefix of one."""
        known = self.ids()
        if text in known:
            return text
        matches = [m for m in known if m.startswith(text)]
        if len(matches) == 1:
            return matches[0]
        listing = ", ".join(matches or known[-10:]) or "-"
        key = "meeting.ambiguous" if matches else "meeting.unknown"
        raise InputError(key, id=text, candidates=listing)

    @contextlib.contextmanager
    def lock(self, name: str) -> Iterator[None]:
        path = self.root / f".{name}.lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:  # no records directory yet, or none that can be: made, or said why
            fd = -1
        try:
            if fd < 0:
                self.ensure_root()
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise RecordError(
                "store.unwritable", path=str(self.root), error=exc.strerror or str(exc)
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    # --- current meeting

    def current(self) -> str:
        override = os.environ.get("YISHI_MEETING")
        if override:
            return self.resolve_id(override)
        from yishi.safeio import read_regular

        try:  # a few bytes at most: a huge, binary or special .current names no meeting
            meeting_id = read_regular(self.root / CURRENT, 4096).decode("utf-8").strip()
        except (OSError, UnicodeDecodeError):
            meeting_id = ""
        if meeting_id and not _valid_id(meeting_id):
            raise StateError("store.bad_current", path=str(self.root / CURRENT))
        if not meeting_id or not self.path(meeting_id).is_file():
            raise StateError("meeting.none_current", records=str(self.root))
        return meeting_id

    def ensure_root(self) -> None:
        """Create the records directory; a clear error if it cannot be (a file, read-only)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise RecordError("store.not_a_dir", path=str(self.root)) from None
        except OSError as exc:
            raise RecordError(
                "store.unwritable", path=str(self.root), error=exc.strerror or str(exc)
            ) from None
        if not self.root.is_dir():
            raise RecordError("store.not_a_dir", path=str(self.root))

    def set_current(self, meeting_id: str) -> None:
        self.ensure_root()
        atomic_write(self.root / CURRENT, (meeting_id + "\n").encode())

    # --- reading

    def read(self, meeting_id: str) -> Doc:
        return self._parse(self._raw(meeting_id), self.path(meeting_id))

    def raw(self, meeting_id: str) -> bytes:
        """The bytes the record is made of: all that `parse` reads, so that their digest
        names the record's content (yishi.batch_cache keys on it)."""
        return self._raw(meeting_id)

    def parse(self, raw: bytes, meeting_id: str) -> Doc:
        """The record from its bytes (`raw`), upgraded and shape-checked."""
        return self._parse(raw, self.path(meeting_id))

    def _raw(self, meeting_id: str) -> bytes:
        from yishi.safeio import NotRegular, TooLarge, read_regular_stat

        where = self._file(meeting_id)
        try:
            data, info = read_regular_stat(where, MAX_RECORD_BYTES)
            _LAST_READ[where] = (file_state(info), time.time_ns())
            return data
        except TooLarge:
            raise RecordError("record.too_large", path=where) from None
        except NotRegular:
            raise RecordError("store.not_regular", path=where) from None
        except FileNotFoundError:
            if os.path.islink(where):  # a dangling link named ID.toml: not a record
                raise RecordError("store.not_regular", path=where) from None
            raise InputError("meeting.unknown", id=meeting_id, candidates="-") from None
        except OSError as exc:
            raise RecordError(
                "record.unreadable", path=where, error=exc.strerror or str(exc)
            ) from None

    def _parse(self, raw: bytes, path: Path) -> Doc:
        try:
            doc = tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise RecordError(
                "record.damaged",
                path=str(path),
                line=raw[: exc.start].count(b"\n") + 1,
                col=1,
                error="not UTF-8",
            ) from None
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"at line (\d+), column (\d+)", str(exc))
            line, col = (match.group(1), match.group(2)) if match else ("?", "?")
            raise RecordError(
                "record.damaged",
                path=str(path),
                line=line,
                col=col,
                error=re.sub(r"\s*\(at line.*\)", "", str(exc)),
            ) from None
        except RecursionError:
            raise RecordError(
                "record.damaged", path=str(path), line="?", col="?", error="nesting too deep"
            ) from None
        doc = upgrade(doc, path)
        _check_shape(doc, path)
        return doc

    def rules_of(self, doc: Doc, path: Path | None = None) -> Rules:
        from yishi.rules import from_snapshot

        try:
            return from_snapshot(doc["rules"])
        except YishiError:
            raise RecordError("record.bad_rules", path=str(path or "?")) from None

    def meeting_from(self, doc: Doc, meeting_id: str) -> rec.Meeting:
        # yishi.record (and yishi.rules) load on the first meeting replayed: a batch whose
        # minutes all come from its cache never replays one, nor pays ~30 ms to import them
        from yishi import record as rec

        path = self.path(meeting_id)
        rules = self.rules_of(doc, path)
        if doc["meeting"]["type"] not in rules.meeting_types:  # every command needs it
            raise RecordError("record.bad_shape", path=str(path), what="meeting.type")
        try:
            return rec.replay(doc["meeting"], rules, doc.get("log", []))
        except YishiError as exc:
            raise RecordError("record.bad_event", path=str(path), error=exc.message("en")) from None
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise RecordError("record.bad_event", path=str(path), error=repr(exc)) from None

    def meeting(self, meeting_id: str) -> rec.Meeting:
        return self.meeting_from(self.read(meeting_id), meeting_id)

    # --- writing

    def create(self, header: Doc, rules: Rules) -> str:
        """Create a new meeting record; its id is date-body-type-N, unique in this dir."""
        _bound(header)
        prefix = f"{header['date']}-{header['body']}-{header['type']}"
        with self.lock("records"):
            taken = set(self.ids())
            number = 1
            while f"{prefix}-{number}" in taken:
                number += 1
            meeting_id = f"{prefix}-{number}"
            from yishi import record as rec

            state = rec.PLANNED if header.get("planned") is True else rec.OPEN
            header = {"id": meeting_id, **header, "state": state, "revision": 1, "created": stamp()}
            snapshot = {k: v for k, v in rules.raw.items() if k != "extends"}
            doc = {"format": FORMAT, "meeting": header, "rules": snapshot, "log": []}
            rec.replay(header, rules, [])  # validates the header
            atomic_write(self.path(meeting_id), dumps(doc))
        return meeting_id

    def change(
        self, meeting_id: str, build: Callable[[rec.Meeting], dict[str, Any] | None], cmd: str
    ) -> tuple[rec.Meeting, dict[str, Any]]:
        """Under the meeting's lock: read, build an event from the current state, apply it
        (refusals raise and nothing is written), append it to the log, write atomically.

        The record is read every time, under the lock; when its bytes are the very bytes
        this process last read or wrote (`_CACHE`), the parsed document and the replayed
        meeting kept with them are used instead of parsing and replaying it again: what
        another terminal wrote is never missed, and a command in a long meeting costs
        about what it costs in a short one (the shell; issue 16.5)."""
        with self.lock(meeting_id):
            self._clean_temp(meeting_id)
            kept = self._kept(meeting_id)
            doc, meeting = kept.doc, kept.meeting
            log = doc.setdefault("log", [])
            event = build(meeting)  # only reads the meeting: a refusal keeps the cache
            if event is None:
                return meeting, {}
            _bound(event)
            from yishi import record as rec

            entry = _as_read({"n": kept.next_n, "at": stamp(), "cmd": cmd, **_clean(event)})
            path = self.path(meeting_id)
            _CACHE.pop(str(path), None)  # a refused event may leave the meeting half-changed
            rec.apply(meeting, entry)
            log.append(entry)
            data, log_text = self._write(
                meeting_id, doc, meeting, MAX_RECORD_BYTES - RESERVE_BYTES, kept.log_text
            )
            _keep(path, _Kept(data, doc, meeting, log_text, entry["n"] + 1))
            return meeting, entry

    def _kept(self, meeting_id: str) -> _Kept:
        """The record read now: from the cache when its bytes are the ones kept there."""
        path = self.path(meeting_id)
        raw = self._raw(meeting_id)
        kept = _cached(path, raw)
        if kept is None:
            doc = self._parse(raw, path)
            kept = _Kept(raw, doc, self.meeting_from(doc, meeting_id), None)
            _keep(path, kept)
        return kept

    def cached_meeting(self, meeting_id: str) -> rec.Meeting:
        """The meeting as `meeting` reads it, from the cache when the record's bytes are the
        ones kept there (the shell's prompt and completion: read only, never changed)."""
        return self._kept(meeting_id).meeting

    def undo(self, meeting_id: str, cmd: str) -> tuple[rec.Meeting, dict[str, Any]]:
        from yishi import record as rec

        with self.lock(meeting_id):
            self._clean_temp(meeting_id)
            kept = self._kept(meeting_id)  # the state is replayed again below (O(n))
            doc, meeting = kept.doc, kept.meeting
            if meeting.state == rec.ISSUED:
                raise StateError("meeting.issued", id=meeting_id)
            log = doc.setdefault("log", [])
            target = rec.last_undoable(log)
            if target is None:
                raise StateError("undo.nothing")
            path = self.path(meeting_id)
            _CACHE.pop(str(path), None)  # the kept document changes from here on
            n = kept.next_n
            log.append({"n": n, "at": stamp(), "cmd": cmd, "op": "undo", "target": target["n"]})
            meeting = self.meeting_from(doc, meeting_id)
            data, log_text = self._write(meeting_id, doc, meeting, known=kept.log_text)
            _keep(path, _Kept(data, doc, meeting, log_text, n + 1))
            return meeting, target

    def rewrite(self, meeting_id: str, edit: Callable[[Doc, rec.Meeting], None]) -> Doc:
        """Change a record as a whole under its lock (used by issue/seal)."""
        with self.lock(meeting_id):
            doc = self.read(meeting_id)
            meeting = self.meeting_from(doc, meeting_id)
            edit(doc, meeting)
            self._write(meeting_id, doc, self.meeting_from(doc, meeting_id))
            return doc

    def _write(
        self,
        meeting_id: str,
        doc: Doc,
        meeting: rec.Meeting,
        limit: int | None = None,
        known: LogText | None = None,
    ) -> tuple[bytes, LogText | None]:
        header = doc["meeting"]
        header["revision"] = int(header.get("revision", 0)) + 1
        header["state"] = meeting.state
        if meeting.number:
            header["number"] = meeting.number
        data, log_text = _dumps(doc, known)
        limit = MAX_RECORD_BYTES if limit is None else limit
        if len(data) > limit:  # ordinary changes stop short of the limit: undo still fits
            raise RecordError("store.record_full", id=meeting_id, size=len(data), limit=limit)
        atomic_write(self.path(meeting_id), data)
        return data, log_text

    def _clean_temp(self, meeting_id: str) -> None:
        """Temp files left by a crashed writer (we hold the lock, so none is in use)."""
        prefix = f".{meeting_id}{SUFFIX}.tmp-"
        if self._temps is not None:
            names = self._temps.pop(meeting_id, [])
        else:
            try:
                names = [n for n in os.listdir(self.root) if n.startswith(prefix)]
            except OSError:
                names = []
        for name in names:
            with contextlib.suppress(OSError):
                (self.root / name).unlink()

    @contextlib.contextmanager
    def temps_listed(self) -> Iterator[None]:
        """Within: the temp files of the directory listed once, for a run that writes many
        records (batch), so each record's clean-up costs nothing rather than a listing of
        the whole directory. A temp file that appears later belongs to a writer holding that
        record's lock at the time; if it crashed, the next command on the record removes it."""
        self._temps = {}
        try:
            try:
                names = os.listdir(self.root)
            except OSError:
                names = []
            for name in names:
                if name.startswith(".") and f"{SUFFIX}.tmp-" in name:
                    meeting_id = name[1 : name.index(f"{SUFFIX}.tmp-")]
                    self._temps.setdefault(meeting_id, []).append(name)
            yield
        finally:
            self._temps = None

    def legacy_fact(self, meeting_id: str) -> Doc | None:
        """What a record tells a new ledger's genesis (`legacy_of`), from what `note_read`
        kept for these very bytes, else parsed now. Raises like `read`."""
        import hashlib

        raw = self._raw(meeting_id)
        seen = self._legacy_seen.get(meeting_id)
        if seen is not None and seen[0] == hashlib.sha256(raw).hexdigest():
            return seen[1]
        return legacy_of(self.parse(raw, meeting_id))

    def saw(self, meeting_id: str, digest: str) -> None:
        """The bytes `raw` last read of this record have SHA-256 `digest` (see `holds`)."""
        key = self._file(meeting_id)
        last = _LAST_READ.pop(key, None)
        if last is not None:
            _HELD[key] = (digest, *last)

    def holds(self, meeting_id: str, digest: str) -> bool:
        """Whether the record still holds the bytes of `digest` this process read (`saw`),
        told without reading it again: the file's size, inode and times are those it had
        when it was read, and it had settled before that read (yishi.safeio.settled).
        False whenever that cannot be told: read it again."""
        key = self._file(meeting_id)
        held = _HELD.get(key)
        if held is None or held[0] != digest:
            return False
        _, state, read_at = held
        if not settled(state, read_at):
            return False
        try:
            return file_state(os.stat(key)) == state
        except OSError:
            return False

    def note_read(self, meeting_id: str, digest: str, doc: Doc) -> None:
        """A record a scan has just parsed from bytes of SHA-256 `digest`: keep the little a
        new ledger's genesis would parse it again for (batch's first run on a body). A
        closed record (`closed_header`) is never one yishi 0.1 issued: pass its header."""
        self._legacy_seen[meeting_id] = (digest, legacy_of(doc))

    def notes(self, ids: list[str]) -> dict[str, tuple[str, Doc | None]]:
        """What `note_read` kept of these records (a scan worker's, for the main process)."""
        return {mid: self._legacy_seen[mid] for mid in ids if mid in self._legacy_seen}

    def take_notes(self, notes: dict[str, tuple[str, Doc | None]]) -> None:
        """Notes another process's scan kept (`notes`): as if this one had read them."""
        self._legacy_seen.update(notes)

    def headers(self, year: int | None = None) -> list[Doc]:
        """The header of every readable record (of `year`; damaged ones are skipped)."""
        out = []
        for meeting_id in self.ids(year):
            try:
                out.append(self.read(meeting_id)["meeting"])
            except YishiError:
                continue
        return out


# The records this process last read or wrote in `Store.change`: path -> (the bytes, the
# document parsed from them, the meeting replayed from it). An entry is used only when the
# file holds exactly those bytes again (compared under the lock), so a write by anyone
# else, a hand edit or a restore is always seen; it is dropped before an event is applied
# (a refusal may leave the meeting half-changed) and kept again after a successful write.
class _Kept:
    """A record as this process last read or wrote it."""

    __slots__ = ("raw", "doc", "meeting", "log_text", "next_n")

    def __init__(
        self,
        raw: bytes,
        doc: Doc,
        meeting: rec.Meeting,
        log_text: LogText | None,
        next_n: int | None = None,
    ) -> None:
        self.raw, self.doc, self.meeting, self.log_text = raw, doc, meeting, log_text
        self.next_n = _next_n(doc.get("log", [])) if next_n is None else next_n


_CACHE: dict[str, _Kept] = {}
_CACHE_LIMIT = 4  # records
_CACHE_MAX_BYTES = 4 * 1024 * 1024  # a bigger record (~25,000 entries) is not kept


def _cached(path: Path, raw: bytes) -> _Kept | None:
    hit = _CACHE.get(str(path))
    return hit if hit is not None and hit.raw == raw else None


def _keep(path: Path, kept: _Kept) -> None:
    _CACHE.pop(str(path), None)
    if len(kept.raw) > _CACHE_MAX_BYTES:
        return
    while len(_CACHE) >= _CACHE_LIMIT:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[str(path)] = kept


def _as_read(entry: dict[str, Any]) -> dict[str, Any]:
    """A new log entry as reading the record back gives it (lists, not tuples; only TOML
    values), so that the meeting it is applied to, kept in the cache, is exactly the one a
    later process replays from the file."""
    from yishi import toml_write

    try:
        return tomllib.loads(toml_write.dumps(entry))
    except (TypeError, ValueError):  # not TOML (a caller's bug): dumps says so after apply
        return entry


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
MAX_ID = 200  # characters: `.ID.toml.tmp-PID-XXXXXX` must stay a legal file name (255)


def _valid_id(meeting_id: str) -> bool:
    return len(meeting_id) <= MAX_ID and bool(_ID.fullmatch(meeting_id)) and ".." not in meeting_id


def _bound(event: dict[str, Any]) -> None:
    """Refuse a title, text or list longer than one command may record (shapes.too_big)."""
    over = too_big(event)
    if over:
        key, field, size, limit = over
        raise InputError(key, what=field, length=size, count=size, limit=limit)


def _next_n(log: list[dict[str, Any]]) -> int:
    return (max((int(e.get("n", 0)) for e in log), default=0)) + 1


def _clean(event: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null: drop None and empty optional values."""
    return {k: v for k, v in event.items() if v is not None and v != () and v != []}


def _check_shape(doc: Doc, path: Path) -> None:
    def bad(what: str) -> RecordError:
        return RecordError("record.bad_shape", path=str(path), what=what)

    if not isinstance(doc.get("meeting"), dict):
        raise bad("[meeting]")
    if not isinstance(doc.get("rules"), dict):
        raise bad("[rules]")
    log = doc.get("log", [])
    if not isinstance(log, list) or not all(isinstance(e, dict) for e in log):
        raise bad("[[log]]")
    for key in ("id", "body", "type", "date"):
        if not isinstance(doc["meeting"].get(key), str):
            raise bad(f"meeting.{key}")
    revision = doc["meeting"].get("revision", 0)
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise bad("meeting.revision")
    # optional header facts every view reads as they are: their types, when present
    for key, kind in (
        ("time", str),
        ("place", str),
        ("title", str),
        ("chair", str),
        ("recorder", str),
        ("state", str),
        ("number", str),
        ("emergency", bool),
        ("notified", list),
        ("planned", bool),
        ("contact", str),
    ):
        value = doc["meeting"].get(key)
        if value is not None and not isinstance(value, kind):
            raise bad(f"meeting.{key}")
    if not all(isinstance(org, str) for org in doc["meeting"].get("notified", [])):
        raise bad("meeting.notified")
    numbers = []
    for index, entry in enumerate(log):
        n = entry.get("n")
        if not isinstance(n, int) or isinstance(n, bool) or not isinstance(entry.get("op"), str):
            raise bad(f"log[{index}]")
        wrong = bad_field(entry)
        if wrong:
            raise bad(f"log[{index}].{wrong[0]} ({wrong[1]})")
        numbers.append(n)
    if len(set(numbers)) != len(numbers):
        raise bad("log.n (duplicate)")
