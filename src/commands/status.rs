//! `plan status`: the table managers look at — per section and party, how
//! many measures are done, under way, planned, on hold or dropped.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::Tracker;
use crate::view::output::{self, Cell, Column, Format, Grid, Tone};
use crate::view::ui::Ui;

use super::Context;
use super::list::{MeasureRow, last_cell, measure_grid, party_label};

/// How `plan status` groups measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum By {
    /// One row per section, a line per party, and totals
    #[default]
    Section,
    /// One row per party, and the total
    Party,
    /// One row per measure
    Measure,
}

/// Show how far the plan has come
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan status                          per section, each party on its own line
  plan status --by party
  plan status --by measure --party tcci --section 2
  plan status --as-of 2021-09-30       as it stood at the end of September
  plan status --format markdown        to paste into a report

Progress is done ÷ (measures − dropped).")]
pub struct Args {
    /// Group by section, party or measure
    #[arg(long, value_enum, default_value_t)]
    pub by: By,

    /// Only this party's measures; repeatable
    #[arg(long, short, value_name = "PARTY", add = crate::cli::complete::parties())]
    pub party: Vec<String>,

    /// Only these sections: 2, 2-4 or 1,3; repeatable
    #[arg(long, short, value_name = "N")]
    pub section: Vec<String>,

    /// Status as it stood at the end of this date, replaying notes up to it
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

/// Counts for a group of measures.
#[derive(Debug, Clone, Default)]
struct Tally {
    measures: usize,
    by_status: [usize; 5],
    notes: usize,
    last: Option<DateTime<FixedOffset>>,
}

impl Tally {
    fn add(&mut self, status: Status, notes: usize, last: Option<DateTime<FixedOffset>>) {
        self.measures += 1;
        self.by_status[status as usize] += 1;
        self.notes += notes;
        self.last = self.last.max(last);
    }

    fn merge(&mut self, other: &Tally) {
        self.measures += other.measures;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a += b;
        }
        self.notes += other.notes;
        self.last = self.last.max(other.last);
    }

    fn count(&self, status: Status) -> usize {
        self.by_status[status as usize]
    }

    /// Done as a share of the measures not dropped, in whole percent.
    fn percent(&self) -> u32 {
        let live = self.measures - self.count(Status::Dropped);
        if live == 0 {
            return 0;
        }
        ((self.count(Status::Done) * 100 + live / 2) / live) as u32
    }
}

/// One line of `plan status --format json`: a section's measures of one
/// party, or a total (`section` null; `party` "all" for both parties).
#[derive(Debug, Serialize)]
struct StatusRow {
    section: Option<u32>,
    title: Option<String>,
    party: String,
    measures: usize,
    done: usize,
    active: usize,
    planned: usize,
    blocked: usize,
    dropped: usize,
    /// done ÷ (measures − dropped), in whole percent.
    percent: u32,
    notes: usize,
    last_note_at: Option<String>,
}

impl crate::view::output::Record for StatusRow {
    const FIELDS: &'static [&'static str] = &[
        "section",
        "title",
        "party",
        "measures",
        "done",
        "active",
        "planned",
        "blocked",
        "dropped",
        "percent",
        "notes",
        "last_note_at",
    ];
}

impl StatusRow {
    fn new(section: Option<(u32, &str)>, party: &str, t: &Tally) -> StatusRow {
        StatusRow {
            section: section.map(|s| s.0),
            title: section.map(|s| s.1.to_string()),
            party: party.to_string(),
            measures: t.measures,
            done: t.count(Status::Done),
            active: t.count(Status::Active),
            planned: t.count(Status::Planned),
            blocked: t.count(Status::Blocked),
            dropped: t.count(Status::Dropped),
            percent: t.percent(),
            notes: t.notes,
            last_note_at: t.last.map(|l| l.to_rfc3339()),
        }
    }
}

