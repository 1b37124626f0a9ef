"""Messages of the command layer."""

MESSAGES = {
    "cli.bad_format": ("格式“{value}”无效，可选：{allowed}", "invalid format '{value}', allowed: {allowed}"),
}
