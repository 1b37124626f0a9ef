"""Messages of the command layer."""

MESSAGES = {
    "cli.bad_format": (
        "格式“{value}”无效，可选：{allowed}",
        "invalid format '{value}', allowed: {allowed}",
    ),
}

MESSAGES.update(
    {
        "shell.welcome": (
            "议事 yishi 交互模式：直接输入命令（不带 yishi 前缀），Tab 补全，Ctrl-R 搜索历史，Ctrl-C 取消当前行，help 查看命令，exit 退出。",
            "yishi shell: type commands without the `yishi` prefix; Tab completes; Ctrl-R searches the history; Ctrl-C cancels the line; help lists commands; exit quits.",
        ),
        "shell.prompt": ("议事> ", "yishi> "),
        "shell.prompt_meeting": (
            "议事 {id} {state} 到会{present}/{total}{quorum}> ",
            "yishi {id} {state} {present}/{total}{quorum}> ",
        ),
        "shell.help_title": (
            "命令（不带 yishi 前缀；help 命令 查看详情）：",
            "Commands (without `yishi`; help COMMAND for details):",
        ),
        "shell.help_tail": (
            "Tab 补全，Ctrl-R 搜索历史，Ctrl-C 取消当前行，exit 或 Ctrl-D 退出。",
            "Tab completes, Ctrl-R searches the history, Ctrl-C cancels the line, "
            "exit or Ctrl-D leaves.",
        ),
    }
)
