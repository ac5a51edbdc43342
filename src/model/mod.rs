//! The model: what a plan and its notes are, as typed data, with no
//! knowledge of files or the terminal.

pub mod account;
pub mod corrections;
pub mod date;
pub mod era;
pub mod filter;
pub mod folded;
pub mod id;
pub mod label;
pub mod lineage;
pub mod link;
pub mod note;
pub mod note_rules;
pub mod numerals;
pub mod plan;
pub mod progress;
pub mod resolve;
pub mod tally;
pub mod template;
pub mod when;
