"""The `yishi status` view of a meeting, as data: what the command prints, decided here.

`build(store, meeting_id, lang)` reads the record once, evaluates it and returns a
`StatusView` whose every line is already worded in `lang`, each with a *tone* (ok, warn,
bad, alarm, strong, dim, or plain) that a front end maps to its own styles. The roll, the
quorum line, the per-item rows, the 纪要 review, the meeting's 督办 tasks, what is still
missing and the seal are decided here; `commands/check.py` only lays them out with rich.
No typer or rich here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from yishi import record as rec
from yishi.i18n import t

# outcome -> tone of the outcome cell
OUTCOME_TONES = {
    "passed": "ok",
    "rejected": "bad",
    "invalid": "alarm",
    "deferred": "warn",
    "no_vote": "dim",
}


@dataclass(frozen=True)
class Line:
    text: str
    tone: str = ""  # ok | warn | bad | alarm | strong | strong_ok | dim | "" (plain)


@dataclass(frozen=True)
class RollRow:
    label: str  # 出席（5）
    names: str  # 张伟、王丽 or -
    tone: str


@dataclass(frozen=True)
class ItemRow:
    number: str
    label: str  # 【candidate】title
    kind: str
    quorum: str  # present/needed
    quorum_ok: bool
    votes: str  # yes/no/abstain, or -
    outcome: str
    tone: str  # of the outcome


@dataclass
class StatusView:
    meeting: rec.Meeting
    report: Any  # yishi.check.Report
    title: Line
    chair: Line
    roll: list[RollRow]
    quorum: Line | None  # None: the type has no quorum rule (专题会议)
    items: list[ItemRow]  # empty: no items yet
    follow_up: list[Line]  # the 纪要 review and the meeting's 督办 tasks
    missing: list[Line]  # empty: nothing is missing
    summary: Line
    seal: Line | None = None  # sealed or issued records only
    columns: dict[str, str] = field(default_factory=dict)  # item table headers


def build(store: Any, meeting_id: str | None, lang: str) -> StatusView:
    """The status of `meeting_id` (default: the current meeting), worded in `lang`."""
    from yishi.check import LIVE_CODES, evaluate, threshold_words
    from yishi.views import chair_of

    mid = meeting_id or store.current()
    doc = store.read(mid)
    meeting = store.meeting_from(doc, mid)
    report = evaluate(meeting)

    def say(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    title = say(
        "status.title",
        body=meeting.rules.body.name,
        type=meeting.meeting_type.name,
        date=meeting.date.isoformat(),
        state=say(f"status.state.{meeting.state}"),
    )
    chair = chair_of(meeting)
    chair_line = say("status.chair", name=chair.name if chair else "-")
    if meeting.emergency:
        chair_line += "　" + say("status.emergency")

    quorum_line = None
    quorum = meeting.meeting_type.quorum
    if quorum is not None:
        total, here = len(meeting.members), len(meeting.present_at_opening())
        met = quorum.met(here, total)
        quorum_line = Line(
            say(
                "status.quorum",
                present=here,
                total=total,
                need=threshold_words(quorum, lang),
                required=quorum.required(total),
                verdict=say("status.quorum_ok" if met else "status.quorum_short"),
            ),
            "ok" if met else "alarm",
        )

    missing = []
    for finding in report.findings:
        if finding.code in LIVE_CODES:  # still to record
            where = (
                f"{say('check.item', number=finding.item)}: " if finding.item is not None else ""
            )
            tone = "bad" if finding.severity == "error" else "warn"
            missing.append(Line(f"  - {where}{finding.message(lang)}", tone))

    seal = None
    if isinstance(doc.get("seal"), dict) or meeting.state == rec.ISSUED:
        seal = seal_line(store, doc, meeting, lang)
    # a sealed record that no longer verifies is an error of `check` (SEAL_BROKEN): the
    # summary counts it too, so status and check agree
    broken = seal is not None and seal.tone == "alarm"
    errors = len(report.errors) + (1 if broken else 0)
    return StatusView(
        meeting=meeting,
        report=report,
        title=Line(title, "strong"),
        chair=Line(chair_line),
        roll=roll_rows(meeting, lang),
        quorum=quorum_line,
        items=item_rows(report, lang),
        follow_up=review_lines(meeting, lang) + task_lines(store, meeting, lang),
        missing=missing,
        summary=Line(
            say("status.findings", errors=errors, warnings=len(report.warnings)),
            "strong_ok" if report.ok and not broken else "strong",
        ),
        seal=seal,
        columns={
            name: say(f"status.col.{name}")
            for name in ("item", "kind", "quorum", "votes", "outcome")
        },
    )


def roll_rows(meeting: rec.Meeting, lang: str) -> list[RollRow]:
    """Present (with who left or arrived late), on leave (reason, written opinion), absent,
    not recorded (the meeting's one roll, yishi.views.roll), guests; a group without names
    is left out, except the present."""
    from yishi.views import roll

    the_roll = roll(meeting)
    present, leave = [], []
    for member in the_roll.present:
        note = ""
        if member.id in the_roll.departed:
            note = f"（{t('status.departed', lang, after=the_roll.departed[member.id])}）"
        if member.id in the_roll.late:
            note += f"（{t('status.late', lang, from_item=the_roll.late[member.id])}）"
        present.append(member.name + note)
    for member in the_roll.leave:
        extra = meeting.attendance[member.id].reason
        if member.id in the_roll.written:
            extra += ("，" if extra else "") + t("status.written", lang)
        leave.append(f"{member.name}（{extra}）" if extra else member.name)
    absent = [m.name for m in the_roll.absent]
    unrecorded = [m.name for m in the_roll.unrecorded]
    guests = [f"{name}（{role}）" if role else name for name, role in meeting.guests]
    rows = []
    for key, names, tone in (
        ("status.present", present, "ok"),
        ("status.leave", leave, "warn"),
        ("status.absent", absent, "bad"),
        ("status.unrecorded", unrecorded, "bad"),
        ("status.guests", guests, ""),
    ):
        if names or key == "status.present":
            rows.append(RollRow(t(key, lang, count=len(names)), "、".join(names) or "-", tone))
    return rows


def item_rows(report: Any, lang: str) -> list[ItemRow]:
    """One row per outcome (per candidate of a personnel item): quorum, tally, outcome."""
    rows = []
    for o in report.items:
        outcome_key = (
            "status.outcome.no_vote_kind"
            if o.outcome == "no_vote" and not o.votable
            else f"status.outcome.{o.outcome}"
        )
        rows.append(
            ItemRow(
                number=str(o.number),
                label=(f"【{o.candidate}】" if o.candidate else "") + o.title,
                kind=o.kind_name,
                quorum=f"{o.quorum_present}/{o.quorum_required}",
                quorum_ok=o.quorum_present >= o.quorum_required,
                votes=f"{o.yes}/{o.no}/{o.abstain}" if o.voted else "-",
                outcome=t(outcome_key, lang),
                tone=OUTCOME_TONES.get(o.outcome, ""),
            )
        )
    return rows


def review_lines(meeting: rec.Meeting, lang: str) -> list[Line]:
    """The 纪要 review, where the rules ask for it (`minutes_review`)."""
    if not meeting.meeting_type.minutes_review:
        return []
    done = [
        meeting.rules.member(i).name + (f"（{c}）" if c else "") for i, c in meeting.reviews.items()
    ]
    missing = [m.name for m in meeting.reviews_missing()]
    lines = [
        Line(
            t(
                "review.status",
                lang,
                done=len(meeting.reviews),
                total=len(meeting.members),
                names="、".join(done) or "-",
            ),
            "ok" if not missing else "",
        )
    ]
    if missing:
        lines.append(Line(t("review.status_missing", lang, names="、".join(missing)), "warn"))
    return lines


def task_lines(store: Any, meeting: rec.Meeting, lang: str) -> list[Line]:
    """The 督办 tasks of this meeting, counted (nothing when there are none)."""
    from yishi import tasks as tk
    from yishi.clock import now
    from yishi.errors import YishiError

    try:
        mine = [
            task for task in tk.load_all(store.root, meeting.body) if task.meeting == meeting.id
        ]
    except YishiError as exc:
        return [Line(exc.message(lang), "bad")]
    if not mine:
        return []
    today = now().date()
    done = sum(task.state == "done" for task in mine)
    late = sum(task.overdue(today) for task in mine)
    text = t(
        "tasks.status",
        lang,
        total=len(mine),
        done=done,
        open=len(mine) - done,
        overdue=late,
        ids="、".join(task.id for task in mine),
    )
    return [Line(text, "alarm" if late else "")]


def seal_line(store: Any, doc: dict[str, Any], meeting: rec.Meeting, lang: str) -> Line:
    """Whether the sealed record still verifies (signed, or an unsigned 0.1 seal)."""
    from yishi.integrity import verify_record
    from yishi.seal import short_digest

    result = verify_record(store, doc)
    if result.ok:
        key = "status.seal_legacy" if result.legacy else "status.seal_ok"
        return Line(t(key, lang, number=meeting.number, digest=short_digest(doc)), "ok")
    what = "; ".join(c.message(lang) for c in result.changes) or t(
        "verify.missing", lang, id=meeting.id
    )
    return Line(t("status.seal_broken", lang, what=what), "alarm")


__all__ = [
    "Line",
    "RollRow",
    "ItemRow",
    "StatusView",
    "build",
    "roll_rows",
    "item_rows",
    "review_lines",
    "task_lines",
    "seal_line",
]
