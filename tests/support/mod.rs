//! Helpers of the hardening tests (hardening, hostile, crash): running
//! `plan` with a deadline that turns a hang into a failure, measuring the
//! child's peak memory, checking output for raw control characters, and
//! skipping politely when an external program is missing.
#![allow(dead_code)]

use std::io::Read;
use std::os::unix::process::CommandExt as _;

use crate::common::{GNU_TIME, peak_rss_kib, under_gnu_time, with_setup_of};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Long enough for a debug build on a busy 2-core machine; only a hang
/// gets near it.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// For reading a 50 MB file in a debug build on that machine.
pub const LONG_DEADLINE: Duration = Duration::from_secs(600);

/// What a finished child did.
#[derive(Debug)]
pub struct Run {
    /// The exit code, when it exited.
    pub code: Option<i32>,
    /// The signal that ended it, when one did.
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident memory, in bytes (from GNU time); `None` where GNU
    /// time is missing (never under CI), so no limit is checked against 0.
    pub max_rss: Option<u64>,
}

impl Run {
    /// Panics unless it exited with `code`, showing its output.
    pub fn expect_code(&self, code: i32, what: &str) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "{what}: expected exit {code}, got {self:?}"
        );
        self
    }

    /// Panics if the peak memory reached `limit` bytes; where it was not
    /// measured (no GNU time, outside CI), says the check was skipped.
    pub fn expect_peak_below(&self, limit: u64, what: &str) -> &Self {
        match self.max_rss {
            Some(used) => assert!(used < limit, "{what} used {used} bytes (limit {limit})"),
            None => crate::common::skipped(&format!(
                "peak memory of {what} not checked: GNU time (Debian package time) is not installed"
            )),
        }
        self
    }

    /// Both streams, for assertions on what was said.
    pub fn said(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// What the child's standard input is.
#[derive(Debug, Clone, Copy)]
pub enum Input {
    Null,
    /// A pipe kept open and never written: reading it would block forever.
    OpenPipe,
}

/// Runs `cmd` to its end under GNU time, killing it and failing the test if
/// it is still running after `deadline`.
pub fn run_with_deadline(cmd: &mut Command, input: Input, deadline: Duration) -> Run {
    // Outside CI, a machine without GNU time runs the tests unmeasured.
    let measured = Path::new(GNU_TIME).exists();
    if !measured {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "GNU time is not installed, but CI=true: .ci/run installs the Debian package time"
        );
    }
    let report = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut timed = if measured {
        under_gnu_time(cmd, report.path())
    } else {
        // `env` runs the command as it is, in its own process group too.
        with_setup_of(cmd, Command::new("env"))
    };
    // Its own process group, so a hang is killed with time and all.
    timed.process_group(0);
    timed.stdout(Stdio::piped()).stderr(Stdio::piped());
    timed.stdin(match input {
        Input::Null => Stdio::null(),
        Input::OpenPipe => Stdio::piped(),
    });
    let mut child = timed
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let _stdin = child.stdin.take();
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break status;
        }
        if started.elapsed() > deadline {
            // SAFETY: kill(2) on our child's own process group.
            unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
            let _ = child.wait();
            panic!(
                "{cmd:?} still ran after {deadline:?} (a hang): killed it\nstderr: {}",
                stderr.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let said = std::fs::read_to_string(report.path()).unwrap_or_default();
    // `time` says "Command terminated by signal N" before the figure.
    let signal = said
        .lines()
        .find_map(|l| l.strip_prefix("Command terminated by signal "))
        .and_then(|n| n.trim().parse().ok())
        .or_else(|| std::os::unix::process::ExitStatusExt::signal(&status));
    let max_rss_kb = measured.then(|| {
        peak_rss_kib(&said).unwrap_or_else(|| panic!("GNU time reported no peak memory: {said:?}"))
    });
    Run {
        code: if signal.is_some() {
            None
        } else {
            status.code()
        },
        signal,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
        max_rss: max_rss_kb.map(|kb| kb * 1024),
    }
}

/// [`run_with_deadline`] with no input and the usual deadline.
pub fn run(cmd: &mut Command) -> Run {
    run_with_deadline(cmd, Input::Null, DEADLINE)
}

fn reader(stream: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut s) = stream {
            let _ = s.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Fails on a crash: an exit by signal (134 is abort), or exit 4 (a panic
/// caught by the hook).
pub fn assert_no_crash(run: &Run, what: &str) {
    assert!(
        run.signal.is_none() && run.code.is_some_and(|c| c != 4 && c < 128),
        "{what} crashed: {run:?}"
    );
    assert!(
        !run.stderr.contains("internal error") && !run.stderr.contains("panicked"),
        "{what} panicked: {}",
        run.stderr
    );
}

/// Characters that must never reach a terminal raw: C0 controls but `\n`
/// and `\t`, DEL, C1 controls, and the invisible or bidi ones that make
/// text read differently from what it is.
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Fails when `out` has a forbidden character, naming it and its line.
pub fn assert_clean(out: &str, what: &str) {
    for (n, line) in out.lines().enumerate() {
        if let Some(c) = line.chars().find(|c| is_forbidden(*c)) {
            panic!(
                "{what}: raw U+{:04X} on line {}: {}",
                c as u32,
                n + 1,
                line.escape_debug()
            );
        }
    }
}

/// Whether `program` can be run. Outside CI a missing one skips the test
/// with a notice; under CI=true it fails it.
pub fn have(program: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`{program}` is needed by this test and CI must provide it"
        );
        crate::common::skipped(&format!("needs `{program}`, which is not installed"));
    }
    found
}

/// Makes a named pipe at `path` (with mkfifo(1), which [`have`] checked).
pub fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A command that runs `inner` through `sh -c SCRIPT`, keeping `inner`'s
/// environment: `"$@"` in the script is `inner` with its arguments.
pub fn through_sh(script: &str, inner: &Command) -> Command {
    let mut cmd = Command::new("sh");
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.arg("-c")
        .arg(script)
        .arg("sh")
        .arg(inner.get_program())
        .args(inner.get_args());
    cmd
}

/// Whether the tests run as root (permission bits do not stop root).
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}
