//! The web view in a real browser: Debian's headless Chromium, driven
//! through chromedriver (WebDriver, with fantoccini), opens the dashboard,
//! follows links to a measure, records a note with the form, sees it in
//! the history, and takes a screenshot that is not blank. Skipped (with a
//! notice) where Chromium or chromedriver is not installed, except under
//! CI, which installs both (`.ci/run`).

mod common;
mod web_support;

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

use common::{copy_plan, note_lines};
use web_support::Server;

/// A program's path: a Debian path, else the first on PATH.
fn program(debian: &str, name: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    Some(PathBuf::from(debian))
        .filter(|p| p.is_file())
        .or(on_path)
}

/// Chromium and chromedriver, or `None` (with a notice) when either is
/// missing and this is not CI.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = program("/usr/bin/chromium", "chromium");
    let driver = program("/usr/bin/chromedriver", "chromedriver");
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "Chromium and chromedriver are not installed, and CI must run the browser test: .ci/run installs chromium and chromium-driver"
            );
            common::skipped(
                "Chromium or chromedriver is not installed (apt-get install chromium chromium-driver; .ci/run does)",
            );
            None
        }
    }
}

/// chromedriver on a free port of this machine; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(path: &PathBuf) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        // Ready when it accepts connections: at most 100 tries, 100 ms apart.
        let ready = (0..100).any(|_| {
            let up = TcpStream::connect(("127.0.0.1", port)).is_ok();
            if !up {
                std::thread::sleep(Duration::from_millis(100));
            }
            up
        });
        assert!(ready, "chromedriver listens on port {port}");
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_recorded_in_the_browser_shows_in_the_history() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let scratch = copy_plan();
    let server = Server::start(&scratch.plan_dir(), &[]);
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().expect("a profile directory");
    let mut args: Vec<String> = common::CHROMIUM_FLAGS.map(String::from).to_vec();
    args.extend([
        "--window-size=1200,1600".to_string(),
        "--lang=ja".to_string(),
        format!("--user-data-dir={}", profile.path().display()),
    ]);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": args,
            "prefs": { "intl.accept_languages": "ja" },
        }),
    );
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session");

    let result = async {
        client.goto(&server.url).await?;
        let heading = client.find(Locator::Css("h1")).await?.text().await?;
        assert!(
            heading.contains("進捗報告"),
            "the dashboard speaks Japanese: {heading}"
        );
        // Dashboard → section 2 → the measure, by the links a person clicks.
        client
            .find(Locator::Css("nav.sections a[href='/sections/2']"))
            .await?
            .click()
            .await?;
        let title = client.find(Locator::Css("h1")).await?.text().await?;
        assert!(title.contains("テレワークの推進"), "{title}");
        client
            .find(Locator::Css("li.measure[id='m-2.tmg.イ'] p.head a"))
            .await?
            .click()
            .await?;
        assert!(
            client
                .current_url()
                .await?
                .path()
                .starts_with("/measures/2.tmg.")
        );

        client
            .find(Locator::Css("textarea#text"))
            .await?
            .send_keys("ブラウザからの記録 <b>太字ではない</b>")
            .await?;
        client
            .find(Locator::Css("select#status option[value='active']"))
            .await?
            .click()
            .await?;
        let author = client.find(Locator::Css("input#author")).await?;
        assert!(
            !author.prop("value").await?.unwrap_or_default().is_empty(),
            "the author is shown before saving"
        );
        author.clear().await?;
        author.send_keys("高橋").await?;
        client
            .find(Locator::Css("button#save"))
            .await?
            .click()
            .await?;

        let notice = client
            .find(Locator::Css("p.notice.saved"))
            .await?
            .text()
            .await?;
        assert_eq!(notice, "記録しました");
        let history = client
            .find(Locator::Css("ol.history"))
            .await?
            .text()
            .await?;
        assert!(
            history.contains("ブラウザからの記録 <b>太字ではない</b>"),
            "{history}"
        );
        assert!(history.contains("高橋"), "{history}");
        let status = client
            .find(Locator::Css("dl.facts .status"))
            .await?
            .text()
            .await?;
        assert!(status.contains("実施中"), "{status}");
        let png = client.screenshot().await?;
        Ok::<Vec<u8>, fantoccini::error::CmdError>(png)
    }
    .await;
    let _ = client.close().await;
    let png = result.expect("the browser session");

    let lines = note_lines(&scratch.notes_text(2))
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    assert_eq!(lines.len(), 1, "one note written: {lines:?}");
    assert!(lines[0].contains("高橋") && lines[0].contains("status = \"active\""));

    let (_, _, rgb) = common::png_rgb(&png);
    let share = common::inked_share(&rgb);
    assert!(
        (0.01..0.7).contains(&share),
        "{:.1}% of the screenshot is inked",
        share * 100.0
    );
    // The notice of a saved note is edged in green (#1b7a3d).
    let green = common::pixels_near(&rgb, [0x1b, 0x7a, 0x3d], 30);
    assert!(
        green > 100,
        "only {green} pixels of the saved notice's green"
    );
    drop(driver);
    let (clean, _) = server.stop();
    assert!(clean);
}

