"""Messages added while checking the CLI against SPEC's contract sections."""

MESSAGES = {
    "vote.again_candidate": (
        "第 {number} 项（{candidate}）已表决；如有误请 undo，或经复议（reconsider）后重新表决",
        "item {number} ({candidate}) was already voted; use undo, or reconsider",
    ),
    "batch.none_numbered": (
        "{year} 年没有已编号的会议，未生成文件",
        "no meeting of {year} is numbered, so no file was written",
    ),
}
