"""An item judged under two kinds (SPEC §1): an explicitly chosen kind (干部任免, 重大项目…)
is never replaced by the kind its amount reaches (大额资金使用); the item keeps its kind and is
judged under both, the stricter of each rule winning — the higher quorum and pass threshold,
every prohibition of either kind.

Pure: no I/O. `strictest(a, b, n)` is the ItemKind an item of kinds `a` (its own) and `b` (by
amount) is judged under, for a body of `n` expected members.
"""

from __future__ import annotations

import dataclasses
import functools

from yishi.rules import ItemKind, Threshold


def stricter(a: Threshold | None, b: Threshold | None, total: int) -> Threshold | None:
    """The threshold that asks for more of `total` (a on a tie; either when one is None)."""
    if a is None or b is None:
        return a or b
    return b if b.required(total) > a.required(total) else a


def replaceable(own: ItemKind, by_amount: ItemKind) -> bool:
    """Whether an item asked for as `own` is recorded as `by_amount` instead: only the body's
    general kind (id `general`), or a kind that is itself an amount kind of a lower threshold."""
    if own.id == by_amount.id:
        return False
    if own.id == "general":
        return True
    return own.amount_bound is not None and (by_amount.amount_bound or 0) > own.amount_bound


@functools.lru_cache(maxsize=256)
def strictest(own: ItemKind, other: ItemKind, total: int) -> ItemKind:
    """`own` with every rule of `other` that is stricter (id and name stay `own`'s)."""
    methods = own.methods or other.methods
    if own.methods and other.methods:
        common = tuple(m for m in own.methods if m in other.methods)
        methods = common or own.methods
    opinions = tuple(o for o in own.opinions if o in other.opinions) or own.opinions
    order = own.opinion_order
    if order == "any":
        order = other.opinion_order
    chair_last = own.chair_last
    if other.chair_last is not None:
        chair_last = bool(chair_last) or other.chair_last
    margins = [m for m in (own.split_defer_margin, other.split_defer_margin) if m is not None]
    return dataclasses.replace(
        own,
        vote=own.vote or other.vote,
        pass_=stricter(own.pass_, other.pass_, total),
        quorum=stricter(own.quorum, other.quorum, total),
        per_candidate=own.per_candidate or other.per_candidate,
        opinions=opinions,
        opinion_order=order,
        opinions_required=own.opinions_required or other.opinions_required,
        ad_hoc=own.ad_hoc and other.ad_hoc,
        materials_in_advance=own.materials_in_advance and other.materials_in_advance,
        in_charge_present=own.in_charge_present or other.in_charge_present,
        notify=own.notify + tuple(o for o in other.notify if o not in own.notify),
        chair_last=chair_last,
        methods=methods,
        reconsider=stricter(own.reconsider, other.reconsider, total),
        split_defer_margin=max(margins) if margins else None,
        confidential=own.confidential or other.confidential,
    )


def source_kind(own: ItemKind, other: ItemKind | None, attr: str, total: int) -> str:
    """Which kind's id a merged threshold `attr` (quorum, pass_, reconsider) comes from."""
    if other is None:
        return own.id
    mine, theirs = getattr(own, attr), getattr(other, attr)
    return own.id if stricter(mine, theirs, total) is mine else other.id


__all__ = ["stricter", "strictest", "replaceable", "source_kind"]
