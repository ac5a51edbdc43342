//! Helpers shared by the integration tests: scratch copies of the shipped
//! plan, a `plan` command with a fixed environment, and JSON parsing.
//!
//! Every test file uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub mod workbook;

/// A user config file that does not exist, so the developer's own
/// `~/.config/plan/config.toml` never changes what a test sees.
pub const NO_USER_CONFIG: &str = "/nonexistent/plan-test/config.toml";

/// The author recorded on notes when a test does not name one.
pub const AUTHOR: &str = "テスト";

/// Environment variables that change what `plan` does; every command starts
/// without them so the tests do not depend on the developer's shell.
const CLEARED_ENV: [&str; 16] = [
    "PLAN_ACCOUNTS",
    "COLUMNS",
    "LINES",
    "LC_ALL",
    "LC_MESSAGES",
    "PLAN_LANG",
    "PLAN_PARTY",
    "PLAN_AUTHOR",
    "PLAN_EMAIL",
    "PLAN_COMMIT",
    "PLAN_DIR",
    "PLAN_DATE_STYLE",
    "PLAN_PAGER",
    "PAGER",
    "CLICOLOR_FORCE",
    "TERM",
];

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped plan directory. Tests only read it; tests that write use [`copy_plan`].
pub fn shipped_plan() -> PathBuf {
    repo_root().join("plan")
}

/// The text of the source document the plan was transcribed from.
pub fn source_document() -> String {
    fs::read_to_string(repo_root().join("docs/source-fy2021.txt"))
        .expect("docs/source-fy2021.txt is readable")
}

/// `s` without any whitespace (the PDF text breaks lines anywhere).
pub fn no_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Copies a directory tree (hidden files such as `.gitattributes` included).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A scratch copy of the shipped plan, laid out like the repository:
/// `<tempdir>/plan/plan.toml`, `<tempdir>/plan/02-telework.toml`, …
pub struct Scratch {
    pub root: TempDir,
}

impl Scratch {
    /// The copied plan directory (the one holding plan.toml).
    pub fn plan_dir(&self) -> PathBuf {
        self.root.path().join("plan")
    }

    pub fn notes_dir(&self) -> PathBuf {
        self.plan_dir().join("notes")
    }

    /// `plan/notes/NN.toml` for a section.
    pub fn notes_file(&self, section: u32) -> PathBuf {
        self.notes_dir().join(format!("{section:02}.toml"))
    }

    /// The notes file of a section as text ("" when it does not exist yet).
    pub fn notes_text(&self, section: u32) -> String {
        fs::read_to_string(self.notes_file(section)).unwrap_or_default()
    }

    /// `plan --plan <copy>` with the test environment.
    pub fn plan(&self) -> Command {
        plan(&self.plan_dir())
    }

    /// `plan --plan <copy>` with `PLAN_AUTHOR=テスト`.
    pub fn plan_as_author(&self) -> Command {
        plan_as_author(&self.plan_dir())
    }

    /// Records a note (`plan note ARGS…` as テスト) and asserts it succeeded.
    pub fn note(&self, args: &[&str]) {
        self.plan_as_author()
            .arg("note")
            .args(args)
            .assert()
            .success();
    }
}

/// Adds lines to the `[settings]` table of a plan's plan.toml.
pub fn add_settings(plan_dir: &Path, lines: &str) {
    let path = plan_dir.join("plan.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\n[settings]\n"),
        "plan.toml has a [settings] table"
    );
    fs::write(
        &path,
        text.replacen("\n[settings]\n", &format!("\n[settings]\n{lines}"), 1),
    )
    .unwrap();
}

/// Copies the shipped plan into a fresh temporary directory.
pub fn copy_plan() -> Scratch {
    let root = tempfile::tempdir().expect("a temporary directory");
    copy_dir(&shipped_plan(), &root.path().join("plan"));
    Scratch { root }
}

/// The `plan` binary under test.
pub fn plan_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("plan")
}

/// `plan --plan DIR` with a fixed environment: no colour (`NO_COLOR=1`), no
/// terminal width (`COLUMNS` removed), the neutral `C` locale, Tokyo time, and
/// none of the `PLAN_*` variables.
pub fn plan(dir: &Path) -> Command {
    let mut cmd = Command::new(plan_bin());
    cmd.arg("--plan").arg(dir);
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1")
        .env("LANG", "C")
        .env("TZ", "Asia/Tokyo")
        .env("PLAN_CONFIG", NO_USER_CONFIG)
        .env("PLAN_CACHE_DIR", test_cache_dir());
    cmd
}

