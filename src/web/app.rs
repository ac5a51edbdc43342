//! The web view's server: its routes, the layers every request passes
//! (access log, security headers, Host/Origin guard, body cap and
//! deadline), binding the address, and shutting down on Ctrl-C or SIGTERM
//! within a bounded time (the connections themselves: [`connections`]).

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Path;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::web::connections::{self, Limits};
use crate::web::reply::Reply;
use crate::web::security::Hosts;
use crate::web::snapshot::Cache;
use crate::web::sync::{self as git_sync, SyncState};
use crate::web::{access_log, assets, auth, downloads, evidence, pages, record, security};

/// The largest request body accepted (a note's text and links fit many
/// times over); a larger one is refused with 413 before it is read.
pub const BODY_LIMIT: usize = 64 * 1024;

/// How long a request's whole body may take to arrive.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

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
    /// Served over TLS (then cookies are `Secure` and the CSRF cookie takes
    /// the `__Host-` prefix). Plain HTTP for now.
    pub secure: bool,
    /// The one-time tokens of the forms already sent.
    pub sent: crate::web::csrf::SentForms,
    /// The git repository holding the plan: each write is committed.
    pub repo: Option<crate::files::git::Repo>,
    /// `--sync`: the last sync's failure, shown on every page.
    pub sync: SyncState,
    /// Who may sign in, and how (off: one person on loopback, no login).
    pub auth: crate::web::auth::Auth,
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
        .layer(from_fn(body_deadline))
        .layer(from_fn_with_state(Arc::clone(&app), auth::gate))
        .layer(from_fn_with_state(Arc::clone(&app), security::guard))
        .layer(from_fn(security::headers))
        .layer(from_fn_with_state(Arc::clone(&app), access_log::log))
        .with_state(app)
}

