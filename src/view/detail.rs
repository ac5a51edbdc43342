//! `plan show` as one value per target: a measure (or sub-item) in full, or
//! a section laid out as the document lays it out. Each is built once and
//! rendered in every format from the same facts.

use serde::Serialize;

use crate::model::id::MeasureId;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan, Section};
use crate::model::progress::{Origin, Progress, Tracker};
use crate::text::{escape_control, width, wrap, zenkaku};
use crate::view::measure::{MeasureRow, measure_ids};
use crate::view::note::{NoteRow, ShownNote, last_when, note_grid};
use crate::view::output::{self, Format, Output, Record};
use crate::view::ui::Ui;

/// One measure, or one of its sub-items, in full.
pub struct MeasureDetail<'p> {
    plan: &'p Plan,
    measure: MeasureRef<'p>,
    /// What was asked for: the measure, or one sub-item of it.
    id: MeasureId,
    /// Progress of what was asked for.
    progress: Progress,
    row: MeasureRow,
    items: Vec<ItemDetail>,
    /// Notes on what was asked for, newest first (a measure's include its sub-items').
    history: Vec<ShownNote>,
}

/// A sub-item with its own status.
#[derive(Debug, Clone, Serialize)]
pub struct ItemDetail {
    pub id: String,
    pub text: String,
    pub status: Status,
    pub notes: usize,
}

/// `plan show ID --format json`.
#[derive(Serialize)]
struct MeasureJson<'a> {
    #[serde(flatten)]
    row: &'a MeasureRow,
    section_title: &'a str,
    party_name: &'a str,
    /// The sub-item shown, for a sub-item ID.
    item: Option<&'a ItemDetail>,
    /// Sub-items with their own status.
    item_status: &'a [ItemDetail],
    /// Notes, newest first.
    history: Vec<NoteRow>,
}

/// `plan show ID --format csv|tsv`: the measure's list fields, and the
/// sub-item's when one was asked for.
#[derive(Debug, Default, Serialize)]
struct DetailRecord {
    #[serde(flatten)]
    row: MeasureRow,
    item_id: Option<String>,
    item_text: Option<String>,
    item_status: Option<&'static str>,
}

impl Record for DetailRecord {
    const TIMES: &'static [&'static str] = &["last_note_at"];
}

impl ItemDetail {
    /// Each sub-item of a measure, with its own progress.
    pub fn all(plan: &Plan, measure: &MeasureRef, tracker: &Tracker) -> Vec<ItemDetail> {
        let measure_id = measure.id();
        measure
            .measure
            .items
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let p = plan
                    .item_index(measure.index, i + 1)
                    .map_or_else(Progress::default, |n| tracker.item(n));
                ItemDetail {
                    id: measure_id.with_item(i + 1).to_string(),
                    text: text.clone(),
                    status: p.status(),
                    notes: p.notes,
                }
            })
            .collect()
    }
}

