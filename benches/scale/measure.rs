//! Timing a command: wall time from spawn to exit and CPU time (user +
//! system, from `wait4`) run after run, and its peak RSS as GNU time
//! reports it.
//!
//! The CPU time matters on a shared machine: when other processes want the
//! cores, a command waits and its wall time grows, but its CPU time hardly.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::common::{GNU_TIME, peak_rss_kib, under_gnu_time};

/// What repeated runs of one command measured.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Timed runs (warm-up runs excluded).
    pub runs: usize,
    /// Median wall time.
    pub median: Duration,
    /// Median CPU time (user + system).
    pub cpu: Duration,
    /// Peak RSS in KiB (of the first warm-up run, under GNU time).
    pub rss_kib: u64,
}

impl Stats {
    pub fn ms(&self) -> f64 {
        self.median.as_secs_f64() * 1000.0
    }

    pub fn cpu_ms(&self) -> f64 {
        self.cpu.as_secs_f64() * 1000.0
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

/// Runs each command once under GNU time (its peak RSS, and a warm-up)
/// and `warmup - 1` more times untimed, then times them, their timed runs
/// taken in turns — a run of each, then the next round — so that a
/// machine whose speed drifts over the minutes (a shared virtual machine:
/// two runs of the same code an hour apart differed by a third) slows them
/// all alike, and the ratios between them hold. stdin, stdout and stderr
/// are /dev/null. Fails, naming the command by its label, if any run exits
/// unsuccessfully.
///
/// The RSS comes from GNU time rather than from our own `wait4`: a child's
/// `ru_maxrss` includes the memory of the process that spawned it (until it
/// calls exec), which would be this benchmark's, not the command's.
pub fn measure_all(plan: Plan, makes: &[(&str, &dyn Fn() -> Command)]) -> Result<Vec<Stats>> {
    let mut runs = Vec::with_capacity(makes.len());
    let mut rss = Vec::with_capacity(makes.len());
    for (label, make) in makes {
        let (estimate, rss_kib) = run_with_rss(&make()).with_context(|| label.to_string())?;
        for _ in 1..plan.warmup {
            run_once(&mut make()).with_context(|| label.to_string())?;
        }
        let estimate = estimate.wall.as_secs_f64();
        let n = if estimate * plan.runs as f64 > plan.budget {
            ((plan.budget / estimate) as usize).clamp(MIN_RUNS.min(plan.runs), plan.runs)
        } else {
            plan.runs
        };
        runs.push(n.max(1));
        rss.push(rss_kib);
    }
    let mut walls: Vec<Vec<Duration>> = runs.iter().map(|&n| Vec::with_capacity(n)).collect();
    let mut cpus: Vec<Vec<Duration>> = runs.iter().map(|&n| Vec::with_capacity(n)).collect();
    let rounds = runs.iter().copied().max().unwrap_or(0);
    for round in 0..rounds {
        for (i, (label, make)) in makes.iter().enumerate() {
            if round >= runs[i] {
                continue;
            }
            let sample = run_once(&mut make()).with_context(|| label.to_string())?;
            walls[i].push(sample.wall);
            cpus[i].push(sample.cpu);
        }
    }
    Ok(walls
        .into_iter()
        .zip(cpus)
        .enumerate()
        .map(|(i, (walls, cpus))| Stats {
            runs: runs[i],
            median: median(walls),
            cpu: median(cpus),
            rss_kib: rss[i],
        })
        .collect())
}

/// The median; for an even count, the mean of the middle two.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    let n = times.len();
    if n % 2 == 1 {
        times[n / 2]
    } else {
        (times[n / 2 - 1] + times[n / 2]) / 2
    }
}

/// What one run took.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// From spawn to exit.
    pub wall: Duration,
    /// User + system.
    pub cpu: Duration,
}

/// One run: stdin, stdout and stderr are /dev/null; fails unless it exits 0.
pub fn run_once(cmd: &mut Command) -> Result<Sample> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, for which all-zero bytes are valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (std's `Child` reaps
    // only in `wait`/`try_wait`, never called here); the pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    drop(child);
    if reaped != pid {
        bail!(
            "wait4 failed for {cmd:?}: {}",
            std::io::Error::last_os_error()
        );
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        bail!("{cmd:?} failed (wait status {status})");
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    Ok(Sample {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
    })
}

/// One run under GNU time: (what it took, its peak RSS in KiB).
fn run_with_rss(cmd: &Command) -> Result<(Sample, u64)> {
    if !Path::new(GNU_TIME).is_file() {
        bail!(
            "{GNU_TIME} is missing: install GNU time (Debian: apt-get install time) for peak RSS"
        );
    }
    let report = tempfile::NamedTempFile::new()?;
    let sample = run_once(&mut under_gnu_time(cmd, report.path()))?;
    let text = std::fs::read_to_string(report.path())?;
    let kib =
        peak_rss_kib(&text).ok_or_else(|| anyhow!("{GNU_TIME} wrote no peak RSS: {text:?}"))?;
    Ok((sample, kib))
}
