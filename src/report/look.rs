//! How a status looks in a report: a symbol, a colour and an SVG pattern,
//! chosen so the five stay apart in colour, in greyscale and on a
//! black-and-white printout.

use crate::model::note::Status;

/// The statuses in the order reports list and stack them: furthest along first.
pub const ORDER: [Status; 5] = [
    Status::Done,
    Status::Active,
    Status::Planned,
    Status::Blocked,
    Status::Dropped,
];

/// A symbol that tells the status without colour.
pub fn symbol(status: Status) -> &'static str {
    match status {
        Status::Done => "●",
        Status::Active => "◐",
        Status::Planned => "○",
        Status::Blocked => "‖",
        Status::Dropped => "✕",
    }
}

/// The status's colour (CSS and SVG).
pub fn colour(status: Status) -> &'static str {
    match status {
        Status::Done => "#1b7a3d",
        Status::Active => "#e0a000",
        Status::Planned => "#ffffff",
        Status::Blocked => "#c62828",
        Status::Dropped => "#8a8a8a",
    }
}

/// An SVG `<pattern>` with id `{prefix}-{key}`: a fill that differs in
/// texture as well as colour (solid, stripes, blank, cross-hatch, dots).
pub fn pattern(status: Status, prefix: &str) -> String {
    let id = format!("{prefix}-{}", status.key());
    let bg = colour(status);
    let marks = match status {
        Status::Done | Status::Planned => "",
        Status::Active => {
            r##"<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="#5c4200" stroke-width="1.4"/>"##
        }
        Status::Blocked => {
            r##"<path d="M0,0 L6,6 M6,0 L0,6" stroke="#ffffff" stroke-width="1.2"/>"##
        }
        Status::Dropped => r##"<circle cx="3" cy="3" r="1.3" fill="#ffffff"/>"##,
    };
    format!(
        r#"<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{bg}"/>{marks}</pattern>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_symbol_colour_and_pattern() {
        for (i, a) in ORDER.iter().enumerate() {
            for b in &ORDER[i + 1..] {
                assert_ne!(symbol(*a), symbol(*b));
                assert_ne!(colour(*a), colour(*b));
                let fill = |s: Status| pattern(s, "p").replace(s.key(), "");
                assert_ne!(fill(*a), fill(*b));
            }
        }
        assert_eq!(ORDER.len(), Status::ALL.len());
        assert!(Status::ALL.iter().all(|s| ORDER.contains(s)));
    }
}
