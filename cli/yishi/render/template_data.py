"""The template context: a replayed `record.Meeting` plus its `check.Report` as plain data.

`context()` turns them into dicts, lists, strings and dates: the one template API,
documented in docs/minutes.md. The sentences every format shares (the opening paragraph,
应到会X人，实到X人，同意X票…, the decision) are built here once, so Markdown, HTML and
Word say the same thing. No template engine is imported here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from yishi import wording
from yishi.errors import InputError
from yishi.render import COPIES
from yishi.zh import amount_text, cn_date, cn_number

if TYPE_CHECKING:  # (a meeting comes replayed: yishi.record is loaded by then)
    from yishi import record as rec


# ---------------------------------------------------------------------------- words

METHOD_WORDS = {
    "oral": "口头表决",
    "hands": "举手表决",
    "secret": "无记名投票",
    "roll_call": "记名投票",
}
POSITION_WORDS = {"agree": "同意", "disagree": "不同意", "defer": "缓议"}
OUTCOME_WORDS = {
    "passed": "通过",
    "rejected": "未通过",
    "deferred": "暂缓",
    "no_vote": "未表决",
    "invalid": "表决无效",
}
_VERBS = (
    "同意",
    "原则同意",
    "原则通过",
    "通过",
    "决定",
    "要求",
    "认为",
    "强调",
    "指出",
    "明确",
    "研究",
    "议定",
    "责成",
)
_END = "。！？；：…）」』”"


def sentence(text: str) -> str:
    """`text` ending in Chinese punctuation (adds 。 if it has none)."""
    text = text.strip()
    if not text:
        return ""
    return text if text[-1] in _END else text + "。"


def names(people: list[dict[str, Any]] | list[str], sep: str = "、") -> str:
    return sep.join(p if isinstance(p, str) else p["name"] for p in people)


def _amount(value: Fraction | None) -> str:
    return "" if value is None else amount_text(value)


def _subject(title: str) -> str:
    subject = title.strip()
    subject = subject[2:] if subject.startswith("关于") else subject
    return subject or title


def meeting_name(body_name: str, type_name: str, minutes_title: str | None = None) -> str:
    """中共测试局党组 + 党组会议 -> 中共测试局党组会议 (each word once; yishi.wording)."""
    return wording.meeting_name(body_name, type_name, minutes_title)


def _period(time: str) -> str:
    match = re.match(r"(\d{1,2}):(\d{2})", time or "")
    if not match:
        return ""
    return "上午" if int(match.group(1)) < 12 else "下午"


def _time_text(time: str) -> str:
    match = re.match(r"(\d{1,2}):(\d{2})", time or "")
    return f"{int(match.group(1))}:{match.group(2)}" if match else (time or "")


# ---------------------------------------------------------------------------- context


def _person(member: Any) -> dict[str, Any]:
    return {"id": member.id, "name": member.name, "title": member.title, "rank": member.rank}


def _with_title(person: dict[str, Any] | None) -> str:
    if not person:
        return ""
    return f"{person['title']}{person['name']}" if person.get("title") else person["name"]


class _Index:
    """What every item of one meeting looks up, built once per `context()` call (never
    kept across calls): member names by id, the report's outcomes by item number."""

    def __init__(self, meeting: rec.Meeting, report: Any) -> None:
        from yishi.check import vote_for

        self.vote_for = vote_for
        self.members = len(meeting.members)
        self.names: dict[str, str] = {}
        for member in meeting.rules.members:  # the first of an id, as rules.member()
            self.names.setdefault(member.id, member.name)
        self.outcomes: dict[int, list[Any]] = {}
        for outcome in report.items:
            self.outcomes.setdefault(outcome.number, []).append(outcome)

        self._natures: dict[tuple[str, str, bool], str] = {}

    def name(self, member_id: str) -> str:
        """The member's name (the id itself when the rules do not know it)."""
        return self.names.get(member_id, member_id)

    def nature(self, kind: Any) -> str:
        """wording.kind_nature, once per kind (it reads only the id, name and vote)."""
        key = (kind.id, kind.name, kind.vote)
        if key not in self._natures:
            self._natures[key] = wording.kind_nature(kind)
        return self._natures[key]


