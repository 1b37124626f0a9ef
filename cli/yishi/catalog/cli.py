"""Messages of the command layer."""

MESSAGES = {
    "cli.bad_format": ("格式“{value}”无效，可选：{allowed}", "invalid format '{value}', allowed: {allowed}"),
}

MESSAGES.update({
    "shell.welcome": ("议事 yishi 交互模式：直接输入命令（不带 yishi 前缀），Tab 补全，help 查看命令，exit 退出。",
                      "yishi shell: type commands without the `yishi` prefix; Tab completes; help lists commands; exit quits."),
    "shell.prompt": ("议事> ", "yishi> "),
})
