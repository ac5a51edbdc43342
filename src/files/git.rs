//! Git as its users have it: the `git` program, run with a fixed
//! environment (none of the caller's `GIT_DIR`, `GIT_INDEX_FILE` …,
//! `LC_ALL=C` for parsing, never a prompt), to commit the notes files a
//! write touched and to sync a plan repository with its upstream.
//!
//! Every commit and rebase runs under the repository's lock
//! (`.git/plan.lock`), so two `plan` processes never race on
//! `.git/index.lock`; a git of the user's own that holds the index lock
//! is waited for a bounded number of times. A rebase also holds `notes/`
//! exclusively ([`store::lock_notes_dir`]), so no note is appended to a
//! file git is replacing.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::files::store;
use crate::i18n::Text;
use crate::model::note::{Correction, Note};
use crate::source::display_path;

/// Who a commit is by: the author of the notes it holds. The web view
/// passes the name its form gives (a logged-in user's, later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committer {
    pub name: String,
    pub email: String,
}

/// How many times a command that found `.git/index.lock` taken (by a git
/// the user runs) is tried again, 100 ms, 200 ms … apart.
const INDEX_LOCK_RETRIES: u32 = 8;

/// The variables of the caller's environment that would point git at
/// another repository, index or identity.
const CLEARED: [&str; 16] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "GIT_COMMITTER_DATE",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
];

