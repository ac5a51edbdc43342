//! How `plan note` and `plan status` scale with the size of the notes log.
//!
//! Builds scratch plans with 100, 10,000 and 100,000 existing notes, runs the
//! real (release) binary on each, and prints the median wall time of each
//! command with its ratio to the 100-note baseline. `plan note` appends
//! without reading the log, so its ratio should stay near 1.0; `plan status`
//! reads every note, so it grows with the log.
//!
//! Run with `cargo bench --bench notes` (add `-- --quick` for fewer rounds).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [100, 10_000, 100_000];

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_plan"))
}

/// A copy of the shipped plan with `n` notes spread over its measures.
fn fixture(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    let dest = tmp.path().join("plan");
    std::fs::create_dir_all(dest.join("notes")).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dest.join(path.file_name().unwrap())).unwrap();
        }
    }
    let ids = Command::new(binary())
        .args([
            "--plan",
            dest.to_str().unwrap(),
            "list",
            "--items",
            "--format",
            "ids",
        ])
        .output()
        .unwrap();
    let ids: Vec<String> = String::from_utf8(ids.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let statuses = ["", "active", "done", "", "blocked", ""];
    let mut files: Vec<String> = vec![String::new(); 7];
    for i in 0..n {
        let id = &ids[i % ids.len()];
        let section: usize = id.split('.').next().unwrap().parse().unwrap();
        let (month, day, minute) = (4 + i % 9, 1 + i % 28, i % 60);
        let status = match statuses[i % statuses.len()] {
            "" => String::new(),
            s => format!(", status = \"{s}\""),
        };
        files[section].push_str(&format!(
            "\"2021{month:02}{day:02}T10{minute:02}00+0900-{i:08x}\" = {{ id = \"{id}\", at = 2021-{month:02}-{day:02}T10:{minute:02}:00+09:00, author = \"山田 太郎\"{status}, text = \"セミナーを実施しました（第{i}回）\" }}\n"
        ));
    }
    for (section, text) in files.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
        std::fs::write(dest.join("notes").join(format!("{section:02}.toml")), text).unwrap();
    }
    tmp
}

/// Median wall time of `rounds` runs of `plan <args>` on the plan in `dir`.
fn median(dir: &Path, args: &[&str], rounds: usize) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(binary())
                .arg("--plan")
                .arg(dir.join("plan"))
                .args(args)
                .env("PLAN_AUTHOR", "bench")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "plan {args:?} failed");
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 5 } else { 21 };
    println!("| command | notes | median | vs 100 notes |");
    println!("|---|---:|---:|---:|");
    for (name, args) in [
        (
            "plan note",
            &["note", "2.tmg.イ", "ベンチマーク", "--at", "2021-06-15"][..],
        ),
        ("plan status", &["status", "--format", "json"][..]),
    ] {
        let mut baseline = None;
        for n in SIZES {
            let dir = fixture(n);
            // One untimed run warms the file cache.
            median(dir.path(), args, 1);
            let t = median(dir.path(), args, rounds);
            let base = *baseline.get_or_insert(t);
            println!(
                "| `{name}` | {n} | {:.1} ms | {:.2}× |",
                t.as_secs_f64() * 1000.0,
                t.as_secs_f64() / base.as_secs_f64()
            );
        }
    }
}
