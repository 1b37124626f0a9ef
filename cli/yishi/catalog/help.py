"""`--help` in Chinese and English, applied to the command tree when it is built
(`yishi.commands._help`), so a command module keeps its English help in place and a new
option only needs one line here.

HELP keys: a command path with dots (`vote`, `item.add`, `rules.check`; `yishi` is the
root), or a command path and a parameter name (`vote.yes`, `item.add.kind`); `*.NAME` is
shared by every command (`*.records`). Values: (zh, en). Missing entries fall back to the
English help written in the command (tests/test_console_help.py lists what is missing).
METAVARS: what a value looks like in the help (`--yes NAMES|N`); default: the name, upper.
EXAMPLES: command lines shown under "Examples" in the command's help.
"""

HELP: dict[str, tuple[str, str]] = {
    # --- root
    "yishi": (
        "议事 yishi——议事机构的会议秘书：议事规则、会议记录、合规检查、会议纪要。",
        "议事 yishi — meeting secretary for governing bodies: rules, recording, checks, minutes.",
    ),
    "yishi.lang": (
        "界面语言：zh 或 en（默认按 YISHI_LANG、LANGUAGE、LC_ALL、LC_MESSAGES、LANG）",
        "Language: zh or en (default: YISHI_LANG, LANGUAGE, LC_ALL, LC_MESSAGES, LANG)",
    ),
    "yishi.records": ("会议记录目录（默认 ./records）", "Records directory (default ./records)."),
    "yishi.version": ("显示版本并退出", "Show the version and exit."),
    "*.help": ("显示本帮助并退出", "Show this message and exit."),
    "*.records": (
        "会议记录目录（默认：YISHI_RECORDS，否则 ./records）",
        "Records directory (default: YISHI_RECORDS, else ./records).",
    ),
    "*.meeting_id": (
        "会议编号或其唯一前缀（默认：当前会议）",
        "Meeting id or unique prefix (default: the current meeting).",
    ),
    # --- recording
    "open": (
        "开会：新建一次会议（或开始筹备中的会议），设为当前会议，最后一行单独输出会议编号。",
        "Create a meeting (or start a planned one), make it current, print its id alone "
        "on the last line.",
    ),
    "open.rules_file": (
        "本机构的议事规则文件（TOML），或筹备中会议的编号",
        "The body's rules file (TOML), or the id of a planned meeting.",
    ),
    "open.type": (
        "会议类型（规则文件 meeting_types 中的 id）",
        "Meeting type id (from the rules' meeting_types).",
    ),
    "open.date": ("会议日期 YYYY-MM-DD", "Date of the meeting, YYYY-MM-DD."),
    "open.time": ("开始时间 HH:MM", "Start time, HH:MM."),
    "open.place": ("会议地点", "Where the meeting is held."),
    "open.title": ("会议名称（默认按机构和会议类型）", "Title (default: from the body and type)."),
    "open.chair": (
        "主持人（默认：规则规定的主持人）",
        "Chair, a member (default: the rules' chair).",
    ),
    "open.recorder": ("记录人", "Who takes the record (记录人)."),
    "open.emergency": (
        "紧急情况召开（放宽提前通知等要求）",
        "Held in an emergency (紧急情况: notice rules relaxed).",
    ),
    "open.notice_sent": (
        "会议通知和议题发出的日期 YYYY-MM-DD",
        "Date the notice and agenda went out, YYYY-MM-DD.",
    ),
    "open.notified": (
        "事先告知的机构，如 派驻纪检监察组",
        "Organisation told in advance, e.g. 派驻纪检监察组.",
    ),
    "use": ("切换当前会议。", "Make another meeting current."),
    "use.meeting_id": ("会议编号或其唯一前缀", "Meeting id or unique prefix."),
    "list": ("列出会议（可按机构、年度、状态筛选）。", "List meetings (by body, year, state)."),
    "list.body": ("只列此机构（id）", "Only this body (id)."),
    "list.year": ("只列此年度 YYYY", "Only this year, YYYY."),
    "list.state": (
        "只列此状态：open | closed | issued",
        "Only this state: open | closed | issued.",
    ),
    "attend": (
        "出席：登记到会成员（id、姓名或唯一前缀，可多个）；--from-item N 为迟到，自第 N 项起到会。",
        "Mark members present (id, Chinese name or unique prefix; several at once); "
        "--from-item N: arrived late, present from item N on.",
    ),
    "attend.members": (
        "到会成员，空格或逗号分隔",
        "Members present, separated by spaces or commas.",
    ),
    "leave": (
        "请假：登记请假成员、事由，可附书面意见。",
        "请假: on leave, with a reason and optionally a written opinion.",
    ),
    "leave.member": ("请假成员", "The member on leave."),
    "leave.reason": ("请假事由（必填）", "Reason for the leave (required)."),
    "leave.opinion": ("书面意见", "Written opinion (书面意见)."),
    "absent": (
        "缺席：登记未请假缺席的成员（--opinion 为其提交的书面发言）。",
        "Absent without leave (--opinion: the written statement handed in).",
    ),
    "absent.members": ("缺席成员", "Members absent."),
    "absent.reason": ("缺席原因", "Reason, if known."),
    "depart": (
        "中途离会：某成员在第 N 项议题后离开，不计入其后议题。",
        "Left after item N: not present for later items.",
    ),
    "depart.member": ("离会成员", "The member who left."),
    "depart.after": ("在第 N 项议题之后离会", "Left after item N."),
    "guest": (
        "列席：登记不参加表决的列席人员（全程，或 --item 所列议题）。",
        "列席: a non-voting attendee, for the whole meeting or the items named.",
    ),
    "guest.name": ("列席人员姓名", "Name of the attendee."),
    "guest.role": ("职务或单位", "Post or unit."),
    "item": ("议题：添加、列出。", "Agenda items: add, list."),
    "item.add": (
        "添加议题，最后一行单独输出议题编号。",
        "Add an agenda item; print its number alone on the last line.",
    ),
    "item.add.title": ("议题名称", "Title of the item."),
    "item.add.kind": (
        "议题类别（规则文件 item_kinds 中的 id）；金额达到某类别标准时可省略",
        "Kind of item (an id from the rules' item_kinds); may be left out when "
        "the amount reaches a kind's threshold.",
    ),
    "item.add.area": (
        "所属分管领域，与成员的 in_charge 对照",
        "Area (分管), matched against members' in_charge.",
    ),
    "item.add.amount": (
        "涉及金额（元），如 800、186,000、186000元、18.6万、8.5万元",
        "Amount in yuan, e.g. 800, 186,000, 186000元, 18.6万, 8.5万元.",
    ),
    "item.add.presenter": ("汇报人", "Who reports (汇报人)."),
    "item.add.candidate": (
        "人选，用于干部任免等逐个表决的议题",
        "Candidate, for items voted per candidate.",
    ),
    "item.add.ad_hoc": (
        "临时动议（未列入会前议程）",
        "临时动议: not on the agenda sent beforehand.",
    ),
    "item.add.materials_sent": (
        "会议材料送达日期 YYYY-MM-DD",
        "Date the materials went out, YYYY-MM-DD.",
    ),
    "item.add.notified": ("事先告知的机构", "Organisation told in advance."),
    "item.add.confidential": (
        "涉密议题（分发稿中隐去）/ 公开（默认按议题类别）",
        "Confidential (redacted in distribution copies) / public (default: from the kind).",
    ),
    "item.list": ("列出议程。", "List the agenda."),
    "recuse": ("回避：某成员不参与第 N 项议题。", "回避: the member takes no part in item N."),
    "recuse.member": ("回避成员", "The member who recuses."),
    "recuse.item": ("议题编号", "Item number."),
    "recuse.reason": ("回避原因", "Reason for the recusal."),
    "opinion": (
        "表态：记录成员对议题的意见，调用顺序即发言顺序。",
        "Record a stated opinion; the order of calls is the speaking order.",
    ),
    "opinion.item": ("议题编号", "Item number."),
    "opinion.member": (
        "发言成员（请假成员的意见记为书面意见）",
        "The member speaking (from a member on leave: a written opinion).",
    ),
    "opinion.position": (
        "agree 同意 | disagree 不同意 | defer 缓议（可省略，只记发言）",
        "agree | disagree | defer (omit for a statement without position).",
    ),
    "opinion.candidate": ("针对的人选（逐个表态的议题）", "The candidate the opinion is about."),
    "opinion.text": ("发言要点", "What was said, in brief."),
    "vote": (
        "表决：记名表决（口头、举手、唱名）记姓名，无记名投票只记票数。",
        "Record a vote: names for oral/hands/roll_call, counts only for secret.",
    ),
    "vote.items": ("议题编号（2,3 表示合并表决）", "Item number (2,3 = voted together)."),
    "vote.method": (
        "表决方式：oral 口头 | hands 举手 | secret 无记名投票 | roll_call 唱名",
        "How: oral | hands | secret | roll_call.",
    ),
    "vote.candidate": (
        "表决的人选（逐个表决）",
        "The candidate voted on (one vote per candidate).",
    ),
    "vote.yes": (
        "赞成：成员姓名，逗号分隔；无记名投票时写票数",
        "In favour: names, comma-separated; for secret, a count.",
    ),
    "vote.no": (
        "反对：成员姓名，逗号分隔；无记名投票时写票数",
        "Against: names, comma-separated; for secret, a count.",
    ),
    "vote.abstain": (
        "弃权：成员姓名，逗号分隔；无记名投票时写票数",
        "Abstaining: names, comma-separated; for secret, a count.",
    ),
    "decide": (
        "决定：记录第 N 项议题的决定（默认通过；--rejected 未通过；--defer 暂缓/缓议），"
        "人事事项可用 --candidate 逐个记录。",
        "Record the decision on item N (adopted; --rejected: 未通过; --defer: 暂缓/缓议), "
        "per candidate with --candidate.",
    ),
    "decide.item": ("议题编号", "Item number."),
    "decide.text": ("决定内容", "The decision, as it goes into the minutes."),
    "decide.defer": ("暂缓/缓议，不作决定", "暂缓: deferred, no decision."),
    "decide.replace": (
        "替换该议题已有的决定（重新决定须明示）",
        "Replace the item's existing decision (re-deciding must be explicit).",
    ),
    "reconsider": (
        "复议：经本项到会的足够多不同成员同意（voting.reconsider），第 N 项议题（或 "
        "--candidate 所指人选）可重新表决。",
        "复议: with enough consent (voting.reconsider) of distinct members present "
        "for the item, item N (or that candidate alone) may be voted again.",
    ),
    "reconsider.item": ("议题编号", "Item number."),
    "reconsider.yes": ("同意复议的成员，逗号分隔", "Members consenting, comma-separated."),
    "notified": (
        "事先告知：记录已事先告知某机构（如 派驻纪检监察组）。",
        "Record that an organisation (e.g. 派驻纪检监察组) was told in advance.",
    ),
    "notified.org": ("被告知的机构", "The organisation told."),
    "notified.item": ("只针对第 N 项议题", "Only about item N."),
    "set": (
        "更正开会时给出的会议信息（时间、地点、名称、记录人、主持人、通知日期）。",
        "Correct the meeting's facts given at open (time, place, title, recorder, chair, notice).",
    ),
    "set.time": ("开始时间 HH:MM", "Start time, HH:MM."),
    "set.place": ("会议地点", "Where the meeting is held."),
    "set.title": ("会议名称", "Title of the meeting."),
    "set.recorder": ("记录人", "Who takes the record."),
    "set.chair": ("主持人", "Chair, a member."),
    "set.notice_sent": ("会议通知发出日期 YYYY-MM-DD", "Date the notice went out, YYYY-MM-DD."),
    "undo": (
        "撤销上一次改动（撤销本身也记入日志）。",
        "Revert the last change (the undo itself is logged).",
    ),
    "close": (
        "散会：此后不能再登记出席、议题或表决。",
        "End the meeting: no more attendance, items or votes.",
    ),
    "log": (
        "列出当前会议的日志条目（带编号，供 fix 使用）。",
        "List the meeting's log entries, numbered (for `fix`).",
    ),
    "log.all_": ("也列出已撤销的条目和撤销记录", "Also list undone entries and the undo entries."),
    "fix": (
        "更正：用一条更正后的命令替换第 N 条日志；其后各条重新校验，任何一条失效则拒绝。",
        "Replace log entry N with a corrected command; every later entry is checked "
        "again, and the fix is refused if one no longer fits.",
    ),
    "fix.entry": (
        "要替换的日志条目编号（见 yishi log）",
        "Number of the entry to replace (see `yishi log`).",
    ),
    "fix.command": ("更正后的命令（不带 yishi 前缀）", "The corrected command, without `yishi`."),
    # --- checks
    "check": (
        "检查会议是否符合议事规则：有错误时退出码为 1（警告不影响）。",
        "Check a meeting against its rules: exit 1 on errors (warnings don't fail).",
    ),
    "check.format": ("输出格式：text | json", "Output format: text | json."),
    "check.year": (
        "检查该年度所有会议及开会频次",
        "Check every meeting of the year, and meeting frequency.",
    ),
    "check.body": (
        "只检查此机构的会议（配合 --year 或全部年度）",
        "Only meetings of this body (with --year, or all years).",
    ),
    "explain": (
        "解释 yishi check 的问题代码：含义、规则键和所依据的条款。",
        "Explain a `yishi check` finding code: what it means, its rule key and seed articles.",
    ),
    "explain.code": (
        "问题代码，如 CHAIR_NOT_LAST（省略则列出全部）",
        "A finding code, e.g. CHAIR_NOT_LAST (none: list every code).",
    ),
    "status": (
        "当前会议实时概况：出席、各议题法定人数、表决、尚缺事项。",
        "Live view of the current meeting: attendance, quorum per item, votes, what is missing.",
    ),
    # --- minutes
    "issue": (
        "签发：为已散会的会议编本年度下一个文号并封存记录。",
        "签发: give a closed meeting the next number of its year and seal the record.",
    ),
    "issue.force": (
        "检查有错误也签发（记入记录）",
        "Issue despite check errors (logged in the record).",
    ),
    "issue.date": (
        "印发日期 YYYY-MM-DD（默认今天）",
        "Date printed on the minutes (default today).",
    ),
    "render": (
        "生成会议纪要（默认）、会议记录或自定义模板。",
        "Render 会议纪要 (default), 会议记录 or your own template.",
    ),
    "render.format": (
        "格式：md | html | docx（默认按 -o 的扩展名，否则 md）",
        "md | html | docx (default: from -o, else md).",
    ),
    "render.output": (
        "写入此文件（默认标准输出；docx 必须指定；缺少的目录会自动创建）",
        "Write here (default: stdout; docx needs -o; missing folders are created).",
    ),
    "render.template": (
        "minutes 会议纪要 | record 会议记录 | 自定义模板路径",
        "minutes (会议纪要) | record (会议记录) | PATH to your own template.",
    ),
    "render.copy": (
        "full 全文 | distribution 分发稿（隐去涉密议题）",
        "full | distribution (confidential items redacted).",
    ),
    "verify": (
        "验证封存的记录未被改动：摘要、受信任密钥的签名、编号台账条目（有问题时退出码为 1 并指出问题）。",
        "Prove a sealed record was not changed: digests, signature by a trusted key, "
        "ledger entry (exit 1 saying what is wrong).",
    ),
    "verify.all_": (
        "验证记录目录中所有记录和所有编号台账",
        "Every record and every ledger of the records directory.",
    ),
    "verify.digest": (
        "与签发时打印、纪要版记所载的封存摘要比对（不写会议编号时查找持有该摘要的记录）",
        "The digest printed at issue / in the minutes' 版记 (without a meeting "
        "id: find the record that has it).",
    ),
    "repair": (
        "中断后修复：补全台账已记而记录未写入的签发或更正，无法补全的作废（编号不再使用），去掉写了一半的台账行，清理被终止进程的临时文件；需要人工处理时退出码为 1。",
        "After a crash: complete issues/amends whose ledger entry never reached its "
        "record, void the ones that cannot be completed (their numbers stay used), cut "
        "a torn ledger line, remove temp files of killed writers. Exit 1 if something "
        "needs a human.",
    ),
    "repair.dry_run": ("只说明将做什么", "Only say what would be done."),
    "amend": (
        "对已签发会议作明示、留痕的更正（或落实情况），并重新封存。",
        "Explicit, logged correction (or follow-up) of an issued meeting; seals it again.",
    ),
    "amend.args": ("[会议编号] 更正内容", "[MEETING_ID] TEXT"),
    "amend.item": ("所涉议题编号", "The item the text is about."),
    "amend.follow_up": (
        "记录决定的落实情况，而非更正",
        "Record how a decision was carried out (落实情况) rather than a correction.",
    ),
    "batch": (
        "为本年度已散会且检查无错误的会议按日期顺序编号，再生成所有已编号会议的纪要；有错误的会议列出、不编号（退出码 1），除非 --force；封存记录核验不通过时不编号、不生成（退出码 1）。",
        "Number the year's closed meetings without check errors (date order), then "
        "render every numbered one. Meetings with check errors are listed and left "
        "unnumbered (exit 1) unless --force; a sealed record that does not verify stops "
        "the run (exit 1, nothing written).",
    ),
    "batch.year": ("年度 YYYY", "Year, YYYY."),
    "batch.output": (
        "纪要输出目录（不存在则创建）",
        "Directory for the rendered minutes (created if missing).",
    ),
    "batch.body": ("只处理此机构（id）", "Only this body id."),
    "batch.format": (
        "md | html | docx（或逗号分隔；默认 md）",
        "md | html | docx (or a comma list; default md).",
    ),
    "batch.template": ("minutes | record | 模板路径", "minutes | record | PATH."),
    "batch.copy": ("full | distribution", "full | distribution."),
    "batch.jobs": ("并行进程数（年度会议多时）", "Worker processes for big years."),
    "batch.cache": (
        "复用此前运行从未改动的记录得到的结果（records/.cache/，删除无妨）",
        "Reuse what earlier runs derived from unchanged records (records/.cache/; safe to delete).",
    ),
    "batch.strict": ("0.2 起即为默认（无作用）", "The default since 0.2 (no effect)."),
    "batch.force": (
        "检查有错误的会议也编号（在各记录中记为强制签发）",
        "Number meetings with check errors too (logged as forced in each record).",
    ),
    "batch.issue_date": (
        "印发日期 YYYY-MM-DD，或 held（各会议召开日期，默认）",
        "Date printed on the minutes, YYYY-MM-DD, or held (each meeting's date, default).",
    ),
    "report": (
        "年度报告：各类会议次数与规定频次、文号及缺号、各类议题（三重一大）、问题统计、"
        "未记录落实情况的决定。",
        "Annual report: meetings per type vs frequency, numbers and gaps, items per kind "
        "(三重一大), findings per code, decisions without recorded follow-up.",
    ),
    "report.year": ("年度 YYYY", "Year, YYYY."),
    "report.body": ("只统计此机构（id）", "Only this body id."),
    "report.format": ("text | md | html | json", "text | md | html | json."),
    "report.output": ("写入此文件（默认标准输出）", "Write here (default: stdout)."),
    "shell": (
        "交互模式：在一个提示符下记录整场会议（命令不带 yishi 前缀，Tab 补全，Ctrl-R 搜索历史）。",
        "Interactive prompt for the whole meeting (commands without `yishi`; Tab "
        "completes, Ctrl-R searches the history).",
    ),
    # --- rules
    "rules": (
        "议事规则文件：检查（CI），读成议事规则条文，比较两个版本（修订对照表），由样例新建；"
        "输出 JSON Schema。",
        "Rule files: check them (CI), read them as 议事规则 prose, compare two versions "
        "(修订对照表), start one from a sample; print their JSON Schema.",
    ),
    "rules.check": (
        "检查规则文件：每个问题一行 FILE:LINE:COL: CODE 键路径: 说明。有错误（含语法、编码）"
        "退出码 1；只有警告为 0（--strict 时为 1）；用法错误或文件不存在为 2。",
        "Validate rule files: FILE:LINE:COL: CODE key.path: message for every "
        "problem. Exit 1 on any error (syntax and encoding included), 0 with only "
        "warnings (1 with --strict), 2 for usage errors or a missing file.",
    ),
    "rules.check.files": ("规则文件或其所在目录", "Rule files or directories of them."),
    "rules.check.format": (
        "输出格式：text | json | github | sarif",
        "Output format: text | json | github | sarif.",
    ),
    "rules.check.strict": ("有警告也以退出码 1 结束", "Exit 1 on warnings too."),
    "rules.show": (
        "把规则文件读成中文议事规则条文（议事范围、会议组织、议事程序、表决、纪要），"
        "每句注明所依据的条款，便于与正式文本核对。",
        "The rules as Chinese 议事规则 prose (议事范围, 会议组织, 议事程序, 表决, 纪要), "
        "each sentence citing the article its key comes from, to compare with the "
        "official text.",
    ),
    "rules.show.file": ("规则文件（或 git 中的 REV:PATH）", "A rules file (or REV:PATH from git)."),
    "rules.show.format": ("输出格式：md | html | docx", "Output format: md | html | docx."),
    "rules.show.output": ("写入此文件（默认标准输出）", "Write here (default: stdout)."),
    "rules.diff": (
        "规则文件两个版本含义上的差别（修订对照表）：相同退出码 0，不同 1，输入有误 2。"
        "注释、排版和键的顺序不算修订。",
        "What changed in meaning between two versions of a rules file (修订对照表): "
        "exit 0 same, 1 different, 2 bad input. Comments, layout and key order are "
        "no change.",
    ),
    "rules.diff.old": (
        "原规则：文件，或 git 中的 REV:PATH",
        "The old rules: a file, or REV:PATH from git.",
    ),
    "rules.diff.new": ("修订后的规则文件（或 REV:PATH）", "The new rules file (or REV:PATH)."),
    "rules.diff.format": (
        "输出格式：text | md | json | docx",
        "Output format: text | md | json | docx.",
    ),
    "rules.diff.output": ("写入此文件（默认标准输出）", "Write here (default: stdout)."),
    "rules.diff.record": (
        "与该会议召开时所依据的规则比较（只给一个规则文件）",
        "Compare FILE with the rules this meeting was held under.",
    ),
    "rules.new": (
        "由样例新建一个机构的规则文件。在终端上询问选项未给出的内容；否则不询问，沿用样例的值。"
        "通过 rules check 才写入。",
        "Start a body's rules from a sample. Asks for what no option gave when stdin "
        "is a terminal; otherwise asks nothing and keeps the sample's values. The file "
        "is written only if it passes `rules check`.",
    ),
    "rules.new.output": ("要新建的规则文件", "The rules file to create."),
    "rules.new.sample": (
        "样例名或路径（见 yishi rules samples）",
        "A sample (see `yishi rules samples`): name or path.",
    ),
    "rules.new.body_id": ("机构标识（小写字母、数字、-）", "Body id (ascii slug)."),
    "rules.new.name": ("机构全称", "Body name."),
    "rules.new.short": ("简称（用于纪要编号）", "Short name (used in minutes numbers)."),
    "rules.new.member": (
        "成员 id:姓名:排序:角色,角色（可重复；替换样例的成员）",
        "A member id:姓名:rank:role,role (repeat; replaces the sample's).",
    ),
    "rules.new.type_ids": (
        "保留样例中的此会议类型（可重复；默认全部）",
        "A meeting type of the sample to keep (repeat; default all).",
    ),
    "rules.new.force": ("覆盖已有文件", "Overwrite FILE."),
    "rules.schema": (
        "输出规则文件的 JSON Schema（供编辑器 taplo 的 #:schema 和 CI 使用）。",
        "Print the JSON Schema of rule files (for editors: `#:schema` in taplo, and CI).",
    ),
    "rules.samples": (
        "列出随 yishi 提供的示例规则文件（每个范本机构一个），或复制出来。",
        "List the sample rules files shipped with yishi (one per seed body), or copy them.",
    ),
    "rules.samples.copy": ("复制到此目录", "Copy them into this directory."),
    # --- keys
    "key": (
        "本机构的 Ed25519 签名密钥，以及本机信任的密钥。",
        "The office's Ed25519 signing key and the keys this machine trusts.",
    ),
    "key.show": (
        "显示本机构公钥（首次使用时生成）和所有受信任的密钥；最后一行单独输出公钥。",
        "Print this office's public key (made on first use) and every trusted key; "
        "the public key alone on the last line.",
    ),
    "key.trust": (
        "信任另一机构的公钥：用它签名的记录可在本机验证。",
        "Trust another office's public key: records signed with it verify here.",
    ),
    "key.trust.key": (
        "公钥：ed25519:BASE64（来自 key show）",
        "A public key: ed25519:BASE64 (from key show).",
    ),
    "key.trust.name": ("密钥所属（备注）", "Whose key it is (a note)."),
    "key.rotate": (
        "更换本机构密钥；旧密钥签名的记录仍可验证。",
        "Replace the office key; what the old one signed still verifies.",
    ),
    # --- fidelity to the seeds (issue 10): late arrival, change of chair, 会后转告 ...
    "attend.from_item": (
        "迟到：自第 N 项议题起到会（此前各项仍按原出席情况）",
        "Arrived late: present from item N on.",
    ),
    "absent.opinion": ("提交的书面发言（民主生活会）", "Written statement handed in (书面发言)."),
    "guest.item": ("只列席该项议题（可重复）", "列席 for this item only (repeatable)."),
    "chair": (
        "主持人变更：自第 N 项议题起由该成员主持（并在这些议题上末位表态）。",
        "主持人变更: MEMBER chairs from item N on (and speaks last on those items).",
    ),
    "chair.member": ("接任主持的成员", "The member who takes the chair."),
    "chair.from_item": ("自第 N 项议题起主持", "Chairs from item N on."),
    "brief": (
        "会后转告：记录已向未出席的成员转告会议情况。",
        "会后转告: MEMBER, who did not attend, was briefed on the meeting afterwards.",
    ),
    "brief.member": ("被转告的成员（请假或缺席者）", "The member briefed (on leave or absent)."),
    "brief.by": ("转告人（主持人或其委托的同志）", "Who briefed (主持人或其委托的同志)."),
    "brief.date": ("转告日期 YYYY-MM-DD", "Date of the briefing, YYYY-MM-DD."),
    "brief.text": ("转告内容摘要", "What was passed on, in short."),
    "decide.candidate": (
        "只对该人选作出决定（逐个表决、缓议）",
        "The decision on this candidate (逐个表决, 缓议).",
    ),
    "decide.rejected": ("未通过", "未通过: the item (or candidate) is rejected."),
    "reconsider.candidate": (
        "只复议该人选，其他人选结果不变",
        "Re-open this candidate only; the others keep their results.",
    ),
    "item.add.category": (
        "支出类别（如 固定资产），与事项类别的 categories 匹配",
        "Spending category (e.g. 固定资产), matched against a kind's categories.",
    ),
    "item.add.reconsiders": (
        "复议以前会议的决定：会议编号:议题编号",
        "复议 of an earlier meeting's item: MEETING_ID:N.",
    ),
    # --- after the meeting: 纪要 review, 督办 (docs/follow-up.md)
    "review": (
        "纪要审阅：记录某成员已审阅纪要草稿（会议结束后、签发前；规则 minutes_review）。",
        "纪要审阅: record that a member reviewed the draft minutes (before 签发).",
    ),
    "review.member": ("审阅纪要的成员", "The member who reviewed the draft 纪要."),
    "review.comment": ("审阅意见", "Their comment (意见)."),
    "review.meeting_id": (
        "会议编号或其唯一前缀（默认：当前会议）",
        "Meeting id or unique prefix (default: the current meeting).",
    ),
    "task": (
        "督办：决定事项的督办（立项、进展、办结、重新打开、查看）。",
        "督办: follow-up tasks of decisions (add, update, done, reopen, show).",
    ),
    "task.add": (
        "将第 N 项议题的决定立为督办事项；最后一行单独输出督办编号。",
        "Turn item N's decision into a 督办 task; print its id alone on the last line.",
    ),
    "task.add.item": ("其决定需要督办的议题编号", "Item number whose decision is followed up."),
    "task.add.owner": ("承办单位", "承办单位: the unit that carries it out."),
    "task.add.due": ("办理时限 YYYY-MM-DD", "办理时限 YYYY-MM-DD."),
    "task.add.lead": ("牵头领导（成员）", "牵头领导 (a member)."),
    "task.add.text": ("督办要求（默认：决定内容）", "What is asked (default: the decision)."),
    "task.add.candidate": ("人选（逐个表决的议题）", "The candidate, on a per-candidate item."),
    "task.add.meeting_id": (
        "会议编号或其唯一前缀（默认：当前会议）",
        "Meeting id or unique prefix (default: the current meeting).",
    ),
    "task.update": (
        "记录督办事项的进展，或调整办理时限、承办单位、牵头领导。",
        "Record progress on a task, or change its due date, owner or lead.",
    ),
    "*.task": ("督办编号（2024-007，或 机构/2024-007）", "Task id (2024-007, or BODY/2024-007)."),
    "task.update.note": ("进展情况", "Progress (进展情况)."),
    "task.update.due": ("新的办理时限（延期）", "A new due date (延期)."),
    "task.update.owner": ("新的承办单位", "A new 承办单位."),
    "task.update.lead": ("新的牵头领导", "A new 牵头领导."),
    "task.done": ("办结：将督办事项标记为已办结。", "办结: mark a task done."),
    "task.done.note": ("办理情况", "How it was done."),
    "task.done.on": (
        "办结日期 YYYY-MM-DD（默认今天）",
        "When it was done, YYYY-MM-DD (default today).",
    ),
    "task.reopen": ("重新打开已办结的督办事项。", "Reopen a task marked done."),
    "task.reopen.note": ("重新打开的原因", "Why it is reopened."),
    "task.show": ("查看督办事项及其全部记录。", "A task and its history."),
    "tasks": (
        "督办清单：有逾期事项时退出码为 1（--format md/html/docx 生成督办通知单）。",
        "督办 list: exit 1 when any listed task is overdue (md/html/docx: 督办通知单).",
    ),
    "tasks.overdue": ("只列逾期事项", "Only overdue tasks."),
    "tasks.open_": ("只列未办结事项", "Only tasks not done."),
    "tasks.owner": ("只列该承办单位的事项", "Only this 承办单位."),
    "tasks.year": ("只列该年度会议的事项", "Only tasks of this year's meetings."),
    "tasks.body": ("只列该机构（id）的事项", "Only this body id."),
    "tasks.meeting_id": ("只列该会议的事项", "Only tasks of this meeting."),
    "tasks.soon": (
        "N 天内到期记为即将到期（默认：规则 follow_up.due_soon_days，否则 7）",
        "Due within N days counts as due soon (default: the rules' "
        "follow_up.due_soon_days, else 7).",
    ),
    "tasks.format": (
        "text | json | md | html | docx（md/html/docx：督办通知单）",
        "text | json | md | html | docx (md/html/docx: 督办通知单).",
    ),
    "tasks.output": (
        "输出到文件（默认：标准输出；docx 须指定 -o）",
        "Write here (default: stdout; docx needs -o).",
    ),
    "tasks.verify": (
        "核对督办日志是否被手工改动（有改动时退出码为 1 并指明）",
        "Check the task logs for hand edits (exit 1 naming them).",
    ),
    # --- before the meeting (docs/before.md)
    "plan": (
        "筹备会议：新建一次筹备中（planned）的会议并设为当前会议，先议题申报、审定、通知，再 open；"
        "最后一行单独输出会议编号。",
        "Plan a meeting (议题申报 → 审定 → 通知 come first); print its id on the last line.",
    ),
    "plan.rules_file": ("本机构的议事规则文件（TOML）", "The body's rules file (TOML)."),
    "plan.type": (
        "会议类型（规则文件 meeting_types 中的 id）",
        "Meeting type id (from the rules' meeting_types).",
    ),
    "plan.date": ("会议日期 YYYY-MM-DD", "Date of the meeting, YYYY-MM-DD."),
    "plan.time": ("开始时间 HH:MM", "Start time, HH:MM."),
    "plan.place": ("会议地点", "Where the meeting is held."),
    "plan.title": ("会议名称（默认按机构和会议类型）", "Title (default: from the body and type)."),
    "plan.chair": (
        "主持人（默认：规则规定的主持人）",
        "Chair, a member (default: the rules' chair).",
    ),
    "plan.recorder": ("记录人", "Who takes the record (记录人)."),
    "plan.contact": (
        "会议通知上的联系人（默认：规则的 contact）",
        "联系人 on the notice (default: the rules' contact).",
    ),
    "item.add.by": ("议题申报单位", "议题申报: the proposing unit."),
    "item.add.submitted": (
        "申报日期 YYYY-MM-DD（筹备中的会议默认今天）",
        "申报 date (default today on a planned meeting).",
    ),
    "item.add.done": (
        "已完成的前置程序，如 合法性审查（可重复或用逗号分隔）",
        "A prerequisite done, e.g. 合法性审查 (repeatable or comma-separated).",
    ),
    "item.add.materials": ("会议材料", "The materials."),
    "item.approve": (
        "审定：把申报的议题列入筹备中会议的议程（前置程序未完成的发出警告，check 报告）。",
        "审定: put proposed items on the agenda of the planned meeting (warns "
        "about prerequisites not done; check reports them).",
    ),
    "item.approve.numbers": ("议题编号（1 2 3 或 1,2,3）", "Item numbers (1 2 3 or 1,2,3)."),
    "item.withdraw": (
        "撤回筹备中会议的申报议题（编号不再使用）。",
        "Withdraw a proposed item from the planned meeting (its number is not reused).",
    ),
    "item.withdraw.number": ("议题编号", "Item number."),
    "item.prereq": (
        "记录议题的前置程序已完成（item_kinds.X.prerequisites）。",
        "Record prerequisites of an item as done (item_kinds.X.prerequisites).",
    ),
    "item.prereq.number": ("议题编号", "Item number."),
    "item.prereq.done": (
        "已完成的前置程序，如 调研论证 合法性审查",
        "Prerequisites now done, e.g. 调研论证 合法性审查.",
    ),
    "notice": (
        "生成会议通知（或签到表），并记录通知发出日期。",
        "Render the 会议通知 (or the 签到表) and record when the notice went out.",
    ),
    "notice.format": ("格式：md、html 或 docx", "md | html | docx"),
    "notice.output": ("输出文件（docx 必须）", "Output file (needed for docx)."),
    "notice.sent": ("记录通知于 YYYY-MM-DD 发出", "Record that the notice went out on YYYY-MM-DD."),
    "notice.sign_in": (
        "生成签到表而不是会议通知",
        "The 签到表 (sign-in sheet) instead of the notice.",
    ),
    "notice.template": ("自定义模板文件", "A user template."),
    "reported": (
        "记录规则 reports 中的报告已报送；已签发（封存）的会议记入本机构的督办日志（签名、链式），"
        "封存仍可核验。",
        "Record that a report the rules ask for (reports = [...]) was sent. On an "
        "issued (sealed) meeting it goes to the body's signed follow-up log, so the "
        "seal still verifies.",
    ),
    "reported.name": (
        "报告名称（规则 reports 中的 name）",
        "The report (a name in the rules' reports).",
    ),
    "reported.date": ("报送日期（默认今天）", "Sent on (default: today)."),
    "due": (
        "列出各机构到期和逾期的事项（通知、议题申报、报告）；有逾期时退出码为 1。",
        "What is due or overdue across meetings and bodies (notices, proposals, reports); "
        "exit 1 when something is overdue.",
    ),
    "due.body": ("只看这个机构", "Only this body."),
    "due.within": (
        "N 天内到期的（逾期的总会列出）",
        "Due within N days (overdue ones are always listed).",
    ),
    "due.format": ("格式：text 或 json", "text | json"),
}

