"""The chair: present, allowed to chair (or a delegate while the principal is away), there
for the items chaired, and whoever takes over (主持人变更) allowed and present."""

from __future__ import annotations

from yishi import record as rec
from yishi.check.context import Context
from yishi.check.registry import ERROR, WARNING, register
from yishi.views import chair_of


@register(
    "CHAIR_ABSENT",
    ERROR,
    rule="meeting_types.<type>.chair",
    seeds="001 第十九条; 002 党组会议事规则 三.2",
)
@register(
    "CHAIR_DEPARTED",
    WARNING,
    rule="meeting_types.<type>.chair",
    seeds="001 第十九条; 002 党组会议事规则 三.2",
)
@register(
    "CHAIR_NOT_AUTHORISED",
    ERROR,
    rule="meeting_types.<type>.chair | meeting_types.<type>.chair_delegates",
    seeds="002 党组会议事规则 三.2; 000 区政府党组 二(二); 003 第十三条(三)",
)
@register(
    "CHAIR_DELEGATED",
    WARNING,
    rule="meeting_types.<type>.chair_delegates",
    seeds="002 党组会议事规则 三.2 (书记不能参加会议时可委托); 003 第十三条(三)",
)
def chair(ctx: Context) -> None:
    m, rules, mtype = ctx.m, ctx.rules, ctx.mtype
    chair = chair_of(m)
    if chair is None:
        return
    principal = rules.holders(mtype.chair)
    delegates = [d for role in mtype.chair_delegates for d in rules.holders(role)]
    allowed_names = ctx.names([x.id for x in principal + delegates])
    rule = f"{ctx.type_key}.chair"
    if chair.id not in {p.id for p in principal}:
        if chair.id not in {d.id for d in delegates}:
            ctx.add(
                "CHAIR_NOT_AUTHORISED",
                None,
                rule,
                name=chair.name,
                chair=mtype.chair,
                allowed=allowed_names,
            )
        else:
            here = [p for p in principal if m.status_of(p.id) == rec.PRESENT]
            if here:
                ctx.add(
                    "CHAIR_DELEGATED",
                    None,
                    f"{ctx.type_key}.chair_delegates",
                    name=chair.name,
                    principal=ctx.names([p.id for p in here]),
                )
    entry = m.attendance.get(chair.id)
    handed_over = [n for n, _ in m.chair_changes]
    if entry is None or entry.status != rec.PRESENT:
        ctx.add("CHAIR_ABSENT", None, rule, name=chair.name)
    elif entry.departed_after is not None and any(
        i.number > entry.departed_after and not any(n <= i.number for n in handed_over)
        for i in m.items
    ):
        ctx.add("CHAIR_DEPARTED", None, rule, name=chair.name, after=entry.departed_after)
    # 主持人变更: whoever takes over must be allowed to chair and present for those items
    allowed = {p.id for p in principal} | {d.id for d in delegates}
    for from_item, member_id in sorted(m.chair_changes):
        try:
            new = rules.member(member_id)
        except KeyError:
            continue
        if new.id not in allowed:
            ctx.add(
                "CHAIR_NOT_AUTHORISED",
                from_item,
                rule,
                name=new.name,
                chair=mtype.chair,
                allowed=allowed_names,
            )
        for item in m.items:
            if (
                m.chair_for(item.number) == new.id
                and not m.present_for(item, new.id)
                and new.id not in item.recusals
            ):
                ctx.add("CHAIR_ABSENT", item.number, rule, name=new.name)
                break
