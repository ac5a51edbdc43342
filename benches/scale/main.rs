//! The scale benchmark of issue #15: how `plan` behaves with 1,000 sections
//! and 200,000 notes, against the floors (`cat` of the plan's files,
//! `/bin/true`) and against Taskwarrior with the same data.
//!
//! ```sh
//! cargo bench --bench scale                        # shipped, 20k, 200k notes; rewrites docs/performance.md's results
//! cargo bench --bench scale -- --huge              # and 1,000,000 notes
//! cargo bench --bench scale -- --sizes shipped,20k --no-docs
//! cargo bench --bench scale -- --callgrind status --size 20k   # a profile instead
//! cargo bench --bench scale -- --sizes 20k --no-task --no-docs  # serving: plan serve and fava under wrk
//! ```
//!
//! Builds (through cargo) the release binary, generates each size into a
//! temporary directory with the `gen-plan` example's generator, times every
//! command (median of the timed runs after a warm-up, the commands of a
//! size taking turns run by run; peak RSS from GNU
//! time), prints a Markdown report and puts it between the
//! `<!-- bench:begin -->` and `<!-- bench:end -->` lines of
//! docs/performance.md. Progress goes to stderr, the report to stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context as _, Result, bail};
use clap::Parser;

// The test helpers, for the environment plan runs in.
#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../examples/gen-plan/generate.rs"]
mod generate;
mod measure;
mod profile;
mod report;
mod serve;
mod taskwarrior;

use measure::Stats;

/// The scale benchmark: plan at 1,000 sections and 200,000 notes, against
/// cat, /bin/true and Taskwarrior (see docs/performance.md).
#[derive(Debug, Parser)]
#[command(name = "scale")]
struct Args {
    /// Also run the 1,000,000-note size
    #[arg(long)]
    huge: bool,

    /// Only these sizes: shipped, 20k, 200k, 1M (comma-separated)
    #[arg(long, value_delimiter = ',', value_name = "SIZE")]
    sizes: Vec<String>,

    /// Timed runs per command (slow commands get fewer: see --budget)
    #[arg(long, default_value_t = 10)]
    runs: usize,

    /// Untimed warm-up runs per command (at least one: it measures the peak RSS)
    #[arg(long, default_value_t = 1)]
    warmup: usize,

    /// Seconds the timed runs of one command may take; a slower command gets
    /// fewer runs (at least 3)
    #[arg(long, default_value_t = 60.0)]
    budget: f64,

    /// Skip Taskwarrior
    #[arg(long)]
    no_task: bool,

    /// Print the report only: leave docs/performance.md alone
    #[arg(long)]
    no_docs: bool,

    /// Generate into DIR (kept afterwards) instead of a temporary directory
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,

    /// Instead of benchmarking, profile `plan COMMAND` with callgrind
    /// (e.g. --callgrind status, --callgrind "log 50.tmg.ア")
    #[arg(long, value_name = "COMMAND")]
    callgrind: Option<String>,

    /// The size --callgrind runs at
    #[arg(long, default_value = "20k", value_name = "SIZE")]
    size: String,

    /// Skip the serving measurements (plan serve and fava under wrk)
    #[arg(long)]
    no_serve: bool,

    /// Seconds each server is kept under load
    #[arg(long, default_value_t = 10)]
    serve_seconds: u32,

    /// Passed by `cargo bench`; ignored
    #[arg(long, hide = true)]
    bench: bool,
}

/// One plan size.
#[derive(Debug, Clone)]
pub struct Size {
    pub key: &'static str,
    /// `None`: the shipped plan with five notes recorded.
    pub generated: Option<generate::Options>,
    /// The measure `show ID`, `log ID` and `note ID` use.
    pub id: String,
}

