//! "Did you mean …?": one ranking used for IDs, keys, parties and statuses.

use crate::i18n::Text;
use crate::text::fold;

/// "did you mean `best`?" in both languages.
pub fn did_you_mean(best: &str) -> Text {
    text!(en: "did you mean `{best}`?", ja: "`{best}` の誤りでは？")
}

/// The candidates closest to `input` (after folding), best first, at most `max`.
/// Only candidates within a small edit distance are offered, so a wild guess
/// gets no suggestion rather than a misleading one.
pub fn closest<'a, I>(input: &str, candidates: I, max: usize) -> Vec<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = fold(input);
    let limit = (needle.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&needle, &fold(c)), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    let mut out: Vec<String> = Vec::new();
    for (_, c) in scored {
        if !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
        if out.len() == max {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_best_first() {
        let keys = ["label", "text", "items"];
        assert_eq!(closest("lable", keys, 3), vec!["label"]);
        assert_eq!(closest("item", keys, 3), vec!["items"]);
        assert_eq!(closest("tex", keys, 3), vec!["text"]);
        assert!(closest("zzzzzzzz", keys, 3).is_empty());
    }
}
