"""Messages of the fidelity round (issue 10, 18.1, 18.9): decisions with a status, 复议 per
candidate and of earlier meetings, late arrival, change of chair, per-item 列席, 会后转告,
per-kind frequency, and the new finding codes."""

MESSAGES = {
    # ------------------------------------------------------------------ findings
    "check.KIND_FREQUENCY": (
        "{body}{kind}：{period}{count}次，少于规定的{min}次",
        "{body}: {count} {kind} item(s) in {period}, at least {min} required",
    ),
    "check.NO_ITEMS": (
        "会议没有任何议题，签发前应补记议题",
        "the meeting has no items: record them before issue",
    ),
    "check.LEADER_FIRST": (
        "“一把手”{name}不得首先表态（本项由{chair}主持）{for_candidate}",
        "the principal leader, {name}, spoke first while {chair} chaired{for_candidate}",
    ),
    "check.CANDIDATE_NOT_RECUSED": (
        "成员{name}是本议题人选，应当回避{for_candidate}",
        "{name} is a candidate of this item and must be recused{for_candidate}",
    ),
    "check.DECISION_ADOPTED": (
        "决定记为通过，但表决结果为{outcome}{for_candidate}",
        "the decision is recorded as adopted, but the vote is {outcome}{for_candidate}",
    ),
    "check.DECISION_REJECTED": (
        "决定记为未通过（--rejected），但表决已通过{for_candidate}",
        "the decision is recorded as rejected (--rejected), but the vote passed{for_candidate}",
    ),
    "check.RECONSIDER_CONSENT": (
        "复议同意人数不足：记录{given}人，其中到会且不重复的{count}人，须至少{required}人"
        "（共{total}人）{for_candidate}",
        "reconsideration consent short: {given} name(s) given, {count} distinct member(s) "
        "present, at least {required} of {total} needed{for_candidate}",
    ),
    "check.RECONSIDER_NOT_GRANTED": (
        "本项复议会议{meeting}第{other}项的决定，但未记录获同意的复议（yishi reconsider）",
        "this item reconsiders item {other} of meeting {meeting}, but no granted consent is "
        "recorded (yishi reconsider)",
    ),
    "check.BRIEFING_MISSING": (
        "未记录会后向缺席的{name}转告会议情况（yishi brief）",
        "no record that {name}, who did not attend, was briefed afterwards (yishi brief)",
    ),
    # ------------------------------------------------------------------ explain
    "check.doc.KIND_FREQUENCY": (
        "item_kinds.X.frequency：该类议题每个周期至少 min 次（如会前学法每年不少于6次），按本机构"
        "有法定人数的会议中的议题计；由 check --year 与年度报告判断，只判断已结束的周期。",
        "item_kinds.X.frequency: at least min items of the kind per period (e.g. 会前学法 six "
        "times a year), counted over the body's quorate meetings; judged by check --year and "
        "the annual report, on periods that have ended.",
    ),
    "check.doc.NO_ITEMS": (
        "会议没有任何议题：记录应载明每项议题的讨论情况和最后决定，签发前须补记。",
        "A meeting with no items: the record states each item's discussion and decision, so "
        "it cannot be issued without them.",
    ),
    "check.doc.LEADER_FIRST": (
        "“一把手”不得首先表态：由他人主持（委托或主持人变更）时，会议类型 chair 所指的“一把手”"
        "（书记、主任）在末位表态的事项上不得第一个发言；本人主持时见 CHAIR_NOT_LAST。",
        "The principal leader (the holder of the type's chair) may not speak first on an item "
        "under 末位表态 while another member chairs (delegation or a change of chair); when "
        "the leader chairs, see CHAIR_NOT_LAST.",
    ),
    "check.doc.CANDIDATE_NOT_RECUSED": (
        "议题涉及本人的成员应当回避：成员本人是议题人选（--candidate 与成员姓名或 id 相同）却未"
        "回避（yishi recuse）。",
        "A member who is a candidate of the item (a --candidate equal to a member's name or "
        "id) is not recused from it.",
    ),
    "check.doc.DECISION_CONTRADICTS": (
        "决定与表决结果不符：记为通过（默认）的决定，表决却未通过、无效或未表决；或记为未通过"
        "（--rejected）的决定，表决却已通过。按人选分别判断；暂缓（--defer）不受限。",
        "A decision's status disagrees with the vote: adopted (the default) on a rejected, "
        "invalid or unvoted item, or --rejected on a passed one; per candidate; --defer is "
        "always allowed.",
    ),
    "check.doc.RECONSIDER_CONSENT": (
        "复议须经规定人数同意：同意复议者须是本项到会的不同成员；重复、请假、缺席或回避者不计。"
        "（旧记录可能按人名个数计算，此处重新核计。）",
        "复议 consent counts distinct members present for the item: repeated names and members "
        "on leave, absent or recused do not count (records written before this rule may have "
        "counted them).",
    ),
    "check.doc.RECONSIDER_NOT_GRANTED": (
        "复议以前会议的决定（item add --reconsiders 会议:项），须在本会议记录获同意的复议"
        "（yishi reconsider）。",
        "An item that reconsiders an earlier meeting's decision (item add --reconsiders "
        "MEETING:N) needs a granted consent in this meeting (yishi reconsider).",
    ),
    "check.doc.BRIEFING_MISSING": (
        "absent_briefing = true：会后由主持人或其委托的同志将会议情况转告缺席（请假、缺席）"
        "成员，须记录（yishi brief）；未记录只作警告。",
        "absent_briefing = true: members who did not attend (leave or absent) are briefed "
        "after the meeting (yishi brief); an unrecorded briefing is a warning.",
    ),
    # ------------------------------------------------------------------ recording
    "decide.bad_status": (
        "决定状态“{status}”无效（可用：{allowed}）",
        "unknown decision status '{status}' (allowed: {allowed})",
    ),
    "decide.rejected": (
        "第 {number} 项{candidate}记为未通过",
        "item {number}{candidate} recorded as rejected",
    ),
    "decide.both": (
        "--rejected 与 --defer 不能同时使用",
        "--rejected and --defer exclude each other",
    ),
    "reconsider.duplicate": ("同意复议的成员重复：{member}", "a member consents twice: {member}"),
    "reconsider.not_present": (
        "{member}未出席第 {number} 项（{status}），其同意不计入复议",
        "{member} is not present for item {number} ({status}): consent "
        "to 复议 comes from members present",
    ),
    "reconsider.granted_candidate": (
        "复议获同意（{count}/{total}）：第 {number} 项人选{candidate}可重新表决，其他人选结果不变",
        "reconsideration granted ({count}/{total}): candidate {candidate} of item {number} may be voted again; the others keep their results",
    ),
    "reconsider.earlier_granted": (
        "复议获同意（{count}/{total}）：可对会议 {meeting} 第 {other} 项的决定重新表决（本会议第 {number} 项）",
        "reconsideration granted ({count}/{total}): item {number} may vote again on item {other} of meeting {meeting}",
    ),
    "item.bad_reconsiders": (
        "--reconsiders 应为“会议ID:项号”，而不是“{value}”",
        "--reconsiders takes MEETING_ID:N, not '{value}'",
    ),
    "item.reconsiders_same": (
        "复议本会议的议题请用 yishi reconsider {item}",
        "to reconsider an item of this meeting use yishi reconsider {item}",
    ),
    "item.kept_kind": (
        "金额{amount}元达到“{other}”标准：议题仍按“{kind}”记录，并同时按两类规则从严检查",
        "amount {amount} reaches '{other}': the item stays '{kind}' and is judged under both kinds, the stricter rule winning",
    ),
    "vote.method_not_allowed": (
        "第 {number} 项不允许以“{method}”方式表决（可用：{allowed}）；未记录任何内容",
        "item {number} may not be voted by '{method}' (allowed: {allowed}); nothing was recorded",
    ),
    "chair.not_present": (
        "{member}未登记出席，不能主持；请先 attend",
        "{member} is not recorded as present and cannot chair: attend first",
    ),
    "chair.done": ("自第 {from_item} 项起由{name}主持", "{name} chairs from item {from_item} on"),
    "attend.late": ("{names}自第 {from_item} 项起到会", "{names} present from item {from_item} on"),
    "brief.attended": (
        "{member}全程出席，无需转告",
        "{member} attended the whole meeting: nothing to brief",
    ),
    "brief.done": ("已记录向{name}转告会议情况", "briefing of {name} recorded"),
    "absent.opinion_one": (
        "--opinion（书面发言）只能用于一名成员",
        "--opinion (written statement) takes one member",
    ),
    "status.late": ("第{from_item}项起到会", "from item {from_item}"),
    "guest.items": ("{name}列席第 {items} 项", "{name} attends items {items}"),
}
