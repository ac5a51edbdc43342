//! A new fiscal year's plan linked to the year before (`plan rollover`):
//! which of last year's measures each new measure continues, found by the
//! same matching `plan diff` uses, and the opening notes `--carry` records
//! so that unfinished work stays visible in the new year.

use chrono::{DateTime, FixedOffset};

use crate::document::diff::measure_pairs;
use crate::document::import::Imported;
use crate::model::id::MeasureId;
use crate::model::lineage::Continuity;
use crate::model::note::{Note, NoteTime, Status};
use crate::model::plan::{Plan, Previous, Section};
use crate::model::progress::Tracker;

/// What linking found, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked {
    pub same: usize,
    pub renumbered: usize,
    pub reworded: usize,
    pub new: usize,
    /// Last year's measures no new measure continues.
    pub ended: Vec<String>,
}

/// Records in `imported` which of `old`'s measures each of its measures
/// continues (`continues`) and which ended (`[previous]`).
pub fn link(old: &Plan, imported: &mut Imported) -> Linked {
    let parties: Vec<String> = imported.info.parties.keys().cloned().collect();
    let mut parties_all = parties.clone();
    parties_all.extend(
        old.party_keys()
            .filter(|k| !parties.iter().any(|p| p == k))
            .map(str::to_string),
    );
    let old_sections: Vec<&Section> = old.sections.iter().map(|s| &s.section).collect();
    let new_sections: Vec<&Section> = imported.sections.iter().map(|(_, s)| s).collect();
    let pairs = measure_pairs(&old_sections, &new_sections, &parties_all);
    let mut linked = Linked::default();
    let mut continues: foldhash::HashMap<String, String> = Default::default();
    for (o, n) in pairs {
        match (o, n) {
            (Some(o), Some(n)) => {
                continues.insert(n, o);
            }
            (Some(o), None) => linked.ended.push(o),
            _ => {}
        }
    }
    for (_, section) in &mut imported.sections {
        let number = section.number;
        for (party, measures) in &mut section.measures {
            for m in measures.iter_mut() {
                let id = MeasureId::new(number, party, &m.label).to_string();
                m.continues = continues.get(&id).cloned();
                let old_measure = m.continues.as_deref().and_then(|c| {
                    MeasureId::parse_canonical(c)
                        .and_then(|cid| old.measure(&cid))
                        .map(|r| (c, r.measure))
                });
                match Continuity::of(old_measure, &id, m) {
                    Continuity::Same => linked.same += 1,
                    Continuity::Renumbered => linked.renumbered += 1,
                    Continuity::Reworded => linked.reworded += 1,
                    Continuity::New => linked.new += 1,
                }
            }
        }
    }
    imported.info.previous = Some(Previous {
        fiscal_year: old.info.fiscal_year,
        ended: linked.ended.clone(),
    });
    linked
}

/// The opening note `--carry` records on each continued measure that had
/// notes last year and whose final status was neither done nor dropped: dated the new
/// plan's effective day, carrying that status, saying where it came from.
/// Returns (section, note) pairs.
pub fn carried_notes(
    old: &Plan,
    tracker: &Tracker<'_>,
    imported: &Imported,
    author: &str,
    now: DateTime<FixedOffset>,
) -> Vec<(u32, Note)> {
    let year = old.info.fiscal_year;
    let mut out = Vec::new();
    for (_, section) in &imported.sections {
        for (party, measures) in &section.measures {
            for m in measures {
                let Some(from) = m.continues.as_deref() else {
                    continue;
                };
                let Some(old_ref) =
                    MeasureId::parse_canonical(from).and_then(|id| old.measure(&id))
                else {
                    continue;
                };
                let progress = tracker.measure(old_ref.index);
                let status = progress.status();
                // Done and dropped work is finished; a measure nobody
                // recorded anything on starts as planned anyway.
                if matches!(status, Status::Done | Status::Dropped) || progress.notes == 0 {
                    continue;
                }
                let text = format!(
                    "{year}年度の {from} から継続（前年度末の状況: {}、記録 {} 件）",
                    status.japanese(),
                    progress.notes
                );
                out.push((
                    section.number,
                    Note {
                        key: Note::new_key(&now),
                        id: MeasureId::new(section.number, party, &m.label),
                        at: NoteTime::Day(imported.info.effective.0),
                        author: author.to_string(),
                        status: Some(status),
                        text,
                        links: Vec::new(),
                        correction: None,
                    },
                ));
            }
        }
    }
    out
}
