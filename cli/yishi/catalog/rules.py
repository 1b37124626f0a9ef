"""Messages of the rules loader and `yishi rules check`."""

MESSAGES = {
    "rules.invalid": (
        "规则文件 {path} 有 {count} 处错误，未予使用：",
        "rules file {path} cannot be used: {count} error(s):",
    ),
    "rules.type": ("类型错误：应为{expected_zh}，实为 {got}", "expected {expected}, got {got}"),
    "rules.enum": (
        "取值“{value}”无效，可选：{allowed}{hint}",
        "invalid value '{value}', allowed: {allowed}{hint}",
    ),
    "rules.empty_string": ("不能为空字符串", "must not be an empty string"),
    "rules.too_long": (
        "字符串过长（最多 {max} 字符）",
        "string too long (at most {max} characters)",
    ),
    "rules.pattern": (
        "“{value}”格式不符（须为小写字母、数字、-、_）",
        "'{value}' is not a valid id (lowercase ascii letters, digits, - and _)",
    ),
    "rules.range": (
        "数值 {value} 超出范围 [{min}, {max}]",
        "value {value} out of range [{min}, {max}]",
    ),
    "rules.amount": ("金额须为正数：{value}", "amount must be a positive number: {value}"),
    "rules.min_items": ("至少需要 {min} 项", "needs at least {min} entries"),
    "rules.min_entries": ("至少需要定义 {min} 项", "needs at least {min} entries"),
    "rules.duplicate_entry": ("重复的值“{value}”", "duplicate value '{value}'"),
    "rules.threshold_one": (
        "门槛须且只须写 at_least 或 more_than 之一",
        "a threshold needs exactly one of at_least or more_than",
    ),
    "rules.fraction_syntax": (
        '分数“{value}”格式应为 "p/q"',
        "fraction '{value}' must look like \"p/q\"",
    ),
    "rules.fraction_zero": ("分数“{value}”的分母为零", "fraction '{value}' has a zero denominator"),
    "rules.fraction_range": (
        "分数“{value}”须在 (0, 1] 之间",
        "fraction '{value}' must lie in (0, 1]",
    ),
    "rules.unknown_key": ("未知的键“{key}”{hint}", "unknown key '{key}'{hint}"),
    "rules.missing_key": ("缺少必填键“{key}”", "missing required key '{key}'"),
    "rules.bad_id": (
        "标识“{value}”须为小写字母、数字、-、_",
        "id '{value}' must be lowercase ascii letters, digits, - and _",
    ),
    "rules.duplicate_member": (
        "成员 {attr}“{value}”重复（与第 {first} 名成员相同）",
        "duplicate member {attr} '{value}' (same as member #{first})",
    ),
    "rules.unknown_member_or_role": (
        "“{value}”既不是成员标识也不是任何成员的角色{hint}",
        "'{value}' is neither a member id nor a role any member holds{hint}",
    ),
    "rules.unknown_member": ("未定义的成员“{value}”{hint}", "undefined member '{value}'{hint}"),
    "rules.unknown_kind": (
        "未定义的事项类别“{value}”{hint}",
        "undefined item kind '{value}'{hint}",
    ),
    "rules.first_item_not_allowed": (
        "first_item“{kind}”不在本会议类型允许的 kinds 中",
        "first_item '{kind}' is not among this meeting type's kinds",
    ),
    "rules.format_syntax": ("编号格式有误：{error}", "bad number format: {error}"),
    "rules.format_placeholder": (
        "编号格式含未知占位符 {{{name}}}，可用：{allowed}",
        "unknown placeholder {{{name}}} in number format; allowed: {allowed}",
    ),
    "rules.format_no_seq": ("编号格式必须含 {seq}", "number format must contain {seq}"),
    "rules.pass_required": (
        "表决事项类别“{kind}”须规定 pass 门槛",
        "voted kind '{kind}' needs a pass threshold",
    ),
    "rules.vote_false_key": (
        "vote = false 的类别不应设置 {key}",
        "a kind with vote = false should not set {key}",
    ),
    "rules.amount_twice": (
        "与类别“{other}”的 amount_at_least 相同，无法判定归类",
        "same amount_at_least as kind '{other}': the kind of an amount would be ambiguous",
    ),
    "rules.nobody_in_charge": (
        "要求分管成员到会，但没有成员填写 in_charge",
        "in_charge_present is set but no member has in_charge areas",
    ),
    "rules.order_without_opinions": (
        "规定了发言顺序却不允许任何意见",
        "an opinion order with no allowed opinions",
    ),
    "rules.method_not_in_voting": (
        "表决方式“{method}”不在 voting.methods 中",
        "method '{method}' is not in voting.methods",
    ),
    "rules.too_large": (
        "文件过大（{size} 字节，上限 {max}）",
        "file too large ({size} bytes, limit {max})",
    ),
    "rules.not_a_file": ("不是文件", "not a file"),
    "rules.unreadable": ("无法读取：{error}", "cannot read: {error}"),
    "rules.empty": ("文件为空", "file is empty"),
    "rules.encoding": ("不是 UTF-8 编码（字节偏移 {offset}）", "not UTF-8 (byte offset {offset})"),
    "rules.nul": ("文件含 NUL 字符", "file contains a NUL character"),
    "rules.syntax": ("TOML 语法错误：{error}", "TOML syntax error: {error}"),
    "rules.extends_cycle": ("extends 循环引用：{path}", "extends cycle: {path}"),
    "rules.extends_missing": (
        "extends 指向的文件不存在：{path}",
        "extends names a missing file: {path}",
    ),
    "rules.defined_twice": (
        "“{key}”已在被扩展的文件中定义",
        "'{key}' is already defined in the extended file",
    ),
    "rules.file_missing": ("文件不存在：{path}", "no such file: {path}"),
    "rules.ok": ("{files} 个文件，未发现问题", "{files} file(s), no problems found"),
    "rules.summary": (
        "{files} 个文件，{errors} 个错误，{warnings} 个警告",
        "{files} file(s), {errors} error(s), {warnings} warning(s)",
    ),
}
