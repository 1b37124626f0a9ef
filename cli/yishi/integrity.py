"""Whether a sealed record can be relied on: its digests (yishi.seal), its signature by a
key this machine trusts (yishi.keys), and its entry in the body's ledger (yishi.ledger).

`verify_record` answers for one record; `verify_ledgers` for what only the ledgers can say
(entries whose record is missing or was never written, a broken chain, a ledger cut
short); `complete` finishes a transaction a crash interrupted; `repair` does what can be
done safely. Every problem is a `seal.Change` (a catalog key and its parameters).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yishi import seal as sealing
from yishi.errors import YishiError
from yishi.seal import Change, Verification

Doc = dict[str, Any]


def _changes(problems: list[Any]) -> list[Change]:
    return [Change(p.key, dict(p.params)) for p in problems]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def verify_record(store: Any, doc: Doc, *, ledger_checks: bool = True) -> Verification:
    """The seal's digests, then signature and ledger. A 0.1 seal (no signature, no ledger)
    passes as an unsigned legacy seal while its digests hold and no ledger contradicts it.
    `ledger_checks=False` leaves out what concerns the whole ledger (chain, witness), for
    callers that report those once (`verify --all`)."""
    result = sealing.verify(doc)
    if result.status in ("unsealed", "missing"):
        return result
    seal = doc["seal"]
    if not isinstance(seal, dict):
        return result
    return beyond_digests(store, result, seal, doc["meeting"], ledger_checks=ledger_checks)


def beyond_digests(
    store: Any, result: Verification, seal: Doc, header: Doc, *, ledger_checks: bool = True
) -> Verification:
    """What `verify_record` checks after the digests: the signature (by a key this machine
    trusts now) and the ledger (as it is now). `yishi batch` calls it alone for a record
    whose bytes are those it verified whole before (yishi.batch_cache): what may have
    changed since lies outside the record, and is checked again."""
    from yishi import ledger as ledgers

    result.entry = seal.get("entry", "")
    mid, body = str(header.get("id")), str(header.get("body"))
    try:
        ledger = ledgers.cached(store.root, body)
    except YishiError as exc:
        result.changes.append(Change("verify.ledger_unreadable", {"error": exc.message("en")}))
        result.status = "changed"
        return result
    out: list[Change] = []
    signed = "signatures" in seal or "ledger" in seal
    if not signed:
        result.legacy = True
        if ledger is not None:
            out += _legacy_against(ledger, mid, seal)
    else:
        out += _signature_changes(seal, mid, body, result)
        out += _ledger_changes(ledger, seal, mid, header, body)
    if ledger is not None and ledger_checks:
        out += _changes(ledger.problems) + _changes(ledgers.witness_problems(ledger))
        mine = ledger.entries_of(mid)
        out += _changes(ledgers.signature_problems(ledger, entries=mine))
    result.changes += out
    if result.changes:
        result.status = "changed"
    return result


_WORLD: list[Any] = []  # [ledger, entries, witness head, trust token, world] (see world)


def world(store: Any, body: str) -> bytes | None:
    """SHA-256 of all that `beyond_digests` reads for a record of `body` besides the
    record itself: the body's ledger (its chain's last hash and length: with the chain
    whole, that hash covers every line), what the witness file says of it, and the keys
    trusted (yishi.keys.trusted_token). Whatever `beyond_digests` answered for a record
    under one world it answers again under an equal one (yishi batch remembers which
    records passed: yishi.batch_cache). None when there is nothing to compare: no
    ledger, or one that cannot be read or whose chain is broken."""
    from yishi import keys
    from yishi import ledger as ledgers

    try:
        ledger = ledgers.cached(store.root, body)
    except YishiError:
        return None
    if ledger is None or ledger.problems or not ledger.hashes:
        return None
    witness = ledgers.witness_head(ledger)
    trust = keys.trusted_token()
    count = len(ledger.entries)
    memo = _WORLD
    if memo and memo[0] is ledger and memo[1] == count and memo[2] is witness and memo[3] == trust:
        return bytes(memo[4])
    text = "\0".join(
        [str(ledger.path), ledger.id, str(count), ledger.hashes[-1], repr(witness), trust.hex()]
    )
    token = hashlib.sha256(text.encode("utf-8", "surrogateescape")).digest()
    _WORLD[:] = [ledger, count, witness, trust, token]
    return token


def _legacy_against(ledger: Any, mid: str, seal: Doc) -> list[Change]:
    latest = ledger.latest(mid)
    if latest is not None:  # a signed generation exists: the signature was stripped
        return [
            Change(
                "verify.legacy_but_signed",
                {"i": latest.get("i"), "generation": latest.get("generation")},
            )
        ]
    listed = [
        e
        for e in ledger.genesis.get("legacy", [])
        if isinstance(e, dict) and e.get("meeting") == mid
    ]
    if not listed:
        return [Change("verify.legacy_unknown", {})]
    digests = {seal.get("digest")} | {
        h.get("digest") for h in seal.get("history", []) if isinstance(h, dict)
    }
    if not any(e.get("digest") in digests for e in listed):
        return [Change("verify.legacy_differs", {})]
    return []


def _signature_changes(seal: Doc, mid: str, body: str, result: Verification) -> list[Change]:
    from yishi import keys

    signatures = seal.get("signatures")
    if not isinstance(signatures, list) or not signatures:
        return [Change("verify.sig_missing", {})]
    data = sealing.statement(seal, mid, body)
    out, office_ok = [], False
    for sig in signatures:
        status = keys.check(data, sig)
        kid = sig.get("key", "?") if isinstance(sig, dict) else "?"
        role = sig.get("role", "?") if isinstance(sig, dict) else "?"
        if status == "ok":
            if role == "office":
                office_ok = True
                result.signed_by = str(kid)
            continue
        out.append(Change(f"verify.sig_{status}", {"key": kid, "role": role}))
    if not office_ok and not out:
        out.append(Change("verify.sig_missing", {}))
    return out


def _ledger_changes(ledger: Any, seal: Doc, mid: str, header: Doc, body: str) -> list[Change]:
    if ledger is None:
        return [Change("verify.no_ledger", {"body": body})]
    if seal.get("ledger") != ledger.id:
        return [Change("verify.other_ledger", {"theirs": seal.get("ledger"), "ours": ledger.id})]
    out = []
    generation = sealing.generation_of(seal)
    seals = [(seal, None)] + [
        (h, sealing.generation_of(h))
        for h in seal.get("history", [])
        if isinstance(h, dict) and "entry" in h
    ]
    void = ledger.voided()
    for one, gen in seals:
        index = _int(one.get("entry"))
        if index is None or not 0 <= index < len(ledger.entries):
            out.append(Change("verify.entry_missing", {"i": one.get("entry")}, gen))
            continue
        entry = ledger.entries[index]
        if index in void:
            out.append(Change("verify.entry_voided", {"i": index}, gen))
            continue
        expected = {
            "meeting": mid,
            "number": one.get("number"),
            "digest": one.get("digest"),
            "generation": sealing.generation_of(one),
        }
        differs = [k for k, v in expected.items() if entry.get(k) != v]
        if entry.get("op") not in ("issue", "amend"):
            differs.insert(0, "op")
        if gen is None and entry.get("number") != header.get("number"):
            differs.append("number")
        if differs:
            out.append(
                Change(
                    "verify.entry_differs",
                    {"i": index, "what": ", ".join(dict.fromkeys(differs))},
                    gen,
                )
            )
    latest = ledger.latest(mid)
    if latest is not None and latest.get("i") != seal.get("entry") and not out:
        params = {
            "generation": generation,
            "latest": latest.get("generation"),
            "i": latest.get("i"),
        }
        pending = latest.get("generation") == generation + 1 and latest is ledger.entries[-1]
        out.append(Change("verify.pending" if pending else "verify.older_copy", params))
    return out


# ---------------------------------------------------------------------------- ledgers


@dataclass
class LedgerReport:
    body: str
    entries: int
    changes: list[Change] = field(default_factory=list)
    incomplete: list[Doc] = field(default_factory=list)  # entries whose record lags
    missing: list[Doc] = field(default_factory=list)  # entries whose record is gone


def _record_state(store: Any, entry: Doc, ledger_id: str) -> str:
    """'done' (the record is sealed for this entry), 'missing', 'behind' or 'other'."""
    try:
        doc = store.read(str(entry.get("meeting")))
    except YishiError:
        return "missing"
    seal = doc.get("seal")
    if (
        isinstance(seal, dict)
        and seal.get("ledger") == ledger_id
        and seal.get("entry") == entry.get("i")
    ):
        return "done"
    if sealing.generation_of(seal) + 1 == entry.get("generation"):
        return "behind"
    return "other"


def verify_ledgers(store: Any) -> list[LedgerReport]:
    """Every ledger of the records directory: chain, signatures, witness, and whether each
    standing entry's record exists and carries it."""
    from yishi import ledger as ledgers

    out = []
    for body in ledgers.bodies(store.root):
        ledger = ledgers.load(store.root, body)
        if ledger is None:
            continue
        report = LedgerReport(body, len(ledger.entries))
        report.changes += _changes(ledger.problems)
        report.changes += _changes(ledgers.witness_problems(ledger))
        report.changes += _changes(ledgers.signature_problems(ledger))
        latest: dict[str, Doc] = {}
        for entry in ledger.sealing():
            latest[str(entry.get("meeting"))] = entry
        for mid, entry in sorted(latest.items(), key=lambda kv: kv[1].get("i", 0)):
            state = _record_state(store, entry, ledger.id)
            params = {"i": entry.get("i"), "number": entry.get("number"), "meeting": mid}
            if state == "missing":
                report.missing.append(entry)
                report.changes.append(Change("ledger.record_missing", params))
            elif state in ("behind", "other"):
                report.incomplete.append(entry)
                report.changes.append(Change("ledger.record_behind", params))
        out.append(report)
    return out


