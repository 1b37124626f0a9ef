"""Generated workloads for the benchmarks: rule files and meeting records.

Records are built as documents (header + rules snapshot + event log), each validated by
replaying it through `yishi.record` once, then written with `yishi.store.dumps`, the same
bytes `yishi` itself would write. That makes a year of meetings take seconds to prepare
instead of the minutes thousands of CLI calls would.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import tomllib
from pathlib import Path
from typing import Any

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅琳飞鹏辉健宁浩博文斌"
PINYIN = [
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "he",
    "gao",
    "lin",
    "luo",
    "zheng",
    "liang",
    "xie",
    "song",
    "tang",
]


def member_list(count: int, rng: random.Random) -> list[dict[str, Any]]:
    members, names = [], set()
    for rank in range(1, count + 1):
        while True:
            name = (
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
            )
            if name not in names:
                names.add(name)
                break
        role = "secretary" if rank == 1 else "deputy" if rank == 2 else "member"
        member: dict[str, Any] = {
            "id": f"{PINYIN[(rank - 1) % len(PINYIN)]}{rank}",
            "name": name,
            "rank": rank,
            "roles": [role],
        }
        area = {3: "finance", 4: "personnel", 5: "construction"}.get(rank)
        if area:
            member["in_charge"] = [area]
        members.append(member)
    return members


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rules_text(index: int, members: int = 15, *, typo: bool = False, seed: int = 0) -> str:
    """One body's rules file in the SPEC §1 shape (a typo'd key with typo=True)."""
    rng = random.Random(seed * 100_003 + index)
    lines = [
        "# generated for the yishi benchmarks; 半数以上 read as at_least 1/2",
        "[body]",
        f'id = "bench-body-{index}"',
        f'name = "中共基准测试第{index}局党组"',
        f'short = "基准{index}局党组"',
        f'source = "基准测试第{index}局党组会议议事规则"',
        "",
    ]
    for m in member_list(members, rng):
        lines += [
            "[[members]]",
            f'id = "{m["id"]}"',
            f"name = {_toml_str(m['name'])}",
            f"rank = {m['rank']}",
            f'roles = ["{m["roles"][0]}"]',
        ]
        if "in_charge" in m:
            lines.append(f'in_charge = ["{m["in_charge"][0]}"]')
        lines.append("")
    lines += [
        "[meeting_types.party_group]",
        'name = "党组会议"',
        'chair = "secretary"',
        'quorum = { at_least = "1/2" }',
        'frequency = { min = 1, per = "month" }',
        "notice_days = 2",
        'first_item = "study"',
        'number_format = "{short}纪〔{year}〕{seq}号"',
        'signer = "secretary"',
        "",
        "[meeting_types.office]",
        'name = "局长办公会议"',
        'chair = "secretary"',
        'quorum = { more_than = "1/2" }',
        'frequency = { min = 1, per = "quarter" }',
        'number_format = "{short}办〔{year}〕{seq}号"',
        "",
        "[item_kinds.general]",
        'name = "一般事项"',
        "vote = true",
        'pass = { more_than = "1/2", of = "members" }',
        "",
        "[item_kinds.personnel]",
        'name = "干部任免"',
        'quorum = { at_least = "2/3" }',
        "vote = true",
        "per_candidate = true",
        'opinions = ["agree", "disagree", "defer"]',
        'opinion_order = "reverse_rank"',
        "ad_hoc = false",
        "materials_in_advance = false",
        'pass = { more_than = "1/2", of = "members" }',
        "",
        "[item_kinds.large_fund]",
        'name = "大额资金使用"',
        f"amount_at_least = {rng.choice([300, 500, 1000])}",
        'quorum = { at_least = "2/3" }',
        "in_charge_present = true",
        'notify = ["派驻纪检监察组"]',
        "vote = true",
        'pass = { more_than = "1/2", of = "members" }',
        "",
        "[item_kinds.study]",
        'name = "学习"',
        "vote = false",
        "",
        "[voting]",
        "chair_last = true",
        "absent_opinions_count = false",
        'methods = ["oral", "hands", "secret", "roll_call"]',
        "split_defer_margin = 1",
        'reconsider = { more_than = "1/2", of = "members" }',
    ]
    if typo:
        lines.insert(lines.index("[voting]") + 1, "chair_lsat = true")
    return "\n".join(lines) + "\n"


def write_rules_files(directory: Path, count: int, *, typo_every: int = 10) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"body-{i:04d}.toml"
        typo = typo_every > 0 and i % typo_every == typo_every - 1
        path.write_text(rules_text(i, 5 + i % 21, typo=typo), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------------------- meetings


def meeting_events(
    raw_rules: dict[str, Any],
    rng: random.Random,
    items: int = 10,
    *,
    closed: bool = True,
    date: dt.date,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A clean meeting of `items` items: header extras and its events."""
    members = sorted(raw_rules["members"], key=lambda m: m["rank"])
    ids = [m["id"] for m in members]
    chair = ids[0]
    leave = ids[-1]
    present = ids[:-1]
    extra = {
        "notice_sent": (date - dt.timedelta(days=3)).isoformat(),
        "notified": ["派驻纪检监察组"],
    }
    events: list[dict[str, Any]] = [
        {"op": "attend", "members": present},
        {"op": "leave", "member": leave, "reason": "出差", "opinion": "同意"},
        {"op": "guest", "name": "办公室主任", "role": "列席"},
    ]
    amount_kind = "large_fund"
    threshold = raw_rules["item_kinds"][amount_kind]["amount_at_least"]
    for number in range(1, items + 1):
        if number == 1:
            events.append(
                {
                    "op": "item",
                    "title": "传达学习上级重要会议精神",
                    "kind": "study",
                    "recorded_kind": "study",
                    "materials_sent": (date - dt.timedelta(days=3)).isoformat(),
                }
            )
            continue
        kind = rng.choice(["general", "general", "personnel", "large_fund"])
        item: dict[str, Any] = {
            "op": "item",
            "title": f"关于第{number}项事项的议题",
            "kind": kind,
            "recorded_kind": kind,
            "presenter": members[min(2, len(members) - 1)]["name"],
        }
        candidates: list[str] = []
        if kind == "personnel":
            candidates = [f"候选人{number}{c}" for c in "甲乙"]
            item["candidates"] = candidates
        else:
            item["materials_sent"] = (date - dt.timedelta(days=3)).isoformat()
        if kind == "large_fund":
            item["amount"] = str(threshold * rng.randint(1, 20))
            item["area"] = "finance"
            item["notified"] = ["派驻纪检监察组"]
        events.append(item)
        # opinions: reverse rank for personnel, chair last always
        speakers = [m for m in present if m != chair]
        if kind == "personnel":
            speakers = sorted(speakers, key=lambda m: -ids.index(m))
        for candidate in candidates or [None]:
            for speaker in speakers[:4] + [chair]:
                opinion = {"op": "opinion", "item": number, "member": speaker, "position": "agree"}
                if candidate:
                    opinion["candidate"] = candidate
                events.append(opinion)
            no = present[1:2] if rng.random() < 0.3 else []
            yes = [m for m in present if m not in no]
            if kind == "personnel":
                vote = {
                    "op": "vote",
                    "items": [number],
                    "method": "secret",
                    "candidate": candidate,
                    "yes": len(yes),
                    "no": len(no),
                    "abstain": 0,
                }
            else:
                vote = {
                    "op": "vote",
                    "items": [number],
                    "method": "hands",
                    "yes_names": yes,
                    "no_names": no,
                }
            events.append({k: v for k, v in vote.items() if v not in (None, [])})
        events.append({"op": "decide", "item": number, "text": "会议同意。请有关处室抓好落实。"})
    if closed:
        events.append({"op": "close"})
    return extra, events