METAVARS: dict[str, str] = {
    "yishi.lang": "zh|en",
    "yishi.records": "DIR",
    "*.records": "DIR",
    "*.meeting_id": "MEETING_ID",
    "open.rules_file": "RULES",
    "open.date": "YYYY-MM-DD",
    "open.time": "HH:MM",
    "open.chair": "MEMBER",
    "open.notice_sent": "YYYY-MM-DD",
    "open.notified": "ORG",
    "attend.members": "MEMBER...",
    "absent.members": "MEMBER...",
    "list.year": "YYYY",
    "depart.after": "N",
    "recuse.item": "N",
    "notified.item": "N",
    "opinion.item": "N",
    "opinion.position": "POSITION",
    "opinion.candidate": "NAME",
    "vote.items": "N[,N]",
    "vote.candidate": "NAME",
    "vote.yes": "NAMES|N",
    "vote.no": "NAMES|N",
    "vote.abstain": "NAMES|N",
    "decide.item": "N",
    "reconsider.item": "N",
    "reconsider.yes": "NAMES",
    "set.time": "HH:MM",
    "set.chair": "MEMBER",
    "set.notice_sent": "YYYY-MM-DD",
    "item.add.amount": "AMOUNT",
    "item.add.presenter": "MEMBER",
    "item.add.candidate": "NAME",
    "item.add.materials_sent": "YYYY-MM-DD",
    "item.add.notified": "ORG",
    "fix.entry": "N",
    "fix.command": "COMMAND...",
    "render.output": "PATH",
    "batch.output": "DIR",
    "report.output": "PATH",
    "batch.year": "YYYY",
    "report.year": "YYYY",
    "check.year": "YYYY",
    "issue.date": "YYYY-MM-DD",
    "amend.args": "[MEETING_ID] TEXT",
    "rules.check.files": "FILE...",
    "rules.samples.copy": "DIR",
    "review.member": "MEMBER",
    "task.add.item": "N",
    "task.add.owner": "UNIT",
    "task.add.due": "YYYY-MM-DD",
    "task.add.lead": "MEMBER",
    "*.task": "TASK",
    "task.update.due": "YYYY-MM-DD",
    "task.update.owner": "UNIT",
    "task.update.lead": "MEMBER",
    "task.done.on": "YYYY-MM-DD",
    "tasks.owner": "UNIT",
    "tasks.year": "YYYY",
    "tasks.soon": "DAYS",
    "tasks.output": "PATH",
    "rules.show.file": "FILE",
    "rules.show.output": "PATH",
    "rules.diff.old": "OLD",
    "rules.diff.new": "NEW",
    "rules.diff.output": "PATH",
    "rules.diff.record": "MEETING_ID",
    "rules.new.output": "FILE",
    "rules.new.sample": "SAMPLE",
    "rules.new.body_id": "ID",
    "rules.new.member": "ID:NAME:RANK:ROLES",
    "rules.new.type_ids": "TYPE",
}

