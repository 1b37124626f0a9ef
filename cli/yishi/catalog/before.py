"""Messages before the meeting: plan, 议题申报, 审定, 会议通知, deadlines, the calendar, due."""

MESSAGES = {
    # lifecycle
    "meeting.planned": (
        "会议 {id} 尚在筹备中（planned），不能记录“{op}”；会议开始时请先运行 yishi open {id}",
        "meeting {id} is only planned: '{op}' cannot be recorded yet; start it first with yishi open {id}",
    ),
    "meeting.not_planned": (
        "会议 {id} 已经开始，不能再“{op}”（审定、撤回议题和 open 只用于筹备中的会议）",
        "meeting {id} has already started: '{op}' is for planned meetings only (approve, withdraw, open)",
    ),
    "status.state.planned": ("筹备中", "planned"),
    "open.started": (
        "会议已开始：{body} {type}（{date}），议程 {count} 项，其中临时动议 {ad_hoc} 项",
        "meeting started: {body} {type} ({date}), {count} item(s) on the agenda, {ad_hoc} of them ad hoc",
    ),
    "open.renumbered": (
        "议题撤回后重新编号：原第{old}项现为第{new}项",
        "renumbered after a withdrawal: item {old} is now item {new}",
    ),
    "open.ad_hoc": (
        "第{number}项“{title}”未经审定，按临时动议处理",
        "item {number} '{title}' was not approved: it is ad hoc (临时动议)",
    ),
    "plan.done": (
        "已筹备：{body} {type}（{date}），议题申报截止 {submit}，通知截止 {notice}",
        "planned: {body} {type} ({date}); proposals due by {submit}, notice by {notice}",
    ),
    # items
    "item.mark.approved": ("[已审定]", "[approved]"),
    "item.mark.pending": ("[待审定]", "[pending approval]"),
    "item.mark.ad_hoc": ("[临时动议]", "[ad hoc]"),
    "item.withdrawn": ("第 {number} 项议题已撤回", "item {number} was withdrawn"),
    "item.unknown_prerequisite": (
        "“{kind}”事项没有前置程序“{name}”（应有：{known}）",
        "kind '{kind}' has no prerequisite '{name}' (prerequisites: {known})",
    ),
    "item.proposed": (
        "议题申报：第{number}项“{title}”（{kind}），申报单位 {by}，{submitted}提交",
        "proposal: item {number} '{title}' ({kind}) by {by}, submitted {submitted}",
    ),
    "item.prereq_missing": (
        "前置程序未完成：{missing}（审定前须完成，yishi item prereq {number} 名称）",
        "prerequisites not done: {missing} (needed before approval: yishi item prereq {number} NAME)",
    ),
    "item.prereq_done": (
        "第{number}项前置程序已完成：{done}",
        "item {number}: prerequisites done: {done}",
    ),
    "item.submit_late": (
        "提示：申报晚于会前{days}{unit}（{deadline}），审定时请说明特殊情况",
        "note: submitted later than {days}{unit} before the meeting ({deadline})",
    ),
    "approve.nothing": ("请给出要审定的议题编号", "give the numbers of the items to approve"),
    "approve.prerequisites": (
        "警告：第{number}项“{title}”前置程序未完成：{missing}（已审定；完成后用 yishi item prereq 记录，否则 check 报 PREREQ_MISSING 或 PREREQ_UNRECORDED）",
        "warning: item {number} '{title}' has prerequisites not done: {missing} (approved; record them with yishi item prereq, or check reports PREREQ_MISSING / PREREQ_UNRECORDED)",
    ),
    "approve.done": ("已审定列入议程：第{numbers}项", "approved for the agenda: item(s) {numbers}"),
    "approve.pending": (
        "尚未审定：第{numbers}项（会议开始时未审定的按临时动议处理）",
        "not approved yet: item(s) {numbers} (at open they become ad hoc)",
    ),
    "withdraw.done": (
        "已撤回第{number}项“{title}”（编号不再使用）",
        "withdrawn: item {number} '{title}' (its number is not reused)",
    ),
    # notice
    "notice.after_meeting": (
        "通知日期 {sent} 晚于会议日期 {date}",
        "notice date {sent} is after the meeting date {date}",
    ),
    "notice.unapproved": (
        "警告：议程尚未审定（未审定：{pending}）；通知只列已审定的议题",
        "warning: the agenda is not approved yet (pending: {pending}); the notice lists approved items only",
    ),
    "notice.empty": (
        "警告：议程尚未审定，通知中没有议题",
        "warning: no item is approved yet: the notice has no agenda",
    ),
    "notice.sent": ("已记录会议通知发出日期：{sent}", "recorded: the notice went out on {sent}"),
    "notice.late": (
        "警告：通知晚于会前{days}{unit}（应不晚于{deadline}）",
        "warning: the notice is later than {days}{unit} before the meeting (due by {deadline})",
    ),
    "notice.sign_in_sent": (
        "签到表不记录发出日期（--sent 只用于会议通知）",
        "a sign-in sheet has no sending date (--sent is for the notice)",
    ),
    # reports
    "report.unknown": (
        "本会议类型没有报告“{name}”（rules 的 reports：{known}）",
        "this meeting type has no report '{name}' (reports in the rules: {known})",
    ),
    "report.done": ("已记录：“{name}”于{date}报送{to}", "recorded: '{name}' sent on {date}{to}"),
    "report.twice": (
        "“{name}”已记录于{date}报送",
        "'{name}' was already recorded as sent on {date}",
    ),
    # calendar
    "calendar.missing": (
        "工作日历缺少 {year} 年（已有：{known}）：请按国务院办公厅当年节假日安排通知添加 {path}（格式见 docs/rules.md“工作日历”）",
        "the working-day calendar has no year {year} (known: {known}): add {path} from the State Council holiday notice of that year (format: docs/rules.md, 'Working-day calendar')",
    ),
    "calendar.bad_file": (
        "工作日历文件 {path} 无法使用：{error}",
        "calendar file {path} cannot be used: {error}",
    ),
    # due
    "due.none": ("没有到期或逾期的事项", "nothing due or overdue"),
    "due.overdue": ("逾期", "OVERDUE"),
    "due.due": ("待办", "due"),
    "due.done": ("已完成", "done"),
    "due.summary": ("共 {count} 项，逾期 {overdue} 项", "{count} entr(ies), {overdue} overdue"),
    "due.what.proposal": ("议题申报截止（{title}）", "proposal deadline ({title})"),
    "due.what.notice": ("会议通知", "meeting notice"),
    "due.what.materials": ("会议材料送达（{title}）", "materials ({title})"),
    "due.what.report": ("报告“{name}”{to}", "report '{name}'{to}"),
    "due.bad_within": ("--within 须为非负整数", "--within must be a whole number >= 0"),
    # check findings
    "check.PROPOSAL_LATE": (
        "议题于{submitted}申报，晚于会前{days}{unit}（{deadline}）",
        "the item was submitted on {submitted}, later than {days}{unit} before ({deadline})",
    ),
    "check.PREREQ_MISSING": (
        "前置程序未完成：{missing}{forced}",
        "prerequisites not done: {missing}{forced}",
    ),
    "check.PREREQ_UNRECORDED": (
        "未记录前置程序（{missing}）是否完成（item add --done / item prereq）",
        "whether the prerequisites ({missing}) were done is not recorded "
        "(item add --done / item prereq)",
    ),
    "check.CALENDAR_UNKNOWN": (
        "按工作日计算期限，但工作日历缺少 {year} 年：请添加 {path}",
        "deadlines count working days, but the calendar has no year {year}: add {path}",
    ),
    "check.doc.PROPOSAL_LATE": (
        "submit_days：议题申报（yishi item add --submitted，在筹备中的会议上）晚于会前 N 天"
        '（day_count = "working" 时为工作日）。临时动议和紧急会议不检查。',
        "submit_days: a proposal (item add --submitted on a planned meeting) came later than "
        'N days (working days with day_count = "working") before the meeting. Not checked '
        "for ad-hoc items and emergency meetings.",
    ),
    "check.doc.PREREQ_MISSING": (
        "item_kinds.X.prerequisites：申报时记录的前置程序（调研论证、征求意见、合法性审查、风险"
        "评估、分管领导审核……）有未完成的。审定（item approve）时即发出警告。",
        "item_kinds.X.prerequisites: a prerequisite recorded on the proposal (调研论证, "
        "征求意见, 合法性审查, 风险评估, 分管领导审核 ...) is not done. item approve already "
        "warns about it.",
    ),
    "check.doc.PREREQ_UNRECORDED": (
        "该类事项规定了前置程序，但筹备中（yishi plan）的议题申报没有记录任何完成情况。直接"
        "open 的会议不跟踪申报，不报此项。",
        "The kind has prerequisites but the proposal on a planned meeting (yishi plan) "
        "recorded nothing about them. Meetings opened directly do not track proposals and "
        "never get this warning.",
    ),
    "check.doc.CALENDAR_UNKNOWN": (
        'day_count = "working"，但会议所在年份没有工作日历文件：yishi 不猜测节假日，请按'
        "国务院办公厅通知添加该年文件（$XDG_CONFIG_HOME/yishi/calendar/YYYY.toml）。",
        'day_count = "working" but no calendar file covers the meeting\'s year: yishi never '
        "guesses holidays; add the year from the State Council notice "
        "($XDG_CONFIG_HOME/yishi/calendar/YYYY.toml).",
    ),
    # rules
    "rules.prerequisite_separator": (
        "前置程序名称“{value}”不能含有逗号、顿号、分号或空格（--done 用它们分隔多个名称）",
        "prerequisite '{value}' must not contain commas, 、, semicolons or spaces (--done splits on them)",
    ),
    "rules.report_when": (
        "报告须给出 before_days 或 after_days 之一",
        "a report needs exactly one of before_days or after_days",
    ),
}
