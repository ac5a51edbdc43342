//! The Markdown report: the machine, the sizes, every command's median and
//! peak RSS with its ratios to the floors, Taskwarrior side by side, and
//! every target of issue #15 met or missed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::measure::{self, Stats};
use crate::taskwarrior;
use crate::{Cmd, LARGEST, SizeResult, TASK_SIZE};

/// Where and when the benchmark ran.
pub struct Machine {
    pub date: String,
    pub cpu: String,
    pub nproc: usize,
    pub memory: String,
    pub load: String,
    pub plan: String,
}

impl Machine {
    pub fn now(plan_bin: &Path) -> Machine {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        let cpuinfo = read("/proc/cpuinfo");
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
            .unwrap_or_else(|| "unknown CPU".into());
        let memory = read("/proc/meminfo")
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
            .map_or_else(
                || "?".into(),
                |kib| format!("{:.0} GiB", kib / 1024.0 / 1024.0),
            );
        let load = read("/proc/loadavg")
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let plan = std::process::Command::new(plan_bin)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        Machine {
            date: chrono::Local::now()
                .format("%Y-%m-%d %H:%M %:z")
                .to_string(),
            cpu,
            nproc: std::thread::available_parallelism().map_or(0, |n| n.get()),
            memory,
            load,
            plan,
        }
    }
}

pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn mib(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
    }
}

fn ms(s: &Stats) -> String {
    milliseconds(s.ms())
}

fn cpu_ms(s: &Stats) -> String {
    milliseconds(s.cpu_ms())
}

fn milliseconds(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0}")
    } else {
        format!("{ms:.1}")
    }
}

/// `a`'s median wall time over `b`'s.
fn ratio(a: &Stats, b: &Stats) -> f64 {
    a.median.as_secs_f64() / b.median.as_secs_f64()
}

/// `a`'s median CPU time over `b`'s.
fn cpu_ratio(a: &Stats, b: &Stats) -> f64 {
    a.cpu.as_secs_f64() / b.cpu.as_secs_f64().max(1e-6)
}

/// A ratio as measured, wall time first: `12.3× (CPU 8.1×)`.
fn both(a: &Stats, b: &Stats) -> String {
    format!("{:.1}× (CPU {:.1}×)", ratio(a, b), cpu_ratio(a, b))
}

/// One target of issue #22 (which tightened those of #15).
struct Target {
    what: String,
    measured: String,
    /// `None`: the size it needs was not run.
    met: Option<bool>,
}

impl Target {
    fn new(what: String, measured: String, met: bool) -> Target {
        Target {
            what,
            measured,
            met: Some(met),
        }
    }

    fn not_run(what: String) -> Target {
        Target {
            what,
            measured: "not run".into(),
            met: None,
        }
    }
}