async fn body_deadline(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    connections::body_deadline(BODY_TIMEOUT, request, next).await
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
    /// How long a connection may take to send a request's headers (and
    /// how long an idle keep-alive connection stays open).
    pub header_timeout: Duration,
    /// `--sync INTERVAL`: sync with git at start and then this often.
    pub sync: Option<std::time::Duration>,
    /// `--accounts FILE`: password login, roles and parties.
    pub accounts: Option<std::path::PathBuf>,
    /// `--auth-header NAME`: the user a trusted proxy names.
    pub auth_header: Option<String>,
    /// `--trusted-proxy ADDR`: the peers whose header is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `--default-role`: for a proxy's user missing from the accounts.
    pub default_role: Option<crate::model::account::Role>,
    /// `--tls-cert FILE --tls-key FILE`.
    pub tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl Options {
    /// Refuses a server others could reach without knowing who they are:
    /// beyond loopback it needs sign-in (accounts or a trusted proxy's
    /// header) or `--read-only`; password login beyond loopback needs
    /// TLS or a trusted proxy in front (no passwords in clear text).
    pub fn check(&self) -> Result<()> {
        let usage =
            |en: &'static str, ja: &'static str, help_en: &'static str, help_ja: &'static str| {
                Err(Error::usage(crate::i18n::Text::new(en, ja))
                    .help(crate::i18n::Text::new(help_en, help_ja)))
            };
        if self.auth_header.is_some() == self.trusted_proxies.is_empty() {
            return usage(
                "--auth-header and --trusted-proxy go together: the header is believed only from the proxy's address",
                "--auth-header と --trusted-proxy は一緒に指定します（ヘッダーはプロキシのアドレスからのときだけ信用します）",
                "e.g. plan serve --auth-header Remote-User --trusted-proxy 127.0.0.1 --accounts FILE",
                "例: plan serve --auth-header Remote-User --trusted-proxy 127.0.0.1 --accounts FILE",
            );
        }
        if self.default_role.is_some() && self.auth_header.is_none() {
            return usage(
                "--default-role is for users a proxy names that the accounts file does not list: give --auth-header too",
                "--default-role は、プロキシが名乗らせたユーザーがアカウントファイルにないときの役割です。--auth-header も指定してください",
                "see docs/deploy.md",
                "docs/deploy.md を参照",
            );
        }
        let signs_in = self.accounts.is_some() || self.auth_header.is_some();
        if loopback(&self.host) {
            return Ok(());
        }
        if !signs_in && !self.read_only {
            return usage(
                "refusing to serve beyond this machine without sign-in: anyone who can reach it could record notes under any name",
                "サインインなしでこのマシンの外に公開することはできません。届く人は誰でも、どんな名前でも記録できてしまいます",
                "add --accounts FILE (plan user add), or --auth-header with --trusted-proxy behind single sign-on, or --read-only; or keep the default --host 127.0.0.1",
                "--accounts FILE（plan user add）、シングルサインオンの後ろなら --auth-header と --trusted-proxy、または --read-only を付けてください。既定の --host 127.0.0.1 のままでも構いません",
            );
        }
        if self.accounts.is_some() && self.tls.is_none() && self.trusted_proxies.is_empty() {
            return usage(
                "refusing password login over plain HTTP beyond this machine: passwords and sessions would cross the network in clear text",
                "このマシンの外へ平文の HTTP でパスワードログインを提供することはできません。パスワードとセッションが暗号化されずにネットワークを通ります",
                "add --tls-cert FILE --tls-key FILE, or put a TLS proxy in front (--trusted-proxy ADDR), see docs/deploy.md",
                "--tls-cert FILE --tls-key FILE を付けるか、TLS のプロキシを前に置いてください（--trusted-proxy ADDR）。docs/deploy.md を参照",
            );
        }
        Ok(())
    }
}

/// Whether `host` (as `--host` gives it) is this machine only.
pub fn loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Binds the address, says where the plan is served, and serves until
/// Ctrl-C or SIGTERM; requests under way may finish for a few seconds
/// ([`Limits::grace`]), then the process ends whatever the clients do.
pub fn serve(cache: Cache, lang: Lang, options: Options) -> Result<()> {
    options.check()?;
    // A panic on the server's threads is a bug in one request: the hook
    // logs it and it unwinds to that request's catch (a 500).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(connections::BLOCKING_THREADS)
        .on_thread_start(crate::error::panics_are_caught_on_this_thread)
        .build()
        .map_err(|e| {
            Error::io(
                text!(en: "cannot start the server: {e}", ja: "サーバーを起動できません: {e}"),
            )
        })?;
    let served = runtime.block_on(run(cache, lang, options));
    // A page still rendering on a blocking thread is not waited for.
    runtime.shutdown_timeout(Duration::from_millis(500));
    served
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
    let tls_config = match &options.tls {
        Some((cert, key)) => Some(crate::web::tls::config(cert, key)?),
        None => None,
    };
    let auth = auth_of(&options)?;
    if auth.header.is_none() && auth.accounts.as_ref().is_some_and(|a| !a.has_passwords()) {
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            lang.pick(
                "warning: the accounts file has no user with a password: nobody can log in until one is added (plan user add; the server reads the file again when it changes)",
                "警告: アカウントファイルにパスワードのあるユーザーがいません。追加するまで誰もログインできません（plan user add。ファイルが変わるとサーバーは読み直します）",
            )
        );
    }
    let scheme = if tls_config.is_some() {
        "https"
    } else {
        "http"
    };
    let url = format!("{scheme}://{bound}/");
    // Watched before anyone is told the address, so a signal sent at once
    // already stops the server cleanly.
    let stop = shutdown_signal();
    announce(lang, &url, &bound, &options);
    let repo = crate::files::git::Repo::find(cache.plan_dir());
    let app = Arc::new(App {
        cache,
        read_only: options.read_only,
        hosts: Hosts::new(&host, bound).with_tls(tls_config.is_some()),
        access_log: true,
        secure: tls_config.is_some(),
        sent: Default::default(),
        repo: repo.clone(),
        sync: SyncState::default(),
        auth,
    });
    if let (Some(interval), Some(repo)) = (options.sync, repo) {
        // Fresh data before the first page, then on the timer.
        git_sync::once(&app.sync, &app.cache, &repo, lang).await;
        tokio::spawn(git_sync::every(Arc::clone(&app), repo, interval, lang));
    }
    if options.open {
        open_browser(lang, &url);
    }
    connections::serve(
        listener,
        router(app),
        Limits::new(options.header_timeout),
        tls_config,
        stop,
    )
    .await;
    access_log::line(format!(
        "{}\n",
        lang.pick("plan serve: stopped", "plan serve: 停止しました")
    ));
    // Through the log's queue: a stderr nobody reads cannot keep the
    // process alive.
    access_log::flush(Duration::from_secs(1));
    Ok(())
}

/// How requests sign in, from the options (the accounts file read now:
/// a bad one stops the start with its place).
fn auth_of(options: &Options) -> Result<crate::web::auth::Auth> {
    let header = match &options.auth_header {
        Some(name) => Some(axum::http::HeaderName::try_from(name.trim()).map_err(|_| {
            let shown = crate::text::escape_control(name).into_owned();
            Error::usage(text!(
                en: "--auth-header {shown}: not an HTTP header name",
                ja: "--auth-header {shown}: HTTP ヘッダーの名前ではありません",
            ))
        })?),
        None => None,
    };
    Ok(crate::web::auth::Auth {
        accounts: options
            .accounts
            .clone()
            .map(crate::web::auth::AccountsFile::open)
            .transpose()?,
        header,
        trusted_proxies: options.trusted_proxies.clone(),
        default_role: options.default_role,
        ..Default::default()
    })
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
    if !bound.ip().is_loopback()
        && options.read_only
        && options.accounts.is_none()
        && options.auth_header.is_none()
    {
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
