//! The web view's server: its routes, the layers every request passes
//! (access log, security headers, Host/Origin guard, body cap), binding
//! the address, and shutting down cleanly on Ctrl-C or SIGTERM.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::web::reply::Reply;
use crate::web::security::Hosts;
use crate::web::snapshot::Cache;
use crate::web::{access_log, assets, auth, downloads, evidence, pages, record, security};

/// The largest request body accepted (a note's text and links fit many
/// times over); a larger one is refused with 413 before it is read.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every request handler shares.
pub struct App {
    /// The plan and notes, reloaded when their files change.
    pub cache: Cache,
    /// `--read-only`: no forms, every write refused.
    pub read_only: bool,
    /// The names this server answers to.
    pub hosts: Hosts,
    /// Whether each request is logged on stderr (the server: yes; tests
    /// that drive the router in-process: no).
    pub access_log: bool,
    /// The one-time tokens of the forms already sent.
    pub sent: crate::web::csrf::SentForms,
    /// Who may sign in, and how (off: one person on loopback, no login).
    pub auth: crate::web::auth::Auth,
    /// Whether the server speaks TLS (`--tls-cert`): cookies are `Secure`.
    pub tls: bool,
}

/// Every route, behind the layers. IDs and section numbers are looked up
/// in the plan, assets by name; the one file path (`/files/…`) must be a
/// path a note links to ([`evidence`]).
pub fn router(app: Arc<App>) -> Router {
    let routes = Router::new()
        .route("/", get(pages::dashboard::handler))
        .route("/sections/{number}", get(pages::section::handler))
        .route("/measures", get(pages::list::handler))
        .route("/measures/{id}", get(pages::measure::handler))
        .route("/measures/{id}/notes", post(record::note))
        .route("/notes/amend", post(record::amend))
        .route("/notes/retract", post(record::retract))
        .route("/log", get(pages::log::handler))
        .route("/login", get(auth::page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/report.html", get(downloads::html))
        .route("/report.md", get(downloads::markdown))
        .route("/report.xlsx", get(downloads::xlsx))
        .route("/files/{*path}", get(evidence::file))
        .route("/assets/{name}", get(asset))
        .fallback(pages::message::not_found)
        .method_not_allowed_fallback(pages::message::method_not_allowed);
    // A test hook (like main's PLAN_TEST_PANIC=1): two pages with a bug,
    // one in the async handler, one on the blocking thread of a page.
    let routes = if std::env::var_os("PLAN_TEST_PANIC").is_some_and(|v| v == "request") {
        routes
            .route("/test-panic", get(test_panic_handler))
            .route("/test-panic/page", get(test_panic_page))
    } else {
        routes
    };
    routes
        // Innermost, so the 500 of a bug still gets the headers and the log.
        .layer(CatchPanicLayer::custom(answer_panic))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(from_fn_with_state(Arc::clone(&app), auth::gate))
        .layer(from_fn_with_state(Arc::clone(&app), security::guard))
        .layer(from_fn(security::headers))
        .layer(from_fn_with_state(Arc::clone(&app), access_log::log))
        .with_state(app)
}

async fn asset(Path(name): Path<String>) -> Response {
    assets::get(&name).into_response()
}

/// The answer to a request whose handler panicked (a bug in plan; the
/// panic hook has logged it): a 500, and the server goes on.
fn answer_panic(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    Reply::text(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "internal error: a bug in plan (logged by the server, which goes on); please report it with the page you opened\n",
    )
    .into_response()
}

async fn test_panic_handler() -> Response {
    panic!("PLAN_TEST_PANIC=request: a bug in a handler")
}

async fn test_panic_page(
    axum::extract::State(app): axum::extract::State<Arc<App>>,
    visit: crate::web::visit::Visit,
) -> Response {
    pages::with_plan(app, visit, |_| {
        panic!("PLAN_TEST_PANIC=request: a bug in a page")
    })
    .await
}

/// How `plan serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub host: String,
    pub port: u16,
    pub read_only: bool,
    pub open: bool,
}

/// Binds the address, says where the plan is served, and serves until
/// Ctrl-C or SIGTERM; requests under way are finished first.
pub fn serve(cache: Cache, lang: Lang, options: Options) -> Result<()> {
    // A panic on the server's threads is a bug in one request: the hook
    // logs it and it unwinds to that request's catch (a 500).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_start(crate::error::panics_are_caught_on_this_thread)
        .build()
        .map_err(|e| {
            Error::io(
                text!(en: "cannot start the server: {e}", ja: "サーバーを起動できません: {e}"),
            )
        })?;
    runtime.block_on(run(cache, lang, options))
}

async fn run(cache: Cache, lang: Lang, options: Options) -> Result<()> {
    let host = options
        .host
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let listener = tokio::net::TcpListener::bind((host.as_str(), options.port))
        .await
        .map_err(|e| {
            let shown = crate::text::escape_control(&options.host).into_owned();
            let port = options.port;
            Error::io(text!(
                en: "cannot listen on {shown} port {port}: {e}",
                ja: "{shown} のポート {port} で待ち受けできません: {e}",
            ))
            .help(crate::i18n::Text::new(
                "another program may use the port: choose another with --port (0 picks a free one)",
                "別のプログラムがそのポートを使っている可能性があります。--port で別のポートを指定してください（0 なら空きポート）",
            ))
        })?;
    let bound: SocketAddr = listener
        .local_addr()
        .map_err(|e| Error::io(text!(en: "cannot serve: {e}", ja: "待ち受けできません: {e}")))?;
    let url = format!("http://{bound}/");
    // Watched before anyone is told the address, so a signal sent at once
    // already stops the server cleanly.
    let stop = shutdown_signal();
    announce(lang, &url, &bound, &options);
    let app = Arc::new(App {
        cache,
        read_only: options.read_only,
        hosts: Hosts::new(&host, bound),
        access_log: true,
        sent: Default::default(),
        auth: Default::default(),
        tls: false,
    });
    if options.open {
        open_browser(lang, &url);
    }
    axum::serve(listener, router(app))
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| {
            Error::io(text!(en: "the server stopped: {e}", ja: "サーバーが停止しました: {e}"))
        })?;
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        lang.pick("plan serve: stopped", "plan serve: 停止しました")
    );
    Ok(())
}

