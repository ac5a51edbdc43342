//! The real `plan serve` binary over a real TCP socket: it prints where it
//! listens, serves pages and records a note from a form, refuses a foreign
//! Host, warns when bound beyond loopback, and stops cleanly on SIGTERM.

mod common;
mod web_support;

use common::{copy_plan, note_lines};
use web_support::{Server, once_in, token_in};

/// A client that returns 4xx/5xx answers instead of failing on them and
/// keeps no cookies of its own (each request says what it sends).
fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

#[test]
fn the_binary_serves_pages_records_a_note_and_stops_on_sigterm() {
    let scratch = copy_plan();
    let server = Server::start(&scratch.plan_dir(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let agent = client();

    let mut home = agent.get(&server.url).call().expect("the dashboard");
    assert_eq!(home.status(), 200);
    let csp = home.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(
        home.body_mut()
            .read_to_string()
            .unwrap()
            .contains("テレワークの推進")
    );

    let page_url = format!("{}measures/2.tmg.%E3%82%A4", server.url);
    let mut page = agent.get(&page_url).call().expect("a measure page");
    assert_eq!(page.status(), 200);
    let cookie = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = page.body_mut().read_to_string().unwrap();
    let token = token_in(&html);
    let once = once_in(&html);

    let origin = server.url.trim_end_matches('/').to_string();
    let answer = agent
        .post(format!("{page_url}/notes"))
        .header("Cookie", &cookie)
        .header("Origin", &origin)
        .send_form([
            ("csrf", token.as_str()),
            ("once", once.as_str()),
            ("text", "実ソケット経由の記録"),
            ("status", "active"),
            ("author", "鈴木"),
        ])
        .expect("the form is answered");
    assert_eq!(answer.status(), 303);
    let lines = note_lines(&scratch.notes_text(2))
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("実ソケット経由の記録") && lines[0].contains("鈴木"));

    // A name the server was not started with is refused (DNS rebinding).
    let port = server.url.rsplit(':').next().unwrap().trim_end_matches('/');
    let foreign = agent
        .get(&server.url)
        .header("Host", format!("rebind.example:{port}"))
        .call()
        .expect("an answer");
    assert_eq!(foreign.status(), 421);

    let (clean, stderr) = server.stop();
    assert!(clean, "SIGTERM ends the server with status 0:\n{stderr}");
    assert!(
        stderr.contains("POST /measures/2.tmg.%E3%82%A4/notes 303"),
        "{stderr}"
    );
    assert!(stderr.contains("stopped"), "{stderr}");
}

#[test]
fn binding_beyond_loopback_says_who_can_reach_it() {
    let scratch = copy_plan();
    let server = Server::start(&scratch.plan_dir(), &["--host", "0.0.0.0", "--read-only"]);
    assert!(server.url.starts_with("http://0.0.0.0:"), "{}", server.url);
    let (clean, stderr) = server.stop();
    assert!(clean);
    assert!(
        stderr.contains("warning: listening on 0.0.0.0") && stderr.contains("anyone who can reach"),
        "{stderr}"
    );
}

#[test]
fn the_access_log_names_the_peer_and_the_signed_in_user() {
    let scratch = copy_plan();
    let proxy = [
        "--auth-header",
        "Remote-User",
        "--trusted-proxy",
        "127.0.0.1",
        "--default-role",
        "viewer",
    ];
    let server = Server::start(&scratch.plan_dir(), &proxy);
    let agent = client();
    let page = |user: Option<&str>| {
        let request = agent.get(format!("{}sections/2", server.url));
        let request = match user {
            Some(name) => request.header("Remote-User", name),
            None => request,
        };
        request.call().expect("an answer").status().as_u16()
    };
    assert_eq!(page(Some("suzuki")), 200);
    assert_eq!(page(Some("yamada taro")), 200);
    // Nobody signed in: sent to the login page.
    assert_eq!(page(None), 303);
    let (clean, stderr) = server.stop();
    assert!(clean, "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(" /sections/2 "))
        .collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].starts_with("127.0.0.1 suzuki GET /sections/2 200 "),
        "{stderr}"
    );
    // A blank in a name would split the line into one field more.
    assert!(
        lines[1].starts_with("127.0.0.1 yamada\\u{20}taro GET /sections/2 200 "),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with("127.0.0.1 - GET /sections/2 303 "),
        "{stderr}"
    );
    for line in lines {
        assert_eq!(line.split(' ').count(), 6, "{line}");
    }
}

#[test]
fn a_plan_that_cannot_be_found_is_an_error_before_anything_listens() {
    let empty = tempfile::tempdir().unwrap();
    common::plan(empty.path())
        .args(["serve", "--port", "0"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn a_bug_in_one_page_is_a_500_and_the_server_goes_on() {
    // PLAN_TEST_PANIC=request adds two pages that panic: one in the async
    // handler, one on the blocking thread a page is built on.
    let scratch = copy_plan();
    let server =
        Server::start_with_env(&scratch.plan_dir(), &[], &[("PLAN_TEST_PANIC", "request")]);
    let agent = client();
    for path in ["test-panic", "test-panic/page", "test-panic"] {
        let answer = agent
            .get(format!("{}{path}", server.url))
            .call()
            .unwrap_or_else(|e| panic!("/{path}: the server must answer, not drop: {e}"));
        assert_eq!(answer.status(), 500, "/{path}");
        // And it still serves the next request.
        let home = agent.get(&server.url).call().expect("the dashboard");
        assert_eq!(home.status(), 200, "after /{path}");
    }
    let (clean, stderr) = server.stop();
    assert!(clean, "the server stopped cleanly after the bugs: {stderr}");
    assert_eq!(
        stderr.matches("plan serve: internal error").count(),
        3,
        "each bug is logged once: {stderr}"
    );
    assert!(stderr.contains("the server goes on"), "{stderr}");
    assert!(!stderr.contains("nothing was written"), "{stderr}");
}
