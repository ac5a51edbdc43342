//! The README's tour is real: every fenced block of README.md that starts
//! with `$ ` is what `docs/tour.sh` prints for those commands, run with the
//! binary under test.
//!
//! The rules:
//! - A README block is a sequence of commands (`$ …` lines), each followed
//!   by its output; the tour's output is split the same way, at every line
//!   that starts with `$ `. Every command must be one the tour runs (same text),
//!   and every command the tour runs must be shown somewhere in the README.
//! - The output must be the tour's, line for line, except that a line
//!   holding only `…` stands for one or more lines of the tour's output: at
//!   the end of a block's output it means "and more", in the middle "lines
//!   left out".
//! - Note keys are random, so before comparing, every word of exactly 8
//!   lowercase hex digits in the tour's output (a note's short key, such as
//!   8631c1cb) becomes k0000001, k0000002 … in order of first appearance.
//!   The README shows those placeholders. Nothing else is normalised: dates
//!   and "as of" days are pinned by the tour's flags.
//!
//! `PLAN_UPDATE_DOCS=1 cargo test --test readme` rewrites the README's
//! blocks from the tour (keeping a block's trailing `…`: the same number of
//! leading lines is kept); a command the tour does not run still fails.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{installed, plan_bin, repo_root};

/// A line that stands for one or more lines of output.
const ELISION: &str = "…";

/// One command and the lines it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    command: String,
    output: Vec<String>,
}

/// A fenced block of the README that shows commands: where its lines are
/// (0-based, the fences excluded) and what it shows.
#[derive(Debug)]
struct Block {
    first_line: usize,
    end_line: usize,
    runs: Vec<Run>,
}

/// Splits lines into runs: a line starting with `$ ` starts a command.
/// Lines before the first command are an error (a block must start with
/// one; the tour prints nothing else).
fn runs_of(lines: &[String]) -> Result<Vec<Run>, String> {
    let mut runs: Vec<Run> = Vec::new();
    for line in lines {
        if let Some(command) = line.strip_prefix("$ ") {
            runs.push(Run {
                command: command.to_string(),
                output: Vec::new(),
            });
        } else if let Some(run) = runs.last_mut() {
            run.output.push(line.clone());
        } else {
            return Err(format!("output before any `$ ` command: {line:?}"));
        }
    }
    Ok(runs)
}

/// The README's fenced blocks whose first line starts with `$ `.
fn session_blocks(readme: &str) -> Vec<Block> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with("```") {
            i += 1;
            continue;
        }
        let first_line = i + 1;
        let mut end_line = first_line;
        while end_line < lines.len() && !lines[end_line].starts_with("```") {
            end_line += 1;
        }
        assert!(
            end_line < lines.len(),
            "README.md: the fence at line {} is never closed",
            i + 1
        );
        let content: Vec<String> = lines[first_line..end_line]
            .iter()
            .map(|l| l.to_string())
            .collect();
        if content.first().is_some_and(|l| l.starts_with("$ ")) {
            let runs = runs_of(&content).expect("a block that starts with a command");
            blocks.push(Block {
                first_line,
                end_line,
                runs,
            });
        }
        i = end_line + 1;
    }
    blocks
}

