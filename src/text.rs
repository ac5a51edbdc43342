//! Text helpers shared by matching and rendering: folding for comparison,
//! display widths for alignment, and escaping before text reaches a terminal.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthStr;

/// Folds text for comparison: NFKC (so `２．イ` is `2.イ` and `ＥＸＰＯ` is `expo`),
/// lower case, and Latin diacritics dropped (so `tccí` is `tcci`).
///
/// Only combining marks of the Latin block are dropped: the kana voicing marks
/// (゛゜) change the meaning of a label and are kept.
pub fn fold(s: &str) -> String {
    s.nfkd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .nfkc()
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many terminal columns `s` takes (full-width characters take two).
pub fn width(s: &str) -> usize {
    // Printable ASCII (IDs, numbers, dates: most table cells) is one column
    // a byte, without looking each character up.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return s.len();
    }
    UnicodeWidthStr::width(s)
}

/// True for characters that must not reach a terminal raw: C0/C1 controls,
/// the bidirectional controls that can make text display differently from
/// what it is (U+061C, U+200E/F, U+202A–E, U+2066–9), and the invisible ones
/// that hide in text (soft hyphen, zero-width space/joiners, word joiner and
/// invisible operators, line and paragraph separators, BOM, Mongolian vowel
/// separator, interlinear annotation marks).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Escapes control characters (`\n`, `\t`, `\u{1b}` …) so data cannot move the
/// cursor, change colours or break a table's layout.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Escapes control characters but keeps line breaks, for multi-line text
/// shown as lines (table cells, diffs).
pub fn escape_control_keep_lines(text: &str) -> Cow<'_, str> {
    // Most text has nothing to escape (every cell of a table comes
    // through here): no copy at all.
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split('\n')
            .map(escape_control)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Shortens `s` to at most `max` display columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Full-width digits, as Japanese documents number sections and items: `１２`.
pub fn zenkaku(n: impl ToString) -> String {
    n.to_string()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32('０' as u32 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Characters a Japanese line must not start with (行頭禁則): closing
/// brackets and punctuation, the long-vowel mark, small kana.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '］'
            | '・'
            | 'ー'
            | '：'
            | '；'
            | '？'
            | '！'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | ')'
            | ']'
            | ','
            | '.'
            | ':'
            | ';'
    )
}

/// Characters a Japanese line must not end with (行末禁則): opening brackets.
fn no_line_end(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '【' | '〔' | '［' | '(' | '[')
}

/// Wraps text to `max` display columns, breaking between any two characters
/// (Japanese has no spaces to break at), within Latin words only at spaces,
/// and never so that a line starts with closing punctuation or ends with an
/// opening bracket: such characters are carried down to the next line
/// (追い出し), so no line is wider than `max`.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(4);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max && !line.is_empty() {
            let mut carry = String::new();
            if c.is_ascii_alphanumeric()
                && line.ends_with(|p: char| p.is_ascii_alphanumeric())
                && let Some(space) = line.rfind(' ').filter(|&i| i > 0)
            {
                carry = line.split_off(space + 1);
            } else {
                if no_line_start(c) {
                    // Take characters down until the next line starts with
                    // one that may start a line.
                    while line.chars().count() > 1 {
                        let last = line.pop().unwrap_or(' ');
                        carry.insert(0, last);
                        if !no_line_start(last) {
                            break;
                        }
                    }
                }
                while line.chars().count() > 1 && line.ends_with(no_line_end) {
                    let last = line.pop().unwrap_or(' ');
                    carry.insert(0, last);
                }
            }
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            used = width(&carry);
            line = carry;
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_is_unicode_width_for_every_ascii_string_and_more() {
        use unicode_width::UnicodeWidthStr as _;
        let bytes: String = (0u8..=127).map(char::from).collect();
        let samples = [
            "",
            "2.tmg.イ",
            "ＥＸＰＯ 都",
            "plain ASCII ~ {} |",
            bytes.as_str(),
            "tab\there",
            "\u{7f}",
        ];
        for s in samples {
            assert_eq!(width(s), s.width(), "{s:?}");
        }
        for b in 0u8..=127 {
            let s = char::from(b).to_string();
            assert_eq!(width(&s), s.width(), "byte {b}");
        }
    }

    #[test]
    fn fold_handles_width_case_and_accents() {
        assert_eq!(fold("２．イ"), "2.イ");
        assert_eq!(fold("ＥＸＰＯ"), "expo");
        assert_eq!(fold("TCCÍ"), "tcci");
        assert_eq!(fold("ｱ"), "ア");
        // Voicing marks are meaning, not decoration.
        assert_eq!(fold("ガ"), "ガ");
    }

    #[test]
    fn width_counts_full_width_as_two() {
        assert_eq!(width("都"), 2);
        assert_eq!(width("2.tmg.イ"), 8);
    }

    #[test]
    fn wrap_breaks_japanese_by_width_and_keeps_punctuation() {
        let lines = wrap("都が実施するイベント、セミナー", 12);
        assert_eq!(lines, vec!["都が実施する", "イベント、セ", "ミナー"]);
        assert_eq!(wrap("ああああ、いい", 8), vec!["あああ", "あ、いい"]);
        assert_eq!(wrap("あああ（いい）", 8), vec!["あああ", "（いい）"]);
        assert_eq!(wrap("ああいう」、え", 8), vec!["ああい", "う」、え"]);
        assert_eq!(
            wrap("セミナー [2.tmg.イ.3 · planned]", 24),
            vec!["セミナー [2.tmg.イ.3 ·", "planned]"]
        );
        assert!(lines.iter().all(|l| width(l) <= 12));
        assert_eq!(truncate("東京テレワーク推進センター", 10), "東京テレ…");
    }

    #[test]
    fn escape_control_makes_controls_visible() {
        assert_eq!(escape_control("a\nb\x1b[31m"), "a\\nb\\u{1b}[31m");
        assert_eq!(escape_control("\u{202E}abc"), "\\u{202e}abc");
        assert!(matches!(escape_control("普通"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_control_makes_invisible_and_bidi_characters_visible() {
        for c in [
            '\u{85}', '\u{9b}', '\u{ad}', '\u{61c}', '\u{200b}', '\u{200d}', '\u{2028}',
            '\u{2029}', '\u{2067}', '\u{feff}',
        ] {
            let escaped = escape_control(&format!("a{c}b")).into_owned();
            assert_eq!(escaped, format!("a\\u{{{:x}}}b", c as u32));
        }
        // Visible text around them is left alone.
        assert!(matches!(escape_control("ＥＸＰＯ・😀"), Cow::Borrowed(_)));
    }
}
