//! The Japanese catalogue: every word the program shows in Japanese — the
//! tables, the report, the web pages ([`WORDS`]) and the command line's
//! help ([`ABOUT`] … [`ARGS`]). Its English twin is [`super::en`]; the
//! English help of each flag is its clap definition (one definition feeds
//! `--help`, the man page and the completions).
//!
//! In help texts, `{fy}` is the plan's fiscal year, `{prev}` and `{next}`
//! the years around it, `{era}` and `{r}` its era year (`令和3年`, `R3`) and
//! `{wafy}` the fiscal year in the era (`令和３年度`): `cli::help` fills them
//! in, so the examples follow the plan at hand.

use super::{Short, Words};

pub const ABOUT: &str = "git で管理する TOML ファイルの連携実施計画の進捗を管理します";

pub const LONG_ABOUT: &str = "\
git で管理する TOML ファイルの連携実施計画を管理します。取組の一覧と表示、取組ごとの
進捗記録、状況表と報告書の出力、計画文書の出力と取り込み、CI での計画ファイルの検査が
できます。

計画は TOML ファイルのディレクトリ（plan/plan.toml と節ごとのファイル）で、--plan、
PLAN_DIR、または上位ディレクトリの plan/plan.toml から見つけます。
毎年 4 月、`plan rollover 文書` で新年度を一度に始めます: 今年度の計画と記録は
archive/<年度>/ に移り、新しい文書が計画になり、各取組に前年度のどの取組を継続するかが
記録されます。

取組 ID: 2.tcci.イ（正式）、2.イ（主体は --party、PLAN_PARTY、ユーザー設定の party、計画の default_party）、
2.東商.い、2.TCCI.i、２．イ。小項目は 2.tmg.イ.1 です。";

pub const EXAMPLES: &str = "\
例:
  plan list --party tcci              東京商工会議所の取組
  plan list --grep テレワーク --format json
  plan show 2.イ                      取組 1 件の全体
  plan show 6                         節全体を原文の構成で
  plan note 2.イ \"セミナー実施\"         進捗を記録
  plan status --format markdown       報告書用の表
  plan report --format html -o r.html 管理職向けの進捗報告
  plan check                          計画ファイルの検査（CI 用）
  plan rollover plan-fy{next}.pdf       翌年度を始める

終了コード: 0 成功、1 問題あり（check、fmt --check）、2 使い方・入力の誤り
（不正な引数、不明な ID。何も書き込みません）、3 計画ファイルが読めない・不正、
4 内部エラー（不具合です。報告してください）";

