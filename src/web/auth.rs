//! Who is asking, when `plan serve` has accounts (`--accounts`) or sits
//! behind a single sign-on proxy (`--auth-header … --trusted-proxy …`):
//! the login page, server-side sessions (a new random id at every login,
//! an idle timeout and a lifetime), logout, failed logins slowed down and
//! locked out per account and per address, and the gate every request
//! passes. Without either, a loopback server stays one person's (no login).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{CONTENT_TYPE, HeaderMap, HeaderName};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};

use askama::Template;

use crate::files::accounts::{self, Accounts};
use crate::i18n::Text;
use crate::model::account::{Role, User};
use crate::report::html::filters;
use crate::web::app::App;
use crate::web::forms::Fields;
use crate::web::layout::Chrome;
use crate::web::pages::{render, with_plan};
use crate::web::reply::Reply;
use crate::web::visit::Visit;
use crate::web::{cookies, csrf};

/// The session cookie (with `__Host-` and `Secure` under TLS).
pub const SESSION_COOKIE: &str = "plan_session";
const SESSION_COOKIE_TLS: &str = "__Host-plan_session";
/// A session unused this long ends.
pub const IDLE: Duration = Duration::from_secs(30 * 60);
/// A session ends this long after its login, used or not.
pub const LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// Failed logins of one account before it is locked.
pub const ACCOUNT_FAILURES: u32 = 5;
/// Failed logins from one address before it is locked.
pub const ADDRESS_FAILURES: u32 = 10;
/// How long a lockout lasts (from the last failure).
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// How long a failed login waits before it is answered.
pub const SLOWDOWN: Duration = Duration::from_millis(500);

/// How this server knows who is asking.
#[derive(Debug, Default)]
pub struct Auth {
    /// `--accounts FILE`: users, roles and password hashes (re-read when
    /// the file changes).
    pub accounts: Option<AccountsFile>,
    /// `--auth-header NAME`: the user a trusted proxy names.
    pub header: Option<HeaderName>,
    /// `--trusted-proxy ADDR`: the only peers whose header is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// `--default-role`: the role of a proxy's user missing from the
    /// accounts (none: such a user is refused).
    pub default_role: Option<Role>,
    pub sessions: Sessions,
    pub failures: Failures,
    /// How long a lockout lasts ([`LOCKOUT`]; tests shorten it).
    pub lockout: Option<Duration>,
    /// How long a failed login waits ([`SLOWDOWN`]; tests shorten it).
    pub slowdown: Option<Duration>,
}

impl Auth {
    /// Whether anyone must be signed in (else: one person on loopback).
    pub fn is_on(&self) -> bool {
        self.accounts.is_some() || self.header.is_some()
    }

    fn lockout(&self) -> Duration {
        self.lockout.unwrap_or(LOCKOUT)
    }

    fn accounts(&self) -> Arc<Accounts> {
        self.accounts
            .as_ref()
            .map_or_else(Default::default, AccountsFile::current)
    }

    /// The user of a request: named by a trusted proxy's header, or by a
    /// live session.
    pub fn user_of(&self, parts: &Parts, tls: bool) -> Option<User> {
        if let Some(header) = &self.header
            && let Some(name) = parts.headers.get(header).and_then(|v| v.to_str().ok())
            && peer(parts).is_some_and(|ip| self.trusted_proxies.contains(&ip))
        {
            let name = name.trim();
            if name.is_empty() {
                return None;
            }
            return self.accounts().user(name).or_else(|| {
                self.default_role.map(|role| User {
                    name: name.to_string(),
                    display: name.to_string(),
                    email: None,
                    party: Vec::new(),
                    role,
                })
            });
        }
        let id = cookies::read(&parts.headers, session_cookie(tls))?;
        let name = self.sessions.user(&id)?;
        self.accounts().user(&name)
    }
}

/// The accounts file, re-read when it changes (a removed user or a new
/// password counts at once).
#[derive(Debug)]
pub struct AccountsFile {
    path: PathBuf,
    loaded: Mutex<(Option<SystemTime>, Arc<Accounts>)>,
}

