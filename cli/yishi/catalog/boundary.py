"""Messages of the error boundary (errors.boundary): a bug in yishi, reported in one line."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "internal.error": (
        "内部错误（yishi 的缺陷，不是输入的问题）：{error}；崩溃报告已写入 {report}，请连同报告反馈",
        "internal error (a bug in yishi, not in your input): {error}; crash report written to "
        "{report}, please send it in",
    ),
    "internal.error_unsaved": (
        "内部错误（yishi 的缺陷，不是输入的问题）：{error}；崩溃报告无法写入临时目录",
        "internal error (a bug in yishi, not in your input): {error}; the crash report could "
        "not be written to the temporary directory",
    ),
}
