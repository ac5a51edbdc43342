//! The document's number style: a one-digit number is one full-width digit
//! (３, ４月１日); a longer one is half-width with a space between it and
//! the Japanese text around it (平成 29 年 11 月 30 日, （2021 年度）).

/// A piece of document text: words, or a number to be written in style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Number(i64),
}

impl Piece {
    pub fn text(s: impl Into<String>) -> Piece {
        Piece::Text(s.into())
    }
}

/// A number on its own: `３`, `12`.
pub fn number(n: i64) -> String {
    compose(&[Piece::Number(n)])
}

/// Writes the pieces in the document's style.
pub fn compose(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut spaced_number_before = false;
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                if spaced_number_before && text.chars().next().is_some_and(char::is_alphanumeric) {
                    out.push(' ');
                }
                out.push_str(text);
                spaced_number_before = false;
            }
            Piece::Number(n) if (0..=9).contains(n) => {
                out.push(full_width_digit(*n));
                spaced_number_before = false;
            }
            Piece::Number(n) => {
                if out.chars().last().is_some_and(char::is_alphanumeric) {
                    out.push(' ');
                }
                out.push_str(&n.to_string());
                spaced_number_before = true;
            }
        }
    }
    out
}

fn full_width_digit(d: i64) -> char {
    u32::try_from(d)
        .ok()
        .and_then(|d| char::from_u32('０' as u32 + d))
        .unwrap_or('？')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_digit_is_full_width_longer_is_spaced() {
        let t = Piece::text;
        let date = [
            t("平成"),
            Piece::Number(29),
            t("年"),
            Piece::Number(11),
            t("月"),
            Piece::Number(30),
            t("日"),
        ];
        assert_eq!(compose(&date), "平成 29 年 11 月 30 日");
        let fy = [
            t("令和"),
            Piece::Number(3),
            t("年度（"),
            Piece::Number(2021),
            t("年度）"),
        ];
        assert_eq!(compose(&fy), "令和３年度（2021 年度）");
        assert_eq!(compose(&[Piece::Number(2022), t("年")]), "2022 年");
        assert_eq!(number(7), "７");
        assert_eq!(number(10), "10");
    }
}
