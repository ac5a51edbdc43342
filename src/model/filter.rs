//! Which measures a command works on: one [`MeasureFilter`], built once from
//! what the user typed (`--party`, `--section`, `--status`, `--grep`,
//! `--stale`), used by `list`, `status`, `log` and the web view alike.

use std::ops::RangeInclusive;

use chrono::{DateTime, FixedOffset};

use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::Progress;
use crate::text::{escape_control, fold};

/// A selection of measures; every part left empty keeps everything.
#[derive(Debug, Clone, Default)]
pub struct MeasureFilter {
    /// Party keys (`tmg`, `tcci`).
    pub parties: Vec<String>,
    /// Section ranges, as typed (`2`, `2-4`); never walked, only tested.
    pub sections: Vec<RangeInclusive<u32>>,
    pub statuses: Vec<Status>,
    /// Folded text to find in a measure's text or sub-items.
    pub grep: Option<String>,
    /// Keep only measures with no note since this time.
    pub stale_before: Option<DateTime<FixedOffset>>,
}

/// What the user typed for a filter, before it is checked against the plan.
#[derive(Debug, Clone, Default)]
pub struct FilterInput<'a> {
    pub parties: &'a [String],
    pub sections: &'a [String],
    pub statuses: &'a [String],
    pub grep: Option<&'a str>,
    pub stale_days: Option<u32>,
}

impl MeasureFilter {
    /// Checks every part against the plan; the first bad part is a usage error.
    pub fn parse(
        plan: &Plan,
        input: &FilterInput,
        now: DateTime<FixedOffset>,
    ) -> Result<MeasureFilter> {
        Ok(MeasureFilter {
            parties: parse_parties(plan, input.parties)?
                .into_iter()
                .map(str::to_string)
                .collect(),
            sections: parse_sections(plan, input.sections)?,
            statuses: parse_statuses(input.statuses)?,
            grep: input.grep.map(fold),
            // A span longer than the calendar keeps every measure, not a panic.
            stale_before: input.stale_days.map(|days| {
                chrono::TimeDelta::try_days(days.into())
                    .and_then(|d| now.checked_sub_signed(d))
                    .unwrap_or(DateTime::<FixedOffset>::MIN_UTC.fixed_offset())
            }),
        })
    }

    pub fn keeps_party(&self, party: &str) -> bool {
        self.parties.is_empty() || self.parties.iter().any(|p| p == party)
    }

    pub fn keeps_section(&self, number: u32) -> bool {
        self.sections.is_empty() || self.sections.iter().any(|r| r.contains(&number))
    }

    /// Whether the measure's place and text are selected (status aside).
    pub fn keeps_measure(&self, m: &MeasureRef) -> bool {
        self.keeps_party(m.party)
            && self.keeps_section(m.section.number)
            && self.grep.as_deref().is_none_or(|needle| {
                fold(&m.measure.text).contains(needle)
                    || m.measure.items.iter().any(|i| fold(i).contains(needle))
            })
    }

    /// Whether a measure's progress is selected (`--status`, `--stale`).
    pub fn keeps_progress(&self, p: &Progress) -> bool {
        (self.statuses.is_empty() || self.statuses.contains(&p.status()))
            && self
                .stale_before
                .is_none_or(|limit| p.last_note_at.is_none_or(|t| t < limit))
    }

    /// The measures of the plan this filter keeps, in document order.
    pub fn measures<'p>(
        &self,
        plan: &'p Plan,
        progress: impl Fn(&MeasureRef) -> Progress,
    ) -> Vec<MeasureRef<'p>> {
        plan.measures()
            .filter(|m| self.keeps_measure(m) && self.keeps_progress(&progress(m)))
            .collect()
    }
}