# ---------------------------------------------------------------------------- recovery


def complete(store: Any, tx: Any, entry: Doc) -> str:
    """Finish a sealed change whose ledger entry was appended but whose record write did
    not happen (a crash between the two): replay the entry's event onto the record and
    write it if the result has exactly the entry's digest. Returns 'done' (nothing to do),
    'completed', 'missing' (no record) or 'diverged' (the record is not the one the entry
    was made from). Runs under the ledger's lock (`tx`)."""
    from yishi.store import atomic_write, dumps

    mid = str(entry.get("meeting"))
    try:
        store.path(mid)
    except YishiError:
        return "missing"
    with store.lock(mid):
        store._clean_temp(mid)
        try:
            doc = store.read(mid)
        except YishiError:
            return "missing"
        seal = doc.get("seal")
        if (
            isinstance(seal, dict)
            and seal.get("ledger") == tx.ledger.id
            and seal.get("entry") == entry.get("i")
        ):
            return "done"
        event = entry.get("event")
        if sealing.generation_of(seal) + 1 != entry.get("generation") or not isinstance(
            event, dict
        ):
            return "diverged"
        try:
            meeting = store.meeting_from(doc, mid)
            sealing.extend(doc, meeting, dict(event))
        except (YishiError, KeyError, TypeError, ValueError):
            return "diverged"
        if sealing.digest(sealing.content(doc)) != entry.get("digest"):
            return "diverged"
        doc["seal"] = sealing.finish(
            doc,
            at=str(event.get("at", "")),
            previous=seal if isinstance(seal, dict) else None,
            ledger=tx.ledger.id,
            entry=int(entry["i"]),
        )
        atomic_write(store.path(mid), dumps(doc))
        return "completed"


