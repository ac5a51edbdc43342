//! `--help`, the man page and command-line errors in Japanese: the clap
//! definitions hold the English, this module the Japanese for the same
//! arguments, applied when the UI language is Japanese.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::cli::LONG_ABOUT as LONG_ABOUT_EN;
use crate::i18n::Lang;
use crate::settings::PlanHeader;

const ABOUT: &str = "git で管理する TOML ファイルの連携実施計画の進捗を管理します";

const LONG_ABOUT: &str = "\
git で管理する TOML ファイルの連携実施計画を管理します。取組の一覧と表示、取組ごとの
進捗記録、状況表と報告書の出力、計画文書の出力と取り込み、CI での計画ファイルの検査が
できます。

計画は TOML ファイルのディレクトリ（plan/plan.toml と節ごとのファイル）で、--plan、
PLAN_DIR、または上位ディレクトリの plan/plan.toml から見つけます。

取組 ID: 2.tcci.イ（正式）、2.イ（主体は --party、PLAN_PARTY、計画の default_party）、
2.東商.い、2.TCCI.i、２．イ。小項目は 2.tmg.イ.1 です。";

const EXAMPLES: &str = "\
例:
  plan list --party tcci              東京商工会議所の取組
  plan list --grep テレワーク --format json
  plan show 2.イ                      取組 1 件の全体
  plan show 6                         節全体を原文の構成で
  plan note 2.イ \"セミナー実施\"         進捗を記録
  plan status --format markdown       報告書用の表
  plan report --format html -o r.html 管理職向けの進捗報告
  plan check                          計画ファイルの検査（CI 用）

終了コード: 0 成功、1 問題あり（check、fmt --check）、2 使い方・入力の誤り
（不正な引数、不明な ID。何も書き込みません）、3 計画ファイルが読めない・不正、
4 内部エラー（不具合です。報告してください）";

/// (subcommand, about, examples)
const COMMANDS: &[(&str, &str, &str)] = &[
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
  plan note 4.ア \"認定企業 20 社\" --at 2021-06-15 --author 山田
  plan note 1.ア --status 実施済                      状況の変更だけならテキスト不要
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
  plan log --party tcci --since 2021-06-01 --until 2021-06-30
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
  plan status --as-of 2021-09-30       9 月末時点の状況
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
  party       --party、PLAN_PARTY、default_party（2.イ のような ID の主体）
  author      --author、PLAN_AUTHOR、[settings] author、git config user.name、ログイン名
  plan        --plan、PLAN_DIR、上位ディレクトリの plan/plan.toml
  color       --color、NO_COLOR（色は端末のときだけ）
  pager       --no-pager、PLAN_PAGER、PAGER、less -FRX（端末のときだけ）

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
  plan --plan archive/2021 render          前年度の文書

日付と数字（令和３年度（2021 年度）、平成 29 年 11 月 30 日）は plan.toml の
fiscal_year、effective、agreement.date から書き出します。",
    ),
    (
        "report",
        "管理職向けの進捗報告を書き出します（Markdown、HTML、Excel）",
        "\
例:
  plan report                                     Markdown、今日時点
  plan report --as-of 2021-09-30 --notes all      上半期、すべての記録つき
  plan report --format html --as-of 2021-09 -o report.html
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
  plan import plan-fy2022.pdf --out plan-2022       pdftotext（poppler-utils）が必要
  plan import plan-fy2022.txt --out plan-2022       PDF から取り出したテキスト
  plan import plan-fy2022.txt --out plan --force    記録のまだない計画を置き換え
  plan import doc.txt --out new --like archive/2021 主体とファイル名をその計画から

文書にないこと（主体のキー、英語名、既定の主体、設定、ファイル名）は --like DIR、
--out にある計画、今の計画の順に取ります。問題は文書の行番号つきですべて示し、
何も書き込みません（終了コード 2）。

--force で置き換えるのは記録（notes/）のない計画ディレクトリ（plan.toml、節のファイル、
schema/、.gitattributes）だけです。記録のある計画から新しい年度を始めるには
`plan rollover DOCUMENT` を使ってください。",
    ),
    (
        "diff",
        "二つの計画（ディレクトリまたは git リビジョン）の違いを示します",
        "\
例:
  plan diff archive/2021 plan          前年度の計画と今年度の計画
  plan diff HEAD~10                    10 コミット前の計画と今の作業ツリー
  plan diff v2021 .                    タグと作業ツリー
  plan diff archive/2021 plan --format json

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

サーバーの外での変更（git pull、plan note）は次にページを開いたときに反映されます。
Ctrl-C で停止します。",
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
];