fn sizes(huge: bool) -> Vec<Size> {
    let gen_size = |key, sections: u32, notes| Size {
        key,
        generated: Some(generate::Options {
            sections,
            measures: 20,
            notes,
            seed: 1,
        }),
        id: format!("{}.tmg.ア", sections / 2),
    };
    let mut all = vec![
        Size {
            key: "shipped",
            generated: None,
            id: "2.tmg.イ".into(),
        },
        gen_size("20k", 100, 20_000),
        gen_size("200k", 1000, 200_000),
    ];
    if huge {
        all.push(gen_size("1M", 1000, 1_000_000));
    }
    all
}

/// The size whose data Taskwarrior gets.
pub const TASK_SIZE: &str = "20k";
/// The size the "largest size" targets apply to.
pub const LARGEST: &str = "200k";

/// The notes of the README's tour, recorded on the shipped plan.
const SHIPPED_NOTES: [[&str; 4]; 5] = [
    ["2.イ", "2021-06-15T10:00", "山田", "セミナー実施"],
    [
        "2.tcci.イ",
        "2021-06-20T09:30",
        "山田",
        "東商新聞で告知|active",
    ],
    [
        "2.tmg.イ.3",
        "2021-07-01T14:00",
        "佐藤",
        "地域セミナー開催（3回）|done",
    ],
    [
        "4.ア",
        "2021-09-30T17:00",
        "山田",
        "認定企業 20 社を公表|done",
    ],
    [
        "6.tcci.エ",
        "2021-10-05T11:00",
        "鈴木",
        "外国人材拠点の周知、延期|blocked",
    ],
];

/// A timed command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    True,
    Cat,
    List,
    Status,
    /// `plan list` with the cache off: what the first run after a change costs.
    ListUncached,
    /// `plan status` with the cache off.
    StatusUncached,
    Check,
    Log,
    Show,
    LogId,
    Note,
}

impl Cmd {
    pub const ALL: [Cmd; 11] = [
        Cmd::True,
        Cmd::Cat,
        Cmd::List,
        Cmd::Status,
        Cmd::ListUncached,
        Cmd::StatusUncached,
        Cmd::Check,
        Cmd::Log,
        Cmd::Show,
        Cmd::LogId,
        Cmd::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Cmd::True => "`/bin/true`",
            Cmd::Cat => "`cat` of all plan files",
            Cmd::List => "`plan list`",
            Cmd::Status => "`plan status`",
            Cmd::ListUncached => "`plan list`, no cache",
            Cmd::StatusUncached => "`plan status`, no cache",
            Cmd::Check => "`plan check`",
            Cmd::Log => "`plan log`",
            Cmd::Show => "`plan show ID`",
            Cmd::LogId => "`plan log ID`",
            Cmd::Note => "`plan note ID`",
        }
    }

    /// The plan subcommand and its arguments (none for the floors).
    fn plan_args(self, id: &str) -> Vec<String> {
        let args: &[&str] = match self {
            Cmd::True | Cmd::Cat => &[],
            Cmd::List | Cmd::ListUncached => &["list"],
            Cmd::Status | Cmd::StatusUncached => &["status"],
            Cmd::Check => &["check"],
            Cmd::Log => &["log"],
            Cmd::Show => &["show", id],
            Cmd::LogId => &["log", id],
            Cmd::Note => &["note", id, "ベンチマーク記録", "--author", "x"],
        };
        args.iter().map(|s| s.to_string()).collect()
    }
}

/// What a size holds.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    pub sections: usize,
    pub measures: usize,
    pub items: usize,
    pub notes: usize,
    /// plan.toml, section files, notes files.
    pub files: Vec<PathBuf>,
    pub bytes: u64,
    pub notes_bytes: u64,
}

/// The serving measurements, and why any was skipped.
#[derive(Debug, Default)]
pub struct Served {
    pub seconds: u32,
    /// `plan serve`'s dashboard under load.
    pub plan: Option<serve::Load>,
    /// fava's income statement under load.
    pub fava: Option<serve::Load>,
    pub notices: Vec<String>,
}