def complete_trailing(store: Any, tx: Any, window: int) -> list[Doc]:
    """Complete every entry among the ledger's last `window` whose record write a crash
    prevented (`complete`); the entries completed, in ledger order. One append writes at
    most that many entries before their records (yishi.ledger.GROUP), and the records of
    one append are all renamed and their directory fsynced before the next append: no
    entry further back can lack its record. Runs under the ledger's lock (`tx`)."""
    ledger = tx.ledger
    latest: dict[str, Doc] = {}  # a meeting's latest entry: an earlier one is superseded
    for entry in ledger.sealing(last=window):
        latest[str(entry.get("meeting"))] = entry
    done = []
    for entry in sorted(latest.values(), key=lambda e: e.get("i", 0)):
        if not _carries(store, entry, ledger.id) and complete(store, tx, entry) == "completed":
            done.append(entry)
    return done


def _carries(store: Any, entry: Doc, ledger_id: str) -> bool:
    """The entry's record is sealed for it, as its head alone says (False: unknown, or
    not: `complete` reads it whole, under the meeting's lock)."""
    from yishi.store import head_seal

    try:
        seal = head_seal(store.raw(str(entry.get("meeting"))))
    except YishiError:
        return False
    return (
        isinstance(seal, dict)
        and seal.get("ledger") == ledger_id
        and seal.get("entry") == entry.get("i")
    )


@dataclass
class Action:
    key: str  # repair.completed, repair.voided, repair.torn, repair.missing, repair.damaged
    params: dict[str, Any]


