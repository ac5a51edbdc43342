//! `plan list`: one row per measure, filtered by party, section, text,
//! status and staleness.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::error::Result;
use crate::model::id::MeasureId;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::{Progress, Tracker};
use crate::text::fold;
use crate::view::output::{self, Cell, Column, Format, Grid, Tone};
use crate::view::ui::Ui;

use super::Context;

/// List the plan's measures
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan list                            every measure
  plan list --party tcci               only 東京商工会議所 (also: TCCI, 東商)
  plan list --section 2-4 --items      sections 2 to 4, with ・ sub-items
  plan list --grep テレワーク --format json
  plan list --status active --status blocked
  plan list --stale 30                 no note for 30 days
  plan list --format ids               canonical IDs, one per line")]
pub struct Args {
    /// Only this party's measures (tmg, tcci, 都, 東商 …); repeatable
    #[arg(long, short, value_name = "PARTY", add = crate::cli::complete::parties())]
    pub party: Vec<String>,

    /// Only these sections: 2, 2-4 or 1,3; repeatable
    #[arg(long, short, value_name = "N")]
    pub section: Vec<String>,

    /// Only measures whose text or sub-items contain TEXT (case and width folded: expo finds ＥＸＰＯ)
    #[arg(long, short, value_name = "TEXT")]
    pub grep: Option<String>,

    /// Only measures with this status (planned, active, done, blocked, dropped, or 未着手 …); repeatable
    #[arg(long, value_name = "STATUS", add = crate::cli::complete::statuses())]
    pub status: Vec<String>,

    /// Only measures with no note in the last DAYS days
    #[arg(long, value_name = "DAYS")]
    pub stale: Option<u32>,

    /// Show ・ sub-items as indented rows
    #[arg(long)]
    pub items: bool,

    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

/// One measure as `plan list --format json` prints it. These fields are
/// stable: scripts rely on them.
#[derive(Debug, Serialize)]
pub struct MeasureRow {
    /// Canonical ID, e.g. `2.tcci.イ`.
    pub id: String,
    pub section: u32,
    /// `tmg` or `tcci`.
    pub party: String,
    pub label: String,
    pub text: String,
    /// The ・ sub-items, in order.
    pub items: Vec<String>,
    /// `planned`, `active`, `done`, `blocked` or `dropped`.
    pub status: &'static str,
    /// Number of notes on the measure and its sub-items.
    pub notes: usize,
    /// RFC 3339 time of the latest note, or null.
    pub last_note_at: Option<String>,
}

impl crate::view::output::Record for MeasureRow {
    const FIELDS: &'static [&'static str] = &[
        "id",
        "section",
        "party",
        "label",
        "text",
        "items",
        "status",
        "notes",
        "last_note_at",
    ];
}

impl MeasureRow {
    pub fn new(m: &MeasureRef, progress: &Progress) -> MeasureRow {
        MeasureRow {
            id: m.id().to_string(),
            section: m.section.number,
            party: m.party.to_string(),
            label: m.measure.label.clone(),
            text: m.measure.text.clone(),
            items: m.measure.items.clone(),
            status: progress.status().key(),
            notes: progress.notes,
            last_note_at: progress.last_note_at.map(|t| t.to_rfc3339()),
        }
    }
}

/// How a party is named in tables: 都/東商 in Japanese, TMG/TCCI in English.
pub fn party_label(ui: &Ui, plan: &Plan, key: &str) -> String {
    match (ui.lang, plan.party(key)) {
        (crate::i18n::Lang::Ja, Some(p)) => p.short.clone(),
        _ => key.to_uppercase(),
    }
}

/// The colour a status is shown in.
pub fn status_cell(ui: &Ui, status: Status) -> Cell {
    let tone = match status {
        Status::Planned => Tone::Plain,
        Status::Active => Tone::Busy,
        Status::Done => Tone::Good,
        Status::Blocked => Tone::Bad,
        Status::Dropped => Tone::Dim,
    };
    Cell::new(status.label(ui.lang)).tone(tone)
}

