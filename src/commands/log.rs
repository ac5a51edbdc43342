//! `plan log`: progress notes, newest first, filtered by measure or section,
//! party, date range, author and status.

use crate::cli::{FormatArg, PartiesArg};
use crate::error::Result;
use crate::files::store::StoredNote;
use crate::model::date::parse_date_arg;
use crate::model::filter::parse_status;
use crate::model::resolve::Target;
use crate::text::fold;
use crate::view::note::{NoteRow, note_grid};
use crate::view::output;

use super::Context;

/// Show progress notes, newest first
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan log                          every note
  plan log 2.イ                     notes on 2.tmg.イ and its sub-items
  plan log 2                        notes on section 2
  plan log --party tcci --since 2021-06-01 --until 2021-06-30
  plan log --author 山田 --status done
  plan log --format markdown")]
pub struct Args {
    /// Only notes on this measure (with its sub-items) or section
    #[arg(value_name = "ID|SECTION", add = crate::cli::complete::ids())]
    pub target: Option<String>,

    // A single --party also picks the party of a short ID.
    #[command(flatten)]
    pub parties: PartiesArg,

    /// Only notes on or after this date (2021-06-01)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only notes on or before this date (2021-06-30)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only notes by this author (case and width folded); repeatable
    #[arg(long, short, value_name = "NAME")]
    pub author: Vec<String>,

    /// Only notes that set this status; repeatable
    #[arg(long, value_name = "STATUS", add = crate::cli::complete::statuses())]
    pub status: Vec<String>,

    /// Show at most N notes
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,

    #[command(flatten)]
    pub format: FormatArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    let filter = ctx.filter(&plan, &args.parties.input())?;
    let resolve_party = match filter.parties.as_slice() {
        [one] => Some(one.as_str()),
        _ => None,
    };
    let target = match &args.target {
        Some(t) => Some(ctx.resolve_target(&plan, t, resolve_party)?),
        None => None,
    };
    let since = args
        .since
        .as_deref()
        .map(|d| parse_date_arg("--since", d))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|d| parse_date_arg("--until", d))
        .transpose()?;
    let statuses = args
        .status
        .iter()
        .map(|s| parse_status(s))
        .collect::<Result<Vec<_>>>()?;
    let authors: Vec<String> = args.author.iter().map(|a| fold(a.trim())).collect();
    let notes = ctx.load_notes(&plan)?;

    let mut shown: Vec<&StoredNote> = notes
        .iter()
        .rev()
        .filter(|s| {
            let n = &s.note;
            let day = n.at.date_naive();
            let on_target = match &target {
                None => true,
                Some(Target::Section(section)) => n.id.section == section.number,
                Some(Target::Measure(r)) => match r.id.item {
                    Some(_) => n.id == r.id,
                    None => n.id.measure() == r.id,
                },
            };
            on_target
                && filter.keeps_party(&n.id.party)
                && since.is_none_or(|d| day >= d)
                && until.is_none_or(|d| day <= d)
                && (authors.is_empty()
                    || authors.iter().any(|a| fold(&n.author).contains(a.as_str())))
                && (statuses.is_empty() || n.status.is_some_and(|st| statuses.contains(&st)))
        })
        .collect();
    if let Some(limit) = args.limit {
        shown.truncate(limit);
    }
    let records: Vec<NoteRow> = shown.iter().map(|s| NoteRow::new(s)).collect();
    let ids: Vec<String> = records.iter().map(|r| r.key.clone()).collect();
    let grid = note_grid(&ctx.ui, &plan, &shown, true);
    output::emit(&mut ctx.ui, args.format.format, &records, &grid, &ids)
}
