//! Sign-in and permissions of the web view, in-process on the real router
//! over a scratch plan and a real accounts file (Argon2id hashes): every
//! write route refused without a session, roles and parties enforced with
//! nothing written, the proxy header believed only from the trusted
//! address, lockouts, session ids renewed at login and ended at logout,
//! CSRF still checked.

mod common;
mod web_support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

use plan::files::accounts::{self, Entry};
use plan::i18n::Lang;
use plan::settings::Flags;
use plan::web::app::{App, router};
use plan::web::auth::{AccountsFile, Auth, PeerAddr};
use plan::web::security::Hosts;
use plan::web::snapshot::Cache;

use common::{Scratch, copy_plan, note_lines};
use web_support::{once_in, token_in};

const HOST: &str = "127.0.0.1:8040";
const TMG_PAGE: &str = "/measures/2.tmg.%E3%82%A4";
const TMG_RECORD: &str = "/measures/2.tmg.%E3%82%A4/notes";
const TCCI_PAGE: &str = "/measures/2.tcci.%E3%82%A2";
const TCCI_RECORD: &str = "/measures/2.tcci.%E3%82%A2/notes";
const PASSWORD: &str = "correct horse battery";

/// An accounts file outside the plan with a TCCI editor (高橋), a TMG
/// editor (佐藤), a viewer (加藤) and an admin (鈴木).
fn accounts_file(scratch: &Scratch) -> PathBuf {
    let path = scratch.root.path().join("private").join("accounts.toml");
    let hash = accounts::hash(PASSWORD).expect("a hash");
    accounts::update(&path, |a| {
        for (name, display, party, role) in [
            ("takahashi", "高橋", "tcci", "editor"),
            ("sato", "佐藤", "tmg", "editor"),
            ("kato", "加藤", "tcci", "viewer"),
            ("suzuki", "鈴木", "", "admin"),
        ] {
            a.users.insert(
                name.to_string(),
                Entry {
                    display: display.to_string(),
                    email: (name == "takahashi").then(|| "takahashi@example.jp".to_string()),
                    party: (!party.is_empty())
                        .then(|| party.to_string())
                        .into_iter()
                        .collect(),
                    role: role.to_string(),
                    password: hash.clone(),
                },
            );
        }
        Ok(())
    })
    .expect("the accounts are written");
    path
}

fn web_with(scratch: &Scratch, auth: Auth) -> Router {
    web_over(scratch, auth, None)
}

/// The router, committing each write to `repo` when there is one.
fn web_over(scratch: &Scratch, auth: Auth, repo: Option<plan::files::git::Repo>) -> Router {
    let flags = Flags {
        plan: Some(scratch.plan_dir()),
        lang: Some(Lang::En),
        ..Flags::default()
    };
    router(Arc::new(App {
        cache: Cache::new(flags, scratch.plan_dir()),
        read_only: false,
        hosts: Hosts::new("127.0.0.1", HOST.parse().expect("an address")),
        access_log: false,
        secure: false,
        sent: Default::default(),
        repo,
        sync: Default::default(),
        auth,
    }))
}

fn web(scratch: &Scratch) -> Router {
    web_over(scratch, signed_in(scratch), None)
}

