//! `plan note`: record what was done against a measure (or sub-item),
//! optionally changing its status.

use std::io::Read;

use crate::cli::{FormatArg, PartyArg};
use crate::error::{Error, Result};
use crate::files::store;
use crate::i18n::Text;
use crate::model::filter::parse_status;
use crate::model::note::Note;
use crate::view::note::NoteRow;
use crate::view::output::{self, Format};

use super::Context;

/// Record a progress note against a measure
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan note 2.イ \"セミナー実施\"                      on 2.tmg.イ (the default party)
  plan note 2.tcci.イ \"東商新聞で告知\" --status active
  plan note 2.tmg.イ.3 \"体験型セミナー開催\" --status done
  plan note 4.ア \"認定企業 20 社\" --at 2021-06-15 --author 山田
  plan note 1.ア --status 実施済                      a status change needs no text
  git log -1 --format=%B | plan note 2.イ -           the text from standard input")]
pub struct Args {
    /// The measure or sub-item (2.イ, 2.tcci.イ, 2.tmg.イ.3)
    #[arg(value_name = "ID", add = crate::cli::complete::ids())]
    pub id: String,

    /// What was done; `-` reads it from standard input (for several lines)
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,

    /// Set the status: planned, active, done, blocked, dropped (or 未着手, 実施中, 実施済, 保留, 中止)
    #[arg(long, short, value_name = "STATUS", add = crate::cli::complete::statuses())]
    pub status: Option<String>,

    /// When it happened: 2021-06-15, 2021-06-15T10:00 or with an offset [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// Who records it [default: PLAN_AUTHOR, else git config user.name, else the login name]
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    #[command(flatten)]
    pub party: PartyArg,

    // --format json prints the recorded note.
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    // Everything is checked before anything is written.
    let resolved = ctx.resolve(&plan, &args.id, args.party.party.as_deref())?;
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let at = match &args.at {
        Some(input) => crate::model::date::parse_timestamp(input).ok_or_else(|| {
            let shown = crate::text::escape_control(input).into_owned();
            Error::usage(text!(
                en: "--at `{shown}` is not a date or time",
                ja: "--at `{shown}` は日付・日時ではありません",
            ))
            .help(Text::new(
                "write 2021-06-15, 2021-06-15T10:00 or 2021-06-15T10:00:00+09:00",
                "2021-06-15、2021-06-15T10:00、2021-06-15T10:00:00+09:00 のように書いてください",
            ))
        })?,
        None => crate::model::date::now(),
    };
    let text = match args.text.as_deref() {
        Some("-") => read_stdin()?,
        Some(t) => t.to_string(),
        None => String::new(),
    };
    let text = text.trim_end_matches(['\n', '\r']).to_string();
    if text.trim().is_empty() && status.is_none() {
        return Err(Error::usage(Text::new(
            "nothing to record: give the note a text, or a status with --status",
            "記録する内容がありません: テキストを書くか、--status で状況を指定してください",
        ))
        .help(Text::new(
            "plan note 2.イ \"セミナー実施\"  or  plan note 2.イ --status done",
            "plan note 2.イ \"セミナー実施\"  または  plan note 2.イ --status done",
        )));
    }
    let author = ctx
        .settings
        .author(args.author.as_deref(), &plan.dir)?
        .value;
    let note = Note {
        key: Note::new_key(&at),
        id: resolved.id.clone(),
        at,
        author,
        status,
        text,
    };
    let path = store::append(&plan.dir, &note)?;

    if args.format.format == Format::Json {
        let stored = store::StoredNote {
            note,
            file: path,
            line: 0,
        };
        ctx.ui.print(&output::json(&NoteRow::new(&stored))?);
        return Ok(());
    }
    let m = resolved.measure;
    let party = plan.party(m.party).map_or("", |p| p.name.as_str());
    let id = &resolved.id;
    let what = match id.item {
        Some(n) => format!(
            "・{}",
            m.measure.items.get(n - 1).map_or("", String::as_str)
        ),
        None => m.measure.text.clone(),
    };
    let what = crate::text::escape_control(&what).into_owned();
    let when = ctx.ui.datetime(&note.at);
    let recorded = text!(
        en: "Recorded against {id} ({party}): {what}",
        ja: "{id}（{party}）に記録しました: {what}",
    );
    ctx.ui.println(recorded.get(ctx.lang()));
    if let Some(status) = status {
        let label = status.label(ctx.lang());
        let line = text!(en: "Status: {label} (as of {when})", ja: "状況: {label}（{when} 時点）");
        ctx.ui.println(line.get(ctx.lang()));
    }
    Ok(())
}

fn read_stdin() -> Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| {
        Error::io(text!(
            en: "cannot read the note from standard input: {e}",
            ja: "標準入力から記録を読めません: {e}",
        ))
    })?;
    Ok(text)
}