def context(
    meeting: rec.Meeting,
    report: Any,
    *,
    copy: str = "full",
    issued_at: str = "",
    now: dt.datetime | None = None,
    digest: str = "",
    plain: bool = False,
) -> dict[str, Any]:
    """The data every template sees (docs/minutes.md lists it). `plain`: the caller has
    seen that the bytes of the record `meeting` is replayed from hold no control character
    (yishi.toml_read.no_control), so no string here can (they come from the record, its
    rules snapshot, the report on it and yishi's own words): they are not looked through."""
    from yishi.clock import now as clock_now
    from yishi.views import chair_of, roll

    if copy not in COPIES:
        raise InputError("render.bad_copy", value=copy, allowed=", ".join(COPIES))
    rules = meeting.rules
    body, mtype = rules.body, meeting.meeting_type
    members = list(meeting.members)
    chair_member = chair_of(meeting)
    chair = _person(chair_member) if chair_member else None
    signer_member = rules.signer_for(mtype, chair_member.id if chair_member else "")
    issue_moment = dt.datetime.fromisoformat(issued_at) if issued_at else (now or clock_now())
    issue_day = issue_moment.date()
    if getattr(meeting, "issue_date", ""):  # the 印发 date given at issue (issue --date)
        with contextlib.suppress(ValueError):
            issue_day = dt.date.fromisoformat(meeting.issue_date[:10])
    office = body.office or body.name
    name = meeting_name(body.name, mtype.name, mtype.minutes_title)
    distribution = list(mtype.distribution or body.distribution)

    the_roll = roll(meeting)
    unrecorded = [_person(m) for m in the_roll.unrecorded]
    present, leave, absent = [], [], []
    for member in the_roll.present:
        entry = meeting.attendance[member.id]
        person = _person(member)
        person["departed_after"] = entry.departed_after
        person["from_item"] = entry.from_item
        present.append(person)
    for member in the_roll.leave:
        entry = meeting.attendance[member.id]
        person = _person(member)
        person.update(
            reason=entry.reason,
            opinion=entry.written_opinion,
            written=bool(entry.written_opinion.strip()),  # with the leave (not per item)
        )
        leave.append(person)
    for member in the_roll.absent:
        person = _person(member)
        person["reason"] = meeting.attendance[member.id].reason
        absent.append(person)
    guests = [
        {"name": g, "role": r, "items": list(items)}
        for (g, r), items in zip(
            meeting.guests, meeting.guest_items or [()] * len(meeting.guests), strict=False
        )
    ]

    index = _Index(meeting, report)
    items = [_item(meeting, index, item, copy) for item in meeting.items]
    amendments = [
        {
            "n": a.get("n"),
            "at": a.get("at", ""),
            "date": cn_date(str(a.get("at", ""))[:10]),
            "text": a.get("text", ""),
            "item": a.get("item"),
            "kind": a.get("kind", "correction"),
        }
        for a in meeting.amendments
    ]
    findings = [
        {
            "code": f.code,
            "severity": f.severity,
            "item": f.item,
            "message": f.message("zh"),
            "rule": f.rule,
        }
        for f in report.findings
    ]

    def present_line(p: dict[str, Any]) -> str:
        after, late = p.get("departed_after"), p.get("from_item")
        notes = [f"第{cn_number(late)}项议题起到会"] if late and late > 1 else []
        notes += [f"第{cn_number(after)}项议题后离会"] if after else []
        return p["name"] + (f"（{'，'.join(notes)}）" if notes else "")

    def leave_line(p: dict[str, Any]) -> str:
        extra = [p["reason"]] if p.get("reason") else []
        if p.get("written"):
            extra.append("已提交书面意见")
        return p["name"] + (f"（{'，'.join(extra)}）" if extra else "")

    def leave_record_line(p: dict[str, Any]) -> str:
        extra = [p["reason"]] if p.get("reason") else []
        if p.get("written"):
            extra.append("书面意见：" + p["opinion"].strip())
        return p["name"] + (f"（{'；'.join(extra)}）" if extra else "")

    def guest_line(g: dict[str, Any]) -> str:
        line = g["name"] + (f"（{g['role']}）" if g["role"] else "")
        if g["items"]:
            line += f"（列席第{'、'.join(cn_number(int(n)) for n in g['items'])}项）"
        return line

    def absent_line(p: dict[str, Any]) -> str:
        return p["name"] + (f"（{p['reason']}）" if p.get("reason") else "")

    text = {
        "present": "、".join(present_line(p) for p in present),
        "leave": "、".join(leave_line(p) for p in leave),
        "absent": "、".join(absent_line(p) for p in absent),
        "unrecorded": names(unrecorded),
        "guests": "、".join(guest_line(g) for g in guests),
        "distribution": "，".join(distribution),
        "chair_changes": "；".join(
            f"第{cn_number(n)}项起由{index.name(who)}主持"
            for n, who in sorted(meeting.chair_changes)
        ),
        "not_present": "、".join(
            [leave_record_line(p) for p in leave] + [absent_line(p) for p in absent]
        ),
    }
    date_text = cn_date(meeting.date)
    ctx: dict[str, Any] = {
        "copy": copy,
        "draft": meeting.state != "issued",  # record.ISSUED
        "number": meeting.number,
        "seq": meeting.seq,
        "year": meeting.year,
        "digest": digest,  # the seal's short digest (版记), '' when not sealed
        "forced": meeting.forced_issue,
        "body": {
            "id": body.id,
            "name": body.name,
            "short": body.short,
            "office": office,
            "source": body.source,
        },
        "type": {"id": mtype.id, "name": mtype.name},
        "meeting_name": name,
        "minutes_title": mtype.minutes_title or f"{name}纪要",
        "record_title": f"{name}记录",
        "office": office,
        "meeting": {
            "id": meeting.id,
            "date": meeting.date,
            "date_text": date_text,
            "time": meeting.time,
            "time_text": _time_text(meeting.time),
            "period": _period(meeting.time),
            "place": meeting.place,
            "title": meeting.title,
            "emergency": meeting.emergency,
            "state": meeting.state,
            "number": meeting.number,
            "seq": meeting.seq,
        },
        "issue_date": issue_day,
        "issue_date_text": cn_date(issue_day),
        "chair": chair,
        "chair_text": _with_title(chair),
        "chair_changes": [
            {"from_item": n, "name": index.name(who)} for n, who in sorted(meeting.chair_changes)
        ],
        "signer": _person(signer_member) if signer_member else None,
        "signer_text": _with_title(_person(signer_member)) if signer_member else "",
        "recorder": meeting.recorder,
        "members_total": len(members),
        "present": present,
        "leave": leave,
        "absent": absent,
        "unrecorded": unrecorded,
        "guests": guests,
        "present_count": len(present),
        "text": text,
        "items": items,
        "amendments": [a for a in amendments if a["kind"] != "follow_up"],
        "follow_ups": [a for a in amendments if a["kind"] == "follow_up"],
        "distribution": distribution,
        "findings": findings,
        "ok": report.ok,
    }
    ctx["opening"] = _opening(ctx)
    from yishi.printing import page_layout

    ctx.update(page_layout(ctx, rules))
    return _clean(ctx) if not plain and _may_hold_control(ctx) else ctx


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control(text: str) -> str:
    """`text` without control characters (they are not allowed in XML or HTML)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


_ATOMS = frozenset({int, bool, float, type(None)})  # hold no string: skipped first


def _gather(values: Any, keep: Any) -> None:
    """Every string in `values` and the dicts, lists and tuples in it, to `keep`."""
    for value in values:
        kind = type(value)
        if kind is str:
            keep(value)
        elif kind is dict:
            _gather(value.values(), keep)
        elif kind is list:
            _gather(value, keep)
        elif kind in _ATOMS:
            continue
        elif isinstance(value, str):  # a subclass
            keep(value)
        elif isinstance(value, dict):
            _gather(value.values(), keep)
        elif isinstance(value, list | tuple):
            _gather(value, keep)


def _may_hold_control(ctx: dict[str, Any]) -> bool:
    """Whether any string of the context holds a control character (then `_clean` takes
    them out). The strings are gathered in one pass over the containers (type checks
    first: most values are plain str, dict, list, int) and tested joined: `isprintable`
    answers at C speed for the common text (a control character is never printable),
    the exact pattern only when something is not (a newline, a tab)."""
    strings: list[str] = []
    _gather(ctx.values(), strings.append)
    text = "".join(strings)
    return not text.isprintable() and _CONTROL.search(text) is not None


def _clean(value: Any) -> Any:
    """Control characters out of every string of the context."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _opening(ctx: dict[str, Any]) -> str:
    m = ctx["meeting"]
    when = m["date_text"] + m["period"]
    where = f"在{m['place']}" if m["place"] else ""
    who = ctx["chair_text"]
    what = m["title"] or ctx["meeting_name"]
    parts = wording.opening_parts(ctx["items"])
    head = f"{when}，{who}{where}主持召开{what}" if who else f"{when}，{where}召开{what}"
    if not ctx["items"]:  # nothing was put before the meeting: say so, no empty body
        return head + "。会议未安排议题，无议定事项。"
    return "，".join([head, *parts]) + "。现将会议议定事项纪要如下："


