"""Messages of keys, signatures, the ledger of issued numbers, and repair."""

MESSAGES = {
    "key.bad_public": ("不是有效的 Ed25519 公钥：“{key}”（应为 ed25519:BASE64，见 yishi key show）", "not an Ed25519 public key: '{key}' (expected ed25519:BASE64, as printed by yishi key show)"),
    "key.dir_failed": ("无法使用密钥目录 {path}：{error}", "cannot use the key directory {path}: {error}"),
    "key.write_failed": ("无法写入 {path}：{error}", "cannot write {path}: {error}"),
    "key.trusted_damaged": ("受信任公钥文件 {path} 已损坏（请检查或删除后重新 yishi key trust）", "the trusted-keys file {path} is damaged (check it, or delete it and run yishi key trust again)"),
    "key.unreadable": ("无法读取私钥 {path}：{error}", "cannot read the private key {path}: {error}"),
    "key.too_open": ("私钥 {path} 的权限 {mode} 过宽，其他用户可读；请执行 chmod 600 {path}", "the private key {path} is readable by others (mode {mode}); run chmod 600 {path}"),
    "key.damaged": ("私钥 {path} 已损坏或不是 Ed25519 密钥", "the private key {path} is damaged or not an Ed25519 key"),
    "key.none": ("本机尚无机关签名密钥（{path}），首次签发时自动生成", "this machine has no office key yet ({path}); it is made at the first issue"),
    "key.inside_records": ("密钥目录 {path} 位于记录目录 {records} 之内；私钥不得与记录放在一起（请设置 XDG_CONFIG_HOME）", "the key directory {path} is inside the records directory {records}; the private key must never sit with the records (set XDG_CONFIG_HOME)"),
    "key.show_office": ("本机构签名密钥：{id}", "office key: {id}"),
    "key.show_file": ("私钥文件：{path}", "private key file: {path}"),
    "key.show_trusted": ("受信任的公钥：", "trusted keys:"),
    "key.own": ("本机构", "own"),
    "key.current": ("当前", "current"),
    "key.retired": ("已轮换（{at}），旧签名仍可验证", "retired {at}; its old signatures still verify"),
    "key.other": ("其他机构", "trusted"),
    "key.trusted_done": ("已信任公钥 {id}{name}", "now trusting key {id}{name}"),
    "key.rotated": ("已轮换机构密钥：{old} → {new}（旧公钥仍受信任，旧签名仍可验证；旧私钥已销毁）", "office key rotated: {old} -> {new} (the old public key stays trusted, so its signatures still verify; the old private key is destroyed)"),
}
