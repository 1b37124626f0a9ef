"""An item's outcome (passed, rejected, deferred, no_vote, invalid) and the arithmetic
behind it: only the current round's votes count; written opinions of members not present
are added only where `voting.absent_opinions_count = true`."""

from __future__ import annotations

from yishi import record as rec
from yishi.check.context import in_group, vote_for
from yishi.check.results import ItemOutcome
from yishi.views import Presence, item_quorum_rule, pass_base, quorum_total


def outcome(
    meeting: rec.Meeting, item: rec.Item, group: str | None, presence: Presence | None = None
) -> ItemOutcome:
    """The outcome of `group` (a candidate, or None: the item); `presence`, the evaluation's
    own (check.Context), spares working out again who is present."""
    presence = presence or Presence(meeting)
    rules = meeting.rules
    kind = meeting.kind(item)
    q_rule = item_quorum_rule(meeting, item)
    q_total = quorum_total(meeting, item, q_rule)
    decision = item.decision_for(group)
    here = presence.ids_for(item)
    present = len(presence.members_for(item))
    vote = vote_for(item, group) if kind.vote else None
    yes, no, abstain = (vote.yes, vote.no, vote.abstain) if vote else (0, 0, 0)
    written = 0
    if vote is not None and rules.voting.absent_opinions_count:
        named = set(vote.yes_names + vote.no_names + vote.abstain_names)
        counted: set[str] = set()
        for op in item.opinions:
            if (
                op.written
                and op.position
                and op.member not in named
                and op.member not in counted
                and in_group(op.candidate, group)
                and op.member not in here
            ):
                counted.add(op.member)
                written += 1
                if op.position == "agree":
                    yes += 1
                elif op.position == "disagree":
                    no += 1
                else:
                    abstain += 1
    pass_rule = kind.pass_ if kind.vote else None
    base = 0
    if pass_rule is not None:  # `present`: the count above (Meeting.base_total's own)
        cast = yes + no + abstain
        base = (
            present if pass_rule.of == "present" else pass_base(meeting, item, pass_rule.of, cast)
        )
    required = None
    if pass_rule is not None and (vote is not None or pass_rule.of != "cast"):
        required = pass_rule.required(base)
    if decision is not None and decision.status == rec.DEFERRED:
        result = "deferred"
    elif vote is None or pass_rule is None:
        result = "no_vote"
    elif (q_rule is not None and not q_rule.met(present, q_total)) or not presence.quorate():
        result = "invalid"  # a meeting without its own quorum decides nothing (SPEC §1)
    else:
        result = "passed" if pass_rule.met(yes, base) else "rejected"
    return ItemOutcome(
        number=item.number,
        title=item.title,
        kind=item.kind,
        candidate=group,
        outcome=result,
        yes=yes,
        no=no,
        abstain=abstain,
        base=base,
        required=required,
        quorum_present=present,
        quorum_required=q_rule.required(q_total) if q_rule is not None else 0,
        method=vote.method if vote else None,
        kind_name=kind.name,
        votable=kind.vote,
        voted=vote is not None,
        pass_rule=pass_rule,
        quorum_rule=q_rule,
        quorum_total=q_total,
        written_counted=written,
        meeting_inquorate=not presence.quorate(),
    )


__all__ = ["outcome"]
