"""The check engine's golden corpus: meetings, and what `check.evaluate` found in them.

tests/golden/check-corpus.json.gz holds the inputs of every meeting the test suite evaluated
(header, rules snapshot, event log, as `record.replay` takes them), a demo-like meeting of
every sample body's meeting types, the 0.1 record fixtures, the meetings of `make demo`
and every step of the derandomized state machine, each with its findings (code, severity,
item, message key, rule, source, params, in order) and item outcomes; and the year
evaluations the suite ran, with theirs. tests/test_check_golden.py evaluates them again:
a refactor of the engine that changes one finding, its order or one outcome fails it.

Regenerate (only when a change of findings is intended, and say so in the commit):

    .venv/bin/python -m tests.check_corpus

That runs the suite once with this module as a pytest plugin (`-p tests.check_corpus`,
YISHI_CORPUS_OUT set), which wraps `record.replay`, `check.evaluate` and
`check.evaluate_year` to keep what they saw; an entry is kept only when replaying its
stored inputs gives exactly what the suite's own meeting gave.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "golden" / "check-corpus.json.gz"
ENV = "YISHI_CORPUS_OUT"


# ---------------------------------------------------------------------------- encoding


def encode(value: Any) -> Any:
    """JSON with tags for what TOML has and JSON lacks (dates, times)."""
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, float) and value != value:
        return {"$nan": True}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, text),) = value.items()
            if tag == "$datetime":
                return dt.datetime.fromisoformat(text)
            if tag == "$date":
                return dt.date.fromisoformat(text)
            if tag == "$time":
                return dt.time.fromisoformat(text)
            if tag == "$nan":
                return float("nan")
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    """A finding's params or an outcome's field as comparable JSON."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Fraction):
        return f"Fraction({value.numerator}/{value.denominator})"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return repr(value)


def _param(value: Any) -> Any:
    """A param as comparable JSON; a path into the config dir (the working-day calendar a
    CALENDAR_UNKNOWN names) without the dir, which differs from run to run."""
    if isinstance(value, str) and value.startswith("/") and "/yishi/" in value:
        return "<config>" + value[value.rindex("/yishi/") :]
    return _plain(value)


def finding_rows(findings: list[Any]) -> list[Any]:
    return [
        [
            f.code,
            f.severity,
            f.item,
            f.key,
            f.rule,
            f.source,
            {k: _param(v) for k, v in f.params.items()},
        ]
        for f in findings
    ]


def outcome_rows(items: list[Any]) -> list[Any]:
    return [
        {field.name: _plain(getattr(o, field.name)) for field in dataclasses.fields(o)}
        for o in items
    ]


def report_rows(report: Any) -> dict[str, Any]:
    return {"findings": finding_rows(report.findings), "items": outcome_rows(report.items)}


# ---------------------------------------------------------------------------- replaying


def rules_from(raw: dict[str, Any]) -> Any:
    from yishi.rules import from_snapshot

    return from_snapshot(copy.deepcopy(raw))


def meeting_from(corpus: dict[str, Any], entry: dict[str, Any]) -> Any:
    from yishi import record

    rules = rules_from(decode(corpus["rules"][entry["rules"]]))
    return record.replay(decode(entry["header"]), rules, decode(entry["log"]))


def load() -> dict[str, Any]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        return json.load(handle)


# ---------------------------------------------------------------------------- capturing


