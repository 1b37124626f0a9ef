"""Agenda and notice: items at all, 第一议题, 不得临时动议, notice and materials in time,
议题申报 in time with its prerequisites done, the working-day calendar, organisations
told in advance."""

from __future__ import annotations

from yishi import record as rec
from yishi.check.context import Context
from yishi.check.registry import BEFORE, ERROR, ITEM, LIVE, WARNING, register
from yishi.rules import ItemKind


@register(
    "NO_ITEMS",
    ERROR,
    rule="meeting_types.<type>",
    seeds="002 三重一大 第九条(五) (每项议题讨论情况和最后决定); 002 党组会议事规则 三.4",
    scope=LIVE,
)
def no_items(ctx: Context) -> None:
    if not ctx.m.items:
        ctx.add("NO_ITEMS", None, ctx.type_key)


@register(
    "FIRST_ITEM",
    ERROR,
    rule="meeting_types.<type>.first_item",
    seeds="000 局党组工作规则 第十八条; 000 局委员会议事规则 一.1",
)
def first_item(ctx: Context) -> None:
    """第一议题: the meeting opens with the kind its type names."""
    m, first = ctx.m, ctx.mtype.first_item
    if first and m.items and m.items[0].kind != first:
        kinds = ctx.rules.item_kinds
        ctx.add(
            "FIRST_ITEM",
            1,
            f"{ctx.type_key}.first_item",
            expected=kinds[first].name if first in kinds else first,
            actual=m.kind(m.items[0]).name,
        )


@register(
    "NOTIFY_MISSING",
    WARNING,
    rule="meeting_types.<type>.notify | item_kinds.<kind>.notify",
    seeds="000 局党组工作规则 第十五条(一); 003 第十三条(二); 000 局委员会议事规则 三.3",
    scope=LIVE,
)
def notify_missing(ctx: Context) -> None:
    """Organisations the meeting type (or an item's kind) must tell in advance."""
    m = ctx.m
    for org in ctx.mtype.notify:
        if org not in m.notified:
            ctx.add("NOTIFY_MISSING", None, f"{ctx.type_key}.notify", org=org)
    for item in m.items:
        kind = m.kind(item)
        for org in kind.notify:
            if org not in item.notified and org not in m.notified:
                ctx.add("NOTIFY_MISSING", item.number, f"item_kinds.{kind.id}.notify", org=org)