/// A WebDriver session of headless Chromium in `lang`, `width` pixels wide.
async fn session(
    chromium: &std::path::Path,
    driver: &Driver,
    profile: &std::path::Path,
    lang: &str,
    width: u32,
) -> fantoccini::Client {
    let mut args: Vec<String> = common::CHROMIUM_FLAGS.map(String::from).to_vec();
    args.extend([
        format!("--window-size={width},1400"),
        format!("--lang={lang}"),
        format!("--user-data-dir={}", profile.display()),
    ]);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": args,
            "prefs": { "intl.accept_languages": lang },
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session")
}

/// The cells of these classes whose text runs over more than one line.
const BROKEN_CELLS: &str = r#"
const broken = [];
for (const td of document.querySelectorAll(arguments[0])) {
  const range = document.createRange();
  range.selectNodeContents(td);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  if (tops.size > 1) broken.push(td.textContent.trim());
}
return broken;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_1280_pixels_ids_parties_and_dates_are_never_broken_in_two() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let scratch = copy_plan();
    scratch.note(&[
        "1.tcci.エ",
        "記録",
        "--at",
        "2021-11-30T10:00",
        "--status",
        "active",
    ]);
    scratch.note(&["6.tcci.エ", "日付だけ", "--at", "2021-11-30"]);
    let server = Server::start(&scratch.plan_dir(), &[]);
    let driver = Driver::start(&chromedriver);
    for lang in ["en", "ja"] {
        let profile = tempfile::tempdir().expect("a profile directory");
        let client = session(&chromium, &driver, profile.path(), lang, 1280).await;
        let result = async {
            let mut found = Vec::new();
            for (page, cells) in [
                (
                    "/measures",
                    "table.measures td.id, table.measures td.party, table.measures td.when, table.measures th",
                ),
                ("/", "table.measures td.id, table.measures td.party, table.measures td.when"),
                ("/log", "table.notes td.when, table.notes td.id, table.notes td.party"),
            ] {
                client.goto(&format!("{}{}", server.url.trim_end_matches('/'), page)).await?;
                let broken = client
                    .execute(BROKEN_CELLS, vec![serde_json::json!(cells)])
                    .await?;
                found.push((page, broken));
            }
            Ok::<_, fantoccini::error::CmdError>(found)
        }
        .await;
        let _ = client.close().await;
        for (page, broken) in result.expect("the browser session") {
            assert_eq!(
                broken,
                serde_json::json!([]),
                "{lang} {page}: cells broken in two"
            );
        }
    }
    drop(driver);
    let (clean, _) = server.stop();
    assert!(clean);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_officer_records_a_note_under_their_name_and_logs_out() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let scratch = copy_plan();
    let private = tempfile::tempdir().expect("a private directory");
    let accounts = private.path().join("accounts.toml");
    common::plan(&scratch.plan_dir())
        .args([
            "user",
            "add",
            "takahashi",
            "--display",
            "高橋",
            "--party",
            "tcci",
            "--role",
            "editor",
            "--password-stdin",
            "--accounts",
        ])
        .arg(&accounts)
        .write_stdin("correct horse battery\n")
        .assert()
        .success();
    let server = Server::start(
        &scratch.plan_dir(),
        &["--accounts", accounts.to_str().expect("a UTF-8 path")],
    );
    let driver = Driver::start(&chromedriver);
    let base = server.url.trim_end_matches('/').to_string();

    // The login page in English.
    let profile = tempfile::tempdir().expect("a profile directory");
    let client = session(&chromium, &driver, profile.path(), "en", 1200).await;
    let english = async {
        client.goto(&format!("{base}/login")).await?;
        client.find(Locator::Css("h1")).await?.text().await
    }
    .await;
    let _ = client.close().await;
    assert_eq!(english.expect("the browser session"), "Log in");

    // In Japanese: sent to the login page, back to the measure after it.
    let profile = tempfile::tempdir().expect("a profile directory");
    let client = session(&chromium, &driver, profile.path(), "ja", 1200).await;
    let result = async {
        client
            .goto(&format!("{base}/measures/2.tcci.%E3%82%A2"))
            .await?;
        assert_eq!(client.current_url().await?.path(), "/login");
        let heading = client.find(Locator::Css("h1")).await?.text().await?;
        assert_eq!(heading, "ログイン");
        client
            .find(Locator::Css("input#name"))
            .await?
            .send_keys("takahashi")
            .await?;
        client
            .find(Locator::Css("input#password"))
            .await?
            .send_keys("correct horse battery")
            .await?;
        client
            .find(Locator::Css("button#log-in"))
            .await?
            .click()
            .await?;
        // The page after signing in (the click returns before it loads).
        client
            .wait()
            .at_most(std::time::Duration::from_secs(15))
            .for_element(Locator::Css("#user-name"))
            .await?;
        assert!(
            client
                .current_url()
                .await?
                .path()
                .starts_with("/measures/2.tcci.")
        );
        let user = client
            .find(Locator::Css("#user-name"))
            .await?
            .text()
            .await?;
        assert_eq!(user, "高橋");
        assert!(
            client.find(Locator::Css("input#author")).await.is_err(),
            "no free-text author when signed in"
        );
        client
            .find(Locator::Css("textarea#text"))
            .await?
            .send_keys("ログインして記録")
            .await?;
        client
            .find(Locator::Css("button#save"))
            .await?
            .click()
            .await?;
        // The page after saving: the click returns before it loads.
        let history = client
            .wait()
            .at_most(std::time::Duration::from_secs(15))
            .for_element(Locator::XPath(
                "//ol[contains(@class, 'history')][contains(., 'ログインして記録')]",
            ))
            .await?
            .text()
            .await?;
        assert!(history.contains("高橋"), "{history}");
        client
            .find(Locator::Css("button#log-out"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .at_most(std::time::Duration::from_secs(15))
            .for_element(Locator::Css("#login-notice"))
            .await?;
        assert_eq!(client.current_url().await?.path(), "/login");
        let notice = client
            .find(Locator::Css("#login-notice"))
            .await?
            .text()
            .await?;
        assert_eq!(notice, "ログアウトしました。");
        // Logged out: the measure page sends to the login page again.
        client
            .goto(&format!("{base}/measures/2.tcci.%E3%82%A2"))
            .await?;
        assert_eq!(client.current_url().await?.path(), "/login");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
    result.expect("the browser session");
    let notes = scratch.notes_text(2);
    let line = note_lines(&notes)
        .into_iter()
        .find(|l| l.contains("ログインして記録"))
        .expect("the note is written")
        .to_string();
    assert!(line.contains("author = \"高橋\""), "{line}");
    drop(driver);
    let (clean, _) = server.stop();
    assert!(clean);
}
