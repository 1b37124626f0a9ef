"""Attendance and quorum: 法定人数 of the meeting and of each item, who was recorded, leave
and absence, written statements, 会后转告, and who took part in an item without being there
(or while recused)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from yishi import record as rec
from yishi.check.context import Context
from yishi.check.registry import ERROR, ITEM, LIVE, WARNING, register
from yishi.check.words import threshold_words
from yishi.rules import ItemKind, Member, Threshold
from yishi.views import item_quorum, quorum_total, wrote


def _recorded(ctx: Context, *statuses: str) -> Iterator[tuple[Member, rec.Attendance]]:
    """The members, in roll order, recorded with one of `statuses`, with their entry."""
    for member in ctx.m.members:
        entry = ctx.m.attendance.get(member.id)
        if entry is not None and entry.status in statuses:
            yield member, entry


def _short_of(threshold: Threshold, present: int, total: int) -> dict[str, Any]:
    """The params of a quorum not reached: who came, of whom, how many it needed, in words."""
    return {
        "present": present,
        "total": total,
        "required": threshold.required(total),
        "need_zh": threshold_words(threshold, "zh"),
        "need_en": threshold_words(threshold, "en"),
    }


@register(
    "QUORUM",
    ERROR,
    rule="meeting_types.<type>.quorum",
    seeds="001 第十九条; 003 第十三条(三); 000 局党组工作规则 第十五条(二); 004 第二十六条; "
    "003 第十四条(三) (民主生活会 三分之二以上)",
    scope=LIVE,
)
def quorum(ctx: Context) -> None:
    m = ctx.m
    total = len(m.members)
    present = len(ctx.at_opening())
    threshold = ctx.mtype.quorum
    if threshold is not None and not threshold.met(present, total):
        ctx.add(
            "QUORUM",
            None,
            f"{ctx.type_key}.quorum",
            **_short_of(threshold, present, total),
        )


@register(
    "ITEM_QUORUM",
    ERROR,
    rule="item_kinds.<kind>.quorum | meeting_types.<type>.quorum",
    seeds="001 第十九条; 002 选任 第二十五条; 002 三重一大 第九条(一); "
    "000 局党组工作规则 第十五条(二)",
    per=ITEM,
    scope=LIVE,
)
def item_quorum_short(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """Short of the item's quorum; not said again where it is the meeting's own quorum and
    QUORUM already said it."""
    m = ctx.m
    q_rule, q_key = item_quorum(m, item)
    q_total = quorum_total(m, item, q_rule)
    present = len(ctx.present(item))
    if q_rule is None or q_rule.met(present, q_total):
        return
    same_as_meeting = (
        q_rule == ctx.mtype.quorum
        and present == len(ctx.at_opening())
        and q_total == len(m.members)
    )
    if same_as_meeting and not ctx.quorate():
        return
    ctx.add(
        "ITEM_QUORUM",
        item.number,
        q_key,
        **_short_of(q_rule, present, q_total),
    )


@register(
    "ATTENDANCE_UNRECORDED",
    WARNING,
    rule="members",
    seeds="002 三重一大 第九条(五) (记录参会人员、请假人员)",
    scope=LIVE,
)
def attendance_unrecorded(ctx: Context) -> None:
    unrecorded = ctx.m.unrecorded()
    if unrecorded:
        ctx.add(
            "ATTENDANCE_UNRECORDED",
            None,
            "members",
            names=ctx.names([x.id for x in unrecorded]),
            count=len(unrecorded),
        )


@register(
    "LEAVE_NO_REASON",
    ERROR,
    rule="meeting_types.<type>",
    seeds="000 局党组工作规则 第十五条(五); 001 第十九条",
)
def leave_no_reason(ctx: Context) -> None:
    for member, entry in _recorded(ctx, rec.LEAVE):
        if not entry.reason.strip():
            ctx.add("LEAVE_NO_REASON", None, ctx.type_key, name=member.name)


@register(
    "ABSENT_WITHOUT_LEAVE",
    WARNING,
    rule="meeting_types.<type>",
    seeds="000 局党组工作规则 第十五条(五); 000 局委员会议事规则 二.5; 001 第十九条",
)
def absent_without_leave(ctx: Context) -> None:
    for member, _entry in _recorded(ctx, rec.ABSENT):
        ctx.add("ABSENT_WITHOUT_LEAVE", None, ctx.type_key, name=member.name)


@register(
    "STATEMENT_MISSING",
    ERROR,
    rule="meeting_types.<type>.absent_statement",
    seeds="001 第二十七条(五); 003 第十四条(三)",
    scope=LIVE,
)
def statement_missing(ctx: Context) -> None:
    """因故缺席的党组成员，应提交书面发言: on leave or absent alike."""
    if not ctx.mtype.absent_statement:
        return
    for member, _entry in _recorded(ctx, rec.LEAVE, rec.ABSENT):
        if not wrote(ctx.m, member.id):
            rule = f"{ctx.type_key}.absent_statement"
            ctx.add("STATEMENT_MISSING", None, rule, name=member.name)


@register(
    "BRIEFING_MISSING",
    WARNING,
    rule="meeting_types.<type>.absent_briefing",
    seeds="001 第二十七条(五); 003 第十三条(十一); 003 第十四条(三) (会后……转告缺席同志)",
    scope=LIVE,
)
def briefing_missing(ctx: Context) -> None:
    if not ctx.mtype.absent_briefing:
        return
    for member, _entry in _recorded(ctx, rec.LEAVE, rec.ABSENT):
        if member.id not in ctx.m.briefings:
            rule = f"{ctx.type_key}.absent_briefing"
            ctx.add("BRIEFING_MISSING", None, rule, name=member.name)


_RECORD_WORDS = {
    "time": ("时间", "time"),
    "place": ("地点", "place"),
    "recorder": ("记录人", "recorder"),
}


@register(
    "RECORD_INCOMPLETE",
    WARNING,
    rule="meeting_types.<type>",
    seeds="002 三重一大 第九条(五) (记录会议时间、地点、主持人); 001 第二十四条; "
    "003 第十三条(五) (安排专人如实记录)",
)
def record_incomplete(ctx: Context) -> None:
    missing = [w for w in ("time", "place", "recorder") if not str(getattr(ctx.m, w) or "").strip()]
    if missing:
        ctx.add(
            "RECORD_INCOMPLETE",
            None,
            ctx.type_key,
            missing_zh="、".join(_RECORD_WORDS[w][0] for w in missing),
            missing_en=", ".join(_RECORD_WORDS[w][1] for w in missing),
        )


@register(
    "CANDIDATE_NOT_RECUSED",
    ERROR,
    rule="item_kinds.<kind>.per_candidate",
    seeds="001 第十九条 (议题涉及本人或其亲属……应回避); 003 第十三条(三); "
    "000 局委员会议事规则 四.5",
    per=ITEM,
    scope=LIVE,
)
def candidate_not_recused(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """A member who is a candidate of the item must be recused from it (001 第十九条)."""
    for candidate in item.candidates:
        for member in ctx.m.members:
            if candidate in (member.name, member.id) and member.id not in item.recusals:
                ctx.add(
                    "CANDIDATE_NOT_RECUSED",
                    item.number,
                    f"item_kinds.{kind.id}.per_candidate",
                    name=member.name,
                    candidate=candidate,
                )


@register(
    "RECUSED_PARTICIPATED",
    ERROR,
    rule="meeting_types.<type>",
    seeds="001 第十九条; 003 第十三条(三); 000 局委员会议事规则 四.5",
    per=ITEM,
)
def recused_participated(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    for member_id in item.recusals:
        spoke = any(o.member == member_id for o in item.opinions)
        voted = any(member_id in v.yes_names + v.no_names + v.abstain_names for v in item.votes)
        if spoke or voted:
            ctx.add("RECUSED_PARTICIPATED", item.number, ctx.type_key, name=ctx.names([member_id]))


@register(
    "NOT_PRESENT_PARTICIPATED",
    ERROR,
    rule="voting.absent_opinions_count",
    seeds="001 第二十条; 003 第十三条(四) (未到会党组成员的书面意见不得计入票数)",
    per=ITEM,
)
def not_present_participated(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """Spoke (not in writing) or voted without being present for the item; a secret
    ballot with more ballots than members present. Each member once."""
    n = item.number
    rule = "voting.absent_opinions_count"
    here = ctx.present_ids(item)
    flagged: set[str] = set()
    for op in item.opinions:
        if (
            not op.written
            and op.member not in item.recusals
            and op.member not in here
            and op.member not in flagged
        ):
            flagged.add(op.member)
            name = ctx.names([op.member])
            ctx.add("NOT_PRESENT_PARTICIPATED", n, rule, "check.NOT_PRESENT_SPOKE", name=name)
    for vote in ctx.current_votes(item):
        if vote.secret:
            present = len(ctx.present(item))
            if vote.yes + vote.no + vote.abstain > present:
                ctx.add(
                    "NOT_PRESENT_PARTICIPATED",
                    n,
                    rule,
                    "check.NOT_PRESENT_BALLOTS",
                    total=vote.yes + vote.no + vote.abstain,
                    present=present,
                    candidate=vote.candidate,
                )
            continue
        for member_id in vote.yes_names + vote.no_names + vote.abstain_names:
            if (
                member_id not in item.recusals
                and member_id not in here
                and member_id not in flagged
            ):
                flagged.add(member_id)
                name = ctx.names([member_id])
                ctx.add("NOT_PRESENT_PARTICIPATED", n, rule, "check.NOT_PRESENT_VOTED", name=name)