fn targets(
    results: &[SizeResult],
    task: Option<&taskwarrior::Results>,
    serve: &crate::Served,
) -> Vec<Target> {
    let size = |key: &str| results.iter().find(|r| r.size.key == key);
    let mut out = Vec::new();
    let largest = size(LARGEST);
    for cmd in [
        Cmd::Status,
        Cmd::Check,
        Cmd::List,
        Cmd::StatusUncached,
        Cmd::ListUncached,
    ] {
        let what = format!("{} ≤ 3× `cat` at {LARGEST}", cmd.label());
        out.push(
            match largest.and_then(|r| Some((r.get(cmd)?, r.get(Cmd::Cat)?))) {
                Some((s, cat)) => Target::new(what, both(s, cat), ratio(s, cat) <= 3.0),
                None => Target::not_run(what),
            },
        );
    }
    let what = format!("`plan log` peak RSS ≤ 2× the notes on disk at {LARGEST}");
    out.push(
        match largest.and_then(|r| Some((r.get(Cmd::Log)?, r.contents.notes_bytes))) {
            Some((s, notes)) => {
                let r = (s.rss_kib * 1024) as f64 / notes.max(1) as f64;
                Target::new(
                    what,
                    format!("{:.1}× ({:.0} MiB for {})", r, s.rss_mib(), mib(notes)),
                    r <= 2.0,
                )
            }
            None => Target::not_run(what),
        },
    );
    // The shipped plan's are among "every command" below.
    for r in results.iter().filter(|r| r.size.key != "shipped") {
        for cmd in [Cmd::Show, Cmd::LogId, Cmd::Note] {
            let what = format!("{} ≤ 2× `/bin/true` at {}", cmd.label(), r.size.key);
            if let (Some(s), Some(t)) = (r.get(cmd), r.get(Cmd::True)) {
                out.push(Target::new(what, both(s, t), ratio(s, t) <= 2.0));
            }
        }
    }
    for (plan_cmd, task_name, limit) in pairs() {
        let what = format!(
            "{} ≥ {limit}× faster than `task {task_name}` at {TASK_SIZE}",
            plan_cmd.label()
        );
        let found =
            task.and_then(|t| Some((size(TASK_SIZE)?.get(plan_cmd)?, task_stats(t, task_name))));
        out.push(match found {
            Some((p, t)) => Target::new(what, both(t, p), ratio(t, p) >= limit),
            None => Target::not_run(what),
        });
    }
    match size("shipped") {
        Some(r) => {
            let t = r.get(Cmd::True);
            for (cmd, s) in r
                .stats
                .iter()
                .filter(|(c, _)| !matches!(c, Cmd::True | Cmd::Cat))
            {
                let what = format!("{} ≤ 2× `/bin/true` on the shipped plan", cmd.label());
                if let Some(t) = t {
                    out.push(Target::new(what, both(s, t), ratio(s, t) <= 2.0));
                }
            }
        }
        None => out.push(Target::not_run(
            "every command ≤ 2× `/bin/true` on the shipped plan".into(),
        )),
    }
    out.extend(serve_targets(serve));
    let huge = size("1M").and_then(|r| r.get(Cmd::Status));
    let what = "`plan status` < 2 s at 1M notes".to_string();
    out.push(match huge {
        Some(s) => Target::new(
            what,
            format!(
                "{:.2} s (CPU {:.2} s)",
                s.median.as_secs_f64(),
                s.cpu.as_secs_f64()
            ),
            s.median.as_secs_f64() < 2.0,
        ),
        None => Target::not_run(format!("{what} (`--huge`)")),
    });
    let what = "`plan status` < 512 MiB at 1M notes".to_string();
    out.push(match huge {
        Some(s) => Target::new(what, format!("{:.0} MiB", s.rss_mib()), s.rss_mib() < 512.0),
        None => Target::not_run(format!("{what} (`--huge`)")),
    });
    out
}

/// Issue #22's goals for `plan serve` at 20k: ≥ 500 requests a second with
/// a p99 under 20 ms, and ≥ 50× fava's throughput.
fn serve_targets(serve: &crate::Served) -> Vec<Target> {
    let what = format!("`plan serve` dashboard ≥ 500 req/s at {TASK_SIZE}");
    let latency = format!("`plan serve` dashboard p99 < 20 ms at {TASK_SIZE}");
    let versus = "`plan serve` dashboard ≥ 50× fava's requests a second".to_string();
    let (plan, fava) = (serve.plan.as_ref(), serve.fava.as_ref());
    vec![
        match plan {
            Some(p) => Target::new(
                what,
                format!("{:.0} req/s", p.requests_per_s),
                p.requests_per_s >= 500.0,
            ),
            None => Target::not_run(what),
        },
        match plan {
            Some(p) => Target::new(latency, format!("{:.1} ms", p.p99_ms), p.p99_ms < 20.0),
            None => Target::not_run(latency),
        },
        match (plan, fava) {
            (Some(p), Some(f)) => {
                let times = p.requests_per_s / f.requests_per_s.max(1e-9);
                Target::new(versus, format!("{times:.1}×"), times >= 50.0)
            }
            _ => Target::not_run(versus),
        },
    ]
}