/// Where the commands the tests run keep their cache (never the
/// developer's own `~/.cache/plan`).
pub fn test_cache_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("plan-cache")
}

/// [`plan`] as a `std::process::Command` (same environment, with
/// `PLAN_AUTHOR=テスト`), for tests that spawn processes side by side.
pub fn std_plan(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(plan_bin());
    cmd.arg("--plan").arg(dir);
    for var in CLEARED_ENV {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1")
        .env("LANG", "C")
        .env("TZ", "Asia/Tokyo")
        .env("PLAN_CONFIG", NO_USER_CONFIG)
        .env("PLAN_CACHE_DIR", test_cache_dir())
        .env("PLAN_AUTHOR", AUTHOR);
    cmd
}

/// [`plan`] with `PLAN_AUTHOR=テスト`, for commands that record notes.
pub fn plan_as_author(dir: &Path) -> Command {
    let mut cmd = plan(dir);
    cmd.env("PLAN_AUTHOR", AUTHOR);
    cmd
}

/// Runs the command, asserts it succeeded, and returns its stdout.
pub fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.assert().success().get_output().clone();
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// Runs the command, asserts it succeeded, and parses its stdout as JSON.
pub fn json_of(cmd: &mut Command) -> Value {
    let out = stdout_of(cmd);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{out}"))
}

/// Like [`json_of`], for commands that print a JSON array.
pub fn json_array_of(cmd: &mut Command) -> Vec<Value> {
    match json_of(cmd) {
        Value::Array(items) => items,
        other => panic!("expected a JSON array, got {other}"),
    }
}

/// The string field `key` of a JSON object.
pub fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
}

/// The `id` fields of JSON objects, in order.
pub fn ids_of(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .map(|v| str_field(v, "id").to_string())
        .collect()
}

/// The string array field `key` of a JSON object.
pub fn strings_field(value: &Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array in {value}"))
        .iter()
        .map(|v| v.as_str().expect("array of strings").to_string())
        .collect()
}

/// `plan list --format json` of a plan, every measure.
pub fn all_measures(dir: &Path) -> Vec<Value> {
    json_array_of(plan(dir).args(["list", "--format", "json"]))
}

/// One measure's object from `plan list --format json`.
pub fn measure_json(dir: &Path, id: &str) -> Value {
    all_measures(dir)
        .into_iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("{id} is listed"))
}

/// `plan show ID --format json`.
pub fn show_json(dir: &Path, id: &str) -> Value {
    json_of(plan(dir).args(["show", id, "--format", "json"]))
}

/// `plan log --format json`, newest first.
pub fn log_json(dir: &Path) -> Vec<Value> {
    json_array_of(plan(dir).args(["log", "--format", "json"]))
}

/// Lines of `--format ids` output.
pub fn lines_of(out: &str) -> Vec<String> {
    out.lines().map(str::to_string).collect()
}

/// The widest line of `out`, in terminal columns (full-width characters count two).
pub fn max_width(out: &str) -> usize {
    out.lines().map(plan::text::width).max().unwrap_or(0)
}

/// Lines of `out` wider than `limit` terminal columns, with their widths.
pub fn lines_wider_than(out: &str, limit: usize) -> Vec<(usize, String)> {
    out.lines()
        .map(|l| (plan::text::width(l), l.to_string()))
        .filter(|(w, _)| *w > limit)
        .collect()
}

