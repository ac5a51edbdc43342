//! `plan serve` under load, and fava for comparison (issue #22): each
//! server gets a plan (a ledger) of the size of `TASK_SIZE`, listens on
//! loopback only, and `wrk` (Debian's `wrk`) keeps 4 connections busy on
//! one page for a bounded time. Either is skipped with a notice when its
//! program is missing.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};

/// Requests a second and latency percentiles of one load run.
#[derive(Debug, Clone)]
pub struct Load {
    pub what: String,
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Connections wrk keeps busy.
pub const CONNECTIONS: u32 = 4;

/// Whether `wrk` is installed.
pub fn wrk_installed() -> bool {
    Command::new("wrk")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A free loopback port (taken and given back at once).
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A server process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits (at most `limit`) until something listens on `port`.
fn wait_for(port: u16, limit: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("nothing listened on port {port} within {limit:?}")
}

/// One GET of `path` on `port`, read to the end: the server's first
/// answer (which loads the plan) comes before the clock starts.
fn get_once(port: u16, path: &str) -> Result<()> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    if !answer.starts_with(b"HTTP/1.1 200") {
        bail!(
            "GET {path} answered {}",
            String::from_utf8_lossy(&answer[..answer.len().min(40)])
        );
    }
    Ok(())
}

/// `wrk` on `url` for `seconds`, after a one-second warm-up.
fn wrk(what: &str, url: &str, seconds: u32) -> Result<Load> {
    let run = |secs: u32| {
        Command::new("wrk")
            .args(["-t", "2", "-c", &CONNECTIONS.to_string()])
            .args([
                "-d",
                &format!("{secs}s"),
                "--timeout",
                "10s",
                "--latency",
                url,
            ])
            .output()
            .context("wrk")
    };
    run(1)?;
    let out = run(seconds)?;
    let text = String::from_utf8_lossy(&out.stdout);
    parse_wrk(what, &text).with_context(|| format!("wrk's report:\n{text}"))
}

/// The figures of wrk's `--latency` report.
fn parse_wrk(what: &str, text: &str) -> Result<Load> {
    let field = |label: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(label).map(|r| r.trim().to_string()))
    };
    let ms = |s: &str| -> Option<f64> {
        let (n, factor) = if let Some(n) = s.strip_suffix("us") {
            (n, 0.001)
        } else if let Some(n) = s.strip_suffix("ms") {
            (n, 1.0)
        } else if let Some(n) = s.strip_suffix('s') {
            (n, 1000.0)
        } else {
            (s, 1.0)
        };
        n.parse::<f64>().ok().map(|v| v * factor)
    };
    if let Some(errors) = field("Non-2xx or 3xx responses:") {
        bail!("{errors} requests failed");
    }
    let requests_per_s = field("Requests/sec:")
        .and_then(|s| s.parse().ok())
        .context("no Requests/sec")?;
    let p50_ms = field("50%").and_then(|s| ms(&s)).context("no 50%")?;
    let p99_ms = field("99%").and_then(|s| ms(&s)).context("no 99%")?;
    Ok(Load {
        what: what.to_string(),
        requests_per_s,
        p50_ms,
        p99_ms,
    })
}

/// `plan serve --read-only` on `dir`, its dashboard under load.
pub fn plan_serve(dir: &Path, seconds: u32) -> Result<Load> {
    let port = free_port()?;
    let mut cmd = crate::plan_command(
        dir,
        &[
            "serve".into(),
            "--read-only".into(),
            "--port".into(),
            port.to_string(),
        ],
    );
    let _server = Server(
        cmd.stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("plan serve")?,
    );
    wait_for(port, Duration::from_secs(60))?;
    get_once(port, "/")?;
    wrk(
        "`plan serve`: dashboard",
        &format!("http://127.0.0.1:{port}/"),
        seconds,
    )
}

/// The `fava` program, if installed (`FAVA` names another).
pub fn fava() -> Option<String> {
    let program = std::env::var("FAVA").unwrap_or_else(|_| "fava".into());
    Command::new(&program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()
        .filter(|s| s.success())
        .map(|_| program)
}

/// A beancount ledger of `n` transactions over fiscal year 2021 (seeded).
pub fn write_ledger(path: &Path, n: usize) -> Result<()> {
    let mut rng = fastrand::Rng::with_seed(1);
    let expenses = ["Rent", "Travel", "Seminars", "Printing", "Staff", "Events"];
    let mut text = String::from(
        "option \"title\" \"scale benchmark\"\noption \"operating_currency\" \"JPY\"\n\n",
    );
    text.push_str("2021-04-01 open Assets:Bank JPY\n2021-04-01 open Income:Grants JPY\n2021-04-01 open Equity:Opening JPY\n");
    for e in expenses {
        text.push_str(&format!("2021-04-01 open Expenses:{e} JPY\n"));
    }
    let start = chrono::NaiveDate::from_ymd_opt(2021, 4, 1).expect("a date");
    let mut days: Vec<i64> = (0..n).map(|_| rng.i64(0..365)).collect();
    days.sort_unstable();
    for (i, day) in days.into_iter().enumerate() {
        let date = start + chrono::TimeDelta::days(day);
        let amount = rng.u32(1..500) * 100;
        if i % 10 == 0 {
            text.push_str(&format!(
                "{date} * \"助成金 {i}\"\n  Assets:Bank  {amount} JPY\n  Income:Grants\n\n"
            ));
        } else {
            let e = expenses[rng.usize(0..expenses.len())];
            text.push_str(&format!(
                "{date} * \"支出 {i}\"\n  Expenses:{e}  {amount} JPY\n  Assets:Bank\n\n"
            ));
        }
    }
    std::fs::write(path, text)?;
    Ok(())
}

/// fava on a ledger of `n` transactions, its income statement API under load.
pub fn fava_serve(program: &str, work: &Path, n: usize, seconds: u32) -> Result<Load> {
    let ledger = work.join("ledger.beancount");
    write_ledger(&ledger, n)?;
    let port = free_port()?;
    let _server = Server(
        Command::new(program)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(&ledger)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("fava")?,
    );
    wait_for(port, Duration::from_secs(120))?;
    // fava names the ledger by its title's slug.
    let path = "/scale-benchmark/api/income_statement";
    get_once(port, path)?;
    wrk(
        "fava: income statement API",
        &format!("http://127.0.0.1:{port}{path}"),
        seconds,
    )
}
