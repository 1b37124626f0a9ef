"""A generated year (bench/gen.py: 300 meetings) with ~900 督办 tasks: the annual report's
follow-up section matches what the task log says, counted here from the raw JSON lines."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

from helpers import bench_gen

ROOT = Path(__file__).parent.parent
OWNERS = ["办公室", "财务科", "人事科", "机关服务中心", "基建处", "信息中心"]
TODAY = dt.date(2025, 1, 15)


def _gen():
    return bench_gen()


def _make_year(records: Path, rules: Path) -> None:
    """300 closed meetings and a year of follow-up written through yishi.tasks."""
    from yishi import tasks as tk
    from yishi.store import Store

    gen = _gen()
    rules.write_text(gen.rules_text(0, 9), encoding="utf-8")
    ids = gen.write_year(records, rules, 300)
    store = Store(records)
    rng = random.Random(14)
    adds = []
    for meeting_id in ids:
        doc = store.read(meeting_id)
        meeting = store.meeting_from(doc, meeting_id)
        for number in rng.sample(range(2, 11), 3):
            due = meeting.date + dt.timedelta(days=rng.randint(10, 120))
            adds.append(
                (
                    meeting,
                    tk.add_event(
                        meeting, doc, number, owner=rng.choice(OWNERS), due=due.isoformat()
                    ),
                )
            )
    body = adds[0][0].body

    def build(tasks, _entries):
        events, seq = [], 0
        for meeting, event in adds:
            seq += 1
            tid = tk.task_id(meeting.year, seq)
            events.append({**event, "task": tid})
            due = dt.date.fromisoformat(event["due"])
            roll = rng.random()
            if roll < 0.15:  # 延期
                due = due + dt.timedelta(days=30)
                events.append(
                    {"op": "update", "task": tid, "due": due.isoformat(), "note": "申请延期"}
                )
            if roll < 0.55:
                on = min(TODAY, max(meeting.date, due + dt.timedelta(days=rng.randint(-20, 8))))
                events.append({"op": "done", "task": tid, "on": on.isoformat()})
                if roll < 0.05:
                    events.append({"op": "reopen", "task": tid, "note": "复查未通过"})
        return events

    tk.append(store, body, build, "test: a generated year")


def _expected(path: Path, year: int) -> dict:
    """Counted from the log's lines without yishi: the state of each task, then the sums."""
    state: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        if e["op"] == "add":
            state[e["task"]] = {
                "owner": e["owner"],
                "kind": e["kind"],
                "major": e["major"],
                "due": e["due"],
                "done": None,
                "year": int(e["meeting_date"][:4]),
            }
        elif e["op"] == "update" and "due" in e:
            state[e["task"]]["due"] = e["due"]
        elif e["op"] == "done":
            state[e["task"]]["done"] = e["on"]
        elif e["op"] == "reopen":
            state[e["task"]]["done"] = None
    total, owners, kinds = Counter(), defaultdict(Counter), defaultdict(Counter)
    overdue_ids = []
    for tid, t in state.items():
        if t["year"] != year:
            continue
        row = Counter(total=1)
        if t["done"]:
            row["done"] = 1
            row["done_late"] = int(t["done"] > t["due"])
        else:
            row["open"] = 1
            if t["due"] < TODAY.isoformat():
                row["overdue"] = 1
                overdue_ids.append(tid)
        total.update(row)
        owners[t["owner"]].update(row)
        kinds[t["kind"]].update(row)
        if t["major"]:
            total.update({"major": 1, "major_overdue": row["overdue"]})
    return {"total": total, "owners": owners, "kinds": kinds, "overdue": sorted(overdue_ids)}


def _count(c: Counter) -> dict:
    return {k: c[k] for k in ("total", "done", "done_late", "open", "overdue")}


def test_report_follow_up_matches_the_task_log_on_a_generated_year(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("YISHI_NOW", f"{TODAY.isoformat()}T09:00:00+08:00")
    _make_year(cli.records, tmp_path / "rules.toml")
    path = cli.records / "followup" / "bench-body-0.jsonl"
    expected = _expected(path, 2024)
    assert expected["total"]["total"] == 900
    assert expected["total"]["overdue"] > 0 and expected["total"]["done"] > 0
    assert expected["total"]["done_late"] > 0

    result = cli("report", "--year", "2024", "--format", "json")
    assert result.exit_code == 0, result.output[-2000:]
    data = json.loads(result.stdout)
    follow = data["bodies"][0]["follow_up"]
    assert follow["total"] == _count(expected["total"])
    assert follow["major"]["total"] == expected["total"]["major"]
    assert follow["major"]["overdue"] == expected["total"]["major_overdue"]
    assert {o["owner"]: o["count"] for o in follow["owners"]} == {
        owner: _count(c) for owner, c in expected["owners"].items()
    }
    assert {k["kind"]: k["count"] for k in follow["kinds"]} == {
        kind: _count(c) for kind, c in expected["kinds"].items()
    }
    assert {k["kind"] for k in follow["kinds"] if k["major"]} >= {"personnel", "large_fund"}
    assert sorted(o["id"] for o in follow["overdue"]) == expected["overdue"]
    # the other 6 decisions of each meeting have no task: still "without follow-up"
    pending = {(p["meeting"], p["item"]) for p in data["bodies"][0]["pending"]}
    tasked = {
        (t["meeting"], t["item"])
        for t in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        if t["op"] == "add"
    }
    assert len(pending) == 300 * 9 - 900 and not pending & tasked

    listing = cli("tasks", "--year", "2024", "--format", "json")
    assert listing.exit_code == 1  # some are overdue
    listed = json.loads(listing.stdout)
    assert listed["overdue"] == expected["total"]["overdue"] and len(listed["tasks"]) == 900
    assert cli("tasks", "--verify").exit_code == 0
    text = cli("report", "--year", "2024", lang="zh").stdout
    assert f"督办事项 900 项：已办结 {expected['total']['done']} 项" in text
