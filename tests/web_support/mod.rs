//! Helpers for the web view's tests: the real `plan serve` on a free port
//! of a scratch plan, the CSRF token of a page, and git in the scratch
//! directory.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};

/// `plan serve` running as a child process; stopped when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    stderr: Option<ChildStderr>,
}

impl Server {
    /// Starts `plan --plan DIR serve --port 0 ARGS…` and waits for the line
    /// that says where it listens (the server prints it once bound).
    pub fn start(plan_dir: &Path, args: &[&str]) -> Server {
        Server::start_with(plan_dir, args, &[], |_| {})
    }

    /// [`Server::start`] with these environment variables set too.
    pub fn start_with_env(plan_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_with(plan_dir, args, env, |_| {})
    }

    /// [`Server::start`], with environment variables and the command
    /// adjusted first (limits, …).
    pub fn start_with(
        plan_dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        adjust: impl FnOnce(&mut Command),
    ) -> Server {
        let mut command: Command = super::common::std_plan(plan_dir);
        command.envs(env.iter().copied());
        command
            .args(["serve", "--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        adjust(&mut command);
        let mut child = command.spawn().expect("plan serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("plan serve says where it listens");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://") || w.starts_with("https://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        let stderr = child.stderr.take();
        Server { child, url, stderr }
    }

    /// `127.0.0.1:PORT`, for raw sockets.
    pub fn addr(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }

    /// The server's stderr, to read while it runs (then [`Server::stop`]
    /// returns none of it).
    pub fn take_stderr(&mut self) -> ChildStderr {
        self.stderr.take().expect("stderr not taken yet")
    }

    /// Stops the server with SIGTERM and returns whether it exited cleanly,
    /// with everything it wrote to stderr.
    pub fn stop(mut self) -> (bool, String) {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let status = self.child.wait().expect("plan serve exits");
        let mut err = String::new();
        if let Some(mut stderr) = self.stderr.take() {
            let _ = stderr.read_to_string(&mut err);
        }
        (status.success(), err)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CSRF token in a page's forms.
pub fn token_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let at = html.find(marker).expect("the page has a form with a token") + marker.len();
    let len = html[at..].find('"').expect("the value's end");
    html[at..at + len].to_string()
}

/// The one-time form token of a page (`once`): each page's forms are
/// recorded once.
#[allow(dead_code)]
pub fn once_in(html: &str) -> String {
    let marker = "name=\"once\" value=\"";
    let at = html
        .find(marker)
        .expect("the page has a form with a one-time token")
        + marker.len();
    html[at..at + 64].to_string()
}

/// Runs git in `dir` and asserts it succeeded; returns its stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=テスト", "-c", "user.email=test@example.jp"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Makes `dir` a git repository with everything in it committed.
pub fn git_init(dir: &Path) {
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "plan"]);
}
