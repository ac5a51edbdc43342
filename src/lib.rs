//! `plan`: a tracker for a yearly joint implementation plan, kept as TOML
//! files in a git repository. docs/architecture.md walks through it.
//!
//! The crate, layer by layer (a layer only uses the ones below it;
//! tests/architecture.rs checks it):
//! - [`cli`] and [`commands`]: the command line, one file per subcommand;
//! - [`web`]: the same views as web pages (`plan serve`);
//! - [`report`] and [`document`]: the progress report and the plan
//!   document (render, import, diff) — features built on the layers below;
//! - [`view`]: rows, tables, formats and the terminal;
//! - [`settings`]: every setting, resolved once, with its source;
//! - [`files`]: reading, checking and writing the plan's files and notes;
//! - [`model`]: the plan, measure IDs, notes, corrections, statuses, dates,
//!   progress;
//! - helpers at the bottom: [`diagnostic`], [`error`], [`source`],
//!   [`text`], [`suggest`], [`i18n`], [`words`] (every fixed word, one
//!   catalogue per language).

#[macro_use]
pub mod i18n;

pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod files;
pub mod model;
pub mod report;
pub mod settings;
pub mod source;
pub mod suggest;
pub mod text;
pub mod view;
pub mod web;
pub mod words;
