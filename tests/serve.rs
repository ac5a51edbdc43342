//! The web view's router, in-process (`tower::ServiceExt::oneshot`), on a
//! scratch copy of the shipped plan: every page, escaping, the note form
//! and its corrections, CSRF, read-only mode, the Host/Origin guard, limits
//! and malformed forms, concurrency, edits made by the command line, a
//! broken plan, and the language.

mod common;
mod web_support;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

use plan::i18n::Lang;
use plan::settings::Flags;
use plan::web::app::{App, router};
use plan::web::security::{CONTENT_SECURITY_POLICY, Hosts};
use plan::web::snapshot::Cache;

use common::{Scratch, copy_plan, json_array_of, note_lines, stdout_of};
use web_support::{git, git_init, once_in, token_in};

const HOST: &str = "127.0.0.1:8040";
const SCRIPT: &str = "<script>alert(1)</script>";

/// The measure most tests write on, and its page.
const MEASURE: &str = "2.tmg.イ";
const MEASURE_PAGE: &str = "/measures/2.tmg.%E3%82%A4";
const RECORD: &str = "/measures/2.tmg.%E3%82%A4/notes";

/// The router of a server on `HOST` over the scratch plan, in English
/// unless a page asks otherwise.
fn web(scratch: &Scratch, read_only: bool) -> Router {
    web_in(scratch, read_only, Some(Lang::En))
}

/// The server as `plan [--lang LANG] serve` starts it.
fn web_in(scratch: &Scratch, read_only: bool, lang: Option<Lang>) -> Router {
    web_over(scratch, read_only, lang, false)
}

