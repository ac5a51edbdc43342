//! `plan show`: one measure in full (with its status and notes), or a whole
//! section laid out as the document lays it out.

use serde::Serialize;

use crate::error::Result;
use crate::files::store::StoredNote;
use crate::model::id::{MeasureId, Target};
use crate::model::plan::{MeasureRef, Plan, Section};
use crate::model::progress::Tracker;
use crate::text::{escape_control, width, wrap};
use crate::view::output::{self, Format, Grid};
use crate::view::ui::Ui;

use super::Context;
use super::list::{MeasureRow, measure_grid, measure_ids};
use super::log::{NoteRow, note_grid};

/// Show a measure, a sub-item or a whole section
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan show 2.イ              2.tmg.イ (the default party), with its notes
  plan show 2.tcci.イ         the same label of 東京商工会議所
  plan show 2.東商.i          the same, by short name and romaji
  plan show 2.tmg.イ.1        one ・ sub-item
  plan show 6                 section 6 as the document lays it out
  plan show 2.イ --format json")]
pub struct Args {
    /// A measure ID (2.イ, 2.tcci.イ, 2.tmg.イ.1) or a section number (2)
    #[arg(value_name = "ID|SECTION", add = crate::cli::complete::ids())]
    pub target: String,

    /// Party for an ID that names none [default: PLAN_PARTY, else the plan's default_party]
    #[arg(long, short, value_name = "PARTY", add = crate::cli::complete::parties())]
    pub party: Option<String>,

    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

/// One measure in full, as `plan show ID --format json` prints it.
#[derive(Debug, Serialize)]
struct MeasureDetail {
    #[serde(flatten)]
    row: MeasureRow,
    section_title: String,
    party_name: String,
    /// The sub-item shown, for a sub-item ID.
    item: Option<ItemDetail>,
    /// Sub-items with their own status.
    item_status: Vec<ItemDetail>,
    /// Notes on the measure and its sub-items, newest first.
    history: Vec<NoteRow>,
}

#[derive(Debug, Serialize)]
struct ItemDetail {
    id: String,
    text: String,
    status: crate::model::note::Status,
    notes: usize,
}

/// A section as `plan show N --format json` prints it.
#[derive(Debug, Serialize)]
struct SectionDetail {
    section: u32,
    title: String,
    contents: Vec<String>,
    measures: Vec<MeasureRow>,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    let target = ctx.resolve_target(&plan, &args.target, args.party.as_deref())?;
    let notes = ctx.load_notes(&plan)?;
    let tracker = Tracker::new(&notes, None);
    match target {
        Target::Section(n) => {
            let section = plan.section(n).expect("resolved section exists");
            show_section(ctx, &plan, section, &tracker, args.format)
        }
        Target::Measure(resolved) => {
            show_measure(ctx, &plan, &resolved.id, &notes, &tracker, args.format)
        }
    }
}

fn show_measure(
    ctx: &mut Context,
    plan: &Plan,
    id: &MeasureId,
    notes: &[StoredNote],
    tracker: &Tracker,
    format: Format,
) -> Result<()> {
    let m = plan.measure(id).expect("resolved measure exists");
    let measure_id = id.measure();
    let row = MeasureRow::new(&m, &tracker.measure(&measure_id));
    let items: Vec<ItemDetail> = m
        .measure
        .items
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let item_id = measure_id.with_item(i + 1);
            let p = tracker.item(&item_id);
            ItemDetail {
                id: item_id.to_string(),
                text: text.clone(),
                status: p.status(),
                notes: p.notes,
            }
        })
        .collect();
    // A sub-item's history is its own; a measure's includes its sub-items.
    let history: Vec<&StoredNote> = notes
        .iter()
        .rev()
        .filter(|n| match id.item {
            Some(_) => n.note.id == *id,
            None => n.note.id.measure() == measure_id,
        })
        .collect();
    let party = plan.party(m.party).expect("measure's party exists");
    match format {
        Format::Table => {
            let text = measure_text(&ctx.ui, plan, &m, id, &items, &history, tracker);
            ctx.ui.print(&text);
        }
        Format::Markdown => {
            let text = measure_markdown(&ctx.ui, plan, &m, id, &history);
            ctx.ui.print(&text);
        }
        _ => {
            let detail = MeasureDetail {
                section_title: m.section.title.clone(),
                party_name: party.name.clone(),
                item: id.item.and_then(|n| items.get(n - 1)).map(|i| ItemDetail {
                    id: i.id.clone(),
                    text: i.text.clone(),
                    status: i.status,
                    notes: i.notes,
                }),
                item_status: items,
                history: history.iter().map(|n| NoteRow::new(n)).collect(),
                row,
            };
            let ids = match id.item {
                Some(_) => vec![id.to_string()],
                None => measure_ids(&[m], true),
            };
            if format == Format::Json {
                ctx.ui.print(&output::json(&detail)?);
            } else {
                output::emit(&mut ctx.ui, format, &[detail.row], &Grid::default(), &ids)?;
            }
        }
    }
    Ok(())
}