class Recorder:
    def __init__(self) -> None:
        self.rules: dict[str, Any] = {}
        self.meetings: dict[str, dict[str, Any]] = {}
        self.years: dict[str, dict[str, Any]] = {}
        self.dropped = 0

    @staticmethod
    def _hash(value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False)  # key order matters (TOML tables)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def source(self, meeting: Any) -> tuple[str, dict[str, Any]] | None:
        src = getattr(meeting, "_corpus_src", None)
        if src is None:
            return None
        header, raw, log = src
        try:
            raw_enc = encode({k: v for k, v in raw.items() if k != "extends"})
            rules_key = self._hash(raw_enc)
            entry = {"header": encode(header), "rules": rules_key, "log": encode(log)}
            json.dumps(entry, ensure_ascii=False).encode("utf-8")
            json.dumps(raw_enc, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError, UnicodeError):
            return None
        self.rules.setdefault(rules_key, raw_enc)
        return self._hash(entry), entry

    def meeting(self, meeting: Any, report: Any, origin: str) -> str | None:
        found = self.source(meeting)
        if found is None:
            self.dropped += 1
            return None
        key, entry = found
        if key in self.meetings:
            return key
        corpus = {"rules": self.rules}
        try:
            again = report_rows(ORIGINAL["evaluate"](meeting_from(corpus, entry)))
        except Exception:  # noqa: BLE001 - an input that does not replay is not kept
            self.dropped += 1
            return None
        if json.loads(json.dumps(again)) != json.loads(json.dumps(report_rows(report))):
            self.dropped += 1
            return None
        entry["origin"] = origin
        entry["expect"] = again
        self.meetings[key] = entry
        return key

    def year(self, meetings: list[Any], args: dict[str, Any], found: list[Any], origin: str):
        keys = []
        for meeting in meetings:
            key = self.meeting(meeting, ORIGINAL["evaluate"](meeting), origin)
            if key is None:
                self.dropped += 1
                return
            keys.append(key)
        entry = {"meetings": keys, **encode(args)}
        key = self._hash(entry)
        if key in self.years:
            return
        corpus = {"rules": self.rules}
        replayed = [meeting_from(corpus, self.meetings[k]) for k in keys]
        again = finding_rows(ORIGINAL["evaluate_year"](replayed, **args))
        if json.loads(json.dumps(again)) != json.loads(json.dumps(finding_rows(found))):
            self.dropped += 1
            return
        entry["origin"] = origin
        entry["expect"] = again
        self.years[key] = entry

    def dump(self, path: Path) -> None:
        meetings = [self.meetings[k] for k in sorted(self.meetings)]
        index = {k: i for i, k in enumerate(sorted(self.meetings))}
        years = []
        for key in sorted(self.years):
            entry = dict(self.years[key])
            entry["meetings"] = [index[k] for k in entry["meetings"]]
            years.append(entry)
        doc = {
            "rules": {k: self.rules[k] for k in sorted(self.rules)},
            "meetings": meetings,
            "years": years,
        }
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        print(
            f"\ncheck corpus: {len(meetings)} meetings, {len(years)} years, "
            f"{len(self.rules)} rules, {self.dropped} dropped -> {path}",
            file=sys.stderr,
        )


RECORDER = Recorder()
ORIGINAL: dict[str, Any] = {}
_ORIGIN = ["(collection)"]


def _install() -> None:
    from yishi import check, record

    replay = record.replay

    def replay_and_keep(header: dict[str, Any], rules: Any, log: list[dict[str, Any]]) -> Any:
        src = (copy.deepcopy(header), copy.deepcopy(rules.raw), copy.deepcopy(log))
        meeting = replay(header, rules, log)
        meeting._corpus_src = src
        return meeting

    evaluate = ORIGINAL["evaluate"] = check.evaluate
    evaluate_year = ORIGINAL["evaluate_year"] = check.evaluate_year

    def evaluate_and_keep(meeting: Any) -> Any:
        report = evaluate(meeting)
        RECORDER.meeting(meeting, report, _ORIGIN[0])
        return report

    def evaluate_year_and_keep(
        meetings: list[Any], year: int, today: Any = None, *, closed_only: bool = False
    ) -> Any:
        found = evaluate_year(meetings, year, today, closed_only=closed_only)
        args = {"year": year, "today": today, "closed_only": closed_only}
        RECORDER.year(list(meetings), args, found, _ORIGIN[0])
        return found

    record.replay = replay_and_keep
    check.evaluate = evaluate_and_keep
    check.evaluate_year = evaluate_year_and_keep


def _keep_machine_steps(module: Any) -> None:
    """A derandomized state machine: every accepted step's meeting is a corpus meeting."""
    machine = getattr(module, "MeetingMachine", None)
    if machine is None or getattr(machine, "_corpus_patched", False):
        return
    from yishi import check

    run = machine.run

    def run_and_keep(self: Any, event: dict[str, Any], accept: bool, after: Any = None) -> None:
        run(self, event, accept, after)
        check.evaluate(self.store.meeting(self.id))

    machine.run = run_and_keep
    machine._corpus_patched = True


def pytest_configure(config: Any) -> None:
    if os.environ.get(ENV):
        _install()


def pytest_runtest_setup(item: Any) -> None:
    _ORIGIN[0] = item.nodeid
    if os.environ.get(ENV) and getattr(item, "module", None) is not None:
        _keep_machine_steps(item.module)


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    out = os.environ.get(ENV)
    if not out:
        return
    _ORIGIN[0] = "extra-machine"
    machine = next((m for m in sys.modules.values() if hasattr(m, "MeetingMachine")), None)
    if machine is not None:  # more derandomized examples than the suite's own run
        from hypothesis import HealthCheck, settings
        from hypothesis.stateful import run_state_machine_as_test

        os_fsync, os.fsync = os.fsync, lambda fd: None
        try:
            run_state_machine_as_test(
                machine.MeetingMachine,
                settings=settings(
                    max_examples=150,
                    stateful_step_count=40,
                    deadline=None,
                    derandomize=True,
                    database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                ),
            )
        finally:
            os.fsync = os_fsync
    _ORIGIN[0] = "extra"
    for meeting in extra_meetings():
        from yishi import check

        check.evaluate(meeting)
    RECORDER.dump(Path(out))


