//! Text folded for matching (NFKC, so ３ is 3 and （ is (, with whitespace
//! removed, so PDF spacing does not matter) that remembers where each of its
//! characters came from, so a match points back into the original.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// A folded text and, for each of its characters, the original's byte range.
#[derive(Debug, Clone)]
pub struct Folded {
    text: String,
    /// (byte offset in `text`, byte range in the original), in order.
    origins: Vec<(usize, Range<usize>)>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::new();
        let mut origins = Vec::new();
        for (at, c) in original.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            let from = at..at + c.len_utf8();
            for folded in std::iter::once(c).nfkc() {
                origins.push((text.len(), from.clone()));
                text.push(folded);
            }
        }
        Folded { text, origins }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The original byte range a range of the folded text came from.
    pub fn origin(&self, range: Range<usize>) -> Range<usize> {
        let first = self.origins.iter().find(|(at, _)| *at >= range.start);
        let last = self.origins.iter().rev().find(|(at, _)| *at < range.end);
        match (first, last) {
            (Some((_, a)), Some((_, b))) if a.start <= b.end => a.start..b.end,
            (Some((_, a)), _) => a.clone(),
            _ => 0..0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_spaces_and_maps_back() {
        let original = "令和３年（2021 年）";
        let folded = Folded::new(original);
        assert_eq!(folded.text(), "令和3年(2021年)");
        let at = folded.text().find("2021年").unwrap();
        let back = folded.origin(at..at + "2021年".len());
        assert_eq!(&original[back], "2021 年");
    }
}
