"""Voting: methods allowed, 逐项 and 逐个 表决, everyone present voting, 意见分歧较大 (defer),
a vote and a decision for every unit decided, the decision agreeing with the vote, written
opinions counted, and 复议 consent."""

from __future__ import annotations

from yishi import record as rec
from yishi.check.context import Context, groups, rule_key, vote_for
from yishi.check.registry import ERROR, ITEM, LIVE, WARNING, register
from yishi.rules import ItemKind
from yishi.views import kind_rule


@register(
    "METHOD_NOT_ALLOWED",
    ERROR,
    rule="voting.methods | item_kinds.<kind>.methods",
    seeds="001 第二十条; 002 选任 第二十五条",
    per=ITEM,
)
def method_not_allowed(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    methods = ctx.rules.methods_for(kind)
    for vote in item.votes:
        if vote.method not in methods:
            ctx.add(
                "METHOD_NOT_ALLOWED",
                item.number,
                rule_key(kind, "methods", kind.methods),
                method=vote.method,
                allowed=", ".join(methods),
                candidate=vote.candidate,
            )


@register(
    "ITEMS_JOINT",
    ERROR,
    rule="voting.separate_items",
    seeds="001 第二十条; 003 第十三条(四); 002 三重一大 第九条(四)",
    per=ITEM,
)
def items_joint(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """逐项表决: one joint vote over several items, reported on the first of them."""
    n = item.number
    for vote in ctx.current_votes(item):
        if vote.joint_items and ctx.rules.voting.separate_items and n < min(vote.joint_items):
            ctx.add(
                "ITEMS_JOINT",
                n,
                "voting.separate_items",
                items="、".join(str(x) for x in sorted((n, *vote.joint_items))),
            )


@register(
    "CANDIDATES_JOINT",
    ERROR,
    rule="item_kinds.<kind>.per_candidate",
    seeds="003 第十三条(四); 000 局委员会议事规则 四.3",
    per=ITEM,
)
def candidates_joint(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """逐个表决: a vote over all candidates of a kind voted per candidate."""
    for vote in ctx.current_votes(item):
        if vote.joint_candidates and kind.per_candidate:
            ctx.add(
                "CANDIDATES_JOINT",
                item.number,
                f"item_kinds.{kind.id}.per_candidate",
                candidates="、".join(item.candidates),
            )


@register(
    "VOTE_INCOMPLETE",
    WARNING,
    rule="item_kinds.<kind>.pass",
    seeds="002 三重一大 第九条(二) (逐人明确表示); 000 局委员会议事规则 四.2",
    per=ITEM,
)
def vote_incomplete(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """Members present for the item who did not vote (a secret ballot: fewer ballots)."""
    rule = f"item_kinds.{kind.id}.pass"
    for vote in ctx.current_votes(item):
        present = ctx.present(item)
        if vote.secret:
            cast = vote.yes + vote.no + vote.abstain
            if cast < len(present):
                ctx.add(
                    "VOTE_INCOMPLETE",
                    item.number,
                    rule,
                    "check.VOTE_INCOMPLETE_SECRET",
                    cast=cast,
                    present=len(present),
                    candidate=vote.candidate,
                )
            continue
        voters = set(vote.yes_names + vote.no_names + vote.abstain_names)
        silent = [p.id for p in present if p.id not in voters]
        if silent:
            ctx.add(
                "VOTE_INCOMPLETE",
                item.number,
                rule,
                names=ctx.names(silent),
                candidate=vote.candidate,
            )


@register(
    "SPLIT_VOTE",
    WARNING,
    rule="voting.split_defer_margin | item_kinds.<kind>.split_defer_margin",
    seeds="003 第十三条(四); 000 局党组工作规则 第十六条(一); 002 三重一大 第九条(四)",
    per=ITEM,
)
def split_vote(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """意见分歧较大: a vote within the margin is deferred, unless an emergency."""
    margin = ctx.rules.split_margin_for(kind)
    if margin is None or ctx.m.emergency:
        return
    for vote in ctx.current_votes(item):
        decision = item.decision_for(vote.candidate)
        deferred = decision is not None and decision.status == rec.DEFERRED
        if abs(vote.yes - vote.no) <= margin and not deferred:
            ctx.add(
                "SPLIT_VOTE",
                item.number,
                rule_key(kind, "split_defer_margin", kind.split_defer_margin),
                yes=vote.yes,
                no=vote.no,
                margin=margin,
                candidate=None if vote.joint_candidates else vote.candidate,
            )


_OUTCOME_ZH = {
    "rejected": "未通过",
    "invalid": "表决无效",
    "no_vote": "未表决",
    "passed": "通过",
    "deferred": "暂缓",
}


@register(
    "DECISION_CONTRADICTS",
    ERROR,
    rule="item_kinds.<kind>.pass",
    seeds="000 局党组工作规则 第十六条(一) (赞成票超过应到会党组成员半数的为通过); 001 第二十条; "
    "002 选任 第二十五条 (同意、不同意或者缓议)",
    per=ITEM,
)
def decision_contradicts(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """A decision's status agrees with the vote: adopted only on a passed item (or a kind
    that is not voted), rejected not on a passed one (SPEC §2). A decision on one candidate
    is judged on that candidate's vote; the item's own decision on the candidates without
    one, as a whole (one text may record "张三同志任科长；李四同志未获通过": adopted when
    any passed, rejected when not all did)."""
    if not kind.vote:
        return
    rule = f"item_kinds.{kind.id}.vote"
    if kind.pass_ is not None:
        rule = kind_rule(ctx.m, item, "pass_", "pass")
    whole: list[str] = []
    for group in groups(item):
        own = group is not None and group in item.decisions
        decision = item.decision_for(group)
        if decision is None or decision.status == rec.DEFERRED:
            continue
        result = ctx.outcome(item, group).outcome
        if own:
            _agrees(ctx, item, decision, [result], rule, group)
        else:
            whole.append(result)
    whole_decision = item.decisions.get(None)
    if whole and whole_decision is not None:
        _agrees(ctx, item, whole_decision, whole, rule, None)


def _agrees(
    ctx: Context,
    item: rec.Item,
    decision: rec.Decision,
    results: list[str],
    rule: str,
    group: str | None,
) -> None:
    if decision.status == rec.ADOPTED and "passed" not in results:
        result = next(r for r in ("invalid", "rejected", "no_vote") if r in results)
        ctx.add(
            "DECISION_CONTRADICTS",
            item.number,
            rule,
            "check.DECISION_ADOPTED",
            outcome_zh=_OUTCOME_ZH[result],
            outcome_en=result.replace("_", " "),
            candidate=group,
        )
    elif decision.status == rec.REJECTED and all(r == "passed" for r in results):
        ctx.add(
            "DECISION_CONTRADICTS",
            item.number,
            rule,
            "check.DECISION_REJECTED",
            candidate=group,
        )


@register(
    "CANDIDATES_UNRECORDED",
    WARNING,
    rule="item_kinds.<kind>.per_candidate",
    seeds="003 第十三条(四); 002 选任 第二十六条(一)",
    per=ITEM,
)
def candidates_unrecorded(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    if kind.vote and kind.per_candidate and not item.candidates:
        rule = f"item_kinds.{kind.id}.per_candidate"
        ctx.add("CANDIDATES_UNRECORDED", item.number, rule, kind=kind.name)


@register(
    "CANDIDATE_NOT_VOTED",
    ERROR,
    rule="item_kinds.<kind>.per_candidate",
    seeds="003 第十三条(四); 000 局委员会议事规则 四.3",
    per=ITEM,
    scope=LIVE,
)
@register(
    "NOT_VOTED",
    ERROR,
    rule="item_kinds.<kind>.vote",
    seeds="000 局党组工作规则 第十六条(一); 001 第二十条",
    per=ITEM,
    scope=LIVE,
)
@register(
    "NO_DECISION",
    ERROR,
    rule="item_kinds.<kind>.vote",
    seeds="002 党组会议事规则 三.4; 002 三重一大 第九条(五)",
    per=ITEM,
    scope=LIVE,
)
def undecided(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """Each unit decided (a candidate, or the item) is voted unless deferred; a vote has
    a decision (one NO_DECISION for the item, naming the candidate when one alone lacks it)."""
    if not kind.vote:
        return
    n = item.number
    rule = f"item_kinds.{kind.id}.vote"
    undecided: list[str | None] = []
    for group in groups(item):
        decision = item.decision_for(group)
        deferred = decision is not None and decision.status == rec.DEFERRED
        voted = vote_for(item, group) is not None
        if not voted and not deferred:
            if group is not None:
                ctx.add("CANDIDATE_NOT_VOTED", n, rule, candidate=group)
            else:
                ctx.add("NOT_VOTED", n, rule, kind=kind.name)
        if voted and decision is None:
            undecided.append(group)
    if undecided:
        named = [g for g in undecided if g is not None]
        alone = named[0] if len(named) == 1 and len(groups(item)) > 1 else None
        ctx.add("NO_DECISION", n, rule, candidate=alone)


@register(
    "WRITTEN_COUNTED",
    WARNING,
    rule="voting.absent_opinions_count",
    seeds="001 第二十条; 003 第十三条(四) (the seeds forbid it; a rules file may allow it)",
    per=ITEM,
)
def written_counted(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """Written opinions of members not present were added to the tally (the rules allow it)."""
    if not kind.vote or not ctx.rules.voting.absent_opinions_count or not ctx.current_votes(item):
        return
    for group in groups(item):
        counted = ctx.outcome(item, group).written_counted
        if counted:
            rule = "voting.absent_opinions_count"
            ctx.add("WRITTEN_COUNTED", item.number, rule, count=counted, candidate=group)


@register(
    "RECONSIDER_CONSENT",
    ERROR,
    rule="voting.reconsider | item_kinds.<kind>.reconsider",
    seeds="002 党组会议事规则 三.3 (须经党组超过半数成员同意后进行); 002 选任 第二十五条",
    per=ITEM,
)
def reconsider_consent(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """复议 consent counted again: distinct members present for the item (a record
    written before yishi refused repeated or absent names may have counted them)."""
    m = ctx.m
    threshold = m.rules.reconsider_for(kind)
    if threshold is None:
        return
    for entry in item.reconsiderations:
        if not entry.granted:
            continue
        here = ctx.present_ids(item)
        valid = {x for x in entry.consenting if x in here}
        total = m.base_total(item, threshold.of, len(valid))
        if not threshold.met(len(valid), total):
            ctx.add(
                "RECONSIDER_CONSENT",
                item.number,
                rule_key(kind, "reconsider", kind.reconsider),
                count=len(valid),
                given=len(entry.consenting),
                total=total,
                required=threshold.required(total),
                candidate=entry.candidate,
            )


@register(
    "RECONSIDER_NOT_GRANTED",
    ERROR,
    rule="voting.reconsider | item_kinds.<kind>.reconsider",
    seeds="002 党组会议事规则 三.3; 002 选任 第二十五条 (需要复议的……同意后方可进行)",
    per=ITEM,
    scope=LIVE,
)
def reconsider_not_granted(ctx: Context, item: rec.Item, kind: ItemKind) -> None:
    """An item that reconsiders an earlier meeting's decision needs a granted consent."""
    if item.reconsiders is not None and not any(r.granted for r in item.reconsiderations):
        ctx.add(
            "RECONSIDER_NOT_GRANTED",
            item.number,
            rule_key(kind, "reconsider", kind.reconsider),
            meeting=item.reconsiders.get("meeting", ""),
            other=item.reconsiders.get("item", ""),
        )
