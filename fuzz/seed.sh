#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/<target>/) from the shipped plan and
# the check corpus (tests/corpus), joining a plan's files with NUL bytes as
# fuzz/harness.rs splits them. Run from anywhere; corpora are not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out"/{load,notes,ids,dates,check}

# Concatenates files with a NUL between them; unreadable ones are empty.
join() {
  local first=1
  for f in "$@"; do
    [ $first -eq 1 ] || printf '\0'
    first=0
    cat "$f" 2>/dev/null || true
  done
}

n=0
for dir in plan tests/corpus/*/plan; do
  n=$((n + 1))
  sections=()
  for f in "$dir"/[0-9]*.toml; do [ -e "$f" ] || [ -L "$f" ] && sections+=("$f"); done
  join "$dir/plan.toml" "${sections[@]}" > "$out/load/plan-$n"
  join "$dir/plan.toml" "$dir/notes/01.toml" "$dir/notes/02.toml" "${sections[@]}" > "$out/check/plan-$n"
  for f in "$dir"/notes/*.toml; do
    [ -f "$f" ] && cp "$f" "$out/notes/$n-$(basename "$f")"
  done
done
# The note line of the README, and a file as plan note starts it.
sed -n '/^"20210615T100000+0900-3fa91c2e"/p' README.md > "$out/notes/readme"
printf '%s\n' '# header' '"20210615T100000+0900-3fa91c2e0b7d4e55" = { id = "2.tmg.イ.3", at = 2021-06-15T10:00:00+09:00, author = "山田 \"太郎\"", status = "active", text = "一行目\n二行目\t\\ \u001b[31m", links = ["https://example.org/a?b=c", "docs/報告.pdf"], amends = "k" }' '"k" = { id = "2.tmg.ア", at = 2021-06-15, author = "a", retracts = "20210615T100000+0900-3fa91c2e0b7d4e55" }' > "$out/notes/written"

i=0
for id in '2.tcci.イ' '2.tmg.イ.1' '2.イ' '2.東商.い' '2.TCCI.i' '2.tccí.イ' '２．イ' '2' \
  '1-6.tcci.ア' '2-4' '1,3' '2.都.ka' '6.東京商工会議所.オ' 'done' '実施済' 'tmg' '東京都'; do
  i=$((i + 1)); printf '%s' "$id" > "$out/ids/$i"
done
i=0
for date in '2021-06-15' '2021/6/15' '2021-06-15T10:00' '2021-06-15T10:00:00+09:00' '2021-07' \
  '令和3年6月15日' 'R3.6.15' '令和元年5月1日' 'today' '昨日' 'Ｒ３．６．１５' '2021-06-15 10:00' \
  'H31.4.30' '2021-03-14T02:30'; do
  i=$((i + 1)); printf '%s' "$date" > "$out/dates/$i"
done
echo "seeded $(find "$out" -type f | wc -l) inputs in $out"
