//! `--callgrind COMMAND`: instruction counts of one plan command at one size,
//! under valgrind's callgrind. Instruction counts barely move on a busy
//! machine, unlike wall times, so they compare before and after a change.
//!
//! The release binary is stripped; this builds the same code with symbols,
//! in Cargo.toml's `profiling` profile (release plus `strip = false`,
//! `debug = "line-tables-only"`, in `target/profiling/`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::report::thousands;

/// Builds `plan` with symbols and returns its path.
pub fn build() -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--profile", "profiling", "--bin", "plan"])
        .args(["--message-format", "json-render-diagnostics"]);
    eprintln!("building plan with symbols (cargo build --profile profiling) …");
    let out = cmd.stderr(Stdio::inherit()).output()?;
    if !out.status.success() {
        bail!("cargo build --profile profiling failed");
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["executable"].as_str().map(PathBuf::from))
        .next_back()
        .ok_or_else(|| anyhow!("cargo did not name the built binary"))
}

/// Runs `plan --plan DIR ARGS` under callgrind, writing `out`, and returns
/// `callgrind_annotate`'s summary: the total, then the top functions by
/// their own instructions and by inclusive ones.
pub fn callgrind(binary: &Path, plan_dir: &Path, args: &[String], out: &Path) -> Result<String> {
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(binary)
        .arg("--plan")
        .arg(plan_dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .context("valgrind is not installed (apt-get install valgrind)")?;
    if !status.success() {
        bail!("valgrind --tool=callgrind failed ({status})");
    }
    let mut report = String::new();
    for inclusive in ["no", "yes"] {
        let annotated = Command::new("callgrind_annotate")
            .arg(format!("--inclusive={inclusive}"))
            .arg("--auto=no")
            .arg(out)
            .output()
            .context("callgrind_annotate is not installed")?;
        let text = String::from_utf8_lossy(&annotated.stdout);
        report.push_str(&top(&text, inclusive == "yes", 20));
    }
    Ok(report)
}

/// The total line and the top `n` functions of callgrind_annotate's output.
/// With line tables, callgrind splits a function by the source file of its
/// inlined code: the entries are merged by function name (summed for self
/// counts; the largest kept for inclusive ones, which already contain the rest).
fn top(annotated: &str, inclusive: bool, n: usize) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = annotated.lines().collect();
    let total = lines
        .iter()
        .find(|l| l.contains("PROGRAM TOTALS"))
        .and_then(|l| count(l))
        .unwrap_or(0);
    if !inclusive {
        out.push_str(&format!("total: {} instructions\n\n", thousands(total)));
    }
    let title = if inclusive {
        "inclusive (the function and everything it calls; main and the frames below it left out)"
    } else {
        "self (the function's own instructions)"
    };
    out.push_str(&format!("top {n} functions, {title}:\n"));
    // The function table follows the header naming `file:function`.
    let start = lines
        .iter()
        .position(|l| l.contains("file:function"))
        .map_or(lines.len(), |i| i + 1);
    let mut merged: Vec<(String, u64)> = Vec::new();
    for line in lines[start..]
        .iter()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
    {
        let (Some(instructions), Some(function)) = (count(line), function(line)) else {
            continue;
        };
        match merged.iter_mut().find(|(f, _)| *f == function) {
            Some((_, c)) if inclusive => *c = (*c).max(instructions),
            Some((_, c)) => *c += instructions,
            None => merged.push((function, instructions)),
        }
    }
    if inclusive {
        // main and the frames below it contain everything: leave them out.
        merged.retain(|(_, c)| *c < total - total / 200);
    }
    merged.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
    for (function, instructions) in merged.iter().take(n) {
        let percent = instructions * 1000 / total.max(1);
        out.push_str(&format!(
            "{:>15} {:>3}.{}%  {function}\n",
            thousands(*instructions),
            percent / 10,
            percent % 10
        ));
    }
    out.push('\n');
    out
}

/// The instruction count a callgrind_annotate line starts with.
fn count(line: &str) -> Option<u64> {
    line.split_whitespace()
        .next()?
        .replace(',', "")
        .parse()
        .ok()
}

/// The function of a callgrind_annotate line (`… file:function [object]`),
/// with the object's file name when it is not plan itself.
fn function(line: &str) -> Option<String> {
    let (_, location) = line.trim().split_once("  ")?;
    let location = location.trim();
    let (location, object) = match location.strip_suffix(']').and_then(|l| l.rsplit_once(" [")) {
        Some((l, object)) => (l, Some(object)),
        None => (location, None),
    };
    // The first `:` that is not half of a `::` ends the file name.
    let bytes = location.as_bytes();
    let colon = (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && bytes.get(i + 1) != Some(&b':') && (i == 0 || bytes[i - 1] != b':')
    })?;
    let name = &location[colon + 1..];
    let library = object
        .and_then(|o| o.rsplit('/').next())
        .filter(|o| *o != "plan");
    Some(match library {
        Some(lib) => format!("{name} ({lib})"),
        None => name.to_string(),
    })
}