_RESULT_WORDS = {
    "passed": "表决通过",
    "rejected": "未获通过",
    "deferred": "暂缓作出决定",
    "invalid": "因到会人数未达到规定要求，表决无效",
}
_TALLY_WORDS = (("yes", "同意"), ("no", "不同意"), ("abstain", "弃权"))


def _vote_line(
    index: _Index, item: rec.Item, vote: rec.Vote | None, outcome: Any, candidates: bool
) -> dict[str, Any]:
    method = outcome.method or (vote.method if vote else "")
    secret = method == "secret"
    recused = len(item.recusals)
    members = index.members
    seat = f"应到会{members}人，实到{outcome.quorum_present}人"
    if recused:
        seat += f"（{recused}人回避）"
    tally = f"同意{outcome.yes}票，不同意{outcome.no}票，弃权{outcome.abstain}票"
    result = _RESULT_WORDS.get(outcome.outcome, "")
    prefix = f"{outcome.candidate}：" if candidates and outcome.candidate else ""
    verb = METHOD_WORDS.get(method, method)
    verb = verb + "表决" if verb.endswith("投票") else verb
    line = f"{prefix}经{verb}，{seat}，{tally}"
    line += f"，{result}。" if result else "。"
    groups = {}
    if vote is not None and not secret:
        name = index.name
        groups = {
            "yes": [name(i) for i in vote.yes_names],
            "no": [name(i) for i in vote.no_names],
            "abstain": [name(i) for i in vote.abstain_names],
        }
        shown = [f"{word}：{'、'.join(groups[key])}" for key, word in _TALLY_WORDS if groups[key]]
        if shown:
            line = line[:-1] + "（" + "；".join(shown) + "）。"
    return {
        "candidate": outcome.candidate,
        "method": method,
        "method_text": METHOD_WORDS.get(method, method),
        "secret": secret,
        "members": members,
        "present": outcome.quorum_present,
        "recused": recused,
        "yes": outcome.yes,
        "no": outcome.no,
        "abstain": outcome.abstain,
        "yes_names": groups.get("yes", []),
        "no_names": groups.get("no", []),
        "abstain_names": groups.get("abstain", []),
        "outcome": outcome.outcome,
        "outcome_text": OUTCOME_WORDS.get(outcome.outcome, ""),
        "required": outcome.required,
        "base": outcome.base,
        "round": vote.round if vote else item.round,
        "line": line,
    }


