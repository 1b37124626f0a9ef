"""Speaking order: 末位表态 (the chair speaks last), "一把手"不得首先表态, 按排序从后往前
(or in rank order), and every member present stating a position."""

from __future__ import annotations

from yishi import record as rec
from yishi.check.context import Context, groups, rule_key
from yishi.check.registry import ERROR, ITEM, LIVE, register
from yishi.rules import ItemKind, Member


@register(
    "CHAIR_NOT_LAST",
    ERROR,
    rule="voting.chair_last | item_kinds.<kind>.chair_last",
    seeds="001 第二十条; 003 第十三条(四); 002 末位表态 第三条; 002 三重一大 第九条(三)",
    per=ITEM,
)
def chair_not_last(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """末位表态: no other member speaks after the chair has spoken."""
    chair = ctx.chair(item)
    if not ctx.rules.chair_last_for(kind) or chair is None:
        return
    for group in groups(item):
        said = ctx.spoken(item, group)
        chair_at = next((i for i, o in enumerate(said) if o.member == chair.id), None)
        if chair_at is None:
            continue
        after: list[str] = []
        for o in said[chair_at + 1 :]:
            if o.member != chair.id and o.member not in after:
                after.append(o.member)
        if after:
            ctx.add(
                "CHAIR_NOT_LAST",
                item.number,
                rule_key(kind, "chair_last", kind.chair_last),
                name=chair.name,
                after=ctx.names(after),
                candidate=group,
            )


@register(
    "LEADER_FIRST",
    ERROR,
    rule="voting.chair_last | item_kinds.<kind>.chair_last",
    seeds='002 末位表态 第五条 ("一把手"不得首先表态或个人定调); 002 三重一大 第九条(三); '
    "000 局党组工作规则 第十六条(一) (党组书记末位表态)",
    per=ITEM,
)
def leader_first(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """ "一把手"不得首先表态: while another member presides, the 一把手 may not open."""
    chair, leader = ctx.chair(item), ctx.leader()
    if not ctx.rules.chair_last_for(kind) or leader is None or chair is None:
        return
    if leader.id == chair.id:
        return
    present = ctx.present(item)
    for group in groups(item):
        said = ctx.spoken(item, group)
        if said and said[0].member == leader.id and any(p.id != leader.id for p in present):
            ctx.add(
                "LEADER_FIRST",
                item.number,
                rule_key(kind, "chair_last", kind.chair_last),
                name=leader.name,
                chair=chair.name,
                candidate=group,
            )


@register(
    "OPINION_ORDER",
    ERROR,
    rule="item_kinds.<kind>.opinion_order",
    seeds="000 局党组工作规则 第十六条(二)",
    per=ITEM,
)
def opinion_order(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """按排序从后往前 (reverse_rank) or in rank order: the first words of each member (the
    chair aside where the chair speaks last); the first one out of order is reported."""
    if kind.opinion_order not in ("reverse_rank", "rank"):
        return
    rules = ctx.rules
    chair = ctx.chair(item)
    chair_last = rules.chair_last_for(kind)
    descending = kind.opinion_order == "reverse_rank"
    for group in groups(item):
        firsts: list[Member] = []
        for o in ctx.spoken(item, group):
            if chair_last and chair is not None and o.member == chair.id:
                continue
            if all(f.id != o.member for f in firsts):
                try:
                    firsts.append(rules.member(o.member))
                except KeyError:
                    continue
        for before, after in zip(firsts, firsts[1:], strict=False):
            wrong = after.rank > before.rank if descending else after.rank < before.rank
            if wrong:
                ctx.add(
                    "OPINION_ORDER",
                    item.number,
                    f"item_kinds.{kind.id}.opinion_order",
                    "check.OPINION_ORDER" if descending else "check.OPINION_ORDER_RANK",
                    name=after.name,
                    rank=after.rank,
                    before=before.name,
                    before_rank=before.rank,
                    candidate=group,
                )
                break


@register(
    "OPINION_MISSING",
    ERROR,
    rule="item_kinds.<kind>.opinions_required",
    seeds="002 党组会议事规则 三.3; 002 选任 第二十五条; 002 三重一大 第九条(二)",
    per=ITEM,
    scope=LIVE,
)
def opinion_missing(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """明确意见: every member present for the item states a position."""
    if not kind.opinions_required:
        return
    present = ctx.present(item)
    for group in groups(item):
        said = ctx.spoken(item, group)
        missing = [
            member.id
            for member in present
            if not any(o.member == member.id and (o.position or not kind.opinions) for o in said)
        ]
        if missing:
            ctx.add(
                "OPINION_MISSING",
                item.number,
                f"item_kinds.{kind.id}.opinions_required",
                names=ctx.names(missing),
                count=len(missing),
                candidate=group,
            )
