//! `plan`: a tracker for the FY2021 joint implementation plan of 東京都 and
//! 東京商工会議所, kept as TOML files in a git repository.
//!
//! The crate, concept by concept:
//! - the model: [`plan`] (plan, sections, measures), [`id`] (measure IDs),
//!   [`label`] (ア イ ウ …), [`date`];
//! - files: [`source`] (text and positions), [`schema`] (the file format,
//!   derived from the model), [`load`] (finding and reading a plan);
//! - problems: [`diagnostic`], [`error`];
//! - shared helpers: [`text`], [`suggest`], [`i18n`], [`settings`].

#[macro_use]
pub mod i18n;

pub mod cli;
pub mod commands;
pub mod complete;
pub mod date;
pub mod diagnostic;
pub mod error;
pub mod format;
pub mod help;
pub mod id;
pub mod label;
pub mod load;
pub mod note;
pub mod output;
pub mod plan;
pub mod progress;
pub mod rules;
pub mod schema;
pub mod settings;
pub mod source;
pub mod store;
pub mod suggest;
pub mod text;
pub mod ui;
