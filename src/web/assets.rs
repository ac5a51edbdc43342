//! The stylesheets and icon, compiled into the binary and served by name:
//! a URL never reaches the file system. The report's own stylesheet is
//! served as it is, so pages that include the report's partials look like
//! the report; `web.css` lays out the screen.

use askama::Template;
use axum::http::StatusCode;

use crate::report::chart::FONTS;
use crate::web::reply::Reply;

/// The report's stylesheet (`templates/report/style.css`), with its fonts.
#[derive(Template)]
#[template(source = r#"{% include "report/style.css" %}"#, ext = "txt")]
struct ReportCss {
    fonts: &'static str,
}

const WEB_CSS: &str = include_str!("../../templates/web/web.css");
const ICON: &str = include_str!("../../templates/web/icon.svg");

/// The asset called `name`, or a 404.
pub fn get(name: &str) -> Reply {
    match name {
        "report.css" => match (ReportCss { fonts: FONTS }).render() {
            Ok(css) => Reply::asset(css.as_bytes(), "text/css; charset=utf-8"),
            Err(_) => Reply::text(StatusCode::INTERNAL_SERVER_ERROR, "no stylesheet"),
        },
        "web.css" => Reply::asset(WEB_CSS.as_bytes(), "text/css; charset=utf-8"),
        "icon.svg" => Reply::asset(ICON.as_bytes(), "image/svg+xml"),
        _ => Reply::text(StatusCode::NOT_FOUND, "not found"),
    }
}