/// plan's command, Taskwarrior's, and how many times faster plan must be.
fn pairs() -> [(Cmd, &'static str, f64); 5] {
    [
        (Cmd::List, "list", 10.0),
        (Cmd::Status, "summary", 10.0),
        (Cmd::ListUncached, "list", 10.0),
        (Cmd::StatusUncached, "summary", 10.0),
        (Cmd::Note, "annotate", 20.0),
    ]
}

fn task_stats<'a>(t: &'a taskwarrior::Results, name: &str) -> &'a Stats {
    match name {
        "list" => &t.list,
        "summary" => &t.summary,
        _ => &t.annotate,
    }
}

/// The whole report, in Markdown.
pub fn markdown(
    before: &Machine,
    after: &Machine,
    runs: measure::Plan,
    results: &[SizeResult],
    task: Option<&taskwarrior::Results>,
    serve: &crate::Served,
) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Measured {} on {} ({} CPUs by nproc, {}); load average {} before, {} after; {}.",
        before.date, before.cpu, before.nproc, before.memory, before.load, after.load, before.plan
    );
    let _ = writeln!(
        md,
        "Times are medians of {} timed runs after {} warm-up run(s), the commands of a size taking turns (a run of each, then the next round) so that the machine's drift slows them alike: wall time from spawn to exit, and CPU time (user + system), which grows less when other processes load the machine; the targets are judged on wall time. A command whose warm-up run shows that {} runs would take over {:.0} s gets fewer (at least {}): see *runs*. Peak RSS is GNU time's `%M` of the first warm-up run.\n",
        runs.runs,
        runs.warmup,
        runs.runs,
        runs.budget,
        measure::MIN_RUNS.min(runs.runs)
    );

    md.push_str("#### Targets\n\n| target | measured | |\n|---|---:|---|\n");
    for t in targets(results, task, serve) {
        let verdict = match t.met {
            Some(true) => "met",
            Some(false) => "**missed**",
            None => "—",
        };
        let _ = writeln!(md, "| {} | {} | {verdict} |", t.what, t.measured);
    }

    md.push_str("\n#### Sizes\n\n| size | sections | measures | sub-items | notes | files | plan bytes | notes bytes | `show`/`log`/`note` ID |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for r in results {
        let c = &r.contents;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} | `{}` |",
            r.size.key,
            thousands(c.sections as u64),
            thousands(c.measures as u64),
            thousands(c.items as u64),
            thousands(c.notes as u64),
            thousands(c.files.len() as u64),
            mib(c.bytes),
            mib(c.notes_bytes),
            r.size.id
        );
    }

    md.push_str("\n#### Commands\n\n| size | command | median ms | × `cat` | × `/bin/true` | CPU ms | CPU × `cat` | CPU × `/bin/true` | peak RSS MiB | runs |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in results {
        let (cat, t) = (r.get(Cmd::Cat), r.get(Cmd::True));
        for (cmd, s) in &r.stats {
            let x = |floor: Option<&Stats>, f: fn(&Stats, &Stats) -> f64| {
                floor.map_or("—".into(), |floor| format!("{:.1}", f(s, floor)))
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {:.1} | {} |",
                r.size.key,
                cmd.label(),
                ms(s),
                x(cat, ratio),
                x(t, ratio),
                cpu_ms(s),
                x(cat, cpu_ratio),
                x(t, cpu_ratio),
                s.rss_mib(),
                s.runs
            );
        }
    }

    match task {
        Some(t) => {
            let _ = writeln!(
                md,
                "\n#### Taskwarrior\n\n{}, with the data of size {TASK_SIZE}: {} tasks (each measure and each sub-item) and {} annotations (each note in force, as `plan log` shows them); `TASKRC` and `TASKDATA` point into the temporary directory, `rc.confirmation=off rc.verbose=nothing rc.hooks=off rc.gc=off`; its commands take turns with plan's of that size.\n",
                t.tw.version,
                thousands(t.tw.tasks as u64),
                thousands(t.tw.annotations as u64)
            );
            md.push_str("| plan | ms (CPU ms) | Taskwarrior | ms (CPU ms) | plan is faster by | peak RSS MiB (plan / task) |\n|---|---:|---|---:|---:|---:|\n");
            let plan_size = results.iter().find(|r| r.size.key == TASK_SIZE);
            for (cmd, name, _) in pairs() {
                let ts = task_stats(t, name);
                let task_label = if name == "annotate" {
                    "`task 1 annotate …`".to_string()
                } else {
                    format!("`task {name}`")
                };
                if let Some(p) = plan_size.and_then(|r| r.get(cmd)) {
                    let _ = writeln!(
                        md,
                        "| {} | {} ({}) | {task_label} | {} ({}) | {} | {:.1} / {:.1} |",
                        cmd.label(),
                        ms(p),
                        cpu_ms(p),
                        ms(ts),
                        cpu_ms(ts),
                        both(ts, p),
                        p.rss_mib(),
                        ts.rss_mib()
                    );
                }
            }
        }
        None => {
            let _ = writeln!(
                md,
                "\n#### Taskwarrior\n\nNot run (`--no-task`, `task` not installed, or size {TASK_SIZE} not chosen)."
            );
        }
    }
    serve_section(&mut md, serve);
    md
}

