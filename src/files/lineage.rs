//! The years behind a plan: where the previous fiscal year's plan is
//! archived (`archive/<year>/` beside `plan/`), and the checks that a
//! plan's lineage (`continues` on its measures, `[previous] ended` in
//! plan.toml) accounts for every measure of that year exactly once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::diagnostic::{Code, Diagnostic};
use crate::files::load::PLAN_FILE;
use crate::files::notes::{Notebook, Options};
use crate::files::span::{Place, Spans};
use crate::i18n::Text;
use crate::model::date::Zone;
use crate::model::id::MeasureId;
use crate::model::lineage::Continuity;
use crate::model::note::Status;
use crate::model::plan::Plan;
use crate::model::progress::Tracker;

/// The folder, beside the plan directory, that holds past years' plans.
pub const ARCHIVE_DIR: &str = "archive";

/// The directory holding `plan_dir`, `.` for a bare relative name.
pub fn parent_of(plan_dir: &Path) -> PathBuf {
    match plan_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Where `plan rollover` archives the plan of `year` that is in `plan_dir`.
pub fn archive_target(plan_dir: &Path, year: i32) -> PathBuf {
    parent_of(plan_dir).join(ARCHIVE_DIR).join(year.to_string())
}

/// The archived plan of `year` for the plan in `plan_dir`: in
/// `archive/<year>/` beside it, or, for a plan that is itself archived
/// (`archive/2022`), beside it (`archive/2021`).
pub fn archived_dir(plan_dir: &Path, year: i32) -> Option<PathBuf> {
    let parent = parent_of(plan_dir);
    let mut candidates = vec![parent.join(ARCHIVE_DIR).join(year.to_string())];
    let in_archive = std::fs::canonicalize(&parent)
        .ok()
        .is_some_and(|p| p.file_name().is_some_and(|n| n == ARCHIVE_DIR));
    if in_archive {
        candidates.push(parent.join(year.to_string()));
    }
    candidates.into_iter().find(|d| d.join(PLAN_FILE).is_file())
}

/// Checks the lineage of `plan` against the previous year's archived plan
/// (loaded here, so only `plan check` pays for it).
pub fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let info_spans = Spans::of(&plan.info_source.text);
    let mut continued: Vec<(&Spans, &crate::source::SourceFile, Place, MeasureId, &str)> =
        Vec::new();
    let section_spans: Vec<Spans> = plan
        .sections
        .iter()
        .map(|f| Spans::of(&f.source.text))
        .collect();
    for (file, spans) in plan.sections.iter().zip(&section_spans) {
        for (party, measures) in &file.section.measures {
            for (index, m) in measures.iter().enumerate() {
                if let Some(c) = &m.continues {
                    let id = MeasureId::new(file.section.number, party, &m.label);
                    continued.push((
                        spans,
                        &file.source,
                        Place::Continues { party, index },
                        id,
                        c,
                    ));
                }
            }
        }
    }
    let Some(previous) = &plan.info.previous else {
        for (spans, source, place, id, c) in continued {
            out.push(
                Diagnostic::at(
                    Code::LineageYear,
                    text!(
                        en: "{id} continues `{c}`, but plan.toml does not say which year it continues",
                        ja: "{id} は `{c}` を継続するとありますが、plan.toml にどの年度の継続かがありません",
                    ),
                    source,
                    spans.or_start(place),
                )
                .with_help(Text::new(
                    "add [previous] fiscal_year = <last year> to plan.toml (plan rollover writes it), or remove `continues`",
                    "plan.toml に [previous] fiscal_year = <前年度> を書くか（plan rollover が書きます）、continues を削除してください",
                ))
                .about(&id),
            );
        }
        return;
    };
    let year = previous.fiscal_year;
    let this_year = plan.info.fiscal_year;
    if year >= this_year {
        out.push(
            Diagnostic::at(
                Code::LineageYear,
                text!(
                    en: "the previous fiscal year {year} is not before this plan's {this_year}",
                    ja: "前年度 {year} が今年度 {this_year} より前ではありません",
                ),
                &plan.info_source,
                info_spans.or_start(Place::PreviousYear),
            )
            .with_help(Text::new(
                "write the fiscal year this plan follows",
                "この計画が引き継ぐ年度を書いてください",
            )),
        );
        return;
    }
    let shown_archive = format!("{ARCHIVE_DIR}/{year}");
    let old = match archived_dir(&plan.dir, year).map(|d| crate::files::load::load(&d)) {
        Some(Ok(old)) => old,
        found => {
            let why = match found {
                Some(Err(_)) => Text::new(
                    format!(
                        "FY{year}'s plan in {shown_archive} has errors, so the lineage is unchecked"
                    ),
                    format!(
                        "{shown_archive} の {year} 年度の計画に誤りがあり、継続関係を確認できません"
                    ),
                ),
                _ => Text::new(
                    format!(
                        "FY{year}'s plan is not in {shown_archive}, so the lineage is unchecked"
                    ),
                    format!(
                        "{year} 年度の計画が {shown_archive} にないため、継続関係を確認できません"
                    ),
                ),
            };
            out.push(
                Diagnostic::at(
                    Code::PreviousMissing,
                    why,
                    &plan.info_source,
                    info_spans.or_start(Place::PreviousYear),
                )
                .with_help(text!(
                    en: "keep last year's plan in {shown_archive} beside plan/ (plan rollover puts it there)",
                    ja: "前年度の計画を plan/ と同じ階層の {shown_archive} に置いてください（plan rollover が置きます）",
                )),
            );
            return;
        }
    };
    let unknown_help = text!(
        en: "write the ID the measure had in FY{year} (plan --plan {shown_archive} list), or remove it if the measure is new",
        ja: "{year} 年度の取組 ID（plan --plan {shown_archive} list）を書くか、新しい取組なら削除してください",
    );
    let mut continued_ids = HashSet::new();
    for (spans, source, place, id, c) in &continued {
        let known = MeasureId::parse_canonical(c)
            .filter(|m| m.item.is_none())
            .is_some_and(|m| old.contains(&m));
        if known {
            continued_ids.insert(c.to_string());
        } else {
            out.push(
                Diagnostic::at(
                    Code::LineageUnknown,
                    text!(
                        en: "{id} continues `{c}`, which FY{year}'s plan does not have",
                        ja: "{id} が継続する `{c}` は {year} 年度の計画にありません",
                    ),
                    source,
                    spans.or_start(*place),
                )
                .with_help(unknown_help.clone())
                .about(id),
            );
        }
    }
    let mut ended_ids = HashSet::new();
    for (i, e) in previous.ended.iter().enumerate() {
        let span = || info_spans.or_start(Place::Ended(i));
        let known = MeasureId::parse_canonical(e)
            .filter(|m| m.item.is_none())
            .is_some_and(|m| old.contains(&m));
        if !known {
            out.push(
                Diagnostic::at(
                    Code::LineageUnknown,
                    text!(
                        en: "[previous] ended names `{e}`, which FY{year}'s plan does not have",
                        ja: "[previous] ended の `{e}` は {year} 年度の計画にありません",
                    ),
                    &plan.info_source,
                    span(),
                )
                .with_help(unknown_help.clone()),
            );
        } else if continued_ids.contains(e) {
            out.push(
                Diagnostic::at(
                    Code::LineageTwice,
                    text!(
                        en: "FY{year}'s {e} is listed as ended, but a measure continues it",
                        ja: "{year} 年度の {e} は ended にありますが、継続する取組があります",
                    ),
                    &plan.info_source,
                    span(),
                )
                .with_help(Text::new(
                    "remove it from [previous] ended, or remove the `continues` that names it",
                    "[previous] ended から削除するか、それを指す continues を削除してください",
                )),
            );
        }
        ended_ids.insert(e.to_string());
    }
    for m in old.measures() {
        let id = m.id().to_string();
        if !continued_ids.contains(&id) && !ended_ids.contains(&id) {
            out.push(
                Diagnostic::at(
                    Code::LineageMissing,
                    text!(
                        en: "FY{year}'s {id} is neither continued by a measure nor listed in [previous] ended",
                        ja: "{year} 年度の {id} は、継続する取組も [previous] ended の記載もありません",
                    ),
                    &plan.info_source,
                    info_spans.or_start(Place::PreviousYear),
                )
                .with_help(Text::new(
                    "add `continues = \"<that ID>\"` to the measure that continues it, or add the ID to [previous] ended",
                    "継続する取組に continues = \"<その ID>\" を書くか、[previous] ended に ID を加えてください",
                )),
            );
        }
    }
}