def meeting_doc(
    raw_rules: dict[str, Any],
    *,
    body: str,
    type: str,
    date: dt.date,
    seq: int,
    rng: random.Random,
    items: int = 10,
    closed: bool = True,
) -> dict[str, Any]:
    from yishi import record as rec
    from yishi.rules import build

    extra, events = meeting_events(raw_rules, rng, items, closed=closed, date=date)
    meeting_id = f"{date.isoformat()}-{body}-{type}-{seq}"
    stamp = f"{date.isoformat()}T09:00:00+08:00"
    header = {
        "id": meeting_id,
        "body": body,
        "type": type,
        "date": date.isoformat(),
        "time": "09:00",
        "place": "机关三楼会议室",
        "title": "",
        "chair": min(raw_rules["members"], key=lambda m: m["rank"])["id"],
        "recorder": "秘书",
        "emergency": False,
        "rules_file": "bench.toml",
        **extra,
        "state": "closed" if closed else "open",
        "revision": len(events) + 1,
        "created": stamp,
    }
    log = [
        {"n": n, "at": stamp, "cmd": f"yishi {e['op']}", **e} for n, e in enumerate(events, start=1)
    ]
    snapshot = {k: v for k, v in raw_rules.items() if k != "extends"}
    rec.replay(header, build(snapshot), log)  # refuse to generate an invalid record
    return {"format": rec.FORMAT, "meeting": header, "rules": snapshot, "log": log}