def _decision_text(item: rec.Item) -> str:
    text = item.decision.strip()
    if item.deferred:
        line = sentence("会议决定暂缓研究该事项" + (f"：{text}" if text else ""))
    elif not text:
        line = ""
    elif text.startswith("会议"):
        line = sentence(text)
    elif text.startswith(_VERBS):
        line = sentence("会议" + text)
    else:
        line = sentence("会议决定：" + text)
    # decisions on single candidates (逐个表决, 缓议 of one), in candidate order
    for candidate in item.candidates:
        own = item.decisions.get(candidate)
        if own is None or own is item.decisions.get(None):
            continue
        said = own.text.strip().rstrip("。")
        if own.status == "deferred":  # record.DEFERRED
            said = "缓议" + (f"（{said}）" if said else "")
        line += sentence(f"{candidate}：{said}")
    return line


def _history(meeting: rec.Meeting, index: _Index, item: rec.Item, kind: Any) -> list[str]:
    """The 会议记录's account of earlier rounds and of each 复议 (consent by name), in the
    order they happened: the current round is in `votes`. `kind` is meeting.kind(item)."""
    if not item.votes and not item.reconsiderations:
        return []
    groups: list[str | None] = list(item.candidates) or [None]
    current = {id(index.vote_for(item, g)) for g in groups}
    name = index.name
    events: list[tuple[int, str]] = []
    for vote in item.votes:
        if id(vote) in current:
            continue
        who = f"{vote.candidate}：" if vote.candidate else ""
        verb = METHOD_WORDS.get(vote.method, vote.method)
        line = (
            f"第{cn_number(vote.round)}轮表决（已复议）：{who}经{verb}，同意{vote.yes}票，"
            f"不同意{vote.no}票，弃权{vote.abstain}票"
        )
        if kind.pass_ is not None:
            base = meeting.base_total(item, kind.pass_.of, vote.yes + vote.no + vote.abstain)
            line += "，通过" if kind.pass_.met(vote.yes, base) else "，未获通过"
        if not vote.secret:
            named = [
                f"{word}：{'、'.join(name(i) for i in ids)}"
                for word, ids in (
                    ("同意", vote.yes_names),
                    ("不同意", vote.no_names),
                    ("弃权", vote.abstain_names),
                )
                if ids
            ]
            if named:
                line += "（" + "；".join(named) + "）"
        events.append((vote.order, line + "。"))
    for entry in item.reconsiderations:
        names = "、".join(dict.fromkeys(name(i) for i in entry.consenting))
        about = f"人选{entry.candidate}" if entry.candidate else "本议题"
        verdict = "同意复议" if entry.granted else "复议未获同意"
        events.append(
            (entry.order, f"复议{about}：{names}同意复议，共{len(entry.consenting)}人，{verdict}。")
        )
    return [line for _, line in sorted(events)]


