//! The progress report's renderers, each on the sample report: Markdown,
//! HTML (as text; `report_browser.rs` opens it in Chromium) and Excel.

mod data;
mod html;
mod markdown;
mod sample;
#[path = "../common/workbook.rs"]
mod workbook;
mod xlsx;
