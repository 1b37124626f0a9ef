"""The seal of an issued record: proof that it has not changed since `yishi issue`.

The seal is the `[seal]` table of the record. Its `digest` is a SHA-256 over the whole
record except the seal itself, taken over a canonical JSON form of the parsed TOML (sorted
keys, exact types), so re-formatting the file or adding comments does not matter but any
change of a value, a key, a type or an order does. Beside it the seal keeps short digests
of the parts, so that `yishi verify` can say *what* changed:

- `header`: one digest per field of `[meeting]` (a field edited, added or removed);
- `rules`: one per top-level key of the rules snapshot (`members`, `item_kinds`, ...);
- `log`: `"n:digest"` per log entry in order (entry edited, removed, reordered, the log
  truncated, or entries appended without `amend`);
- `other`: any other top-level key (`format`, ...);
- `self`: a digest of the seal table itself, so an edited seal is named as such.

Generations: `yishi amend` appends an `amend` event and seals again (generation + 1); the
previous seal moves to `seal.history`. An amendment is refused unless the record still
verifies, so a changed record cannot be laundered by amending it, and every earlier
generation stays checkable: the record as it was then is the current one cut back to
that generation's log entries with that generation's `revision`, and must still hash to
that generation's digest (the digest printed at `issue` stays valid for the original
minutes).

Signatures and the ledger (yishi.integrity checks them): from 0.2 on a seal also names the
body's ledger (`ledger`, its id) and its entry there (`entry`), and carries
`[[seal.signatures]]`: `{role = "office", alg = "ed25519", key = KEY_ID, sig = ...}` over
`statement()` (ledger, entry, body, meeting, number, generation, digest). `self` covers the
seal except its signatures, so a second signature (双签, e.g. the chair's) can be added later
without touching anything else. A 0.1 seal has neither: an unsigned legacy seal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yishi.canonical_json import encode
from yishi.clock import stamp
from yishi.errors import RecordError, YishiError
from yishi.message import Keyed

if TYPE_CHECKING:  # (imported where a meeting is replayed: `yishi batch` from its cache
    # verifies seals without one, and without the ~30 ms of importing yishi.record)
    from yishi import record as rec

ALGORITHM = "sha256"
SHORT = 16  # hex digits kept for the part digests (the whole digest is kept in full)
Doc = dict[str, Any]


class SealBroken(YishiError):
    """The record no longer matches its seal (exit 1, like a failed check)."""

    exit_code = 1


# ---------------------------------------------------------------------------- digests


def _default(value: Any) -> Any:
    # TOML dates and times (a hand-edited record may hold them): typed, so that the
    # string "2024-03-05" and the date 2024-03-05 digest differently
    return (
        {"$" + type(value).__name__: value.isoformat()}
        if hasattr(value, "isoformat")
        else repr(value)
    )


# one encoder for every digest (json.dumps would build one per call: a seal digests each
# log entry, header field and rules table)
_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
)


def _c_encoder() -> Any:
    """The C encoder `_CANONICAL.encode` builds on every call, built once (~30% of a
    digest of a log entry): the same options, so the same bytes; no circular check, which
    only tells a cycle apart, and a document read from TOML has none. None without the C
    accelerator (then `_CANONICAL` encodes)."""
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    if make is None:
        return None
    return make(None, _default, encoder.encode_basestring, None, ":", ",", True, False, True)


_C_ENCODE = _c_encoder()


def _reference(value: Any) -> bytes:
    if _C_ENCODE is not None:
        return "".join(_C_ENCODE(value, 0)).encode("utf-8")
    return _CANONICAL.encode(value).encode("utf-8")


def canonical(value: Any) -> bytes:
    return encode(value, _reference)


def digest(value: Any, short: bool = False) -> str:
    full = hashlib.sha256(canonical(value)).hexdigest()
    return full[:SHORT] if short else full


def content(doc: Doc) -> Doc:
    """What the seal covers: the record without its seal."""
    return {k: v for k, v in doc.items() if k != "seal"}


def _table_digests(table: Any) -> dict[str, str]:
    if not isinstance(table, dict):
        return {}
    return {str(k): digest(v, short=True) for k, v in table.items()}


def parts(doc: Doc) -> dict[str, Any]:
    log = doc.get("log", [])
    return {
        "header": _table_digests(doc.get("meeting")),
        "rules": _table_digests(doc.get("rules")),
        "log": [f"{e.get('n')}:{digest(e, short=True)}" for e in log if isinstance(e, dict)],
        "other": _table_digests(
            {k: v for k, v in doc.items() if k not in ("meeting", "rules", "log", "seal")}
        ),
    }


def _pieces(table: dict[Any, Any]) -> tuple[bytes, dict[str, str]] | None:
    """canonical(table), built from one encoding per value, and its per-key short digests
    (the `header` / `rules` parts); None if a key is not a string (never from TOML)."""
    if not all(isinstance(k, str) for k in table):
        return None
    encoded = {key: canonical(value) for key, value in table.items()}
    short = {key: hashlib.sha256(e).hexdigest()[:SHORT] for key, e in encoded.items()}
    whole = b",".join(canonical(key) + b":" + encoded[key] for key in sorted(encoded))
    return b"{" + whole + b"}", short  # the digests in the table's order, as parts() has them


def digests(doc: Doc) -> tuple[str, dict[str, Any]]:
    """`digest(content(doc))` and `parts(doc)`, each part encoded once: the JSON of a
    table is its sorted keys and its values' JSON joined (sort_keys, no spaces), so the
    whole is assembled from the parts' encodings, byte for byte what encoding it at once
    gives (tests/test_seal.py compares them). Sealing needs both; verify needs the whole."""
    body = content(doc)
    meeting, rules, log = body.get("meeting", {}), body.get("rules", {}), body.get("log", [])
    if not (
        all(isinstance(k, str) for k in body)
        and isinstance(meeting, dict)
        and isinstance(rules, dict)
        and isinstance(log, list)
    ):
        return digest(body), parts(doc)  # a shape yishi never writes: the plain way
    header, rules_part = _pieces(meeting), _pieces(rules)
    if header is None or rules_part is None:
        return digest(body), parts(doc)
    log_encoded = [canonical(e) for e in log]
    log_part = [
        f"{e.get('n')}:{hashlib.sha256(encoded).hexdigest()[:SHORT]}"
        for e, encoded in zip(log, log_encoded, strict=True)
        if isinstance(e, dict)
    ]
    assembled = {
        "meeting": header[0],
        "rules": rules_part[0],
        "log": b"[" + b",".join(log_encoded) + b"]",
    }
    encoded = {key: assembled.get(key) or canonical(value) for key, value in body.items()}
    other = {
        key: hashlib.sha256(e).hexdigest()[:SHORT]
        for key, e in encoded.items()
        if key not in assembled
    }
    whole = b",".join(canonical(key) + b":" + encoded[key] for key in sorted(encoded))
    full = hashlib.sha256(b"{" + whole + b"}").hexdigest()
    return full, {"header": header[1], "rules": rules_part[1], "log": log_part, "other": other}


def self_digest(seal: Doc) -> str:
    """What `self` holds: the seal without `self` and without its signatures."""
    return digest({k: v for k, v in seal.items() if k not in ("self", "signatures")})


def statement(seal: Doc, meeting_id: str, body: str) -> bytes:
    """The bytes a seal signature signs."""
    return canonical(
        {
            "yishi": "seal",
            "ledger": seal.get("ledger"),
            "entry": seal.get("entry"),
            "body": body,
            "meeting": meeting_id,
            "number": seal.get("number"),
            "generation": seal.get("generation"),
            "digest": seal.get("digest"),
        }
    )


def compute(
    doc: Doc,
    *,
    at: str,
    previous: Doc | None = None,
    ledger: str | None = None,
    entry: int | None = None,
    content_digest: str | None = None,
    parts_of: dict[str, Any] | None = None,
) -> Doc:
    """The seal of `doc` as it is now; `previous` (the seal it replaces) goes to history;
    `ledger`/`entry` name the ledger entry of this generation. `content_digest` and
    `parts_of`: `digests(doc)` when the caller has just computed them (the ledger entry's)."""
    header = doc.get("meeting", {})
    history: list[Doc] = []
    generation = 1
    if isinstance(previous, dict):
        history = [h for h in previous.get("history", []) if isinstance(h, dict)]
        history.append({k: v for k, v in previous.items() if k != "history"})
        generation = int(previous.get("generation", len(history))) + 1
    seal: Doc = {
        "algorithm": ALGORITHM,
        "generation": generation,
        "sealed_at": at,
        "number": header.get("number", ""),
        "revision": header.get("revision", 0),
        "digest": content_digest or digest(content(doc)),
        **(parts_of if parts_of is not None else parts(doc)),
    }
    if ledger is not None:
        seal["ledger"], seal["entry"] = ledger, entry
    if history:
        seal["history"] = history
    seal["self"] = self_digest(seal)
    return seal


# ---------------------------------------------------------------------------- verify


@dataclass
class Change(Keyed):
    key: str  # message key (catalog/minutes.py): verify.header_changed, verify.log_edited ...
    params: dict[str, Any] = field(default_factory=dict)
    generation: int | None = None


@dataclass
class Verification:
    meeting: str
    status: str  # sealed | unsealed | missing | changed
    generation: int = 0
    number: str = ""
    digest: str = ""
    changes: list[Change] = field(default_factory=list)
    legacy: bool = False  # an unsigned 0.1 seal (no signature, no ledger)
    signed_by: str = ""  # the trusted office key that signed it
    entry: Any = ""  # its ledger entry

    @property
    def ok(self) -> bool:
        return self.status == "sealed" and not self.changes


def _well_formed(seal: Any) -> bool:
    if not isinstance(seal, dict) or seal.get("algorithm") != ALGORITHM:
        return False
    if not isinstance(seal.get("digest"), str) or not isinstance(seal.get("log"), list):
        return False
    if not all(isinstance(seal.get(k, {}), dict) for k in ("header", "rules", "other")):
        return False
    return all(isinstance(e, str) and ":" in e for e in seal["log"])


def _table_changes(
    what: str, now: dict[str, str], then: dict[str, Any], generation: int | None
) -> list[Change]:
    out = []
    for key in sorted(set(now) | set(then)):
        if key not in now:
            out.append(Change(f"verify.{what}_removed", {"field": key}, generation))
        elif key not in then:
            out.append(Change(f"verify.{what}_added", {"field": key}, generation))
        elif now[key] != then[key]:
            out.append(Change(f"verify.{what}_changed", {"field": key}, generation))
    return out


def _n(text: str) -> Any:
    head = text.split(":", 1)[0]
    return int(head) if head.lstrip("-").isdigit() else head


def _log_changes(log: list[Any], sealed: list[str], generation: int | None) -> list[Change]:
    now = [
        (e.get("n"), digest(e, short=True), e.get("op", "?")) for e in log if isinstance(e, dict)
    ]
    position = {n: i for i, (n, _, _) in enumerate(now)}
    then = [(_n(s), s.split(":", 1)[1]) for s in sealed]
    then_ns = [n for n, _ in then]
    out: list[Change] = []

    missing = [n for n in then_ns if n not in position]
    if missing and missing == then_ns[len(then_ns) - len(missing) :]:
        kept = then_ns[: len(then_ns) - len(missing)]
        out.append(
            Change(
                "verify.log_truncated",
                {"after": kept[-1] if kept else 0, "count": len(missing)},
                generation,
            )
        )
    else:
        out += [Change("verify.log_removed", {"n": n}, generation) for n in missing]

    for n, sealed_digest in then:
        if n in position and now[position[n]][1] != sealed_digest:
            out.append(Change("verify.log_edited", {"n": n, "op": now[position[n]][2]}, generation))

    common = [n for n in then_ns if n in position]
    in_file = sorted(common, key=lambda n: position[n])
    for sealed_n, file_n in zip(common, in_file, strict=True):
        if sealed_n != file_n:
            out.append(Change("verify.log_reordered", {"n": file_n, "other": sealed_n}, generation))
            break

    sealed_set = set(then_ns)
    out += [
        Change("verify.log_added", {"n": n, "op": op}, generation)
        for n, _, op in now
        if n not in sealed_set
    ]
    return out


def explain(body: Doc, seal: Doc, generation: int | None = None) -> list[Change]:
    """Which parts of `body` (a record without its seal) differ from what `seal` saw."""
    now = parts(body)
    out = _table_changes("header", now["header"], seal.get("header", {}), generation)
    out += _table_changes("rules", now["rules"], seal.get("rules", {}), generation)
    log = body.get("log", [])
    out += _log_changes(log if isinstance(log, list) else [], seal["log"], generation)
    out += _table_changes("other", now["other"], seal.get("other", {}), generation)
    return out


def _as_of(body: Doc, old: Doc) -> Doc:
    """The record as it was when the generation `old` sealed it: the log cut back to its
    entries, the header with its revision."""
    then = dict(body)
    header = dict(body.get("meeting", {}))
    header["revision"] = old.get("revision", header.get("revision"))
    then["meeting"] = header
    log = body.get("log", [])
    then["log"] = log[: len(old["log"])] if isinstance(log, list) else log
    if not then["log"]:
        del then["log"]
    return then


def verify(doc: Doc) -> Verification:
    header = doc.get("meeting", {}) if isinstance(doc.get("meeting"), dict) else {}
    meeting_id = str(header.get("id", "?"))
    seal = doc.get("seal")
    if seal is None:
        status = "missing" if header.get("state") == "issued" else "unsealed"  # rec.ISSUED
        return Verification(meeting_id, status, number=str(header.get("number", "")))
    result = Verification(meeting_id, "sealed", number=str(header.get("number", "")))
    if not _well_formed(seal):
        result.status = "changed"
        result.changes.append(Change("verify.seal_malformed"))
        return result
    result.generation = (
        int(seal.get("generation", 1)) if isinstance(seal.get("generation"), int) else 1
    )
    result.digest = seal["digest"]
    if self_digest(seal) != seal.get("self"):
        result.changes.append(Change("verify.seal_edited"))
    body = content(doc)
    if digest(body) != seal["digest"]:
        found = explain(body, seal)
        result.changes += found or ([] if result.changes else [Change("verify.seal_other")])
    seen = {(c.key, tuple(sorted(c.params.items()))) for c in result.changes}
    for old in seal.get("history", []):
        gen = old.get("generation") if isinstance(old, dict) else None
        if not _well_formed(old):
            result.changes.append(Change("verify.history_malformed", {"generation": gen}))
            continue
        then = _as_of(body, old)
        if digest(then) == old["digest"]:
            continue
        found = [
            c
            for c in explain(then, old, gen)
            if (c.key, tuple(sorted(c.params.items()))) not in seen
        ]
        if found or not result.changes:
            result.changes += found or [Change("verify.history_other", {"generation": gen})]
    if result.changes:
        result.status = "changed"
    return result


# ---------------------------------------------------------------------------- writing


def extend(doc: Doc, meeting: rec.Meeting, entry: Doc) -> None:
    """Apply a log entry (`issue` or `amend`) to `doc` and `meeting` as a sealed change
    does: the log, the header's revision, state and number (raises if refused)."""
    from yishi import record as rec

    rec.apply(meeting, entry)
    doc.setdefault("log", []).append(entry)
    header = doc["meeting"]
    header["revision"] = int(header.get("revision", 0)) + 1
    header["state"] = meeting.state
    if meeting.number:
        header["number"] = meeting.number
        header["seq"] = meeting.seq


def finish(
    doc: Doc,
    *,
    at: str,
    previous: Doc | None,
    ledger: str,
    entry: int,
    content_digest: str | None = None,
    parts_of: dict[str, Any] | None = None,
) -> Doc:
    """The signed seal of `doc` (already extended), for ledger entry `entry`."""
    from yishi import keys

    seal = compute(
        doc,
        at=at,
        previous=previous,
        ledger=ledger,
        entry=entry,
        content_digest=content_digest,
        parts_of=parts_of,
    )
    header = doc["meeting"]
    signature = keys.sign(statement(seal, str(header["id"]), str(header["body"])))
    seal["signatures"] = [{"role": "office", **signature}]
    return seal


def generation_of(seal: Any) -> int:
    if not isinstance(seal, dict):
        return 0
    gen = seal.get("generation", 1)
    return gen if isinstance(gen, int) and not isinstance(gen, bool) else 1


def ledger_fields(
    doc: Doc, meeting: rec.Meeting, entry: Doc, generation: int, content_digest: str = ""
) -> Doc:
    """What the ledger keeps of one sealed change (`content_digest`: digests(doc)[0],
    when the caller has it)."""
    fields: Doc = {
        "op": entry["op"],
        "meeting": meeting.id,
        "date": str(meeting.date),
        "type": meeting.type,
        "year": meeting.year,
        "number": meeting.number,
        "generation": generation,
        "digest": content_digest or digest(content(doc)),
        "event": entry,
        "at": entry["at"],
    }
    if entry["op"] == "issue":
        fields["seq"] = meeting.seq
    return fields


@dataclass
class Prepared:
    """A record as a caller has just read it (its bytes, and the document and meeting
    parsed from them), handed over to `sealed_change` to be changed; `written` is set to the
    bytes it wrote, and `doc` and `meeting` to what it wrote them from."""

    raw: bytes
    doc: Doc
    meeting: rec.Meeting
    written: bytes | None = None
    used: bool = False  # the record still held `raw` under the lock: these were changed


def sealed_change(
    store: Any,
    meeting_id: str,
    build: Callable[[Doc, rec.Meeting], dict[str, Any]],
    cmd: str,
    tx: Any = None,
    prepared: Prepared | None = None,
) -> tuple[rec.Meeting, Doc, Doc]:
    """Append one event (`issue` or `amend`), enter it in the body's ledger, seal and sign
    the result, write it atomically: under the ledger's lock (`tx`, a ledger transaction;
    one is opened when not given) and the meeting's. `build(doc, meeting)` returns the event
    or raises (nothing is written). The ledger entry is appended before the record is
    written (see yishi.ledger). Returns the meeting, the log entry and the new seal.

    `prepared`: the record as the caller read it (batch: it has just checked it), used
    only when the record, read again under the lock, still holds exactly those bytes."""

    if tx is None:
        from yishi.ledger import transaction

        body = str(store.read(meeting_id)["meeting"]["body"])
        with transaction(store, body) as opened:
            return sealed_change(store, meeting_id, build, cmd, opened, prepared)
    with store.lock(meeting_id):
        store._clean_temp(meeting_id)
        raw = store.raw(meeting_id)
        if prepared is not None and prepared.raw == raw:
            doc, meeting = prepared.doc, prepared.meeting
            prepared.used = True
        else:
            doc = store.parse(raw, meeting_id)
            meeting = store.meeting_from(doc, meeting_id)
        event = build(doc, meeting)
        made = compose(raw, doc, meeting, event, cmd, tx.next_id(), tx.next_index())
        commit(store, tx, meeting_id, made.pending)
        if prepared is not None:
            prepared.doc, prepared.meeting, prepared.written = doc, meeting, made.pending.data
        return meeting, made.entry, doc["seal"]


@dataclass
class Pending:
    """A sealed change made but not written: the ledger entry's fields, to be appended as
    entry `index` of the ledger `ledger_id`, and the record's new bytes, whose seal names
    that entry (small and picklable: what a batch worker hands back)."""

    fields: Doc
    data: bytes
    ledger_id: str
    index: int


@dataclass
class Composed:
    """What `compose` made: the changed document and meeting, the log entry appended, and
    what is still to be written."""

    doc: Doc
    meeting: rec.Meeting
    entry: Doc
    pending: Pending


def compose(
    raw: bytes,
    doc: Doc,
    meeting: rec.Meeting,
    event: Doc,
    cmd: str,
    ledger_id: str,
    index: int,
    at: str | None = None,
) -> Composed:
    """Append `event` to `doc` and `meeting` (parsed from `raw`, both changed), seal and
    sign the result for ledger entry `index` of `ledger_id`: nothing is written
    (`batch --jobs N` composes in worker processes; `commit` writes under the locks)."""
    from yishi.store import dumps, dumps_after, kept_tail

    event = {k: v for k, v in event.items() if v is not None}
    tail = kept_tail(raw, doc)  # before the document changes
    log = doc.get("log", [])
    n = max((int(e.get("n", 0)) for e in log), default=0) + 1
    entry = {"n": n, "at": at or stamp(), "cmd": cmd, **event}
    previous = doc.get("seal")
    extend(doc, meeting, entry)
    generation = generation_of(previous) + 1 if isinstance(previous, dict) else 1
    whole, sealed_parts = digests(doc)  # the seal is not in them: the same for both
    fields = ledger_fields(doc, meeting, entry, generation, whole)
    doc["seal"] = finish(
        doc,
        at=entry["at"],
        previous=previous,
        ledger=ledger_id,
        entry=index,
        content_digest=whole,
        parts_of=sealed_parts,
    )
    data = dumps(doc) if tail is None else dumps_after(doc, tail, 1)
    return Composed(doc, meeting, entry, Pending(fields, data, ledger_id, index))


def commit(store: Any, tx: Any, meeting_id: str, pending: Pending) -> None:
    """Append the ledger entry, then write the record (the order yishi.ledger's recovery
    relies on). The caller holds the ledger's lock (`tx`) and the meeting's, and has
    checked that the record still holds the bytes the change was composed from and that
    it names the entry the ledger appends next (`fits`)."""
    from yishi.store import atomic_write

    if not fits(tx, pending):
        raise AssertionError(f"{meeting_id}: sealed for another ledger entry")
    tx.append(pending.fields)
    atomic_write(store.path(meeting_id), pending.data)


def fits(tx: Any, pending: Pending, ahead: int = 0) -> bool:
    """`pending` names the entry the ledger of `tx` appends next (or `ahead` after it)."""
    return (pending.ledger_id, pending.index) == (tx.next_id(), tx.next_index() + ahead)


def commit_all(store: Any, tx: Any, changes: list[tuple[str, Pending]]) -> None:
    """`commit` for several records at once, in the same order: their ledger entries
    appended in one write; the records' new bytes written to temp files; the entries and
    the temp files made durable by one sync (store.sync_all), and only then the temp files
    renamed over the records and their directory fsynced. A crash leaves at worst entries
    without their records (at most yishi.ledger.GROUP: the next transaction completes
    them), never a record without its entry. The caller holds the ledger's lock and every
    meeting's, and has checked each record as `commit` says; `changes` name the entries
    the ledger appends next, in order."""
    from yishi.store import _fsync_dir, sync_all, write_temp

    for k, (meeting_id, pending) in enumerate(changes):
        if not fits(tx, pending, k):
            raise AssertionError(f"{meeting_id}: sealed for another ledger entry")
    tx.append_all([pending.fields for _, pending in changes], flush=False)
    targets = [store.path(meeting_id) for meeting_id, _ in changes]
    temps: list[Path] = []
    current = targets[0]  # the record being written, then (after the sync) renamed
    try:
        for current, (_, pending) in zip(targets, changes, strict=True):
            temps.append(write_temp(current, pending.data))
        current = targets[0]
        sync_all([tx.ledger.path, *temps])
        for tmp, current in zip(temps, targets, strict=True):
            os.replace(tmp, current)
    except OSError as exc:
        for tmp in temps:  # (those renamed already are gone)
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise RecordError(
            "record.write_failed", path=str(current), error=exc.strerror or str(exc)
        ) from None
    for folder in dict.fromkeys(path.parent for path in targets):
        _fsync_dir(folder)


def short_digest(doc: Doc) -> str:
    """The digest printed at issue and in the minutes' 版记 ('' when not sealed)."""
    seal = doc.get("seal")
    value = seal.get("digest") if isinstance(seal, dict) else None
    return value[:SHORT] if isinstance(value, str) else ""


def issued_at(doc: Doc) -> str:
    """When the record was issued (the `at` of its issue event), or ''."""
    from yishi import record as rec

    for entry in rec.active_events(doc.get("log", [])):
        if entry.get("op") == "issue":
            return str(entry.get("at", ""))
    return ""


__all__ = [
    "compute",
    "verify",
    "statement",
    "self_digest",
    "extend",
    "finish",
    "ledger_fields",
    "generation_of",
    "explain",
    "digest",
    "digests",
    "canonical",
    "content",
    "parts",
    "sealed_change",
    "compose",
    "commit",
    "commit_all",
    "fits",
    "Composed",
    "Pending",
    "Prepared",
    "issued_at",
    "short_digest",
    "Verification",
    "Change",
    "SealBroken",
    "ALGORITHM",
]
