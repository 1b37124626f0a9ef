"""Messages of `yishi check`, `yishi explain` and `yishi status`.

Finding messages take the finding's params; `{for_candidate}` is filled in by
`Finding.message` (（人选：X） / (candidate X)), and a param `foo_zh`/`foo_en` is offered as
`{foo}` in its language.
"""

MESSAGES = {
    # ------------------------------------------------------------------ findings
    "check.QUORUM": (
        "到会{present}人，应到会{total}人，须{need}（至少{required}人），会议不得召开",
        "{present} of {total} members present: the meeting needs {need} (at least {required})",
    ),
    "check.ITEM_QUORUM": (
        "本项到会{present}人（不含回避、离会），应到会{total}人，须{need}（至少{required}人）",
        "{present} present for this item (recused and departed excluded): it needs {need} of "
        "{total} (at least {required})",
    ),
    "check.CHAIR_ABSENT": ("主持人{name}未到会", "the chair, {name}, is not present"),
    "check.CHAIR_DEPARTED": (
        "主持人{name}在第{after}项后离会，其后议题无主持人",
        "the chair, {name}, left after item {after}; later items had no chair",
    ),
    "check.CHAIR_NOT_AUTHORISED": (
        "{name}无权主持本会议（应由{allowed}主持）",
        "{name} may not chair this meeting (chair: {allowed})",
    ),
    "check.CHAIR_DELEGATED": (
        "{principal}到会，却委托{name}主持（书记不能参加会议时方可委托）",
        "{principal} attended, yet {name} chaired as delegate (delegation is for when the "
        "chair cannot attend)",
    ),
    "check.CHAIR_NOT_LAST": (
        "主持人{name}未末位表态：{after}在其后发言{for_candidate}",
        "the chair, {name}, did not speak last: {after} spoke after{for_candidate}",
    ),
    "check.OPINION_ORDER": (
        "未按排序从后往前发表意见：{name}（排序{rank}）在{before}（排序{before_rank}）之后发言"
        "{for_candidate}",
        "opinions not in reverse rank order: {name} (rank {rank}) spoke after {before} "
        "(rank {before_rank}){for_candidate}",
    ),
    "check.OPINION_ORDER_RANK": (
        "未按排序从前往后发表意见：{name}（排序{rank}）在{before}（排序{before_rank}）之后发言"
        "{for_candidate}",
        "opinions not in rank order: {name} (rank {rank}) spoke after {before} "
        "(rank {before_rank}){for_candidate}",
    ),
    "check.OPINION_MISSING": (
        "{names}未发表同意、不同意或缓议等明确意见{for_candidate}",
        "{names} stated no clear opinion (agree, disagree or defer){for_candidate}",
    ),
    "check.CANDIDATES_JOINT": (
        "人选{candidates}合并表决，应逐个表决",
        "candidates {candidates} were voted on together; each must be voted on separately",
    ),
    "check.CANDIDATE_NOT_VOTED": (
        "人选“{candidate}”未表决（也未暂缓）",
        "candidate {candidate} was not voted on (nor deferred)",
    ),
    "check.CANDIDATES_UNRECORDED": (
        "“{kind}”应逐个表决，但未登记人选（item add --candidate）",
        "'{kind}' is voted per candidate, but no candidates were recorded (item add --candidate)",
    ),
    "check.ITEMS_JOINT": (
        "第{items}项合并表决，应逐项表决",
        "items {items} were voted on together; each item must be voted on separately",
    ),
    "check.NOT_VOTED": (
        "“{kind}”事项应当表决，但未表决也未暂缓",
        "'{kind}' items are voted on, but this one was neither voted on nor deferred",
    ),
    "check.NO_DECISION": (
        "已表决，但未记录决定（yishi decide）",
        "voted, but no decision was recorded (yishi decide)",
    ),
    "check.AD_HOC": ("“{kind}”事项不得临时动议", "'{kind}' items may not be ad hoc (临时动议)"),
    "check.AD_HOC_EMERGENCY": (
        "“{kind}”事项一般不得临时动议；本次为紧急会议，仅作提示",
        "'{kind}' items may not be ad hoc except in an emergency; this meeting is marked "
        "emergency, so only a warning",
    ),
    "check.NOTICE_LATE": (
        "会议通知于{sent}发出，晚于会前{days}{unit}（{deadline}）",
        "the notice went out on {sent}, later than {days}{unit} before ({deadline})",
    ),
    "check.NOTICE_UNRECORDED": (
        "未记录会议通知发出日期（应于会前{days}{unit}通知；notice --sent 或 open --notice-sent）",
        "when the notice went out is not recorded ({days}{unit} before; notice --sent or open --notice-sent)",
    ),
    "check.MATERIALS_LATE": (
        "材料于{sent}送达，晚于会前{days}{unit}（{deadline}）",
        "materials were sent on {sent}, later than {days}{unit} before ({deadline})",
    ),
    "check.MATERIALS_UNRECORDED": (
        "未记录材料送达日期（应于会前{days}{unit}；item add --materials-sent）",
        "when the materials were sent is not recorded ({days}{unit} before; "
        "item add --materials-sent)",
    ),
    "check.MATERIALS_EARLY": (
        "“{kind}”材料不提前分送，但记录为{sent}已分送",
        "'{kind}' materials are not sent in advance, yet they were sent on {sent}",
    ),
    "check.IN_CHARGE_ABSENT": (
        "分管“{area}”的{name}未到会，也没有书面意见",
        "{name}, in charge of '{area}', neither attended nor gave a written opinion",
    ),
    "check.AREA_UNRECORDED": (
        "“{kind}”须分管成员到会或提交书面意见，但未记录议题领域（item add --area）",
        "'{kind}' needs the member in charge present or a written opinion, but the item's "
        "area is not recorded (item add --area)",
    ),
    "check.AREA_NO_MEMBER": (
        "没有成员分管“{area}”，无法核对分管成员是否到会",
        "no member is in charge of '{area}', so attendance of the member in charge cannot be "
        "checked",
    ),
    "check.RECUSED_PARTICIPATED": (
        "{name}已回避，却发言或表决",
        "{name} is recused, yet spoke or voted",
    ),
    "check.NOT_PRESENT_SPOKE": (
        "{name}未出席本项，却记录为当场发言",
        "{name} is not present for this item, yet is recorded as speaking",
    ),
    "check.NOT_PRESENT_VOTED": (
        "{name}未出席本项，却参加表决（未到会成员的意见不得计入票数）",
        "{name} is not present for this item, yet voted (members not present never vote)",
    ),
    "check.NOT_PRESENT_BALLOTS": (
        "票数合计{total}，超过本项到会人数{present}{for_candidate}",
        "{total} ballots exceed the {present} members present for the item{for_candidate}",
    ),
    "check.LEAVE_NO_REASON": ("{name}请假未说明事由", "{name} is on leave without a reason"),
    "check.ABSENT_WITHOUT_LEAVE": ("{name}缺席，未请假", "{name} is absent without leave"),
    "check.ATTENDANCE_UNRECORDED": (
        "{count}名成员未记录出席情况，按未到会计：{names}",
        "{count} member(s) with no attendance recorded, counted as not present: {names}",
    ),
    "check.RECORD_INCOMPLETE": (
        "未记录会议{missing}（open --time/--place/--recorder）",
        "the meeting's {missing} not recorded (open --time/--place/--recorder)",
    ),
    "check.STATEMENT_MISSING": (
        "{name}因故缺席（请假或缺席），未提交书面发言",
        "{name} did not attend (leave or absent) and handed in no written statement",
    ),
    "check.SPLIT_VOTE": (
        "赞成{yes}票、反对{no}票，意见分歧较大（相差不超过{margin}票），除紧急情况外应暂缓作出"
        "决定{for_candidate}",
        "{yes} yes against {no} no is a split vote (within {margin}); unless in an emergency "
        "the decision should be deferred{for_candidate}",
    ),
    "check.VOTE_INCOMPLETE": (
        "到会成员{names}未参加表决{for_candidate}",
        "{names}, present, did not vote{for_candidate}",
    ),
    "check.VOTE_INCOMPLETE_SECRET": (
        "收回{cast}票，少于本项到会{present}人{for_candidate}",
        "{cast} ballots for {present} members present{for_candidate}",
    ),
    "check.METHOD_NOT_ALLOWED": (
        "表决方式“{method}”不在规定范围内（{allowed}）{for_candidate}",
        "voting method '{method}' is not allowed here ({allowed}){for_candidate}",
    ),
    "check.FIRST_ITEM": (
        "第一议题应为“{expected}”，实为“{actual}”",
        "the first item must be '{expected}', not '{actual}'",
    ),
    "check.NOTIFY_MISSING": (
        "未记录已事先告知{org}（yishi notified）",
        "not recorded that {org} was told in advance (yishi notified)",
    ),
    "check.AMOUNT_KIND": (
        "金额{amount}元达到“{expected}”标准（{threshold}元以上），却按“{kind}”记录",
        "amount {amount} reaches '{expected}' (at least {threshold}), yet the item is recorded "
        "as '{kind}'",
    ),
    "check.WRITTEN_COUNTED": (
        "{count}份未到会成员的书面意见计入票数（voting.absent_opinions_count = true）"
        "{for_candidate}",
        "{count} written opinion(s) of members not present were counted as votes "
        "(voting.absent_opinions_count = true){for_candidate}",
    ),
    "check.FREQUENCY": (
        "{body}{type}：{period}召开{count}次，少于规定的{min}次",
        "{body} {type}: {count} meeting(s) in {period}, fewer than the required {min}",
    ),
    # ------------------------------------------------------------------ explain
    "check.doc.SEAL_BROKEN": (
        "已签发会议的封存记录未通过核验（摘要不符、签名缺失或不受信任、与编号台账不一致）：记录在签发后被改动过；yishi verify 指出具体问题。",
        "The sealed record of an issued meeting no longer verifies (a digest differs, the signature is missing or untrusted, or it disagrees with the ledger of issued numbers): it changed after issue; yishi verify says what.",
    ),
    "check.doc.QUORUM": (
        "会议开始时的到会人数（不含请假、缺席、未记录者和迟到者）须达到会议类型的 quorum（如半数"
        "以上），否则会议不得召开，作出的表决一律无效，也不计入召开次数；未设 quorum 的会议类型"
        "（专题会议）不检查。",
        "Members present when the meeting opens (not on leave, absent, unrecorded or arriving "
        "late) must meet the meeting type's quorum (e.g. at least half), or the meeting may not "
        "be held: every vote in it is invalid and it does not count toward frequency. A type "
        "without a quorum (专题会议) has no such rule.",
    ),
    "check.doc.ITEM_QUORUM": (
        "每项议题的到会人数（不含回避、中途离会者）须达到该类事项的 quorum（如干部任免三分之二"
        '以上），未规定时用会议类型的 quorum；of = "eligible" 时分母扣除回避者。未达到时该项'
        "表决结果为 invalid。",
        "Members present for an item (recused and departed excluded) must meet the item kind's "
        'quorum (e.g. 2/3 for personnel), else the meeting type\'s; with of = "eligible" the '
        "recused are taken out of the total. A vote without it is 'invalid'.",
    ),
    "check.doc.CHAIR_ABSENT": ("记录的主持人未到会。", "The recorded chair is not present."),
    "check.doc.CHAIR_DEPARTED": (
        "主持人中途离会，之后仍有议题。",
        "The chair left while items were still to come.",
    ),
    "check.doc.CHAIR_NOT_AUTHORISED": (
        "主持人既不是会议类型 chair 所指的成员，也不在 chair_delegates 中。",
        "The chair is neither the member/role named by the type's `chair` nor one of its "
        "`chair_delegates`.",
    ),
    "check.doc.CHAIR_DELEGATED": (
        "书记（chair）本人到会，却由受托人主持；受托主持限于书记不能参加会议时。",
        "A delegate chaired although the principal chair attended; delegation is for when the "
        "chair cannot attend.",
    ),
    "check.doc.CHAIR_NOT_LAST": (
        "末位表态：主持人须在其他成员充分发表意见后最后发表意见。主持人一旦发言，其后不得再有"
        "其他成员当场发言（书面意见除外）；人事事项按人选分别判断。",
        "末位表态: the chair states an opinion last. Once the chair has spoken, no other member "
        "speaks (written opinions aside); per candidate for personnel items.",
    ),
    "check.doc.OPINION_ORDER": (
        'opinion_order = "reverse_rank"：按成员排序从后往前逐一发表意见（主持人末位表态时'
        "除外）；按每位成员首次发言的先后判断，按人选分别判断。",
        'opinion_order = "reverse_rank": members speak from the last in rank to the first '
        "(the chair excepted when it speaks last), judged on each member's first words, per "
        "candidate.",
    ),
    "check.doc.OPINION_MISSING": (
        "opinions_required = true：本项每位到会且未回避的成员都须发表同意、不同意或缓议等明确"
        "意见（按人选分别判断）。",
        "opinions_required = true: every member present for the item (not recused) states a "
        "clear position — agree, disagree or defer (per candidate).",
    ),
    "check.doc.CANDIDATES_JOINT": (
        "逐个表决：per_candidate 的事项（干部任免）一次表决了多名人选。",
        "逐个表决: one vote covered several candidates of a per_candidate kind.",
    ),
    "check.doc.CANDIDATE_NOT_VOTED": (
        "登记的人选没有表决，该人选（decide --candidate C --defer）或整个议题也未暂缓（缓议）。",
        "A recorded candidate was never voted on and neither it (decide --candidate C --defer) "
        "nor the item was deferred.",
    ),
    "check.doc.CANDIDATES_UNRECORDED": (
        "per_candidate 的事项没有登记人选，无法核对是否逐个表决。",
        "A per_candidate item has no candidates recorded, so 逐个表决 cannot be checked.",
    ),
    "check.doc.ITEMS_JOINT": (
        "逐项表决：voting.separate_items = true 时多项议题合并表决。",
        "逐项表决: several items were voted on at once while voting.separate_items = true.",
    ),
    "check.doc.NOT_VOTED": (
        "vote = true 的事项既未表决也未暂缓（decide --defer）。",
        "An item of a voted kind was neither voted on nor deferred (decide --defer).",
    ),
    "check.doc.NO_DECISION": (
        "已表决的议题没有记录决定。",
        "A voted item has no decision recorded.",
    ),
    "check.doc.AD_HOC": (
        "ad_hoc = false 的事项作为临时动议提出。紧急会议中降为 AD_HOC_EMERGENCY（警告），但逐个"
        "表决的人事事项除外：干部任免不允许临时动议，紧急情况也不例外。",
        "An ad-hoc item of a kind with ad_hoc = false. In an emergency meeting this is "
        "AD_HOC_EMERGENCY (a warning) — except for per_candidate (personnel) kinds, where "
        "临时动议 is never allowed.",
    ),
    "check.doc.AD_HOC_EMERGENCY": (
        "紧急会议（open --emergency）中的临时动议，事项类别本不允许临时动议：“除遇重大突发事件"
        "和紧急情况外，一般不得临时动议”。",
        "An ad-hoc item of a kind with ad_hoc = false in an emergency meeting (open "
        "--emergency): the seeds allow it only in emergencies.",
    ),
    "check.doc.NOTICE_LATE": (
        "会议通知晚于会前 notice_days 天发出（紧急会议不检查）。“会前N天”：发出日（计入）与会议日"
        '（不计入）之间至少有N整天（day_count = "working" 时为N个工作日）。',
        "The notice went out later than notice_days before the meeting (not checked for "
        'emergency meetings). "N days before": at least N whole days (working days with '
        'day_count = "working") lie between the sending day (counted) and the meeting day '
        "(not counted).",
    ),
    "check.doc.NOTICE_UNRECORDED": (
        "规定了 notice_days，但未记录通知发出日期。",
        "notice_days is set but the notice date is not recorded.",
    ),
    "check.doc.MATERIALS_LATE": (
        "议题材料晚于会前 notice_days 天送达（临时动议、紧急会议不检查）。",
        "Item materials were sent later than notice_days before (not checked for ad-hoc items "
        "and emergency meetings).",
    ),
    "check.doc.MATERIALS_UNRECORDED": (
        "materials_in_advance 的事项未记录材料送达日期，会议通知日期也未记录（材料视为随通知"
        "送达）。",
        "No materials date for a materials_in_advance kind, and no notice date either "
        "(materials are taken to go out with the notice).",
    ),
    "check.doc.MATERIALS_EARLY": (
        "materials_in_advance = false 的事项（如人事）记录了提前分送材料。",
        "Materials were sent in advance for a kind with materials_in_advance = false "
        "(e.g. personnel).",
    ),
    "check.doc.IN_CHARGE_ABSENT": (
        "in_charge_present = true：分管该领域（item 的 area 与成员 in_charge 匹配）的成员须到会，"
        "或有书面意见（请假时的 --opinion，或对本项的书面 opinion）；回避者除外。",
        "in_charge_present = true: the member in charge of the item's area attends, or gave a "
        "written opinion (leave --opinion, or a written opinion on the item); recused excepted.",
    ),
    "check.doc.AREA_UNRECORDED": (
        "in_charge_present 的事项未记录 area。",
        "An in_charge_present item has no area.",
    ),
    "check.doc.AREA_NO_MEMBER": (
        "议题的 area 没有任何成员分管。",
        "No member is in charge of the item's area.",
    ),
    "check.doc.RECUSED_PARTICIPATED": (
        "回避的成员就该议题发言或表决（记录时已拒绝，此项防范手工改动的记录）。",
        "A recused member spoke or voted on the item (refused when recording; guards "
        "hand-edited records).",
    ),
    "check.doc.NOT_PRESENT_PARTICIPATED": (
        "未出席某项（请假、缺席、离会、未记录）的成员被记为当场发言或投票，或无记名票数超过到会"
        "人数——通常是先记了发言/表决、后改了出席情况。",
        "A member not present for the item (leave, absent, departed, unrecorded) is recorded as "
        "speaking or voting, or secret ballots exceed those present — usually attendance "
        "changed after the vote was recorded.",
    ),
    "check.doc.LEAVE_NO_REASON": ("请假须有事由。", "Leave needs a reason."),
    "check.doc.ABSENT_WITHOUT_LEAVE": (
        "成员缺席而未请假（无正当理由不允许请假，不能参加须请假）。",
        "A member is absent without leave.",
    ),
    "check.doc.ATTENDANCE_UNRECORDED": (
        "成员没有任何出席记录，按未到会计算。",
        "Members with no attendance recorded count as not present.",
    ),
    "check.doc.RECORD_INCOMPLETE": (
        "会议记录应载明会议时间、地点、记录人（主持人、出席、请假另有检查）；未记录只作警告。",
        "The record should state the meeting's time, place and recorder (chair and attendance "
        "are checked elsewhere); missing facts are warnings.",
    ),
    "check.doc.STATEMENT_MISSING": (
        "absent_statement = true（民主生活会）：因故缺席的成员——请假或缺席——须提交书面发言"
        "（leave --opinion、absent --opinion 或书面 opinion）。",
        "absent_statement = true (民主生活会): a member who did not attend — on leave or "
        "absent — hands in a written statement (leave --opinion, absent --opinion or a written "
        "opinion).",
    ),
    "check.doc.SPLIT_VOTE": (
        "|赞成 − 反对| ≤ split_defer_margin：意见分歧较大，除紧急情况外应暂缓作出决定；议题已"
        "暂缓或会议为紧急会议时不提示。",
        "|yes - no| <= split_defer_margin: a split vote should be deferred unless in an "
        "emergency; silent when deferred or the meeting is an emergency.",
    ),
    "check.doc.VOTE_INCOMPLETE": (
        "记名表决中有到会成员未投票，或无记名票数少于到会人数。",
        "A named vote misses members present, or a secret ballot has fewer ballots than members "
        "present.",
    ),
    "check.doc.METHOD_NOT_ALLOWED": (
        "表决方式不在该类事项（或 voting）允许的 methods 中。",
        "The voting method is not among the kind's (or voting's) methods.",
    ),
    "check.doc.FIRST_ITEM": (
        "第一议题制度：第一项议题须为 first_item 所指的类别（如学习）。",
        "第一议题: the first item must be of the type's first_item kind (e.g. study).",
    ),
    "check.doc.NOTIFY_MISSING": (
        "会议类型或事项类别的 notify 组织（如派驻纪检监察组）未记录为已告知（yishi notified）。"
        "未记录的事实只作警告。",
        "An organisation in the type's or kind's notify list (e.g. 派驻纪检监察组) is not "
        "recorded as told (yishi notified). Unrecorded facts are warnings.",
    ),
    "check.doc.AMOUNT_KIND": (
        "金额达到某类事项的 amount_at_least（取最高者），却按其他类别记录。",
        "The amount reaches a kind's amount_at_least (the highest wins), yet the item is "
        "recorded under another kind.",
    ),
    "check.doc.WRITTEN_COUNTED": (
        "voting.absent_opinions_count = true 时，未到会成员书面意见的立场计入票数（同意=赞成，"
        "不同意=反对，缓议=弃权）；种子规则均规定不得计入，故作提示。",
        "With voting.absent_opinions_count = true, written positions of members not present are "
        "counted (agree=yes, disagree=no, defer=abstain); every seed forbids this, hence the "
        "warning.",
    ),
    "check.doc.FREQUENCY": (
        "frequency：每个周期（月、季度、半年、年）至少召开 min 次；由 check --year 与年度报告"
        "判断，只判断已结束的周期。",
        "frequency: at least min meetings in each period (month, quarter, half year, year); "
        "judged by check --year and the annual report, on periods that have ended.",
    ),
    # ------------------------------------------------------------------ report and CLI
    "check.severity.error": ("错误", "error"),
    "check.severity.warning": ("警告", "warning"),
    "check.item": ("第{number}项", "item {number}"),
    "check.header": ("{id}　{body}{type}　{date}", "{id}  {body} {type}  {date}"),
    "check.outcomes": ("议题表决结果", "Item outcomes"),
    "check.findings": ("检查发现", "Findings"),
    "check.no_findings": ("未发现问题", "no findings"),
    "check.summary_ok": (
        "通过检查：{errors}个错误，{warnings}个警告",
        "check passed: {errors} error(s), {warnings} warning(s)",
    ),
    "check.summary_failed": (
        "未通过检查：{errors}个错误，{warnings}个警告",
        "check failed: {errors} error(s), {warnings} warning(s)",
    ),
    "check.year_summary": (
        "共{count}次会议；{errors}个错误，{warnings}个警告",
        "{count} meeting(s); {errors} error(s), {warnings} warning(s)",
    ),
    "check.year_findings": ("年度检查（{year}年）", "Year {year}"),
    "check.no_meetings": (
        "没有符合条件的会议（记录目录 {records}）",
        "no matching meetings (records in {records})",
    ),
    "check.id_and_year": (
        "指定了会议编号时不能再用 --year/--body",
        "give a meeting id or --year/--body, not both",
    ),
    "check.rule": ("依据：{rule}——{source}", "rule: {rule} — {source}"),
    "explain.unknown": (
        "没有检查代码“{code}”{hint}。代码：{known}",
        "no check code '{code}'{hint}. Codes: {known}",
    ),
    "explain.rule": ("规则键", "rule key"),
    "explain.seeds": ("出处", "seed articles"),
    # ------------------------------------------------------------------ status
    "status.title": ("{body}{type}　{date}　{state}", "{body} {type}  {date}  {state}"),
    "status.state.open": ("进行中", "open"),
    "status.state.closed": ("已结束", "closed"),
    "status.state.issued": ("已签发", "issued"),
    "status.chair": ("主持人：{name}", "chair: {name}"),
    "status.emergency": ("紧急会议", "emergency meeting"),
    "status.present": ("出席（{count}）", "present ({count})"),
    "status.leave": ("请假（{count}）", "on leave ({count})"),
    "status.absent": ("缺席（{count}）", "absent ({count})"),
    "status.unrecorded": ("未记录（{count}）", "not recorded ({count})"),
    "status.guests": ("列席（{count}）", "attending, non-voting ({count})"),
    "status.departed": ("第{after}项后离会", "left after item {after}"),
    "status.written": ("有书面意见", "written opinion"),
    "status.quorum": (
        "会议法定人数：到会{present}/{total}，须{need}（至少{required}人）：{verdict}",
        "meeting quorum: {present}/{total} present, needs {need} (at least {required}): {verdict}",
    ),
    "status.quorum_ok": ("已达到", "met"),
    "status.quorum_short": ("未达到", "NOT met"),
    "status.col.item": ("议题", "item"),
    "status.col.kind": ("类别", "kind"),
    "status.col.quorum": ("到会/须到会", "present/needed"),
    "status.col.votes": ("赞成/反对/弃权", "yes/no/abstain"),
    "status.col.outcome": ("结果", "outcome"),
    "status.outcome.passed": ("通过", "passed"),
    "status.outcome.rejected": ("未通过", "rejected"),
    "status.outcome.deferred": ("暂缓", "deferred"),
    "status.outcome.no_vote": ("未表决", "not voted"),
    "status.outcome.no_vote_kind": ("不表决", "no vote"),
    "status.outcome.invalid": ("无效（不足法定人数）", "invalid (no quorum)"),
    "status.no_items": ("尚无议题（yishi item add）", "no items yet (yishi item add)"),
    "status.missing": ("尚缺", "Still missing"),
    "status.nothing_missing": ("无", "nothing"),
    "status.findings": (
        "检查：{errors}个错误，{warnings}个警告（yishi check 查看详情）",
        "check: {errors} error(s), {warnings} warning(s) (see yishi check)",
    ),
}
