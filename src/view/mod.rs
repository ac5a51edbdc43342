//! What people and scripts see: rows, tables, formats and the terminal.
//! Commands build a view from the model and hand it to [`output`].

pub mod detail;
pub mod history;
pub mod log;
pub mod measure;
pub mod note;
pub mod output;
pub mod status;
pub mod ui;
