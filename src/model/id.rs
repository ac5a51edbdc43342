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

/// The section numbers an ID, a section number, or a list or range of them
/// names, from its spelling alone (`2.イ` → 2, `1-3.tcci.ア,5.ア` → 1, 2, 3,
/// 5); `None` when that cannot be told.
pub fn sections_of(input: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in input
        .split([',', '、', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let first = split(part).into_iter().next()?;
        match first.split_once(['-', '~', '〜']) {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                if a > b || b - a > 64 {
                    return None;
                }
                out.extend(a..=b);
            }
            None => out.push(first.parse().ok()?),
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether a text has the shape of a measure ID (`2.イ`, `2.tcci.ア`,
/// `2.tmg.イ.1`), whatever plan it is read against.
pub fn looks_like_id(text: &str) -> bool {
    let parts = split(text);
    let label_at = match parts.len() {
        2 => 1,
        3 if parts[2].parse::<usize>().is_ok() => 1,
        3 | 4 => 2,
        _ => return false,
    };
    parts[0].parse::<u32>().is_ok()
        && parts.get(label_at).is_some_and(|l| {
            crate::model::label::ORDER.contains(&crate::model::label::normalize(l).as_str())
        })
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
    fn sections_are_told_from_the_spelling() {
        assert_eq!(sections_of("2.イ"), Some(vec![2]));
        assert_eq!(sections_of("２．ｔｃｃｉ．イ"), Some(vec![2]));
        assert_eq!(sections_of("6"), Some(vec![6]));
        assert_eq!(sections_of("1-3.tcci.ア,5.ア"), Some(vec![1, 2, 3, 5]));
        assert_eq!(sections_of("x.イ"), None);
        assert_eq!(sections_of("1-4294967295.ア"), None);
    }

    #[test]
    fn id_shapes_are_told_from_text() {
        for id in ["2.イ", "2.tcci.ア", "2.tmg.イ.1", "２．い", "1.東商.a"] {
            assert!(looks_like_id(id), "{id}");
        }
        for text in ["セミナー実施", "2.5 倍", "v2.1", "-5% の削減", "3.14"] {
            assert!(!looks_like_id(text), "{text}");
        }
    }

    #[test]
    fn split_folds_full_width() {
        assert_eq!(split("２．イ"), vec!["2", "イ"]);
        assert_eq!(split(" 2.TCCÍ.i "), vec!["2", "tcci", "i"]);
    }
}
