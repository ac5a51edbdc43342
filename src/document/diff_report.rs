//! `plan diff` for people (a listing, coloured on a terminal only) and for
//! reports (Markdown); scripts get the [`PlanDiff`] as JSON.

use crate::document::diff::{Change, ItemChange, MeasureChange, PlanDiff, SectionChange, Span};
use crate::document::markdown::escape as md;
use crate::text::escape_control;

/// How `plan diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One line per change, for people
    #[default]
    Table,
    /// Stable JSON with English keys, for scripts
    Json,
    /// Markdown, for a report
    Markdown,
}

const RED: &str = "\u{1b}[31m";
const GREEN: &str = "\u{1b}[32m";
const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

fn shown(s: &str) -> String {
    escape_control(s).into_owned()
}

/// A changed text: deletions and insertions coloured, or marked
/// `[-old-]{+new+}` without colour.
fn inline(spans: &[Span], color: bool) -> String {
    spans
        .iter()
        .map(|s| {
            let text = shown(&s.text);
            match (s.op, color) {
                ("delete", true) => format!("{RED}{text}{RESET}"),
                ("insert", true) => format!("{GREEN}{text}{RESET}"),
                ("delete", false) => format!("[-{text}-]"),
                ("insert", false) => format!("{{+{text}+}}"),
                _ => text,
            }
        })
        .collect()
}

fn sign(change: Change) -> &'static str {
    match change {
        Change::Added => "+",
        Change::Removed => "-",
        Change::Changed => "~",
        Change::Renumbered => ">",
    }
}

fn paint(line: String, change: Change, color: bool) -> String {
    match (change, color) {
        (Change::Added, true) => format!("{GREEN}{line}{RESET}"),
        (Change::Removed, true) => format!("{RED}{line}{RESET}"),
        _ => line,
    }
}

/// The text an added, removed or changed thing shows.
fn body(old: Option<&String>, new: Option<&String>, diff: &[Span], color: bool) -> String {
    if !diff.is_empty() {
        inline(diff, color)
    } else {
        shown(new.or(old).map_or("", String::as_str))
    }
}

fn item_lines(
    out: &mut Vec<String>,
    indent: &str,
    name: &dyn Fn(&ItemChange) -> String,
    items: &[ItemChange],
    color: bool,
) {
    for i in items {
        let line = format!(
            "{indent}{} {}  {}",
            sign(i.change),
            name(i),
            body(i.old.as_ref(), i.new.as_ref(), &i.diff, color)
        );
        out.push(paint(line, i.change, color));
    }
}

/// `old → new` when a thing moved, else the one it has.
fn pair<T: std::fmt::Display + PartialEq>(old: Option<T>, new: Option<T>) -> String {
    match (old, new) {
        (Some(a), Some(b)) if a != b => format!("{a} → {b}"),
        (_, Some(x)) | (Some(x), None) => x.to_string(),
        (None, None) => String::new(),
    }
}

fn measure_id(m: &MeasureChange) -> String {
    pair(m.old_id.as_deref(), m.new_id.as_deref())
}

fn section_name(s: &SectionChange) -> String {
    pair(s.old_number, s.new_number)
}

/// The listing for people.
pub fn table(diff: &PlanDiff, color: bool) -> String {
    let bold = |s: String| {
        if color {
            format!("{BOLD}{s}{RESET}")
        } else {
            s
        }
    };
    let mut out = vec![
        bold(format!(
            "--- {} (FY{})",
            shown(&diff.old.source),
            diff.old.fiscal_year
        )),
        bold(format!(
            "+++ {} (FY{})",
            shown(&diff.new.source),
            diff.new.fiscal_year
        )),
    ];
    if diff.equal {
        out.push("no differences".to_string());
        return out.join("\n") + "\n";
    }
    for f in &diff.plan {
        let text = match (&f.old, &f.new) {
            (Some(a), Some(b)) if a.chars().count() <= 12 && b.chars().count() <= 12 => {
                format!("{} → {}", shown(a), shown(b))
            }
            _ => body(f.old.as_ref(), f.new.as_ref(), &f.diff, color),
        };
        out.push(format!("~ {}  {text}", f.field));
    }
    for s in &diff.sections {
        let title = body(
            s.old_title.as_ref(),
            s.new_title.as_ref(),
            &s.title_diff,
            color,
        );
        let head = format!("{} section {}  {title}", sign(s.change), section_name(s));
        out.push(paint(head, s.change, color));
        let content_name = |i: &ItemChange| {
            let n = i.new_index.or(i.old_index).unwrap_or(0);
            format!("内容 （{}）", crate::model::numerals::number(n as i64))
        };
        item_lines(&mut out, "    ", &content_name, &s.contents, color);
        for m in &s.measures {
            let line = format!(
                "  {} {}  {}",
                sign(m.change),
                measure_id(m),
                if m.change == Change::Renumbered {
                    "(renumbered)".to_string()
                } else {
                    body(m.old_text.as_ref(), m.new_text.as_ref(), &m.diff, color)
                }
            );
            out.push(paint(line, m.change, color));
            let item_name = |i: &ItemChange| {
                let base = if i.change == Change::Removed {
                    &m.old_id
                } else {
                    &m.new_id
                };
                let n = if i.change == Change::Removed {
                    i.old_index
                } else {
                    i.new_index
                };
                format!("{}.{}", base.as_deref().unwrap_or("?"), n.unwrap_or(0))
            };
            item_lines(&mut out, "      ", &item_name, &m.items, color);
        }
    }
    out.push(summary_line(diff));
    out.join("\n") + "\n"
}