impl AccountsFile {
    pub fn open(path: PathBuf) -> crate::error::Result<AccountsFile> {
        let accounts = accounts::load(&path, false)?;
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        Ok(AccountsFile {
            path,
            loaded: Mutex::new((modified, Arc::new(accounts))),
        })
    }

    pub fn current(&self) -> Arc<Accounts> {
        let mut guard = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        let modified = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .ok();
        if modified != guard.0 {
            // A file that cannot be read now keeps what was read before.
            if let Ok(fresh) = accounts::load(&self.path, false) {
                *guard = (modified, Arc::new(fresh));
            }
        }
        Arc::clone(&guard.1)
    }

    /// Whether any user has a password (else only the proxy signs in).
    pub fn has_passwords(&self) -> bool {
        self.current()
            .users
            .values()
            .any(|e| !e.password.is_empty())
    }
}

/// The connecting peer's address (none in-process, without a socket).
pub fn peer(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<PeerAddr>>()
        .map(|c| c.0.0.ip())
}

/// The address of the other end of a connection, plain or TLS, put on
/// every request by the server's connections (`web::connections`) as
/// axum's `ConnectInfo`, for `--trusted-proxy` and lockouts per address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerAddr(pub SocketAddr);

fn session_cookie(tls: bool) -> &'static str {
    if tls {
        SESSION_COOKIE_TLS
    } else {
        SESSION_COOKIE
    }
}

/// The sessions, on the server: a random id (the cookie) to the user's
/// name, with when it began and was last used.
#[derive(Debug, Default)]
pub struct Sessions(Mutex<HashMap<String, (String, Instant, Instant)>>);

impl Sessions {
    /// A new session for `name`: a fresh random id.
    pub fn start(&self, name: &str) -> Option<String> {
        let id = csrf::new_token()?;
        let now = Instant::now();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, (_, begun, used)| alive(*begun, *used, now));
        map.insert(id.clone(), (name.to_string(), now, now));
        Some(id)
    }

    /// The user of a live session (and it was used now).
    pub fn user(&self, id: &str) -> Option<String> {
        if !csrf::well_formed(id) {
            return None;
        }
        let now = Instant::now();
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(id) {
            Some((name, begun, used)) if alive(*begun, *used, now) => {
                *used = now;
                Some(name.clone())
            }
            Some(_) => {
                map.remove(id);
                None
            }
            None => None,
        }
    }

    pub fn end(&self, id: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
    }
}

fn alive(begun: Instant, used: Instant, now: Instant) -> bool {
    now.duration_since(begun) < LIFETIME && now.duration_since(used) < IDLE
}

/// Failed logins per account and per address.
#[derive(Debug, Default)]
pub struct Failures(Mutex<HashMap<String, (u32, Instant)>>);

impl Failures {
    fn locked(&self, key: &str, limit: u32, lockout: Duration) -> bool {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .is_some_and(|(n, last)| *n >= limit && last.elapsed() < lockout)
    }