/// Each subcommand: (name, about, examples).
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "list",
        "計画の取組を一覧します",
        "\
例:
  plan list                            すべての取組
  plan list --party tcci               東京商工会議所のみ（TCCI、東商 も可）
  plan list --section 2-4 --items      第2〜4節を小項目つきで
  plan list --grep テレワーク --format json
  plan list --status active --status blocked
  plan list --stale 30                 30 日間記録のない取組
  plan list --format ids               正式 ID を 1 行に 1 件",
    ),
    (
        "show",
        "取組・小項目・節の全体を表示します",
        "\
例:
  plan show 2.イ              2.tmg.イ（既定の主体）を記録つきで
  plan show 2.tcci.イ         東京商工会議所の同じラベル
  plan show 2.東商.i          略称とローマ字でも同じ
  plan show 2.tmg.イ.1        小項目 1 件
  plan show 6                 第6節を原文の構成で
  plan show 2.イ --format json",
    ),
    (
        "note",
        "取組に進捗を記録します",
        "\
例:
  plan note 2.イ \"セミナー実施\"                      2.tmg.イ（既定の主体）に記録
  plan note 2.tcci.イ \"東商新聞で告知\" --status active
  plan note 2.tmg.イ.3 \"体験型セミナー開催\" --status done
  plan note 4.ア \"認定企業 20 社\" --at {fy}-06-15 --author 山田
  plan note 1.ア --status 実施済                      状況の変更だけならテキスト不要
  plan note --amend 3fa91c2e \"セミナー実施（2回）\"     記録を訂正（キーは plan log で）
  plan note --amend 3fa91c2e --move-to 2.tcci.カ       別の取組に記録した記録を移す
  plan note --retract 3fa91c2e --reason \"別の取組の記録\"
  git log -1 --format=%B | plan note 2.イ -           テキストを標準入力から
  plan note 2.イ \"セミナー実施\" --commit            記録を git にコミット（記録者の名前で）",
    ),
    (
        "log",
        "進捗記録を新しい順に表示します",
        "\
例:
  plan log                          すべての記録
  plan log 2.イ                     2.tmg.イ とその小項目の記録
  plan log 2                        第2節の記録
  plan log --party tcci --since {fy}-06-01 --until {fy}-06-30
  plan log --author 山田 --status done
  plan log --format markdown",
    ),
    (
        "status",
        "計画の進み具合を表にします",
        "\
例:
  plan status                          節ごと、主体ごとに 1 行
  plan status --by party
  plan status --by measure --party tcci --section 2
  plan status --as-of {fy}-09-30       9 月末時点の状況
  plan status --format markdown        報告書に貼る表
  plan status --format csv --bom > status.csv   Excel 用

達成率は 実施済 ÷（取組数 − 中止）、進捗率は小項目も加味した進み具合
（中止以外の取組の実施済の割合の平均。小項目 4 件中 3 件実施済なら ¾）です。",
    ),
    (
        "check",
        "計画ファイルを検査します（CI 用、push 前に）",
        "\
例:
  plan check                          すべての問題を ファイル:行:列 つきで
  plan check --format github          プルリクエストの差分に注釈
  plan check --format json | jq '.[] | select(.severity == \"error\")'
  plan check --deny-warnings          警告でも失敗にする

終了コード: 0 エラーなし、1 エラーあり（--deny-warnings なら警告も）、
2 使い方・入出力の誤り（計画が見つからない等）。コード一覧は docs/ci.md。",
    ),
    (
        "fmt",
        "計画ファイルを標準の書式に整えます（コメントは残します）",
        "\
例:
  plan fmt               plan.toml と節ファイルをその場で整形
  plan fmt --check       整形が必要なら差分を示して終了コード 1（CI 用）

記録ファイルは追記専用のため変更しません。",
    ),
    (
        "schema",
        "plan.toml または節ファイルの JSON Schema を出力します",
        "\
例:
  plan schema section                  節ファイルのスキーマ
  plan schema plan > plan.schema.json
  plan schema --write                  plan/schema/*.schema.json を更新

同梱ファイルの先頭の `#:schema ./schema/….schema.json` により、taplo や
VS Code の Even Better TOML が入力中に検証します。",
    ),
    (
        "completions",
        "シェル補完のコードを出力します",
        "\
例:
  source <(plan completions bash)                    ~/.bashrc に
  source <(plan completions zsh)                     ~/.zshrc に
  plan completions fish | source                     ~/.config/fish/config.fish に
  plan completions powershell | Out-String | Invoke-Expression

入力中に plan を呼び出すため、`plan note 2.<TAB>` で今いる計画の第2節の
取組 ID が補完されます（zsh と fish ではテキストつき）。",
    ),
    (
        "man",
        "マニュアルページ（roff）を出力します",
        "\
例:
  plan man | man -l -                 すぐに読む
  plan man > /usr/local/share/man/man1/plan.1
  plan man note                       サブコマンドのページ（plan-note(1)）",
    ),
    (
        "config",
        "有効な設定とその出所を表示します",
        "\
設定（優先順）:
  lang        --lang、PLAN_LANG、ロケール（LC_ALL、LC_MESSAGES、LANG）、[settings] lang、en
  date_style  --date-style、PLAN_DATE_STYLE、[settings] date_style、iso
  party       --party、PLAN_PARTY、ユーザー設定の party、default_party（2.イ のような ID の主体）
  author      --author、PLAN_AUTHOR、[settings] author、git config user.name、ログイン名
  plan        --plan、PLAN_DIR、上位ディレクトリの plan/plan.toml
  color       --color、NO_COLOR（色は端末のときだけ）
  pager       --no-pager、PLAN_PAGER、PAGER、less -FRX（端末のときだけ）
  accounts    --accounts、PLAN_ACCOUNTS、ユーザー設定と同じ場所の accounts.toml（plan user、plan serve）
  cache       PLAN_NO_CACHE=1（使わない）、PLAN_CACHE_DIR、$XDG_CACHE_HOME/plan（~/.cache/plan）（plan list、plan status）

[settings] は plan/plan.toml に書きます:
  [settings]
  lang = \"ja\"
  date_style = \"wareki\"

例:
  plan config
  PLAN_LANG=en plan config --format json",
    ),
    (
        "render",
        "計画を公式の文書の形で出力します（テキスト、Markdown、HTML）",
        "\
例:
  plan render                              文書をテキストで
  plan render --format html -o plan.html   印刷できる 1 ページ、取組ごとのアンカーつき
  plan render --format markdown            報告書用（#m-2.tmg.イ のようなアンカー）
  plan --plan archive/{prev} render          前年度の文書

日付と数字（{wafy}（{fy} 年度）、平成 29 年 11 月 30 日）は plan.toml の
fiscal_year、effective、agreement.date から書き出します。",
    ),
    (
        "report",
        "管理職向けの進捗報告を書き出します（Markdown、HTML、Excel）",
        "\
例:
  plan report                                     Markdown、今日時点
  plan report --as-of {fy}-09-30 --notes all      上半期、すべての記録つき
  plan report --format html --as-of {fy}-09 -o report.html
  plan report --format xlsx -o report.xlsx        Excel ブック
  plan report --party tcci --section 2-4

--as-of に月を指定すると月末時点です。HTML はブラウザで PDF に印刷できます:
  chromium --headless --print-to-pdf=report.pdf report.html",
    ),
    (
        "import",
        "計画文書（テキストまたは PDF）から新しい計画ディレクトリを作ります",
        "\
例:
  plan import plan-fy{next}.pdf --out plan-{next}       pdftotext（poppler-utils）が必要
  plan import plan-fy{next}.txt --out plan-{next}       PDF から取り出したテキスト
  plan import plan-fy{next}.txt --out plan --force    記録のまだない計画を置き換え
  plan import doc.txt --out new --like archive/{prev} 主体とファイル名をその計画から

文書にないこと（主体のキー、英語名、既定の主体、設定、ファイル名）は --like DIR、
--out にある計画、今の計画の順に取ります。問題は文書の行番号つきですべて示し、
何も書き込みません（終了コード 2）。

--force で置き換えるのは記録（notes/）のない計画ディレクトリ（plan.toml、節のファイル、
schema/、.gitattributes）だけです。記録のある計画から新しい年度を始めるには
`plan rollover DOCUMENT` を使ってください。",
    ),
    (
        "rollover",
        "新年度を始めます: 今年度の計画と記録をアーカイブし、翌年度の文書を取り込みます",
        "\
例:
  plan rollover plan-fy{next}.pdf            pdftotext（poppler-utils）が必要
  plan rollover plan-fy{next}.txt --carry    未完了の取組に前年度末の状況を記録して始める
  plan rollover --resume                   中断した rollover を完了（または取り消し）

今の計画と記録は plan/ と同じ階層の archive/<年度>/ に移り（git リポジトリなら
ステージします。コミットしてください）、文書が記録の空の plan/ になります。新しい
取組には、前年度のどの取組を継続するか（節ファイルの continues、終了したものは
plan.toml の [previous]）を plan diff と同じ対応づけで書きます。
`plan diff archive/<年度> plan` で確かめ、誤りは手で直してください。
すべてか無か: 失敗や強制終了でも、古い計画か新しい計画のどちらかが完全に残り、
記録は失われません。",
    ),
    (
        "history",
        "取組を年度をまたいでたどります",
        "\
例:
  plan history 2.tmg.エ                 今年度の 2.tmg.エ と、それが継続する取組
  plan history 2.エ --format json

1 行が 1 年度で、古い年度から並びます: その年度の ID、前年度からの変化（新規、同じ、
番号変更、文言変更）、年度末の状況（今年度は現在）、その年度の記録数。前年度は
plan/ と同じ階層の archive/<年度>/ から、continues（plan rollover）でたどります。",
    ),
    (
        "sync",
        "未コミットの記録をコミットし、プル（リベース）してプッシュします",
        "\
手順:
  1. 未コミットの変更がある記録ファイルを一つのコミットにまとめます
     （\"plan sync: N notes\"、設定の記録者とメールアドレスで）。
     ステージ済みのほかの変更はコミットしません
  2. ブランチの上流から git pull --rebase（記録ファイルは和集合マージ）
  3. git push

終了コード: 0 同期済み、2 git リポジトリでない、5 上流がない・リモートに
接続できない・プッシュが拒否された（記録はここでコミット済み）、
6 記録以外のファイルで衝突（リベースを中止、何も変更なし）。

例:
  plan sync
  plan sync --author 山田 --email yamada@example.jp",
    ),
    (
        "diff",
        "二つの計画（ディレクトリまたは git リビジョン）の違いを示します",
        "\
例:
  plan diff archive/{prev} plan          前年度の計画と今年度の計画
  plan diff HEAD~10                    10 コミット前の計画と今の作業ツリー
  plan diff v{prev} .                    タグと作業ツリー
  plan diff archive/{prev} plan --format json

終了コード: 0 同じ、1 違いあり、2 不正な入力、3 計画ファイルが不正。",
    ),
    (
        "serve",
        "計画を Web ページとして表示します（既定ではこのマシンからのみ）",
        "\
例:
  plan serve                      http://127.0.0.1:8040/（このマシンからのみ）
  plan serve --open               ブラウザで開く
  plan serve --read-only          フォームなし（何も記録できない）
  plan serve --port 0             空いているポート（起動時に表示）
  plan serve --host 0.0.0.0 --read-only   他のマシンからも（警告を表示）
  plan serve --sync 5m            起動時と 5 分ごとに plan sync
  plan serve --host 0.0.0.0 --accounts ~/.config/plan/accounts.toml \\
             --tls-cert cert.pem --tls-key key.pem     ログインのある事務局サーバー
  plan serve --accounts FILE --auth-header Remote-User --trusted-proxy 127.0.0.1
                                  シングルサインオンの nginx/Caddy の後ろで

ループバック以外では --accounts か --auth-header（または --read-only）が必要で、
パスワードログインには TLS か信頼するプロキシが必要です（docs/deploy.md）。

サーバーの外での変更（git pull、plan note）は次にページを開いたときに反映されます。
Ctrl-C で停止します（処理中の要求は最大 5 秒まで待ちます）。",
    ),
    (
        "user",
        "plan serve にログインするアカウントを管理します",
        "\
例:
  plan user add takahashi --display 高橋 --party tcci --role editor
  plan user add sato --display 佐藤 --party tmg --role admin --email sato@example.jp
  plan user list
  plan user passwd takahashi
  echo \"$PW\" | plan user add kato --display 加藤 --role viewer --password-stdin
  plan user remove takahashi

アカウントファイルは $XDG_CONFIG_HOME/plan/accounts.toml（ユーザー設定と同じ場所）、
または --accounts か PLAN_ACCOUNTS で指定したファイルです。モード 0600 で書き込み、
計画リポジトリの中には置けません。役割: viewer（閲覧）、editor（自分の主体の取組に記録）、
admin（すべて）。",
    ),
];

/// Each argument's help, keyed by (subcommand, argument id): the same flag
/// name means different things in different subcommands (`note --force`
/// is not `import --force`). The global flags and `--help`/`--version` are
/// keyed by the root command, "". A test walks the whole command tree: no
/// argument without its entry, no entry without its argument.
pub const ARGS: &[(&str, &str, &str)] = &[
    // Global flags, and the ones clap generates.
    (
        "",
        "plan",
        "計画ディレクトリ（plan.toml のある所）か plan/ を含むリポジトリ [既定: PLAN_DIR、上位の plan/]",
    ),
    ("", "lang", "表示言語 [既定: PLAN_LANG、ロケール、en]"),
    (
        "",
        "date_style",
        "日付の表示 [既定: PLAN_DATE_STYLE、iso]（wareki で {era}6月15日）",
    ),
    ("", "color", "色を使うとき（NO_COLOR があれば使わない）"),
    ("", "no_pager", "長い出力を $PAGER に送らない"),
    ("", "help", HELP),
    ("", "version", "バージョンを表示"),
    // plan list
    ("list", "party", PARTIES),
    ("list", "section", SECTIONS),
    (
        "list",
        "grep",
        "テキストか小項目に TEXT を含む取組（全角・大小文字を区別しない: expo で ＥＸＰＯ）",
    ),
    (
        "list",
        "status",
        "この状況の取組: planned、active、done、blocked、dropped（未着手、実施中、実施済、保留、中止）。複数指定可",
    ),
    ("list", "stale", "直近 DAYS 日に記録のない取組"),
    ("list", "items", "小項目（・）を字下げした行で表示"),
    ("list", "format", FORMAT),
    ("list", "bom", BOM),
    ("list", "raw", RAW),
    ("list", "help", HELP),
    // plan show
    (
        "show",
        "target",
        "取組 ID（2.イ、2.tcci.イ、2.tmg.イ.1）または節番号（2）",
    ),
    ("show", "party", PARTY),
    ("show", "format", FORMAT),
    ("show", "bom", BOM),
    ("show", "raw", RAW),
    ("show", "help", HELP),
    // plan note
    (
        "note",
        "id",
        "取組または小項目（2.イ、2.tcci.イ、2.tmg.イ.3）。複数はカンマで（1.tcci.ア,2.tcci.ア）、節の範囲でも（1-6.tcci.ア）",
    ),
    (
        "note",
        "text",
        "実施した内容（引用符で囲む）。`-` で標準入力から（複数行のとき）",
    ),
    (
        "note",
        "status",
        "状況を変える: planned、active、done、blocked、dropped（未着手、実施中、実施済、保留、中止 など）",
    ),
    (
        "note",
        "at",
        "実施日時: {fy}-06-15、{fy}-06-15T10:00、{era}6月15日、{r}.6.15、today [既定: 現在]",
    ),
    (
        "note",
        "author",
        "記録者 [既定: PLAN_AUTHOR、ユーザー設定、[settings] author、git config user.name、ログイン名]",
    ),
    (
        "note",
        "link",
        "根拠: http(s) の URL またはリポジトリ内のパス。複数指定可",
    ),
    (
        "note",
        "amend",
        "このキー（またはその一意な一部）の記録を訂正する: 新しい版を記録し、指定しない項目は元のまま",
    ),
    (
        "note",
        "retract",
        "このキー（またはその一意な一部）の記録を取り消す",
    ),
    ("note", "reason", "取り消す理由（--retract と）"),
    (
        "note",
        "allow_future",
        "未来の日時を受け付ける（予定の記録。その日時から数えます）",
    ),
    (
        "note",
        "force",
        "計画の年度外の --at や、効力のある記録と同じ記録を受け付ける",
    ),
    (
        "note",
        "move_to",
        "訂正した記録をこの取組に移す（--amend と。テキストなどは指定しなければ元のまま）",
    ),
    (
        "note",
        "allow_superseded",
        "新しい版のある古い版でも訂正・取り消しする（--amend、--retract と）",
    ),
    ("note", "party", PARTY),
    ("note", "format", FORMAT),
    ("note", "help", HELP),
    // plan log
    (
        "log",
        "target",
        "この取組（小項目を含む）または節の記録だけ",
    ),
    ("log", "party", PARTIES),
    ("log", "since", "この日以降の記録（{fy}-06-01）"),
    ("log", "until", "この日以前の記録（{fy}-06-30）"),
    (
        "log",
        "author",
        "この記録者の記録だけ（全角・大小文字を区別しない）。複数指定可",
    ),
    ("log", "status", "この状況にした記録だけ。複数指定可"),
    ("log", "limit", "最大 N 件"),
    (
        "log",
        "all",
        "すべての行を表示: 古い版、取り消された記録、訂正・取消そのもの",
    ),
    ("log", "format", FORMAT),
    ("log", "bom", BOM),
    ("log", "raw", RAW),
    ("log", "help", HELP),
    // plan status
    ("status", "by", "まとめ方: 節、主体、取組"),
    ("status", "party", PARTIES),
    ("status", "section", SECTIONS),
    (
        "status",
        "as_of",
        "この日の終わり時点の状況（それまでの記録を再生）",
    ),
    ("status", "format", FORMAT),
    ("status", "bom", BOM),
    ("status", "raw", RAW),
    ("status", "help", HELP),
    // plan check
    ("check", "format", FORMAT),
    (
        "check",
        "deny_warnings",
        "警告もエラーとして扱う（あれば終了コード 1）",
    ),
    (
        "check",
        "fix",
        "記録ファイルの途切れた最終行（中断された書き込み）を、表示してから取り除く",
    ),
    ("check", "help", HELP),
    // plan fmt
    (
        "fmt",
        "check",
        "書き込まず、変更点を示して、変更があれば終了コード 1",
    ),
    ("fmt", "help", HELP),
    // plan schema
    ("schema", "kind", "出力するスキーマ"),
    (
        "schema",
        "write",
        "両方のスキーマを計画の schema/ に書き出す",
    ),
    ("schema", "help", HELP),
    // plan completions
    ("completions", "shell", "シェル"),
    ("completions", "help", HELP),
    // plan man
    (
        "man",
        "subcommand",
        "サブコマンド（そのページを出力: plan-note(1) など）",
    ),
    ("man", "help", HELP),
    // plan config
    ("config", "format", FORMAT),
    ("config", "bom", BOM),
    ("config", "raw", RAW),
    ("config", "help", HELP),
    // plan render
    ("render", "format", FORMAT),
    ("render", "output", OUTPUT),
    ("render", "help", HELP),
    // plan report
    (
        "report",
        "as_of",
        "この日の終わり時点（月なら月末） [既定: 今日]",
    ),
    ("report", "party", PARTIES),
    ("report", "section", SECTIONS),
    ("report", "format", "報告書の形式"),
    (
        "report",
        "output",
        "標準出力ではなく FILE に（一度に）書き出す",
    ),
    (
        "report",
        "notes",
        "各取組の最新の結果だけ（latest）か、すべての記録を日付順に（all）",
    ),
    ("report", "help", HELP),
    // plan import
    (
        "import",
        "document",
        "計画文書: PDF から取り出したテキスト、または PDF そのもの",
    ),
    (
        "import",
        "out",
        "書き出す計画ディレクトリ（--force なしでは新規か空のもの）",
    ),
    (
        "import",
        "force",
        "--out の計画を置き換える（記録 notes/ のない計画ディレクトリに限る）",
    ),
    (
        "import",
        "timeout",
        "pdftotext をこの秒数で止める（終わらない PDF 対策）",
    ),
    (
        "import",
        "like",
        "主体・既定の主体・設定・ファイル名をこの計画から取る",
    ),
    ("import", "help", HELP),
    // plan rollover
    (
        "rollover",
        "document",
        "新年度の計画文書: PDF から取り出したテキスト、または PDF そのもの",
    ),
    (
        "rollover",
        "carry",
        "記録があり完了・中止でない継続の取組に、前年度末の状況を引き継ぐ記録を付ける",
    ),
    (
        "rollover",
        "resume",
        "中断した rollover を完了（または取り消し）する",
    ),
    (
        "rollover",
        "timeout",
        "pdftotext をこの秒数で止める（終わらない PDF 対策）",
    ),
    (
        "rollover",
        "author",
        "--carry の記録の記録者 [既定: 記録者の設定]",
    ),
    ("rollover", "help", HELP),
    // plan history
    ("history", "id", "取組（今年度の ID）"),
    ("history", "party", PARTY),
    ("history", "format", FORMAT),
    ("history", "bom", BOM),
    ("history", "raw", RAW),
    ("history", "help", HELP),
    // plan report --last-year
    (
        "report",
        "last_year",
        "各取組の横に、それが継続する前年度の取組の年度末の状況を示す（archive/<年度>/ から）",
    ),
    // plan diff
    (
        "diff",
        "old",
        "前の計画: ディレクトリ、または今の計画の git リビジョン",
    ),
    ("diff", "new", "後の計画 [既定: 今の計画]"),
    ("diff", "format", FORMAT),
    ("diff", "help", HELP),
    // plan note --commit (git)
    (
        "note",
        "email",
        "コミットの記録者のメールアドレス [既定: PLAN_EMAIL、ユーザー設定、git config user.email]",
    ),
    (
        "note",
        "commit",
        "記録を git にコミットする（触れた記録ファイルだけ）[既定: PLAN_COMMIT、ユーザー設定、[settings] commit]",
    ),
    ("note", "no_commit", "設定にかかわらずコミットしない"),
    // plan sync
    (
        "sync",
        "author",
        "未コミットの記録をまとめるコミットの記録者 [既定: 記録者の設定]",
    ),
    (
        "sync",
        "email",
        "そのコミットのメールアドレス [既定: PLAN_EMAIL、ユーザー設定、git config user.email]",
    ),
    ("sync", "help", HELP),
    (
        "serve",
        "sync",
        "起動時と INTERVAL ごとに git と同期する（plan sync）: 30s、5m、1h",
    ),
    // plan serve
    (
        "serve",
        "host",
        "待ち受けるアドレス。ループバック以外では他のマシンからも接続できます",
    ),
    (
        "serve",
        "port",
        "待ち受けるポート（0 なら空いているポート）",
    ),
    (
        "serve",
        "read_only",
        "フォームを出さず、書き込みをすべて拒否する",
    ),
    ("serve", "open", "デスクトップのブラウザでページを開く"),
    (
        "serve",
        "header_timeout",
        "接続が要求ヘッダーを送り終えるまで（と、待機中の接続を開いておく）秒数",
    ),
    (
        "serve",
        "accounts",
        "このアカウントファイル（plan user add）のユーザーでログインを必須にする [環境変数: PLAN_ACCOUNTS]",
    ),
    (
        "serve",
        "auth_header",
        "信頼するプロキシのこのヘッダーからログイン中のユーザーを取る（シングルサインオン）",
    ),
    (
        "serve",
        "trusted_proxy",
        "プロキシのアドレス。--auth-header を信用する唯一の接続元（複数指定可）",
    ),
    (
        "serve",
        "default_role",
        "アカウントファイルにないプロキシのユーザーの役割（なければ拒否）",
    ),
    (
        "serve",
        "tls_cert",
        "この PEM 証明書チェーンで HTTPS を提供する",
    ),
    ("serve", "tls_key", "--tls-cert の PEM 秘密鍵"),
    ("serve", "help", HELP),
    // plan user
    (
        "user",
        "action",
        "add（追加）、list（一覧）、remove（削除）、passwd（パスワード設定）",
    ),
    ("user", "name", "ログイン名"),
    ("user", "display", "記録者として記録される名前（add）"),
    (
        "user",
        "party",
        "このユーザーが記録できる取組の主体（add。複数指定可）",
    ),
    ("user", "role", "ユーザーの役割（add）"),
    ("user", "email", "メールアドレス（記録のコミット用。add）"),
    (
        "user",
        "password_stdin",
        "パスワードを端末ではなく標準入力の 1 行目から読む",
    ),
    (
        "user",
        "no_password",
        "パスワードなしで追加する（--auth-header でのみログイン）",
    ),
    ("user", "force", "既存のユーザーを置き換える（add）"),
    (
        "user",
        "accounts",
        "アカウントファイル [既定: PLAN_ACCOUNTS、なければユーザー設定と同じ場所の accounts.toml]",
    ),
    ("user", "help", HELP),
];

/// Texts several entries of [`ARGS`] share (the flags of `cli/args.rs`).
const HELP: &str = "ヘルプを表示";
const FORMAT: &str = "出力形式";
const PARTY: &str =
    "ID に主体がないときの主体 [既定: PLAN_PARTY、ユーザー設定の party、計画の default_party]";
const PARTIES: &str = "この主体の取組だけ（tmg、tcci、都、東商 など）。複数指定可";
const SECTIONS: &str = "この節だけ: 2、2-4、1,3。複数指定可";
const BOM: &str = "CSV・TSV を Excel 用に: 先頭に UTF-8 の BOM、--lang ja なら日本語の見出し、Excel が日時と読む日時";
const RAW: &str =
    "CSV・TSV のセルを記録どおりに出す（=、+、-、@、タブ、CR で始まるセルの前に ' を付けない）";
const OUTPUT: &str = "標準出力ではなく FILE に書き出す";

/// The layout of `--help` and its headings.
pub const TEMPLATE: &str = "\
{before-help}{about-with-newline}
使い方: {usage}

{all-args}{after-help}";
pub const USAGE: &str = "使い方";
pub const ARGUMENTS: &str = "引数";
pub const OPTIONS: &str = "オプション";
pub const SUBCOMMANDS: &str = "コマンド";

/// `--help` says this when it is `--help` rather than `-h`.
pub const LONG_HELP: &str = "ヘルプを表示（-h で要約）";

pub const WORDS: Words = Words {
    id: "番号",
    party: "主体",
    sec: "節",
    section: "節",
    title: "節名",
    measure: "取組",
    measures: "取組数",
    items: "小項目",
    sub_item: "小項目",
    status: "状況",
    note_count: "件数",
    notes: "記録",
    updated: "最終更新",
    when: "日時",
    key: "キー",
    author: "記録者",
    note: "内容",
    links: "リンク",
    state: "扱い",
    in_force: "有効",
    amended: "訂正済",
    withdrawn: "取消済",
    retraction: "取消",
    amends: "訂正:",
    retracts: "取消:",
    set_by_note: "記録による",
    no_status: "状況の記録なし",
    last: "最終:",
    rolled_up: |done, total| format!("小項目{total}件中{done}件が実施済"),

    percent: "達成率",
    progress: "進捗率",
    total: "合計",
    all_parties: "計",
    short: Short {
        measures: "取組",
        done: "済",
        active: "中",
        planned: "未",
        blocked: "保",
        dropped: "止",
        progress: "進捗率",
        updated: "最終更新",
    },

    plan: "計画",
    fiscal_year: "年度",
    as_of: "基準日",
    generated: "作成日時",
    summary: "概要",
    legend: "凡例",
    legend_note: "達成率＝実施済÷（取組数−中止）、進捗率＝小項目を加味した進み具合（中止以外の取組の実施済の割合の平均）",
    latest_result: "最新の結果",
    no_measures: "取組なし",
    no_notes: "まだ記録がありません",
    chart_completion: "節・主体別の達成状況",
    chart_timeline: "月別の推移",
    done_cumulative: "実施済（累計）",
    month: "月",
    summary_sheet: "概要",
    measures_sheet: "取組",
    fy: "年度",
    change: "変化",
    same: "同じ",
    renumbered: "番号変更",
    reworded: "文言変更",
    new_measure: "新規",
    years: "年度ごとの経過",
    last_year: "前年度",
    notes_sheet: "記録",

    setting: "設定",
    value: "値",
    source: "出所",
    found: "あり",
    not_found: "なし（任意）",

    error_label: "エラー",
    warning_label: "警告",
    help_label: "ヒント",
    note_label: "注意",

    lang_name: "日本語",
    other_lang: "English",
    dashboard: "概要",
    measure_list: "取組一覧",
    log: "記録一覧",
    contents: "（内容）",
    recent_notes: "最近の記録",
    stale: "30 日間記録のない未完了の取組",
    all_notes: "すべての記録",
    none: "なし",
    downloads: "進捗報告のダウンロード",
    report_html: "HTML（印刷用）",
    report_md: "Markdown",
    report_xlsx: "Excel",
    any_party: "すべての主体",
    any_status: "すべての状況",
    text: "テキスト",
    stale_days: "記録のない日数",
    since: "開始日",
    until: "終了日",
    scope: "取組 ID または節",
    with_corrections: "訂正・取消された記録も表示",
    filter: "絞り込む",
    clear: "解除",
    history: "記録の履歴",
    record: "進捗を記録",
    on: "対象",
    what_was_done: "実施した内容",
    no_change: "（変更なし）",
    at: "実施日時",
    at_hint: "空欄なら現在。例: 2021-06-15、2021-06-15T10:00、令和3年6月15日",
    allow_future: "予定の記録（未来の日付を許可）",
    outside_year: "年度外の日付を許可",
    recorded_by: "記録者",
    links_hint: "根拠のリンク（http(s) の URL かリポジトリ内のパス、1 行に 1 件）",
    save: "記録する",
    amend: "訂正",
    amend_hint: "空欄の項目は元の記録の内容を引き継ぎます。",
    move_to: "別の取組へ移す（取組 ID、任意）",
    save_amendment: "訂正を記録する",
    retract: "取消",
    reason: "理由",
    save_retraction: "取り消す",
    saved: "記録しました",
    read_only: "閲覧専用です。ここでは記録できません。",
    login: "ログイン",
    login_name: "ユーザー名",
    password: "パスワード",
    log_out: "ログアウト",
    signed_in_as: "ログイン中:",
    login_hint: "事務局から受け取ったアカウントでログインしてください（plan user add）。",
    login_failed: "ユーザー名またはパスワードが違います。",
    login_locked: "ログインの失敗が多すぎます。しばらくしてからやり直してください（15 分でロックが解けます）。",
    logged_out: "ログアウトしました。",
    login_sso: "このサーバーは事務局のシングルサインオンでログインします。事務局のアドレスから開いてください。",
    broken: "計画ファイルにエラーがあります",
    broken_help: "ファイルを直すと、次に開いたときに表示されます（詳細は plan check）。",
    error: "エラー",
    help: "ヒント",
    back: "戻る",
    bad_request: "要求を処理できません",
    forbidden: "許可されていません",
    not_found_page: "見つかりません",
    method_not_allowed: "この操作はできません",
    not_a_form: "フォームではありません",

    month_short: super::ja_month_short,
    month_long: super::ja_month_long,
};

/// The columns of every command's CSV, in Japanese (`--bom --lang ja`,
/// for Excel users); scripts read the English keys.
pub const CSV_HEADERS: &[(&str, &str)] = &[
    ("key", "キー"),
    ("short_key", "短縮キー"),
    ("id", "番号"),
    ("at", "日時"),
    ("day_only", "日付のみ"),
    ("author", "記録者"),
    ("status", "状況"),
    ("text", "内容"),
    ("links", "根拠"),
    ("amends", "訂正元"),
    ("retracts", "取消対象"),
    ("superseded_by", "訂正後"),
    ("retracted_by", "取消"),
    ("section", "節"),
    ("title", "節名"),
    ("party", "主体"),
    ("label", "記号"),
    ("items", "小項目"),
    ("notes", "件数"),
    ("last_note_at", "最終更新"),
    ("item_id", "小項目番号"),
    ("item_text", "小項目"),
    ("item_status", "小項目の状況"),
    ("measures", "取組"),
    ("done", "実施済"),
    ("active", "実施中"),
    ("planned", "未着手"),
    ("blocked", "保留"),
    ("dropped", "中止"),
    ("percent", "達成率"),
    ("progress", "進捗率"),
    ("name", "設定"),
    ("value", "値"),
    ("source", "出所"),
    ("origin", "指定元"),
];