EXAMPLES: dict[str, list[str]] = {
    "open": [
        "yishi open rules/office.toml --type party_group --date 2024-03-05 --time 09:00 "
        "--place 三楼会议室 --recorder 周敏"
    ],
    "attend": ["yishi attend 张伟 王丽 李军", "yishi attend zhang,wang"],
    "leave": ["yishi leave 赵敏 --reason 出差 --opinion 同意"],
    "absent": ["yishi absent 刘洋 --reason 未请假"],
    "depart": ["yishi depart 陈刚 --after 2"],
    "guest": ["yishi guest 孙强 --role 人事科科长"],
    "item.add": [
        'yishi item add "关于购置办公设备的请示" --kind general --amount 18.6万 --area finance',
        'yishi item add "干部任免" --kind personnel --candidate 甲某 --candidate 乙某',
    ],
    "recuse": ["yishi recuse 李军 --item 3 --reason 亲属关系"],
    "opinion": [
        "yishi opinion 1 刘洋 agree",
        "yishi opinion 3 王丽 agree --candidate 甲某",
        'yishi opinion 1 赵敏 --text "建议压缩预算"',
    ],
    "vote": [
        "yishi vote 1 --method hands --yes 张伟,王丽,李军 --no 刘洋",
        "yishi vote 3 --method secret --candidate 甲某 --yes 5 --no 1 --abstain 0",
    ],
    "decide": [
        'yishi decide 1 "同意购置，由办公室按规定组织采购"',
        "yishi decide 2 --defer",
        "yishi decide 3 --candidate 乙某 --defer",
        'yishi decide 4 "未通过" --rejected',
        'yishi decide 1 "同意购置，控制在 18 万元以内" --replace',
    ],
    "reconsider": [
        "yishi reconsider 2 --yes 张伟,王丽,李军,刘洋,陈刚",
        "yishi reconsider 3 --candidate 乙某 --yes 张伟,王丽,李军,刘洋",
    ],
    "chair": ["yishi chair 王丽 --from-item 3"],
    "brief": ["yishi brief 赵敏 --by 王丽 --date 2024-03-06"],
    "notified": ["yishi notified 派驻纪检监察组 --item 3"],
    "set": ["yishi set --place 五楼会议室 --time 14:30"],
    "log": ["yishi log"],
    "fix": ["yishi fix 12 opinion 1 李军 agree", 'yishi fix 7 decide 1 "同意"'],
    "render": ["yishi render --format docx -o 纪要/2024/第3号.docx"],
    "review": ['yishi review 韩雪 --comment "建议补充资金来源"'],
    "task.add": ["yishi task add 2 --owner 机关服务中心 --lead 韩雪 --due 2024-04-30"],
    "task.update": [
        'yishi task update 2024-001 --note "方案已报批"',
        "yishi task update 2024-001 --due 2024-05-31",
    ],
    "task.done": ['yishi task done 2024-001 --note "已完工验收"'],
    "tasks": ["yishi tasks --overdue", "yishi tasks --year 2024 --format docx -o 督办通知单.docx"],
    "rules.check": [
        "yishi rules check rules/",
        "yishi rules check --format sarif rules/ > rules.sarif",
    ],
    "rules.show": ["yishi rules show rules/office.toml --format docx -o 议事规则.docx"],
    "rules.diff": [
        "yishi rules diff origin/main:rules/office.toml rules/office.toml --format md",
        "yishi rules diff --record 2024-03-05-party_group rules/office.toml",
    ],
    "rules.new": [
        "yishi rules new --from hlj-jiguan-party-group -o rules/mine.toml --id my-bureau "
        '--name 中共某某局党组 --short 某局党组 --member "wang:王一:1:secretary"'
    ],
}