/// Sign-in with the test accounts, quick lockouts and slowdowns.
fn signed_in(scratch: &Scratch) -> Auth {
    let file = AccountsFile::open(accounts_file(scratch)).expect("the accounts load");
    Auth {
        accounts: Some(file),
        lockout: Some(Duration::from_secs(3)),
        slowdown: Some(Duration::from_millis(100)),
        ..Default::default()
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }

    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A browser: its cookies, and the address it connects from.
struct Browser {
    cookies: Vec<(String, String)>,
    peer: SocketAddr,
    extra: Vec<(&'static str, String)>,
}

impl Browser {
    fn new() -> Browser {
        Browser {
            cookies: Vec::new(),
            peer: "192.0.2.10:50000".parse().expect("an address"),
            extra: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn session(&self) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(k, _)| k == "plan_session")
            .map(|(_, v)| v.as_str())
    }

    async fn send(
        &mut self,
        web: &Router,
        method: &str,
        path: &str,
        body: Option<String>,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::COOKIE, self.cookie_header());
        for (name, value) in &self.extra {
            request = request.header(*name, value);
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let mut request = request
            .body(body.map_or_else(Body::empty, Body::from))
            .expect("a request");
        request
            .extensions_mut()
            .insert(ConnectInfo(PeerAddr(self.peer)));
        let response = web.clone().oneshot(request).await.expect("an answer");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        for set in headers.get_all(header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !v.is_empty() {
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    async fn get(&mut self, web: &Router, path: &str) -> Answer {
        self.send(web, "GET", path, None).await
    }

    async fn post(&mut self, web: &Router, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.send(web, "POST", path, Some(form(fields))).await
    }

    /// The login page's token, then the name and password posted.
    async fn log_in(&mut self, web: &Router, name: &str, password: &str) -> Answer {
        let page = self.get(web, "/login").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let token = token_in(&page.body);
        self.post(
            web,
            "/login",
            &[
                ("csrf", &token),
                ("name", name),
                ("password", password),
                ("next", "/"),
            ],
        )
        .await
    }
}

fn form(fields: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The note form of a page, filled in.
async fn record(b: &mut Browser, web: &Router, page: &str, post_to: &str, text: &str) -> Answer {
    let html = b.get(web, page).await.body;
    let token = token_in(&html);
    let once = once_in(&html);
    b.post(
        web,
        post_to,
        &[
            ("csrf", &token),
            ("once", &once),
            ("text", text),
            ("status", "active"),
        ],
    )
    .await
}

#[tokio::test]
async fn without_a_session_every_write_route_is_refused_and_pages_go_to_the_login() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut b = Browser::new();
    let page = b.get(&web, TMG_PAGE).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        page.location().starts_with("/login?next="),
        "{}",
        page.location()
    );
    for route in [TMG_RECORD, "/notes/amend", "/notes/retract"] {
        let answer = b
            .post(
                &web,
                route,
                &[("text", "x"), ("author", "誰か"), ("key", "k")],
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNAUTHORIZED,
            "{route}: {}",
            answer.body
        );
    }
    assert!(
        note_lines(&scratch.notes_text(2)).is_empty(),
        "nothing written"
    );
    let login = b.get(&web, "/login").await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.body.contains("type=\"password\""), "{}", login.body);
}

#[tokio::test]
async fn a_tcci_editor_records_as_themselves_on_tcci_and_is_refused_on_tmg() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut b = Browser::new();
    let login = b.log_in(&web, "takahashi", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    let set = login.cookie("plan_session").expect("a session cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "no TLS here: {set}");

    // The TMG page shows no form to a TCCI editor…
    let tmg = b.get(&web, TMG_PAGE).await;
    assert_eq!(tmg.status, StatusCode::OK);
    assert!(tmg.body.contains("高橋"), "signed in as");
    assert!(
        !tmg.body.contains("id=\"record\""),
        "no note form on another party's measure"
    );
    // …and a forged post is refused, nothing written.
    let token = token_in(&tmg.body);
    let forged = b
        .post(
            &web,
            TMG_RECORD,
            &[
                ("csrf", &token),
                ("once", &"a".repeat(64)),
                ("text", "越権"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    assert!(!scratch.notes_text(2).contains("越権"));

    // On a TCCI measure: no author field; the note is theirs, whatever is posted.
    let tcci = b.get(&web, TCCI_PAGE).await;
    assert!(tcci.body.contains("id=\"record\""));
    assert!(
        !tcci.body.contains("name=\"author\""),
        "no free-text author"
    );
    let token = token_in(&tcci.body);
    let once = once_in(&tcci.body);
    let saved = b
        .post(
            &web,
            TCCI_RECORD,
            &[
                ("csrf", &token),
                ("once", &once),
                ("text", "商工会議所の記録"),
                ("author", "偽名"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let notes = scratch.notes_text(2);
    let line = note_lines(&notes)
        .into_iter()
        .find(|l| l.contains("商工会議所の記録"))
        .expect("the note");
    assert!(line.contains("author = \"高橋\""), "{line}");
    assert!(!notes.contains("偽名"));
}

#[tokio::test]
async fn a_viewer_writes_nothing() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut b = Browser::new();
    assert_eq!(
        b.log_in(&web, "kato", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    let page = b.get(&web, TCCI_PAGE).await;
    assert!(!page.body.contains("id=\"record\""), "no form for a viewer");
    let token = token_in(&page.body);
    let answer = b
        .post(
            &web,
            TCCI_RECORD,
            &[
                ("csrf", &token),
                ("once", &"b".repeat(64)),
                ("text", "閲覧者の記録"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(!scratch.notes_text(2).contains("閲覧者の記録"));
}

#[tokio::test]
async fn another_users_note_needs_an_admin_and_the_history_names_who_corrected_it() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut sato = Browser::new();
    sato.log_in(&web, "sato", PASSWORD).await;
    assert_eq!(
        record(&mut sato, &web, TMG_PAGE, TMG_RECORD, "佐藤の記録")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let key = common::key_of(&scratch, "佐藤の記録");

    // An editor of the same party cannot amend it…
    let mut other = Browser::new();
    other.peer = "192.0.2.11:50000".parse().unwrap();
    // (a second TMG editor: the admin's account, downgraded, is not needed:
    // 高橋 is TCCI, so use the check on party and author together)
    other.log_in(&web, "takahashi", PASSWORD).await;
    let page = other.get(&web, TMG_PAGE).await;
    assert!(
        !page.body.contains("action=\"/notes/amend\""),
        "no amend form"
    );
    let token = token_in(&page.body);
    let refused = other
        .post(
            &web,
            "/notes/retract",
            &[
                ("csrf", &token),
                ("once", &"c".repeat(64)),
                ("key", &key),
                ("reason", "消したい"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(!scratch.notes_text(2).contains("消したい"));

    // …an admin can, and the correction is theirs.
    let mut admin = Browser::new();
    admin.log_in(&web, "suzuki", PASSWORD).await;
    let page = admin.get(&web, TMG_PAGE).await;
    assert!(
        page.body.contains("action=\"/notes/retract\""),
        "the admin sees the forms"
    );
    let token = token_in(&page.body);
    let once = once_in(&page.body);
    let done = admin
        .post(
            &web,
            "/notes/retract",
            &[
                ("csrf", &token),
                ("once", &once),
                ("key", &key),
                ("reason", "重複のため"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let notes = scratch.notes_text(2);
    let line = note_lines(&notes)
        .into_iter()
        .find(|l| l.contains("重複のため"))
        .expect("the withdrawal");
    assert!(line.contains("author = \"鈴木\""), "{line}");
}

#[tokio::test]
async fn the_session_id_changes_at_login_and_logout_ends_it_on_the_server() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut b = Browser::new();
    let csrf_of = |b: &Browser| {
        b.cookies
            .iter()
            .find(|(k, _)| k == "plan_csrf")
            .map(|(_, v)| v.clone())
            .expect("a CSRF cookie")
    };
    b.get(&web, "/login").await;
    let before = csrf_of(&b);
    b.log_in(&web, "takahashi", PASSWORD).await;
    let first = b.session().expect("a session").to_string();
    // The CSRF token rotates with the session.
    let signed_in = csrf_of(&b);
    assert_ne!(before, signed_in, "a new CSRF token at login");
    b.log_in(&web, "takahashi", PASSWORD).await;
    let second = b.session().expect("a session").to_string();
    assert_ne!(first, second, "a new id at every login");
    // The old id no longer opens anything.
    let mut stale = Browser::new();
    stale.cookies.push(("plan_session".into(), first));
    assert_eq!(
        stale.get(&web, TCCI_PAGE).await.status,
        StatusCode::SEE_OTHER
    );

    let page = b.get(&web, TCCI_PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    let token = token_in(&page.body);
    let in_session = csrf_of(&b);
    let out = b.post(&web, "/logout", &[("csrf", &token)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_ne!(in_session, csrf_of(&b), "a new CSRF token at logout");
    // The browser forgot the cookie; a copy of it is dead on the server too.
    let mut copy = Browser::new();
    copy.cookies.push(("plan_session".into(), second));
    assert_eq!(
        copy.get(&web, TCCI_PAGE).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(b.get(&web, TCCI_PAGE).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn csrf_is_still_enforced_when_signed_in() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut b = Browser::new();
    b.log_in(&web, "takahashi", PASSWORD).await;
    let page = b.get(&web, TCCI_PAGE).await;
    let once = once_in(&page.body);
    let answer = b
        .post(
            &web,
            TCCI_RECORD,
            &[("csrf", &"0".repeat(64)), ("once", &once), ("text", "偽造")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(!scratch.notes_text(2).contains("偽造"));
    // The login form too: a login without the page's token is refused.
    let mut fresh = Browser::new();
    let answer = fresh
        .post(
            &web,
            "/login",
            &[("name", "takahashi"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(fresh.session().is_none());
}

#[tokio::test]
async fn twenty_wrong_passwords_lock_the_account_until_the_lockout_ends() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut b = Browser::new();
    let started = std::time::Instant::now();
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(b.log_in(&web, "takahashi", "wrong password").await.status);
    }
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "each failure is slowed down: {:?}",
        started.elapsed()
    );
    assert_eq!(statuses[0], StatusCode::UNAUTHORIZED);
    assert_eq!(statuses[19], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    // The right password is refused while locked, from another address too.
    let mut elsewhere = Browser::new();
    elsewhere.peer = "198.51.100.7:40000".parse().unwrap();
    let locked = elsewhere.log_in(&web, "takahashi", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(elsewhere.session().is_none());
    // Another account from the locked address is refused as well.
    let from_there = b.log_in(&web, "sato", PASSWORD).await;
    assert_eq!(from_there.status, StatusCode::TOO_MANY_REQUESTS);
    // Once the lockout (3 s in this test, 15 min by default) is over, it works.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let ok = elsewhere.log_in(&web, "takahashi", PASSWORD).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert!(elsewhere.session().is_some());
}

#[tokio::test]
async fn the_proxy_header_counts_only_from_the_trusted_address() {
    let scratch = copy_plan();
    let file = AccountsFile::open(accounts_file(&scratch)).expect("the accounts load");
    let web = web_with(
        &scratch,
        Auth {
            accounts: Some(file),
            header: Some(header::HeaderName::from_static("remote-user")),
            trusted_proxies: vec!["10.0.0.1".parse().unwrap()],
            ..Default::default()
        },
    );
    let mut outsider = Browser::new();
    outsider.peer = "10.0.0.2:1234".parse().unwrap();
    outsider.extra.push(("remote-user", "suzuki".into()));
    let answer = outsider.get(&web, TMG_PAGE).await;
    assert_eq!(
        answer.status,
        StatusCode::SEE_OTHER,
        "the header is ignored"
    );
    let answer = outsider.post(&web, TMG_RECORD, &[("text", "x")]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);

    let mut proxied = Browser::new();
    proxied.peer = "10.0.0.1:1234".parse().unwrap();
    proxied.extra.push(("remote-user", "sato".into()));
    assert_eq!(
        record(&mut proxied, &web, TMG_PAGE, TMG_RECORD, "プロキシ経由")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let notes = scratch.notes_text(2);
    let line = note_lines(&notes)
        .into_iter()
        .find(|l| l.contains("プロキシ経由"))
        .expect("the note");
    assert!(line.contains("author = \"佐藤\""), "{line}");

    // A user the accounts do not list, without --default-role: refused.
    let mut stranger = Browser::new();
    stranger.peer = "10.0.0.1:1234".parse().unwrap();
    stranger.extra.push(("remote-user", "nobody".into()));
    assert_eq!(
        stranger.get(&web, TMG_PAGE).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_login_page_speaks_japanese_and_english() {
    let scratch = copy_plan();
    let web = web(&scratch);
    let mut b = Browser::new();
    let en = b.get(&web, "/login?lang=en").await;
    assert!(
        en.body.contains("Log in") && en.body.contains("Password"),
        "{}",
        en.body
    );
    let ja = b.get(&web, "/login?lang=ja").await;
    assert!(
        ja.body.contains("ログイン") && ja.body.contains("パスワード"),
        "{}",
        ja.body
    );
}

/// Issue 21: in a git repository, a signed-in officer's web note is one
/// commit in their display name, with the e-mail of their account, naming
/// the measure.
#[tokio::test]
async fn a_signed_in_officers_note_is_committed_in_their_name_and_e_mail() {
    let scratch = copy_plan();
    let auth = signed_in(&scratch);
    let root = scratch.root.path();
    std::fs::write(root.join(".gitignore"), "private/\n").unwrap();
    web_support::git_init(root);
    let repo = plan::files::git::Repo::find(&scratch.plan_dir()).expect("a repository");
    let web = web_over(&scratch, auth, Some(repo));
    let mut b = Browser::new();
    let login = b.log_in(&web, "takahashi", PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    let page = b.get(&web, TCCI_PAGE).await;
    let saved = b
        .post(
            &web,
            TCCI_RECORD,
            &[
                ("csrf", &token_in(&page.body)),
                ("once", &once_in(&page.body)),
                ("text", "コミットされる記録"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let head = web_support::git(
        root,
        &["log", "-1", "--format=%an <%ae>%n%s", "--name-only"],
    );
    assert!(head.starts_with("高橋 <takahashi@example.jp>\n"), "{head}");
    assert!(head.contains("2.tcci.ア"), "{head}");
    assert!(head.contains("plan/notes/02.toml"), "{head}");
    assert!(web_support::git(root, &["status", "--porcelain"]).is_empty());
}