/// `label  value` lines with the labels padded to one width (by display
/// width), values wrapped under themselves.
fn fields(ui: &Ui, rows: &[(&str, String)]) -> String {
    let label_width = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    let value_width = ui.width.map(|w| w.saturating_sub(label_width + 2).max(20));
    let mut out = String::new();
    for (label, value) in rows {
        let pad = " ".repeat(label_width - width(label));
        let mut first = true;
        for raw_line in value.lines() {
            let line = escape_control(raw_line);
            let pieces = match value_width {
                Some(w) => wrap(&line, w),
                None => vec![line.into_owned()],
            };
            for piece in pieces {
                if first {
                    out.push_str(&format!("{label}{pad}  {piece}\n"));
                    first = false;
                } else {
                    out.push_str(&format!("{}  {piece}\n", " ".repeat(label_width)));
                }
            }
        }
        if first {
            out.push_str(&format!("{label}\n"));
        }
    }
    out
}

fn measure_text(
    ui: &Ui,
    plan: &Plan,
    m: &MeasureRef,
    id: &MeasureId,
    items: &[ItemDetail],
    history: &[&StoredNote],
    tracker: &Tracker,
) -> String {
    let party = plan.party(m.party).expect("measure's party exists");
    let progress = match id.item {
        Some(_) => tracker.item(id),
        None => tracker.measure(&id.measure()),
    };
    let mut rows: Vec<(&str, String)> = vec![
        (ui.t("ID", "番号"), id.to_string()),
        (
            ui.t("Section", "節"),
            format!("{} {}", m.section.number, m.section.title),
        ),
        (
            ui.t("Party", "主体"),
            format!("{} ({}, {})", party.name, party.short, m.party),
        ),
    ];
    rows.push((
        ui.t("Measure", "取組"),
        format!("{} {}", m.measure.label, m.measure.text),
    ));
    match id.item {
        Some(n) => {
            rows.push((
                ui.t("Sub-item", "小項目"),
                format!("・{}", items[n - 1].text),
            ));
        }
        None if !items.is_empty() => {
            let list: Vec<String> = items
                .iter()
                .map(|i| format!("・{} [{} · {}]", i.text, i.id, i.status.label(ui.lang)))
                .collect();
            rows.push((ui.t("Sub-items", "小項目"), list.join("\n")));
        }
        None => {}
    }
    rows.push((
        ui.t("Status", "状況"),
        progress.status().label(ui.lang).to_string(),
    ));
    let last = progress
        .last_note_at
        .map_or_else(|| "-".to_string(), |t| ui.datetime(&t));
    rows.push((
        ui.t("Notes", "記録"),
        format!("{} ({} {last})", progress.notes, ui.t("last:", "最終:")),
    ));
    let mut out = fields(ui, &rows);
    if !history.is_empty() {
        out.push('\n');
        out.push_str(&note_grid(ui, plan, history, false).to_table(ui));
    }
    out
}

fn measure_markdown(
    ui: &Ui,
    plan: &Plan,
    m: &MeasureRef,
    id: &MeasureId,
    history: &[&StoredNote],
) -> String {
    let party = plan.party(m.party).expect("measure's party exists");
    let mut out = format!(
        "### {id} {}\n\n- {}: {} {}\n- {}: {}\n\n{}\n",
        m.measure.label,
        ui.t("Section", "節"),
        m.section.number,
        m.section.title,
        ui.t("Party", "主体"),
        party.name,
        m.measure.text
    );
    for item in &m.measure.items {
        out.push_str(&format!("\n- ・{item}"));
    }
    if !m.measure.items.is_empty() {
        out.push('\n');
    }
    if !history.is_empty() {
        out.push('\n');
        out.push_str(&note_grid(ui, plan, history, false).to_markdown(ui));
    }
    out
}