/// A party key from any of its names, or a usage error with suggestions.
pub fn parse_party<'p>(plan: &'p Plan, input: &str) -> Result<&'p str> {
    plan.find_party(input).ok_or_else(|| {
        let shown = escape_control(input).into_owned();
        let parties = Text::each(|lang| {
            let parties: Vec<String> = plan
                .info
                .parties
                .iter()
                .map(|(k, p)| format!("{k}{}", lang.paren(&lang.list(&[&p.short, &p.name]))))
                .collect();
            lang.list(&parties)
        });
        let (parties_en, parties_ja) = (parties.en, parties.ja);
        Error::usage(text!(
            en: "unknown party `{shown}`: the parties are {parties_en}",
            ja: "不明な主体 `{shown}`。主体は {parties_ja} です",
        ))
        .did_you_mean(crate::suggest::closest(input, plan.party_aliases(), 1))
    })
}

/// Party filters (`--party`, repeatable), as keys; empty means all parties.
pub fn parse_parties<'p>(plan: &'p Plan, inputs: &[String]) -> Result<Vec<&'p str>> {
    inputs.iter().map(|p| parse_party(plan, p)).collect()
}

/// Section filters: `2`, `2-4`, `1,3`, repeatable; empty means all sections.
/// A range must reach at least one section of the plan.
pub fn parse_sections(plan: &Plan, inputs: &[String]) -> Result<Vec<RangeInclusive<u32>>> {
    let known: Vec<u32> = plan.sections.iter().map(|s| s.section.number).collect();
    let range_text = match (known.iter().min(), known.iter().max()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "-".to_string(),
    };
    let mut out = Vec::new();
    for input in inputs {
        let folded = fold(input);
        for part in folded.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || {
                let shown = escape_control(part).into_owned();
                Error::usage(text!(
                    en: "`{shown}` is not a section or range of sections (sections are {range_text})",
                    ja: "`{shown}` は節番号・節の範囲ではありません（節は {range_text}）",
                ))
                .help(Text::new(
                    "write --section 2, --section 2-4 or --section 1,3",
                    "--section 2、--section 2-4、--section 1,3 のように指定してください",
                ))
            };
            let range = match part.split_once(['-', '~', '〜']) {
                Some((a, b)) => {
                    let from: u32 = a.trim().parse().map_err(|_| bad())?;
                    let to: u32 = b.trim().parse().map_err(|_| bad())?;
                    from..=to
                }
                None => {
                    let n: u32 = part.parse().map_err(|_| bad())?;
                    n..=n
                }
            };
            if !known.iter().any(|n| range.contains(n)) {
                return Err(bad());
            }
            out.push(range);
        }
    }
    Ok(out)
}

/// Status filters (`--status`, repeatable, each a list like `blocked,dropped`
/// or `保留、中止`, as `--section 1,3` is); empty means every status.
pub fn parse_statuses(inputs: &[String]) -> Result<Vec<Status>> {
    let mut out = Vec::new();
    for input in inputs {
        for part in input.split([',', '，', '、']).map(str::trim) {
            if part.is_empty() {
                continue;
            }
            let status = parse_status(part)?;
            if !out.contains(&status) {
                out.push(status);
            }
        }
    }
    Ok(out)
}

/// A status from its English or Japanese name or a synonym, or a usage
/// error. A guess is offered only for a Latin-letter typo (`doen`): one
/// kanji off is another meaning (完了 is not 保留), so none is guessed there.
pub fn parse_status(input: &str) -> Result<Status> {
    Status::parse(input).ok_or_else(|| {
        let shown = escape_control(input).into_owned();
        let err = Error::usage(text!(
            en: "unknown status `{shown}`: use planned, active, done, blocked or dropped (未着手, 実施中, 実施済, 保留, 中止)",
            ja: "不明な状況 `{shown}`。planned, active, done, blocked, dropped（未着手, 実施中, 実施済, 保留, 中止）のいずれかです",
        ));
        if input.is_ascii() {
            let keys = Status::ALL.map(Status::key);
            err.did_you_mean(crate::suggest::closest(input, keys, 1))
        } else {
            err
        }
    })
}
