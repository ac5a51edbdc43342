//! Every fixed word the program shows, one catalogue per language: the
//! command line's tables and help, the report and the web pages all take
//! their words from here, so a word means the same everywhere.

pub mod en;
pub mod ja;
