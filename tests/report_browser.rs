//! The HTML report in a real browser: Debian's headless Chromium takes a
//! screenshot, prints it to PDF and dumps its DOM, and each is checked for
//! what a manager would see. Skipped (with a notice) where Chromium is not
//! installed, except under CI, which installs it (`.ci/run`).

use std::io::Read;
use std::path::PathBuf;
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
        eprintln!("skipped: Chromium is not installed (apt-get install chromium; .ci/run does)");
    }
    found
}

/// Writes the report's HTML into a fresh temp dir and runs Chromium on it
/// with `args` (`{dir}` standing for the temp dir), a fresh profile, and no
/// network. Returns the temp dir (which holds anything Chromium wrote) and
/// what it printed; `None` where the test is skipped.
fn run(report: &Report, args: &[&str]) -> Option<(tempfile::TempDir, Vec<u8>)> {
    let browser = chromium()?;
    let dir = tempfile::tempdir().expect("a temp dir");
    let page = dir.path().join("report.html");
    std::fs::write(&page, html::render(report)).expect("the page written");
    let profile = dir.path().join("profile");
    let mut command = Command::new(&browser);
    command
        .args(common::CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(
            args.iter()
                .map(|a| a.replace("{dir}", &dir.path().display().to_string())),
        )
        .arg(format!("file://{}", page.display()))
        .current_dir(dir.path())
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
    Some((dir, stdout))
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
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    // `/Type /Page` objects, not the `/Type /Pages` tree.
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(at, m)| !text[at + m.len()..].starts_with('s'))
        .count();
    assert!(
        pages > report.sections.len(),
        "{pages} pages: the summary and a page per section at least"
    );
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
