//! The progress report (進捗報告) that plan officers hand their managers:
//! its data ([`data::Report`], built from the plan and notes by [`build`])
//! and one renderer per format.
//!
//! - [`markdown`]: for an issue or a wiki page;
//! - [`html`]: one self-contained page that prints on A4, charts from [`chart`];
//! - [`xlsx`]: an Excel workbook, as the Excel sheet it replaces;
//! - shared by them: [`look`] (each status's symbol, colour and pattern),
//!   [`escape`] (data made safe); their words come from [`crate::words`].

pub mod build;
pub mod chart;
pub mod data;
pub mod escape;
pub mod html;
pub mod look;
pub mod markdown;
pub mod xlsx;

pub use build::{Request, build};
pub use data::{
    MonthPoint, NotesMode, Report, ReportItem, ReportMeasure, ReportNote, ReportParty,
    ReportSection, ReportSectionParty, SummaryRow,
};
