"""Messages of keys, signatures, the ledger of issued numbers, and repair."""

MESSAGES = {
    "key.bad_public": (
        "不是有效的 Ed25519 公钥：“{key}”（应为 ed25519:BASE64，见 yishi key show）",
        "not an Ed25519 public key: '{key}' (expected ed25519:BASE64, as printed by yishi key show)",
    ),
    "key.dir_failed": (
        "无法使用密钥目录 {path}：{error}",
        "cannot use the key directory {path}: {error}",
    ),
    "key.write_failed": ("无法写入 {path}：{error}", "cannot write {path}: {error}"),
    "key.trusted_damaged": (
        "受信任公钥文件 {path} 已损坏（请检查或删除后重新 yishi key trust）",
        "the trusted-keys file {path} is damaged (check it, or delete it and run yishi key trust again)",
    ),
    "key.unreadable": (
        "无法读取私钥 {path}：{error}",
        "cannot read the private key {path}: {error}",
    ),
    "key.too_open": (
        "私钥 {path} 的权限 {mode} 过宽，其他用户可读；请执行 chmod 600 {path}",
        "the private key {path} is readable by others (mode {mode}); run chmod 600 {path}",
    ),
    "key.damaged": (
        "私钥 {path} 已损坏或不是 Ed25519 密钥",
        "the private key {path} is damaged or not an Ed25519 key",
    ),
    "key.none": (
        "本机尚无机关签名密钥（{path}），首次签发时自动生成",
        "this machine has no office key yet ({path}); it is made at the first issue",
    ),
    "key.inside_records": (
        "密钥目录 {path} 位于记录目录 {records} 之内；私钥不得与记录放在一起（请设置 XDG_CONFIG_HOME）",
        "the key directory {path} is inside the records directory {records}; the private key must never sit with the records (set XDG_CONFIG_HOME)",
    ),
    "key.show_office": ("本机构签名密钥：{id}", "office key: {id}"),
    "key.show_file": ("私钥文件：{path}", "private key file: {path}"),
    "key.show_trusted": ("受信任的公钥：", "trusted keys:"),
    "key.own": ("本机构", "own"),
    "key.current": ("当前", "current"),
    "key.retired": (
        "已轮换（{at}），旧签名仍可验证",
        "retired {at}; its old signatures still verify",
    ),
    "key.other": ("其他机构", "trusted"),
    "key.trusted_done": ("已信任公钥 {id}{name}", "now trusting key {id}{name}"),
    "key.rotated": (
        "已轮换机构密钥：{old} → {new}（旧公钥仍受信任，旧签名仍可验证；旧私钥已销毁）",
        "office key rotated: {old} -> {new} (the old public key stays trusted, so its signatures still verify; the old private key is destroyed)",
    ),
}
MESSAGES.update(
    {
        "rules.format_spec": (
            "编号格式中的 {field} 带有格式说明；只能使用不带格式说明的 {{{name}}}",
            "{field} in the number format has a format spec or conversion; use plain {{{name}}}",
        ),
    }
)
MESSAGES.update(
    {
        # record against signature and ledger
        "verify.sig_missing": (
            "封存没有机关签名（来自本目录之外，或签名被删除）",
            "the seal carries no office signature (made outside yishi, or the signature was removed)",
        ),
        "verify.sig_untrusted": (
            "封存由本机不信任的密钥 {key}（{role}）签名：可能是另一机关或伪造的记录（如确属可信机关，用 yishi key trust 信任其公钥）",
            "the seal is signed by key {key} ({role}), which this machine does not trust: another office's or a forged record (if that office is trusted, yishi key trust its public key)",
        ),
        "verify.sig_bad": (
            "签名与封存内容不符（密钥 {key}）：封存摘要被重新计算或记录被改动",
            "the signature (key {key}) does not match the seal: the digests were recomputed or the record was changed",
        ),
        "verify.sig_malformed": ("签名格式已损坏（{role}）", "a signature ({role}) is malformed"),
        "verify.no_ledger": (
            "本记录目录没有机构 {body} 的编号台账，而记录带签名：记录是从别的记录目录拷来的",
            "this records directory has no ledger for body {body}, yet the record is signed: it was copied in from another records directory",
        ),
        "verify.other_ledger": (
            "记录属于另一个编号台账（{theirs}），不是本目录的台账（{ours}）：记录是从别的记录目录拷来的",
            "the record belongs to another ledger ({theirs}), not this directory's ({ours}): it was copied in from another records directory",
        ),
        "verify.entry_missing": (
            "编号台账中没有本记录的第 {i} 条（台账被截断或删除了条目）",
            "the ledger has no entry {i} for this record (the ledger was truncated or the entry removed)",
        ),
        "verify.entry_voided": (
            "台账第 {i} 条已作废（yishi repair），本记录不再有效",
            "ledger entry {i} was voided (yishi repair); this record no longer stands",
        ),
        "verify.entry_differs": (
            "记录与编号台账第 {i} 条不符：{what}",
            "the record disagrees with ledger entry {i}: {what}",
        ),
        "verify.older_copy": (
            "这是旧副本：记录为第 {generation} 次封存，台账第 {i} 条已有第 {latest} 次封存",
            "this is an old copy: the record is seal generation {generation}, the ledger's entry {i} has generation {latest}",
        ),
        "verify.pending": (
            "台账第 {i} 条的第 {latest} 次封存没有写入记录（更正时中断；yishi repair 可补全）",
            "ledger entry {i} (seal generation {latest}) never reached this record (an interrupted amend; yishi repair completes it)",
        ),
        "verify.legacy_but_signed": (
            "记录自称 0.1 版无签名封存，但台账第 {i} 条已有其签名的第 {generation} 次封存（签名被剥离）",
            "the record claims an unsigned 0.1 seal, but ledger entry {i} holds its signed generation {generation} (the signature was stripped)",
        ),
        "verify.legacy_unknown": (
            "无签名封存，但本目录的编号台账建立时没有这份记录：不是本目录签发的 0.1 记录",
            "an unsigned seal that this directory's ledger did not know when it began: not a 0.1 record issued here",
        ),
        "verify.legacy_differs": (
            "无签名封存的摘要与台账建立时记下的不同",
            "the unsigned seal's digest differs from the one the ledger noted when it began",
        ),
        "verify.ledger_unreadable": (
            "编号台账无法读取：{error}",
            "the ledger cannot be read: {error}",
        ),
        "verify.signed": (
            "  签名：机关密钥 {kid}；编号台账第 {entry} 条",
            "  signed by office key {kid}; ledger entry {entry}",
        ),
        "verify.legacy": (
            "  0.1 版无签名封存（旧记录）：摘要核验无误，但没有签名和台账条目",
            "  an unsigned legacy seal (yishi 0.1): its digests hold, but it has no signature and no ledger entry",
        ),
        "verify.summary_legacy": (
            "其中 {count} 份为 0.1 版无签名封存（旧记录）",
            "{count} of them unsigned legacy seals (yishi 0.1)",
        ),
        "verify.ledger_head": ("编号台账 {body}：", "ledger of {body}:"),
        "verify.ledger_ok": (
            "编号台账 {body}：{entries} 条，链完整，签名有效",
            "ledger of {body}: {entries} entries, chain intact, signatures good",
        ),
        "verify.bad_digest": (
            "摘要“{value}”无效：应为 8 至 64 位十六进制数（签发时打印、纪要版记所载）",
            "invalid digest '{value}': 8 to 64 hex digits (as printed at issue and in the minutes' 版记)",
        ),
        "verify.digest_ok": (
            "摘要 {digest} 与 {number}（会议 {id}）第 {generation} 次封存相符",
            "digest {digest} matches {number} (meeting {id}), seal generation {generation}",
        ),
        "verify.digest_later": (
            "  注意：该记录此后已更正至第 {generation} 次封存",
            "  note: the record was amended since, now seal generation {generation}",
        ),
        "verify.digest_mismatch": (
            "摘要 {digest} 与会议 {id} 的任何一次封存都不符（现为 {current}）：纸质件与电子记录不一致",
            "digest {digest} matches no seal generation of meeting {id} (now {current}): the paper copy and the record disagree",
        ),
        "verify.digest_nowhere": (
            "没有哪份记录的封存摘要是 {digest}",
            "no record's seal has digest {digest}",
        ),
        # ledger as a whole
        "ledger.torn": (
            "台账 {path} 最后一行不完整（追加时中断；yishi repair 或下次签发会去掉它）",
            "the last line of ledger {path} is incomplete (a crash while appending; yishi repair or the next issue removes it)",
        ),
        "ledger.line_damaged": ("台账第 {line} 行已损坏", "ledger line {line} is damaged"),
        "ledger.chain_broken": (
            "台账第 {i} 条接不上前一条（条目被删除、调换或改动）",
            "ledger entry {i} does not follow the one before it (an entry was removed, reordered or edited)",
        ),
        "ledger.no_genesis": (
            "台账的第一条不是本机构的起始条目",
            "the ledger does not begin with this body's genesis entry",
        ),
        "ledger.number_twice": (
            "编号 {number} 在台账中发出了两次（第 {entries} 条：{meetings}）",
            "number {number} was issued twice in the ledger (entries {entries}: {meetings})",
        ),
        "ledger.sig_untrusted": (
            "台账第 {i} 条由不受信任的密钥 {key} 签名",
            "ledger entry {i} is signed by untrusted key {key}",
        ),
        "ledger.sig_bad": (
            "台账第 {i} 条的签名不符（条目被改动或伪造）",
            "ledger entry {i} has a bad signature (edited or forged)",
        ),
        "ledger.sig_malformed": (
            "台账第 {i} 条没有有效签名",
            "ledger entry {i} has no valid signature",
        ),
        "ledger.replaced": (
            "台账被整体替换：本机记得台账 {seen}，现在是 {now}",
            "the ledger was replaced: this machine knew ledger {seen}, now it is {now}",
        ),
        "ledger.truncated": (
            "台账被截断：本机写到过第 {seen} 条，现在只有 {now} 条",
            "the ledger was truncated: this machine wrote {seen} entries, now it has {now}",
        ),
        "ledger.rewritten": (
            "台账第 {i} 条与本机写入时不同（台账被改写）",
            "ledger entry {i} is not what this machine wrote (the ledger was rewritten)",
        ),
        "ledger.record_missing": (
            "台账第 {i} 条（{number}，会议 {meeting}）的记录不存在",
            "ledger entry {i} ({number}, meeting {meeting}) has no record",
        ),
        "ledger.record_behind": (
            "台账第 {i} 条（{number}，会议 {meeting}）没有写入记录（签发或更正时中断；yishi repair 可补全）",
            "ledger entry {i} ({number}, meeting {meeting}) never reached its record (interrupted issue or amend; yishi repair completes it)",
        ),
        "ledger.damaged": (
            "编号台账 {path} 已损坏，不再编号：{problem}（见 yishi verify --all；从副本恢复台账）",
            "the ledger {path} is damaged, so nothing is numbered: {problem} (see yishi verify --all; restore the ledger from its copy)",
        ),
        "ledger.unreadable": (
            "无法读取编号台账 {path}：{error}",
            "cannot read the ledger {path}: {error}",
        ),
        # repair
        "repair.torn": (
            "台账 {body}：去掉了中断时写了一半的最后一行",
            "ledger {body}: cut off a half-written last line",
        ),
        "repair.damaged": (
            "台账 {body} 链已断开，无法自动修复：{problem}。请从副本（git、另一台机器）恢复台账",
            "ledger {body}: its chain is broken and cannot be repaired here: {problem}. Restore it from its copy (git, another machine)",
        ),
        "repair.completed": (
            "已补全：台账第 {i} 条（{op} {number}）写入会议 {meeting} 的记录",
            "completed: ledger entry {i} ({op} {number}) written to the record of {meeting}",
        ),
        "repair.voided": (
            "已作废台账第 {i} 条（{op} {number}，会议 {meeting}）：记录已不是当时的样子；该编号不再使用",
            "voided ledger entry {i} ({op} {number}, meeting {meeting}): its record is no longer what it was made from; the number stays used",
        ),
        "repair.missing": (
            "台账第 {i} 条（{number}）的记录 {meeting} 不存在：请从备份恢复（编号不会重发）",
            "ledger entry {i} ({number}): the record {meeting} is missing; restore it from a backup (the number is never handed out again)",
        ),
        "repair.would_fix": (
            "待修复：台账第 {i} 条（{op} {number}，会议 {meeting}）",
            "to repair: ledger entry {i} ({op} {number}, meeting {meeting})",
        ),
        "repair.nothing": (
            "台账与记录一致，无需修复",
            "the ledgers and records agree; nothing to repair",
        ),
        # render, batch, issue, check, status
        "render.seal_broken": (
            "会议 {id} 的封存记录核验不通过，不予生成（yishi verify {id} 查看详情）：{what}",
            "the sealed record of {id} does not verify, so nothing is rendered (see yishi verify {id}): {what}",
        ),
        "batch.seal_broken": (
            "{count} 份已封存记录核验不通过，本次未编号、未生成任何文件：",
            "{count} sealed record(s) do not verify; nothing was numbered or written:",
        ),
        "batch.refused": (
            "未编号：{id} 规则检查有 {count} 个错误（{codes}）；核实后可用 --force 编号",
            "not numbered: {id} has {count} check error(s) ({codes}); after review, --force numbers it",
        ),
        "batch.refused_total": (
            "{count} 个会议因规则检查错误未编号",
            "{count} meeting(s) left unnumbered for check errors",
        ),
        "batch.name_collision": (
            "输出文件名冲突：{a} 与 {b} 都会写成 {name}；未写入任何文件",
            "output name collision: {a} and {b} would both be written as {name}; nothing was written",
        ),
        "batch.already": (
            "{id} 已由另一进程编号（{number}）",
            "{id} was numbered meanwhile by another run ({number})",
        ),
        "numbering.out_of_order": (
            "注意：{number}（{date}）的编号排在日期更晚的 {later} 之后，编号不按会议日期顺序",
            "note: {number} ({date}) comes after {later}, held later: numbers are out of date order",
        ),
        "check.seal_broken": (
            "封存记录核验不通过：{what}",
            "the sealed record does not verify: {what}",
        ),
        "status.seal_ok": (
            "封存：已签名，未改动（{number}，摘要 {digest}）",
            "seal: signed and unchanged ({number}, digest {digest})",
        ),
        "status.seal_legacy": (
            "封存：0.1 版无签名封存，摘要无误（{number}）",
            "seal: unsigned legacy seal (0.1), digests hold ({number})",
        ),
        "status.seal_broken": ("封存：核验不通过——{what}", "seal: does NOT verify: {what}"),
    }
)
MESSAGES.update(
    {
        "report.col_twice": ("重号", "issued twice"),
    }
)
