//! How alike two texts are, character by character: what `plan diff` pairs
//! measures by when labels shifted, and what `plan import` reuses a
//! section's file name by.

/// From 0 (nothing in common) to 1 (the same text).
pub fn ratio(a: &str, b: &str) -> f32 {
    similar::TextDiff::from_chars(a, b).ratio()
}
