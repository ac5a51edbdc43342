//! Measure IDs: the canonical form (`2.tcci.イ`, `2.tmg.イ.1`) and every
//! spelling people type (`2.イ`, `２．イ`, `2.東商.い`, `2.TCCÍ.i`).

use std::fmt;

use crate::model::label;
use crate::model::plan::Plan;
use crate::text::fold;

/// A measure, or one of its ・ sub-items, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MeasureId {
    pub section: u32,
    /// The party key (`tmg`, `tcci`).
    pub party: String,
    /// The label in katakana (`イ`).
    pub label: String,
    /// The 1-based sub-item number, for a sub-item ID.
    pub item: Option<usize>,
}

impl MeasureId {
    pub fn new(section: u32, party: &str, label: &str) -> Self {
        MeasureId {
            section,
            party: party.to_string(),
            label: label.to_string(),
            item: None,
        }
    }

    pub fn with_item(&self, item: usize) -> Self {
        MeasureId {
            item: Some(item),
            ..self.clone()
        }
    }

    /// The measure this ID belongs to (itself, or the parent of a sub-item).
    pub fn measure(&self) -> MeasureId {
        MeasureId {
            item: None,
            ..self.clone()
        }
    }

    /// Parses the canonical form only, as stored in notes files.
    pub fn parse_canonical(s: &str) -> Option<MeasureId> {
        let mut parts = s.split('.');
        let section = parts.next()?.parse().ok()?;
        let party = parts.next().filter(|p| !p.is_empty())?;
        let label = parts.next().filter(|l| !l.is_empty())?;
        let item = match parts.next() {
            None => None,
            Some(n) => Some(n.parse().ok().filter(|n| *n >= 1)?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(MeasureId {
            section,
            party: party.to_string(),
            label: label.to_string(),
            item,
        })
    }
}

impl fmt::Display for MeasureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.section, self.party, self.label)?;
        if let Some(item) = self.item {
            write!(f, ".{item}")?;
        }
        Ok(())
    }
}

/// Where the party of a resolved ID came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartySource {
    /// Written in the ID itself (`2.tcci.イ`).
    Id,
    /// Given with `--party`.
    Flag,
    /// Taken from `PLAN_PARTY` or the plan's `default_party`.
    Default,
}

/// An ID as resolved against a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub id: MeasureId,
    pub party_source: PartySource,
    /// The same section and label under the other parties, when the party was
    /// not written in the ID (so the user can tell they may have meant those).
    pub namesakes: Vec<MeasureId>,
}

/// What a user can name on the command line: a whole section or a measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Section(u32),
    Measure(Resolved),
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
    pub fn resolve_target(&self, input: &str, default: PartyDefault) -> Result<Target, IdError> {
        let parts = split(input);
        if parts.len() == 1 {
            let section = self.parse_section(input, &parts[0])?;
            return Ok(Target::Section(section));
        }
        self.resolve(input, default).map(Target::Measure)
    }

    /// Resolves a measure or sub-item ID in any accepted spelling.
    pub fn resolve(&self, input: &str, default: PartyDefault) -> Result<Resolved, IdError> {
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
        let id = MeasureId {
            section,
            party: party.to_string(),
            label: label.clone(),
            item,
        };
        if !self.contains(&id) {
            return Err(IdError::NotFound {
                input: input.to_string(),
                suggestions: self.near(&id),
            });
        }
        let namesakes = if source == PartySource::Id {
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

/// Splits an ID into its folded parts: `２．イ` → [`2`, `イ`].
fn split(input: &str) -> Vec<String> {
    fold(input.trim())
        .split('.')
        .map(|p| p.trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_round_trips() {
        for s in ["2.tcci.イ", "2.tmg.イ.3"] {
            assert_eq!(MeasureId::parse_canonical(s).unwrap().to_string(), s);
        }
        assert!(MeasureId::parse_canonical("2.イ").is_none());
        assert!(MeasureId::parse_canonical("2.tmg.イ.0").is_none());
        assert!(MeasureId::parse_canonical("x.tmg.イ").is_none());
    }

    #[test]
    fn split_folds_full_width() {
        assert_eq!(split("２．イ"), vec!["2", "イ"]);
        assert_eq!(split(" 2.TCCÍ.i "), vec!["2", "tcci", "i"]);
    }
}
