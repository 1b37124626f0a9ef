"""The 会议通知 and the 签到表 (sign-in sheet) of a meeting: their template data.

The notice lists the approved agenda (or, for a meeting opened directly, every item not
ad hoc), who attends (应到会成员; those on leave in advance are named), 列席, the materials
and when they are due (`notice_days` before, in working days with `day_count = "working"`),
each item's presenter, proposing unit and prerequisites (done or not), and the contact.
Templates: templates/notice.{md,html}.j2, notice.docx, signin.{md,html}.j2, signin.docx
(docs/minutes.md, "会议通知与签到表"). Pure: no I/O but the calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from yishi import record as rec
from yishi.record_before import missing_prerequisites, prerequisites_of
from yishi.zh import cn_date, cn_number


def agenda(meeting: rec.Meeting) -> list[rec.Item]:
    """What the notice announces: approved items of a planned meeting; the items not ad
    hoc of a meeting that was opened directly."""
    if meeting.planned:
        return [i for i in meeting.items if i.approved]
    return [i for i in meeting.items if not i.ad_hoc]


def pending(meeting: rec.Meeting) -> list[rec.Item]:
    """Items proposed but not approved (a notice before 审定 warns about them)."""
    if meeting.state != rec.PLANNED:
        return []
    return [i for i in meeting.items if not i.approved]


def materials_due(meeting: rec.Meeting) -> dt.date | None:
    from yishi.workdays import latest

    days = meeting.meeting_type.notice_days
    if days is None:
        return None
    return latest(meeting.date, days, meeting.meeting_type.day_count)


def context(meeting: rec.Meeting, *, sent: dt.date | None = None) -> dict[str, Any]:
    from yishi.printing import GENERIC, css_family, font_chains
    from yishi.render import _period, _time_text, meeting_name
    from yishi.views import chair_of

    rules = meeting.rules
    body, mtype = rules.body, meeting.meeting_type
    name = meeting_name(body.name, mtype.name)
    chair = chair_of(meeting)
    leave = {mid: a for mid, a in meeting.attendance.items() if a.status == rec.LEAVE}
    members: list[dict[str, Any]] = [
        {
            "id": m.id,
            "name": m.name,
            "title": m.title,
            "rank": m.rank,
            "leave": m.id in leave,
            "reason": leave[m.id].reason if m.id in leave else "",
        }
        for m in meeting.members
    ]
    guests = [{"name": g, "role": r} for g, r in meeting.guests]
    due = materials_due(meeting)
    items = []
    for position, item in enumerate(agenda(meeting), start=1):
        kind = meeting.kind(item)
        wanted = prerequisites_of(meeting, item)
        missing = missing_prerequisites(meeting, item)
        items.append(
            {
                "number": item.number,
                "position": position,
                "cn": cn_number(position),
                "title": item.title,
                "kind": kind.name,
                "presenter": item.presenter,
                "by": item.proposed_by,
                "materials": item.materials,
                "materials_in_advance": kind.materials_in_advance,
                "confidential": item.confidential,
                "prerequisites": [{"name": n, "done": n not in missing} for n in wanted],
                "prerequisites_text": "、".join(
                    n + ("（已完成）" if n not in missing else "（未完成）") for n in wanted
                ),
            }
        )
    notify = list(
        dict.fromkeys(
            list(mtype.notify)
            + [org for item in agenda(meeting) for org in meeting.kind(item).notify]
        )
    )
    sent = sent or meeting.notice_sent
    time_text = _time_text(meeting.time)
    when = cn_date(meeting.date) + (
        f"（{_period(meeting.time)}{time_text}）" if meeting.time else ""
    )
    in_advance = any(i["materials_in_advance"] for i in items)
    personnel = [i for i in items if not i["materials_in_advance"]]
    chains = font_chains(rules)  # the body's own fonts first, as for the minutes
    fonts = {
        **{role: chain[0] for role, chain in chains.items()},
        "chains": chains,
        "css": {role: css_family(chain, GENERIC[role]) for role, chain in chains.items()},
    }
    return {
        "fonts": fonts,
        "body": {
            "id": body.id,
            "name": body.name,
            "short": body.short,
            "office": body.office or body.name,
        },
        "office": body.office or body.name,
        "type": {"id": mtype.id, "name": mtype.name},
        "meeting_name": name,
        "title": f"关于召开{meeting.title or name}的通知",
        "signin_title": f"{meeting.title or name}签到表",
        "meeting": {
            "id": meeting.id,
            "date": meeting.date,
            "date_text": cn_date(meeting.date),
            "time": meeting.time,
            "time_text": time_text,
            "when": when,
            "place": meeting.place,
            "title": meeting.title,
            "state": meeting.state,
            "emergency": meeting.emergency,
        },
        "chair": {"name": chair.name, "title": chair.title} if chair else None,
        "members": members,
        "attendees_text": "、".join(m["name"] for m in members if not m["leave"]),
        "leave_text": "、".join(
            m["name"] + (f"（{m['reason']}）" if m["reason"] else "") for m in members if m["leave"]
        ),
        "guests": guests,
        "guests_text": "、".join(
            g["name"] + (f"（{g['role']}）" if g["role"] else "") for g in guests
        ),
        "items": items,
        "pending": [{"number": i.number, "title": i.title} for i in pending(meeting)],
        "materials_due": due,
        "materials_due_text": cn_date(due) if due and in_advance else "",
        "materials_note": (
            "；".join(f"第{i['cn']}项材料会上分发" for i in personnel) if personnel else ""
        ),
        "notify": notify,
        "notify_text": "、".join(notify),
        "contact": meeting.contact or mtype.contact,
        "sent": sent,
        "sent_text": cn_date(sent) if sent else "",
        "draft": sent is None,
        "rows": [{"name": m["name"], "title": m["title"], "kind": "member"} for m in members]
        + [{"name": g["name"], "title": g["role"], "kind": "guest"} for g in guests],
    }


__all__ = ["context", "agenda", "pending", "materials_due"]