fn summary_line(diff: &PlanDiff) -> String {
    let s = &diff.summary;
    let groups: [(&str, &[(usize, &str)]); 5] = [
        ("plan.toml", &[(s.plan_fields, "fields")]),
        (
            "sections",
            &[
                (s.sections_added, "added"),
                (s.sections_removed, "removed"),
                (s.sections_changed, "changed"),
            ],
        ),
        (
            "内容",
            &[
                (s.contents_added, "added"),
                (s.contents_removed, "removed"),
                (s.contents_changed, "changed"),
            ],
        ),
        (
            "measures",
            &[
                (s.measures_added, "added"),
                (s.measures_removed, "removed"),
                (s.measures_changed, "changed"),
                (s.measures_renumbered, "renumbered"),
            ],
        ),
        (
            "sub-items",
            &[
                (s.items_added, "added"),
                (s.items_removed, "removed"),
                (s.items_changed, "changed"),
            ],
        ),
    ];
    let said: Vec<String> = groups
        .iter()
        .filter_map(|(what, counts)| {
            let counts: Vec<String> = counts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, how)| format!("{n} {how}"))
                .collect();
            (!counts.is_empty()).then(|| format!("{what}: {}", counts.join(", ")))
        })
        .collect();
    format!("plan diff: {}", said.join("; "))
}

/// Markdown for a report: deletions as <del>, insertions as <ins>.
pub fn markdown(diff: &PlanDiff) -> String {
    let md_inline = |spans: &[Span]| -> String {
        spans
            .iter()
            .map(|s| match s.op {
                "delete" => format!("<del>{}</del>", md(&shown(&s.text))),
                "insert" => format!("<ins>{}</ins>", md(&shown(&s.text))),
                _ => md(&shown(&s.text)),
            })
            .collect()
    };
    let text = |old: Option<&String>, new: Option<&String>, d: &[Span]| {
        if d.is_empty() {
            md(&shown(new.or(old).map_or("", String::as_str)))
        } else {
            md_inline(d)
        }
    };
    let mut out = format!(
        "# plan diff: {} (FY{}) → {} (FY{})\n\n",
        md(&shown(&diff.old.source)),
        diff.old.fiscal_year,
        md(&shown(&diff.new.source)),
        diff.new.fiscal_year
    );
    if diff.equal {
        out.push_str("No differences.\n");
        return out;
    }
    if !diff.plan.is_empty() {
        out.push_str("## plan.toml\n\n| field | change |\n| --- | --- |\n");
        for f in &diff.plan {
            out.push_str(&format!(
                "| {} | {} |\n",
                md(&f.field),
                text(f.old.as_ref(), f.new.as_ref(), &f.diff)
            ));
        }
        out.push('\n');
    }
    for s in &diff.sections {
        out.push_str(&format!(
            "## Section {} {} ({})\n\n",
            md(&section_name(s)),
            text(s.old_title.as_ref(), s.new_title.as_ref(), &s.title_diff),
            change_word(s.change)
        ));
        for c in &s.contents {
            let n = c.new_index.or(c.old_index).unwrap_or(0);
            out.push_str(&format!(
                "- **{}** 内容 （{}）: {}\n",
                change_word(c.change),
                crate::model::numerals::number(n as i64),
                text(c.old.as_ref(), c.new.as_ref(), &c.diff)
            ));
        }
        for m in &s.measures {
            out.push_str(&format!(
                "- **{}** {}: {}\n",
                change_word(m.change),
                md(&measure_id(m)),
                text(m.old_text.as_ref(), m.new_text.as_ref(), &m.diff)
            ));
            for i in &m.items {
                let n = i.new_index.or(i.old_index).unwrap_or(0);
                out.push_str(&format!(
                    "  - **{}** sub-item {n}: {}\n",
                    change_word(i.change),
                    text(i.old.as_ref(), i.new.as_ref(), &i.diff)
                ));
            }
        }
        out.push('\n');
    }
    out.push_str(&md(&summary_line(diff)));
    out.push('\n');
    out
}

fn change_word(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
        Change::Renumbered => "renumbered",
    }
}
