"""督办: follow-up tasks of decisions, recorded after the seal without touching it.

A decision of a closed or issued meeting becomes a task (`yishi task add N`): who carries it
out (承办单位 `owner`, 牵头领导 `lead`), by when (`due`), what is asked (`text`, default the
decision). Its later life (notes, a new due date, done, reopened) is appended to a log of
its own, never to the meeting record, so the meeting's seal stays valid however long the
follow-up lasts.

The log: one JSON-lines file per body, `RECORDS/followup/BODY.jsonl`, append-only. Every
entry carries `n` (1, 2, 3 ... in file order), `prev` (the `hash` of the entry before it,
"" for the first) and `hash` (SHA-256 over the entry's canonical JSON without `hash` and
`sig`), so an entry edited, removed, inserted or reordered by hand breaks the chain and
`yishi tasks --verify` names it. An `add` entry also keeps the meeting's seal digest, so a
task cannot be pointed at another version of the record. Appends happen under a per-body
lock, one `write` of whole lines followed by fsync; a line torn by a crash (never
acknowledged) is dropped by the next append.

Task ids are short and stable: the meeting's year and a sequence per body and year
(`2024-007`); where several bodies share a records directory, `BODY/2024-007` picks one.
The state of a task is the fold of its entries (`fold`); no I/O and no terminal in the fold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yishi.canonical_json import canonical
from yishi.errors import InputError, RecordError, StateError

DIR = "followup"
SUFFIX = ".jsonl"
# days: "due soon" when no option and no rules say otherwise (the default of
# follow_up.due_soon_days, declared in yishi.rules.FollowUp; tests/test_rule_keys.py checks)
DEFAULT_SOON = 7
OPS = ("add", "update", "done", "reopen")
STATUSES = ("overdue", "due_soon", "on_time", "done", "done_late")
MAX_TEXT = 2000
_ID = re.compile(r"(\d{4})-(\d{3,})")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ufffe\uffff]")
Entry = dict[str, Any]


# ---------------------------------------------------------------------------- model


@dataclass
class Note:
    at: str
    op: str  # add | update | done | reopen
    text: str


@dataclass
class Task:
    id: str
    body: str
    meeting: str
    number: str  # minutes number of the meeting ('' when not issued yet)
    meeting_date: dt.date
    item: int
    title: str
    kind: str
    kind_name: str
    major: bool  # 三重一大
    decision: str
    owner: str
    due: dt.date
    text: str
    created: str
    candidate: str = ""
    lead: str = ""
    lead_name: str = ""
    state: str = "open"  # open | done
    done_on: dt.date | None = None
    notes: list[Note] = field(default_factory=list)
    due_changes: list[str] = field(default_factory=list)  # earlier due dates (延期)

    @property
    def year(self) -> int:
        return self.meeting_date.year

    @property
    def ref(self) -> str:
        return f"{self.body}/{self.id}"

    def status(self, today: dt.date, soon: int = DEFAULT_SOON) -> str:
        """overdue | due_soon | on_time for an open task; done | done_late once done."""
        if self.state == "done":
            return "done_late" if self.done_on and self.done_on > self.due else "done"
        if today > self.due:
            return "overdue"
        return "due_soon" if (self.due - today).days <= soon else "on_time"

    def overdue(self, today: dt.date) -> bool:
        return self.state == "open" and today > self.due

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days

    def last_note(self) -> str:
        for note in reversed(self.notes):
            if note.text:
                return note.text
        return ""

    def to_json(self, today: dt.date, soon: int = DEFAULT_SOON) -> dict[str, Any]:
        return {
            "id": self.id,
            "body": self.body,
            "meeting": self.meeting,
            "number": self.number,
            "meeting_date": self.meeting_date.isoformat(),
            "year": self.year,
            "item": self.item,
            "title": self.title,
            "candidate": self.candidate or None,
            "kind": self.kind,
            "kind_name": self.kind_name,
            "major": self.major,
            "decision": self.decision,
            "owner": self.owner,
            "lead": self.lead or None,
            "lead_name": self.lead_name or None,
            "due": self.due.isoformat(),
            "text": self.text,
            "state": self.state,
            "status": self.status(today, soon),
            "days_left": self.days_left(today) if self.state == "open" else None,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "created": self.created,
            "due_changes": list(self.due_changes),
            "notes": [{"at": n.at, "op": n.op, "text": n.text} for n in self.notes],
        }


def _date(value: Any, what: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError("input.bad_date", value=value) from None


def task_id(year: int, seq: int) -> str:
    return f"{year}-{seq:03d}"


def _apply(tasks: dict[str, Task], e: Entry) -> None:
    """Apply one entry to the tasks of a body; InputError/StateError if it does not fit."""
    op = e.get("op")
    tid = str(e.get("task", ""))
    if op == "add":
        if tid in tasks:
            raise InputError("task.duplicate", task=tid)
        tasks[tid] = Task(
            id=tid,
            body=str(e["body"]),
            meeting=str(e["meeting"]),
            number=str(e.get("number", "")),
            meeting_date=_date(e["meeting_date"]),
            item=int(e["item"]),
            title=str(e.get("title", "")),
            kind=str(e.get("kind", "")),
            kind_name=str(e.get("kind_name", "")),
            major=bool(e.get("major", False)),
            decision=str(e.get("decision", "")),
            owner=str(e["owner"]),
            due=_date(e["due"]),
            text=str(e.get("text", "")),
            created=str(e.get("at", "")),
            candidate=str(e.get("candidate", "")),
            lead=str(e.get("lead", "")),
            lead_name=str(e.get("lead_name", "")),
        )
        tasks[tid].notes.append(Note(str(e.get("at", "")), "add", ""))
        return
    if op == "reported":  # a report of the rules' `reports` sent after the seal (yishi
        return  # reported, yishi.deadlines): chained and signed with the tasks, no task
    if op not in OPS:
        raise InputError("task.bad_op", op=op)
    task = tasks.get(tid)
    if task is None:
        raise InputError("task.unknown", task=tid, known="-")
    if op == "update":
        if "due" in e:
            new_due = _date(e["due"])
            if new_due != task.due:
                task.due_changes.append(task.due.isoformat())
                task.due = new_due
        if "owner" in e:
            task.owner = str(e["owner"])
        if "lead" in e:
            task.lead, task.lead_name = str(e["lead"]), str(e.get("lead_name", ""))
    elif op == "done":
        if task.state == "done":
            raise StateError(
                "task.already_done", task=tid, on=task.done_on.isoformat() if task.done_on else "?"
            )
        task.state = "done"
        task.done_on = _date(e["on"])
    elif op == "reopen":
        if task.state != "done":
            raise StateError("task.not_done", task=tid)
        task.state, task.done_on = "open", None
    task.notes.append(Note(str(e.get("at", "")), str(op), str(e.get("note", ""))))


def fold(entries: list[Entry]) -> dict[str, Task]:
    tasks: dict[str, Task] = {}
    for entry in entries:
        _apply(tasks, entry)
    return tasks


# ---------------------------------------------------------------------------- the chain


def entry_hash(entry: Entry) -> str:
    return hashlib.sha256(
        canonical({k: v for k, v in entry.items() if k not in ("hash", "sig")})
    ).hexdigest()


def signed_bytes(entry_hash_hex: str) -> bytes:
    """What the office key signs for an entry: its hash, in a form no other part of yishi
    signs (a signature of a task entry cannot pass for one of a seal or the ledger)."""
    return f"yishi follow-up entry {entry_hash_hex}".encode("ascii")


def _sign(store: Any, hash_hex: str) -> dict[str, str]:
    from yishi import keys

    keys.ensure_outside(store.root)
    return keys.sign(signed_bytes(hash_hex))


def _check_sig(entry: Entry) -> str:
    """ok | untrusted | bad | malformed | missing"""
    if "sig" not in entry:
        return "missing"
    from yishi import keys

    return keys.check(signed_bytes(str(entry.get("hash", ""))), entry["sig"])


# ---------------------------------------------------------------------------- the log


def log_dir(root: Path) -> Path:
    return Path(root) / DIR


def log_path(root: Path, body: str) -> Path:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", body) or ".." in body:
        raise InputError("task.bad_body", body=body)
    return log_dir(root) / f"{body}{SUFFIX}"


def bodies(root: Path) -> list[str]:
    directory = log_dir(root)
    if not directory.is_dir():
        return []
    return sorted(
        p.name[: -len(SUFFIX)] for p in directory.glob(f"*{SUFFIX}") if not p.name.startswith(".")
    )


@dataclass
class Parsed:
    entries: list[Entry]
    bad_lines: list[int]  # 1-based line numbers that are not a JSON object
    torn: bool  # the last line lacks its newline and does not parse (an interrupted write)


def parse(data: bytes) -> Parsed:
    entries: list[Entry] = []
    bad: list[int] = []
    torn = False
    lines = data.split(b"\n")
    complete = data.endswith(b"\n") or not data
    if not complete:
        tail = lines[-1]
        try:
            json.loads(tail.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            torn = True
            lines = lines[:-1]
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            bad.append(number)
            continue
        if not isinstance(value, dict):
            bad.append(number)
            continue
        value["_line"] = number
        entries.append(value)
    return Parsed(entries, bad, torn)


def _strip(entry: Entry) -> Entry:
    return {k: v for k, v in entry.items() if k != "_line"}


def read_entries(root: Path, body: str) -> list[Entry]:
    """The entries of a body's log (torn tail ignored); RecordError when a line is damaged."""
    path = log_path(root, body)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise RecordError(
            "record.unreadable", path=str(path), error=exc.strerror or str(exc)
        ) from None
    parsed = parse(data)
    if parsed.bad_lines:
        raise RecordError("task.log_damaged", path=str(path), line=parsed.bad_lines[0])
    return [_strip(e) for e in parsed.entries]


