"""Messages of the error boundary (errors.boundary): a bug in yishi, reported in one line."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "error.prefix": ("错误：", "error: "),  # leads every error message on stderr
    "error.did_you_mean": ("（是否想写“{}”？）", " (did you mean '{}'?)"),  # a `hint` param
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
