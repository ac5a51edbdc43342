//! `plan log`: progress notes, newest first, filtered by measure or section,
//! party, date range, author and status.

use crate::cli::{CsvArg, FormatArg, PartiesArg};
use crate::error::{Error, Result};
use crate::files::notes::Options;
use crate::i18n::Text;
use crate::model::filter::parse_statuses;
use crate::model::when::span_arg;
use crate::view::log::{LogQuery, Scope};
use crate::view::note::{NoteRow, ShownNote, note_columns, note_row};
use crate::view::output;

use super::Context;

/// Show progress notes, newest first
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan log                          every note
  plan log 2.イ                     notes on 2.tmg.イ and its sub-items
  plan log 2                        notes on section 2
  plan log --party tcci --since {fy}-06-01 --until {fy}-06-30
  plan log --author 山田 --status done
  plan log --all                    with amended and retracted notes
  plan log --format markdown")]
pub struct Args {
    /// Only notes on this measure (with its sub-items) or section
    #[arg(value_name = "ID|SECTION", add = crate::cli::complete::ids())]
    pub target: Option<String>,

    // A single --party also picks the party of a short ID.
    #[command(flatten)]
    pub parties: PartiesArg,

    /// Only notes on or after this date ({fy}-06-01)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only notes on or before this date ({fy}-06-30)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only notes by this author (case and width folded); repeatable
    #[arg(long, short, value_name = "NAME")]
    pub author: Vec<String>,

    /// Only notes that set this status: done, or a list (blocked,dropped); repeatable
    #[arg(long, short, value_name = "STATUS", add = crate::cli::complete::statuses())]
    pub status: Vec<String>,

    /// Show at most N notes
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,

    /// Show every line: older versions, withdrawn notes and the corrections themselves
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub csv: CsvArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let output = args.csv.output(args.format.format)?;
    let plan = match &args.target {
        Some(target) => ctx.load_plan_for(&[target])?,
        None => ctx.load_plan()?,
    };
    let filter = ctx.filter(&plan, &args.parties.input())?;
    let resolve_party = match filter.parties.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    };
    let target = match &args.target {
        Some(t) => Some(ctx.resolve_target(&plan, t, resolve_party)?),
        None => None,
    };
    let today = ctx.zone().day_of(ctx.now());
    let since = args
        .since
        .as_deref()
        .map(|d| span_arg("--since", d, today).map(|s| s.first()))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|d| span_arg("--until", d, today).map(|s| s.last()))
        .transpose()?;
    if let (Some(from), Some(to)) = (since, until)
        && from > to
    {
        let (from, to) = (ctx.ui.date(from), ctx.ui.date(to));
        return Err(Error::usage(text!(
            en: "--since {from} is after --until {to}: no note could match",
            ja: "--since {from} が --until {to} より後です。該当する記録はありえません",
        ))
        .help(Text::new(
            "swap the two dates",
            "2 つの日付を入れ替えてください",
        )));
    }
    let statuses = parse_statuses(&args.status)?;
    // A measure's or a section's notes are all in that section's file.
    let scope = target.as_ref().map_or(Scope::All, Scope::of_target);
    let options = Options {
        section: scope.section(),
        keep_text: true,
        ..Options::default()
    };
    let book = ctx.notebook(&plan, options)?;
    let query = LogQuery {
        scope,
        parties: filter.parties.clone(),
        since,
        until,
        statuses,
        authors: args.author.clone(),
        all: args.all,
        limit: args.limit,
    };
    let selected = query.select_entries(&plan, &book, ctx.zone());
    // Each note is decoded only as the format needs it.
    let decoded = |i: usize| ShownNote::all(&plan, &book, &[i]).pop();
    let ui = ctx.ui.clone();
    output::emit_built(
        &mut ctx.ui,
        output,
        || {
            selected
                .iter()
                .filter_map(|&i| decoded(i).map(|n| NoteRow::new(&n)))
        },
        &note_columns(true, args.all),
        // Called again for each pass over the table: a row a note, and no
        // row held beyond its piece.
        || {
            selected
                .iter()
                .filter_map(|&i| decoded(i))
                .map(|shown| note_row(&ui, &plan, &shown, true, args.all))
        },
        || selected.iter().map(|&i| book.key(i)),
    )
}
