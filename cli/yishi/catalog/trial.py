"""Messages added from the end-to-end trial (h19): a kind chosen by amount, status words."""

MESSAGES = {
    "item.kind_needed": (
        "请用 --kind 指明事项类别（未写金额，或金额未达到任何类别的标准），可选：{known}",
        "say the item's kind with --kind (no amount given, or the amount reaches no kind's "
        "threshold); kinds: {known}",
    ),
    # why a member may not speak or vote on an item: {status} in opinion/vote.not_present
    "present_status.leave": ("请假", "leave"),
    "present_status.absent": ("缺席", "absent"),
    "present_status.recused": ("回避", "recused"),
    "present_status.departed": ("已离会", "departed"),
    "present_status.unrecorded": ("未登记出席", "unrecorded"),
    "present_status.late": ("第 {from_item} 项起才到会", "present from item {from_item} on"),
    "present_status.present": ("未出席该项", "not present for it"),
    "attendance.already_spoke": (
        "{member} 已在第 {number} 项发言或表决，不能记为请假或缺席：中途离会请用 "
        "depart {member} --after 项号，误记请 undo",
        "{member} already spoke or voted on item {number}, so cannot be on leave or absent: "
        "for leaving mid-meeting use depart {member} --after N, for a mistake undo",
    ),
    "opinion.text_suffix": ("：{text}", ": {text}"),  # 张伟 同意：原则同意
    "list.sep": ("、", ", "),  # items 2, 3 / 第 2、3 项
    # a candidate named after an item number: 第 2 项（张三） / item 2 (张三)
    "candidate.suffix": ("（{candidate}）", " ({candidate})"),
}
