//! Escaping text for Markdown: every ASCII punctuation character a Markdown
//! reader could take for markup gets a backslash (CommonMark allows one
//! before any of them), so data shows as written.

use std::fmt::{self, Write};

/// The askama escaper for `.md` templates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

impl askama::filters::Escaper for Markdown {
    fn write_escaped_str<W: Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        dest.write_str(&escape(string))
    }
}

/// `text` with Markdown's punctuation backslash-escaped and line breaks as
/// spaces, so it stays one paragraph or list item.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_japanese_kept() {
        assert_eq!(escape("時差 Biz 等"), "時差 Biz 等");
        assert_eq!(
            escape("*a* [b](c) <d> `e` #1 _f_ |g| &amp;"),
            "\\*a\\* \\[b\\]\\(c\\) \\<d\\> \\`e\\` \\#1 \\_f\\_ \\|g\\| \\&amp\\;"
        );
        assert_eq!(escape("行\n次"), "行 次");
        assert_eq!(escape("（内容）「」、。"), "（内容）「」、。");
    }
}
