//! `plan user` and how `plan serve` starts with accounts, through the real
//! binary: the accounts file (Argon2id hashes, mode 0600, refused inside
//! the plan repository), the refusals to serve beyond loopback without
//! sign-in or password login in clear text, and HTTPS with a certificate
//! made here (plain HTTP to that port refused).

mod common;
mod web_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::{copy_plan, plan};
use web_support::{Server, token_in};

const PASSWORD: &str = "correct horse battery";

fn add_user(plan_dir: &Path, accounts: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    plan(plan_dir)
        .args(["user", "add"])
        .args(args)
        .arg("--accounts")
        .arg(accounts)
        .arg("--password-stdin")
        .write_stdin(format!("{PASSWORD}\n"))
        .assert()
}

#[test]
fn plan_user_keeps_hashed_accounts_in_a_private_file() {
    let scratch = copy_plan();
    let private = tempfile::tempdir().unwrap();
    let file = private.path().join("conf").join("accounts.toml");
    add_user(
        &scratch.plan_dir(),
        &file,
        &[
            "takahashi",
            "--display",
            "高橋",
            "--party",
            "tcci",
            "--role",
            "editor",
        ],
    )
    .success();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("$argon2id$"), "{text}");
    assert!(!text.contains(PASSWORD), "never the password itself");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");

    // A second add of the same name is refused; an unknown party too.
    add_user(
        &scratch.plan_dir(),
        &file,
        &["takahashi", "--display", "別人", "--role", "admin"],
    )
    .code(2);
    add_user(
        &scratch.plan_dir(),
        &file,
        &[
            "kato",
            "--display",
            "加藤",
            "--party",
            "nasa",
            "--role",
            "editor",
        ],
    )
    .code(2);
    // Two users never share a display name (notes are attributed by it).
    add_user(
        &scratch.plan_dir(),
        &file,
        &[
            "takahashi2",
            "--display",
            "高橋",
            "--party",
            "tcci",
            "--role",
            "editor",
        ],
    )
    .code(2);
    // An editor without a party is refused (nothing to write on).
    add_user(
        &scratch.plan_dir(),
        &file,
        &["ito", "--display", "伊藤", "--role", "editor"],
    )
    .code(2);

    let list = plan(&scratch.plan_dir())
        .args(["user", "list", "--accounts"])
        .arg(&file)
        .output()
        .unwrap();
    let out = String::from_utf8(list.stdout).unwrap();
    assert!(out.contains("takahashi\t高橋\teditor\ttcci"), "{out}");
    assert!(!out.contains("argon2"), "{out}");

    // passwd changes the hash; remove removes the user.
    let before = std::fs::read_to_string(&file).unwrap();
    plan(&scratch.plan_dir())
        .args([
            "user",
            "passwd",
            "takahashi",
            "--password-stdin",
            "--accounts",
        ])
        .arg(&file)
        .write_stdin("another good password\n")
        .assert()
        .success();
    assert_ne!(before, std::fs::read_to_string(&file).unwrap());
    plan(&scratch.plan_dir())
        .args([
            "user",
            "passwd",
            "takahashi",
            "--password-stdin",
            "--accounts",
        ])
        .arg(&file)
        .write_stdin("short\n")
        .assert()
        .code(2);
    plan(&scratch.plan_dir())
        .args(["user", "remove", "takahashi", "--accounts"])
        .arg(&file)
        .assert()
        .success();
    plan(&scratch.plan_dir())
        .args(["user", "remove", "takahashi", "--accounts"])
        .arg(&file)
        .assert()
        .code(2);
}

#[test]
fn an_accounts_file_inside_the_plan_repository_is_refused() {
    let scratch = copy_plan();
    let inside = scratch.root.path().join("accounts.toml");
    let out = add_user(
        &scratch.plan_dir(),
        &inside,
        &[
            "takahashi",
            "--display",
            "高橋",
            "--party",
            "tcci",
            "--role",
            "editor",
        ],
    )
    .code(2)
    .get_output()
    .clone();
    assert!(!inside.exists(), "nothing written");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("inside the plan repository"), "{stderr}");
    // PLAN_ACCOUNTS is checked the same way.
    plan(&scratch.plan_dir())
        .args(["user", "list"])
        .env("PLAN_ACCOUNTS", &inside)
        .assert()
        .code(2);
}

