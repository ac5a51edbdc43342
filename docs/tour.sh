#!/usr/bin/env bash
# The README's tour, run for real.
#
# Builds the tour's state in a temporary directory from a fresh copy of the
# shipped plan/ (the notes are recorded by the tour's own `plan note`
# commands, each with --at), then runs every command README.md shows and
# prints each as a block: the `$ …` line, then what the command wrote
# (stdout and stderr together, as a terminal shows them).
#
# Usage:
#   docs/tour.sh [PLAN_BINARY]
#   PLAN=target/debug/plan docs/tour.sh
# Without an argument or $PLAN it builds the release binary
# (cargo build --release, which honours CARGO_TARGET_DIR) and uses that.
#
# tests/readme.rs runs it with the debug binary and checks every fenced
# block of README.md that starts with `$ ` against what it prints:
#   cargo test --test readme                      check the README
#   PLAN_UPDATE_DOCS=1 cargo test --test readme   rewrite the README's blocks
#
# Everything is pinned so the output is the same on any machine, any day:
# the environment below, notes recorded with --at, reports and status with
# --as-of. What cannot be pinned is a note's key (64 random bits; people
# see its first 8 hex digits, like 8631c1cb): the test replaces every word
# of exactly 8 lowercase hex digits with k0000001, k0000002 … in order of
# first appearance in this script's output, and the README shows those.
# No flag pins the time `plan report` says it was generated at, so the
# README leaves that line out with a `…` line.
# The `plan serve` block needs port 8040 free on 127.0.0.1 (the default
# port, as a newcomer sees it); it retries for a few seconds if it is not.
#
# A command's expected exit status is checked: the script stops (exit 1)
# when one differs, saying which.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${1:-${PLAN:-}}
if [ -z "$bin" ]; then
  (cd "$repo" && cargo build --release --quiet)
  target=${CARGO_TARGET_DIR:-target}
  case $target in /*) ;; *) target=$repo/$target ;; esac
  bin=$target/release/plan
fi
case $bin in
  /*) ;;
  */*) bin=$PWD/$bin ;;
  *) bin=$(command -v "$bin" || echo "$PWD/$bin") ;;
esac
[ -x "$bin" ] || { echo "tour.sh: no plan binary at $bin" >&2; exit 1; }

# A fixed environment: nothing from the caller's shell or user config.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(PLAN_|LC_)' || true)
unset PLAN PAGER LINES TERM CLICOLOR CLICOLOR_FORCE XDG_CONFIG_HOME
export COLUMNS=80 NO_COLOR=1 LANG=C TZ=Asia/Tokyo
export PLAN_CONFIG=/nonexistent PLAN_AUTHOR=山田 PLAN_EMAIL=yamada@example.jp
# git without the caller's configuration (the plan sync block).
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