impl<'p> MeasureDetail<'p> {
    /// The detail of a resolved measure or sub-item ID.
    /// `history`: the notes on `id`, newest first.
    pub fn new(
        plan: &'p Plan,
        measure: MeasureRef<'p>,
        id: &MeasureId,
        history: Vec<ShownNote>,
        tracker: &Tracker,
    ) -> MeasureDetail<'p> {
        let items = ItemDetail::all(plan, &measure, tracker);
        let progress = match id.item {
            Some(n) => plan
                .item_index(measure.index, n)
                .map_or_else(Progress::default, |i| tracker.item(i)),
            None => tracker.measure(measure.index),
        };
        MeasureDetail {
            plan,
            row: MeasureRow::new(&measure, &tracker.measure(measure.index)),
            measure,
            id: id.clone(),
            progress,
            items,
            history,
        }
    }

    /// The sub-item asked for, if one was.
    fn item(&self) -> Option<&ItemDetail> {
        self.id.item.and_then(|n| self.items.get(n.checked_sub(1)?))
    }

    pub fn render(&self, ui: &Ui, output: Output) -> crate::error::Result<String> {
        Ok(match output.format {
            Format::Table => self.text(ui),
            Format::Markdown => self.markdown(ui),
            Format::Json => output::json(&MeasureJson {
                row: &self.row,
                section_title: &self.measure.section.title,
                party_name: self.party_name(),
                item: self.item(),
                item_status: &self.items,
                history: self.history.iter().map(NoteRow::new).collect(),
            })?,
            Format::Csv | Format::Tsv => {
                let item = self.item();
                let record = DetailRecord {
                    row: self.row.clone(),
                    item_id: item.map(|i| i.id.clone()),
                    item_text: item.map(|i| i.text.clone()),
                    item_status: item.map(|i| i.status.key()),
                };
                output::delimited(&[record], output, ui.lang)?
            }
            Format::Ids => match self.id.item {
                Some(_) => format!("{}\n", self.id),
                None => output::lines(&measure_ids(&[self.measure], true)),
            },
        })
    }

    /// The status and where it came from: `active (3 of 4 sub-items done)`.
    fn status_text(&self, ui: &Ui) -> String {
        let status = self.progress.status().label(ui.lang);
        let w = ui.words();
        match self.progress.origin {
            Origin::SubItems { done, total } => {
                format!("{status}{}", ui.lang.paren(&(w.rolled_up)(done, total)))
            }
            Origin::Default => format!("{status}{}", ui.lang.paren(w.no_status)),
            Origin::Own => status.to_string(),
        }
    }

    fn party_name(&self) -> &str {
        self.plan
            .party(self.measure.party)
            .map_or("", |p| p.name.as_str())
    }

    fn text(&self, ui: &Ui) -> String {
        let m = &self.measure;
        let party = self.plan.party(m.party);
        let party_line = party.map_or_else(
            || m.party.to_string(),
            |p| {
                let names = ui.lang.list(&[p.short.as_str(), m.party]);
                format!("{}{}", p.name, ui.lang.paren(&names))
            },
        );
        let w = ui.words();
        let mut rows: Vec<(&str, String)> = vec![
            (w.id, self.id.to_string()),
            (
                w.section,
                format!("{} {}", m.section.number, m.section.title),
            ),
            (w.party, party_line),
            (w.measure, format!("{} {}", m.measure.label, m.measure.text)),
        ];
        match self.item() {
            Some(item) => rows.push((w.sub_item, format!("・{}", item.text))),
            None if !self.items.is_empty() => {
                let list: Vec<String> = self
                    .items
                    .iter()
                    .map(|i| format!("・{} [{} · {}]", i.text, i.id, i.status.label(ui.lang)))
                    .collect();
                rows.push((w.items, list.join("\n")));
            }
            None => {}
        }
        rows.push((w.status, self.status_text(ui)));
        // The latest note as the history shows it: a date-only note is a
        // day, not midnight.
        let last = last_when(ui, &self.history, self.progress.last_note_at);
        rows.push((
            w.notes,
            format!(
                "{}{}",
                self.progress.notes,
                ui.lang.paren(&format!("{} {last}", w.last))
            ),
        ));
        let mut out = fields(ui, &rows);
        if !self.history.is_empty() {
            out.push('\n');
            let history: Vec<&ShownNote> = self.history.iter().collect();
            out.push_str(&note_grid(ui, self.plan, &history, false, false).to_table(ui));
        }
        out
    }

    fn markdown(&self, ui: &Ui) -> String {
        let m = &self.measure;
        let heading = match self.item() {
            Some(item) => format!("### {} ・{}", self.id, item.text),
            None => format!("### {} {}", self.id, m.measure.label),
        };
        let mut out = format!(
            "{heading}\n\n- {}: {} {}\n- {}: {}\n- {}: {}\n\n{}\n",
            ui.words().section,
            m.section.number,
            m.section.title,
            ui.words().party,
            self.party_name(),
            ui.words().status,
            self.status_text(ui),
            m.measure.text
        );
        if self.item().is_none() {
            for item in &self.items {
                out.push_str(&format!(
                    "\n- ・{}{}",
                    item.text,
                    ui.lang.paren(item.status.label(ui.lang))
                ));
            }
            if !self.items.is_empty() {
                out.push('\n');
            }
        }
        // Plan texts may hold invisible or bidi characters: shown escaped.
        let mut out = crate::text::escape_control_keep_lines(&out).into_owned();
        if !self.history.is_empty() {
            out.push('\n');
            let history: Vec<&ShownNote> = self.history.iter().collect();
            out.push_str(&note_grid(ui, self.plan, &history, false, false).to_markdown(ui));
        }
        out
    }
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

/// A section with its measures' progress.
pub struct SectionDetail<'p> {
    plan: &'p Plan,
    section: &'p Section,
    measures: Vec<MeasureRef<'p>>,
    rows: Vec<MeasureRow>,
    statuses: Vec<Status>,
}

/// `plan show N --format json`.
#[derive(Serialize)]
struct SectionJson<'a> {
    section: u32,
    title: &'a str,
    contents: &'a [String],
    measures: &'a [MeasureRow],
}

impl<'p> SectionDetail<'p> {
    pub fn new(plan: &'p Plan, section: &'p Section, tracker: &Tracker) -> SectionDetail<'p> {
        let measures: Vec<MeasureRef> = plan.section_measures(section).collect();
        let rows = MeasureRow::all(&measures, tracker);
        let statuses = measures
            .iter()
            .map(|m| tracker.measure(m.index).status())
            .collect();
        SectionDetail {
            plan,
            section,
            measures,
            rows,
            statuses,
        }
    }

    pub fn render(&self, ui: &Ui, output: Output) -> crate::error::Result<String> {
        Ok(match output.format {
            Format::Table => self.layout(ui, false),
            Format::Markdown => self.layout(ui, true),
            Format::Json => output::json(&SectionJson {
                section: self.section.number,
                title: &self.section.title,
                contents: &self.section.contents,
                measures: &self.rows,
            })?,
            Format::Csv | Format::Tsv => output::delimited(&self.rows, output, ui.lang)?,
            Format::Ids => output::lines(&measure_ids(&self.measures, true)),
        })
    }

    /// The section as the document lays it out: title, （内容）, then each
    /// party's measures under its heading, sub-items as ・ lines; each
    /// measure followed by its ID and status. As Markdown when asked.
    fn layout(&self, ui: &Ui, markdown: bool) -> String {
        let section = self.section;
        let width_limit = if markdown { None } else { ui.width };
        let mut out = String::new();
        // A paragraph with a hanging indent: continuation lines start under
        // the text, not under the prefix (（１）, ア, ・), and every line fits.
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
        for (party_key, party) in &self.plan.info.parties {
            let rows: Vec<(&MeasureRef, &Status)> = self
                .measures
                .iter()
                .zip(&self.statuses)
                .filter(|(m, _)| m.party == party_key)
                .collect();
            if rows.is_empty() {
                continue;
            }
            if markdown {
                out.push_str(&format!("\n### {}\n\n", party.heading()));
            } else {
                out.push_str(&format!("\n{}\n", party.heading()));
            }
            for (m, status) in rows {
                let id = m.id();
                let status = status.label(ui.lang);
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
        // Titles, headings and (in Markdown) texts are not escaped above.
        crate::text::escape_control_keep_lines(&out).into_owned()
    }
}
