//! The web view's addresses, built in one place: IDs are percent-encoded
//! into paths and queries, and a page's own path is never a way to link
//! to another site.

use url::form_urlencoded::{Serializer, byte_serialize};

/// A path segment or query value, percent-encoded (`2.tmg.イ` →
/// `2.tmg.%E3%82%A4`).
pub fn encode(s: &str) -> String {
    byte_serialize(s.as_bytes()).collect()
}

/// The page of a measure or sub-item.
pub fn measure(id: &str) -> String {
    format!("/measures/{}", encode(id))
}

/// Where the note form of a measure posts.
pub fn record(id: &str) -> String {
    format!("{}/notes", measure(id))
}

/// The page of a section.
pub fn section(number: u32) -> String {
    format!("/sections/{number}")
}

/// A note's place on its measure's page.
pub fn note_anchor(short_key: &str) -> String {
    format!("note-{}", encode(short_key))
}

/// A path with a query built from pairs (empty values left out).
pub fn with_query<'a>(path: &str, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut query = Serializer::new(String::new());
    let mut any = false;
    for (k, v) in pairs {
        if !v.is_empty() {
            query.append_pair(k, v);
            any = true;
        }
    }
    if any {
        format!("{path}?{}", query.finish())
    } else {
        path.to_string()
    }
}

/// A request's path as a link target on our own site: one leading slash,
/// so `//other.example` cannot become a link to another host.
pub fn path_only(path: &str) -> String {
    format!("/{}", path.trim_start_matches(['/', '\\']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_and_paths_stay_on_this_site() {
        assert_eq!(measure("2.tmg.イ"), "/measures/2.tmg.%E3%82%A4");
        assert_eq!(record("2.tmg.イ.1"), "/measures/2.tmg.%E3%82%A4.1/notes");
        assert_eq!(path_only("//evil.example/x"), "/evil.example/x");
        assert_eq!(path_only("/\\evil"), "/evil");
        assert_eq!(
            with_query(
                "/log",
                [("party", "tmg"), ("since", ""), ("author", "山 田")]
            ),
            "/log?party=tmg&author=%E5%B1%B1+%E7%94%B0"
        );
        assert_eq!(with_query("/log", [("since", "")]), "/log");
    }
}
