//! Looking an ID up in a plan: which measure (or section) a user's ID
//! means, which party a short ID takes, and what to suggest when it
//! names nothing.

use crate::error::Error;
use crate::i18n::{Lang, Text};
use crate::model::id::{MeasureId, split};
use crate::model::label;
use crate::model::plan::{MeasureRef, Plan, Section};
use crate::text::fold;

/// Where the party of a resolved ID came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartySource {
    /// Written in the ID itself (`2.tcci.イ`).
    Id,
    /// Chosen by the user: `--party`, `PLAN_PARTY` or the user's config.
    Chosen,
    /// The plan's `default_party` (or the built-in default).
    Default,
    /// The default party has no such label, and only this party has it.
    OnlyParty,
}

/// An ID as resolved against a plan.
#[derive(Debug, Clone)]
pub struct Resolved<'p> {
    /// The measure, or sub-item, in canonical form.
    pub id: MeasureId,
    /// The measure (the parent, for a sub-item ID).
    pub measure: MeasureRef<'p>,
    pub party_source: PartySource,
    /// The same section and label under the other parties, when the party was
    /// not written in the ID (so the user can tell they may have meant those).
    pub namesakes: Vec<MeasureId>,
}

/// What a user can name on the command line: a whole section or a measure.
#[derive(Debug, Clone)]
pub enum Target<'p> {
    Section(&'p Section),
    Measure(Resolved<'p>),
}

/// Why an ID could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Not of the shape `<section>.<party>.<label>`.
    Malformed { input: String },
    /// No such section.
    NoSection { input: String, sections: Vec<u32> },
    /// The party part names no party of the plan.
    NoParty {
        input: String,
        party: String,
        suggestions: Vec<String>,
    },
    /// Well formed, but no measure (or sub-item) has it.
    NotFound {
        input: String,
        suggestions: Vec<MeasureId>,
    },
}

/// The party to use for IDs that do not name one, and where it came from.
#[derive(Debug, Clone, Copy)]
pub struct PartyDefault<'a> {
    pub party: &'a str,
    pub source: PartySource,
}

impl Plan {
    /// The party key that `input` names (`tmg`, `TMG`, `都`, `東京都`, the
    /// English name …), folded so `tccí` finds `tcci`.
    pub fn find_party(&self, input: &str) -> Option<&str> {
        let needle = fold(input.trim());
        self.info
            .parties
            .iter()
            .find(|(key, p)| {
                [key.as_str(), &p.name, &p.short, &p.english]
                    .iter()
                    .any(|alias| fold(alias) == needle)
            })
            .map(|(key, _)| key.as_str())
    }

    /// Every spelling a party can be given by (for suggestions and completion).
    pub fn party_aliases(&self) -> Vec<&str> {
        self.info
            .parties
            .iter()
            .flat_map(|(k, p)| [k.as_str(), &p.short, &p.name])
            .collect()
    }

    /// Resolves a section number or a measure ID.
    pub fn resolve_target(
        &self,
        input: &str,
        default: PartyDefault,
    ) -> Result<Target<'_>, IdError> {
        let parts = split(input);
        if parts.len() == 1 {
            let number = self.parse_section(input, &parts[0])?;
            let section = self.section(number).ok_or_else(|| IdError::Malformed {
                input: input.to_string(),
            })?;
            return Ok(Target::Section(section));
        }
        self.resolve(input, default).map(Target::Measure)
    }

    /// Resolves a measure or sub-item ID in any accepted spelling.
    pub fn resolve(&self, input: &str, default: PartyDefault) -> Result<Resolved<'_>, IdError> {
        let malformed = || IdError::Malformed {
            input: input.to_string(),
        };
        let parts = split(input);
        if parts.len() < 2 || parts.len() > 4 {
            return Err(malformed());
        }
        let section = self.parse_section(input, &parts[0])?;
        // `2.X.3` and `2.X` have the label second; `2.X.Y` and `2.X.Y.3` the party.
        let party_written = parts.len() == 4
            || (parts.len() == 3
                && (parts[2].parse::<usize>().is_err() || self.find_party(&parts[1]).is_some()));
        let (party, source, rest) = if party_written {
            let party = self.find_party(&parts[1]).ok_or_else(|| IdError::NoParty {
                input: input.to_string(),
                party: parts[1].clone(),
                suggestions: crate::suggest::closest(&parts[1], self.party_aliases(), 3),
            })?;
            (party, PartySource::Id, &parts[2..])
        } else {
            (default.party, default.source, &parts[1..])
        };
        let label = label::normalize(&rest[0]);
        let item = match rest.get(1) {
            None => None,
            Some(n) => Some(n.parse::<usize>().map_err(|_| malformed())?),
        };
        let mut id = MeasureId {
            section,
            party: party.to_string(),
            label: label.clone(),
            item,
        };
        let mut source = source;
        // `2.オ` when only 東商 has オ in section 2: that one, said on stderr.
        if source == PartySource::Default && self.measure(&id).is_none() {
            let holders: Vec<&str> = self
                .party_keys()
                .filter(|p| {
                    *p != party && self.measure(&MeasureId::new(section, p, &label)).is_some()
                })
                .collect();
            if let [only] = holders.as_slice() {
                id.party = only.to_string();
                source = PartySource::OnlyParty;
            }
        }
        let party = id.party.clone();
        let Some(measure) = self.measure(&id).filter(|_| self.contains(&id)) else {
            return Err(IdError::NotFound {
                input: input.to_string(),
                suggestions: self.near(&id),
            });
        };
        let namesakes = if matches!(source, PartySource::Id | PartySource::OnlyParty) {
            Vec::new()
        } else {
            self.party_keys()
                .filter(|p| *p != party)
                .map(|p| MeasureId::new(section, p, &label))
                .filter(|other| self.contains(other))
                .collect()
        };
        Ok(Resolved {
            id,
            measure,
            party_source: source,
            namesakes,
        })
    }

    fn parse_section(&self, input: &str, part: &str) -> Result<u32, IdError> {
        let number: u32 = part.parse().map_err(|_| IdError::Malformed {
            input: input.to_string(),
        })?;
        if self.section(number).is_none() {
            return Err(IdError::NoSection {
                input: input.to_string(),
                sections: self.sections.iter().map(|s| s.section.number).collect(),
            });
        }
        Ok(number)
    }

    /// The IDs closest to one that does not exist: the same label under the
    /// other parties first, then the party's labels nearest in 五十音 order.
    fn near(&self, wanted: &MeasureId) -> Vec<MeasureId> {
        let Some(section) = self.section(wanted.section) else {
            return Vec::new();
        };
        let position = |l: &str| label::ORDER.iter().position(|o| *o == l);
        let wanted_pos = position(&wanted.label);
        let mut scored: Vec<(usize, MeasureId)> = Vec::new();
        for m in self.section_measures(section) {
            let mut id = m.id();
            let score = if m.measure.label == wanted.label {
                if m.party == wanted.party {
                    // The measure exists; only the sub-item number was wrong.
                    match wanted.item {
                        Some(n) if !m.measure.items.is_empty() => {
                            id = id.with_item(n.clamp(1, m.measure.items.len()));
                        }
                        _ => {}
                    }
                    0
                } else {
                    1
                }
            } else if m.party == wanted.party {
                match (wanted_pos, position(&m.measure.label)) {
                    (Some(a), Some(b)) => 1 + a.abs_diff(b),
                    _ => 100,
                }
            } else {
                continue;
            };
            scored.push((score, id));
        }
        scored.sort_by_key(|(score, _)| *score);
        scored.into_iter().take(3).map(|(_, id)| id).collect()
    }
}

