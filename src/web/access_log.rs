//! One line per request on stderr: method, path, status and how long it
//! took, with control characters made visible so a crafted URL cannot
//! rewrite the terminal.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::text::escape_control;
use crate::web::app::App;

pub async fn log(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if !app.access_log {
        return next.run(request).await;
    }
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let line = format!(
        "{} {} {} {:.1}ms\n",
        escape_control(method.as_str()),
        escape_control(&path),
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    // A closed stderr is no reason to fail a request.
    let _ = std::io::stderr().write_all(line.as_bytes());
    response
}