/// Where the plan is served (on stdout, at once: scripts and tests wait
/// for it), and a warning when other machines can reach it.
fn announce(lang: Lang, url: &str, bound: &SocketAddr, options: &Options) {
    let mode = match (options.read_only, lang) {
        (true, Lang::En) => " (read-only)",
        (true, Lang::Ja) => "（閲覧専用）",
        (false, _) => "",
    };
    let line = match lang {
        Lang::En => format!("plan serve: {url}{mode} — Ctrl-C to stop"),
        Lang::Ja => format!("plan serve: {url}{mode} — Ctrl-C で停止"),
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
    if !bound.ip().is_loopback() {
        let what = if options.read_only {
            lang.pick("read the plan and its notes", "計画と記録を閲覧できます")
        } else {
            lang.pick(
                "read the plan and record notes in it",
                "計画を閲覧し、記録を書き込めます",
            )
        };
        let warning = match lang {
            Lang::En => format!(
                "warning: listening on {bound}, not on loopback: anyone who can reach this machine can {what} (no login); use --read-only, or the default --host 127.0.0.1"
            ),
            Lang::Ja => format!(
                "警告: ループバックではなく {bound} で待ち受けています。このマシンに届く人は誰でも{what}（ログインなし）。--read-only を付けるか、既定の --host 127.0.0.1 を使ってください"
            ),
        };
        let _ = writeln!(std::io::stderr(), "{warning}");
    }
}

/// Opens the page in the desktop's browser; failing to is only a note.
fn open_browser(lang: Lang, url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let opened = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok();
    if !opened {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            match lang {
                Lang::En => format!("note: cannot open a browser ({program}); open {url} yourself"),
                Lang::Ja =>
                    format!("注意: ブラウザを開けません（{program}）。{url} を開いてください"),
            }
        );
    }
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM. The handlers are installed
/// when this is called, not when first awaited; a signal that cannot be
/// watched never resolves (the other still can).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).ok();
    let mut terminate = signal(SignalKind::terminate()).ok();
    async move {
        let interrupted = async {
            match interrupt.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        let terminated = async {
            match terminate.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = interrupted => {}
            () = terminated => {}
        }
    }
}
