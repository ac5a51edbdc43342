//! What changed between two plans (a year and the next, or two revisions):
//! plan fields, sections, 内容 items, measures and ・ sub-items added,
//! removed or changed, each changed text with its character-level diff.
//!
//! Things are paired in order by how alike they are, with a bonus for the
//! same label or position, so a measure inserted mid-section (which
//! relabels the ones after it) shows as one insertion and some renumbered
//! measures, not as a cascade of changes.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::document::similarity::ratio;
use crate::model::id::MeasureId;
use crate::model::plan::{Measure, Plan, Section};

/// How a thing differs between the two plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
    /// Same text, new label: a measure shifted by an insertion or removal.
    Renumbered,
}

/// One run of a character-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

/// A field of plan.toml that differs.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    /// `fiscal_year`, `agreement.date`, `parties.tmg.heading` …
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub diff: Vec<Span>,
}

/// A 内容 item or a ・ sub-item that differs (1-based positions).
#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    pub change: Change,
    pub old_index: Option<usize>,
    pub new_index: Option<usize>,
    pub old: Option<String>,
    pub new: Option<String>,
    pub diff: Vec<Span>,
}

/// A measure that differs.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureChange {
    pub change: Change,
    pub party: String,
    pub old_id: Option<String>,
    pub new_id: Option<String>,
    pub old_text: Option<String>,
    pub new_text: Option<String>,
    pub diff: Vec<Span>,
    pub items: Vec<ItemChange>,
}

/// A section that differs.
#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    pub change: Change,
    pub old_number: Option<u32>,
    pub new_number: Option<u32>,
    pub old_title: Option<String>,
    pub new_title: Option<String>,
    pub title_diff: Vec<Span>,
    pub contents: Vec<ItemChange>,
    pub measures: Vec<MeasureChange>,
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The directory or revision as given.
    pub source: String,
    pub fiscal_year: i32,
}

/// How many things of each kind changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub plan_fields: usize,
    pub sections_added: usize,
    pub sections_removed: usize,
    pub sections_changed: usize,
    pub contents_added: usize,
    pub contents_removed: usize,
    pub contents_changed: usize,
    pub measures_added: usize,
    pub measures_removed: usize,
    pub measures_changed: usize,
    pub measures_renumbered: usize,
    pub items_added: usize,
    pub items_removed: usize,
    pub items_changed: usize,
}

/// Everything that differs between two plans.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDiff {
    pub old: Side,
    pub new: Side,
    pub equal: bool,
    pub plan: Vec<FieldChange>,
    pub sections: Vec<SectionChange>,
    pub summary: Summary,
}

