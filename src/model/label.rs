//! Measure labels (ア, イ, ウ …): the order the document counts them in, and
//! the spellings people can type for them (katakana, hiragana, romaji).

use wana_kana::ConvertJapanese;

use crate::text::fold;

/// The gojūon order Japanese documents use to number items: ア イ ウ エ オ カ …
pub const ORDER: [&str; 46] = [
    "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ", "タ",
    "チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ",
    "ム", "メ", "モ", "ヤ", "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ヲ", "ン",
];

/// The label expected at 0-based position `index`, if the sequence goes that far.
pub fn expected_at(index: usize) -> Option<&'static str> {
    ORDER.get(index).copied()
}

/// Turns what a user typed into the katakana form labels are stored in:
/// `イ`, `い`, `ｲ`, `i` and `I` all become `イ`.
pub fn normalize(input: &str) -> String {
    fold(input).as_str().to_katakana()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_becomes_katakana() {
        for input in ["イ", "い", "ｲ", "i", "I", "ｉ"] {
            assert_eq!(normalize(input), "イ", "{input}");
        }
        assert_eq!(normalize("ka"), "カ");
        assert_eq!(normalize("ki"), "キ");
        assert_eq!(normalize("a"), "ア");
    }

    #[test]
    fn order_starts_like_the_document() {
        assert_eq!(&ORDER[..5], &["ア", "イ", "ウ", "エ", "オ"]);
        assert_eq!(expected_at(6), Some("キ"));
        assert_eq!(expected_at(46), None);
    }
}