/// [`web_in`], served over TLS (`secure`) or not.
fn web_over(scratch: &Scratch, read_only: bool, lang: Option<Lang>, secure: bool) -> Router {
    let flags = Flags {
        plan: Some(scratch.plan_dir()),
        lang,
        ..Flags::default()
    };
    let app = App {
        cache: Cache::new(flags, scratch.plan_dir()),
        read_only,
        hosts: Hosts::new("127.0.0.1", HOST.parse().expect("an address")),
        access_log: false,
        secure,
        sent: Default::default(),
        repo: None,
        sync: Default::default(),
        auth: Default::default(),
    };
    router(Arc::new(app))
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    /// The `name=value` of a cookie the answer sets.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }

    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(web: &Router, request: Request<Body>) -> Answer {
    let response = web.clone().oneshot(request).await.expect("an answer");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

async fn get(web: &Router, path: &str) -> Answer {
    get_with(web, path, &[]).await
}

async fn get_with(web: &Router, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::get(path).header(header::HOST, HOST);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(web, request.body(Body::empty()).expect("a request")).await
}

/// A browser's session: the CSRF cookie and token a page gave it.
struct Session {
    cookie: String,
    token: String,
}

async fn session(web: &Router) -> Session {
    let page = get(web, MEASURE_PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    Session {
        cookie: page
            .cookie("plan_csrf")
            .expect("a CSRF cookie on a first visit"),
        token: token_in(&page.body),
    }
}

/// Encodes form fields as a browser does.
fn form(fields: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// A fresh one-time form token, as a page gives (a form without one is
/// given one: each post stands for a page of its own).
fn fresh_once() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{:064x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

async fn post(web: &Router, path: &str, cookie: &str, body: String) -> Answer {
    let body = if body.split('&').any(|f| f.starts_with("once=")) {
        body
    } else {
        format!("{body}&once={}", fresh_once())
    };
    let request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("a request");
    send(web, request).await
}

/// Posts the note form of `MEASURE` with `fields` (and the session's token).
async fn post_note(web: &Router, s: &Session, fields: &[(&str, &str)]) -> Answer {
    let mut all = vec![("csrf", s.token.as_str())];
    all.extend_from_slice(fields);
    post(web, RECORD, &s.cookie, form(&all)).await
}

fn notes_of_section_2(scratch: &Scratch) -> Vec<String> {
    note_lines(&scratch.notes_text(2))
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn log_json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    json_array_of(
        common::plan(dir)
            .arg("log")
            .args(args)
            .args(["--format", "json"]),
    )
}

#[tokio::test]
async fn every_page_answers_with_what_it_is_about() {
    let scratch = copy_plan();
    scratch.note(&[
        MEASURE,
        "セミナー実施",
        "--status",
        "active",
        "--at",
        "2021-06-15",
    ]);
    let web = web(&scratch, false);
    let pages: &[(&str, &[&str])] = &[
        (
            "/",
            &[
                "Summary",
                "Completion by section and party",
                "Progress over the fiscal year",
                "Recent notes",
                "セミナー実施",
                "/report.xlsx",
            ],
        ),
        (
            "/sections/2",
            &[
                "テレワークの推進",
                "Contents",
                "（１）",
                "都の取組",
                "東京商工会議所の取組",
                "企業におけるテレワークの導入・定着に向けた支援",
            ],
        ),
        (
            MEASURE_PAGE,
            &[
                "企業におけるテレワークの導入・定着に向けた支援",
                "「テレワーク東京ルール実践企業」宣言制度の普及",
                "set by a note",
                "セミナー実施",
                "Record a note",
            ],
        ),
        (
            "/measures/2.tmg.%E3%82%A4.1",
            &["「テレワーク東京ルール実践企業」宣言制度の普及", "Sub-item"],
        ),
        ("/measures/2.%E3%82%A4", &["2.tmg.イ"]),
        ("/measures", &["51 of 51 measures", "2.tcci.イ"]),
        ("/log", &["セミナー実施", "Download the progress report"]),
        ("/assets/web.css", &["header.top"]),
        ("/assets/report.css", &["Noto Sans CJK JP"]),
    ];
    for (path, wanted) in pages {
        let page = get(&web, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        for text in *wanted {
            assert!(
                page.body.contains(text),
                "{path} lacks {text}:\n{}",
                page.body
            );
        }
    }
    for (path, kind) in [
        ("/report.html", "text/html"),
        ("/report.md", "text/markdown"),
        ("/report.xlsx", "application/vnd.openxmlformats"),
    ] {
        let answer = get(&web, path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        let content_type = answer.headers[header::CONTENT_TYPE].to_str().unwrap();
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
        let disposition = answer.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"plan-report-FY2021-"),
            "{disposition}"
        );
    }
    let markdown = get(&web, "/report.md").await.body;
    assert!(
        markdown.contains("セミナー実施"),
        "the latest result is in the report:\n{markdown}"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_no_cors() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    for path in [
        "/",
        MEASURE_PAGE,
        "/nowhere",
        "/assets/web.css",
        "/report.md",
    ] {
        let answer = get_with(&web, path, &[("origin", "http://evil.example")]).await;
        let h = &answer.headers;
        assert_eq!(
            h["content-security-policy"], CONTENT_SECURITY_POLICY,
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert!(!h.contains_key("access-control-allow-origin"), "{path}");
    }
    assert_eq!(
        CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    );
    let page = get(&web, "/").await;
    assert!(!page.body.contains("<script"), "no scripts at all");
}

#[tokio::test]
async fn note_and_plan_text_is_escaped_on_every_page() {
    let scratch = copy_plan();
    let author = "<b>悪</b>";
    scratch
        .plan_as_author()
        .env("PLAN_AUTHOR", author)
        .args([
            "note",
            MEASURE,
            SCRIPT,
            "--status",
            "done",
            "--at",
            "2021-06-15",
        ])
        .assert()
        .success();
    let web = web(&scratch, false);
    for path in ["/", MEASURE_PAGE, "/log", "/log?all=1", "/sections/2"] {
        let page = get(&web, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.body.contains(SCRIPT),
            "{path} shows the script as markup"
        );
        assert!(
            !page.body.contains("<b>悪"),
            "{path} shows the author as markup"
        );
        if path != "/sections/2" {
            assert!(
                page.body
                    .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
                "{path} shows the text escaped:\n{}",
                page.body
            );
        }
    }
}

#[tokio::test]
async fn the_form_records_one_note_seen_by_plan_log_and_git() {
    let scratch = copy_plan();
    // The evidence file the form links to, in the repository (committed
    // below with the rest, so the diff is the note alone).
    std::fs::create_dir_all(scratch.root.path().join("docs")).unwrap();
    std::fs::write(scratch.root.path().join("docs/seminar.pdf"), b"%PDF").unwrap();
    // A notes file already tracked, so `git diff` shows what was appended.
    scratch.note(&["2.tcci.イ", "東商新聞で告知", "--at", "2021-06-01"]);
    git_init(scratch.root.path());
    let web = web(&scratch, false);
    let s = session(&web).await;
    let answer = post_note(
        &web,
        &s,
        &[
            ("on", "2.tmg.イ.3"),
            ("text", "地域セミナー開催（3回）\r\n二行目"),
            ("status", "done"),
            ("at", "2021-07-01T14:00"),
            ("author", "佐藤"),
            (
                "links",
                "https://www.metro.tokyo.lg.jp/a\r\ndocs/seminar.pdf\r\n",
            ),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let location = answer.location().to_string();
    assert!(
        location.starts_with(&format!("{MEASURE_PAGE}?saved=")),
        "{location}"
    );
    assert!(
        answer
            .cookie("plan_author")
            .is_some_and(|c| c.contains("%E4%BD%90%E8%97%A4"))
    );

    let diff = git(scratch.root.path(), &["diff", "--numstat"]);
    assert_eq!(diff.trim(), "1\t0\tplan/notes/02.toml", "one appended line");
    let added = git(scratch.root.path(), &["diff", "-U0"]);
    let added: Vec<&str> = added.lines().filter(|l| l.starts_with("+\"")).collect();
    assert_eq!(added.len(), 1, "{added:?}");

    let log = log_json(&scratch.plan_dir(), &["--author", "佐藤"]);
    assert_eq!(log.len(), 1, "{log:?}");
    let note = &log[0];
    assert_eq!(note["id"], "2.tmg.イ.3");
    assert_eq!(note["status"], "done");
    assert_eq!(note["text"], "地域セミナー開催（3回）\n二行目");
    assert_eq!(note["at"], "2021-07-01T14:00:00+09:00");
    assert_eq!(
        note["links"],
        serde_json::json!(["https://www.metro.tokyo.lg.jp/a", "docs/seminar.pdf"])
    );

    // The page it sends the browser to shows the note and says so.
    let path = location.split('#').next().unwrap();
    let page = get_with(&web, path, &[("cookie", &s.cookie)]).await;
    assert!(page.body.contains("Note recorded"), "{}", page.body);
    assert!(page.body.contains("地域セミナー開催（3回）"));
    assert!(page.body.contains("1 of 4 sub-items done"), "{}", page.body);
}

#[tokio::test]
async fn notes_are_amended_and_withdrawn_from_the_history() {
    let scratch = copy_plan();
    // A note recorded long ago: its amendment, recorded now, is the later
    // version (versions are ordered by key, which starts with the second
    // of recording).
    std::fs::create_dir_all(scratch.notes_dir()).unwrap();
    std::fs::write(
        scratch.notes_file(2),
        "\"20210615T100000+0900-3fa91c2e0b7d4e55\" = { id = \"2.tmg.イ\", at = 2021-06-15, author = \"テスト\", status = \"active\", text = \"セミナー実施\" }\n",
    )
    .unwrap();
    let web = web(&scratch, false);
    let s = session(&web).await;
    let key = log_json(&scratch.plan_dir(), &[])[0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let amend = form(&[
        ("csrf", &s.token),
        ("key", &key),
        ("text", "セミナー実施（2回）"),
        ("status", ""),
        ("at", ""),
        ("author", "山田"),
        ("links", ""),
    ]);
    let answer = post(&web, "/notes/amend", &s.cookie, amend).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let log = log_json(&scratch.plan_dir(), &["--all"]);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["amends"], key.as_str(), "{log:?}");
    assert_eq!(log[0]["text"], "セミナー実施（2回）");
    assert_eq!(log[0]["status"], "active", "kept from the note it amends");
    assert_eq!(log[0]["at"], log[1]["at"], "kept from the note it amends");
    let page = get(&web, MEASURE_PAGE).await.body;
    assert!(
        page.contains("amended") && page.contains("in force"),
        "{page}"
    );

    let new_key = log[0]["key"].as_str().unwrap().to_string();
    let retract = form(&[
        ("csrf", &s.token),
        ("key", &new_key),
        ("reason", "別の取組の記録"),
        ("author", "山田"),
    ]);
    let answer = post(&web, "/notes/retract", &s.cookie, retract.clone()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert!(
        log_json(&scratch.plan_dir(), &[]).is_empty(),
        "nothing in force"
    );
    let page = get(&web, MEASURE_PAGE).await.body;
    assert!(
        page.contains("withdrawn") && page.contains("retraction"),
        "{page}"
    );
    // Once withdrawn, a note cannot be withdrawn again: said, nothing written.
    let before = scratch.notes_text(2);
    let answer = post(&web, "/notes/retract", &s.cookie, retract).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("was withdrawn"), "{}", answer.body);
    assert_eq!(scratch.notes_text(2), before);
}

#[tokio::test]
async fn a_post_without_the_visitors_token_is_refused_and_writes_nothing() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let s = session(&web).await;
    let other = session(&web).await;
    let fields = [("text", "x"), ("author", "山田")];
    let last = if s.token.ends_with('0') { "1" } else { "0" };
    let off_by_one = format!("{}{last}", &s.token[..s.token.len() - 1]);
    let cases = [
        // Another browser's token with this browser's cookie.
        form(&[("csrf", &other.token), ("text", "x"), ("author", "山田")]),
        // No token at all.
        form(&fields),
        // The cookie's value, but one character off.
        form(&[("csrf", &off_by_one), ("text", "x"), ("author", "山田")]),
    ];
    for body in cases {
        let answer = post(&web, RECORD, &s.cookie, body).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    }
    // A token without its cookie (a page on another site cannot read it).
    let answer = post(
        &web,
        RECORD,
        "",
        form(&[("csrf", &s.token), ("text", "x"), ("author", "山田")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(notes_of_section_2(&scratch).is_empty());
    assert!(!scratch.notes_file(2).exists(), "not even created");
}

#[tokio::test]
async fn read_only_mode_has_no_forms_and_refuses_writes() {
    let scratch = copy_plan();
    let web = web(&scratch, true);
    let page = get(&web, MEASURE_PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Read-only"), "{}", page.body);
    assert!(!page.body.contains("method=\"post\""), "{}", page.body);
    let token = plan::web::csrf::new_session_token(plan::web::csrf::now()).unwrap();
    let cookie = format!("plan_csrf={token}");
    for path in [RECORD, "/notes/amend", "/notes/retract"] {
        let answer = post(
            &web,
            path,
            &cookie,
            form(&[("csrf", &token), ("text", "x"), ("author", "山田")]),
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
    }
    let answer = post(&web, "/", &cookie, String::new()).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(!scratch.notes_file(2).exists());
}

#[tokio::test]
async fn a_request_for_another_host_or_from_another_origin_is_refused() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    for host in [
        "evil.example:8040",
        "127.0.0.1:9999",
        "attacker.example",
        "",
    ] {
        let request = Request::get("/")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        let answer = send(&web, request).await;
        assert_eq!(
            answer.status,
            StatusCode::MISDIRECTED_REQUEST,
            "Host: {host}"
        );
        assert!(answer.headers.contains_key("content-security-policy"));
    }
    let s = session(&web).await;
    let once = fresh_once();
    let body = form(&[
        ("csrf", &s.token),
        ("once", &once),
        ("text", "x"),
        ("author", "山田"),
    ]);
    for (name, value) in [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let request = Request::post(RECORD)
            .header(header::HOST, HOST)
            .header(name, value)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &s.cookie)
            .body(Body::from(body.clone()))
            .unwrap();
        let answer = send(&web, request).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{name}: {value}");
    }
    assert!(!scratch.notes_file(2).exists());
    // Our own pages post with `Origin: null` (no-referrer) from the same origin.
    let request = Request::post(RECORD)
        .header(header::HOST, HOST)
        .header("origin", "null")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &s.cookie)
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&web, request).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn oversized_and_malformed_forms_are_refused_with_a_reason_and_the_server_goes_on() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let s = session(&web).await;
    let huge = "あ".repeat(30_000);
    let answer = post_note(&web, &s, &[("text", &huge), ("author", "山田")]).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);

    let refused: &[(&[(&str, &str)], &str)] = &[
        (
            &[("text", "x"), ("status", "zzz"), ("author", "山田")],
            "unknown status `zzz`",
        ),
        (
            &[("text", "x"), ("at", "2021-13-45"), ("author", "山田")],
            "When:",
        ),
        (
            &[("text", "x"), ("at", "2030-01-01"), ("author", "山田")],
            "in the future",
        ),
        (
            &[("text", "x"), ("at", "2019-06-01"), ("author", "山田")],
            "is outside the plan",
        ),
        (&[("text", "x"), ("author", "  ")], "Recorded by"),
        (&[("text", " "), ("author", "山田")], "nothing to record"),
        (
            &[
                ("text", "x"),
                ("author", "山田"),
                ("links", "javascript:alert(1)"),
            ],
            "links are not allowed",
        ),
        (
            &[
                ("text", "x"),
                ("author", "山田"),
                ("links", "docs/missing.pdf"),
            ],
            "no such file in the repository",
        ),
        (
            &[
                ("text", "x"),
                ("author", "山田"),
                ("links", "www.example.org"),
            ],
            "give it as https://www.example.org",
        ),
        (
            &[("text", "x"), ("author", "山田"), ("on", "9.tmg.ア")],
            "no such section",
        ),
        (
            &[("text", "x"), ("text", "y"), ("author", "山田")],
            "more than once",
        ),
        (
            &[("text", "x"), ("author", "山田"), ("evil", "1")],
            "unknown field",
        ),
    ];
    for (fields, reason) in refused {
        let answer = post_note(&web, &s, fields).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{fields:?}: {}",
            answer.body
        );
        assert!(
            answer.body.contains(reason),
            "{fields:?} does not say {reason}:\n{}",
            answer.body
        );
    }
    // What was typed is kept in the form.
    let answer = post_note(
        &web,
        &s,
        &[("text", "残す文"), ("at", "2030-01-01"), ("author", "山田")],
    )
    .await;
    assert!(
        answer.body.contains(">残す文</textarea>"),
        "{}",
        answer.body
    );
    // Not a form at all.
    let request = Request::post(RECORD)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &s.cookie)
        .body(Body::from("{\"text\": \"x\"}"))
        .unwrap();
    assert_eq!(
        send(&web, request).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    // Undecodable bytes are replacement characters, not a crash.
    let body = format!("csrf={}&text=%FF%FE&author=%ZZ&status=%FF%00", s.token);
    let answer = post(&web, RECORD, &s.cookie, body).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(
        notes_of_section_2(&scratch).is_empty(),
        "nothing was written"
    );
    // A future date outside the year is fine when both are allowed, as with
    // plan note --allow-future --force.
    let answer = post_note(
        &web,
        &s,
        &[
            ("text", "予定"),
            ("at", "2030-01-01"),
            ("allow_future", "1"),
            ("force", "1"),
            ("author", "山田"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(notes_of_section_2(&scratch).len(), 1);
    assert_eq!(get(&web, "/").await.status, StatusCode::OK, "still serving");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_posts_at_once_are_thirty_two_notes() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let s = session(&web).await;
    let mut tasks = Vec::new();
    for i in 0..32 {
        let web = web.clone();
        let body = form(&[
            ("csrf", &s.token),
            ("text", &format!("同時 {i}")),
            ("author", "山田"),
        ]);
        let cookie = s.cookie.clone();
        tasks.push(tokio::spawn(async move {
            post(&web, RECORD, &cookie, body).await.status
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("the task ends"), StatusCode::SEE_OTHER);
    }
    let lines = notes_of_section_2(&scratch);
    assert_eq!(lines.len(), 32);
    let mut texts: Vec<String> = log_json(&scratch.plan_dir(), &[])
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    let mut wanted: Vec<String> = (0..32).map(|i| format!("同時 {i}")).collect();
    wanted.sort();
    assert_eq!(texts, wanted);
}

#[tokio::test]
async fn an_edit_made_with_the_command_line_shows_on_the_next_request() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let before = get(&web, MEASURE_PAGE).await.body;
    assert!(!before.contains("端末からの記録"));
    // The dashboard is rendered once and kept while the files stay as they are.
    assert!(!get(&web, "/").await.body.contains("端末からの記録"));
    scratch.note(&[MEASURE, "端末からの記録", "--status", "blocked"]);
    let after = get(&web, MEASURE_PAGE).await.body;
    assert!(after.contains("端末からの記録"), "{after}");
    let dashboard = get(&web, "/").await.body;
    assert!(dashboard.contains("端末からの記録"), "{dashboard}");
    assert!(after.contains("st-blocked"));
    // A hand edit of a section file (a git pull) shows too.
    let section = scratch.plan_dir().join("02-telework.toml");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(
        &section,
        text.replace("テレワークの推進", "テレワークの推進（改）"),
    )
    .unwrap();
    assert!(
        get(&web, "/sections/2")
            .await
            .body
            .contains("テレワークの推進（改）")
    );
}

#[tokio::test]
async fn a_broken_plan_shows_its_diagnostics_and_a_bad_note_line_a_banner() {
    let scratch = copy_plan();
    scratch.note(&[MEASURE, "読める記録"]);
    let web = web(&scratch, false);
    // A torn note line is skipped with a banner; the rest still shows.
    let notes = scratch.notes_file(2);
    let mut text = std::fs::read_to_string(&notes).unwrap();
    text.push_str("\"broken\" = { id = \"2.tmg.イ\", text = \"<i>\n");
    std::fs::write(&notes, text).unwrap();
    let page = get(&web, MEASURE_PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("could not be read and were skipped"),
        "{}",
        page.body
    );
    assert!(page.body.contains("読める記録"));
    assert!(!page.body.contains("<i>"));
    // A broken section file: every page is its diagnostics, escaped.
    let section = scratch.plan_dir().join("02-telework.toml");
    std::fs::write(&section, "number = \"<script>alert(1)</script>\n").unwrap();
    for path in ["/", MEASURE_PAGE, "/log"] {
        let page = get(&web, path).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(
            page.body.contains("The plan files have errors"),
            "{}",
            page.body
        );
        assert!(page.body.contains("02-telework.toml"), "{}", page.body);
        assert!(!page.body.contains(SCRIPT));
    }
    let s = format!(
        "plan_csrf={}",
        plan::web::csrf::new_session_token(plan::web::csrf::now()).unwrap()
    );
    assert_eq!(
        post(&web, RECORD, &s, String::new()).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

#[tokio::test]
async fn the_page_speaks_the_language_asked_for_and_remembers_it() {
    let scratch = copy_plan();
    // `plan serve` without --lang: the browser's language.
    let web = web_in(&scratch, false, None);
    let ja = get_with(&web, "/", &[("accept-language", "ja,en;q=0.8")]).await;
    assert!(ja.body.contains("<html lang=\"ja\">") && ja.body.contains("最近の記録"));
    let en = get_with(&web, "/", &[("accept-language", "en-US,ja;q=0.5")]).await;
    assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("Recent notes"));
    let switched = get_with(
        &web,
        "/measures?party=tcci&lang=ja",
        &[("accept-language", "en")],
    )
    .await;
    assert!(switched.body.contains("取組一覧"));
    assert_eq!(
        switched.cookie("plan_lang").as_deref(),
        Some("plan_lang=ja")
    );
    assert!(
        switched
            .body
            .contains("href=\"/measures?party=tcci&#38;lang=en\""),
        "{}",
        switched.body
    );
    let remembered = get_with(
        &web,
        "/",
        &[("accept-language", "en"), ("cookie", "plan_lang=ja")],
    )
    .await;
    assert!(remembered.body.contains("<html lang=\"ja\">"));
    // The dashboard's body is kept per language: never the other one's.
    assert!(
        remembered.body.contains("最近の記録") && !remembered.body.contains("Recent notes"),
        "{}",
        remembered.body
    );
}

#[tokio::test]
async fn an_explicit_lang_flag_beats_the_browser_and_a_switch_beats_the_flag() {
    let scratch = copy_plan();
    let web = web_in(&scratch, false, Some(Lang::Ja));
    for path in ["/", "/log", "/measures", MEASURE_PAGE] {
        let page = get_with(&web, path, &[("accept-language", "en-US,en;q=0.9")]).await;
        assert!(
            page.body.contains("<html lang=\"ja\">"),
            "{path}: {}",
            page.body
        );
    }
    let switched = get_with(&web, "/?lang=en", &[("accept-language", "en")]).await;
    assert!(switched.body.contains("<html lang=\"en\">"));
    assert_eq!(
        switched.cookie("plan_lang").as_deref(),
        Some("plan_lang=en")
    );
    let remembered = get_with(
        &web,
        "/",
        &[("accept-language", "ja"), ("cookie", "plan_lang=en")],
    )
    .await;
    assert!(remembered.body.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn a_date_only_note_shows_its_day_without_a_time() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.イ", "日付だけの記録", "--at", "2021-06-15"]);
    let web = web(&scratch, false);
    for path in ["/", "/log", "/measures", "/sections/2", MEASURE_PAGE] {
        let page = get(&web, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("00:00"), "{path}: {}", page.body);
    }
    let page = get(&web, MEASURE_PAGE).await;
    assert!(page.body.contains("2021-06-15"), "{}", page.body);
}

#[tokio::test]
async fn the_list_and_the_log_filter_as_the_command_line_does() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tcci.イ",
        "東商新聞で告知",
        "--status",
        "active",
        "--at",
        "2021-06-20",
    ]);
    scratch.note(&[
        "4.tmg.ア",
        "認定企業を公表",
        "--status",
        "done",
        "--at",
        "2021-09-30",
    ]);
    let web = web(&scratch, false);
    let ids = |html: &str| -> Vec<String> {
        html.split("<td class=\"id\"><a href=\"")
            .skip(1)
            .filter_map(|s| s.split('>').nth(1)?.split('<').next().map(str::to_string))
            .collect()
    };
    for (query, args) in [
        (
            "party=tcci&section=2",
            vec!["--party", "tcci", "--section", "2"],
        ),
        (
            "status=active&status=done",
            vec!["--status", "active", "--status", "done"],
        ),
        ("q=EXPO", vec!["--grep", "EXPO"]),
        (
            "stale=30&party=%E9%83%BD",
            vec!["--stale", "30", "--party", "都"],
        ),
    ] {
        let page = get(&web, &format!("/measures?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        let cli = stdout_of(
            common::plan(&scratch.plan_dir())
                .arg("list")
                .args(&args)
                .args(["--format", "ids"]),
        );
        assert_eq!(ids(&page.body), common::lines_of(&cli), "{query}");
    }
    let bad = get(&web, "/measures?party=nobody").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("unknown party `nobody`"), "{}", bad.body);

    for (query, args) in [
        ("party=tcci", vec!["--party", "tcci"]),
        ("since=2021-07-01", vec!["--since", "2021-07-01"]),
        ("until=2021-06", vec!["--until", "2021-06"]),
        ("status=done", vec!["--status", "done"]),
        (
            "author=%E3%83%86%E3%82%B9%E3%83%88",
            vec!["--author", "テスト"],
        ),
        ("scope=4", vec!["4"]),
    ] {
        let page = get(&web, &format!("/log?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        let cli: Vec<String> = log_json(&scratch.plan_dir(), &args)
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids(&page.body), cli, "{query}");
    }
    let bad = get(&web, "/log?since=someday").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Since:"), "{}", bad.body);
}

#[tokio::test]
async fn a_repository_file_a_note_links_to_opens_from_the_log_and_no_other_file_does() {
    let scratch = copy_plan();
    let root = scratch.root.path();
    std::fs::create_dir_all(root.join("evidence")).unwrap();
    std::fs::write(root.join("evidence/poster.pdf"), b"%PDF-1.4 poster").unwrap();
    std::fs::write(root.join("evidence/page.html"), SCRIPT).unwrap();
    std::fs::write(root.join("secret.txt"), b"TOP-SECRET-CONTENT").unwrap();
    scratch
        .plan_as_author()
        .current_dir(root)
        .args(["note", "2.tmg.イ", "ポスター", "--at", "2021-06-15"])
        .args([
            "--link",
            "evidence/poster.pdf",
            "--link",
            "evidence/page.html",
        ])
        .assert()
        .success();
    let web = web(&scratch, false);
    let log = get(&web, "/log").await;
    assert!(
        log.body.contains(r#"href="/files/evidence/poster.pdf""#),
        "{}",
        log.body
    );
    let file = get(&web, "/files/evidence/poster.pdf").await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body, "%PDF-1.4 poster");
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/pdf");
    // An HTML file is a download, never a page of this site.
    let page = get(&web, "/files/evidence/page.html").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment"),
    );
    assert_eq!(
        page.headers[header::CONTENT_TYPE],
        "application/octet-stream"
    );
    // Files no note links to, and ways out, are not found.
    for path in [
        "/files/secret.txt",
        "/files/plan/plan.toml",
        "/files/evidence/../secret.txt",
        "/files/..%2Fsecret.txt",
        "/files/%2Fetc%2Fpasswd",
    ] {
        let answer = get(&web, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!answer.body.contains("TOP-SECRET"), "{path}");
    }
}

#[tokio::test]
async fn unknown_ids_and_paths_are_not_found_and_never_reach_the_disk() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let page = get(&web, "/measures/2.tmg.%E3%82%AB").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("did you mean"), "{}", page.body);
    for path in [
        "/assets/..%2F..%2FCargo.toml",
        "/assets/plan.toml",
        "/measures/..%2F..%2Fetc%2Fpasswd",
        "/sections/99",
        "/sections/%00",
        "/plan/plan.toml",
    ] {
        let answer = get(&web, path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!answer.body.contains("fiscal_year ="), "{path}");
    }
}

#[tokio::test]
async fn a_form_sent_twice_is_recorded_once_and_the_same_note_is_refused() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let page = get(&web, MEASURE_PAGE).await;
    let cookie = page.cookie("plan_csrf").expect("a CSRF cookie");
    let (token, once) = (token_in(&page.body), once_in(&page.body));
    let body = form(&[
        ("csrf", &token),
        ("once", &once),
        ("text", "二度押し"),
        ("author", "山田"),
    ]);
    let first = post(&web, RECORD, &cookie, body.clone()).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = post(&web, RECORD, &cookie, body).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert!(second.body.contains("already sent"), "{}", second.body);
    assert_eq!(notes_of_section_2(&scratch).len(), 1);
    // The same note from a fresh page: refused too, naming the note.
    let key = log_json(&scratch.plan_dir(), &[])[0]["short_key"]
        .as_str()
        .unwrap()
        .to_string();
    let again = post(
        &web,
        RECORD,
        &cookie,
        form(&[("csrf", &token), ("text", "二度押し"), ("author", "山田")]),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(again.body.contains(&key), "{}", again.body);
    assert_eq!(notes_of_section_2(&scratch).len(), 1);
    // A refused form may be sent again once corrected (its token is given back).
    let page = get_with(&web, MEASURE_PAGE, &[("cookie", &cookie)]).await;
    let once = once_in(&page.body);
    let bad = form(&[
        ("csrf", &token),
        ("once", &once),
        ("text", "x"),
        ("author", ""),
    ]);
    assert_eq!(
        post(&web, RECORD, &cookie, bad).await.status,
        StatusCode::BAD_REQUEST
    );
    let good = form(&[
        ("csrf", &token),
        ("once", &once),
        ("text", "x"),
        ("author", "山田"),
    ]);
    assert_eq!(
        post(&web, RECORD, &cookie, good).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_older_version_cannot_be_corrected_from_a_stale_page() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.イ", "セミナー実施", "--at", "2021-06-01"]);
    let web = web(&scratch, false);
    let s = session(&web).await;
    let old = log_json(&scratch.plan_dir(), &[])[0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let amend = |text: &str| {
        form(&[
            ("csrf", &s.token),
            ("key", &old),
            ("text", text),
            ("author", "山田"),
        ])
    };
    let answer = post(
        &web,
        "/notes/amend",
        &s.cookie,
        amend("セミナー実施（2回）"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let newest = log_json(&scratch.plan_dir(), &[])[0]["short_key"]
        .as_str()
        .unwrap()
        .to_string();
    let before = scratch.notes_text(2);
    for (path, body) in [
        ("/notes/amend", amend("古い版から")),
        (
            "/notes/retract",
            form(&[("csrf", &s.token), ("key", &old), ("author", "山田")]),
        ),
    ] {
        let answer = post(&web, path, &s.cookie, body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
        assert!(
            answer.body.contains("not the newest version") && answer.body.contains(&newest),
            "{}",
            answer.body
        );
    }
    assert_eq!(scratch.notes_text(2), before, "nothing written");
}

#[tokio::test]
async fn a_note_moves_to_another_measure_from_the_amend_form() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tmg.イ",
        "見学会を開催",
        "--status",
        "active",
        "--at",
        "2021-06-01",
    ]);
    let web = web(&scratch, false);
    let s = session(&web).await;
    let key = log_json(&scratch.plan_dir(), &[])[0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let amend = |to: &str| {
        form(&[
            ("csrf", &s.token),
            ("key", &key),
            ("author", "山田"),
            ("move_to", to),
        ])
    };
    // An ID that names nothing: said on the page, nothing written.
    let before = scratch.notes_text(2);
    let answer = post(&web, "/notes/amend", &s.cookie, amend("2.tmg.ン")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(scratch.notes_text(2), before);
    let answer = post(&web, "/notes/amend", &s.cookie, amend("2.tcci.カ")).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert!(
        answer.location().starts_with("/measures/2.tcci."),
        "{}",
        answer.location()
    );
    let log = log_json(&scratch.plan_dir(), &[]);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["id"], "2.tcci.カ");
    assert_eq!(log[0]["text"], "見学会を開催");
    assert_eq!(log[0]["status"], "active");
    // The old measure has nothing in force any more.
    assert_eq!(
        common::show_json(&scratch.plan_dir(), "2.tmg.イ")["status"],
        "planned"
    );
}

/// Issue 19: Japanese pages mixed `（）` and `()` (the party names, the
/// error line). They use full-width parentheses throughout.
#[tokio::test]
async fn japanese_pages_use_full_width_parentheses() {
    let scratch = copy_plan();
    scratch.note(&[MEASURE, "記録", "--at", "2021-06-15"]);
    let web = web(&scratch, false);
    let mut faults = Vec::new();
    for path in [
        "/?lang=ja",
        "/measures?lang=ja",
        "/measures?party=nobody&lang=ja",
        "/log?lang=ja",
        "/log?since=nonsense&lang=ja",
        &format!("{MEASURE_PAGE}?lang=ja"),
    ] {
        let page = get(&web, path).await;
        for line in common::half_width_parens_around_japanese(&page.body) {
            faults.push(format!("{path}: {}", line.trim()));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// A CSRF token issued `hours` ago (the shape the server issues).
fn token_from(hours_ago: u64) -> String {
    let issued = plan::web::csrf::now() - hours_ago * 3600;
    format!("{issued}.{}", "5a".repeat(32))
}

/// The whole `Set-Cookie` line of a cookie the answer sets.
fn set_cookie_line(answer: &Answer, name: &str) -> Option<String> {
    answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

#[tokio::test]
async fn the_csrf_cookie_lasts_a_browser_session_and_rotates() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let first = get(&web, MEASURE_PAGE).await;
    let line = set_cookie_line(&first, "plan_csrf").expect("a CSRF cookie");
    // Gone when the browser closes: no Max-Age, no Expires.
    assert!(
        !line.contains("Max-Age") && !line.contains("Expires"),
        "{line}"
    );
    assert!(
        line.contains("HttpOnly") && line.contains("SameSite=Strict"),
        "{line}"
    );
    assert!(!line.contains("Secure"), "plain HTTP: {line}");

    // A token a few hours old still records, and the answer sets a new one.
    let stale = token_from(5);
    let cookie = format!("plan_csrf={stale}");
    let answer = post(
        &web,
        RECORD,
        &cookie,
        form(&[
            ("csrf", &stale),
            ("text", "古い鍵でも記録"),
            ("author", "山田"),
        ]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let rotated = answer.cookie("plan_csrf").expect("a new token");
    assert_ne!(rotated, cookie);
    assert_eq!(notes_of_section_2(&scratch).len(), 1);

    // A page visited with it gets a new token in its cookie and its forms.
    let page = get_with(&web, MEASURE_PAGE, &[("cookie", &cookie)]).await;
    let fresh = page.cookie("plan_csrf").expect("rotated on a page");
    assert_eq!(fresh, format!("plan_csrf={}", token_in(&page.body)));
    // A fresh token is kept as it is.
    let kept = get_with(&web, MEASURE_PAGE, &[("cookie", &fresh)]).await;
    assert_eq!(kept.cookie("plan_csrf"), None);

    // A token older than a working day is refused; nothing is written.
    let expired = token_from(13);
    let answer = post(
        &web,
        RECORD,
        &format!("plan_csrf={expired}"),
        form(&[("csrf", &expired), ("text", "期限切れ"), ("author", "山田")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert_eq!(notes_of_section_2(&scratch).len(), 1);
    // The token of the old shape (no time in it) is not honoured either.
    let old_shape = "5a".repeat(32);
    let answer = post(
        &web,
        RECORD,
        &format!("plan_csrf={old_shape}"),
        form(&[("csrf", &old_shape), ("text", "旧形式"), ("author", "山田")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(notes_of_section_2(&scratch).len(), 1);
}

#[tokio::test]
async fn under_tls_the_csrf_cookie_is_secure_and_host_only() {
    let scratch = copy_plan();
    let web = web_over(&scratch, false, Some(Lang::En), true);
    let page = get(&web, MEASURE_PAGE).await;
    let line = set_cookie_line(&page, "__Host-plan_csrf").expect("a __Host- cookie");
    assert!(line.contains("Secure") && line.contains("Path=/"), "{line}");
    assert!(!line.contains("Domain"), "{line}");
    assert_eq!(page.cookie("plan_csrf"), None);
    let token = token_in(&page.body);
    // The plain name (which a plain-HTTP page could have set) is ignored.
    let answer = post(
        &web,
        RECORD,
        &format!("plan_csrf={token}"),
        form(&[("csrf", &token), ("text", "x"), ("author", "山田")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let answer = post(
        &web,
        RECORD,
        &format!("__Host-plan_csrf={token}"),
        form(&[("csrf", &token), ("text", "安全な経路"), ("author", "山田")]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let author = set_cookie_line(&answer, "plan_author").expect("the author cookie");
    assert!(author.contains("Secure"), "{author}");
}

#[tokio::test]
async fn links_that_hide_where_they_lead_are_refused_and_stored_ones_shown_inert() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let s = session(&web).await;
    for (link, reason) in [
        ("http://a@evil.com", "user name before its host"),
        (
            "https://www.metro.tokyo.lg.jp@evil.example/press",
            "user name before its host",
        ),
        ("https://example.org/\u{202E}fdp.exe", "U+202E"),
    ] {
        let answer = post_note(
            &web,
            &s,
            &[("text", "x"), ("author", "山田"), ("links", link)],
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{link}");
        assert!(answer.body.contains(reason), "{link}: {}", answer.body);
        // The command line refuses it too.
        scratch
            .plan_as_author()
            .args(["note", MEASURE, "x", "--link", link])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(reason));
    }
    assert!(!scratch.notes_file(2).exists(), "nothing written");

    // A note stored before these were refused is still read; its links
    // are shown as text with a warning, never as links.
    scratch.note(&[
        MEASURE,
        "古いリンクの記録",
        "--at",
        "2021-06-15",
        "--link",
        "https://example.org/one",
        "--link",
        "https://example.org/two",
    ]);
    let text = scratch
        .notes_text(2)
        .replace("https://example.org/one", "http://a@evil.com")
        .replace(
            "https://example.org/two",
            "https://example.org/\u{202E}fdp.exe",
        );
    std::fs::write(scratch.notes_file(2), text).unwrap();
    let page = get(&web, MEASURE_PAGE).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("古いリンクの記録"), "{}", page.body);
    assert!(
        !page.body.contains("href=\"http://a@evil.com"),
        "{}",
        page.body
    );
    assert!(!page.body.contains('\u{202E}'), "shown escaped, never raw");
    assert_eq!(page.body.matches("class=\"link-warning\"").count(), 2);
    assert!(page.body.contains("user name before its host"));
    let log = log_json(&scratch.plan_dir(), &[]);
    assert_eq!(log.len(), 1, "the note still counts: {log:?}");
}

/// Issue 20: the measure page shows the measure through the fiscal years,
/// as `plan history` does, once the plan records the year before.
#[tokio::test]
async fn a_measure_page_shows_the_years_it_continues() {
    let scratch = copy_plan();
    scratch.note(&[
        MEASURE,
        "導入支援を開始",
        "--status",
        "active",
        "--at",
        "2021-06-02",
    ]);
    // Without a previous year, no such section.
    let before = get(&web(&scratch, false), MEASURE_PAGE).await;
    assert!(!before.body.contains("Across the years"), "{}", before.body);
    scratch
        .plan_as_author()
        .arg("rollover")
        .arg(common::repo_root().join("tests/fixtures/implementation-plan-fy2022.txt"))
        .assert()
        .success();
    // FY2022 inserted 2.tmg.イ: FY2021's イ is now ウ.
    let page = get(&web(&scratch, false), "/measures/2.tmg.%E3%82%A6").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let years = page
        .body
        .split("<section class=\"years\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no years section: {}", page.body));
    let rows: Vec<&str> = years.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 2, "{years}");
    assert!(
        rows[0].contains("2021") && rows[0].contains("2.tmg.イ"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].contains("active") && rows[0].contains(">1<"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("2022") && rows[1].contains("2.tmg.ウ"),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains("renumbered"), "{}", rows[1]);
}

/// A request body that sends its first bytes, then nothing more, ever.
struct Trickle(Option<axum::body::Bytes>);

impl http_body::Body for Trickle {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        match self.0.take() {
            Some(bytes) => std::task::Poll::Ready(Some(Ok(http_body::Frame::data(bytes)))),
            None => std::task::Poll::Pending,
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_body_that_never_ends_is_cut_off_at_its_deadline() {
    let scratch = copy_plan();
    let web = web(&scratch, false);
    let s = session(&web).await;
    let start = tokio::time::Instant::now();
    let first = format!("csrf={}&once={}&author=x&text=", s.token, "7".repeat(64));
    let request = Request::post(RECORD)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, "4000")
        .header(header::COOKIE, &s.cookie)
        .body(Body::new(Trickle(Some(first.into()))))
        .expect("a request");
    // Before, the handler waited for the rest forever (here: the minute of
    // paused time runs out).
    let answer = tokio::time::timeout(std::time::Duration::from_secs(60), send(&web, request))
        .await
        .expect("an answer before a minute has passed");
    let waited = start.elapsed();
    assert!(answer.status.is_client_error(), "{}", answer.status);
    assert!(
        waited >= plan::web::app::BODY_TIMEOUT,
        "cut off after {waited:?}, not at the deadline"
    );
    assert!(!scratch.notes_file(2).exists(), "nothing written");
}
