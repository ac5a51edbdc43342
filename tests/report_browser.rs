//! The HTML report in a real browser: Debian's headless Chromium takes a
//! screenshot, prints it to PDF and dumps its DOM, and each is checked for
//! what a manager would see — on the hand-made sample report, and on what
//! `plan report --format html` writes for a scratch plan with notes.
//! Skipped (with a notice) where Chromium is not installed, except under
//! CI, which installs it (`.ci/run`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use plan::i18n::Lang;
use plan::report::{NotesMode, Report, html};

mod common;
#[path = "report/sample.rs"]
mod sample;

use sample::{FOUR_ITEMS_TEXT, SCRIPT};

/// Chromium's path, or `None` (with a notice) when it is not installed and
/// this is not CI.
fn chromium() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|p| p.is_file())
    });
    let found = Some(PathBuf::from("/usr/bin/chromium"))
        .filter(|p| p.is_file())
        .or(on_path);
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "Chromium is not installed, and CI must run the browser test: .ci/run installs chromium"
        );
        common::skipped("Chromium is not installed (apt-get install chromium; .ci/run does)");
    }
    found
}

/// Writes the report's HTML into a fresh temp dir and runs Chromium on it
/// (see [`open`]); `None` where the test is skipped.
fn run(report: &Report, args: &[&str]) -> Option<(tempfile::TempDir, Vec<u8>)> {
    let browser = chromium()?;
    let dir = tempfile::tempdir().expect("a temp dir");
    let page = dir.path().join("report.html");
    std::fs::write(&page, html::render(report)).expect("the page written");
    let out = open(&browser, dir.path(), &page, args);
    Some((dir, out))
}

/// Runs Chromium on `page` with `args` (`{dir}` standing for `dir`), a
/// fresh profile in `dir`, and no network; returns what it printed.
fn open(browser: &Path, dir: &Path, page: &Path, args: &[&str]) -> Vec<u8> {
    let profile = dir.join("profile");
    let mut command = Command::new(browser);
    command
        .args(common::CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(
            args.iter()
                .map(|a| a.replace("{dir}", &dir.display().to_string())),
        )
        .arg(format!("file://{}", page.display()))
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("Chromium starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    // Drain both pipes while Chromium runs (the DOM can outgrow a pipe).
    let out = thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stdout.read_to_end(&mut b);
        b
    });
    let err = thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    // A guard against a hung browser, not a measure of speed.
    let give_up = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for Chromium") {
            break status;
        }
        if Instant::now() > give_up {
            let _ = child.kill();
            panic!(
                "Chromium did not finish in 5 minutes on {args:?}: a script dialog such as \
                 alert() in the page blocks it"
            );
        }
        thread::sleep(Duration::from_millis(100));
    };
    let stdout = out.join().expect("stdout read");
    let stderr = err.join().expect("stderr read");
    assert!(
        status.success(),
        "Chromium failed ({status}) on {args:?}:\n{}",
        String::from_utf8_lossy(&stderr)
    );
    stdout
}

#[test]
fn the_screenshot_of_the_first_page_is_not_blank() {
    let report = sample::report(Lang::Ja, NotesMode::Latest);
    let args = [
        "--screenshot={dir}/page.png",
        "--window-size=1240,1754",
        "--hide-scrollbars",
    ];
    let Some((dir, _)) = run(&report, &args) else {
        return;
    };
    let png = std::fs::read(dir.path().join("page.png")).expect("a screenshot");
    let (width, height, rgb) = common::png_rgb(&png);
    assert_eq!((width, height), (1240, 1754));
    let share = common::inked_share(&rgb);
    assert!(
        (0.02..0.6).contains(&share),
        "{:.1}% of the page is inked",
        share * 100.0
    );
    // The legend and the bars show the colour of `done` (#1b7a3d).
    let green = common::pixels_near(&rgb, [0x1b, 0x7a, 0x3d], 24);
    assert!(green > 500, "only {green} pixels of the done colour");
}

#[test]
fn the_pdf_is_a4_with_a_page_per_section_in_a_japanese_font() {
    let report = sample::report(Lang::Ja, NotesMode::All);
    let args = ["--print-to-pdf={dir}/report.pdf", "--no-pdf-header-footer"];
    let Some((dir, _)) = run(&report, &args) else {
        return;
    };
    let pdf = std::fs::read(dir.path().join("report.pdf")).expect("a PDF");
    let pages = a4_pages(&pdf);
    assert!(
        pages > report.sections.len(),
        "{pages} pages: the summary and a page per section at least"
    );
}