# ---------------------------------------------------------------------------- extra meetings


def _demo_like(rules: Any, type_id: str, variant: int) -> tuple[dict[str, Any], list[Any]]:
    """A meeting of `type_id` of a sample body: every member present (variant 0), one on
    leave and one absent (1), or nobody recorded but the chair (2); an item of every kind
    with opinions in reverse rank, a named vote of all present and a decision."""
    mtype = rules.meeting_types[type_id]
    members = list(rules.members_of(type_id))
    chair = rules.holders(mtype.chair)
    header = {
        "id": f"demo-{type_id}-{variant}",
        "body": rules.body.id,
        "type": type_id,
        "date": "2024-03-05",
        "time": "09:00",
        "place": "三楼会议室",
        "recorder": "周敏",
        "chair": chair[0].id if chair else members[0].id,
        "notice_sent": "2024-03-01",
    }
    log: list[dict[str, Any]] = []
    present = [m.id for m in members]
    if variant == 1 and len(members) > 3:
        present = present[:-2]
        log.append({"op": "leave", "member": members[-2].id, "reason": "出差", "opinion": "同意"})
        log.append({"op": "absent", "members": [members[-1].id]})
    if variant == 2:
        present = [header["chair"]]
    log.insert(0, {"op": "attend", "members": present})
    number = 0
    ranked = sorted((m for m in members if m.id in present), key=lambda m: -m.rank)
    for kind_id, kind in rules.item_kinds.items():
        if mtype.kinds and kind_id not in mtype.kinds:
            continue
        number += 1
        event: dict[str, Any] = {"op": "item", "title": f"议题{number}", "kind": kind_id}
        if kind.in_charge_present:
            areas = [a for m in members for a in m.in_charge]
            if areas:
                event["area"] = areas[0]
        log.append(event)
        for member in ranked:
            log.append({"op": "opinion", "item": number, "member": member.id, "position": "agree"})
        if kind.vote:
            method = rules.methods_for(kind)[0]
            vote: dict[str, Any] = {"op": "vote", "items": [number], "method": method}
            if method == "secret":
                vote.update(yes=len(present), no=0, abstain=0)
            else:
                vote.update(yes_names=present, no_names=[], abstain_names=[])
            log.append(vote)
        log.append({"op": "decide", "item": number, "text": "同意", "defer": False})
    if variant == 0:
        log.append({"op": "close"})
    return header, [{"n": i + 1, **e} for i, e in enumerate(log)]


def extra_meetings() -> list[Any]:
    """The meetings the suite may not evaluate in-process: demo-like meetings of every
    sample body, the 0.1 fixtures, the records of `make demo`."""
    from yishi import record
    from yishi import rules as rules_mod
    from yishi.store import Store

    out: list[Any] = []
    for path in sorted((ROOT / "sample_configs").glob("*.toml")):
        body = rules_mod.load(path)
        snapshot = rules_mod.from_snapshot({k: v for k, v in body.raw.items() if k != "extends"})
        for type_id in sorted(snapshot.meeting_types):
            for variant in (0, 1, 2):
                header, log = _demo_like(snapshot, type_id, variant)
                try:
                    out.append(record.replay(header, snapshot, log))
                except Exception as exc:  # noqa: BLE001 - a variant a body refuses
                    print(f"skipped demo-like {path.name} {type_id} {variant}: {exc!r}")
    copied = Path(tempfile.mkdtemp(prefix="yishi-corpus-v01-")) / "records"
    shutil.copytree(ROOT / "tests" / "fixtures" / "records-0.1", copied)
    old = Store(copied)
    for meeting_id in sorted(old.ids()):
        out.append(old.meeting(meeting_id))
    demo = Path(tempfile.mkdtemp(prefix="yishi-corpus-demo-"))
    env = {
        **os.environ,
        "YISHI_DEMO_OUT": str(demo),
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
    }
    subprocess.run(["bash", "scripts/demo.sh"], cwd=ROOT, env=env, capture_output=True)
    store = Store(demo / "records")
    for meeting_id in sorted(store.ids()):
        out.append(store.meeting(meeting_id))
    return out


def main() -> int:
    out = Path(tempfile.mkdtemp(prefix="yishi-corpus-")) / "corpus.json"
    env = {**os.environ, ENV: str(out)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "tests.check_corpus", *sys.argv[1:]]
    cmd += ["--deselect", "tests/test_check_golden.py"]
    done = subprocess.run(cmd, cwd=ROOT, env=env)
    if done.returncode != 0:
        return done.returncode
    data = out.read_bytes()
    with gzip.GzipFile(CORPUS, "wb", mtime=0) as handle:
        handle.write(data)
    print(f"wrote {CORPUS} ({CORPUS.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
