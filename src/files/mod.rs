//! The plan's files: reading them into the model with every problem
//! located, checking them, laying them out, and the notes store.

pub mod accounts;
pub mod allow;
pub mod atomic;
pub mod cache;
pub mod evidence;
pub mod format;
pub mod git;
pub mod lineage;
pub mod load;
pub mod noteline;
pub mod notes;
pub mod parallel;
pub mod read;
pub mod rollover;
pub mod rules;
pub mod schema;
pub mod span;
pub mod store;