/// `plan serve` and fava under load (issue #22's targets: ≥ 500 req/s and
/// p99 < 20 ms for the dashboard, ≥ 50× fava's throughput).
fn serve_section(md: &mut String, serve: &crate::Served) {
    let _ = writeln!(
        md,
        "\n#### Serving\n\nSize {TASK_SIZE}; `wrk` with {} connections for {} s after a 1 s warm-up, loopback only.\n",
        crate::serve::CONNECTIONS,
        serve.seconds
    );
    let loads: Vec<_> = serve.plan.iter().chain(&serve.fava).collect();
    if loads.is_empty() {
        let _ = writeln!(md, "Not run.");
    } else {
        md.push_str("| server | requests/s | p50 ms | p99 ms |\n|---|---:|---:|---:|\n");
        for l in loads {
            let _ = writeln!(
                md,
                "| {} | {:.0} | {:.1} | {:.1} |",
                l.what, l.requests_per_s, l.p50_ms, l.p99_ms
            );
        }
        if let (Some(plan), Some(fava)) = (&serve.plan, &serve.fava) {
            let _ = writeln!(
                md,
                "\n`plan serve`'s dashboard answers {:.1}× fava's requests a second (goal: ≥ 50×).",
                plan.requests_per_s / fava.requests_per_s.max(1e-9)
            );
        }
    }
    for n in &serve.notices {
        let _ = writeln!(md, "\n{n}");
    }
}

const BEGIN: &str = "<!-- bench:begin -->";
const END: &str = "<!-- bench:end -->";

/// Replaces the marked block of docs/performance.md with `report`: the lines
/// between a line that is exactly [`BEGIN`] and one that is exactly [`END`]
/// (the markers may also appear quoted in the prose).
pub fn write_docs(report: &str) -> Result<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/performance.md");
    let doc = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let line = |marker: &str, from: usize| {
        let mut offset = 0;
        doc.split_inclusive('\n')
            .map(|l| {
                let start = offset;
                offset += l.len();
                (start, l)
            })
            .find(|(start, l)| *start >= from && l.trim_end() == marker)
            .map(|(start, l)| (start, start + l.len()))
    };
    let Some((_, after_begin)) = line(BEGIN, 0) else {
        bail!("{} has no line {BEGIN}", path.display());
    };
    let Some((before_end, _)) = line(END, after_begin) else {
        bail!("{} has no line {END} after {BEGIN}", path.display());
    };
    let updated = format!(
        "{}{}\n{}",
        &doc[..after_begin],
        report.trim_end(),
        &doc[before_end..]
    );
    std::fs::write(&path, updated).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