/// (argument id, help); the same id means the same thing in every subcommand.
const ARGS: &[(&str, &str)] = &[
    (
        "plan",
        "計画ディレクトリ（plan.toml のある所）、または plan/ を含むリポジトリ",
    ),
    ("lang", "表示言語 [既定: PLAN_LANG、ロケール、en]"),
    (
        "date_style",
        "日付の表示 [既定: PLAN_DATE_STYLE、iso]（wareki で 令和3年6月15日）",
    ),
    ("color", "色を使うとき（NO_COLOR があれば使わない）"),
    ("no_pager", "長い出力を $PAGER に送らない"),
    (
        "party",
        "主体（tmg、tcci、都、東商 など）。一覧では絞り込み、複数指定可",
    ),
    ("section", "節: 2、2-4、1,3。複数指定可"),
    (
        "grep",
        "テキストか小項目に TEXT を含む取組（全角・大小文字を区別しない: expo で ＥＸＰＯ）",
    ),
    (
        "status",
        "状況: planned、active、done、blocked、dropped（未着手、実施中、実施済、保留、中止）",
    ),
    ("stale", "直近 DAYS 日に記録のない取組"),
    ("items", "小項目（・）を字下げした行で表示"),
    ("format", "出力形式"),
    (
        "target",
        "取組 ID（2.イ、2.tcci.イ、2.tmg.イ.1）または節番号（2）",
    ),
    ("id", "取組または小項目（2.イ、2.tcci.イ、2.tmg.イ.3）"),
    ("text", "実施した内容。`-` で標準入力から（複数行のとき）"),
    (
        "at",
        "実施日時: 2021-06-15、2021-06-15T10:00、時差つきも可 [既定: 現在]",
    ),
    (
        "author",
        "記録者 [既定: PLAN_AUTHOR、git config user.name、ログイン名]",
    ),
    ("since", "この日以降の記録（2021-06-01）"),
    ("until", "この日以前の記録（2021-06-30）"),
    ("limit", "最大 N 件"),
    ("by", "まとめ方: 節、主体、取組"),
    ("as_of", "この日の終わり時点の状況（それまでの記録を再生）"),
    (
        "deny_warnings",
        "警告もエラーとして扱う（あれば終了コード 1）",
    ),
    (
        "check",
        "書き込まず、変更点を示して、変更があれば終了コード 1",
    ),
    ("kind", "出力するスキーマ"),
    ("write", "両方のスキーマを計画の schema/ に書き出す"),
    ("shell", "シェル"),
    (
        "subcommand",
        "サブコマンド（そのページを出力: plan-note(1) など）",
    ),
    ("output", "標準出力ではなく FILE に書き出す"),
    (
        "bom",
        "CSV・TSV の先頭に UTF-8 の BOM を付ける（Excel で日本語を正しく開くため）",
    ),
    (
        "notes",
        "各取組の最新の結果だけ（latest）か、すべての記録を日付順に（all）",
    ),
    (
        "document",
        "計画文書: PDF から取り出したテキスト、または PDF そのもの",
    ),
    (
        "out",
        "書き出す計画ディレクトリ（--force なしでは新規か空のもの）",
    ),
    (
        "force",
        "--out の計画を置き換える（記録 notes/ のない計画ディレクトリに限る）",
    ),
    (
        "timeout",
        "pdftotext をこの秒数で止める（終わらない PDF 対策）",
    ),
    (
        "like",
        "主体・既定の主体・設定・ファイル名をこの計画から取る",
    ),
    (
        "old",
        "前の計画: ディレクトリ、または今の計画の git リビジョン",
    ),
    ("new", "後の計画 [既定: 今の計画]"),
    (
        "host",
        "待ち受けるアドレス。ループバック以外では他のマシンからも接続できます",
    ),
    ("port", "待ち受けるポート（0 なら空いているポート）"),
    ("read_only", "フォームを出さず、書き込みをすべて拒否する"),
    ("open", "デスクトップのブラウザでページを開く"),
    (
        "sync",
        "起動時と INTERVAL ごとに git と同期する（plan sync）: 30s、5m、1h",
    ),
    (
        "email",
        "コミットの記録者のメールアドレス [既定: PLAN_EMAIL、ユーザー設定、git config user.email]",
    ),
    (
        "commit",
        "記録を git にコミットする（触れた記録ファイルだけ）[既定: PLAN_COMMIT、ユーザー設定、[settings] commit]",
    ),
    ("no_commit", "設定にかかわらずコミットしない"),
    ("help", "ヘルプを表示"),
    ("version", "バージョンを表示"),
];

const TEMPLATE: &str = "\
{before-help}{about-with-newline}
使い方: {usage}

{all-args}{after-help}";

fn arg_help(id: &str) -> Option<&'static str> {
    ARGS.iter().find(|(a, _)| *a == id).map(|(_, h)| *h)
}

fn localize_args(mut cmd: Command) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                "引数"
            } else {
                "オプション"
            };
            let mut help = arg_help(&id)
                .map(str::to_string)
                .or_else(|| a.get_help().map(|h| h.to_string()))
                .unwrap_or_default();
            // clap would add "Possible values:" and "[default: …]" in
            // English: say them in Japanese instead.
            let takes_value =
                a.get_num_args().is_some_and(|n| n.takes_values()) || a.get_action().takes_values();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if takes_value && !values.is_empty() {
                help.push_str(&format!("（値: {}）", values.join("、")));
            }
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
                help.push_str(&format!(" [既定: {}]", defaults.join(", ")));
            }
            let a = a.help(help).long_help(None::<&str>).help_heading(heading);
            if takes_value {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            }
        });
    }
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("コマンド")
}