_HIDDEN = "（涉密议题，内容从略）"
_HEADING_AS_IS = ("关于", "传达学习", "学习贯彻", "传达", "学习", "集体学习", "开展")
_POSITIONS = ("agree", "disagree", "defer")


def _redacted_item(base: dict[str, Any]) -> dict[str, Any]:
    hidden = _HIDDEN
    return {
        **base,
        "title": hidden,
        "heading": hidden,
        "subject": hidden,
        "presenter": "",
        "area": "",
        "amount": "",
        "amount_text": "",
        "candidates": [],
        "ad_hoc": False,
        "recusals": [],
        "speeches": [],
        "written_opinions": [],
        "votes": [],
        "outcomes": [],
        "decision": "",
        "decision_text": "",
        "deferred": False,
        "decided": False,
        "reconsidered": False,
        "paragraphs": ["本议题涉密，内容从略。"],
        "history": [],
        "decisions": [],
        "guests": [],
    }


def _opinion(index: _Index, op: rec.Opinion) -> dict[str, Any]:
    words = POSITION_WORDS.get(op.position or "", "")
    said = wording.said(words, op.text)
    who = index.name(op.member)
    return {
        "name": who,
        "member": op.member,
        "position": op.position,
        "position_text": words,
        "candidate": op.candidate,
        "text": op.text,
        "written": op.written,
        "order": op.order,
        "line": f"{who}{'（书面意见）' if op.written else ''}："
        f"{(op.candidate + '，') if op.candidate else ''}{sentence(said)}",
    }


