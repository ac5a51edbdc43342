//! Making plan and note text safe for each output: no control characters,
//! nothing a reader's Markdown renderer or an SVG parser would take as markup.

use std::borrow::Cow;

/// Text with line breaks normalised to `\n`, tabs as spaces, and every other
/// control or bidirectional-override character made visible (`\u{1b}`), so
/// data can neither hide text nor break a file format (XML forbids most C0
/// controls outright).
pub fn clean(s: &str) -> Cow<'_, str> {
    if matches!(crate::text::escape_control(s), Cow::Borrowed(_)) {
        return Cow::Borrowed(s);
    }
    let unified = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ");
    Cow::Owned(crate::text::escape_control_keep_lines(&unified).into_owned())
}

/// Text for XML or SVG character data and attribute values.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in clean(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for one line of Markdown (a table cell, a list item, a heading),
/// rendered as itself on GitHub and GitLab: HTML's `<`, `>`, `&` as entities
/// (so `<script>` shows as text), the inline markup characters backslashed
/// (`|` cannot end a table cell, `*`, `_`, `` ` ``, `$` start nothing), line
/// breaks as `<br>`, and a line's leading `-`, `+`, `=` or `1. ` backslashed
/// and leading spaces dropped, so no list, heading or code block can start
/// inside it (data may follow a list item's `- `).
pub fn markdown(s: &str) -> String {
    let cleaned = clean(s);
    let mut out = String::with_capacity(cleaned.len() + 16);
    for (i, line) in cleaned.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        markdown_line(line, &mut out);
    }
    out
}

fn markdown_line(line: &str, out: &mut String) {
    // Leading spaces after a list marker would start a code block.
    let body = line.trim_start_matches(' ');
    // A list marker or an ordered list's `1.` starting the line.
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = body.get(digits..).unwrap_or("");
    let marker_at = if body.starts_with(['-', '+', '=']) {
        Some(0)
    } else if digits > 0
        && after_digits.starts_with(['.', ')'])
        && after_digits.chars().nth(1).is_none_or(char::is_whitespace)
    {
        Some(digits)
    } else {
        None
    };
    for (i, c) in body.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if Some(i) == marker_at => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// The link as a web address a reader may follow: `http(s)://` with nothing
/// that could end the address early or smuggle markup. Anything else (a
/// `javascript:` link, a path, prose, a link that hides where it leads:
/// [`crate::model::link::deceptive`]) is shown as text.
pub fn web_link(link: &str) -> Option<&str> {
    let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let plain = !link
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\"'`\\".contains(c));
    (web && plain && crate::model::link::deceptive(link).is_none()).then_some(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_makes_controls_visible_and_unifies_line_breaks() {
        assert_eq!(clean("a\r\nb\rc\td"), "a\nb\nc d");
        assert_eq!(clean("x\u{1b}[31my\u{7}"), "x\\u{1b}[31my\\u{7}");
        assert_eq!(clean("\u{202E}abc"), "\\u{202e}abc");
        assert!(matches!(clean("普通の文"), Cow::Borrowed(_)));
    }

    #[test]
    fn xml_escapes_markup_and_quotes() {
        assert_eq!(
            xml("<script>alert(1)</script> \"&'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&#39;"
        );
        assert_eq!(xml("a\u{0}b"), "a\\u{0}b");
    }

    #[test]
    fn markdown_keeps_data_inside_its_line_and_cell() {
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(markdown("1行目\n2行目"), "1行目<br>2行目");
        assert_eq!(
            markdown("# 見出し\n- 箇条\n+ x\n12. 番号"),
            "\\# 見出し<br>\\- 箇条<br>\\+ x<br>12\\. 番号"
        );
        assert_eq!(
            markdown("*強調* _x_ `code` [link](u) $x$ ~~s~~"),
            "\\*強調\\* \\_x\\_ \\`code\\` \\[link\\](u) \\$x\\$ \\~\\~s\\~\\~"
        );
        assert_eq!(markdown("\"&'"), "\"&amp;'");
        // Mid-line hyphens and dots are text, and so is `2.tmg`.
        assert_eq!(markdown("2021-06-15 第1.5版"), "2021-06-15 第1.5版");
        assert_eq!(markdown("2.tmg.イ\n3)"), "2.tmg.イ<br>3\\)");
        assert_eq!(markdown("    字下げ"), "字下げ");
    }

    #[test]
    fn web_link_accepts_only_plain_web_addresses() {
        assert_eq!(
            web_link("https://www.tokyo-cci.or.jp/a?b=1&c=2"),
            Some("https://www.tokyo-cci.or.jp/a?b=1&c=2")
        );
        assert_eq!(web_link("HTTP://example.jp"), Some("HTTP://example.jp"));
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link("https://x.jp/\"><script>"), None);
        assert_eq!(web_link("https://x.jp/a b"), None);
        assert_eq!(web_link("議事録.pdf"), None);
        // Stored before they were refused: shown as text, never followed.
        assert_eq!(web_link("http://a@evil.com"), None);
        assert_eq!(web_link("https://x.jp/\u{202E}fdp.exe"), None);
    }
}