impl IdError {
    /// The usage error for an ID that resolves to nothing.
    pub fn into_error(self, plan: &Plan) -> Error {
        match self {
            IdError::Malformed { input } => {
                let shown = crate::text::escape_control(&input).into_owned();
                Error::usage(text!(
                en: "`{shown}` is not a measure ID",
                ja: "`{shown}` は取組 ID ではありません",
            ))
            .help(Text::new(
                "write <section>.<party>.<label>, e.g. 2.tcci.イ, or <section>.<label> for the default party, e.g. 2.イ",
                "<節>.<主体>.<ラベル>（例: 2.tcci.イ）、または既定の主体なら <節>.<ラベル>（例: 2.イ）と書いてください",
            ))
            }
            IdError::NoSection { input, sections } => {
                let shown = crate::text::escape_control(&input).into_owned();
                let list: Vec<String> = sections.iter().map(u32::to_string).collect();
                let list = list.join(", ");
                Error::usage(text!(
                    en: "no such section in `{shown}`: the plan has sections {list}",
                    ja: "`{shown}` の節がありません。計画の節は {list} です",
                ))
            }
            IdError::NoParty {
                input,
                party,
                suggestions,
            } => {
                let shown = crate::text::escape_control(&input).into_owned();
                let party = crate::text::escape_control(&party).into_owned();
                let parties: Vec<&str> = plan.party_keys().collect();
                let (parties_en, parties_ja) = (Lang::En.list(&parties), Lang::Ja.list(&parties));
                let mut err = Error::usage(text!(
                    en: "unknown party `{party}` in `{shown}`: the parties are {parties_en}",
                    ja: "`{shown}` の主体 `{party}` は不明です。主体は {parties_ja} です",
                ));
                if let Some(best) = suggestions.first() {
                    err =
                        err.help(text!(en: "did you mean `{best}`?", ja: "`{best}` の誤りでは？"));
                }
                err
            }
            IdError::NotFound { input, suggestions } => {
                let shown = crate::text::escape_control(&input).into_owned();
                let err = Error::usage(text!(
                    en: "no measure `{shown}` in the plan",
                    ja: "取組 `{shown}` は計画にありません",
                ));
                if suggestions.is_empty() {
                    err.help(Text::new(
                        "`plan list --format ids` prints every ID",
                        "`plan list --format ids` ですべての ID を表示できます",
                    ))
                } else {
                    let list = Text::each(|lang| {
                        let list: Vec<String> = suggestions
                            .iter()
                            .map(|id| {
                                let text = plan
                                    .measure(id)
                                    .map(|m| match id.item {
                                        Some(n) => {
                                            m.measure.items.get(n - 1).cloned().unwrap_or_default()
                                        }
                                        None => m.measure.text.clone(),
                                    })
                                    .unwrap_or_default();
                                format!("{id}{}", lang.paren(&crate::text::truncate(&text, 30)))
                            })
                            .collect();
                        lang.list(&list)
                    });
                    let (list_en, list_ja) = (list.en, list.ja);
                    err.help(text!(en: "did you mean {list_en}?", ja: "{list_ja} の誤りでは？"))
                }
            }
        }
    }
}