def write_year(
    records: Path,
    rules_path: Path,
    count: int,
    *,
    year: int = 2024,
    seed: int = 1,
    types: tuple[str, ...] = ("party_group", "office"),
    items: int = 10,
) -> list[str]:
    """`count` closed meetings spread over `year`, written as yishi would write them."""
    from yishi.store import dumps

    raw = tomllib.loads(rules_path.read_text(encoding="utf-8"))
    body = raw["body"]["id"]
    records.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    ids, per_key = [], {}
    # a few distinct documents, reused with new ids and dates (generation stays cheap)
    templates: dict[str, list[dict[str, Any]]] = {}
    for i in range(count):
        date = start + dt.timedelta(days=(i * days) // count)
        mtype = types[i % len(types)]
        key = (date, mtype)
        per_key[key] = per_key.get(key, 0) + 1
        pool = templates.setdefault(mtype, [])
        if len(pool) < 8:
            pool.append(
                meeting_doc(raw, body=body, type=mtype, date=date, seq=1, rng=rng, items=items)
            )
        doc = copy.deepcopy(pool[i % len(pool)])
        meeting_id = f"{date.isoformat()}-{body}-{mtype}-{per_key[key]}"
        doc["meeting"].update(
            id=meeting_id,
            date=date.isoformat(),
            notice_sent=(date - dt.timedelta(days=3)).isoformat(),
            created=f"{date.isoformat()}T09:00:00+08:00",
        )
        for entry in doc["log"]:
            entry["at"] = f"{date.isoformat()}T09:00:00+08:00"
            if "materials_sent" in entry:
                entry["materials_sent"] = (date - dt.timedelta(days=3)).isoformat()
        (records / f"{meeting_id}.toml").write_bytes(dumps(doc))
        ids.append(meeting_id)
    return ids


def open_meeting(
    records: Path, rules_path: Path, *, items: int = 10, date: dt.date = dt.date(2024, 3, 5)
) -> tuple[str, list[str]]:
    """An open meeting mid-way (all items recorded, two members not yet marked): its id
    and the members `yishi attend` can still mark present."""
    from yishi.store import dumps

    raw = tomllib.loads(rules_path.read_text(encoding="utf-8"))
    body = raw["body"]["id"]
    doc = meeting_doc(
        raw,
        body=body,
        type="party_group",
        date=date,
        seq=1,
        rng=random.Random(7),
        items=items,
        closed=False,
    )
    late = [m["id"] for m in sorted(raw["members"], key=lambda m: m["rank"])][-3:-1]
    attend = doc["log"][0]
    attend["members"] = [m for m in attend["members"] if m not in late]
    for entry in doc["log"]:
        for key in ("yes_names", "no_names", "abstain_names"):
            if key in entry:
                entry[key] = [m for m in entry[key] if m not in late]
        if entry.get("op") == "vote" and entry.get("method") == "secret":
            entry["yes"] = min(entry["yes"], len(attend["members"]) - entry.get("no", 0))
    doc["log"] = [
        e for e in doc["log"] if not (e.get("op") == "opinion" and e.get("member") in late)
    ]
    from yishi import record as rec
    from yishi.rules import build

    rec.replay(doc["meeting"], build(doc["rules"]), doc["log"])
    records.mkdir(parents=True, exist_ok=True)
    meeting_id = doc["meeting"]["id"]
    (records / f"{meeting_id}.toml").write_bytes(dumps(doc))
    (records / ".current").write_text(meeting_id + "\n", encoding="utf-8")
    return meeting_id, late