    fn fail(&self, key: &str, lockout: Duration) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (_, last)| last.elapsed() < lockout);
        }
        let entry = map.entry(key.to_string()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= lockout {
            entry.0 = 0;
        }
        entry.0 += 1;
        entry.1 = Instant::now();
    }

    fn clear(&self, key: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

/// The gate every request passes when sign-in is on: the login page and
/// the assets are open; a page without a user is sent to the login page,
/// any other request is refused with 401 (nothing is written).
pub async fn gate(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if !app.auth.is_on() {
        return next.run(request).await;
    }
    let path = request.uri().path();
    if path == "/login" || path.starts_with("/assets/") {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    if let Some(user) = app.auth.user_of(&parts, app.secure) {
        let name = user.name.clone();
        parts.extensions.insert(CurrentUser(Some(user)));
        let mut response = next.run(Request::from_parts(parts, body)).await;
        response.extensions_mut().insert(SignedIn(name));
        return response;
    }
    if parts.method == Method::GET || parts.method == Method::HEAD {
        let here = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("next", &here);
        return Reply::see_other(&format!("/login?{}", query.finish())).into_response();
    }
    Reply::text(
        StatusCode::UNAUTHORIZED,
        "Log in first (/login): nothing was recorded.\n",
    )
    .header(
        axum::http::header::WWW_AUTHENTICATE,
        "Cookie realm=\"plan\"",
    )
    .into_response()
}

#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage {
    chrome: Chrome,
    csrf: String,
    next: String,
    name: String,
    /// The passwords form (none when only the proxy signs in).
    form: bool,
    /// `error` or `saved` notices above the form.
    notice: Option<(&'static str, &'static str)>,
}

/// Where to go after logging in: a path on this server only.
fn next_of(fields: &Fields) -> String {
    let next = fields.one("next").ok().flatten().unwrap_or("/");
    if next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
    {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// `GET /login`.
pub async fn page(State(app): State<Arc<App>>, visit: Visit) -> Response {
    let next = next_of(&visit.query);
    let out = visit.query.one("out").ok().flatten().is_some();
    login_reply(
        app,
        visit,
        StatusCode::OK,
        next,
        String::new(),
        out.then_some("out"),
    )
    .await
}

async fn login_reply(
    app: Arc<App>,
    visit: Visit,
    status: StatusCode,
    next: String,
    name: String,
    notice: Option<&'static str>,
) -> Response {
    let form = app
        .auth
        .accounts
        .as_ref()
        .is_some_and(AccountsFile::has_passwords);
    with_plan(app, visit, move |here| {
        let w = here.w();
        let notice = match notice {
            Some("out") => Some(("saved", w.logged_out)),
            Some("failed") => Some(("error", w.login_failed)),
            Some("locked") => Some(("error", w.login_locked)),
            _ => (!form).then_some(("info", w.login_sso)),
        };
        let page = LoginPage {
            chrome: here.chrome(w.login, ""),
            csrf: here.visit.token().to_string(),
            next,
            name,
            form,
            notice,
        };
        render(status, &page)
    })
    .await
}

/// `POST /login`: the name and password checked (slowly when wrong, not
/// at all while locked out); a new session on success.
pub async fn login(
    State(app): State<Arc<App>>,
    ConnectInfoOpt(peer): ConnectInfoOpt,
    visit: Visit,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form_type = headers
        .get(CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let fields = Fields::parse(&body);
    let next = next_of(&fields);
    let token = fields.one(csrf::FIELD).ok().flatten();
    if !form_type || !csrf::matches(visit.cookie_token(), token) {
        return Reply::text(
            StatusCode::FORBIDDEN,
            "This login form is not from this browser's page (its security token does not match): reload the login page.\n",
        )
        .into_response();
    }
    let name = fields
        .one("name")
        .ok()
        .flatten()
        .unwrap_or("")
        .trim()
        .to_string();
    let password = fields
        .one("password")
        .ok()
        .flatten()
        .unwrap_or("")
        .to_string();
    let Some(file) = app.auth.accounts.as_ref() else {
        return login_reply(app, visit, StatusCode::UNAUTHORIZED, next, name, None).await;
    };
    let lockout = app.auth.lockout();
    let account_key = format!("user:{name}");
    let address_key = format!(
        "addr:{}",
        peer.map_or_else(|| "-".to_string(), |p| p.to_string())
    );
    let failures = &app.auth.failures;
    if failures.locked(&account_key, ACCOUNT_FAILURES, lockout)
        || failures.locked(&address_key, ADDRESS_FAILURES, lockout)
    {
        // A try while locked still counts against the address (one client
        // guessing many accounts is locked out as a whole).
        failures.fail(&address_key, lockout);
        tokio::time::sleep(app.auth.slowdown.unwrap_or(SLOWDOWN)).await;
        return login_reply(
            app,
            visit,
            StatusCode::TOO_MANY_REQUESTS,
            next,
            name,
            Some("locked"),
        )
        .await;
    }
    let accounts = file.current();
    let checked = {
        let (name, password) = (name.clone(), password.clone());
        tokio::task::spawn_blocking(move || accounts.check_password(&name, &password))
            .await
            .ok()
            .flatten()
    };
    let Some(user) = checked else {
        failures.fail(&account_key, lockout);
        failures.fail(&address_key, lockout);
        tokio::time::sleep(app.auth.slowdown.unwrap_or(SLOWDOWN)).await;
        return login_reply(
            app,
            visit,
            StatusCode::UNAUTHORIZED,
            next,
            name,
            Some("failed"),
        )
        .await;
    };
    failures.clear(&account_key);
    // A new session id at every login; the old one (if any) ends.
    if let Some(old) = cookies::read(&headers, session_cookie(app.secure)) {
        app.auth.sessions.end(&old);
    }
    let Some(id) = app.auth.sessions.start(&user.name) else {
        return Reply::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "no randomness for a session: nobody can log in\n",
        )
        .into_response();
    };
    Reply::see_other(&next)
        .cookie(session_set(app.secure, &id, false))
        .cookie(fresh_csrf(app.secure))
        .into_response()
}

/// A new CSRF token for the browser: rotated with the session, at every
/// login and logout, so a token seen before signing in is worth nothing
/// after.
fn fresh_csrf(secure: bool) -> String {
    let token = csrf::new_session_token(csrf::now()).unwrap_or_default();
    cookies::set_for_session(csrf::cookie_name(secure), &token, secure)
}

/// `POST /logout`: the session ends on the server, the cookie is cleared.
pub async fn logout(
    State(app): State<Arc<App>>,
    visit: Visit,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = Fields::parse(&body);
    let token = fields.one(csrf::FIELD).ok().flatten();
    if !csrf::matches(visit.cookie_token(), token) {
        return Reply::text(
            StatusCode::FORBIDDEN,
            "This form is not from this browser's page (its security token does not match).\n",
        )
        .into_response();
    }
    if let Some(id) = cookies::read(&headers, session_cookie(app.secure)) {
        app.auth.sessions.end(&id);
    }
    Reply::see_other("/login?out=1")
        .cookie(session_set(app.secure, "", true))
        .cookie(fresh_csrf(app.secure))
        .into_response()
}

/// The session cookie: for the whole site, strict same-site, out of reach
/// of scripts, `Secure` under TLS, gone when the browser closes.
fn session_set(tls: bool, id: &str, clear: bool) -> String {
    let mut c = Cookie::build((session_cookie(tls), id.to_string()))
        .path("/")
        .same_site(SameSite::Strict)
        .http_only(true)
        .secure(tls);
    if clear {
        c = c.max_age(cookie::time::Duration::ZERO);
    }
    c.build().encoded().to_string()
}

/// The signed-in user of a request (`None` when sign-in is off: one
/// person on loopback). The gate has checked it; handlers take it as an
/// extractor (the author and committer of what they record).
#[derive(Debug, Clone, Default)]
pub struct CurrentUser(pub Option<User>);

/// The login name a request was answered for, put on the response for the
/// access log (which sees the response, not the request the gate passed on).
#[derive(Debug, Clone)]
pub struct SignedIn(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for CurrentUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .unwrap_or_default())
    }
}

/// The peer's address when there is a socket (in-process tests have none).
pub struct ConnectInfoOpt(pub Option<IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ConnectInfoOpt {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ConnectInfoOpt(peer(parts)))
    }
}

/// A write refused for the user's role or parties (403, nothing written).
pub fn forbidden_text(user: &User) -> Text {
    let name = &user.display;
    let role = user.role.as_str();
    let parties = if user.party.is_empty() {
        "-".to_string()
    } else {
        user.party.join(", ")
    };
    text!(
        en: "{name} ({role}; parties: {parties}) may not make this change: nothing was recorded",
        ja: "{name}（{role}、主体: {parties}）にはこの変更の権限がありません。何も記録していません",
    )
}
