//! `plan config`: every setting, its value and where the value came from
//! (flag > environment > plan.toml > built-in).

use serde::Serialize;

use crate::error::Result;
use crate::settings::{self, Setting, Source};
use crate::view::output::{self, Column, Format, Grid};

use super::Context;

/// Show the settings in effect and where each comes from
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Settings, highest precedence first:
  lang        --lang, PLAN_LANG, the locale (LC_ALL, LC_MESSAGES, LANG), [settings] lang, en
  date_style  --date-style, PLAN_DATE_STYLE, [settings] date_style, iso
  party       --party, PLAN_PARTY, default_party (for IDs such as 2.イ)
  author      --author, PLAN_AUTHOR, [settings] author, git config user.name, login name
  plan        --plan, PLAN_DIR, the nearest plan/plan.toml above the working directory
  color       --color, NO_COLOR (colour only on a terminal)
  pager       --no-pager, PLAN_PAGER, PAGER, less -FRX (only on a terminal)

[settings] goes in plan/plan.toml:
  [settings]
  lang = \"ja\"
  date_style = \"wareki\"

Examples:
  plan config
  PLAN_LANG=en plan config --format json")]
pub struct Args {
    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

/// One setting as `plan config --format json` prints it.
#[derive(Debug, Default, Serialize)]
struct SettingRow {
    name: &'static str,
    value: String,
    source: String,
}

impl crate::view::output::Record for SettingRow {}

fn row<T: ToString>(ctx: &Context, name: &'static str, s: Setting<T>) -> SettingRow {
    SettingRow {
        name,
        value: s.value.to_string(),
        source: s.source.describe(ctx.lang()),
    }
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let dir = ctx.plan_dir();
    let plan = dir
        .as_ref()
        .ok()
        .and_then(|d| crate::files::load::load(d).ok());
    let file = plan
        .as_ref()
        .map(|p| p.info.settings.clone())
        .unwrap_or_default();
    if let Some(p) = &plan {
        ctx.ui.lang = settings::lang(ctx.global.lang, &p.info.settings).value;
    }
    let g = ctx.global.clone();
    let mut rows = vec![
        row(ctx, "lang", settings::lang(g.lang, &file)),
        row(ctx, "date_style", settings::date_style(g.date_style, &file)),
    ];
    let default_party = plan.as_ref().map_or("-", |p| p.info.default_party.as_str());
    rows.push(row(ctx, "party", settings::party(None, default_party)));
    let author_dir = plan
        .as_ref()
        .map_or_else(|| std::path::PathBuf::from("."), |p| p.dir.clone());
    rows.push(row(
        ctx,
        "author",
        settings::author(None, &file, &author_dir),
    ));
    let plan_source = if g.plan.is_some() {
        if settings::env("PLAN_DIR").is_some() {
            Source::Env("PLAN_DIR")
        } else {
            Source::Flag("--plan")
        }
    } else {
        Source::Found
    };
    let plan_value = match &dir {
        Ok(d) => d.display().to_string(),
        Err(_) => "-".to_string(),
    };
    rows.push(row(
        ctx,
        "plan",
        Setting {
            value: plan_value,
            source: plan_source,
        },
    ));
    let color = format!("{:?}", g.color).to_lowercase();
    let color_source = if settings::env("NO_COLOR").is_some() {
        Source::Env("NO_COLOR")
    } else {
        Source::Flag("--color")
    };
    let color_value = if settings::env("NO_COLOR").is_some() {
        "never".to_string()
    } else {
        color
    };
    rows.push(row(
        ctx,
        "color",
        Setting {
            value: color_value,
            source: color_source,
        },
    ));
    let (pager, pager_source) = if g.no_pager {
        ("off".to_string(), Source::Flag("--no-pager"))
    } else if let Some(p) = settings::env("PLAN_PAGER") {
        (p, Source::Env("PLAN_PAGER"))
    } else if let Some(p) = settings::env("PAGER") {
        (p, Source::Env("PAGER"))
    } else {
        ("less -FRX".to_string(), Source::Default)
    };
    rows.push(row(
        ctx,
        "pager",
        Setting {
            value: pager,
            source: pager_source,
        },
    ));

    let mut grid = Grid::new(vec![
        Column::left("Setting", "設定"),
        Column::left("Value", "値").flex(),
        Column::left("Source", "出所"),
    ]);
    for r in &rows {
        grid.push(vec![
            r.name.into(),
            r.value.clone().into(),
            r.source.clone().into(),
        ]);
    }
    let ids: Vec<String> = rows.iter().map(|r| r.name.to_string()).collect();
    output::emit(&mut ctx.ui, args.format, &rows, &grid, &ids)
}
