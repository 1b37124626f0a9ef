"""Messages of recording: members, items, votes, records on disk."""

MESSAGES = {
    "member.unknown": (
        "没有成员“{text}”。成员：{candidates}",
        "no member '{text}'. Members: {candidates}",
    ),
    "member.ambiguous": (
        "“{text}”不唯一，可能是：{candidates}",
        "'{text}' is ambiguous: {candidates}",
    ),
    "item.unknown": (
        "没有第 {number} 项议题（现有：{known}）",
        "no item {number} (items: {known})",
    ),
    "item.unknown_kind": (
        "未定义的事项类别“{kind}”，可选：{known}",
        "unknown item kind '{kind}', kinds: {known}",
    ),
    "item.kind_not_allowed": (
        "{type}不审议“{kind}”类事项，可选：{known}",
        "a {type} does not take items of kind '{kind}'; allowed: {known}",
    ),
    "item.duplicate_candidate": ("人选重复", "a candidate is named twice"),
    "item.unknown_candidate": (
        "第 {number} 项没有人选“{text}”（人选：{known}）",
        "item {number} has no candidate '{text}' (candidates: {known})",
    ),
    "item.reclassified": (
        "金额 {amount} 达到“{kind}”标准（{threshold}），按“{kind}”记录",
        "amount {amount} reaches '{kind}' ({threshold}): recorded as '{kind}'",
    ),
    "input.bad_date": (
        "日期无效：“{value}”（应为 YYYY-MM-DD）",
        "invalid date '{value}' (expected YYYY-MM-DD)",
    ),
    "input.bad_time": (
        "时间无效：“{value}”（应为 HH:MM）",
        "invalid time '{value}' (expected HH:MM)",
    ),
    "input.empty": ("{what} 不能为空", "{what} must not be empty"),
    "input.bad_number": ("“{value}”不是有效的数字", "'{value}' is not a valid number"),
    "attendance.reason_required": ("请假须说明事由（--reason）", "leave needs a reason (--reason)"),
    "attendance.depart_not_present": (
        "{member} 未出席，不能记为中途离会",
        "{member} is not present, so cannot depart",
    ),
    "recuse.already_spoke": (
        "{member} 已就第 {number} 项发言或表决，请先撤销（undo）",
        "{member} already spoke or voted on item {number}; undo that first",
    ),
    "opinion.candidate_needed": (
        "第 {number} 项逐个表决：请用 --candidate 指明对哪位人选表态（{candidates}）",
        "item {number} is voted per candidate: say which candidate with --candidate ({candidates})",
    ),
    "opinion.unknown": (
        "“{position}”不是意见：可选 agree（同意）、disagree（不同意）、defer（缓议）",
        "'{position}' is not an opinion: use agree (同意), disagree (不同意) or defer (缓议)",
    ),
    "opinion.not_allowed": (
        "“{kind}”类事项不接受意见“{position}”（可选：{allowed}）",
        "kind '{kind}' does not take opinion '{position}' (allowed: {allowed})",
    ),
    "opinion.recused": (
        "{member} 已就第 {number} 项回避，不能发表意见",
        "{member} is recused from item {number} and may not speak",
    ),
    "opinion.not_present": (
        "{member} 未出席第 {number} 项（{status}），不能发表意见",
        "{member} is not present for item {number} ({status}) and may not state an opinion",
    ),
    "opinion.empty": (
        "意见须有立场（agree/disagree/defer）或文字（--text）",
        "an opinion needs a position (agree/disagree/defer) or --text",
    ),
    "vote.bad_method": (
        "表决方式“{method}”无效，可选：{allowed}",
        "invalid voting method '{method}', allowed: {allowed}",
    ),
    "vote.kind_not_voted": (
        "第 {number} 项（{kind}）不进行表决",
        "item {number} ({kind}) is not voted on",
    ),
    "vote.candidate_joint": (
        "合并表决多项议题时不能指定人选",
        "a joint vote over several items cannot name a candidate",
    ),
    "vote.secret_names": (
        "无记名投票只记票数，不能填写姓名",
        "a secret ballot takes counts only, never names",
    ),
    "vote.secret_counts": (
        "无记名投票须填写非负整数票数，如 --yes 5 --no 1 --abstain 0",
        "a secret ballot takes whole counts, e.g. --yes 5 --no 1 --abstain 0",
    ),
    "vote.named_counts": (
        "“{method}”表决须填写成员姓名，不是票数",
        "a '{method}' vote takes member names, not counts",
    ),
    "vote.too_many": (
        "票数合计 {total} 超过第 {number} 项到会人数 {present}",
        "{total} votes exceed the {present} members present for item {number}",
    ),
    "vote.twice": ("{member} 在表决中出现两次", "{member} appears twice in the vote"),
    "vote.empty": ("表决没有任何票", "the vote has no votes"),
    "vote.not_present": (
        "{member} 未出席第 {number} 项（{status}），不能表决；书面意见只能记为意见",
        "{member} is not present for item {number} ({status}) and cannot vote; written opinions are recorded as opinions",
    ),
    "vote.again": (
        "第 {number} 项已表决；如有误请 undo，或经复议（reconsider）后重新表决",
        "item {number} was already voted; use undo, or reconsider",
    ),
    "reconsider.nothing": (
        "第 {number} 项尚未表决，无需复议",
        "item {number} has not been voted, nothing to reconsider",
    ),
    "reconsider.granted": (
        "复议获同意（{count}/{total}）：第 {number} 项可重新表决",
        "reconsideration granted ({count}/{total}): item {number} may be voted again",
    ),
    "reconsider.refused": (
        "复议未获同意（{count}/{total}，至少需 {required}）",
        "reconsideration not granted ({count}/{total}, needs {required})",
    ),
    "meeting.issued": (
        "会议 {id} 已签发封存，不能再修改（如需更正请用 amend）",
        "meeting {id} is issued and sealed; it cannot change (use amend for corrections)",
    ),
    "meeting.closed": (
        "会议 {id} 已结束，不能再记录",
        "meeting {id} is closed; nothing more can be recorded",
    ),
    "meeting.bad_id": ("会议编号“{id}”无效", "invalid meeting id '{id}'"),
    "meeting.unknown": (
        "没有会议“{id}”（已有：{candidates}）",
        "no meeting '{id}' (known: {candidates})",
    ),
    "meeting.ambiguous": (
        "会议“{id}”不唯一：{candidates}",
        "meeting '{id}' is ambiguous: {candidates}",
    ),
    "meeting.none_current": (
        "没有当前会议：先 yishi open，或 yishi use（记录目录 {records}）",
        "no current meeting: run yishi open or yishi use (records in {records})",
    ),
    "meeting.unknown_type": (
        "没有会议类型“{type}”，可选：{known}",
        "no meeting type '{type}', types: {known}",
    ),
    "issue.not_closed": (
        "会议 {id} 尚未结束（先 yishi close）",
        "meeting {id} is not closed (run yishi close first)",
    ),
    "amend.not_issued": (
        "会议 {id} 未签发，直接修改即可",
        "meeting {id} is not issued; change it directly",
    ),
    "undo.nothing": ("没有可撤销的操作", "nothing to undo"),
    "record.unknown_op": ("记录中有未知操作“{op}”", "unknown operation '{op}' in record"),
    "record.write_failed": (
        "写入 {path} 失败：{error}（原记录未改变）",
        "writing {path} failed: {error} (the record is unchanged)",
    ),
    "record.too_large": ("记录文件过大：{path}", "record file too large: {path}"),
    "record.unreadable": ("无法读取记录 {path}：{error}", "cannot read record {path}: {error}"),
    "record.damaged": (
        "记录已损坏：{path}:{line}:{col}：{error}（未作任何修改）",
        "record damaged: {path}:{line}:{col}: {error} (nothing was changed)",
    ),
    "record.newer_format": (
        "记录 {path} 由更新版本的 yishi 写入（格式 {found}，本版本支持到 {supported}）：请升级 yishi 后再打开（未作任何修改）",
        "record {path} was written by a newer yishi (format {found}; this version reads up to {supported}): upgrade yishi to open it (nothing was changed)",
    ),
    "record.bad_shape": (
        "记录 {path} 结构有误：{what}（未作任何修改）",
        "record {path} is malformed at {what} (nothing was changed)",
    ),
    "record.bad_rules": ("记录 {path} 中的规则快照无效", "the rules snapshot in {path} is invalid"),
    "record.bad_event": (
        "记录 {path} 的日志无法重放：{error}",
        "the log of {path} cannot be replayed: {error}",
    ),
}