MESSAGES: dict[str, tuple[str, str]] = {
    # help layout
    "help.usage": ("用法：", "Usage:"),
    "help.options_word": ("[选项]", "[OPTIONS]"),
    "help.command_word": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "help.arguments": ("参数", "Arguments"),
    "help.options": ("选项", "Options"),
    "help.commands": ("命令", "Commands"),
    "help.examples": ("示例", "Examples"),
    "help.required": ("必填", "required"),
    "help.default": ("默认：{value}", "default: {value}"),
    "help.repeatable": ("可重复", "repeatable"),
    "help.env": ("环境变量：{name}", "env var: {name}"),
    "help.try": ("运行“{command} -h”查看帮助。", "Try '{command} -h' for help."),
    "help.error": ("错误：", "Error: "),
    "help.aborted": ("已中止。", "Aborted!"),
    # click's and typer's own usage errors
    "usage.no_command": ("没有命令“{name}”。", "No such command '{name}'."),
    "usage.did_you_mean": ("是否想用 {names}？", "Did you mean {names}?"),
    "usage.no_option": ("没有选项 {name}。", "No such option: {name}."),
    "usage.possible": ("（可用的选项：{names}）", "(Possible options: {names})"),
    "usage.missing_option": ("缺少选项 {name}。", "Missing option {name}."),
    "usage.missing_argument": ("缺少参数 {name}。", "Missing argument {name}."),
    "usage.missing_command": ("缺少命令。", "Missing command."),
    "usage.needs_value": ("选项 {name} 需要一个值。", "Option {name} requires an argument."),
    "usage.needs_values": (
        "选项 {name} 需要 {count} 个值。",
        "Option {name} requires {count} arguments.",
    ),
    "usage.no_value": ("选项 {name} 不接受值。", "Option {name} does not take a value."),
    "usage.extra": ("多余的参数：{args}", "Got unexpected extra argument(s): {args}"),
    "usage.invalid": ("{name} 的值无效：{detail}", "Invalid value for {name}: {detail}"),
    "usage.not_int": ("应为整数", "expected a whole number"),
    "usage.not_value": ("“{value}”不是有效的 {kind}", "'{value}' is not a valid {kind}"),
    "usage.not_one_of": ("“{value}”不是以下之一：{choices}", "'{value}' is not one of {choices}"),
    "usage.no_closing_quotation": ("引号未闭合", "No closing quotation"),
    "usage.no_escaped": ("行尾的反斜杠后缺少字符", "No escaped character"),
}