/// The character-level diff of two texts.
pub fn char_diff(old: &str, new: &str) -> Vec<Span> {
    let diff = TextDiff::from_chars(old, new);
    let mut spans: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        match spans.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => spans.push(Span {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    spans
}

/// Pairs two lists in order, maximising the total score of the pairs; a
/// pair needs a score of at least `threshold`. Returns every element once:
/// (old, new), (old, None) removed, (None, new) added.
fn align<T>(
    old: &[T],
    new: &[T],
    score: impl Fn(usize, &T, usize, &T) -> f32,
    threshold: f32,
) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (old.len(), new.len());
    let scores: Vec<Vec<f32>> = old
        .iter()
        .enumerate()
        .map(|(i, o)| {
            new.iter()
                .enumerate()
                .map(|(j, x)| score(i, o, j, x))
                .collect()
        })
        .collect();
    let at = |i: usize, j: usize| scores.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0);
    // best[i][j]: the best total for old[i..] and new[j..].
    let mut best = vec![vec![0.0f32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = best[i + 1][j].max(best[i][j + 1]);
            let s = at(i, j);
            best[i][j] = if s >= threshold {
                skip.max(s + best[i + 1][j + 1])
            } else {
                skip
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let s = at(i, j);
        if s >= threshold && (best[i][j] - (s + best[i + 1][j + 1])).abs() < 1e-6 {
            pairs.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if (best[i][j] - best[i + 1][j]).abs() < 1e-6 {
            pairs.push((Some(i), None));
            i += 1;
        } else {
            pairs.push((None, Some(j)));
            j += 1;
        }
    }
    pairs.extend((i..n).map(|i| (Some(i), None)));
    pairs.extend((j..m).map(|j| (None, Some(j))));
    pairs
}

/// The least score of a pair: half alike, or a fifth alike in the same place.
const THRESHOLD: f32 = 0.5;
/// What the same label (or number, or position) adds to a pair's score.
const SAME_PLACE: f32 = 0.3;

fn place_bonus(same: bool) -> f32 {
    if same { SAME_PLACE } else { 0.0 }
}

/// Compares two lists of texts (内容 items or sub-items).
fn texts(old: &[String], new: &[String]) -> Vec<ItemChange> {
    let pairs = align(
        old,
        new,
        |i, o, j, n| ratio(o, n) + place_bonus(i == j),
        THRESHOLD,
    );
    pairs
        .into_iter()
        .filter_map(|(o, n)| {
            let old_text = o.and_then(|i| old.get(i)).cloned();
            let new_text = n.and_then(|j| new.get(j)).cloned();
            let change = match (&old_text, &new_text) {
                (Some(a), Some(b)) if a == b && o == n => return None,
                (Some(a), Some(b)) if a == b => Change::Renumbered,
                (Some(_), Some(_)) => Change::Changed,
                (Some(_), None) => Change::Removed,
                _ => Change::Added,
            };
            let diff = match (&old_text, &new_text) {
                (Some(a), Some(b)) if a != b => char_diff(a, b),
                _ => Vec::new(),
            };
            Some(ItemChange {
                change,
                old_index: o.map(|i| i + 1),
                new_index: n.map(|j| j + 1),
                old: old_text,
                new: new_text,
                diff,
            })
        })
        .collect()
}

/// How the measures of two plans are paired: by how alike they are
/// (two revisions, or years without a recorded lineage), or by the
/// lineage the newer plan records (`continues`, `[previous]`).
#[derive(Clone, Copy)]
enum Pairing<'a> {
    Alike,
    /// Old measures by ID, and the old IDs the new plan continues.
    Lineage(&'a Lineage<'a>),
}

/// The lineage a plan records, looked up by ID.
struct Lineage<'a> {
    old: foldhash::HashMap<String, &'a Measure>,
    continued: foldhash::HashSet<&'a str>,
}

/// A measure on one side of a pair, with its ID.
type Paired<'a> = Option<(String, &'a Measure)>;