MESSAGES.update(
    {
        "open.done": (
            "已开会：{body} {type}，{date}，主持人 {chair}",
            "opened: {body} {type}, {date}, chaired by {chair}",
        ),
        "attend.done": (
            "出席：{names}（已到 {present}/{total}）",
            "present: {names} ({present}/{total} present)",
        ),
        "leave.done": ("请假：{name}（{reason}）", "on leave: {name} ({reason})"),
        "absent.done": ("缺席：{names}", "absent: {names}"),
        "depart.done": ("{name} 于第 {after} 项后离会", "{name} left after item {after}"),
        "guest.done": ("列席：{name} {role}", "attending (列席): {name} {role}"),
        "item.done": ("议题 {number}：{title}（{kind}）", "item {number}: {title} ({kind})"),
        "recuse.done": ("{name} 就第 {number} 项回避", "{name} recused from item {number}"),
        "opinion.done": (
            "第 {number} 项{candidate}：{name} {position}",
            "item {number}{candidate}: {name} {position}",
        ),
        "opinion.written": (
            "第 {number} 项{candidate}：{name} 书面意见 {position}",
            "item {number}{candidate}: written opinion of {name} {position}",
        ),
        "position.agree": ("同意", "agrees"),
        "position.disagree": ("不同意", "disagrees"),
        "position.defer": ("缓议", "defer"),
        "vote.done": (
            "第 {numbers} 项{candidate}表决：同意 {yes}，不同意 {no}，弃权 {abstain}",
            "item {numbers}{candidate} vote: yes {yes}, no {no}, abstain {abstain}",
        ),
        "decide.done": (
            "第 {number} 项{candidate}决定已记录",
            "decision on item {number}{candidate} recorded",
        ),
        "decide.deferred": (
            "第 {number} 项{candidate}暂缓决定",
            "item {number}{candidate} deferred",
        ),
        "notified.done": ("已记录通知：{org}", "recorded as notified: {org}"),
        "undo.done": ("已撤销 #{n}：{cmd}", "undone #{n}: {cmd}"),
        "set.done": ("已更正会议信息", "meeting facts corrected"),
        "set.nothing": (
            "没有要更正的内容（--time/--place/--title/--recorder/--chair/--notice-sent）",
            "nothing to change (--time/--place/--title/--recorder/--chair/--notice-sent)",
        ),
        "close.done": ("会议 {id} 已结束", "meeting {id} closed"),
    }
)
