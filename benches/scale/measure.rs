//! Timing a command: wall time from spawn to exit, run after run, and its
//! peak RSS as GNU time reports it.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail};

/// What repeated runs of one command measured.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Timed runs (warm-up runs excluded).
    pub runs: usize,
    pub median: Duration,
    /// Peak RSS in KiB (of the first warm-up run, under GNU time).
    pub rss_kib: u64,
}

impl Stats {
    pub fn ms(&self) -> f64 {
        self.median.as_secs_f64() * 1000.0
    }

    pub fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
}

/// How many times to run each command.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub warmup: usize,
    pub runs: usize,
    /// Seconds the timed runs of one command may take in all: a command
    /// slower than `budget / runs` gets fewer runs, but never fewer than
    /// `MIN_RUNS` (or `runs`, if that is smaller).
    pub budget: f64,
}

/// The fewest timed runs of a slow command.
pub const MIN_RUNS: usize = 3;

/// GNU time, which reports a command's peak RSS (`%M`, in KiB).
const TIME: &str = "/usr/bin/time";

/// Runs `make()`'s command once under GNU time (its peak RSS, and a warm-up),
/// `warmup - 1` more times untimed, then times it; stdin, stdout and stderr
/// are /dev/null. Fails if any run exits unsuccessfully.
///
/// The RSS comes from GNU time rather than from our own `wait4`: a child's
/// `ru_maxrss` includes the memory of the process that spawned it (until it
/// calls exec), which would be this benchmark's, not the command's.
pub fn measure(plan: Plan, make: impl Fn() -> Command) -> Result<Stats> {
    let (estimate, rss_kib) = run_with_rss(&make())?;
    for _ in 1..plan.warmup {
        run_once(&mut make())?;
    }
    let runs = if estimate.as_secs_f64() * plan.runs as f64 > plan.budget {
        ((plan.budget / estimate.as_secs_f64()) as usize).clamp(MIN_RUNS.min(plan.runs), plan.runs)
    } else {
        plan.runs
    }
    .max(1);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(run_once(&mut make())?);
    }
    times.sort();
    // The median; for an even count, the mean of the middle two.
    let median = if runs % 2 == 1 {
        times[runs / 2]
    } else {
        (times[runs / 2 - 1] + times[runs / 2]) / 2
    };
    Ok(Stats {
        runs,
        median,
        rss_kib,
    })
}

/// One run, timed from spawn to exit.
pub fn run_once(cmd: &mut Command) -> Result<Duration> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let status = cmd.status()?;
    let elapsed = start.elapsed();
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(elapsed)
}

/// One run under GNU time: (wall time, peak RSS in KiB).
fn run_with_rss(cmd: &Command) -> Result<(Duration, u64)> {
    if !Path::new(TIME).is_file() {
        bail!("{TIME} is missing: install GNU time (Debian: apt-get install time) for peak RSS");
    }
    let report = tempfile::NamedTempFile::new()?;
    let mut timed = Command::new(TIME);
    timed
        .args(["-f", "%M", "-o"])
        .arg(report.path())
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => timed.env(key, v),
            None => timed.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    let elapsed = run_once(&mut timed)?;
    let text = std::fs::read_to_string(report.path())?;
    let kib = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| anyhow!("{TIME} wrote no peak RSS: {text:?}"))?;
    Ok((elapsed, kib))
}
