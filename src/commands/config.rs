//! `plan config`: every setting, its value and where the value came from
//! (flag > environment > user config > plan.toml > built-in), exactly as
//! the other commands see them.

use serde::Serialize;

use crate::cli::{CsvArg, FormatArg};
use crate::error::Result;
use crate::settings::{Setting, Source};
use crate::view::output::{self, Column, Grid, Record};

use super::Context;

/// Show the settings in effect and where each comes from
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Settings, highest precedence first:
  lang        --lang, PLAN_LANG, user config, the locale (LC_ALL, LC_MESSAGES, LANG), [settings] lang, en
  date_style  --date-style, PLAN_DATE_STYLE, user config, [settings] date_style, iso
  party       --party, PLAN_PARTY, user config, default_party (for IDs such as 2.イ)
  author      --author, PLAN_AUTHOR, user config, [settings] author, git config user.name, login name
  email       --email, PLAN_EMAIL, user config, git config user.email (the author's e-mail on commits)
  commit      plan note --commit/--no-commit, PLAN_COMMIT, user config, [settings] commit, false
  plan        --plan, PLAN_DIR, the nearest plan/plan.toml above the working directory
  color       --color, NO_COLOR, user config, auto (colour only on a terminal)
  pager       --no-pager, PLAN_PAGER, PAGER, less -FRX (only on a terminal)
  timezone    [settings] timezone, the machine's zone
  accounts    --accounts, PLAN_ACCOUNTS, accounts.toml beside the user config (plan user, plan serve)
  cache       PLAN_NO_CACHE=1 (off), PLAN_CACHE_DIR, $XDG_CACHE_HOME/plan (~/.cache/plan) (plan list, plan status)

The user config is $XDG_CONFIG_HOME/plan/config.toml (~/.config/plan/config.toml),
or the file PLAN_CONFIG names:
  author = \"山田 太郎\"
  email = \"yamada@example.jp\"
  commit = true
  lang = \"ja\"
  date_style = \"wareki\"
  color = \"auto\"
  party = \"tcci\"

[settings] goes in plan/plan.toml:
  [settings]
  lang = \"ja\"
  timezone = \"Asia/Tokyo\"

Examples:
  plan config
  PLAN_LANG=en plan config --format json")]
pub struct Args {
    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub csv: CsvArg,
}

/// One setting as `plan config --format json` prints it: stable English
/// keys; `source` is one of flag, env, user-config, plan, git, login,
/// search, default, and `origin` the flag, variable or key.
#[derive(Debug, Default, Serialize)]
struct SettingRow {
    name: &'static str,
    value: String,
    source: &'static str,
    origin: Option<&'static str>,
    #[serde(skip)]
    described: String,
}

impl Record for SettingRow {}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let output = args.csv.output(args.format.format)?;
    let s = &ctx.settings;
    let lang = ctx.ui.lang;
    let row = |name: &'static str, value: String, source: &Source| SettingRow {
        name,
        value,
        source: source.key(),
        origin: source.origin(),
        described: source.describe(lang),
    };
    let of = |name, setting: &Setting<String>| row(name, setting.value.clone(), &setting.source);
    let plan_dir = s.plan_dir.as_ref().ok();
    let author = match plan_dir {
        Some(dir) => s.author(None, &dir.value)?,
        None => s.author(None, std::path::Path::new("."))?,
    };
    let email = match plan_dir {
        Some(dir) => s.email(None, &dir.value),
        None => s.email(None, std::path::Path::new(".")),
    };
    let commit = s.commit(None);
    let mut rows = vec![
        row("lang", s.lang.value.to_string(), &s.lang.source),
        row(
            "date_style",
            s.date_style.value.to_string(),
            &s.date_style.source,
        ),
        of("party", &s.party),
        of("author", &author),
        of("email", &email),
        row("commit", commit.value.to_string(), &commit.source),
        match plan_dir {
            Some(dir) => row("plan", dir.value.display().to_string(), &dir.source),
            None => row("plan", "-".to_string(), &Source::Default),
        },
        row("color", s.color.value.as_str().to_string(), &s.color.source),
        row(
            "pager",
            s.pager.value.clone().unwrap_or_else(|| "off".to_string()),
            &s.pager.source,
        ),
        row("timezone", s.timezone.value.to_string(), &s.timezone.source),
        match &s.accounts {
            Some(a) => row("accounts", a.value.display().to_string(), &a.source),
            None => row("accounts", "-".to_string(), &Source::Default),
        },
    ];
    if let Some(path) = &s.user_config {
        let exists = path.is_file();
        let value = path.display().to_string();
        let mut r = row("user_config", value, &Source::Default);
        if exists {
            r.source = "file";
            r.described = crate::words::words(lang).found.to_string();
        } else {
            r.source = "none";
            r.described = crate::words::words(lang).not_found.to_string();
        }
        rows.push(r);
    }
    // Bad values in the files are shown, not silently skipped.
    ctx.ui.warn(&ctx.settings.plan_problems);
    let mut grid = Grid::new(vec![
        Column::left_word(|w| w.setting),
        Column::left_word(|w| w.value).flex(),
        Column::left_word(|w| w.source),
    ]);
    for r in &rows {
        grid.push(vec![
            r.name.into(),
            r.value.clone().into(),
            r.described.clone().into(),
        ]);
    }
    let ids: Vec<String> = rows.iter().map(|r| r.name.to_string()).collect();
    output::emit(&mut ctx.ui, output, || &rows, |_| &grid, || &ids)
}
