//! Measure IDs: the canonical form (`2.tcci.イ`, `2.tmg.イ.1`) and every
//! spelling people type (`2.イ`, `２．イ`, `2.東商.い`, `2.TCCÍ.i`).

use std::fmt;

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

/// Splits an ID into its folded parts: `２．イ` → [`2`, `イ`].
pub fn split(input: &str) -> Vec<String> {
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