/// The last-activity cell: the date of the latest note, or `-`.
pub fn last_cell(ui: &Ui, last: Option<DateTime<FixedOffset>>) -> Cell {
    match last {
        Some(t) => Cell::new(ui.date(t.date_naive())),
        None => Cell::new("-").tone(Tone::Dim),
    }
}

/// Rows of measures (and optionally their sub-items) for people.
pub fn measure_grid(
    ui: &Ui,
    plan: &Plan,
    measures: &[MeasureRef],
    tracker: &Tracker,
    with_items: bool,
) -> Grid {
    let mut grid = Grid::new(vec![
        Column::left("ID", "番号"),
        Column::left("Party", "主体"),
        Column::right("Sec", "節"),
        Column::left("Measure", "取組").flex(),
        Column::right("Items", "小項目"),
        Column::left("Status", "状況"),
        Column::right("Notes", "件数"),
        Column::left("Updated", "最終更新"),
    ]);
    grid.compact = true;
    for m in measures {
        let id = m.id();
        let progress = tracker.measure(&id);
        let party = party_label(ui, plan, m.party);
        grid.push(vec![
            Cell::new(id.to_string()).tone(Tone::Strong),
            party.into(),
            m.section.number.to_string().into(),
            m.measure.text.clone().into(),
            m.measure.items.len().to_string().into(),
            status_cell(ui, progress.status()),
            progress.notes.to_string().into(),
            last_cell(ui, progress.last_note_at),
        ]);
        if with_items {
            for (i, item) in m.measure.items.iter().enumerate() {
                let item_id = id.with_item(i + 1);
                let p = tracker.item(&item_id);
                grid.push(vec![
                    Cell::new(format!("  {item_id}")),
                    "".into(),
                    "".into(),
                    format!("・{item}").into(),
                    "".into(),
                    status_cell(ui, p.status()),
                    p.notes.to_string().into(),
                    last_cell(ui, p.last_note_at),
                ]);
            }
        }
    }
    grid
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    let parties = super::parse_parties(&plan, &args.party)?;
    let sections = super::parse_sections(&plan, &args.section)?;
    let statuses = args
        .status
        .iter()
        .map(|s| super::parse_status(s))
        .collect::<Result<Vec<_>>>()?;
    let notes = ctx.load_notes(&plan)?;
    let tracker = Tracker::new(&notes, None);
    let needle = args.grep.as_deref().map(fold);
    let stale_before = args
        .stale
        .map(|days| crate::model::date::now() - chrono::Duration::days(days.into()));

    let measures: Vec<MeasureRef> = plan
        .measures()
        .filter(|m| parties.is_empty() || parties.contains(&m.party))
        .filter(|m| sections.is_empty() || sections.contains(&m.section.number))
        .filter(|m| match &needle {
            None => true,
            Some(n) => {
                fold(&m.measure.text).contains(n.as_str())
                    || m.measure.items.iter().any(|i| fold(i).contains(n.as_str()))
            }
        })
        .filter(|m| {
            let p = tracker.measure(&m.id());
            (statuses.is_empty() || statuses.contains(&p.status()))
                && stale_before.is_none_or(|limit| p.last_note_at.is_none_or(|t| t < limit))
        })
        .collect();

    let records: Vec<MeasureRow> = measures
        .iter()
        .map(|m| MeasureRow::new(m, &tracker.measure(&m.id())))
        .collect();
    let ids = measure_ids(&measures, args.items);
    let grid = measure_grid(&ctx.ui, &plan, &measures, &tracker, args.items);
    output::emit(&mut ctx.ui, args.format, &records, &grid, &ids)
}

/// Canonical IDs of the measures, with their sub-items when asked.
pub fn measure_ids(measures: &[MeasureRef], with_items: bool) -> Vec<String> {
    let mut ids = Vec::new();
    for m in measures {
        let id: MeasureId = m.id();
        ids.push(id.to_string());
        if with_items {
            ids.extend((1..=m.measure.items.len()).map(|n| id.with_item(n).to_string()));
        }
    }
    ids
}