def load(root: Path, body: str) -> dict[str, Task]:
    path = log_path(root, body)
    try:
        return fold(read_entries(root, body))
    except (InputError, StateError, KeyError, TypeError, ValueError) as exc:
        error = exc.message("en") if isinstance(exc, InputError | StateError) else repr(exc)
        raise RecordError("task.log_invalid", path=str(path), error=error) from None


def load_all(root: Path, body: str | None = None) -> list[Task]:
    out: list[Task] = []
    for name in bodies(root):
        if body is None or name == body:
            out.extend(load(root, name).values())
    out.sort(key=lambda t: (t.body, t.year, _seq(t.id), t.id))
    return out


def _seq(tid: str) -> int:
    match = _ID.fullmatch(tid)
    return int(match.group(2)) if match else 0


@contextlib.contextmanager
def _locked(store: Any, body: str) -> Iterator[None]:
    with store.lock(f"followup-{body}"):
        yield


def append(
    store: Any,
    body: str,
    build: Callable[[dict[str, Task], list[Entry]], list[Entry]],
    cmd: str,
) -> tuple[dict[str, Task], list[Entry]]:
    """Under the body's lock: read the log, `build` the new entries from the tasks as they
    are (refusals raise, nothing is written), chain, sign, append them in one write."""
    from yishi.clock import stamp

    path = log_path(store.root, body)
    with _locked(store, body):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b""
        keep = len(data)
        if data and not data.endswith(b"\n"):  # a write torn by a crash: never acknowledged
            keep = data.rfind(b"\n") + 1
            data = data[:keep]
        parsed = parse(data)
        if parsed.bad_lines:
            raise RecordError("task.log_damaged", path=str(path), line=parsed.bad_lines[0])
        entries = [_strip(e) for e in parsed.entries]
        try:
            tasks = fold(entries)
        except (InputError, StateError, KeyError, TypeError, ValueError) as exc:
            error = exc.message("en") if isinstance(exc, InputError | StateError) else repr(exc)
            raise RecordError("task.log_invalid", path=str(path), error=error) from None
        new = build(tasks, entries)
        if not new:
            return tasks, []
        prev = str(entries[-1].get("hash", "")) if entries else ""
        n = max((int(e.get("n", 0)) for e in entries if isinstance(e.get("n"), int)), default=0)
        lines: list[bytes] = []
        written: list[Entry] = []
        at = stamp()
        for event in new:
            n += 1
            entry = {
                "n": n,
                "prev": prev,
                "at": at,
                "cmd": cmd,
                "body": body,
                **{k: v for k, v in event.items() if v not in (None, "")},
            }
            _apply(tasks, entry)  # refuses before anything is written
            entry["hash"] = entry_hash(entry)
            entry["sig"] = _sign(store, entry["hash"])
            prev = entry["hash"]
            lines.append(canonical(entry) + b"\n")
            written.append(entry)
        created = not path.exists()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            os.ftruncate(fd, keep)
            os.lseek(fd, keep, os.SEEK_SET)
            view = memoryview(b"".join(lines))
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError as exc:
            raise RecordError(
                "record.write_failed", path=str(path), error=exc.strerror or str(exc)
            ) from None
        finally:
            os.close(fd)
        if created:
            from yishi.store import _fsync_dir

            _fsync_dir(path.parent)
        return tasks, written