/// The number of pages of a PDF whose every page is A4 portrait and which
/// uses a font of the report's stack.
fn a4_pages(pdf: &[u8]) -> usize {
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(pdf);
    // `/Type /Page` objects, not the `/Type /Pages` tree.
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(at, m)| !text[at + m.len()..].starts_with('s'))
        .count();
    let boxes: Vec<(f64, f64)> = text
        .split("/MediaBox [")
        .skip(1)
        .filter_map(|b| {
            let n: Vec<f64> = b
                .split(']')
                .next()?
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            Some((n.get(2)? - n.first()?, n.get(3)? - n.get(1)?))
        })
        .collect();
    assert_eq!(boxes.len(), pages);
    for (w, h) in boxes {
        assert!(
            (w - 595.0).abs() < 1.5 && (h - 842.0).abs() < 1.5,
            "{w}×{h} is not A4 portrait"
        );
    }
    assert!(
        [
            "(Noto Sans CJK JP)",
            "(Hiragino Sans)",
            "(Yu Gothic)",
            "(Meiryo)"
        ]
        .iter()
        .any(|family| text.contains(&format!("/FontFamily {family}"))),
        "no font of the report's stack in the PDF (install fonts-noto-cjk; .ci/run does)"
    );
    pages
}

#[test]
fn the_dom_holds_the_measures_and_hostile_text_only_as_text() {
    let report = sample::report(Lang::Ja, NotesMode::All);
    let Some((_dir, dom)) = run(&report, &["--dump-dom"]) else {
        return;
    };
    let dom = String::from_utf8(dom).expect("UTF-8 DOM");
    assert!(dom.contains(FOUR_ITEMS_TEXT), "{dom}");
    assert!(dom.contains("テレワークの機器導入経費補助"));
    // Chromium parsed no element out of the data.
    assert!(!dom.contains("<script"), "a <script> element in the DOM");
    assert!(!dom.contains("<b>"), "a <b> element in the DOM");
    assert!(!dom.contains(SCRIPT));
    assert!(dom.contains("告知文を差し替え &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("&lt;b&gt;鈴木&lt;/b&gt;"));
    assert!(!dom.contains("href=\"javascript"));
    assert_eq!(
        dom.matches(r#"<section class="plan-section""#).count(),
        report.sections.len()
    );
    assert_eq!(
        dom.matches("<svg").count(),
        2 + 5,
        "two charts and five legend swatches"
    );
    assert!(dom.contains(&sample::long_note()));
}

#[test]
fn the_commands_html_shows_charts_and_statuses_and_prints_to_a4_pages() {
    let Some(browser) = chromium() else {
        return;
    };
    let scratch = common::plan_with_report_notes();
    let dir = tempfile::tempdir().expect("a temp dir");
    let page = dir.path().join("r.html");
    common::plan(&scratch.plan_dir())
        .args([
            "--lang",
            "ja",
            "report",
            "--format",
            "html",
            "--as-of",
            "2021-09-30",
        ])
        .arg("--output")
        .arg(&page)
        .assert()
        .success();

    let dom = open(&browser, dir.path(), &page, &["--dump-dom"]);
    let dom = String::from_utf8(dom).expect("UTF-8 DOM");
    assert!(
        dom.contains("<h1>令和3年度 実施計画 進捗報告</h1>"),
        "{dom}"
    );
    assert_eq!(
        dom.matches("<svg").count(),
        2 + 5,
        "two charts and five legend swatches"
    );
    assert!(dom.contains("<figcaption>月別の推移</figcaption>"));
    // The status cell of a measure: the third of its row (after the ID's).
    let status = |id: &str| {
        let row = dom
            .split(&format!(r#"<tr class="measure" id="m-{id}">"#))
            .nth(1)
            .unwrap_or_else(|| panic!("no row for {id}"));
        let cell = row.split("<td>").nth(2).expect("a status cell");
        cell.split("</td>").next().unwrap_or_default().to_string()
    };
    assert!(
        status("2.tmg.ア").contains("st-done"),
        "{}",
        status("2.tmg.ア")
    );
    let four = status("2.tmg.イ");
    assert!(
        four.contains("st-active") && four.contains("小項目4件中2件が実施済"),
        "{four}"
    );
    assert!(
        status("6.tcci.ア").contains("st-planned"),
        "the retracted done is gone"
    );
    assert!(status("1.tcci.ウ").contains("st-dropped"));
    assert!(
        !dom.contains("<script"),
        "no script element, not even from a note"
    );
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let args = ["--print-to-pdf={dir}/r.pdf", "--no-pdf-header-footer"];
    open(&browser, dir.path(), &page, &args);
    let pdf = std::fs::read(dir.path().join("r.pdf")).expect("a PDF");
    let pages = a4_pages(&pdf);
    assert!(
        pages > 6,
        "{pages} pages: the summary, then a page per section at least"
    );
}