/// Counts measures by (section, party).
pub fn count_by_section_and_party(measures: &[Value]) -> BTreeMap<(u64, String), usize> {
    let mut counts = BTreeMap::new();
    for m in measures {
        let key = (
            m["section"].as_u64().expect("section is a number"),
            str_field(m, "party").to_string(),
        );
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// The note lines of a notes file (not comments, not blank).
pub fn note_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .collect()
}

/// Parses one line of a notes file on its own, returning its key and fields.
pub fn parse_note_line(line: &str) -> (String, toml::Table) {
    let table: toml::Table =
        toml::from_str(line).unwrap_or_else(|e| panic!("note line is not TOML ({e}): {line}"));
    assert_eq!(table.len(), 1, "one note per line: {line}");
    let (key, value) = table.into_iter().next().unwrap();
    let fields = value
        .as_table()
        .unwrap_or_else(|| panic!("note is an inline table: {line}"))
        .clone();
    (key, fields)
}

/// Whether a program a test drives is installed. Outside CI a missing one
/// skips the test with a notice; under CI=true (where .ci/run installs the
/// Debian `package`) it fails the test, saying so.
pub fn installed(program: &str, package: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if found {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{program} is not installed, but CI=true: .ci/run installs the Debian package {package}"
    );
    skipped(&format!(
        "needs {program} (Debian package {package}), which is not installed"
    ));
    false
}

/// Says that a test (or part of one) did not check what it is for, so
/// that a machine missing a program does not look all green. The line goes
/// straight to the standard error descriptor, not through `eprintln!`,
/// which the test harness captures (and hides) for a passing test; it is
/// also recorded for the summary that `tests/zz_skipped.rs`, the last test
/// binary of a `cargo test` run, prints. Under CI=true callers fail
/// instead of skipping.
pub fn skipped(why: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("(unnamed)")
        .to_string();
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|stem| match stem.rsplit_once('-') {
            Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_string(),
            _ => stem,
        })
        .unwrap_or_default();
    let line = format!("SKIPPED tests/{binary}.rs {test}: {why}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    let dir = skip_dir();
    if fs::create_dir_all(&dir).is_ok()
        && let Ok(mut log) = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(format!("{}.log", run_id())))
    {
        // One short write per line: appends of concurrent tests do not mix.
        let _ = std::io::Write::write_all(&mut log, line.as_bytes());
    }
}

/// Where skipped tests are recorded (under the target directory).
pub fn skip_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("skipped-tests")
}

/// What the test binaries of one `cargo test` run share: the process id of
/// cargo, which starts each of them.
pub fn run_id() -> u32 {
    // SAFETY: getppid has no preconditions.
    unsafe { libc::getppid() as u32 }
}

/// Restores a directory's permissions when dropped, so a failed assertion
/// does not leave an undeletable temporary directory behind.
pub struct RestoreMode {
    pub path: PathBuf,
    pub mode: u32,
}

impl Drop for RestoreMode {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&self.path, fs::Permissions::from_mode(self.mode));
    }
}

/// Sets a path's permission bits, restoring 0755 when the guard is dropped.
pub fn chmod(path: &Path, mode: u32) -> RestoreMode {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    RestoreMode {
        path: path.to_path_buf(),
        mode: 0o755,
    }
}

/// Today's date in Tokyo, as `plan` sees it with `TZ=Asia/Tokyo`.
pub fn today_in_tokyo() -> chrono::NaiveDate {
    let utc = chrono::Utc::now();
    (utc + chrono::Duration::hours(9)).date_naive()
}