#[test]
fn serve_refuses_other_machines_without_sign_in_or_passwords_in_clear_text() {
    let scratch = copy_plan();
    let out = plan(&scratch.plan_dir())
        .args(["serve", "--port", "0", "--host", "0.0.0.0"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("without sign-in"));

    let private = tempfile::tempdir().unwrap();
    let file = private.path().join("accounts.toml");
    add_user(
        &scratch.plan_dir(),
        &file,
        &[
            "sato",
            "--display",
            "佐藤",
            "--party",
            "tmg",
            "--role",
            "editor",
        ],
    )
    .success();
    let out = plan(&scratch.plan_dir())
        .args(["serve", "--port", "0", "--host", "0.0.0.0", "--accounts"])
        .arg(&file)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("plain HTTP"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The proxy header without the proxy's address is refused too.
    plan(&scratch.plan_dir())
        .args(["serve", "--port", "0", "--auth-header", "Remote-User"])
        .assert()
        .code(2);
}

/// A self-signed certificate for localhost and 127.0.0.1, as PEM files.
fn certificate(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, Vec<u8>) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .expect("a certificate");
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (cert, key, made.cert.der().to_vec())
}

/// One HTTPS request (HTTP/1.1, closed after) that trusts only `der`.
fn https(port: u16, der: &[u8], request: &str) -> String {
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls_pki_types::CertificateDer::from(der.to_vec()))
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut sock = TcpStream::connect(("127.0.0.1", port)).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut tls = rustls::Stream::new(&mut conn, &mut sock);
    tls.write_all(request.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = tls.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn set_cookies(response: &str) -> Vec<String> {
    response
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn tls_serves_https_with_secure_host_cookies_and_refuses_plain_http() {
    let scratch = copy_plan();
    let private = tempfile::tempdir().unwrap();
    let (cert, key, der) = certificate(private.path());
    let file = private.path().join("accounts.toml");
    add_user(
        &scratch.plan_dir(),
        &file,
        &[
            "sato",
            "--display",
            "佐藤",
            "--party",
            "tmg",
            "--role",
            "editor",
        ],
    )
    .success();
    let server = Server::start(
        &scratch.plan_dir(),
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
            "--accounts",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );
    let port: u16 = server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let host = format!("127.0.0.1:{port}");

    let page = https(
        port,
        &der,
        &format!("GET /login HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    );
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    // Under TLS the CSRF cookie is host-only and Secure too.
    let csrf = set_cookies(&page)
        .into_iter()
        .find(|c| c.starts_with("__Host-plan_csrf="))
        .expect("a __Host- CSRF cookie");
    assert!(csrf.contains("Secure"), "{csrf}");
    let csrf_pair = csrf.split(';').next().unwrap().to_string();
    let token = token_in(&page);
    let body = format!(
        "csrf={token}&name=sato&password={}&next=%2F",
        PASSWORD.replace(' ', "+")
    );
    let login = https(
        port,
        &der,
        &format!(
            "POST /login HTTP/1.1\r\nHost: {host}\r\nOrigin: https://{host}\r\nCookie: {csrf_pair}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(login.starts_with("HTTP/1.1 303"), "{login}");
    let session = set_cookies(&login)
        .into_iter()
        .find(|c| c.starts_with("__Host-plan_session="))
        .unwrap_or_else(|| panic!("a __Host- session cookie: {login}"));
    assert!(
        session.contains("Secure")
            && session.contains("HttpOnly")
            && session.contains("SameSite=Strict"),
        "{session}"
    );

    // Plain HTTP to the TLS port gets no HTTP answer: the handshake refuses it.
    let mut plain = TcpStream::connect(("127.0.0.1", port)).unwrap();
    plain
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    plain
        .write_all(format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .unwrap();
    let mut got = Vec::new();
    let _ = plain.read_to_end(&mut got);
    assert!(
        !got.starts_with(b"HTTP/"),
        "{}",
        String::from_utf8_lossy(&got)
    );

    let (clean, stderr) = server.stop();
    assert!(clean, "{stderr}");
}
