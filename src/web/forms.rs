//! Form bodies and query strings (`application/x-www-form-urlencoded`),
//! decoded by the `form_urlencoded` crate into fields a page asks for by
//! name. A field given twice where one is expected, or a field a form does
//! not have, is a malformed request (400), never a guess.

use crate::i18n::Text;

/// The fields of a form or query string, in order.
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(String, String)>);

/// Why a form cannot be read: said to the visitor with a 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub Text);

impl Fields {
    pub fn parse(bytes: &[u8]) -> Fields {
        Fields(
            url::form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The query string of a request (none: no fields).
    pub fn query(query: Option<&str>) -> Fields {
        Fields::parse(query.unwrap_or("").as_bytes())
    }

    /// Every field, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A field that may be given once; an empty value counts as not given.
    pub fn one(&self, name: &str) -> Result<Option<&str>, Malformed> {
        let mut found = self.0.iter().filter(|(k, _)| k == name);
        let first = found.next().map(|(_, v)| v.as_str());
        if found.next().is_some() {
            return Err(Malformed(text!(
                en: "the field `{name}` is given more than once",
                ja: "項目 `{name}` が複数あります",
            )));
        }
        Ok(first.filter(|v| !v.trim().is_empty()))
    }

    /// Every non-empty value of a repeatable field.
    pub fn many(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A checkbox: ticked when present with any value.
    pub fn ticked(&self, name: &str) -> Result<bool, Malformed> {
        Ok(self.one(name)?.is_some())
    }

    /// Refuses a field the form does not have (a request not made by our page).
    pub fn only(&self, known: &[&str]) -> Result<(), Malformed> {
        match self.0.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some((k, _)) => {
                let shown = crate::text::escape_control(k).into_owned();
                Err(Malformed(text!(
                    en: "unknown field `{shown}` in the form",
                    ja: "フォームに不明な項目 `{shown}` があります",
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_decode_and_refuse_repeats_and_strangers() {
        let f =
            Fields::parse("text=%E5%AE%9F%E6%96%BD+2%E5%9B%9E&link=a&link=&link=b&x=".as_bytes());
        assert_eq!(f.one("text"), Ok(Some("実施 2回")));
        assert_eq!(f.one("x"), Ok(None));
        assert_eq!(f.one("missing"), Ok(None));
        assert_eq!(f.many("link"), vec!["a", "b"]);
        assert!(f.one("link").is_err());
        assert!(f.only(&["text", "link", "x"]).is_ok());
        assert!(f.only(&["text"]).is_err());
        let garbage = Fields::parse(b"%%%=%ZZ&&=&\xff\xfe=1");
        assert!(garbage.one("%%%").is_ok(), "never a panic");
    }
}
