//! Crash consistency: `plan note` processes killed with SIGKILL at random
//! moments, several at once, never lose a note they acknowledged, and
//! what they leave behind `plan check --fix` cleans up.

mod common;
mod support;

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use common::*;
use support::*;

/// A small xorshift generator, seeded from the clock (the seed is printed
/// so a failing run can be repeated with PLAN_TEST_SEED).
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("PLAN_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("crash test seed: PLAN_TEST_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn notes_acknowledged_before_a_sigkill_are_kept_and_check_fix_leaves_the_files_clean() {
    let s = copy_plan();
    let dir = s.plan_dir();
    let mut rng = Rng::new();
    // Long notes span several pages, so a kill can land inside the write.
    let body: String = "中断試験".chars().cycle().take(6000).collect();
    let ids = ["2.tmg.イ", "2.tcci.ア", "1.tmg.ア,2.tmg.ア", "3.tmg.ウ"];
    let (mut acknowledged, mut killed, mut torn) = (Vec::new(), 0, 0);
    for round in 0..40 {
        let mut children: Vec<(String, std::process::Child)> = (0..4)
            .map(|k| {
                let text = format!(
                    "{round}-{k} {}",
                    &body[..rng.below(body.len() as u64 / 3) as usize * 3]
                );
                let child = std_plan(&dir)
                    .args(["note", ids[k], &text, "--at", "2021-07-01T10:00"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                (text, child)
            })
            .collect();
        std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        for (text, child) in &mut children {
            if rng.below(4) > 0 {
                let _ = child.kill();
            }
            let status = child.wait().unwrap();
            if status.success() {
                acknowledged.push(text.clone());
            } else {
                killed += 1;
            }
        }
        // How often a kill tore a line (the next writer cuts it).
        for entry in std::fs::read_dir(s.notes_dir()).into_iter().flatten() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            torn += usize::from(bytes.last().is_some_and(|b| *b != b'\n'));
        }
    }
    eprintln!(
        "{} notes acknowledged, {killed} writers killed, {torn} torn tails seen",
        acknowledged.len()
    );
    assert!(killed > 0, "no writer was killed: the test proved nothing");

    // Every acknowledged note is there (read commands warn at most).
    let log = run(std_plan(&dir).args(["log", "--all", "--format", "json"]));
    assert_no_crash(&log, "log");
    log.expect_code(0, "log");
    let notes: Vec<serde_json::Value> = serde_json::from_str(&log.stdout).unwrap();
    let texts: HashSet<&str> = notes.iter().filter_map(|n| n["text"].as_str()).collect();
    for text in &acknowledged {
        assert!(
            texts.contains(text.as_str()),
            "acknowledged note lost: {}…",
            head(text)
        );
    }

    // --fix removes what a last kill left; then nothing is wrong anywhere.
    let fix = run(std_plan(&dir).args(["check", "--fix"]));
    assert_no_crash(&fix, "check --fix");
    let check = run(std_plan(&dir).args(["check", "--format", "json"]));
    let problems: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
    let errors: Vec<_> = problems
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "after --fix: {errors:?}");
    check.expect_code(0, "check after --fix");
    for args in [
        &["list"][..],
        &["status"],
        &["log"],
        &["show", "2.tmg.イ"],
        &["show", "2"],
        &["status", "--by", "measure", "--format", "json"],
    ] {
        let r = run(std_plan(&dir).args(args));
        assert_no_crash(&r, &args.join(" "));
        r.expect_code(0, &args.join(" "));
        assert!(
            r.stderr.is_empty(),
            "{args:?} warns after --fix: {}",
            r.stderr
        );
    }
    // Each file ends on a full line.
    for entry in std::fs::read_dir(s.notes_dir()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert_eq!(bytes.last(), Some(&b'\n'));
    }
}

/// The start of a note's text for a message: whole characters only (the
/// texts are Japanese, three bytes a character after an ASCII prefix).
fn head(text: &str) -> String {
    text.chars().take(20).collect()
}

#[test]
fn a_lost_notes_head_is_cut_between_characters() {
    // "1-3 " is four bytes: a cut at byte 20 would fall inside a character.
    let text = format!("1-3 {}", "中断試験".repeat(10));
    assert!(!text.is_char_boundary(20));
    assert_eq!(head(&text), format!("1-3 {}", "中断試験".repeat(4)));
}