/// A screenshot's pixels as RGB (8 bits a channel, any alpha dropped),
/// with its width and height.
pub fn png_rgb(png: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let frame = reader.next_frame(&mut pixels).expect("pixels");
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let channels = frame.color_type.samples();
    assert!(channels >= 3, "{:?}", frame.color_type);
    let rgb = pixels[..frame.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (frame.width, frame.height, rgb)
}

/// The share of pixels with ink on them (a channel below 200).
pub fn inked_share(rgb: &[[u8; 3]]) -> f64 {
    let inked = rgb.iter().filter(|p| p.iter().any(|&c| c < 200)).count();
    inked as f64 / rgb.len().max(1) as f64
}

/// How many pixels are within `tolerance` of `colour` on every channel.
pub fn pixels_near(rgb: &[[u8; 3]], colour: [u8; 3], tolerance: u8) -> usize {
    rgb.iter()
        .filter(|p| {
            p.iter()
                .zip(colour)
                .all(|(&c, w)| c.abs_diff(w) < tolerance)
        })
        .count()
}

/// The flags headless Chromium runs with in the tests: no GPU, no sandbox
/// (root in CI), nothing fetched from the network on its own.
pub const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The key of the one note in force or not whose text is `text`.
pub fn key_of(scratch: &Scratch, text: &str) -> String {
    let notes = json_array_of(scratch.plan().args(["log", "--all", "--format", "json"]));
    let found: Vec<&Value> = notes.iter().filter(|n| n["text"] == text).collect();
    assert_eq!(found.len(), 1, "one note says {text}: {notes:?}");
    str_field(found[0], "key").to_string()
}

/// A copy of the plan with the notes the report tests read, as of
/// 2021-09-30:
/// - 2.tmg.ア active on 05-01, done on 09-15 (a status change mid-year);
/// - 2.tmg.イ has no status of its own: sub-items 3 (06-10) and 1 (07-01)
///   done, so it is active, 2 of 4 sub-items done;
/// - 4.tmg.ア done on 08-20 with "20 社", amended to "21 社", with a link;
/// - 6.tcci.ア done on 07-20, then retracted: planned, no notes;
/// - 5.tmg.ア active with a text on 06-01, done by a status-only note on 06-30;
/// - 3.tcci.ア active on 08-25 with markup as its text;
/// - 1.tcci.ウ dropped on 05-20.
pub fn plan_with_report_notes() -> Scratch {
    let scratch = copy_plan();
    let notes: [&[&str]; 10] = [
        &[
            "2.tmg.ア",
            "推進センター開所",
            "--status",
            "active",
            "--at",
            "2021-05-01T10:00",
        ],
        &[
            "2.tmg.ア",
            "通年で運営",
            "--status",
            "done",
            "--at",
            "2021-09-15T10:00",
        ],
        &[
            "2.tmg.イ.3",
            "地域セミナー開催（3回）",
            "--status",
            "done",
            "--at",
            "2021-06-10T10:00",
            "--author",
            "佐藤",
        ],
        &[
            "2.tmg.イ.1",
            "宣言企業 100 社",
            "--status",
            "done",
            "--at",
            "2021-07-01T10:00",
        ],
        &[
            "4.tmg.ア",
            "認定企業 20 社を公表",
            "--status",
            "done",
            "--at",
            "2021-08-20T17:00",
            "--link",
            "https://www.hataraku.metro.tokyo.lg.jp/",
        ],
        &[
            "6.tcci.ア",
            "誤って記録した完了",
            "--status",
            "done",
            "--at",
            "2021-07-20T10:00",
        ],
        &[
            "5.tmg.ア",
            "説明会を開催",
            "--status",
            "active",
            "--at",
            "2021-06-01T10:00",
        ],
        &["5.tmg.ア", "--status", "done", "--at", "2021-06-30"],
        &[
            "3.tcci.ア",
            "<script>alert(1)</script>",
            "--status",
            "active",
            "--at",
            "2021-08-25T09:00",
            "--author",
            "鈴木",
        ],
        &[
            "1.tcci.ウ",
            "中止となった",
            "--status",
            "dropped",
            "--at",
            "2021-05-20T10:00",
        ],
    ];
    for args in notes {
        scratch.note(args);
    }
    let amended = key_of(&scratch, "認定企業 20 社を公表");
    scratch.note(&["--amend", &amended, "認定企業 21 社を公表"]);
    let retracted = key_of(&scratch, "誤って記録した完了");
    scratch.note(&["--retract", &retracted, "--reason", "別の取組の記録"]);
    scratch
}

/// GNU time, for the peak memory of `plan` itself: the kernel's rusage of a
/// child spawned by a large test (or benchmark) process starts at the
/// parent's own peak.
pub const GNU_TIME: &str = "/usr/bin/time";

/// `cmd` (program, arguments, environment, directory) run under GNU time,
/// which writes the peak RSS in KiB as the last line of `report`.
pub fn under_gnu_time(cmd: &std::process::Command, report: &Path) -> std::process::Command {
    let mut timed = std::process::Command::new(GNU_TIME);
    timed
        .args(["--format", "%M", "--output"])
        .arg(report)
        .arg("--");
    with_setup_of(cmd, timed)
}

/// `runner` given `cmd`'s program and arguments after its own, and `cmd`'s
/// environment and directory.
pub fn with_setup_of(
    cmd: &std::process::Command,
    mut runner: std::process::Command,
) -> std::process::Command {
    runner.arg(cmd.get_program()).args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => runner.env(key, v),
            None => runner.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        runner.current_dir(dir);
    }
    runner
}

/// The peak RSS in KiB from what GNU time wrote to its report.
pub fn peak_rss_kib(report: &str) -> Option<u64> {
    report.lines().last().and_then(|l| l.trim().parse().ok())
}

/// The half-width parenthesised parts of `text` that hold or follow
/// Japanese: `東京都 (都, tmg)`, `(未着手)`. Code keeps its own: `http(s)`,
/// `plan-note(1)`, `$(…)`.
pub fn half_width_parens_around_japanese(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c != '(' {
                continue;
            }
            let Some(len) = chars[i..].iter().position(|c| *c == ')') else {
                continue;
            };
            let inner: String = chars[i + 1..i + len].iter().collect();
            let before = chars[..i].iter().rev().find(|c| **c != ' ');
            if !inner.is_ascii() || before.is_some_and(|c| !c.is_ascii()) {
                found.push(line.to_string());
            }
        }
    }
    found
}
