"""Messages of what follows the meeting: 纪要 review before 签发, 督办 tasks, the task log."""

MESSAGES = {
    # 纪要 review (minutes_review)
    "review.not_required": (
        "{type}的规则不要求纪要签发前征求成员意见（minutes_review）",
        "the rules of {type} do not ask for the minutes to be reviewed before issue (minutes_review)",
    ),
    "review.not_closed": (
        "会议 {id} 尚未结束：纪要审阅在会议结束（close）后、签发前进行",
        "meeting {id} is not closed: the draft minutes are reviewed after close and before issue",
    ),
    "review.twice": (
        "{member} 已审阅过纪要（如有误请 undo）",
        "{member} has already reviewed the minutes (use undo if that was wrong)",
    ),
    "review.done": (
        "已记录 {name} 审阅纪要（{done}/{total}）",
        "recorded: {name} reviewed the minutes ({done}/{total})",
    ),
    "review.waiting": ("尚待审阅：{names}", "still to review: {names}"),
    "review.complete": (
        "纪要已经全体成员审阅，可以签发",
        "every member has reviewed the minutes: they may be issued",
    ),
    "review.status": (
        "纪要审阅：{done}/{total}（{names}）",
        "minutes reviewed: {done}/{total} ({names})",
    ),
    "review.status_missing": ("  尚待审阅：{names}", "  still to review: {names}"),
    "issue.review_missing": (
        "会议 {id} 的纪要尚未经全体成员审阅，未签发；尚待审阅：{names}（用 yishi review 成员 记录审阅；核实后可用 --force 强制签发，强制签发会记入记录）",
        "the minutes of meeting {id} have not been reviewed by every member; not issued. Still to review: {names} (record each with yishi review MEMBER; --force issues anyway and the record says so)",
    ),
    "issue.review_forced": (
        "强制签发：纪要未经 {names} 审阅，已记入记录",
        "issued with --force before {names} reviewed the minutes; this is logged in the record",
    ),
    # tasks: recording
    "task.added": (
        "已立督办事项 {id}：{number} 第 {item} 项，承办单位 {owner}，办理时限 {due}",
        "task {id}: {number} item {item}, owner {owner}, due {due}",
    ),
    "task.updated": (
        "已更新督办事项 {id}（办理时限 {due}，承办单位 {owner}）",
        "task {id} updated (due {due}, owner {owner})",
    ),
    "task.done": ("督办事项 {id} 已办结（{on}）", "task {id} done ({on})"),
    "task.done_late": (
        "督办事项 {id} 已办结（{on}，晚于办理时限 {due}）",
        "task {id} done ({on}, after its due date {due})",
    ),
    "task.reopened": (
        "督办事项 {id} 已重新打开（办理时限 {due}）",
        "task {id} reopened (due {due})",
    ),
    "task.duplicate": ("督办事项 {task} 已存在", "task {task} already exists"),
    "task.bad_op": ("督办日志中有未知操作“{op}”", "unknown operation '{op}' in the task log"),
    "task.unknown": ("没有督办事项“{task}”（已有：{known}）", "no task '{task}' (known: {known})"),
    "task.ambiguous": (
        "督办事项“{task}”不唯一，请写明机构：{candidates}",
        "task '{task}' is ambiguous; name the body: {candidates}",
    ),
    "task.already_done": (
        "督办事项 {task} 已于 {on} 办结（如需继续督办请 task reopen）",
        "task {task} was already done on {on} (task reopen opens it again)",
    ),
    "task.not_done": (
        "督办事项 {task} 尚未办结，无需重新打开",
        "task {task} is not done; nothing to reopen",
    ),
    "task.bad_body": ("机构编号“{body}”无效", "invalid body id '{body}'"),
    "task.control_chars": (
        "{what} 含有控制字符，已拒绝",
        "{what} contains control characters; refused",
    ),
    "task.too_long": (
        "{what} 过长（最多 {max} 字）",
        "{what} is too long (at most {max} characters)",
    ),
    "task.no_decision": (
        "第 {number} 项（{title}）没有可督办的决定（尚未作出决定、暂缓或未通过）",
        "item {number} ({title}) has no decision to follow up (none recorded, deferred or rejected)",
    ),
    "task.needs_candidate": (
        "第 {number} 项按人选分别作出决定，请用 --candidate 指明人选（{known}）",
        "item {number} was decided per candidate: name one with --candidate ({known})",
    ),
    "task.seal_broken": (
        "会议 {id} 的记录在封存后被改动（yishi verify 查看详情），不能据此立督办事项",
        "the record of meeting {id} changed after it was sealed (see yishi verify); no task is made from it",
    ),
    "task.meeting_not_held": (
        "会议 {id} 尚未召开，没有可督办的决定",
        "meeting {id} has not been held: it has no decision to follow up",
    ),
    "task.meeting_open": (
        "注意：会议 {id} 尚未结束，该决定仍可能变更（变更后 yishi tasks --verify 会指出）",
        "note: meeting {id} is still open and the decision may still change (yishi tasks --verify would say so)",
    ),
    "task.due_before_meeting": (
        "办理时限 {due} 早于会议日期 {date}",
        "due date {due} is before the meeting date {date}",
    ),
    "task.update_nothing": (
        "没有要更新的内容：请给出 --note、--due、--owner 或 --lead",
        "nothing to update: give --note, --due, --owner or --lead",
    ),
    "task.done_in_future": (
        "办结日期 {on} 晚于今天（{today}）",
        "done date {on} is after today ({today})",
    ),
    "task.done_before_meeting": (
        "办结日期 {on} 早于会议日期 {date}",
        "done date {on} is before the meeting date {date}",
    ),
    "task.bad_soon": (
        "--soon 取值无效：{value}（0—365 天）",
        "invalid --soon {value} (0 to 365 days)",
    ),
    "task.log_damaged": (
        "督办日志 {path} 第 {line} 行已损坏（未作任何修改；yishi tasks --verify 查看详情）",
        "task log {path} is damaged at line {line} (nothing was changed; see yishi tasks --verify)",
    ),
    "task.log_invalid": (
        "督办日志 {path} 无法重放：{error}（yishi tasks --verify 查看详情）",
        "task log {path} cannot be replayed: {error} (see yishi tasks --verify)",
    ),
    # tasks: views
    "task.f.meeting": ("会议", "meeting"),
    "task.f.decision": ("决定", "decision"),
    "task.f.text": ("督办要求", "asked"),
    "task.f.owner": ("承办单位", "owner"),
    "task.f.lead": ("牵头领导", "lead"),
    "task.f.due": ("办理时限", "due"),
    "task.op.add": ("立项", "added"),
    "task.op.update": ("进展", "update"),
    "task.op.done": ("办结", "done"),
    "task.op.reopen": ("重新打开", "reopened"),
    "task.s.overdue": ("已逾期 {days} 天", "overdue by {days} day(s)"),
    "task.s.due_today": ("今天到期", "due today"),
    "task.s.due_soon": ("{days} 天后到期", "due in {days} day(s)"),
    "task.s.on_time": ("正常推进（剩 {days} 天）", "on time ({days} day(s) left)"),
    "task.s.done": ("已办结（{on}）", "done ({on})"),
    "task.s.done_late": ("逾期办结（{on}）", "done late ({on})"),
    "tasks.status": (
        "督办：{total} 项（已办结 {done}，未办结 {open}，逾期 {overdue}）：{ids}",
        "督办: {total} task(s) ({done} done, {open} open, {overdue} overdue): {ids}",
    ),
    "tasks.none": ("没有督办事项", "no tasks"),
    "tasks.col.id": ("编号", "id"),
    "tasks.col.meeting": ("会议", "meeting"),
    "tasks.col.item": ("决定事项", "item"),
    "tasks.col.owner": ("承办单位", "owner"),
    "tasks.col.lead": ("牵头领导", "lead"),
    "tasks.col.due": ("办理时限", "due"),
    "tasks.col.status": ("状态", "status"),
    "tasks.summary": (
        "共 {total} 项：已办结 {done}，未办结 {open}（逾期 {overdue}）",
        "{total} task(s): {done} done, {open} open ({overdue} overdue)",
    ),
    # task log verification
    "tasks.verify_none": ("没有督办日志", "no task logs"),
    "tasks.verify_ok": (
        "督办日志 {body}：{entries} 条记录、{tasks} 项督办，链完整（末条摘要 {head}，已签名 {signed} 条）",
        "task log {body}: {entries} entries, {tasks} tasks, chain intact (head {head}, {signed} signed)",
    ),
    "tasks.verify_failed": (
        "督办日志 {body}（{path}）已被改动：",
        "task log {body} ({path}) was changed:",
    ),
    "task.verify.torn": (
        "{path} 末行不完整（写入中断），已忽略；下次写入时会去除",
        "{path} ends with a partial line (an interrupted write), ignored; the next append removes it",
    ),
    "task.verify.unreadable": ("无法读取：{error}", "cannot be read: {error}"),
    "task.verify.bad_line": (
        "第 {line} 行不是有效的日志记录",
        "line {line} is not a valid log entry",
    ),
    "task.verify.numbering": (
        "第 {line} 行的序号为 {n}，应为 {expected}（记录被删除、插入或调换）",
        "line {line} is entry {n}, expected {expected} (an entry removed, inserted or moved)",
    ),
    "task.verify.edited": (
        "第 {n} 条（{op} {task}）与其摘要不符：被手工修改",
        "entry {n} ({op} {task}) does not match its hash: edited by hand",
    ),
    "task.verify.chain": (
        "第 {n} 条（{op} {task}）未接续上一条的摘要（之前的记录被删除、调换或改写）",
        "entry {n} ({op} {task}) does not chain to the entry before it (an earlier entry removed, moved or rewritten)",
    ),
    "task.verify.body": (
        "第 {n} 条属于机构“{other}”，不属于本日志",
        "entry {n} belongs to body '{other}', not to this log",
    ),
    "task.verify.sig_missing": (
        "第 {n} 条（{op} {task}）没有签名",
        "entry {n} ({op} {task}) is not signed",
    ),
    "task.verify.sig_bad": (
        "第 {n} 条（{op} {task}）的签名与内容不符",
        "entry {n} ({op} {task}) has a signature that does not match it",
    ),
    "task.verify.sig_untrusted": (
        "第 {n} 条（{op} {task}）由本机不信任的密钥签名",
        "entry {n} ({op} {task}) is signed by a key this machine does not trust",
    ),
    "task.verify.sig_malformed": (
        "第 {n} 条（{op} {task}）的签名格式有误",
        "entry {n} ({op} {task}) has a malformed signature",
    ),
    "task.verify.invalid": ("日志无法重放：{error}", "the log cannot be replayed: {error}"),
    "task.verify.meeting_missing": (
        "督办事项 {task} 所属会议 {meeting} 不存在或无法读取",
        "task {task}: its meeting {meeting} is missing or unreadable",
    ),
    "task.verify.meeting_changed": (
        "督办事项 {task} 立项时的会议 {meeting} 封存摘要与现有记录不符",
        "task {task}: meeting {meeting} is not the sealed record the task was made from",
    ),
    "task.verify.no_decision": (
        "督办事项 {task}：会议 {meeting} 第 {item} 项没有可督办的决定",
        "task {task}: item {item} of meeting {meeting} has no decision to follow up",
    ),
    "task.verify.differs": (
        "督办事项 {task} 所记的{what}与会议 {meeting} 不符",
        "task {task}: its {what} differs from meeting {meeting}",
    ),
    # yishi due
    "due.what.task": ("督办事项 {id}（{owner}）：{title}", "task {id} ({owner}): {title}"),
    # the annual report's follow-up section
    "report.followup": ("督办落实", "Follow-up (督办)"),
    "report.followup_none": (
        "本年度会议决定没有立督办事项",
        "no follow-up tasks for this year's decisions",
    ),
    "report.followup_total": (
        "督办事项 {total} 项：已办结 {done} 项（其中逾期办结 {done_late} 项），未办结 {open} 项（其中逾期 {overdue} 项）；“三重一大”事项 {major} 项，逾期 {major_overdue} 项",
        "{total} task(s): {done} done ({done_late} late), {open} open ({overdue} overdue); 三重一大 {major}, {major_overdue} overdue",
    ),
    "report.followup_head": (
        "督办日志末条摘要：{head}（yishi tasks --verify 核对）",
        "task log head: {head} (check with yishi tasks --verify)",
    ),
    "report.followup_owners": ("按承办单位", "by owner"),
    "report.followup_kinds": ("按事项类别", "by kind"),
    "report.followup_overdue": ("逾期未办结", "overdue"),
    "report.col_owner": ("承办单位", "owner"),
    "report.col_tasks": ("督办事项", "tasks"),
    "report.col_done": ("已办结", "done"),
    "report.col_open_tasks": ("未办结", "open"),
    "report.col_overdue": ("逾期", "overdue"),
    "report.col_task": ("编号", "task"),
    "report.col_due": ("办理时限", "due"),
    "report.col_days": ("逾期天数", "days late"),
}
