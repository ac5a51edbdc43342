//! The progress report to download, in the report's three formats, built
//! from the plan as it stands (see [`super::report`]).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::i18n::Text;
use crate::report::{
    Report, html as report_html, markdown as report_markdown, xlsx as report_xlsx,
};
use crate::web::app::App;
use crate::web::pages::{Here, with_plan};
use crate::web::reply::Reply;
use crate::web::visit::Visit;

pub async fn html(State(app): State<Arc<App>>, visit: Visit) -> Response {
    download(app, visit, "html", |r| {
        Ok((
            report_html::render(r).into_bytes(),
            "text/html; charset=utf-8",
        ))
    })
    .await
}

pub async fn markdown(State(app): State<Arc<App>>, visit: Visit) -> Response {
    download(app, visit, "md", |r| {
        Ok((
            report_markdown::render(r).into_bytes(),
            "text/markdown; charset=utf-8",
        ))
    })
    .await
}

pub async fn xlsx(State(app): State<Arc<App>>, visit: Visit) -> Response {
    download(app, visit, "xlsx", |r| {
        report_xlsx::to_bytes(r)
            .map(|b| {
                (
                    b,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            })
            .map_err(|e| e.to_string())
    })
    .await
}

type Rendered = Result<(Vec<u8>, &'static str), String>;

async fn download(
    app: Arc<App>,
    visit: Visit,
    extension: &'static str,
    render: fn(&Report) -> Rendered,
) -> Response {
    with_plan(app, visit, move |here: &Here| {
        let report = super::report::build(here);
        let name = format!(
            "plan-report-FY{}-{}.{extension}",
            report.fiscal_year,
            report.as_of.format("%Y-%m-%d")
        );
        match render(&report) {
            Ok((bytes, content_type)) => Reply::download(bytes, content_type, &name),
            Err(e) => here.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                &text!(en: "cannot write the report: {e}", ja: "報告書を作成できません: {e}"),
                Some(&Text::new(
                    "this is a bug in plan; please report it",
                    "plan の不具合です。報告してください",
                )),
            ),
        }
    })
    .await
}
