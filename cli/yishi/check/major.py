"""三重一大: an amount recorded under the kind it reaches (大额资金使用…), and the member in
charge of the item's area (分管领导) present or heard in writing."""

from __future__ import annotations

from yishi import record as rec
from yishi.check.context import Context
from yishi.check.registry import ERROR, ITEM, LIVE, WARNING, register
from yishi.rules import ItemKind
from yishi.views import has_written_opinion, in_charge_of
from yishi.zh import amount_text


@register(
    "AMOUNT_KIND",
    ERROR,
    rule="item_kinds.<kind>.amount_at_least",
    seeds="002 三重一大 第七条; 003 第十三条(一)4",
    per=ITEM,
)
def amount_kind(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    if item.amount is None:
        return
    from yishi.kinds import replaceable

    rules = ctx.rules
    by_amount = rules.kind_for_amount(item.amount, item.category)
    if (
        by_amount is None
        or by_amount.id in (item.kind, item.amount_kind)
        or not replaceable(rules.item_kinds[item.kind], by_amount)
    ):
        return
    key = "amount_at_least" if by_amount.amount_at_least is not None else "amount_more_than"
    bound = by_amount.amount_bound
    assert bound is not None
    ctx.add(
        "AMOUNT_KIND",
        item.number,
        f"item_kinds.{by_amount.id}.{key}",
        amount=amount_text(item.amount),
        kind=kind.name,
        expected=by_amount.name,
        threshold=amount_text(bound),
    )


@register(
    "IN_CHARGE_ABSENT",
    ERROR,
    rule="item_kinds.<kind>.in_charge_present",
    seeds="002 党组会议事规则 三.2",
    per=ITEM,
    scope=LIVE,
)
@register(
    "AREA_UNRECORDED",
    WARNING,
    rule="item_kinds.<kind>.in_charge_present",
    seeds="002 党组会议事规则 三.2",
    per=ITEM,
)
@register(
    "AREA_NO_MEMBER",
    WARNING,
    rule="item_kinds.<kind>.in_charge_present",
    seeds="002 党组会议事规则 三.2",
    per=ITEM,
)
def in_charge(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    if not kind.in_charge_present:
        return
    m = ctx.m
    rule = f"item_kinds.{kind.id}.in_charge_present"
    if not item.area:
        ctx.add("AREA_UNRECORDED", item.number, rule, kind=kind.name)
        return
    people = in_charge_of(m, item)
    if not people:
        ctx.add("AREA_NO_MEMBER", item.number, rule, area=item.area)
        return
    for person in people:
        if person.id in item.recusals:
            continue
        if m.present_for(item, person.id) or has_written_opinion(m, item, person.id):
            continue
        ctx.add("IN_CHARGE_ABSENT", item.number, rule, name=person.name, area=item.area)
