//! Taskwarrior side by side: the same measures, sub-items and notes imported
//! as tasks and annotations into a throwaway data directory.
//!
//! Each measure and each ・ sub-item becomes one task (project
//! `s<section>.<party>`), each note in force (as `plan log` shows them) an
//! annotation of its task (at the note's time). A measure's status becomes
//! the task's: planned → pending, active → pending and started, blocked →
//! pending tagged `blocked`, done → completed, dropped → deleted. Taskwarrior runs with its own rc file only
//! (`TASKRC`, `TASKDATA`), with `rc.confirmation=off rc.verbose=nothing
//! rc.hooks=off rc.gc=off` on every command.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};

use crate::measure::{self, Stats};

/// Taskwarrior's overrides on every command (besides the rc file's).
const OVERRIDES: [&str; 4] = [
    "rc.confirmation=off",
    "rc.verbose=nothing",
    "rc.hooks=off",
    "rc.gc=off",
];

/// A Taskwarrior data directory holding a plan's measures.
pub struct Taskwarrior {
    rc: PathBuf,
    data: PathBuf,
    pub version: String,
    pub tasks: usize,
    pub annotations: usize,
}

/// The timed Taskwarrior commands.
pub struct Results {
    pub tw: Taskwarrior,
    pub list: Stats,
    pub summary: Stats,
    pub annotate: Stats,
}

/// `None` when `task` is not installed.
pub fn installed() -> Option<String> {
    let out = Command::new("task").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

impl Taskwarrior {
    /// Imports the plan in `plan_dir` into `dir` (emptied first).
    pub fn import(version: String, plan_dir: &Path, dir: &Path) -> Result<Taskwarrior> {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        let data = dir.join("data");
        std::fs::create_dir_all(&data)?;
        let rc = dir.join("taskrc");
        std::fs::write(
            &rc,
            format!(
                "data.location={}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n",
                data.display()
            ),
        )?;
        let (tasks, annotations) = tasks_json(plan_dir)?;
        let count = tasks.len();
        let file = dir.join("import.json");
        std::fs::write(&file, serde_json::to_vec(&Value::Array(tasks))?)?;
        let tw = Taskwarrior {
            rc,
            data,
            version,
            tasks: count,
            annotations,
        };
        let status = tw
            .command(&["import", &file.to_string_lossy()])
            .stdout(std::process::Stdio::null())
            .status()?;
        if !status.success() {
            bail!("task import failed ({status})");
        }
        // One garbage collection, as a user's next command would do: pending
        // tasks in pending.data with IDs 1…, the others in completed.data.
        measure::run_once(&mut tw.command(&["rc.gc=on", "count"]))?;
        Ok(tw)
    }

    /// `task <overrides> ARGS` on this data only.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("task");
        cmd.env("TASKRC", &self.rc)
            .env("TASKDATA", &self.data)
            .args(OVERRIDES)
            .args(args);
        cmd
    }
}

/// The plan's measures and sub-items as Taskwarrior import objects, and the
/// number of annotations among them, from what `plan list` and `plan log`
/// print as JSON: the notes in force, a measure's status as plan computes it
/// (a sub-item's: its latest note that sets one).
fn tasks_json(plan_dir: &Path) -> Result<(Vec<Value>, usize)> {
    let json = |args: &[&str]| -> Result<Vec<Value>> {
        let out = crate::plan_command(
            plan_dir,
            &args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        )
        .output()?;
        if !out.status.success() {
            bail!(
                "plan {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        match serde_json::from_slice(&out.stdout)? {
            Value::Array(items) => Ok(items),
            other => bail!("plan {args:?} printed no JSON array: {other}"),
        }
    };
    let measures = json(&["list", "--format", "json"])?;
    let mut notes = json(&["log", "--format", "json"])?;
    // Oldest first: the last status seen is the current one.
    notes.reverse();
    let field = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let mut status: HashMap<String, (String, String)> = HashMap::new();
    let mut annotations: HashMap<String, Vec<(DateTime<FixedOffset>, String)>> = HashMap::new();
    for n in &notes {
        let id = field(n, "id");
        let at = DateTime::parse_from_rfc3339(&field(n, "at"))
            .with_context(|| format!("a note's time: {n}"))?;
        if let Some(s) = n["status"].as_str() {
            status.insert(id.clone(), (s.to_string(), utc(&at)));
        }
        annotations
            .entry(id)
            .or_default()
            .push((at, field(n, "text")));
    }
    let mut tasks = Vec::new();
    let mut count = 0;
    let entry = "20210401T000000Z";
    for m in &measures {
        let id = field(m, "id");
        let mut ids = vec![(id.clone(), field(m, "text"), Some(field(m, "status")))];
        for (i, item) in m["items"].as_array().into_iter().flatten().enumerate() {
            let text = format!("・{}", item.as_str().unwrap_or_default());
            ids.push((format!("{id}.{}", i + 1), text, None));
        }
        for (id, text, measure_status) in ids {
            let mut task = json!({
                "uuid": format!("00000000-0000-4000-8000-{:012x}", tasks.len() + 1),
                "description": format!("{id} {text}"),
                "project": format!("s{}.{}", m["section"], field(m, "party")),
                "entry": entry,
                "status": "pending",
            });
            let (state, when) = match (measure_status, status.get(&id)) {
                (Some(s), latest) => (s, latest.map(|(_, at)| at.clone())),
                (None, Some((s, at))) => (s.clone(), Some(at.clone())),
                (None, None) => ("planned".to_string(), None),
            };
            let when = when.unwrap_or_else(|| entry.to_string());
            match state.as_str() {
                "done" => {
                    task["status"] = json!("completed");
                    task["end"] = json!(when);
                }
                "dropped" => {
                    task["status"] = json!("deleted");
                    task["end"] = json!(when);
                }
                "active" => task["start"] = json!(when),
                "blocked" => task["tags"] = json!(["blocked"]),
                _ => {}
            }
            if let Some(list) = annotations.get(&id) {
                // Taskwarrior keys annotations by their second: keep them apart.
                let mut seconds = HashSet::new();
                let mut out = Vec::new();
                for (at, text) in list {
                    let mut t = at.with_timezone(&Utc);
                    while !seconds.insert(t.timestamp()) {
                        t += chrono::Duration::seconds(1);
                    }
                    out.push(json!({ "entry": t.format("%Y%m%dT%H%M%SZ").to_string(), "description": text }));
                }
                count += out.len();
                task["annotations"] = Value::Array(out);
            }
            tasks.push(task);
        }
    }
    Ok((tasks, count))
}

fn utc(at: &DateTime<FixedOffset>) -> String {
    at.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// The commands timed against plan's, with their labels: `task list`,
/// `task summary` and `task 1 annotate …` (the first pending task) on the
/// imported data. The benchmark times them in turn with plan's commands
/// of the same size ([`Results::new`] takes their stats in this order).
pub const TIMED: [(&str, &[&str]); 3] = [
    ("task list", &["list"]),
    ("task summary", &["summary"]),
    ("task annotate", &["1", "annotate", "ベンチマーク記録"]),
];

impl Results {
    /// The results from the stats of [`TIMED`], in its order.
    pub fn new(tw: Taskwarrior, stats: Vec<Stats>) -> Result<Results> {
        let [list, summary, annotate]: [Stats; 3] = stats
            .try_into()
            .map_err(|s: Vec<Stats>| anyhow::anyhow!("{} Taskwarrior timings, not 3", s.len()))?;
        Ok(Results {
            tw,
            list,
            summary,
            annotate,
        })
    }
}