/// `plan serve` and fava at the size `dir` holds.
fn bench_serve(dir: &Path, work: &Path, contents: &Contents, seconds: u32) -> Served {
    let mut served = Served {
        seconds,
        ..Served::default()
    };
    if !serve::wrk_installed() {
        served
            .notices
            .push("`wrk` not found: serving not measured (apt-get install wrk).".into());
        return served;
    }
    eprintln!("  plan serve under wrk …");
    match serve::plan_serve(dir, seconds) {
        Ok(load) => served.plan = Some(load),
        Err(e) => served.notices.push(format!("`plan serve` failed: {e:#}")),
    }
    match serve::fava() {
        None => served.notices.push(
            "fava not found: the comparison is skipped (pip install fava, or FAVA=path).".into(),
        ),
        Some(program) => {
            eprintln!("  fava under wrk …");
            match serve::fava_serve(&program, work, contents.notes, seconds) {
                Ok(load) => served.fava = Some(load),
                Err(e) => served.notices.push(format!("fava failed: {e:#}")),
            }
        }
    }
    served
}

/// The results at one size.
pub struct SizeResult {
    pub size: Size,
    pub contents: Contents,
    pub stats: Vec<(Cmd, Stats)>,
}

impl SizeResult {
    pub fn get(&self, cmd: Cmd) -> Option<&Stats> {
        self.stats.iter().find(|(c, _)| *c == cmd).map(|(_, s)| s)
    }
}

fn plan_bin() -> PathBuf {
    common::plan_bin()
}

/// `plan --plan DIR ARGS` in the tests' fixed environment (no PLAN_*
/// variables, no user config, C locale, Tokyo time, no colour).
pub fn plan_command(dir: &Path, args: &[String]) -> Command {
    let mut cmd = common::std_plan(dir);
    cmd.args(args);
    cmd
}

fn repo_plan() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("plan")
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Writes a size's plan under `root/<key>/plan` and returns that directory.
fn prepare(size: &Size, root: &Path) -> Result<PathBuf> {
    let out = root.join(size.key);
    let dir = out.join("plan");
    if dir.join("plan.toml").is_file() {
        eprintln!("  reusing {}", dir.display());
        return Ok(dir);
    }
    match &size.generated {
        Some(opts) => {
            generate::generate(&repo_plan(), &out, opts)?;
        }
        None => {
            copy_dir(&repo_plan(), &dir)?;
            for [id, at, author, text] in SHIPPED_NOTES {
                let (text, status) = text.split_once('|').unwrap_or((text, ""));
                let mut args: Vec<String> = ["note", id, text, "--at", at, "--author", author]
                    .map(String::from)
                    .to_vec();
                if !status.is_empty() {
                    args.extend(["--status".into(), status.into()]);
                }
                measure::run_once(&mut plan_command(&dir, &args))?;
            }
        }
    }
    Ok(dir)
}

/// Counts what a plan directory holds (notes: the note lines of the notes files).
fn contents(dir: &Path) -> Result<Contents> {
    let plan = plan::files::load::load(dir)
        .map_err(|e| anyhow::anyhow!("cannot load {}: {e:?}", dir.display()))?;
    let mut c = Contents {
        sections: plan.sections.len(),
        measures: plan.measures().count(),
        items: plan.measures().map(|m| m.measure.items.len()).sum(),
        ..Contents::default()
    };
    let notes = plan::files::store::notes_files(dir, None)?;
    c.files.push(PathBuf::from(plan::files::load::PLAN_FILE));
    for path in plan::files::load::section_paths(dir)?.iter().chain(&notes) {
        c.files.push(path.strip_prefix(dir)?.to_path_buf());
    }
    for file in &c.files {
        c.bytes += std::fs::metadata(dir.join(file))?.len();
    }
    for path in &notes {
        let text = std::fs::read_to_string(path)?;
        c.notes_bytes += text.len() as u64;
        c.notes += text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
    }
    Ok(c)
}

