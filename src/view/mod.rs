//! What people and scripts see: rows, tables, formats and the terminal.

pub mod output;
pub mod ui;