/// Replaces every word of exactly 8 lowercase hex digits (a note's short
/// key) with k0000001, k0000002 … in order of first appearance. A word is
/// a maximal run of ASCII letters and digits.
fn normalise_keys(text: &str) -> String {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut String| {
        let is_key = word.len() == 8
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if is_key {
            let next = format!("k{:07}", names.len() + 1);
            out.push_str(names.entry(word.clone()).or_insert(next));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Whether README lines (with `…` elisions) show the tour's lines: every
/// other line equal, in order, each `…` standing for one or more lines.
fn shows(readme: &[String], tour: &[String]) -> bool {
    // reachable[j]: the README lines so far can match the first j tour lines.
    let mut reachable = vec![false; tour.len() + 1];
    reachable[0] = true;
    for line in readme {
        let mut next = vec![false; tour.len() + 1];
        if line == ELISION {
            let mut seen = false;
            for j in 0..tour.len() {
                seen |= reachable[j];
                next[j + 1] = seen;
            }
        } else {
            for j in 0..tour.len() {
                next[j + 1] = reachable[j] && tour[j] == *line;
            }
        }
        reachable = next;
    }
    reachable[tour.len()]
}

/// What a README block's output becomes in update mode: the tour's output,
/// cut after as many lines as the README showed before a final `…`.
fn updated(readme: &[String], tour: &[String]) -> (Vec<String>, Option<String>) {
    if shows(readme, tour) {
        return (readme.to_vec(), None);
    }
    let elisions = readme.iter().filter(|l| *l == ELISION).count();
    let trailing = readme.last().is_some_and(|l| l == ELISION);
    if elisions == 1 && trailing {
        let head = readme.len() - 1;
        if tour.len() > head {
            let mut lines = tour[..head].to_vec();
            lines.push(ELISION.to_string());
            return (lines, None);
        }
        return (tour.to_vec(), None);
    }
    let warning = (elisions > 0).then(|| {
        "its `…` lines were in the middle; it now shows the whole output: elide it again by hand"
            .to_string()
    });
    (tour.to_vec(), warning)
}

/// Runs docs/tour.sh with the binary under test; its stdout, keys normalised.
fn tour_output(root: &Path) -> String {
    let output = Command::new("bash")
        .arg(root.join("docs/tour.sh"))
        .arg(plan_bin())
        .current_dir(root)
        .env("PLAN_CACHE_DIR", common::test_cache_dir())
        .stdin(Stdio::null())
        .output()
        .expect("bash runs docs/tour.sh");
    let stdout = String::from_utf8(output.stdout).expect("the tour prints UTF-8");
    assert!(
        output.status.success(),
        "docs/tour.sh failed ({}):\n{}\n--- its output so far ---\n{stdout}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    normalise_keys(&stdout)
}

/// The first `limit` lines of a text, for a failure message.
fn excerpt(lines: &[String], limit: usize) -> String {
    let mut shown: Vec<&str> = lines.iter().take(limit).map(String::as_str).collect();
    if lines.len() > limit {
        shown.push("[… the rest left out here]");
    }
    shown.join("\n")
}

#[test]
fn every_command_block_of_the_readme_is_what_the_tour_prints() {
    if !installed("bash", "bash") {
        return;
    }
    let root = repo_root();
    let tour_lines: Vec<String> = tour_output(&root).lines().map(String::from).collect();
    let tour = runs_of(&tour_lines).expect("the tour prints a command before any output");
    let mut by_command: BTreeMap<&str, &Run> = BTreeMap::new();
    for run in &tour {
        assert!(
            by_command.insert(&run.command, run).is_none(),
            "docs/tour.sh runs `{}` twice: a README block could not say which it shows",
            run.command
        );
    }

    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let blocks = session_blocks(&readme);
    assert!(!blocks.is_empty(), "README.md shows no `$ ` blocks");
    let update = std::env::var_os("PLAN_UPDATE_DOCS").is_some();

    // Each problem with the README line it is about, to report in order.
    let mut problems: Vec<(usize, String)> = Vec::new();
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    let mut lines: Vec<String> = readme.lines().map(String::from).collect();
    // Replaced from the last block up, so earlier line numbers stay valid.
    for block in blocks.iter().rev() {
        let mut new_content = Vec::new();
        for run in &block.runs {
            new_content.push(format!("$ {}", run.command));
            let Some(toured) = by_command.get(run.command.as_str()) else {
                problems.push((
                    block.first_line,
                    format!(
                        "README.md line {}: `$ {}` is not a command docs/tour.sh runs; add it to the tour or take it out of the README",
                        block.first_line + 1,
                        run.command
                    ),
                ));
                new_content.extend(run.output.iter().cloned());
                continue;
            };
            shown.insert(toured.command.as_str());
            if update {
                let (output, warning) = updated(&run.output, &toured.output);
                if let Some(warning) = warning {
                    eprintln!("README.md: the block of `$ {}`: {warning}", run.command);
                }
                new_content.extend(output);
            } else if !shows(&run.output, &toured.output) {
                problems.push((
                    block.first_line,
                    format!(
                        "README.md line {}: the output of `$ {}` is not what docs/tour.sh prints \
                         (run PLAN_UPDATE_DOCS=1 cargo test --test readme)\n--- README ---\n{}\n--- tour ---\n{}",
                        block.first_line + 1,
                        run.command,
                        run.output.join("\n"),
                        excerpt(&toured.output, 60),
                    ),
                ));
            }
        }
        if update {
            lines.splice(block.first_line..block.end_line, new_content);
        }
    }
    for run in &tour {
        if !shown.contains(run.command.as_str()) {
            problems.push((
                usize::MAX,
                format!(
                    "docs/tour.sh runs `$ {}`, which no README block shows: show it or take it out of the tour",
                    run.command
                ),
            ));
        }
    }
    if update {
        let mut text = lines.join("\n");
        text.push('\n');
        if text != readme {
            std::fs::write(&readme_path, text).unwrap();
        }
    }
    problems.sort();
    let problems: Vec<String> = problems.into_iter().map(|(_, p)| p).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

fn strings(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

#[test]
fn an_elision_stands_for_one_or_more_lines_and_nothing_else_is_loose() {
    let tour = strings(&["a", "b", "c", "d"]);
    assert!(shows(&strings(&["a", "b", "c", "d"]), &tour));
    assert!(shows(&strings(&["a", "…"]), &tour));
    assert!(shows(&strings(&["a", "…", "d"]), &tour));
    assert!(shows(&strings(&["…", "c", "d"]), &tour));
    assert!(shows(&strings(&["a", "…", "c", "…"]), &tour));
    // An elision stands for at least one line.
    assert!(!shows(&strings(&["a", "b", "c", "d", "…"]), &tour));
    assert!(!shows(&strings(&["a", "…", "b", "c", "d"]), &tour));
    // Without one, every line counts.
    assert!(!shows(&strings(&["a", "b", "c"]), &tour));
    assert!(!shows(&strings(&["a", "b", "x", "d"]), &tour));
    assert!(!shows(&strings(&["a", "…", "x"]), &tour));
    assert!(!shows(&strings(&["a", "b", "c", "d", "e"]), &tour));
    assert!(shows(&[], &[]));
    assert!(!shows(&strings(&["…"]), &[]));
}

#[test]
fn update_keeps_a_trailing_elision_and_its_head_length() {
    let tour = strings(&["a", "B", "c", "d"]);
    assert_eq!(
        updated(&strings(&["a", "b", "…"]), &tour),
        (strings(&["a", "B", "…"]), None)
    );
    assert_eq!(updated(&strings(&["a", "x"]), &tour), (tour.clone(), None));
    let (lines, warning) = updated(&strings(&["a", "…", "x"]), &tour);
    assert_eq!(lines, tour);
    assert!(warning.is_some());
    // A block that already matches is left as it is.
    assert_eq!(
        updated(&strings(&["a", "…", "d"]), &tour),
        (strings(&["a", "…", "d"]), None)
    );
}

#[test]
fn keys_become_placeholders_in_order_of_first_appearance() {
    let text = "Recorded [6baeebe9]\namends 6401f79a: 6baeebe9 20211005 x3fa91c2e 3fa91c2e1 ABCDEF12 2021-06-15";
    assert_eq!(
        normalise_keys(text),
        "Recorded [k0000001]\namends k0000002: k0000001 k0000003 x3fa91c2e 3fa91c2e1 ABCDEF12 2021-06-15"
    );
}

#[test]
fn blocks_are_found_by_their_first_line() {
    let readme = "# t\n\n```\n$ plan a\nout\n…\n$ plan b\n```\n\n```sh\nplan c   # not a session\n```\n\n```\n$ plan d\n```\n";
    let blocks = session_blocks(readme);
    assert_eq!(blocks.len(), 2);
    assert_eq!((blocks[0].first_line, blocks[0].end_line), (3, 7));
    assert_eq!(
        blocks[0].runs,
        vec![
            Run {
                command: "plan a".into(),
                output: strings(&["out", "…"])
            },
            Run {
                command: "plan b".into(),
                output: vec![]
            }
        ]
    );
    assert_eq!(blocks[1].runs[0].command, "plan d");
    assert!(runs_of(&strings(&["stray", "$ plan x"])).is_err());
}
