//! `plan serve`: the plan in a browser, for plan officers who do not use a
//! terminal — fava's model for beancount: one command, localhost, the same
//! files and the same code as the command line, reloaded when they change.
//!
//! - [`app`]: the routes and the server (bind, layers, shutdown);
//! - [`snapshot`]: the plan and notes, reloaded when the files change;
//!   [`memo`]: what a snapshot implies (the dashboard's report), kept with it;
//! - [`pages`]: dashboard, section, measure, list, log, messages;
//! - [`record`]: recording and correcting notes from forms;
//! - [`sync`]: `plan serve --sync`, git sync on a timer;
//! - [`report`] and [`downloads`]: the progress report, on the dashboard
//!   and to download;
//! - around them: [`security`] (Host/Origin guard, headers), [`csrf`],
//!   [`auth`] (accounts, sessions, login, the proxy header), [`forms`], [`cookies`], [`visit`] (language, token, author of one
//!   request), [`lang`], [`layout`], [`rows`], [`urls`], [`reply`],
//!   [`assets`], [`access_log`], [`connections`] (cap, deadlines, bounded
//!   shutdown); the words come from [`crate::words`].

pub mod access_log;
pub mod app;
pub mod assets;
pub mod auth;
pub mod connections;
pub mod cookies;
pub mod csrf;
pub mod downloads;
pub mod evidence;
pub mod forms;
pub mod lang;
pub mod layout;
pub mod memo;
pub mod pages;
pub mod record;
pub mod reply;
pub mod report;
pub mod rows;
pub mod security;
pub mod snapshot;
pub mod sync;
pub mod tls;
pub mod urls;
pub mod visit;
