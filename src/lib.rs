//! `plan`: a tracker for a yearly joint implementation plan, kept as TOML
//! files in a git repository.
//!
//! The crate, layer by layer (a layer only uses the ones below it):
//! - [`cli`] and [`commands`]: the command line, one file per subcommand;
//!   [`web`]: the same, as web pages (`plan serve`);
//! - [`view`]: rows, tables, formats and the terminal;
//! - [`files`]: reading, checking and writing the plan's files and notes;
//! - [`model`]: the plan, measure IDs, notes, statuses, dates, progress;
//! - helpers at the bottom: [`diagnostic`], [`error`], [`settings`],
//!   [`source`], [`text`], [`suggest`], [`i18n`].

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
