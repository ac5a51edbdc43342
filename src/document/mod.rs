//! The plan as a document: rendering it as the official text (`plan
//! render`), reading a year's document back into plan files (`plan
//! import`), and comparing two plans (`plan diff`).
//!
//! Everything here depends on the model and the plan files only; the
//! commands in `src/commands/{render,import,diff}.rs` wire it to the CLI.

pub mod diff;
pub mod diff_report;
pub mod import;
pub mod layout;
pub mod markdown;
pub mod pdf;
pub mod reader;
pub mod render;
pub mod revision;
pub mod rollover;
pub mod similarity;
pub mod write;