work=$(mktemp -d "${TMPDIR:-/tmp}/plan-tour.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/tour"
cp -R "$repo/plan" "$work/tour/plan"
cd "$work/tour"

# `plan` in the commands below is the binary under test.
plan() { "$bin" "$@"; }

# run CODE 'COMMAND': prints `$ COMMAND` and its output; stops the tour
# unless it exits with CODE.
run() {
  local want=$1 cmd=$2 got=0
  printf '$ %s\n' "$cmd"
  eval "$cmd" >"$work/out" 2>&1 </dev/null || got=$?
  cat "$work/out"
  # A block ends with a newline even if the output did not.
  if [ -s "$work/out" ] && [ -n "$(tail -c 1 "$work/out")" ]; then echo; fi
  if [ "$got" != "$want" ]; then
    echo "tour.sh: \`$cmd\` exited $got, expected $want" >&2
    exit 1
  fi
}

# The short key (8 hex digits) of the one note in force on a measure.
short_key() {
  local key
  key=$(plan log "$1" --format ids)
  [ "$(printf '%s\n' "$key" | wc -l)" -eq 1 ] || { echo "tour.sh: not one note on $1" >&2; exit 1; }
  key=${key##*-}
  printf '%s' "${key:0:8}"
}

# serve 'plan serve …': starts the server, waits for the line that says
# where it listens, stops it as Ctrl-C would (SIGTERM: a background job
# of a script ignores SIGINT) and prints what it said.
serve() {
  local cmd=$1 pid tries
  printf '$ %s\n' "$cmd"
  for tries in 1 2 3 4 5 6 7 8 9 10; do
    # shellcheck disable=SC2086 # the command's words, as typed
    "$bin" ${cmd#plan } >"$work/out" 2>"$work/err" </dev/null &
    pid=$!
    for _ in $(seq 100); do
      [ -s "$work/out" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ -s "$work/out" ]; then
      kill -TERM "$pid"
      wait "$pid"
      cat "$work/out" "$work/err"
      return
    fi
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || true
    grep -q 'cannot listen' "$work/err" && [ "$tries" -lt 10 ] && { sleep 1; continue; }
    break
  done
  cat "$work/err" >&2
  echo "tour.sh: \`$cmd\` did not start (is port 8040 in use?)" >&2
  exit 1
}

# --- plan note: the tour's notes (every view below sees all of them) ---

run 0 'plan note 2.イ "セミナー実施" --at 2021-06-15T10:00'
run 0 'plan note 2.tcci.イ "東商新聞で告知" --status active --at 2021-06-20T09:30'
run 0 'plan note 1.tcci.ア,2.tcci.ア "東商新聞に掲載" --at R3.6.25 --link https://www.tokyo-cci.or.jp/'
run 0 'plan note 2.tmg.イ.3 "地域セミナー開催（3回）" -s done --at 令和3年7月1日 --author 佐藤'
run 0 'plan note 4.tmg.ア "認定企業 20 社を公表" -s done --at 2021-09-30'
run 0 "plan note --amend $(short_key 4.tmg.ア) \"認定企業 21 社を公表\" --link https://www.hataraku.metro.tokyo.lg.jp/"
run 0 'plan note 5.tmg.ア "説明会を開催" -s done --at 2021-08-20'
run 0 "plan note --retract $(short_key 5.tmg.ア) --reason \"別の取組の記録\" --at 2021-08-23"
run 2 "plan note --amend $(short_key 4.tmg.ア) 4.tcci.ア"
run 0 'plan note 6.tcci.エ "外国人材拠点の周知、延期" -s blocked --at 2021-10-05 --author 鈴木'
run 2 'plan note 2.イ "セミナー実施" --at 2021-06-31'

# --- plan list ---

run 0 'plan list --party tccí --section 2'
run 0 'plan --lang ja list --section 2 --items'
run 0 'plan list -s active'

# --- plan show ---

run 0 'plan show 2.イ'
run 0 'plan show 6'
run 0 'plan show 4.tmg.ア'
run 2 'plan show 2.キ'

# --- plan log ---

run 0 'plan log'
run 0 'plan --lang ja --date-style wareki log 2'
run 0 'plan log --party tcci --since 2021-06 --until R3.6.30'
run 0 'plan log --all --since 2021-08-01'

# --- plan status ---

run 0 'plan --lang ja status'
run 0 'plan status --format markdown --as-of 2021-10-31'
run 0 'plan status --by party --as-of 2021-06-30'
run 0 'plan status --format csv --bom > status.csv'

# --- plan report ---

run 0 'plan report --section 2 --as-of 2021-10-31 --notes all'
run 0 'plan report --format html --as-of 2021-09 --output report.html'

# --- plan check, plan fmt, plan schema ---

# A copy of the shipped plan with a typo in its first `label = "ウ"`.
cp -R "$repo/plan" broken
awk '!done && /^label = "ウ"/ { sub(/^label/, "lable"); done = 1 } 1' \
  "$repo/plan/05-women.toml" >broken/05-women.toml
run 0 'plan check'
run 1 'plan --plan broken check'
run 3 'plan --plan broken list'
run 0 'plan fmt --check'
run 0 'plan schema section'

# --- plan render, plan import, plan diff ---

run 0 'plan render'
# Next year's document: the FY2021 text with a new year, a measure
# renamed and a ・ sub-item added.
awk '{
  sub(/令和３年度（2021 年度）/, "令和４年度（2022 年度）")
  sub(/令和３年（2021 年）４月１日/, "令和４年（2022 年）４月１日")
  if ($0 == "イ ライフ・ワーク・バランスＥＸＰＯの開催 ") {
    $0 = "イ ライフ・ワーク・バランスＥＸＰＯのオンライン開催\n   ・出展企業の募集"
  }
  print
}' "$repo/docs/source-fy2021.txt" >plan-fy2022.txt
run 0 'plan import plan-fy2022.txt --out plan-2022'
run 1 'plan diff plan plan-2022'
run 0 'plan --plan plan-2022 status --by party'

# --- plan rollover, plan history (on a copy, so the rest of the tour
# keeps FY2021) ---

mkdir office
cp -R plan office/plan
run 0 'plan --plan office/plan rollover plan-fy2022.txt --carry'
run 0 'plan --plan office/plan history 2.tcci.イ'

# --- plan config, plan completions, plan man ---

printf 'date_style = "wareki"\n' >config.toml
run 0 'plan --plan plan config'
run 0 'PLAN_CONFIG=config.toml plan --plan plan config'
run 0 'plan completions zsh'
run 0 'plan man note'

# --- plan serve ---

serve 'plan serve'

# --- plan sync ---

# The tour's directory as a clone of a (local, bare) remote, with the
# tour's notes not yet committed.
g() { git -c user.name=山田 -c user.email=yamada@example.jp "$@" >/dev/null 2>&1; }
g init -q -b main
g add plan/plan.toml plan/*-*.toml plan/schema plan/.gitattributes
g commit -q -m 'FY2021 plan'
g init -q --bare -b main "$work/remote.git"
g remote add origin "$work/remote.git"
g push -q -u origin main
run 0 'plan note 6.tmg.ア "説明会の案内を送付" --at 2021-10-01 --commit'
run 0 'plan sync'