def repair(store: Any, *, dry_run: bool = False) -> list[Action]:
    """Make the ledgers and records agree again where that is safe:
    - a torn last ledger line (a crash while appending) is cut off;
    - an entry whose record write never happened is completed from the entry (the record
      gets exactly the number and digest the ledger holds);
    - an entry whose record exists but cannot be completed (changed since) is voided by a
      signed `void` entry: its number stays used, never handed out again, and the meeting
      can be issued (or amended) again;
    - an entry whose record is missing is reported (restore the record from a backup);
    - a broken chain is reported (restore the ledger from its copy: git, another machine).
    """
    from yishi import ledger as ledgers

    actions: list[Action] = []
    for body in ledgers.bodies(store.root):
        found = ledgers.load(store.root, body)
        if found is None:
            continue
        if found.torn:
            actions.append(Action("repair.torn", {"body": body}))
        damaged = [p for p in found.problems if p.key != "ledger.torn"]
        if damaged:
            actions.append(
                Action("repair.damaged", {"body": body, "problem": damaged[0].message("en")})
            )
            continue
        if dry_run:
            for entry in _lagging(store, found):
                state = _record_state(store, entry, found.id)
                key = "repair.missing" if state == "missing" else "repair.would_fix"
                actions.append(Action(key, _params(entry)))
            continue
        with ledgers.transaction(store, body) as tx:
            for entry in tx.recovered:
                actions.append(Action("repair.completed", _params(entry)))
            for entry in _lagging(store, tx.ledger):
                outcome = complete(store, tx, entry)
                if outcome == "completed":
                    actions.append(Action("repair.completed", _params(entry)))
                elif outcome == "missing":
                    actions.append(Action("repair.missing", _params(entry)))
                elif outcome == "diverged":
                    tx.append(
                        {
                            "op": "void",
                            "entry": entry["i"],
                            "meeting": entry.get("meeting"),
                            "number": entry.get("number"),
                            "reason": "record not written",
                        }
                    )
                    actions.append(Action("repair.voided", _params(entry)))
    _sweep_temp(store.root)
    return actions


def _params(entry: Doc) -> dict[str, Any]:
    return {
        "i": entry.get("i"),
        "number": entry.get("number"),
        "meeting": entry.get("meeting"),
        "op": entry.get("op"),
    }


def _lagging(store: Any, ledger: Any) -> list[Doc]:
    latest: dict[str, Doc] = {}
    for entry in ledger.sealing():
        latest[str(entry.get("meeting"))] = entry
    return [
        e
        for e in sorted(latest.values(), key=lambda e: e.get("i", 0))
        if _record_state(store, e, ledger.id) != "done"
    ]


def _sweep_temp(root: Path) -> None:
    """Temp files of writers that were killed (their process is gone)."""
    import contextlib
    import re

    for path in Path(root).glob(".*.tmp-*"):
        match = re.search(r"\.tmp-(\d+)-", path.name)
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def seal_problems(store: Any, doc: Doc, lang: str) -> list[str]:
    """Why a sealed record cannot be relied on (worded in `lang`), or [] (also for an
    unsealed one): what check, render, batch and status refuse or report."""
    if not isinstance(doc.get("seal"), dict) and doc["meeting"].get("state") != "issued":
        return []
    return problems_of(verify_record(store, doc), lang)


def problems_of(result: Verification, lang: str) -> list[str]:
    """A verification's problems worded in `lang` ([] when it holds or is unsealed)."""
    from yishi.i18n import t

    if result.ok or result.status == "unsealed":
        return []
    if result.status == "missing":
        return [t("verify.missing", lang, id=result.meeting)]
    return [c.message(lang) for c in result.changes]


def recovered_note(entries: list[Doc], lang: str) -> str | None:
    """What to say when opening a ledger completed what a crash interrupted: one line per
    entry completed (None: there was nothing)."""
    if not entries:
        return None
    from yishi.i18n import t

    return "\n".join(
        t(
            "repair.completed",
            lang,
            i=entry.get("i"),
            op=entry.get("op"),
            number=entry.get("number"),
            meeting=entry.get("meeting"),
        )
        for entry in entries
    )


__all__ = [
    "verify_record",
    "verify_ledgers",
    "complete",
    "complete_trailing",
    "repair",
    "seal_problems",
    "problems_of",
    "recovered_note",
    "LedgerReport",
    "Action",
]