# ---------------------------------------------------------------------------- commands


def clean_text(value: str | None, what: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InputError("input.empty", what=what)
    if _CONTROL.search(text):
        raise InputError("task.control_chars", what=what)
    if len(text) > MAX_TEXT:
        raise InputError("task.too_long", what=what, max=MAX_TEXT)
    return text


def decision_of(meeting: Any, number: int, candidate: str | None) -> tuple[Any, str, str]:
    """The item, (resolved) candidate and decision text that become a task; InputError
    when there is no adopted decision to follow up (none yet, 暂缓/缓议, 未通过)."""
    from yishi import record as rec

    item = meeting.item(number)
    chosen = ""
    if candidate:
        matches = [c for c in item.candidates if c == candidate] or [
            c for c in item.candidates if c.startswith(candidate)
        ]
        if len(matches) != 1:
            raise InputError(
                "item.unknown_candidate",
                number=item.number,
                text=candidate,
                known="、".join(item.candidates) or "-",
            )
        chosen = matches[0]
    decision = item.decision_for(chosen or None)
    if decision is None and not chosen:
        adopted = [
            c
            for c, d in item.decisions.items()
            if c is not None and d.status == rec.ADOPTED and d.text.strip()
        ]
        if adopted:
            raise InputError("task.needs_candidate", number=item.number, known="、".join(adopted))
    if decision is None or decision.status != rec.ADOPTED or not decision.text.strip():
        raise InputError("task.no_decision", number=item.number, title=item.title)
    return item, chosen, decision.text


def add_event(
    meeting: Any,
    doc: dict[str, Any],
    number: int,
    *,
    owner: str,
    due: str,
    lead: str | None = None,
    text: str | None = None,
    candidate: str | None = None,
) -> Entry:
    """The `add` entry for item `number` of a held meeting (without its id). A meeting
    still open is accepted (the secretary may assign follow-up as the meeting goes); the
    command warns that its decision may still change, and `--verify` reports it if it does."""
    from yishi.report import is_major

    if meeting.state not in ("open", "closed", "issued"):
        raise StateError("task.meeting_not_held", id=meeting.id)
    item, chosen, decision = decision_of(meeting, number, candidate)
    owner = clean_text(owner, "owner", required=True)
    due_date = _date(due)
    if due_date < meeting.date:
        raise InputError(
            "task.due_before_meeting", due=due_date.isoformat(), date=meeting.date.isoformat()
        )
    lead_member = meeting.rules.resolve_member(lead) if lead else None
    kind = meeting.kind(item)
    seal: dict[str, Any] = doc["seal"] if isinstance(doc.get("seal"), dict) else {}
    return {
        "op": "add",
        "meeting": meeting.id,
        "number": meeting.number,
        "meeting_date": meeting.date.isoformat(),
        "meeting_digest": seal.get("digest"),
        "item": item.number,
        "title": item.title,
        "candidate": chosen,
        "kind": kind.id,
        "kind_name": kind.name,
        "major": is_major(kind),
        "decision": decision,
        "owner": owner,
        "due": due_date.isoformat(),
        "lead": lead_member.id if lead_member else None,
        "lead_name": lead_member.name if lead_member else None,
        "text": clean_text(text, "text") or decision,
    }


def next_id(tasks: dict[str, Task], year: int) -> str:
    top = max((_seq(t) for t in tasks if t.startswith(f"{year}-")), default=0)
    return task_id(year, top + 1)


def add(store: Any, meeting_id: str, number: int, cmd: str, **options: Any) -> Task:
    """Turn item `number`'s decision into a task; returns it (its id is new)."""
    from yishi import seal

    doc = store.read(meeting_id)
    meeting = store.meeting_from(doc, meeting_id)
    if meeting.state == "issued" and not seal.verify(doc).ok:
        # follow-up is never built on a record that changed after it was sealed
        raise seal.SealBroken("task.seal_broken", id=meeting_id)
    event = add_event(meeting, doc, number, **options)

    def build(tasks: dict[str, Task], _entries: list[Entry]) -> list[Entry]:
        return [{**event, "task": next_id(tasks, meeting.year)}]

    tasks, written = append(store, meeting.body, build, cmd)
    return tasks[written[0]["task"]]


def resolve(root: Path, ref: str) -> tuple[str, str]:
    """(body, task id) for `2024-007` or `BODY/2024-007`."""
    text = ref.strip()
    body_part, _, tid = text.rpartition("/")
    names = bodies(root)
    if body_part:
        if body_part not in names:
            raise InputError("task.unknown", task=text, known=_known(root))
        if tid not in load(root, body_part):
            raise InputError("task.unknown", task=text, known=_known(root))
        return body_part, tid
    found = [(name, tid) for name in names if tid in load(root, name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise InputError(
            "task.ambiguous", task=tid, candidates=", ".join(f"{b}/{t}" for b, t in found)
        )
    raise InputError("task.unknown", task=text, known=_known(root))


def _known(root: Path) -> str:
    refs = [t.ref if len(bodies(root)) > 1 else t.id for t in load_all(root)]
    return ", ".join(refs[-10:]) or "-"


def change(store: Any, ref: str, op: str, cmd: str, **fields: Any) -> Task:
    """Append an update / done / reopen entry for the task `ref`."""
    body, tid = resolve(store.root, ref)

    def build(tasks: dict[str, Task], _entries: list[Entry]) -> list[Entry]:
        task = tasks[tid]
        event: Entry = {"op": op, "task": tid}
        note = clean_text(fields.get("note"), "note")
        if note:
            event["note"] = note
        if op == "update":
            if fields.get("due"):
                due = _date(fields["due"])
                if due < task.meeting_date:
                    raise InputError(
                        "task.due_before_meeting",
                        due=due.isoformat(),
                        date=task.meeting_date.isoformat(),
                    )
                event["due"] = due.isoformat()
            if fields.get("owner") is not None:
                event["owner"] = clean_text(fields["owner"], "owner", required=True)
            if fields.get("lead"):
                member = fields["lead_member"]
                event["lead"], event["lead_name"] = member.id, member.name
            if len(event) == 2:
                raise InputError("task.update_nothing")
        if op == "done":
            from yishi.clock import now

            today = now().date()
            on = _date(fields["on"]) if fields.get("on") else today
            if on > today:
                raise InputError("task.done_in_future", on=on.isoformat(), today=today.isoformat())
            if on < task.meeting_date:
                raise InputError(
                    "task.done_before_meeting",
                    on=on.isoformat(),
                    date=task.meeting_date.isoformat(),
                )
            event["on"] = on.isoformat()
        return [event]

    tasks, _ = append(store, body, build, cmd)
    return tasks[tid]


# ---------------------------------------------------------------------------- settings


@dataclass
class Settings:
    """What a body's rules say about follow-up (`[follow_up]`), from its latest meeting."""

    body: str
    name: str = ""
    office: str = ""
    soon: int = DEFAULT_SOON


def settings(store: Any, tasks: list[Task]) -> dict[str, Settings]:
    """Per body, the `[follow_up]` rules of the newest meeting its tasks refer to."""
    from yishi.errors import YishiError

    latest: dict[str, Task] = {}
    for task in tasks:
        if task.body not in latest or task.meeting_date > latest[task.body].meeting_date:
            latest[task.body] = task
    out: dict[str, Settings] = {}
    for body, task in latest.items():
        found = Settings(body)
        try:
            rules = store.meeting(task.meeting).rules
        except YishiError:
            out[body] = found
            continue
        found.name = rules.body.name
        found.office = rules.follow_up.office  # its defaults are declared in yishi.rules
        found.soon = rules.follow_up.due_soon_days
        out[body] = found
    return out


# ---------------------------------------------------------------------------- verify


@dataclass
class Problem:
    key: str  # message key (catalog/after.py)
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        from yishi.i18n import t

        return t(self.key, lang, **self.params)


@dataclass
class LogCheck:
    body: str
    path: str
    entries: int = 0
    tasks: int = 0
    head: str = ""
    signed: int = 0
    torn: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _seal_digests(doc: dict[str, Any]) -> set[str]:
    seal = doc.get("seal")
    if not isinstance(seal, dict):
        return set()
    found = {seal.get("digest")}
    for old in seal.get("history", []) if isinstance(seal.get("history"), list) else []:
        if isinstance(old, dict):
            found.add(old.get("digest"))
    return {d for d in found if isinstance(d, str)}


def verify(store: Any, body: str) -> LogCheck:
    """Check a body's log: every line an entry, numbered 1, 2, 3 ..., each hash right and
    chained to the one before, the body right, the entries a valid history, and each task
    pointing at a decision of a meeting that exists in the sealed form it had."""
    from yishi.errors import YishiError

    path = log_path(store.root, body)
    result = LogCheck(body, str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.problems.append(
            Problem("task.verify.unreadable", {"error": exc.strerror or str(exc)})
        )
        return result
    parsed = parse(data)
    result.torn = parsed.torn
    result.problems += [
        Problem("task.verify.bad_line", {"line": line}) for line in parsed.bad_lines
    ]
    entries = parsed.entries
    result.entries = len(entries)
    prev = ""
    for index, entry in enumerate(entries):
        line = entry.pop("_line")
        n = entry.get("n")
        where = {"n": n, "line": line, "task": entry.get("task", "?"), "op": entry.get("op", "?")}
        if n != index + 1:
            result.problems.append(
                Problem("task.verify.numbering", {**where, "expected": index + 1})
            )
        if entry.get("hash") != entry_hash(entry):
            result.problems.append(Problem("task.verify.edited", where))
        if entry.get("prev") != prev:
            result.problems.append(Problem("task.verify.chain", where))
        if entry.get("body") != body:
            result.problems.append(
                Problem("task.verify.body", {**where, "other": entry.get("body")})
            )
        signature = _check_sig(entry)
        if signature == "ok":
            result.signed += 1
        else:
            result.problems.append(Problem(f"task.verify.sig_{signature}", where))
        prev = str(entry.get("hash", ""))
    result.head = prev
    clean = [_strip(e) for e in entries]
    try:
        tasks = fold(clean)
    except (InputError, StateError, KeyError, TypeError, ValueError) as exc:
        error = exc.message("en") if isinstance(exc, InputError | StateError) else repr(exc)
        result.problems.append(Problem("task.verify.invalid", {"error": error}))
        return result
    result.tasks = len(tasks)
    adds = {e.get("task"): e for e in clean if e.get("op") == "add"}
    docs: dict[str, Any] = {}
    for tid, task in sorted(tasks.items()):
        if task.meeting not in docs:
            try:
                doc = store.read(task.meeting)
                docs[task.meeting] = (doc, store.meeting_from(doc, task.meeting))
            except YishiError:
                docs[task.meeting] = None
        found = docs[task.meeting]
        if found is None:
            result.problems.append(
                Problem("task.verify.meeting_missing", {"task": tid, "meeting": task.meeting})
            )
            continue
        doc, meeting = found
        digest = adds[tid].get("meeting_digest")
        if digest and digest not in _seal_digests(doc):
            result.problems.append(
                Problem("task.verify.meeting_changed", {"task": tid, "meeting": task.meeting})
            )
        try:
            item, _, decision = decision_of(meeting, task.item, task.candidate or None)
        except InputError:
            result.problems.append(
                Problem(
                    "task.verify.no_decision",
                    {"task": tid, "meeting": task.meeting, "item": task.item},
                )
            )
            continue
        for what, mine, theirs in (
            ("title", task.title, item.title),
            ("decision", task.decision, decision),
            ("kind", task.kind, item.kind),
            ("meeting_date", task.meeting_date, meeting.date),
        ):
            if mine != theirs:
                result.problems.append(
                    Problem(
                        "task.verify.differs", {"task": tid, "meeting": task.meeting, "what": what}
                    )
                )
    return result


def head(root: Path, body: str) -> str:
    """The hash of the last entry of a body's log ('' when there is none): printed in the
    annual report and by `tasks --verify`, so a copy kept elsewhere pins the log."""
    entries = read_entries(root, body)
    return str(entries[-1].get("hash", "")) if entries else ""


# ---------------------------------------------------------------------------- summaries


@dataclass
class Count:
    total: int = 0
    done: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0

    def add(self, task: Task, today: dt.date) -> None:
        self.total += 1
        if task.state == "done":
            self.done += 1
            self.done_late += task.status(today) == "done_late"
        else:
            self.open += 1
            self.overdue += task.overdue(today)


@dataclass
class OwnerRow:
    owner: str
    count: Count


@dataclass
class KindRow:
    kind: str
    name: str
    major: bool
    count: Count


@dataclass
class FollowUp:
    """A body's follow-up of one year's decisions (tasks of that year's meetings)."""

    total: Count
    major: Count
    owners: list[OwnerRow]
    kinds: list[KindRow]
    overdue: list[dict[str, Any]]
    head: str = ""


def summary(tasks: list[Task], today: dt.date, head: str = "") -> FollowUp:
    total, major = Count(), Count()
    owners: dict[str, Count] = {}
    kinds: dict[str, KindRow] = {}
    for task in tasks:
        total.add(task, today)
        if task.major:
            major.add(task, today)
        owners.setdefault(task.owner, Count()).add(task, today)
        kinds.setdefault(
            task.kind, KindRow(task.kind, task.kind_name, task.major, Count())
        ).count.add(task, today)
    overdue = [
        {
            "id": t.id,
            "meeting": t.meeting,
            "number": t.number,
            "item": t.item,
            "title": t.title,
            "owner": t.owner,
            "lead_name": t.lead_name or None,
            "due": t.due.isoformat(),
            "days": (today - t.due).days,
        }
        for t in tasks
        if t.overdue(today)
    ]
    return FollowUp(
        total,
        major,
        [OwnerRow(o, c) for o, c in sorted(owners.items())],
        sorted(kinds.values(), key=lambda k: (not k.major, k.kind)),
        sorted(overdue, key=lambda o: (o["due"], o["id"])),
        head,
    )


def report_blocks(follow: FollowUp, tr: Callable[..., str]) -> list[tuple[str, list[Any]]]:
    """The annual report's 督办 section, as report.py's blocks."""
    blocks: list[tuple[str, list[Any]]] = [("h3", [tr("report.followup")])]
    if not follow.total.total:
        return blocks + [("p", [tr("report.followup_none")])]
    c = follow.total
    blocks.append(
        (
            "p",
            [
                tr(
                    "report.followup_total",
                    total=c.total,
                    done=c.done,
                    done_late=c.done_late,
                    open=c.open,
                    overdue=c.overdue,
                    major=follow.major.total,
                    major_overdue=follow.major.overdue,
                )
            ],
        )
    )
    head = [
        tr("report.col_tasks"),
        tr("report.col_done"),
        tr("report.col_open_tasks"),
        tr("report.col_overdue"),
    ]

    def counts(x: Count) -> list[Any]:
        return [x.total, x.done, x.open, x.overdue]

    blocks.append(("p", [tr("report.followup_owners")]))
    blocks.append(
        (
            "table",
            [[tr("report.col_owner"), *head], [[o.owner, *counts(o.count)] for o in follow.owners]],
        )
    )
    blocks.append(("p", [tr("report.followup_kinds")]))
    blocks.append(
        (
            "table",
            [
                [tr("report.col_kind"), *head],
                [[k.name + (" ★" if k.major else ""), *counts(k.count)] for k in follow.kinds],
            ],
        )
    )
    if follow.head:
        blocks.append(("p", [tr("report.followup_head", head=follow.head[:16])]))
    if follow.overdue:
        blocks.append(("p", [tr("report.followup_overdue")]))
        blocks.append(
            (
                "table",
                [
                    [
                        tr("report.col_task"),
                        tr("report.col_meeting"),
                        "#",
                        tr("report.col_item"),
                        tr("report.col_owner"),
                        tr("report.col_due"),
                        tr("report.col_days"),
                    ],
                    [
                        [
                            o["id"],
                            o["number"] or o["meeting"],
                            o["item"],
                            o["title"],
                            o["owner"],
                            o["due"],
                            o["days"],
                        ]
                        for o in follow.overdue
                    ],
                ],
            )
        )
    return blocks


def year_summary(root: Path, body: str, year: int, today: dt.date) -> FollowUp:
    tasks = [t for t in load_all(root, body) if t.year == year]
    return summary(tasks, today, head(root, body))


# ---------------------------------------------------------------------------- yishi due

_DUE_CACHE: dict[tuple[str, str], tuple[tuple[int, int], dict[str, list[Task]]]] = {}


def _tasks_by_meeting(root: Path, body: str) -> dict[str, list[Task]]:
    """A body's tasks by meeting, read once per process while the log file is unchanged
    (`yishi due` asks for every meeting of the body in turn)."""
    path = log_path(root, body)
    try:
        info = path.stat()
    except OSError:
        return {}
    key, stamp_ = (str(root), body), (info.st_mtime_ns, info.st_size)
    cached = _DUE_CACHE.get(key)
    if cached is not None and cached[0] == stamp_:
        return cached[1]
    grouped: dict[str, list[Task]] = {}
    for task in load(root, body).values():
        grouped.setdefault(task.meeting, []).append(task)
    _DUE_CACHE[key] = (stamp_, grouped)
    return grouped


def due_provider(src: Any) -> Iterator[Any]:
    """`yishi due`: each open 督办 task of the meeting, due on its 办理时限 (overdue after it).
    Done tasks are not listed (their lateness is in `yishi tasks` and the report)."""
    from yishi.deadlines import Due

    root = getattr(src, "root", None)
    if root is None:
        return
    meeting = src.meeting
    for task in _tasks_by_meeting(Path(root), meeting.body).get(meeting.id, []):
        if task.state == "done":
            continue
        yield Due(
            task.body,
            task.meeting,
            "task",
            task.due,
            "follow_up",
            "due.what.task",
            {"id": task.id, "owner": task.owner, "title": task.title},
        )


__all__ = [
    "Task",
    "Note",
    "fold",
    "append",
    "add",
    "change",
    "resolve",
    "load",
    "load_all",
    "verify",
    "summary",
    "year_summary",
    "head",
    "report_blocks",
    "settings",
    "Settings",
    "LogCheck",
    "FollowUp",
    "bodies",
    "log_path",
    "entry_hash",
    "DEFAULT_SOON",
    "STATUSES",
    "due_provider",
]
