//! Evidence files: a note's link to a path in the repository opens that
//! file, and only such a file. The path must be one a note links to, name
//! a regular file inside the repository (its links followed), and fit the
//! size limit; it is always sent as a download, so an HTML or SVG file in
//! the repository never runs as a page of this site.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::files::evidence::{file_in_repository, repository_root};
use crate::files::read::read_limited;
use crate::i18n::Text;
use crate::web::app::App;
use crate::web::pages::{Here, with_plan};
use crate::web::reply::Reply;
use crate::web::visit::Visit;

/// The largest evidence file served.
const LIMIT: u64 = 64 * 1024 * 1024;

pub async fn file(State(app): State<Arc<App>>, visit: Visit, Path(path): Path<String>) -> Response {
    with_plan(app, visit, move |here: &Here| serve(here, &path)).await
}

fn serve(here: &Here, path: &str) -> Reply {
    let snap = here.snap;
    let linked = (0..snap.book.entries.len())
        .filter_map(|i| snap.book.note(&snap.plan, i))
        .any(|n| n.links.iter().any(|l| l == path));
    let root = repository_root(&snap.plan.dir);
    let bytes = linked
        .then(|| file_in_repository(&root, path))
        .flatten()
        .and_then(|real| read_limited(&real, LIMIT).ok());
    let Some(bytes) = bytes else {
        let shown = crate::text::escape_control(path).into_owned();
        return here.message(
            StatusCode::NOT_FOUND,
            &text!(
                en: "no evidence file `{shown}`",
                ja: "根拠ファイル `{shown}` はありません",
            ),
            Some(&Text::new(
                "only files a note links to, inside the repository, are shown",
                "記録がリンクしている、リポジトリ内のファイルだけを表示します",
            )),
        );
    };
    let name = path.rsplit('/').next().unwrap_or("evidence");
    Reply::download(bytes, content_type(name), &ascii_name(name))
}

/// The media type of a file by its extension (an unknown one is bytes).
fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "txt" | "md" | "csv" => "text/plain; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// A file name safe inside a quoted header value: ASCII letters, digits,
/// `.`, `-` and `_`; anything else becomes `_`.
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The address of a repository path a note links to.
pub fn url(path: &str) -> String {
    let encoded: Vec<String> = path.split('/').map(crate::web::urls::encode).collect();
    format!("/files/{}", encoded.join("/"))
}