/// One year of a measure's history.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Year {
    pub fiscal_year: i32,
    /// The measure's ID that year.
    pub id: String,
    pub text: String,
    pub items: Vec<String>,
    /// How it relates to the year before; `None` when its plan records no
    /// previous year (the first year `plan` was used).
    pub change: Option<Continuity>,
    /// Its status at the end of that year (this year: now).
    pub status: Status,
    /// Notes on it and its sub-items that year.
    pub notes: usize,
}

/// A measure's history, oldest year first: the measure in `plan`, then
/// the one it continues in the archived plan of the year before, and so
/// on while the lineage goes back and the archived plans are there.
/// Archived years are replayed in full (their final status); this year up
/// to `now`.
pub fn history(plan: &Plan, id: &MeasureId, zone: Zone, now: DateTime<FixedOffset>) -> Vec<Year> {
    let mut years = Vec::new();
    let mut current: Option<Plan> = None;
    let mut id = id.measure();
    let mut this_year = true;
    loop {
        let here = current.as_ref().unwrap_or(plan);
        let Some(m) = here.measure(&id) else { break };
        let options = Options {
            section: Some(id.section),
            ..Options::default()
        };
        let book = Notebook::read(here, zone, now, options);
        let cutoff = this_year.then_some(now);
        let tracker = Tracker::new(here, book.events(here), cutoff);
        let progress = tracker.measure(m.index);
        let previous = match (&here.info.previous, &m.measure.continues) {
            (Some(p), Some(c)) => archived_dir(&here.dir, p.fiscal_year)
                .and_then(|d| crate::files::load::load(&d).ok())
                .zip(MeasureId::parse_canonical(c)),
            _ => None,
        };
        let before = previous
            .as_ref()
            .and_then(|(p, pid)| p.measure(pid).map(|r| (pid.to_string(), r.measure.clone())));
        let own_id = id.to_string();
        years.push(Year {
            fiscal_year: here.info.fiscal_year,
            change: here.info.previous.as_ref().map(|_| {
                Continuity::of(
                    before.as_ref().map(|(i, m)| (i.as_str(), m)),
                    &own_id,
                    m.measure,
                )
            }),
            id: own_id,
            text: m.measure.text.clone(),
            items: m.measure.items.clone(),
            status: progress.status(),
            notes: progress.notes,
        });
        let Some((previous_plan, previous_id)) = previous else {
            break;
        };
        current = Some(previous_plan);
        id = previous_id;
        this_year = false;
        if years.len() > 200 {
            // A lineage cannot be longer than the years there are; a loop
            // of hand-edited archives must not run forever.
            break;
        }
    }
    years.reverse();
    years
}