/// The pairs of one party's measures in a pair of sections.
fn party_pairs<'a>(
    old_section: Option<&'a Section>,
    new_section: Option<&'a Section>,
    party: &str,
    pairing: Pairing<'a>,
) -> Vec<(Paired<'a>, Paired<'a>)> {
    let list = |s: Option<&'a Section>| -> Vec<(String, &'a Measure)> {
        s.and_then(|s| s.measures.get(party).map(|ms| (s, ms)))
            .map(|(s, ms)| {
                ms.iter()
                    .map(|m| (MeasureId::new(s.number, party, &m.label).to_string(), m))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old, new) = (list(old_section), list(new_section));
    match pairing {
        Pairing::Alike => align(
            &old,
            &new,
            |_, (_, o), _, (_, n)| ratio(&o.text, &n.text) + place_bonus(o.label == n.label),
            THRESHOLD,
        )
        .into_iter()
        .map(|(o, n)| {
            (
                o.and_then(|i| old.get(i)).cloned(),
                n.and_then(|j| new.get(j)).cloned(),
            )
        })
        .collect(),
        Pairing::Lineage(lineage) => {
            let mut pairs: Vec<(Paired<'a>, Paired<'a>)> = new
                .iter()
                .map(|(id, m)| {
                    let old = m
                        .continues
                        .as_ref()
                        .and_then(|c| lineage.old.get(c.as_str()).map(|o| (c.clone(), *o)));
                    (old, Some((id.clone(), *m)))
                })
                .collect();
            pairs.extend(
                old.into_iter()
                    .filter(|(id, _)| !lineage.continued.contains(id.as_str()))
                    .map(|o| (Some(o), None)),
            );
            pairs
        }
    }
}

fn measures(
    old_section: Option<&Section>,
    new_section: Option<&Section>,
    parties: &[String],
    pairing: Pairing<'_>,
) -> Vec<MeasureChange> {
    let mut out = Vec::new();
    for party in parties {
        for (o, n) in party_pairs(old_section, new_section, party, pairing) {
            let (om, nm) = (o.as_ref().map(|(_, m)| *m), n.as_ref().map(|(_, m)| *m));
            let old_id = o.as_ref().map(|(id, _)| id.clone());
            let new_id = n.as_ref().map(|(id, _)| id.clone());
            let items = texts(
                om.map_or(&[][..], |m| &m.items[..]),
                nm.map_or(&[][..], |m| &m.items[..]),
            );
            let change = match (om, nm) {
                (Some(a), Some(b)) if a.text == b.text && items.is_empty() => {
                    if old_id == new_id {
                        continue;
                    }
                    Change::Renumbered
                }
                (Some(_), Some(_)) => Change::Changed,
                (Some(_), None) => Change::Removed,
                _ => Change::Added,
            };
            let diff = match (om, nm) {
                (Some(a), Some(b)) if a.text != b.text => char_diff(&a.text, &b.text),
                _ => Vec::new(),
            };
            out.push(MeasureChange {
                change,
                party: party.clone(),
                old_id,
                new_id,
                old_text: om.map(|m| m.text.clone()),
                new_text: nm.map(|m| m.text.clone()),
                diff,
                items: if matches!(change, Change::Changed) {
                    items
                } else {
                    Vec::new()
                },
            });
        }
    }
    out
}

/// Pairs each measure of `new` with the one of `old` it most likely
/// continues, as `plan diff` pairs them: sections by title, then each
/// party's measures in order by how alike their texts are (with a bonus
/// for the same label), so an insertion mid-section renumbers the rest
/// rather than pairing them wrongly. Returns (old ID, new ID) for every
/// measure of both plans once: (old, None) ended, (None, new) new.
pub fn measure_pairs(
    old: &[&Section],
    new: &[&Section],
    parties: &[String],
) -> Vec<(Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for (o, n) in section_pairs(old, new) {
        let (os, ns) = (
            o.and_then(|i| old.get(i)).copied(),
            n.and_then(|j| new.get(j)).copied(),
        );
        for party in parties {
            for (om, nm) in party_pairs(os, ns, party, Pairing::Alike) {
                out.push((om.map(|(id, _)| id), nm.map(|(id, _)| id)));
            }
        }
    }
    out
}

/// Sections paired by title, with a bonus for the same number.
fn section_pairs(old: &[&Section], new: &[&Section]) -> Vec<(Option<usize>, Option<usize>)> {
    align(
        old,
        new,
        |_, o, _, n| ratio(&o.title, &n.title) + place_bonus(o.number == n.number),
        THRESHOLD,
    )
}

/// The plan.toml fields both plans have, as text, by name.
fn fields(plan: &Plan) -> Vec<(String, String)> {
    let i = &plan.info;
    let mut out = vec![
        ("title".to_string(), i.title.clone()),
        ("fiscal_year".to_string(), i.fiscal_year.to_string()),
        ("effective".to_string(), i.effective.to_string()),
        ("default_party".to_string(), i.default_party.clone()),
        ("preamble".to_string(), i.preamble.clone()),
        ("closing".to_string(), i.closing.clone()),
        ("agreement.title".to_string(), i.agreement.title.clone()),
        ("agreement.short".to_string(), i.agreement.short.clone()),
        ("agreement.date".to_string(), i.agreement.date.to_string()),
        ("agreement.article".to_string(), i.agreement.article.clone()),
    ];
    for (key, p) in &i.parties {
        out.push((format!("parties.{key}.name"), p.name.clone()));
        out.push((format!("parties.{key}.short"), p.short.clone()));
        out.push((format!("parties.{key}.english"), p.english.clone()));
        out.push((format!("parties.{key}.heading"), p.heading()));
    }
    out
}

fn plan_fields(old: &Plan, new: &Plan) -> Vec<FieldChange> {
    let (old, new) = (fields(old), fields(new));
    let mut names: Vec<&String> = old.iter().map(|(k, _)| k).collect();
    names.extend(
        new.iter()
            .map(|(k, _)| k)
            .filter(|k| !old.iter().any(|(o, _)| o == *k)),
    );
    names
        .into_iter()
        .filter_map(|name| {
            let get = |list: &[(String, String)]| {
                list.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
            };
            let (o, n) = (get(&old), get(&new));
            if o == n {
                return None;
            }
            let diff = match (&o, &n) {
                (Some(a), Some(b)) => char_diff(a, b),
                _ => Vec::new(),
            };
            Some(FieldChange {
                field: name.clone(),
                old: o,
                new: n,
                diff,
            })
        })
        .collect()
}

/// Compares two plans.
pub fn diff(old: &Plan, old_source: &str, new: &Plan, new_source: &str) -> PlanDiff {
    let mut parties: Vec<String> = new.party_keys().map(str::to_string).collect();
    parties.extend(
        old.party_keys()
            .filter(|k| new.party(k).is_none())
            .map(str::to_string),
    );
    let old_sections: Vec<&Section> = old.sections.iter().map(|s| &s.section).collect();
    let new_sections: Vec<&Section> = new.sections.iter().map(|s| &s.section).collect();
    let pairs = section_pairs(&old_sections, &new_sections);
    // The lineage the newer plan records, when it follows the older one.
    let lineage = new
        .info
        .previous
        .as_ref()
        .filter(|p| p.fiscal_year == old.info.fiscal_year)
        .map(|_| Lineage {
            old: old
                .measures()
                .map(|m| (m.id().to_string(), m.measure))
                .collect(),
            continued: new
                .measures()
                .filter_map(|m| m.measure.continues.as_deref())
                .collect(),
        });
    let pairing = lineage.as_ref().map_or(Pairing::Alike, Pairing::Lineage);
    let mut sections = Vec::new();
    for (o, n) in pairs {
        let (os, ns) = (
            o.and_then(|i| old_sections.get(i)).copied(),
            n.and_then(|j| new_sections.get(j)).copied(),
        );
        let contents = texts(
            os.map_or(&[][..], |s| &s.contents[..]),
            ns.map_or(&[][..], |s| &s.contents[..]),
        );
        let measure_changes = measures(os, ns, &parties, pairing);
        let change = match (os, ns) {
            (Some(a), Some(b)) => {
                let same = a.title == b.title
                    && a.number == b.number
                    && contents.is_empty()
                    && measure_changes.is_empty();
                if same {
                    continue;
                }
                Change::Changed
            }
            (Some(_), None) => Change::Removed,
            _ => Change::Added,
        };
        let title_diff = match (os, ns) {
            (Some(a), Some(b)) if a.title != b.title => char_diff(&a.title, &b.title),
            _ => Vec::new(),
        };
        let keep_details = change == Change::Changed;
        sections.push(SectionChange {
            change,
            old_number: os.map(|s| s.number),
            new_number: ns.map(|s| s.number),
            old_title: os.map(|s| s.title.clone()),
            new_title: ns.map(|s| s.title.clone()),
            title_diff,
            contents: if keep_details { contents } else { Vec::new() },
            measures: if keep_details {
                measure_changes
            } else {
                Vec::new()
            },
        });
    }
    let plan = plan_fields(old, new);
    let summary = summarize(&plan, &sections);
    PlanDiff {
        old: Side {
            source: old_source.to_string(),
            fiscal_year: old.info.fiscal_year,
        },
        new: Side {
            source: new_source.to_string(),
            fiscal_year: new.info.fiscal_year,
        },
        equal: plan.is_empty() && sections.is_empty(),
        plan,
        sections,
        summary,
    }
}

fn summarize(plan: &[FieldChange], sections: &[SectionChange]) -> Summary {
    let mut s = Summary {
        plan_fields: plan.len(),
        ..Summary::default()
    };
    for section in sections {
        match section.change {
            Change::Added => s.sections_added += 1,
            Change::Removed => s.sections_removed += 1,
            _ => s.sections_changed += 1,
        }
        for c in &section.contents {
            match c.change {
                Change::Added => s.contents_added += 1,
                Change::Removed => s.contents_removed += 1,
                _ => s.contents_changed += 1,
            }
        }
        for m in &section.measures {
            match m.change {
                Change::Added => s.measures_added += 1,
                Change::Removed => s.measures_removed += 1,
                Change::Changed => s.measures_changed += 1,
                Change::Renumbered => s.measures_renumbered += 1,
            }
            for i in &m.items {
                match i.change {
                    Change::Added => s.items_added += 1,
                    Change::Removed => s.items_removed += 1,
                    _ => s.items_changed += 1,
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_insertion_pairs_the_rest_by_text_not_by_position() {
        let old = [
            "東京テレワーク推進センターの運営",
            "企業への支援",
            "普及促進",
        ];
        let new = [
            "東京テレワーク推進センターの運営",
            "新しい取組の実施",
            "企業への支援",
            "普及促進",
        ];
        let pairs = align(&old, &new, |_, o, _, n| ratio(o, n), THRESHOLD);
        assert_eq!(
            pairs,
            vec![
                (Some(0), Some(0)),
                (None, Some(1)),
                (Some(1), Some(2)),
                (Some(2), Some(3)),
            ]
        );
    }

    #[test]
    fn char_diff_shows_what_changed() {
        let spans = char_diff("イベントや広告", "イベント、広告");
        let ops: Vec<(&str, &str)> = spans.iter().map(|s| (s.op, s.text.as_str())).collect();
        assert_eq!(
            ops,
            vec![
                ("equal", "イベント"),
                ("delete", "や"),
                ("insert", "、"),
                ("equal", "広告")
            ]
        );
    }
}
