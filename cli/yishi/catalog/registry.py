"""Messages of the finding registry (`yishi explain`: when a code is judged)."""

MESSAGES = {
    "explain.when": ("检查时机", "judged"),
    "explain.stage.before": (
        "会前即检查（已计划的会议也检查）",
        "before the meeting too (a planned meeting)",
    ),
    "explain.stage.held": ("会议开始后检查", "once the meeting is open"),
    "explain.stage.year": (
        "按年度检查（check --year、report）",
        "over a year (check --year, report)",
    ),
    "explain.stage.seal": ("由 verify 检查封存", "by verify, on the seal"),
    "explain.scope.live": (
        "会中 yishi status 列为尚待记录",
        "yishi status lists it as still to record while the meeting runs",
    ),
    "explain.scope.final": ("对已记录内容的判断", "a judgement of what was recorded"),
}