/// Where each measure of a plan stood at the end of the year before: the
/// measure it continues (that year's ID) and its final status there.
#[derive(Debug, Clone)]
pub struct PreviousYear {
    pub fiscal_year: i32,
    /// By this year's measure number: (last year's ID, its final status),
    /// or `None` for a measure new this year.
    pub by_measure: Vec<Option<(String, Status)>>,
}

impl PreviousYear {
    /// Reads the previous year's archived plan and notes, replayed in full.
    /// `None` when the plan records no previous year or it is not archived
    /// (or not loadable: `plan check` says why).
    pub fn of(plan: &Plan, zone: Zone, now: DateTime<FixedOffset>) -> Option<PreviousYear> {
        let year = plan.info.previous.as_ref()?.fiscal_year;
        let old = crate::files::load::load(&archived_dir(&plan.dir, year)?).ok()?;
        let book = Notebook::read(&old, zone, now, Options::default());
        let tracker = Tracker::new(&old, book.events(&old), None);
        let by_measure = plan
            .measures()
            .map(|m| {
                let from = m.measure.continues.as_deref()?;
                let at = old.measure(&MeasureId::parse_canonical(from)?)?;
                Some((from.to_string(), tracker.measure(at.index).status()))
            })
            .collect();
        Some(PreviousYear {
            fiscal_year: year,
            by_measure,
        })
    }
}