/// What the program is, for the plan at hand (its fiscal year and
/// parties come from plan.toml, so a new year needs no new binary): the
/// one-line about and the first paragraph of the long one.
fn describe(lang: Lang, plan: &PlanHeader) -> (String, String) {
    let fy = plan.fiscal_year;
    let era = crate::model::era::fiscal_year(fy, crate::model::era::Form::Era);
    match lang {
        Lang::En => {
            let names = plan.parties.join(" and ");
            (
                format!("Track the FY{fy} joint implementation plan of {names}"),
                format!(
                    "Track the FY{fy} ({era}) joint implementation plan of {names}, {}: list and show its measures, record progress notes against them, print status tables and reports, render and import the plan document, and check the plan files in CI.",
                    plan.title
                ),
            )
        }
        Lang::Ja => {
            let names = plan.parties.join("と");
            (
                format!("{names}の{era}（{fy}年度）実施計画の進捗を管理します"),
                format!(
                    "{names}の{era}（{fy}年度）「{}」を管理します。取組の一覧と表示、取組ごとの進捗記録、状況表と報告書の出力、計画文書の出力と取り込み、CI での計画ファイルの検査ができます。",
                    plan.title
                ),
            )
        }
    }
}

/// The command line for the plan at hand, in the UI language: for
/// Japanese, every about, argument help, example and heading translated.
pub fn localize(cmd: Command, lang: Lang, plan: Option<&PlanHeader>) -> Command {
    let cmd = match plan {
        Some(plan) => {
            let (about, first) = describe(lang, plan);
            // Japanese has no spaces for clap to wrap at: wrap it here.
            let first = crate::text::wrap(&first, 80).join("\n");
            let long = match lang {
                Lang::En => LONG_ABOUT_EN,
                Lang::Ja => LONG_ABOUT,
            };
            let rest = long.split_once("\n\n").map_or("", |(_, r)| r);
            cmd.about(about).long_about(format!("{first}\n\n{rest}"))
        }
        None => cmd,
    };
    if lang == Lang::En {
        return cmd;
    }
    // clap generates --help and --version late, in English; use ours.
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .help("バージョンを表示")
        .help_heading("オプション");
    let plain = plan.is_none();
    let mut cmd = with_help(cmd);
    if plain {
        cmd = cmd.about(ABOUT).long_about(LONG_ABOUT);
    }
    let mut cmd = localize_args(
        cmd.after_help(EXAMPLES)
            .disable_help_subcommand(true)
            .disable_version_flag(true)
            .arg(version),
    );
    for (name, about, examples) in COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| {
            localize_args(with_help(sub).about(*about).after_help(*examples))
        });
    }
    cmd
}

fn with_help(cmd: Command) -> Command {
    cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("ヘルプを表示")
            .long_help("ヘルプを表示（-h で要約）")
            .help_heading("オプション"),
    )
}

/// A clap usage error in Japanese, keeping the details clap found.
pub fn error_ja(err: &clap::Error) -> String {
    let get = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let invalid_arg = get(ContextKind::InvalidArg);
    let invalid_value = get(ContextKind::InvalidValue);
    let mut message = match err.kind() {
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{invalid_arg} の値 `{invalid_value}` が不正です")
            } else {
                format!("{invalid_arg} に `{invalid_value}` は使えません（使える値: {valid}）")
            }
        }
        ErrorKind::UnknownArgument => format!("不明な引数 `{invalid_arg}` です"),
        ErrorKind::InvalidSubcommand => format!(
            "不明なサブコマンド `{}` です",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("必須の引数がありません: {invalid_arg}"),
        ErrorKind::MissingSubcommand => "サブコマンドを指定してください".to_string(),
        ErrorKind::ValueValidation => format!("{invalid_arg} の値 `{invalid_value}` が不正です"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{invalid_arg} の値の数が違います")
        }
        ErrorKind::ArgumentConflict => {
            format!(
                "{invalid_arg} は {} と同時に使えません",
                get(ContextKind::PriorArg)
            )
        }
        ErrorKind::NoEquals => format!("{invalid_arg} には `=` で値を付けてください"),
        _ => "コマンドラインが正しくありません".to_string(),
    };
    let suggested = [
        get(ContextKind::SuggestedArg),
        get(ContextKind::SuggestedSubcommand),
        get(ContextKind::SuggestedValue),
    ]
    .into_iter()
    .find(|s| !s.is_empty());
    message = format!("エラー: {message}\n");
    if let Some(s) = suggested {
        message.push_str(&format!("  ヒント: `{s}` の誤りでは？\n"));
    }
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        message.push_str(&format!("\n使い方: {usage}\n"));
    }
    message.push_str("\n詳しくは '--help' を参照してください。\n");
    message
}