/// `git` with the fixed environment, in `dir`.
fn git_in(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir);
    for var in CLEARED {
        cmd.env_remove(var);
    }
    cmd.env("LC_ALL", "C")
        .env("LANGUAGE", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true")
        .env("GIT_SEQUENCE_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .stdin(Stdio::null());
    cmd
}

/// A value of `git config` (run in `dir`), if set and not blank.
pub fn config_value(dir: &Path, key: &str) -> Option<String> {
    git_in(dir)
        .args(["config", key])
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The last lines git wrote on stderr, on one line.
fn said(output: &Output) -> String {
    let err = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = err
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    let tail = &lines[lines.len().saturating_sub(3)..];
    let joined = tail.join("; ");
    if joined.is_empty() {
        format!("git exited with {}", output.status)
    } else {
        crate::text::escape_control(&joined).into_owned()
    }
}

/// The repository's lock, held until dropped.
pub struct RepoLock {
    _file: File,
}

/// A git repository holding the plan.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The work tree's top directory.
    pub root: PathBuf,
    git_dir: PathBuf,
}

/// What a sync did.
#[derive(Debug, Default)]
pub struct Synced {
    /// Notes committed (in one commit) before pulling, and their files.
    pub committed: usize,
    pub files: Vec<PathBuf>,
    /// Commits brought in from the upstream.
    pub pulled: usize,
    /// Commits sent to the upstream.
    pub pushed: usize,
    /// The upstream, as `origin/main`.
    pub upstream: String,
}

impl Repo {
    /// The repository whose work tree holds `dir`; `None` when there is
    /// none (or git is not installed).
    pub fn find(dir: &Path) -> Option<Repo> {
        let out = git_in(dir)
            .args(["rev-parse", "--show-toplevel", "--absolute-git-dir"])
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let text = String::from_utf8(out.stdout).ok()?;
        let mut lines = text.lines();
        let root = PathBuf::from(lines.next()?);
        let git_dir = PathBuf::from(lines.next()?);
        Some(Repo { root, git_dir })
    }

    /// The repository holding `dir`, or the error that says there is none.
    pub fn at(dir: &Path) -> Result<Repo> {
        Repo::find(dir).ok_or_else(|| {
            let shown = display_path(dir).display().to_string();
            Error::usage(text!(
                en: "`{shown}` is not in a git repository (or git is not installed)",
                ja: "`{shown}` は git リポジトリの中にありません（または git がありません）",
            ))
            .help(Text::new(
                "run `git init` in the directory that holds plan/ (and commit the plan), or leave out --commit",
                "plan/ のあるディレクトリで `git init` を実行する（計画をコミットする）か、--commit を外してください",
            ))
        })
    }

    fn git(&self) -> Command {
        git_in(&self.root)
    }

    /// Runs git; an error only when git cannot be started.
    fn run(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Result<Output> {
        let mut cmd = self.git();
        cmd.args(args);
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.output().map_err(|e| {
            Error::io(text!(
                en: "cannot run git: {e}",
                ja: "git を実行できません: {e}",
            ))
        })
    }

    /// Runs git, trying again while another git holds `.git/index.lock`.
    fn run_retrying(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Result<Output> {
        let mut attempt = 0;
        loop {
            let out = self.run(args, extra_env)?;
            let busy = !out.status.success()
                && String::from_utf8_lossy(&out.stderr).contains("index.lock");
            if !busy || attempt >= INDEX_LOCK_RETRIES {
                return Ok(out);
            }
            attempt += 1;
            std::thread::sleep(Duration::from_millis(100 * u64::from(attempt)));
        }
    }

    /// Runs git and returns its stdout; its stderr makes the error.
    fn stdout(&self, args: &[&str]) -> std::result::Result<String, String> {
        match self.run(args, &[]) {
            Ok(out) if out.status.success() => {
                Ok(String::from_utf8_lossy(&out.stdout).into_owned())
            }
            Ok(out) => Err(said(&out)),
            Err(e) => Err(format!("{e:?}")),
        }
    }

    /// Takes the repository's lock (waits for another `plan` holding it).
    pub fn lock(&self) -> Result<RepoLock> {
        let path = self.git_dir.join("plan.lock");
        let cannot = |e: std::io::Error| {
            Error::io_on(Text::new("cannot lock", "をロックできません"), &path, &e)
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(cannot)?;
        file.lock().map_err(cannot)?;
        Ok(RepoLock { _file: file })
    }

    fn relative<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, Path> {
        let real = std::fs::canonicalize(path).ok();
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        match real.as_deref().and_then(|p| p.strip_prefix(&root).ok()) {
            Some(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            None => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Commits exactly `paths` (the notes files a write touched), by
    /// `who`, with `message`: whatever else is staged stays staged and
    /// out of the commit. Call it holding [`Repo::lock`].
    pub fn commit(&self, paths: &[PathBuf], who: &Committer, message: &str) -> Result<()> {
        // A commit changes the repository (its index and history).
        crate::error::about_to_write();
        let rel: Vec<String> = paths
            .iter()
            .map(|p| self.relative(p).display().to_string())
            .collect();
        let mut add = vec!["add", "--"];
        add.extend(rel.iter().map(String::as_str));
        let out = self.run_retrying(&add, &[])?;
        if !out.status.success() {
            return Err(not_committed(&rel, &said(&out)));
        }
        // The committer is git's own identity when it has one; a server
        // without one commits as the author.
        let mut env = vec![
            ("GIT_AUTHOR_NAME", who.name.as_str()),
            ("GIT_AUTHOR_EMAIL", who.email.as_str()),
        ];
        let has_identity = config_value(&self.root, "user.name").is_some()
            && config_value(&self.root, "user.email").is_some();
        if !has_identity {
            env.push(("GIT_COMMITTER_NAME", who.name.as_str()));
            env.push(("GIT_COMMITTER_EMAIL", who.email.as_str()));
        }
        let mut args = vec![
            "-c",
            "commit.gpgSign=false",
            "commit",
            "--quiet",
            "--no-verify",
            "--only",
            "-m",
            message,
            "--",
        ];
        args.extend(rel.iter().map(String::as_str));
        let out = self.run_retrying(&args, &env)?;
        if !out.status.success() {
            return Err(not_committed(&rel, &said(&out)));
        }
        Ok(())
    }

    /// The notes files under `plan_dir` with changes git has not committed
    /// (new, modified, staged), as paths.
    pub fn pending_notes(&self, plan_dir: &Path) -> Result<Vec<PathBuf>> {
        let notes = plan_dir.join(store::NOTES_DIR);
        if !notes.is_dir() {
            return Ok(Vec::new());
        }
        let rel = self.relative(&notes).display().to_string();
        let out = self
            .stdout(&[
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--",
                &rel,
            ])
            .map_err(|why| git_failed("git status", &why))?;
        let mut files = Vec::new();
        for entry in out.split('\0') {
            if entry.len() < 4 {
                continue;
            }
            let path = &entry[3..];
            if path.ends_with(".toml") && !entry.starts_with('D') && entry.as_bytes()[1] != b'D' {
                files.push(self.root.join(path));
            }
        }
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// How many note lines `path` has beyond what HEAD holds.
    fn new_notes(&self, path: &Path) -> usize {
        let count = |text: &str| {
            text.lines()
                .filter(|l| crate::files::noteline::parse(l).is_ok())
                .count()
        };
        let now = std::fs::read_to_string(path).map_or(0, |t| count(&t));
        let rel = self.relative(path).display().to_string();
        let before = self
            .stdout(&["show", &format!("HEAD:{rel}")])
            .map_or(0, |t| count(&t));
        now.saturating_sub(before)
    }

    /// Commits the notes files with uncommitted changes (after cutting a
    /// torn last line a crash left), in one commit by `who`. Returns the
    /// notes counted and the files.
    pub fn commit_pending(
        &self,
        plan_dir: &Path,
        who: &Committer,
    ) -> Result<(usize, Vec<PathBuf>)> {
        let files = self.pending_notes(plan_dir)?;
        if files.is_empty() {
            return Ok((0, files));
        }
        for f in &files {
            store::cut_torn_tail(f, store::is_torn)?;
        }
        let count: usize = files.iter().map(|f| self.new_notes(f)).sum();
        let message = match count {
            1 => "plan sync: 1 note".to_string(),
            n => format!("plan sync: {n} notes"),
        };
        self.commit(&files, who, &message)?;
        Ok((count, files))
    }

    /// `plan sync`: commits pending notes, brings in the upstream's
    /// commits (rebasing local ones on them; notes files merge by union),
    /// and pushes. A conflict in any other file aborts the rebase and is
    /// reported with the files; nothing is resolved by dropping lines.
    pub fn sync(&self, plan_dir: &Path, who: &Committer) -> Result<Synced> {
        // A sync commits, rebases and pushes: the working tree may change.
        crate::error::about_to_write();
        let mut synced = Synced::default();
        {
            let _lock = self.lock()?;
            self.refuse_rebase_in_progress()?;
            let (count, files) = self.commit_pending(plan_dir, who)?;
            synced.committed = count;
            synced.files = files;
        }
        let (remote, branch, upstream) = self.upstream()?;
        synced.upstream = upstream.clone();
        // A push refused because the upstream moved on meanwhile (another
        // clone pushed) is followed by another pull, a few times.
        let mut attempts = 0;
        loop {
            attempts += 1;
            self.fetch(&remote)?;
            synced.pulled += self.count(&format!("HEAD..{upstream}"));
            {
                let _lock = self.lock()?;
                let _notes = store::lock_notes_dir(plan_dir)?;
                self.rebase(&upstream)?;
            }
            let ahead = self.count(&format!("{upstream}..HEAD"));
            if ahead == 0 {
                return Ok(synced);
            }
            match self.push(&remote, &branch, &upstream)? {
                Pushed::Done => {
                    synced.pushed = ahead;
                    return Ok(synced);
                }
                Pushed::Behind if attempts < 5 => continue,
                Pushed::Behind => {
                    return Err(Error::git(
                        text!(
                            en: "`{upstream}` kept moving while pushing (tried {attempts} times): the notes are committed here, not pushed",
                            ja: "プッシュ中に `{upstream}` が更新され続けました（{attempts} 回試行）。記録はここでコミット済みですが、プッシュしていません",
                        ),
                        Text::new(
                            "run plan sync again",
                            "もう一度 plan sync を実行してください",
                        ),
                    ));
                }
            }
        }
    }

    fn count(&self, range: &str) -> usize {
        self.stdout(&["rev-list", "--count", range])
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }

    fn refuse_rebase_in_progress(&self) -> Result<()> {
        let busy = ["rebase-merge", "rebase-apply", "MERGE_HEAD"]
            .iter()
            .any(|p| self.git_dir.join(p).exists());
        if busy {
            return Err(Error::git(
                Text::new(
                    "a rebase or merge is under way in this repository: nothing was synced",
                    "このリポジトリではリベースかマージが進行中です。同期していません",
                ),
                Text::new(
                    "finish it (git status says how) or undo it (git rebase --abort, git merge --abort), then run plan sync again",
                    "それを完了する（git status を参照）か中止し（git rebase --abort、git merge --abort）、もう一度 plan sync を実行してください",
                ),
            ));
        }
        Ok(())
    }

    /// The current branch's remote, its name there, and `remote/branch`.
    fn upstream(&self) -> Result<(String, String, String)> {
        let branch = self
            .stdout(&["symbolic-ref", "--quiet", "--short", "HEAD"])
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let no_upstream = |branch: &str| {
            let shown = if branch.is_empty() { "HEAD" } else { branch };
            let shown = crate::text::escape_control(shown).into_owned();
            Error::git(
                text!(
                    en: "the branch `{shown}` has no upstream: there is nowhere to pull from or push to (notes are committed here)",
                    ja: "ブランチ `{shown}` に上流（upstream）がありません。取得先も送信先もありません（記録はここでコミット済みです）",
                ),
                text!(
                    en: "set one once: git push -u origin {shown}  (or git branch --set-upstream-to=origin/{shown})",
                    ja: "一度だけ設定してください: git push -u origin {shown}（または git branch --set-upstream-to=origin/{shown}）",
                ),
            )
        };
        if branch.is_empty() {
            return Err(no_upstream(""));
        }
        let remote = config_value(&self.root, &format!("branch.{branch}.remote"));
        let merge = config_value(&self.root, &format!("branch.{branch}.merge"));
        let (Some(remote), Some(merge)) = (remote, merge) else {
            return Err(no_upstream(&branch));
        };
        let upstream = self
            .stdout(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])
            .map(|s| s.trim().to_string())
            .map_err(|_| no_upstream(&branch))?;
        let remote_branch = merge.trim_start_matches("refs/heads/").to_string();
        Ok((remote, remote_branch, upstream))
    }

    fn fetch(&self, remote: &str) -> Result<()> {
        let out = self.run(&["fetch", "--quiet", remote], &[])?;
        if out.status.success() {
            return Ok(());
        }
        let why = said(&out);
        let remote = crate::text::escape_control(remote).into_owned();
        Err(Error::git(
            text!(
                en: "cannot reach the remote `{remote}`: {why}",
                ja: "リモート `{remote}` に接続できません: {why}",
            ),
            Text::new(
                "the notes are committed here; check the network and the remote's address (git remote -v), then run plan sync again",
                "記録はここでコミット済みです。ネットワークとリモートのアドレス（git remote -v）を確認し、もう一度 plan sync を実行してください",
            ),
        ))
    }

    /// Rebases local commits on the upstream; a conflict aborts it.
    fn rebase(&self, upstream: &str) -> Result<()> {
        let out = self.run_retrying(
            &[
                "-c",
                "commit.gpgSign=false",
                "rebase",
                "--quiet",
                "--autostash",
                "--no-verify",
                upstream,
            ],
            &[],
        )?;
        if out.status.success() {
            return Ok(());
        }
        let conflicted = self
            .stdout(&["diff", "--name-only", "--diff-filter=U", "-z"])
            .unwrap_or_default();
        let files: Vec<String> = conflicted
            .split('\0')
            .filter(|f| !f.is_empty())
            .map(|f| crate::text::escape_control(f).into_owned())
            .collect();
        let in_progress = ["rebase-merge", "rebase-apply"]
            .iter()
            .any(|p| self.git_dir.join(p).exists());
        if in_progress {
            let _ = self.run(&["rebase", "--abort"], &[]);
        }
        let why = said(&out);
        if files.is_empty() {
            return Err(Error::git(
                text!(
                    en: "cannot rebase on `{upstream}`: {why}",
                    ja: "`{upstream}` へのリベースができません: {why}",
                ),
                Text::new(
                    "nothing was changed; see git status, then run plan sync again",
                    "何も変更していません。git status を確認し、もう一度 plan sync を実行してください",
                ),
            ));
        }
        let list = files.join(", ");
        Err(Error::conflict(
            text!(
                en: "the changes from `{upstream}` conflict with local ones in {list}: the rebase was aborted, nothing was changed",
                ja: "`{upstream}` の変更がこちらの変更と衝突しました（{list}）。リベースを中止し、何も変更していません",
            ),
            text!(
                en: "merge by hand: git pull --rebase, resolve {list}, git rebase --continue; then run plan sync (notes files never conflict: they merge by union)",
                ja: "手作業でマージしてください: git pull --rebase、{list} を解決、git rebase --continue。その後 plan sync（記録ファイルは和集合マージで衝突しません）",
            ),
        ))
    }

    fn push(&self, remote: &str, branch: &str, upstream: &str) -> Result<Pushed> {
        let refspec = format!("HEAD:refs/heads/{branch}");
        let out = self.run(&["push", "--quiet", "--porcelain", remote, &refspec], &[])?;
        if out.status.success() {
            return Ok(Pushed::Done);
        }
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // Behind: the upstream moved on, or another clone's push to the
        // same branch was under way (the remote's ref was locked).
        let behind = (all.contains("[rejected]")
            && (all.contains("fetch first") || all.contains("non-fast-forward")))
            || all.contains("cannot lock ref")
            || all.contains("failed to update ref");
        if behind {
            return Ok(Pushed::Behind);
        }
        let why = said(&out);
        let why = if why.starts_with("git exited") {
            crate::text::escape_control(all.trim()).into_owned()
        } else {
            why
        };
        Err(Error::git(
            text!(
                en: "the push to `{upstream}` was refused: {why}",
                ja: "`{upstream}` へのプッシュが拒否されました: {why}",
            ),
            Text::new(
                "the notes are committed here; ask who manages the remote (a protected branch? permissions?), then run plan sync again",
                "記録はここでコミット済みです。リモートの管理者に確認し（保護ブランチ？権限？）、もう一度 plan sync を実行してください",
            ),
        ))
    }
}

enum Pushed {
    Done,
    /// Refused because the upstream has commits this clone lacks.
    Behind,
}

fn git_failed(what: &str, why: &str) -> Error {
    let what = what.to_string();
    let why = why.to_string();
    Error::git(
        text!(en: "{what} failed: {why}", ja: "{what} が失敗しました: {why}"),
        Text::new("see git status", "git status を確認してください"),
    )
}

/// A commit that failed after the notes were written.
fn not_committed(files: &[String], why: &str) -> Error {
    let list = files.join(" ");
    let why = why.to_string();
    Error::git(
        text!(
            en: "the note is recorded (in {list}) but was not committed: {why}",
            ja: "記録は書き込みました（{list}）が、コミットできませんでした: {why}",
        ),
        text!(
            en: "commit it with plan sync, or git commit -- {list}",
            ja: "plan sync か git commit -- {list} でコミットしてください",
        ),
    )
}

/// The commit message for notes written together: the action and the
/// measure, then each note's text.
pub fn message(notes: &[Note]) -> String {
    let mut subject = match notes {
        [one] => match &one.correction {
            Some(Correction::Amends(old)) => {
                format!("plan: amend note {} on {}", Note::short_key(old), one.id)
            }
            Some(Correction::Retracts(old)) => {
                format!("plan: retract note {} on {}", Note::short_key(old), one.id)
            }
            None => format!("plan: note on {}", one.id),
        },
        many => {
            let ids: Vec<String> = many.iter().map(|n| n.id.to_string()).collect();
            format!("plan: {} notes on {}", many.len(), ids.join(", "))
        }
    };
    if subject.chars().count() > 200 {
        subject = subject.chars().take(199).collect::<String>() + "…";
    }
    let mut body = String::new();
    for n in notes {
        let first = n.text.lines().next().unwrap_or("");
        let first: String = first.chars().take(120).collect();
        body.push_str(&format!(
            "\n[{}] {}: {first}",
            Note::short_key(&n.key),
            n.author
        ));
    }
    format!("{subject}\n{body}")
}