def _item(meeting: rec.Meeting, index: _Index, item: rec.Item, copy: str) -> dict[str, Any]:
    kind = meeting.kind(item)
    redacted = copy == "distribution" and item.confidential
    nature = index.nature(kind)
    base: dict[str, Any] = {
        "number": item.number,
        "cn": cn_number(item.number),
        "kind": {"id": kind.id, "name": kind.name, "vote": kind.vote},
        "confidential": item.confidential,
        "redacted": redacted,
        "nature": nature,
    }
    if redacted:
        return _redacted_item(base)

    title = item.title.strip()
    subject = _subject(title)
    heading = title if title.startswith(_HEADING_AS_IS) else "关于" + title
    recusals = [
        {"name": index.name(mid), "reason": reason} for mid, reason in item.recusals.items()
    ]
    spoken = [
        _opinion(index, o) for o in sorted(item.opinions, key=lambda o: o.order) if not o.written
    ]
    written = [_opinion(index, o) for o in item.opinions if o.written]
    outcomes = index.outcomes.get(item.number, [])
    multi = len(item.candidates) > 1
    votes = [
        _vote_line(index, item, index.vote_for(item, o.candidate), o, multi)
        for o in outcomes
        if o.voted
    ]
    reconsidered = any(r.granted for r in item.reconsiderations)
    decision = item.decision
    amount_words = wording.amount_text(item.amount)

    paragraphs = [
        sentence(wording.first_sentence(nature, subject, item.presenter, bool(decision.strip())))
    ]
    facts = []
    if item.amount is not None:
        facts.append(f"涉及金额{amount_words}")
    if item.candidates:
        facts.append("拟任人选：" + "、".join(item.candidates))
    if item.ad_hoc:
        facts.append("本议题为临时动议")
    if facts:
        paragraphs.append(sentence("；".join(facts)))
    if recusals:
        paragraphs.append(
            sentence(
                "、".join(
                    r["name"] + (f"（{r['reason']}）" if r["reason"] else "") for r in recusals
                )
                + "回避本议题"
            )
        )
    with_position = [o for o in spoken if o["position"]]
    for group in [None] if not item.candidates else list(item.candidates):
        ops = [o for o in with_position if group is None or o["candidate"] in (group, None)]
        if not ops:
            continue
        tally = dict.fromkeys(_POSITIONS, 0)
        for o in ops:
            if o["position"] in tally:
                tally[o["position"]] += 1
        counts = [f"{POSITION_WORDS[p]}{n}人" for p, n in tally.items() if n]
        about = f"就{group}" if group and multi else ""
        paragraphs.append(f"与会成员{about}逐一发表了意见：{'，'.join(counts)}。")
    for op in written:
        reason = meeting.attendance.get(op["member"])
        why = f"因{reason.reason}" if reason and reason.reason else ""
        paragraphs.append(
            sentence(
                f"{op['name']}{why}请假，会前提交书面意见："
                + (op["candidate"] + "，" if op["candidate"] else "")
                + wording.said(op["position_text"], op["text"])
            )
        )
    if reconsidered:
        paragraphs.append("经复议，会议对本议题重新进行了表决。")
    paragraphs += [v["line"] for v in votes]
    decision_text = _decision_text(item)
    if decision_text:
        paragraphs.append(decision_text)
    return {
        **base,
        "title": title,
        "heading": heading,
        "subject": subject,
        "presenter": item.presenter,
        "area": item.area,
        "amount": _amount(item.amount),
        "amount_text": amount_words,
        "candidates": list(item.candidates),
        "ad_hoc": item.ad_hoc,
        "recusals": recusals,
        "speeches": spoken,
        "written_opinions": written,
        "votes": votes,
        "outcomes": [
            {
                "candidate": o.candidate,
                "outcome": o.outcome,
                "outcome_text": OUTCOME_WORDS.get(o.outcome, o.outcome),
                "explain": o.explain("zh"),
            }
            for o in outcomes
        ],
        "decision": decision,
        "decision_text": decision_text,
        "deferred": item.deferred,
        "decided": item.decided,
        "reconsidered": reconsidered,
        "paragraphs": paragraphs,
        "history": _history(meeting, index, item, kind),
        "decisions": [
            {"candidate": c, "text": d.text, "status": d.status} for c, d in item.decisions.items()
        ],
        "guests": [
            {"name": name, "role": role}
            for (name, role), items in zip(meeting.guests, meeting.guest_items, strict=False)
            if items and item.number in items
        ],
    }