@register(
    "AD_HOC",
    ERROR,
    rule="item_kinds.<kind>.ad_hoc",
    seeds="000 局党组工作规则 第十六条(二); 002 三重一大 第八条(四); 000 局委员会议事规则 三.5",
    per=ITEM,
)
@register(
    "AD_HOC_EMERGENCY",
    WARNING,
    rule="item_kinds.<kind>.ad_hoc",
    seeds="002 三重一大 第八条(四) (除遇重大突发事件和紧急情况外)",
    per=ITEM,
)
def ad_hoc(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """不得临时动议: an item not on the agenda, of a kind that may not be raised ad hoc (in
    an emergency a warning, except for personnel decided per candidate)."""
    if item.ad_hoc and not kind.ad_hoc:
        rule = f"item_kinds.{kind.id}.ad_hoc"
        if ctx.m.emergency and not kind.per_candidate:
            ctx.add("AD_HOC_EMERGENCY", item.number, rule, kind=kind.name)
        else:
            ctx.add("AD_HOC", item.number, rule, kind=kind.name)


# --- due before the meeting (judged on a planned meeting too)


def _notice_due(ctx: Context) -> bool:
    return ctx.mtype.notice_days is not None and not ctx.m.emergency


def _materials_due(ctx: Context, item: rec.Item, kind: ItemKind) -> bool:
    return kind.materials_in_advance and _notice_due(ctx) and not item.ad_hoc


def _proposal_due(ctx: Context, item: rec.Item) -> bool:
    return (
        ctx.mtype.submit_days is not None
        and item.proposed
        and item.submitted is not None
        and not item.ad_hoc
        and not ctx.m.emergency
    )


@register(
    "CALENDAR_UNKNOWN",
    ERROR,
    rule="meeting_types.<type>.day_count",
    seeds="(no seed: working days need the State Council holiday notice of the year)",
    stage=BEFORE,
)
def calendar_unknown(ctx: Context) -> None:
    """The first period the checks count (notice, then each item's materials and 申报) that
    the working-day calendar cannot: once per meeting."""
    from yishi.check.context import period_deadline
    from yishi.workdays import CalendarMissing

    needs: list[int | None] = [None] if _notice_due(ctx) else []
    for item in ctx.m.items:
        if _materials_due(ctx, item, ctx.m.kind(item)):
            needs.append(None)
        if _proposal_due(ctx, item):
            needs.append(ctx.mtype.submit_days)
    for days in dict.fromkeys(needs):  # the same period fails the same way
        try:
            period_deadline(ctx.m, days)
        except CalendarMissing as exc:
            ctx.add("CALENDAR_UNKNOWN", None, f"{ctx.type_key}.day_count", **exc.params)
            return


@register(
    "NOTICE_LATE",
    ERROR,
    rule="meeting_types.<type>.notice_days",
    seeds="001 第十八条; 000 局委员会议事规则 三.3-4; 003 第十三条(二)",
    stage=BEFORE,
)
@register(
    "NOTICE_UNRECORDED",
    WARNING,
    rule="meeting_types.<type>.notice_days",
    seeds="001 第十八条; 003 第十三条(二)",
    stage=BEFORE,
)
def notice(ctx: Context) -> None:
    m = ctx.m
    if not _notice_due(ctx):
        return
    deadline = ctx.deadline()
    if deadline is None:
        return
    rule = f"{ctx.type_key}.notice_days"
    days = ctx.mtype.notice_days
    if m.notice_sent is None:
        ctx.add("NOTICE_UNRECORDED", None, rule, days=days, **ctx.unit())
    elif m.notice_sent > deadline:
        ctx.add(
            "NOTICE_LATE",
            None,
            rule,
            sent=m.notice_sent.isoformat(),
            deadline=deadline.isoformat(),
            days=days,
            **ctx.unit(),
        )


@register(
    "MATERIALS_LATE",
    ERROR,
    rule="meeting_types.<type>.notice_days | item_kinds.<kind>.materials_in_advance",
    seeds="001 第十八条; 002 党组会议事规则 三.1; 002 三重一大 第八条(五)",
    per=ITEM,
    stage=BEFORE,
)
@register(
    "MATERIALS_UNRECORDED",
    WARNING,
    rule="item_kinds.<kind>.materials_in_advance",
    seeds="001 第十八条; 002 党组会议事规则 三.1",
    per=ITEM,
    stage=BEFORE,
)
@register(
    "MATERIALS_EARLY",
    WARNING,
    rule="item_kinds.<kind>.materials_in_advance",
    seeds="000 局党组工作规则 第十五条(一); 002 党组会议事规则 三.1 (除干部任免事项外)",
    per=ITEM,
    stage=BEFORE,
)
def materials(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """Materials sent with the notice (or when recorded) in time; a kind whose materials
    are not sent in advance (干部任免) has none sent."""
    rule = f"item_kinds.{kind.id}.materials_in_advance"
    if not kind.materials_in_advance:
        if item.materials_sent is not None:
            early = item.materials_sent.isoformat()
            ctx.add("MATERIALS_EARLY", item.number, rule, kind=kind.name, sent=early)
        return
    if not _materials_due(ctx, item, kind):
        return
    deadline = ctx.deadline()
    if deadline is None:
        return
    days = ctx.mtype.notice_days
    sent = item.materials_sent or ctx.m.notice_sent  # sent with the notice unless recorded
    if sent is None:
        ctx.add("MATERIALS_UNRECORDED", item.number, rule, days=days, **ctx.unit())
    elif item.materials_sent is not None and item.materials_sent > deadline:
        ctx.add(
            "MATERIALS_LATE",
            item.number,
            f"{ctx.type_key}.notice_days",
            sent=item.materials_sent.isoformat(),
            deadline=deadline.isoformat(),
            days=days,
            **ctx.unit(),
        )


@register(
    "PROPOSAL_LATE",
    ERROR,
    rule="meeting_types.<type>.submit_days",
    seeds="000 局委员会议事规则 三.3 (议题申报表……在会前2天书面提交办公室)",
    per=ITEM,
    stage=BEFORE,
)
def proposal_late(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """议题申报: submitted `submit_days` before the meeting."""
    if not _proposal_due(ctx, item):
        return
    days = ctx.mtype.submit_days
    deadline = ctx.deadline(days)
    assert item.submitted is not None  # _proposal_due
    if deadline is not None and item.submitted > deadline:
        ctx.add(
            "PROPOSAL_LATE",
            item.number,
            f"{ctx.type_key}.submit_days",
            submitted=item.submitted.isoformat(),
            deadline=deadline.isoformat(),
            days=days,
            **ctx.unit(),
        )


@register(
    "PREREQ_MISSING",
    ERROR,
    rule="item_kinds.<kind>.prerequisites",
    seeds="001 第十六条; 003 第十一条; 000 局党组工作规则 第十四条; 000 局委员会议事规则 三.5; "
    "002 三重一大 第八条(二)",
    per=ITEM,
    stage=BEFORE,
)
@register(
    "PREREQ_UNRECORDED",
    WARNING,
    rule="item_kinds.<kind>.prerequisites",
    seeds="001 第十六条; 003 第十一条",
    per=ITEM,
    stage=BEFORE,
)
def prerequisites(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """The kind's prerequisites (沟通协调酝酿, 分管领导审阅…) done before the meeting; not
    recorded is said only where the 申报 was tracked in yishi (`yishi plan`)."""
    from yishi.record_before import missing_prerequisites, prerequisites_of

    if not prerequisites_of(ctx.m, item):
        return
    rule = f"item_kinds.{kind.id}.prerequisites"
    missing = missing_prerequisites(ctx.m, item)
    if not item.prerequisites_recorded:
        if ctx.m.planned:
            ctx.add("PREREQ_UNRECORDED", item.number, rule, missing="、".join(missing))
    elif missing:
        ctx.add(
            "PREREQ_MISSING",
            item.number,
            rule,
            missing="、".join(missing),
            forced_zh="（审定时即未完成）" if item.forced_approval else "",
            forced_en=" (already missing when approved)" if item.forced_approval else "",
        )