fn show_section(
    ctx: &mut Context,
    plan: &Plan,
    section: &Section,
    tracker: &Tracker,
    format: Format,
) -> Result<()> {
    let measures: Vec<MeasureRef> = plan.section_measures(section).collect();
    let rows: Vec<MeasureRow> = measures
        .iter()
        .map(|m| MeasureRow::new(m, &tracker.measure(&m.id())))
        .collect();
    match format {
        Format::Table => {
            let text = section_text(&ctx.ui, plan, section, &measures, tracker, false);
            ctx.ui.print(&text);
        }
        Format::Markdown => {
            let text = section_text(&ctx.ui, plan, section, &measures, tracker, true);
            ctx.ui.print(&text);
        }
        Format::Json => {
            let detail = SectionDetail {
                section: section.number,
                title: section.title.clone(),
                contents: section.contents.clone(),
                measures: rows,
            };
            ctx.ui.print(&output::json(&detail)?);
        }
        _ => {
            let ids = measure_ids(&measures, true);
            let grid = measure_grid(&ctx.ui, plan, &measures, tracker, true);
            output::emit(&mut ctx.ui, format, &rows, &grid, &ids)?;
        }
    }
    Ok(())
}

/// Full-width digits, as the document numbers its sections and 内容 items.
fn zenkaku(n: impl ToString) -> String {
    n.to_string()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32('０' as u32 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// The section as the document lays it out: title, （内容）, then each
/// party's measures under its heading, sub-items as ・ lines; each measure
/// followed by its ID and status. As Markdown when `markdown` is set.
fn section_text(
    ui: &Ui,
    plan: &Plan,
    section: &Section,
    measures: &[MeasureRef],
    tracker: &Tracker,
    markdown: bool,
) -> String {
    let width_limit = if markdown { None } else { ui.width };
    let mut out = String::new();
    // A paragraph with a hanging indent: continuation lines start under the
    // text, not under the prefix (（１）, ア, ・), and every line fits.
    let para = |out: &mut String, prefix: &str, body: &str, indent: usize| {
        let body = escape_control(body);
        let hang = indent + width(prefix);
        let lines = match width_limit {
            Some(w) => wrap(&body, w.saturating_sub(hang).max(10)),
            None => vec![body.into_owned()],
        };
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("{}{prefix}{line}\n", " ".repeat(indent)));
            } else {
                out.push_str(&format!("{}{}\n", " ".repeat(hang), line.trim_start()));
            }
        }
    };
    if markdown {
        out.push_str(&format!(
            "## {} {}\n\n### （内容）\n\n",
            zenkaku(section.number),
            section.title
        ));
    } else {
        para(
            &mut out,
            &format!("{} ", zenkaku(section.number)),
            &section.title,
            0,
        );
        out.push_str("\n（内容）\n");
    }
    for (i, c) in section.contents.iter().enumerate() {
        let prefix = format!("（{}）", zenkaku(i + 1));
        if markdown {
            out.push_str(&format!("- {prefix}{c}\n"));
        } else {
            para(&mut out, &prefix, c, 0);
        }
    }
    for party_key in plan.party_keys() {
        let party = plan.party(party_key).expect("listed party exists");
        let party_measures: Vec<&MeasureRef> =
            measures.iter().filter(|m| m.party == party_key).collect();
        if party_measures.is_empty() {
            continue;
        }
        if markdown {
            out.push_str(&format!("\n### {}\n\n", party.heading()));
        } else {
            out.push_str(&format!("\n{}\n", party.heading()));
        }
        for m in party_measures {
            let id = m.id();
            let status = tracker.measure(&id).status().label(ui.lang);
            if markdown {
                out.push_str(&format!(
                    "- {} {} `{id}` {status}\n",
                    m.measure.label, m.measure.text
                ));
                for item in &m.measure.items {
                    out.push_str(&format!("  - ・{item}\n"));
                }
            } else {
                para(
                    &mut out,
                    &format!("{} ", m.measure.label),
                    &m.measure.text,
                    0,
                );
                for item in &m.measure.items {
                    para(&mut out, "・", item, 3);
                }
                out.push_str(&format!("   → {id} · {status}\n"));
            }
        }
    }
    out
}
