"""Messages of minutes: issue, numbering, render, templates, seal/verify, amend, batch,
the annual report."""

MESSAGES = {
    "resources.missing": (
        "找不到随附数据 {name}（安装不完整？）",
        "packaged data {name} not found (incomplete install?)",
    ),
    # numbering and issue
    "number.bad_format": (
        "编号格式“{format}”无法使用：{error}",
        "number format '{format}' cannot be used: {error}",
    ),
    "issue.already": (
        "会议 {id} 已签发（{number}），编号不会改变",
        "meeting {id} is already issued ({number}); its number never changes",
    ),
    "issue.refused": (
        "会议 {id} 的规则检查有 {count} 个错误，未签发（核实后可用 --force 强制签发，强制签发会记入记录）：",
        "meeting {id} has {count} check error(s); not issued (after review, --force issues it anyway and the record says so):",
    ),
    "issue.forced": (
        "强制签发：规则检查有 {count} 个错误（{codes}），已记入记录",
        "issued with --force despite {count} check error(s) ({codes}); this is logged in the record",
    ),
    "issue.done": (
        "已签发：{number}（会议 {id}，封存摘要 {digest}）",
        "issued: {number} (meeting {id}, seal digest {digest})",
    ),
    # render
    "render.bad_copy": (
        "--copy 取值“{value}”无效，可选：{allowed}",
        "invalid --copy '{value}', allowed: {allowed}",
    ),
    "render.no_template": (
        "模板“{path}”不存在（内置模板：{builtin}）",
        "template '{path}' not found (built-in templates: {builtin})",
    ),
    "render.format_mismatch": (
        "模板 {path} 与格式 {format} 不符（Word 格式须用 .docx 模板）",
        "template {path} does not fit format {format} (docx needs a .docx template)",
    ),
    "render.unreadable": ("无法读取模板 {path}：{error}", "cannot read template {path}: {error}"),
    "render.docx_needs_output": ("Word 格式须用 -o 指定输出文件", "docx output needs -o FILE"),
    "render.symlink": (
        "输出路径 {path} 是符号链接，拒绝写入",
        "output path {path} is a symbolic link; refusing to write through it",
    ),
    "render.not_a_file": (
        "输出路径 {path} 已存在且不是普通文件",
        "output path {path} exists and is not a regular file",
    ),
    "render.write_failed": ("写入 {path} 失败：{error}", "writing {path} failed: {error}"),
    "render.written": ("已生成：{path}", "written: {path}"),
    # templates
    "template.syntax": (
        "模板语法错误：{name} 第 {line} 行：{error}",
        "template syntax error: {name} line {line}: {error}",
    ),
    "template.unsafe": (
        "模板 {name} 试图进行不安全的访问，已拒绝：{error}",
        "template {name} attempted unsafe access and was refused: {error}",
    ),
    "template.undefined": (
        "模板 {name} 使用了未定义的变量：{error}",
        "template {name} uses an undefined variable: {error}",
    ),
    "template.not_found": (
        "模板 {name} 引用的模板不存在：{error}",
        "template {name} includes a missing template: {error}",
    ),
    "template.timeout": (
        "模板 {name} 运行超过 {seconds} 秒，已中止",
        "template {name} ran for more than {seconds} s and was stopped",
    ),
    "template.too_big": (
        "模板 {name} 的循环或数值过大，已中止：{error}",
        "template {name} asked for too large a loop or value and was stopped: {error}",
    ),
    "template.too_large": (
        "模板 {name} 输出超过 {limit} 个字符，已中止",
        "template {name} produced more than {limit} characters and was stopped",
    ),
    "template.failed": ("模板 {name} 渲染失败：{error}", "template {name} failed: {error}"),
    # seal and verify
    "verify.ok": (
        "已封存，未改动：{number}（第 {generation} 次封存，摘要 {digest}）",
        "sealed and unchanged: {number} (seal generation {generation}, digest {digest})",
    ),
    "verify.unsealed": (
        "会议 {id} 尚未签发，没有封存可核验",
        "meeting {id} is not issued: there is no seal to verify",
    ),
    "verify.missing": (
        "会议 {id} 标为已签发，但封存信息（[seal]）缺失",
        "meeting {id} is marked issued but its seal ([seal]) is missing",
    ),
    "verify.changed": (
        "会议 {id}（{number}）封存后被改动：",
        "meeting {id} ({number}) changed after sealing:",
    ),
    "verify.unreadable": (
        "会议 {id} 的记录无法读取，封存后被改动：{error}",
        "the record of meeting {id} no longer reads; it changed after sealing: {error}",
    ),
    "verify.header_changed": ("会议信息字段“{field}”被修改", "header field '{field}' was edited"),
    "verify.header_added": ("会议信息新增了字段“{field}”", "header field '{field}' was added"),
    "verify.header_removed": ("会议信息字段“{field}”被删除", "header field '{field}' was removed"),
    "verify.rules_changed": (
        "规则快照的“{field}”被修改",
        "the rules snapshot's '{field}' was edited",
    ),
    "verify.rules_added": ("规则快照新增了“{field}”", "'{field}' was added to the rules snapshot"),
    "verify.rules_removed": (
        "规则快照的“{field}”被删除",
        "'{field}' was removed from the rules snapshot",
    ),
    "verify.other_changed": ("记录的“{field}”被修改", "top-level '{field}' was edited"),
    "verify.other_added": ("记录新增了“{field}”", "top-level '{field}' was added"),
    "verify.other_removed": ("记录的“{field}”被删除", "top-level '{field}' was removed"),
    "verify.log_edited": ("日志第 {n} 条（{op}）被修改", "log entry {n} ({op}) was edited"),
    "verify.log_removed": ("日志第 {n} 条被删除", "log entry {n} was removed"),
    "verify.log_truncated": (
        "日志在第 {after} 条之后被截断（少了 {count} 条）",
        "the log was truncated after entry {after} ({count} entries missing)",
    ),
    "verify.log_reordered": (
        "日志顺序被改动：第 {n} 条移到了第 {other} 条之前",
        "the log was reordered: entry {n} now comes before entry {other}",
    ),
    "verify.log_added": (
        "封存后未经 amend 新增了日志第 {n} 条（{op}）",
        "log entry {n} ({op}) was added after sealing without amend",
    ),
    "verify.seal_malformed": ("封存信息（[seal]）格式已损坏", "the seal ([seal]) is malformed"),
    "verify.seal_edited": ("封存信息（[seal]）本身被改动", "the seal ([seal]) itself was edited"),
    "verify.seal_other": (
        "记录与封存摘要不符（封存信息本身或其他部分被改动）",
        "the record does not match its seal digest (the seal itself or another part was edited)",
    ),
    "verify.history_malformed": (
        "第 {generation} 次封存的历史信息已损坏",
        "the history of seal generation {generation} is malformed",
    ),
    "verify.history_other": (
        "与第 {generation} 次封存的摘要不符",
        "no longer matches seal generation {generation}",
    ),
    "verify.generation": ("（第 {generation} 次封存）", " (seal generation {generation})"),
    "verify.summary": (
        "核验 {total} 份记录：{ok} 份未改动，{changed} 份有改动，{unsealed} 份未封存",
        "verified {total} record(s): {ok} unchanged, {changed} changed, {unsealed} not sealed",
    ),
    # amend
    "amend.seal_broken": (
        "会议 {id} 封存后已被改动，不能更正（先用 yishi verify 查明）",
        "meeting {id} changed after sealing; no amendment until that is resolved (see yishi verify)",
    ),
    "amend.done": (
        "已记录更正（第 {generation} 次封存）：{text}",
        "amendment recorded (seal generation {generation}): {text}",
    ),
    "amend.follow_up_done": (
        "已记录落实情况（第 {generation} 次封存）：{text}",
        "follow-up recorded (seal generation {generation}): {text}",
    ),
    "amend.usage": ("用法：yishi amend [会议编号] 文字", "usage: yishi amend [MEETING_ID] TEXT"),
    # batch
    "batch.numbered": ("编号：{id} → {number}", "numbered: {id} -> {number}"),
    "batch.forced": (
        "注意：{id} 规则检查有 {count} 个错误（{codes}），按批量编号签发并记入记录",
        "note: {id} has {count} check error(s) ({codes}); issued by batch and logged as forced",
    ),
    "batch.done": (
        "{year} 年：新编号 {numbered} 份，生成 {files} 个文件于 {dir}",
        "{year}: {numbered} newly numbered, {files} file(s) written to {dir}",
    ),
    "batch.none": ("{year} 年没有已编号或待编号的会议", "no numbered or closed meetings in {year}"),
    "batch.open": (
        "{count} 个会议尚未结束，未编号：{ids}",
        "{count} meeting(s) still open, not numbered: {ids}",
    ),
    "batch.progress": ("生成纪要", "rendering"),
    "batch.bad_jobs": ("--jobs 须为 1 到 64 之间的整数", "--jobs must be between 1 and 64"),
    "batch.failed": ("{id} 生成失败：{error}", "{id} failed: {error}"),
    # annual report
    "report.title": ("{year}年度议事情况报告", "Annual report {year}"),
    "report.body": ("{name}（{id}）", "{name} ({id})"),
    "report.meetings": ("会议召开情况", "Meetings held"),
    "report.col_type": ("会议类型", "meeting type"),
    "report.col_held": ("已召开", "held"),
    "report.col_open": ("进行中", "open"),
    "report.col_required": ("规定", "required"),
    "report.col_status": ("情况", "status"),
    "report.freq": (
        "每{per}至少{min}次，全年{total}次",
        "at least {min} per {per}, {total} a year",
    ),
    "report.per.month": ("月", "month"),
    "report.per.quarter": ("季度", "quarter"),
    "report.per.half_year": ("半年", "half year"),
    "report.per.year": ("年", "year"),
    "report.freq_none": ("未规定", "none set"),
    "report.freq_ok": ("达到", "met"),
    "report.freq_short": ("不足：{periods}", "short: {periods}"),
    "report.numbers": ("纪要编号", "Minutes numbers"),
    "report.col_issued": ("已签发", "issued"),
    "report.col_range": ("编号", "numbers"),
    "report.col_gaps": ("空号", "gaps"),
    "report.col_forced": ("强制签发", "forced"),
    "report.kinds": ("议题分类", "Items by kind"),
    "report.col_kind": ("类别", "kind"),
    "report.col_items": ("议题数", "items"),
    "report.col_passed": ("通过", "passed"),
    "report.col_rejected": ("未通过", "rejected"),
    "report.col_deferred": ("暂缓", "deferred"),
    "report.col_invalid": ("无效", "invalid"),
    "report.major": (
        "“三重一大”事项合计：{count} 项",
        "三重一大 (major decisions, appointments, projects, large funds): {count} item(s)",
    ),
    "report.findings": ("规则检查问题", "Check findings"),
    "report.col_code": ("代码", "code"),
    "report.col_severity": ("级别", "severity"),
    "report.col_count": ("次数", "count"),
    "report.col_meetings": ("涉及会议", "meetings"),
    "report.pending": ("未记录落实情况的决定事项", "Decisions without recorded follow-up"),
    "report.col_meeting": ("会议", "meeting"),
    "report.col_item": ("议题", "item"),
    "report.col_decision": ("决定", "decision"),
    "report.none": ("无", "none"),
    "report.severity.error": ("错误", "error"),
    "report.severity.warning": ("警告", "warning"),
    "report.empty": ("{year} 年没有会议记录", "no meetings recorded in {year}"),
}
