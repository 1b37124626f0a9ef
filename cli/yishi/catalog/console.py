"""Messages of the secretary's console: amounts, languages, the shell, log and fix."""

MESSAGES = {
    "amount.invalid": (
        "金额“{value}”无效：请写元为单位的十进制数，可带千位逗号、“万”“亿”或“元”，"
        "如 800、186,000、186000元、18.6万、8.5万元（不接受科学计数法、分数和负数）",
        "invalid amount '{value}': write a decimal number of yuan, with optional thousands "
        "commas, 万 / 亿 or 元, e.g. 800, 186,000, 186000元, 18.6万, 8.5万元 (no exponents, "
        "fractions or negative amounts)",
    ),
    "amount.too_long": (
        "金额“{value}”过长（最多 {limit} 个字符）",
        "amount '{value}' is too long (at most {limit} characters)",
    ),
    "amount.too_large": (
        "金额“{value}”过大（须小于 10^15 元）",
        "amount '{value}' is too large (must be below 10^15 yuan)",
    ),
    "amount.below_fen": (
        "金额“{value}”精确到分以下，请至多写到分（两位小数）",
        "amount '{value}' is finer than a fen: at most 2 decimals of yuan",
    ),
    "lang.bad_env": (
        "环境变量 YISHI_LANG 只能是 zh 或 en，而不是“{value}”",
        "YISHI_LANG must be zh or en, not '{value}'",
    ),
    "lang.bad": (
        "--lang 只接受 zh 或 en，而不是“{value}”",
        "--lang accepts zh or en only, not '{value}'",
    ),
    "log.title": (
        "会议 {id}：日志 {count} 条（fix N 更正第 N 条）",
        "meeting {id}: {count} log entries (fix N corrects entry N)",
    ),
    "log.fixed": ("（已更正，见第 {by} 条）", "(fixed by entry {by})"),
    "log.undone": ("（已撤销）", "(undone)"),
    "log.fix_of": ("（更正第 {n} 条）", "(fixes entry {n})"),
    "fix.done": (
        "已更正第 {n} 条日志，其后各条均重新校验通过；yishi undo 可撤销此次更正",
        "entry {n} fixed; every later entry still fits; `yishi undo` reverts the fix",
    ),
    "fix.no_entry": (
        "没有第 {n} 条日志（最后一条是第 {last} 条；见 yishi log）",
        "no log entry {n} (the last is {last}; see `yishi log`)",
    ),
    "fix.not_fixable": (
        "第 {n} 条（{op}）不能更正：散会、签发、更正和撤销请用 undo 或 amend",
        "entry {n} ({op}) cannot be fixed: close, issue, amend and undo "
        "entries are reverted with undo or corrected with amend",
    ),
    "fix.undone": ("第 {n} 条已被撤销，无需更正", "entry {n} was undone: nothing to fix"),
    "fix.one_change": ("一次更正只能替换一条日志", "a fix replaces exactly one entry"),
    "fix.nothing": ("更正后的命令没有要记录的内容", "the corrected command records nothing"),
    "fix.not_recording": (
        "“{command}”不是记录命令：fix 后面应是更正后的记录命令，如 fix 12 opinion 1 李军 agree",
        "'{command}' is not a recording command: give the corrected command "
        "after the number, e.g. fix 12 opinion 1 li agree",
    ),
    "fix.later_invalid": (
        "更正被拒绝，未写入：更正后第 {n} 条（{cmd}）不再成立：{error}",
        "fix refused, nothing written: later entry {n} ({cmd}) no longer fits: {error}",
    ),
    "attend.nothing": (
        "{names} 已登记出席，未作改动（不记入日志）",
        "{names} already present: nothing changed (not logged)",
    ),
    "decide.already": (
        "第 {number} 项议题已有决定“{text}”；如要替换，请加 --replace",
        "item {number} already has a decision ('{text}'); add --replace to replace it",
    ),
}
