"""Messages of `yishi rules show`, `rules diff` and `rules new`."""

MESSAGES = {
    "rulesdoc.invalid": (
        "规则文件 {path} 有 {count} 处错误，无法使用：\n{problems}",
        "rules file {path} has {count} error(s) and cannot be used:\n{problems}",
    ),
    "rulesdoc.git_failed": (
        "无法从 git 读取 {spec}：{error}",
        "cannot read {spec} from git: {error}",
    ),
    "rulesdoc.binary_tty": (
        "docx 是二进制格式，不能输出到终端：请用 -o 指定文件",
        "docx is binary and is not written to a terminal: give -o FILE",
    ),
    "rulesdoc.diff_args": (
        "需要两个规则文件 OLD NEW（或 --record MEETING_ID 加一个规则文件）",
        "give two rules files OLD NEW (or --record MEETING_ID and one file)",
    ),
    "rulesdoc.same": ("两个版本的规则含义相同", "the two versions mean the same rules"),
    "rulesdoc.changed": ("{count} 处修订", "{count} change(s)"),
    "rulesdoc.written": ("已写入 {path}", "written: {path}"),
    "rulesnew.exists": (
        "{path} 已存在；要覆盖请加 --force",
        "{path} exists; add --force to overwrite",
    ),
    "rulesnew.unknown_sample": (
        "没有样例“{name}”；可选：{known}",
        "no sample '{name}'; known: {known}",
    ),
    "rulesnew.unknown_type": (
        "样例中没有会议类型“{type}”；可选：{known}",
        "the sample has no meeting type '{type}'; known: {known}",
    ),
    "rulesnew.bad_member": (
        "成员“{spec}”的格式应为 id:姓名:排序[:角色,角色[:分管,分管[:职务]]]",
        "member '{spec}' must look like id:name:rank[:role,role[:area,area[:title]]]",
    ),
    "rulesnew.invalid": (
        "生成的规则文件未通过 rules check，未写入：\n{problems}",
        "the new rules file fails rules check and was not written:\n{problems}",
    ),
    "rulesnew.done": (
        "已由样例 {sample} 生成 {path}（{members} 名成员，会议类型：{types}）",
        "{path} started from sample {sample} ({members} members, meeting types: {types})",
    ),
    "rulesnew.ask_id": ("机构标识（小写字母、数字、-）", "body id (lowercase ascii slug)"),
    "rulesnew.ask_name": ("机构全称", "body name"),
    "rulesnew.ask_short": ("简称（用于纪要编号）", "short name (used in minutes numbers)"),
    "rulesnew.ask_members": (
        "成员，每行一名 id:姓名:排序:角色,角色（空行结束；直接回车沿用样例成员）",
        "members, one per line id:name:rank:role,role (empty line ends; "
        "Enter at once keeps the sample's)",
    ),
    "rulesnew.ask_member": ("成员", "member"),
    "rulesnew.ask_types": (
        "会议类型（逗号分隔，可选：{known}）",
        "meeting types (comma separated; known: {known})",
    ),
}
