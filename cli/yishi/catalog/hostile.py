"""Messages of hostile input and faults: odd files in the records directory, limits."""

MESSAGES = {
    "store.unwritable": (
        "无法写入记录目录 {path}：{error}",
        "cannot write to the records directory {path}: {error}",
    ),
    "store.not_a_dir": (
        "记录目录 {path} 已存在但不是目录",
        "the records path {path} exists and is not a directory",
    ),
    "store.bad_current": (
        "{path} 中的当前会议编号无效（请运行 yishi use 会议编号）",
        "{path} does not name a meeting (run yishi use MEETING_ID)",
    ),
    "store.not_regular": (
        "{path} 不是普通文件（管道、设备或目录），已跳过",
        "{path} is not a regular file (a FIFO, device or directory)",
    ),
    "store.record_full": (
        "会议记录 {id} 将达到 {size} 字节，超过上限 {limit} 字节，未写入",
        "meeting record {id} would grow to {size} bytes, over the limit of {limit}; nothing written",
    ),
    "batch.output_not_dir": (
        "输出路径 {path} 已存在且不是目录",
        "the output path {path} exists and is not a directory",
    ),
    "os.failed": ("系统拒绝了该路径：{error}", "the system refused a path: {error}"),
    "input.too_long": (
        "{what}过长：{length} 个字符，上限 {limit}",
        "{what} is too long: {length} characters, the limit is {limit}",
    ),
    "input.too_many": (
        "{what}过多：{count} 项，上限 {limit}",
        "too many {what}: {count}, the limit is {limit}",
    ),
    "template.memory": (
        "模板 {name} 使用的内存超过 {limit} MB，已中止",
        "template {name} used more than {limit} MB of memory and was stopped",
    ),
    "template.crashed": (
        "模板 {name} 的渲染进程异常退出（{error}）",
        "the process rendering template {name} died ({error})",
    ),
    "template.docx_bomb": (
        "Word 模板 {name} 解压后达 {size} 字节，超过上限 {limit} 字节，拒绝使用",
        "docx template {name} inflates to {size} bytes, over the limit of {limit}; refused",
    ),
    "template.docx_bad": (
        "Word 模板 {name} 不是有效的 .docx 文件：{error}",
        "docx template {name} is not a valid .docx file: {error}",
    ),
    "template.file_too_large": (
        "模板 {name} 超过 {limit} 字节，拒绝使用",
        "template {name} is larger than {limit} bytes; refused",
    ),
}