/// Times every command of [`Cmd::ALL`] at one size, and the `others`
/// (Taskwarrior's, at its size) in turn with them: their stats come back
/// second, in their order.
fn bench_size(
    size: &Size,
    dir: &Path,
    runs: measure::Plan,
    others: &[(&str, &dyn Fn() -> Command)],
) -> Result<(SizeResult, Vec<Stats>)> {
    let contents = contents(dir)?;
    // `plan note` appends on every run: it gets a copy.
    let note_dir = dir.parent().unwrap_or(dir).join("note-copy");
    if note_dir.exists() {
        std::fs::remove_dir_all(&note_dir)?;
    }
    copy_dir(dir, &note_dir)?;
    // The plan cache keeps only files unchanged for two seconds
    // (src/files/cache.rs): a plan just written is read from its files.
    std::thread::sleep(std::time::Duration::from_millis(2_100));
    let note_runs = std::cell::Cell::new(0u64);
    let makes: Vec<Box<dyn Fn() -> Command + '_>> = Cmd::ALL
        .iter()
        .map(|&cmd| -> Box<dyn Fn() -> Command + '_> {
            let args = cmd.plan_args(&size.id);
            match cmd {
                Cmd::True => Box::new(|| Command::new("/bin/true")),
                // The file names as arguments (no shell, no glob): 2,001
                // short relative names are far below the argument-list limit.
                Cmd::Cat => Box::new(|| {
                    let mut c = Command::new("cat");
                    c.current_dir(dir).args(&contents.files);
                    c
                }),
                // A new text each run: the same note twice is refused as a
                // repeat.
                Cmd::Note => Box::new({
                    let note_runs = &note_runs;
                    let note_dir = &note_dir;
                    move || {
                        note_runs.set(note_runs.get() + 1);
                        let mut args = args.clone();
                        args[2] = format!("{} {}", args[2], note_runs.get());
                        plan_command(note_dir, &args)
                    }
                }),
                Cmd::ListUncached | Cmd::StatusUncached => Box::new(move || {
                    let mut c = plan_command(dir, &args);
                    c.env("PLAN_NO_CACHE", "1");
                    c
                }),
                _ => Box::new(move || plan_command(dir, &args)),
            }
        })
        .collect();
    let refs: Vec<(&str, &dyn Fn() -> Command)> = Cmd::ALL
        .iter()
        .zip(&makes)
        .map(|(c, m)| (c.label(), m.as_ref() as _))
        .chain(others.iter().copied())
        .collect();
    eprintln!("  every command in turn, {} timed runs each …", runs.runs);
    let mut measured =
        measure::measure_all(runs, &refs).with_context(|| format!("at size {}", size.key))?;
    drop(refs);
    drop(makes);
    let theirs = measured.split_off(Cmd::ALL.len());
    let mut stats = Vec::new();
    for (cmd, s) in Cmd::ALL.into_iter().zip(measured) {
        eprintln!(
            "  {:<28}{:>10.1} ms  {:>8.1} MiB  ({} runs)",
            cmd.label(),
            s.ms(),
            s.rss_mib(),
            s.runs
        );
        stats.push((cmd, s));
    }
    for ((label, _), s) in others.iter().zip(&theirs) {
        eprintln!(
            "  {label:<28}{:>10.1} ms  {:>8.1} MiB  ({} runs)",
            s.ms(),
            s.rss_mib(),
            s.runs
        );
    }
    std::fs::remove_dir_all(&note_dir)?;
    let result = SizeResult {
        size: size.clone(),
        contents,
        stats,
    };
    Ok((result, theirs))
}