/// A text progress bar in ASCII (box characters are ambiguous-width in
/// East Asian terminals): `###..  60%`.
fn bar(percent: u32) -> String {
    const CELLS: u32 = 5;
    let filled = ((percent * CELLS + 50) / 100).min(CELLS) as usize;
    format!(
        "{}{} {percent:>3}%",
        "#".repeat(filled),
        ".".repeat(CELLS as usize - filled)
    )
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    let parties = super::parse_parties(&plan, &args.party)?;
    let sections = super::parse_sections(&plan, &args.section)?;
    let as_of: Option<NaiveDate> = args
        .as_of
        .as_deref()
        .map(|d| super::parse_date_arg("--as-of", d))
        .transpose()?;
    let notes = ctx.load_notes(&plan)?;
    let tracker = Tracker::new(&notes, as_of);
    let measures: Vec<MeasureRef> = plan
        .measures()
        .filter(|m| parties.is_empty() || parties.contains(&m.party))
        .filter(|m| sections.is_empty() || sections.contains(&m.section.number))
        .collect();
    let shown_parties: Vec<&str> = plan
        .party_keys()
        .filter(|p| parties.is_empty() || parties.contains(p))
        .collect();

    if let Some(day) = as_of {
        let when = ctx.ui.date(day);
        ctx.ui
            .note(&text!(en: "status as of {when}", ja: "{when} 時点の状況"));
    }
    match args.by {
        By::Measure => {
            let records: Vec<MeasureRow> = measures
                .iter()
                .map(|m| MeasureRow::new(m, &tracker.measure(&m.id())))
                .collect();
            let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
            let grid = measure_grid(&ctx.ui, &plan, &measures, &tracker, false);
            output::emit(&mut ctx.ui, args.format, &records, &grid, &ids)
        }
        By::Section => {
            let mut records = Vec::new();
            let mut grid = status_grid(true);
            let mut totals: Vec<Tally> = vec![Tally::default(); shown_parties.len()];
            for file in &plan.sections {
                let section = &file.section;
                if !sections.is_empty() && !sections.contains(&section.number) {
                    continue;
                }
                let tallies: Vec<Tally> = shown_parties
                    .iter()
                    .map(|p| {
                        tally(
                            &tracker,
                            measures
                                .iter()
                                .filter(|m| m.party == *p && m.section.number == section.number),
                        )
                    })
                    .collect();
                for ((p, t), total) in shown_parties.iter().zip(&tallies).zip(&mut totals) {
                    records.push(StatusRow::new(Some((section.number, &section.title)), p, t));
                    total.merge(t);
                }
                let lines: Vec<(String, &Tally)> = shown_parties
                    .iter()
                    .map(|p| party_label(&ctx.ui, &plan, p))
                    .zip(&tallies)
                    .collect();
                grid.push(status_cells(
                    &ctx.ui,
                    Some((section.number.to_string(), section.title.clone())),
                    &lines,
                ));
            }
            push_totals(
                ctx,
                &plan,
                &shown_parties,
                totals,
                &mut records,
                &mut grid,
                true,
            );
            let ids: Vec<String> = records
                .iter()
                .filter_map(|r| r.section)
                .map(|s| s.to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            output::emit(&mut ctx.ui, args.format, &records, &grid, &ids)
        }
        By::Party => {
            let mut records = Vec::new();
            let mut grid = status_grid(false);
            let totals: Vec<Tally> = shown_parties
                .iter()
                .map(|p| tally(&tracker, measures.iter().filter(|m| m.party == *p)))
                .collect();
            push_totals(
                ctx,
                &plan,
                &shown_parties,
                totals,
                &mut records,
                &mut grid,
                false,
            );
            let ids = shown_parties
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>();
            output::emit(&mut ctx.ui, args.format, &records, &grid, &ids)
        }
    }
}

fn tally<'a>(tracker: &Tracker, measures: impl Iterator<Item = &'a MeasureRef<'a>>) -> Tally {
    let mut t = Tally::default();
    for m in measures {
        let p = tracker.measure(&m.id());
        t.add(p.status(), p.notes, p.last_note_at);
    }
    t
}

/// One total line per party and, with more than one party, one for all.
fn push_totals(
    ctx: &Context,
    plan: &Plan,
    parties: &[&str],
    totals: Vec<Tally>,
    records: &mut Vec<StatusRow>,
    grid: &mut Grid,
    with_section: bool,
) {
    let mut all = Tally::default();
    let mut lines = Vec::new();
    for (p, t) in parties.iter().zip(&totals) {
        records.push(StatusRow::new(None, p, t));
        all.merge(t);
        lines.push((party_label(&ctx.ui, plan, p), t));
    }
    if parties.len() > 1 {
        records.push(StatusRow::new(None, "all", &all));
        lines.push((ctx.ui.t("All", "計").to_string(), &all));
    }
    let label = with_section.then(|| (String::new(), ctx.ui.t("Total", "合計").to_string()));
    let mut cells = status_cells(&ctx.ui, label, &lines);
    for c in &mut cells {
        if c.tone == Tone::Plain {
            c.tone = Tone::Strong;
        }
    }
    grid.push(cells);
}

fn status_grid(with_section: bool) -> Grid {
    let mut columns = Vec::new();
    if with_section {
        columns.push(Column::right("Sec", "節"));
        columns.push(Column::left("Title", "節名").flex());
    }
    columns.extend([
        Column::left("Party", "主体"),
        Column::right("All", "取組"),
        Column::right("Done", "済"),
        Column::right("Actv", "中"),
        Column::right("Plan", "未"),
        Column::right("Blkd", "保"),
        Column::right("Drop", "止"),
        Column::left("Progress", "進捗"),
        Column::right("Notes", "件数"),
        Column::left("Last", "最終更新"),
    ]);
    let mut grid = Grid::new(columns);
    grid.compact = true;
    grid
}

/// The cells of one row: a line per party inside each cell.
fn status_cells(
    ui: &Ui,
    section: Option<(String, String)>,
    lines: &[(String, &Tally)],
) -> Vec<Cell> {
    let join = |f: &dyn Fn(&Tally) -> String| {
        lines
            .iter()
            .map(|(_, t)| f(t))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut cells = Vec::new();
    if let Some((number, title)) = section {
        cells.push(Cell::new(number));
        cells.push(Cell::new(title));
    }
    cells.push(Cell::new(
        lines
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    ));
    cells.push(Cell::new(join(&|t| t.measures.to_string())));
    for status in [
        Status::Done,
        Status::Active,
        Status::Planned,
        Status::Blocked,
        Status::Dropped,
    ] {
        cells.push(Cell::new(join(&|t| t.count(status).to_string())));
    }
    cells.push(Cell::new(join(&|t| bar(t.percent()))).tone(Tone::Good));
    cells.push(Cell::new(join(&|t| t.notes.to_string())));
    cells.push(Cell::new(join(&|t| last_cell(ui, t.last).text)));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_by_percent() {
        assert_eq!(bar(0), ".....   0%");
        assert_eq!(bar(60), "###..  60%");
        assert_eq!(bar(100), "##### 100%");
    }

    #[test]
    fn percent_leaves_out_dropped_measures() {
        let mut t = Tally::default();
        t.add(Status::Done, 1, None);
        t.add(Status::Planned, 0, None);
        t.add(Status::Dropped, 0, None);
        assert_eq!(t.percent(), 50);
    }
}
