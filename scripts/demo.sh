#!/usr/bin/env bash
# `make demo`: the whole job end to end on a sample body (白城市人民政府办公室党组):
# check the rule files, record two meetings, check them, issue (签发) and seal, render
# the minutes as Markdown, HTML and Word, batch the year, verify the seal.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${YISHI_DEMO_OUT:-demo}"
rm -rf "$OUT"
# the demo's own records, and its own office key and ledger memory (under $OUT/config):
# a demo must neither sign with this office's key nor read as a tampered ledger when re-run
export YISHI_RECORDS="$OUT/records" XDG_CONFIG_HOME="$OUT/config" YISHI_LANG="${YISHI_LANG:-zh}"
RULES=sample_configs/baicheng-office-party-group.toml
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "yishi rules check sample_configs/   (CI: FILE:LINE:COL: CODE message)"
yishi rules check sample_configs/

step "第一次党组会：开会、出席、请假、列席"
FIRST=$(yishi open "$RULES" --type party_group --date 2024-03-05 --time 09:00 \
      --place 市政府办公室三楼会议室 --recorder 周敏 --notice-sent 2024-03-03 | tail -n 1)
echo "$FIRST"
yishi attend 张伟 王丽 李军 刘洋 陈刚
yishi leave 赵敏 --reason 参加市委党校培训 --opinion "同意各项议题"
yishi guest 孙强 --role 人事科科长
yishi guest 吴霞 --role 财务科科长

step "议题一：传达学习"
yishi item add "传达学习习近平总书记重要讲话精神" --kind study --presenter 张伟
yishi decide 1 "会议要求，办公室全体干部要深入学习领会，结合工作实际抓好贯彻落实。"

step "议题二：大额资金（金额达到 500 元，自动按“大额资金使用”记录）"
yishi item add "关于购置办公设备的请示" --kind general --amount 86000 --area finance \
      --presenter 王丽 --materials-sent 2024-03-02
yishi opinion 2 陈刚 agree --text "设备老化，确需更新"
yishi opinion 2 刘洋 agree
yishi opinion 2 李军 agree
yishi opinion 2 王丽 agree --text "资金已列入年度预算"
yishi opinion 2 张伟 agree --text "同意，严格按政府采购程序办理"
yishi vote 2 --method hands --yes 张伟,王丽,李军,刘洋,陈刚
yishi decide 2 "会议同意购置办公设备，所需资金8.6万元从年度预算中列支，由财务科按政府采购程序组织实施。"

step "议题三：干部任免（逐个表决，无记名投票）"
yishi item add "关于科级干部任免的议题" --kind personnel --area personnel --presenter 李军 \
      --candidate 周晓明 --candidate 郑丽华
for c in 周晓明 郑丽华; do
  yishi opinion 3 陈刚 agree --candidate "$c"
  yishi opinion 3 刘洋 agree --candidate "$c"
  yishi opinion 3 李军 agree --candidate "$c"
  yishi opinion 3 王丽 agree --candidate "$c"
  yishi opinion 3 张伟 agree --candidate "$c"
done
yishi vote 3 --method secret --candidate 周晓明 --yes 5 --no 0 --abstain 0
yishi vote 3 --method secret --candidate 郑丽华 --yes 4 --no 1 --abstain 0
yishi decide 3 "会议同意周晓明任综合科科长，郑丽华任秘书科副科长，按程序办理任职手续。"

step "yishi status   (live view)"
yishi status

step "yishi check   (exit 1 would mean a rule was broken)"
yishi check

step "结束、签发（编号并封存）"
yishi close
yishi issue

step "第二次党组会（漏记分管领导意见：check 会指出）"
yishi open "$RULES" --type party_group --date 2024-04-08 --time 15:00 \
      --place 市政府办公室三楼会议室 --recorder 周敏
yishi attend 张伟 李军 刘洋 陈刚 赵敏
yishi leave 王丽 --reason 病假
yishi item add "关于调整办公用房的议题" --kind general --area assets --presenter 陈刚
yishi opinion 1 赵敏 agree
yishi opinion 1 陈刚 agree
yishi opinion 1 刘洋 agree
yishi opinion 1 李军 agree
yishi opinion 1 张伟 agree
yishi vote 1 --method oral --yes 张伟,李军,刘洋,陈刚,赵敏
yishi decide 1 "会议原则同意办公用房调整方案，由秘书科牵头落实。"
yishi check || echo "(check found errors: exit $?)"
yishi close

step "渲染纪要：Markdown / HTML / Word"
yishi render "$FIRST" --format md
yishi render "$FIRST" --format html -o "$OUT/minutes.html"
yishi render "$FIRST" --format docx -o "$OUT/minutes.docx"
yishi render "$FIRST" --template record --format md -o "$OUT/record.md"

step "yishi batch --year 2024   (numbers the closed meetings whose check passes, renders the year)"
# the second meeting broke a rule: batch lists it, leaves it unnumbered and exits 1
yishi batch --year 2024 --format md,html,docx -o "$OUT/2024" \
  || echo "(batch left the meeting with check errors unnumbered: exit $?)"
ls "$OUT/2024"

step "yishi verify   (the sealed record is unchanged)"
yishi verify "$FIRST"

step "yishi report --year 2024"
yishi report --year 2024

printf '\nDone. Records in %s/records, minutes in %s/.\n' "$OUT" "$OUT"
