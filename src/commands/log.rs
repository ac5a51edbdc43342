//! `plan log`: progress notes, newest first, filtered by measure or section,
//! party, date range, author and status.

use serde::Serialize;

use crate::error::Result;
use crate::files::store::StoredNote;
use crate::model::id::Target;
use crate::model::plan::Plan;
use crate::text::fold;
use crate::view::output::{self, Cell, Column, Format, Grid, Tone};
use crate::view::ui::Ui;

use super::Context;
use super::list::{party_label, status_cell};

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

    /// Only notes on this party's measures; repeatable (a single --party also
    /// picks the party of a short ID)
    #[arg(long, short, value_name = "PARTY", add = crate::cli::complete::parties())]
    pub party: Vec<String>,

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

    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

/// One note as `plan log --format json` prints it. Stable fields.
#[derive(Debug, Serialize)]
pub struct NoteRow {
    /// The note's unique key in its notes file.
    pub key: String,
    /// Canonical ID of the measure or sub-item.
    pub id: String,
    /// RFC 3339 timestamp with UTC offset.
    pub at: String,
    pub author: String,
    /// The status the note sets, or null.
    pub status: Option<&'static str>,
    pub text: String,
}

impl crate::view::output::Record for NoteRow {
    const FIELDS: &'static [&'static str] = &["key", "id", "at", "author", "status", "text"];
}

impl NoteRow {
    pub fn new(stored: &StoredNote) -> NoteRow {
        let n = &stored.note;
        NoteRow {
            key: n.key.clone(),
            id: n.id.to_string(),
            at: n.at.to_rfc3339(),
            author: n.author.clone(),
            status: n.status.map(|s| s.key()),
            text: n.text.clone(),
        }
    }
}

/// Notes as a table for people; `with_id` adds the ID and party columns.
pub fn note_grid(ui: &Ui, plan: &Plan, notes: &[&StoredNote], with_id: bool) -> Grid {
    let mut columns = vec![Column::left("When", "日時")];
    if with_id {
        columns.push(Column::left("ID", "番号"));
        columns.push(Column::left("Party", "主体"));
    }
    columns.extend([
        Column::left("Author", "記録者").flex(),
        Column::left("Status", "状況"),
        Column::left("Note", "内容").flex(),
    ]);
    let mut grid = Grid::new(columns);
    for stored in notes {
        let n = &stored.note;
        let mut row = vec![Cell::new(ui.datetime(&n.at))];
        if with_id {
            row.push(Cell::new(n.id.to_string()).tone(Tone::Strong));
            row.push(party_label(ui, plan, &n.id.party).into());
        }
        row.push(n.author.clone().into());
        row.push(match n.status {
            Some(s) => status_cell(ui, s),
            None => Cell::new("").tone(Tone::Dim),
        });
        row.push(n.text.clone().into());
        grid.push(row);
    }
    grid
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    let parties = super::parse_parties(&plan, &args.party)?;
    let resolve_party = match parties.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let target = match &args.target {
        Some(t) => Some(ctx.resolve_target(&plan, t, resolve_party)?),
        None => None,
    };
    let since = args
        .since
        .as_deref()
        .map(|d| super::parse_date_arg("--since", d))
        .transpose()?;
    let until = args
        .until
        .as_deref()
        .map(|d| super::parse_date_arg("--until", d))
        .transpose()?;
    let statuses = args
        .status
        .iter()
        .map(|s| super::parse_status(s))
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
                Some(Target::Section(number)) => n.id.section == *number,
                Some(Target::Measure(r)) => match r.id.item {
                    Some(_) => n.id == r.id,
                    None => n.id.measure() == r.id,
                },
            };
            on_target
                && (parties.is_empty() || parties.contains(&n.id.party.as_str()))
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
    output::emit(&mut ctx.ui, args.format, &records, &grid, &ids)
}
