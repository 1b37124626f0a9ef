"""Messages of the secretary's console: amounts, languages, the shell, log and fix."""

MESSAGES = {
    "amount.invalid": (
        "金额“{value}”无效：请写元为单位的十进制数，可带千位逗号、“万”“亿”或“元”，"
        "如 800、186,000、186000元、18.6万、8.5万元（不接受科学计数法、分数和负数）",
        "invalid amount '{value}': write a decimal number of yuan, with optional thousands "
        "commas, 万 / 亿 or 元, e.g. 800, 186,000, 186000元, 18.6万, 8.5万元 (no exponents, "
        "fractions or negative amounts)"),
    "amount.too_long": ("金额“{value}”过长（最多 {limit} 个字符）",
                        "amount '{value}' is too long (at most {limit} characters)"),
    "amount.too_large": ("金额“{value}”过大（须小于 10^15 元）",
                         "amount '{value}' is too large (must be below 10^15 yuan)"),
    "amount.below_fen": ("金额“{value}”精确到分以下，请至多写到分（两位小数）",
                         "amount '{value}' is finer than a fen: at most 2 decimals of yuan"),
    "lang.bad_env": ("环境变量 YISHI_LANG 只能是 zh 或 en，而不是“{value}”",
                     "YISHI_LANG must be zh or en, not '{value}'"),
    "lang.bad": ("--lang 只接受 zh 或 en，而不是“{value}”",
                 "--lang accepts zh or en only, not '{value}'"),
}