/// A temporary directory, or a kept one.
enum Workdir {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

impl Workdir {
    fn path(&self) -> &Path {
        match self {
            Workdir::Temp(t) => t.path(),
            Workdir::Kept(p) => p,
        }
    }
}

fn run(args: &Args) -> Result<()> {
    let workdir = match &args.keep {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            Workdir::Kept(dir.canonicalize()?)
        }
        None => Workdir::Temp(tempfile::tempdir()?),
    };
    let root = workdir.path();
    let all = sizes(true);
    let known: Vec<&str> = all.iter().map(|s| s.key).collect();
    for key in args.sizes.iter().chain(std::iter::once(&args.size)) {
        if !known.contains(&key.as_str()) {
            bail!("unknown size `{key}`: the sizes are {}", known.join(", "));
        }
    }

    if let Some(command) = &args.callgrind {
        let size = all
            .iter()
            .find(|s| s.key == args.size)
            .expect("checked above");
        let binary = profile::build()?;
        eprintln!("generating size {} …", size.key);
        let dir = prepare(size, root)?;
        let plan_args: Vec<String> = command.split_whitespace().map(String::from).collect();
        let out = root.join(format!(
            "callgrind.{}.{}.out",
            size.key,
            plan_args.join("-")
        ));
        eprintln!("running plan {command} under callgrind …");
        let report = profile::callgrind(&binary, &dir, &plan_args, &out)?;
        println!("callgrind: plan {command} at size {}\n\n{report}", size.key);
        match workdir {
            Workdir::Kept(_) => println!("profile kept in {}", out.display()),
            Workdir::Temp(_) => {
                println!("(add --keep DIR to keep the profile for callgrind_annotate)")
            }
        }
        return Ok(());
    }

    let runs = measure::Plan {
        warmup: args.warmup.max(1),
        runs: args.runs.max(1),
        budget: args.budget,
    };
    let chosen: Vec<Size> = sizes(args.huge)
        .into_iter()
        .filter(|s| args.sizes.is_empty() || args.sizes.iter().any(|k| k == s.key))
        .collect();
    let before = report::Machine::now(&plan_bin());
    let mut results = Vec::new();
    let mut task = None;
    let mut served = Served::default();
    for size in &chosen {
        eprintln!("size {}: preparing …", size.key);
        let dir = prepare(size, root)?;
        // Taskwarrior, with the same data, is timed in turn with plan's
        // commands of its size.
        let tw = if size.key == TASK_SIZE && !args.no_task {
            match taskwarrior::installed() {
                None => {
                    eprintln!(
                        "  task not found: Taskwarrior skipped (apt-get install taskwarrior)"
                    );
                    None
                }
                Some(version) => {
                    eprintln!("  Taskwarrior {version}: importing …");
                    let tw =
                        taskwarrior::Taskwarrior::import(version, &dir, &root.join("taskwarrior"))?;
                    eprintln!("  {} tasks, {} annotations", tw.tasks, tw.annotations);
                    Some(tw)
                }
            }
        } else {
            None
        };
        let theirs: Vec<Box<dyn Fn() -> Command + '_>> = match &tw {
            Some(tw) => taskwarrior::TIMED
                .iter()
                .map(|(_, args)| -> Box<dyn Fn() -> Command + '_> {
                    Box::new(move || tw.command(args))
                })
                .collect(),
            None => Vec::new(),
        };
        let others: Vec<(&str, &dyn Fn() -> Command)> = taskwarrior::TIMED
            .iter()
            .zip(&theirs)
            .map(|((label, _), make)| (*label, make.as_ref() as _))
            .collect();
        let (result, stats) = bench_size(size, &dir, runs, &others)?;
        drop(others);
        drop(theirs);
        results.push(result);
        if let Some(tw) = tw {
            task = Some(taskwarrior::Results::new(tw, stats)?);
        }
        if size.key == TASK_SIZE && !args.no_serve {
            let contents = &results[results.len() - 1].contents;
            served = bench_serve(&dir, root, contents, args.serve_seconds);
        }
    }
    let after = report::Machine::now(&plan_bin());
    let text = report::markdown(&before, &after, runs, &results, task.as_ref(), &served);
    println!("{text}");
    if !args.no_docs {
        let doc = report::write_docs(&text)?;
        eprintln!("updated {}", doc.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scale: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
