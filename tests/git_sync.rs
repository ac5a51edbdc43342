//! Every change in git: `plan note --commit` commits only the notes file
//! it wrote, by its author; `plan sync` commits pending notes, rebases on
//! the upstream (notes merge by union) and pushes, and says clearly when
//! there is no upstream, the push is refused or another file conflicts;
//! two `plan serve --sync` clones receiving notes concurrently end with the
//! same history; a server killed mid-write leaves nothing `plan sync`
//! cannot finish.

mod common;
mod web_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::*;
use tempfile::TempDir;
use web_support::{Server, once_in, token_in};

/// Git in `dir`, with no user or system configuration.
fn git_output(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .output()
        .expect("git runs")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_output(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A bare repository holding the plan (the remote) and clones of it.
struct Remote {
    root: TempDir,
    bare: PathBuf,
}

impl Remote {
    fn new() -> Remote {
        let root = tempfile::tempdir().expect("a temporary directory");
        let bare = root.path().join("remote.git");
        git(
            root.path(),
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );
        let seed = root.path().join("seed");
        std::fs::create_dir(&seed).unwrap();
        copy_dir(&shipped_plan(), &seed.join("plan"));
        std::fs::write(seed.join("README.txt"), "the plan\n").unwrap();
        git(&seed, &["init", "-q", "-b", "main"]);
        git(&seed, &["add", "-A"]);
        git(
            &seed,
            &[
                "-c",
                "user.name=seed",
                "-c",
                "user.email=seed@example.jp",
                "commit",
                "-q",
                "-m",
                "plan",
            ],
        );
        git(&seed, &["push", "-q", bare.to_str().unwrap(), "main"]);
        Remote { root, bare }
    }

    fn clone(&self, name: &str) -> PathBuf {
        git(
            self.root.path(),
            &["clone", "-q", self.bare.to_str().unwrap(), name],
        );
        let dir = self.root.path().join(name);
        git(&dir, &["config", "user.name", name]);
        git(
            &dir,
            &["config", "user.email", &format!("{name}@example.jp")],
        );
        dir
    }
}

/// `plan` in a clone, with git's configuration fixed as the tests' git's.
fn plan_in(clone: &Path) -> assert_cmd::Command {
    let mut cmd = plan(&clone.join("plan"));
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

fn all_note_lines(clone: &Path) -> Vec<String> {
    let notes = clone.join("plan/notes");
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(notes).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        lines.extend(note_lines(&text).into_iter().map(String::from));
    }
    lines.sort();
    lines
}

#[test]
fn note_commit_commits_only_its_notes_file_by_its_author() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    // The user's own staged and unstaged work is never swept in.
    std::fs::write(a.join("README.txt"), "staged change\n").unwrap();
    git(&a, &["add", "README.txt"]);
    std::fs::write(a.join("scratch.txt"), "untracked\n").unwrap();
    plan_in(&a)
        .args([
            "note",
            "2.tmg.イ",
            "セミナー実施",
            "--commit",
            "--author",
            "山田",
        ])
        .args(["--email", "yamada@example.jp"])
        .assert()
        .success();
    let head = git(&a, &["log", "-1", "--format=%an <%ae>%n%s", "--name-only"]);
    assert!(
        head.starts_with("山田 <yamada@example.jp>\nplan: note on 2.tmg.イ\n"),
        "{head}"
    );
    assert!(head.trim_end().ends_with("plan/notes/02.toml"), "{head}");
    assert!(!head.contains("README"), "{head}");
    let status = git(&a, &["status", "--porcelain"]);
    assert!(status.contains("M  README.txt"), "still staged:\n{status}");
    assert!(status.contains("?? scratch.txt"), "{status}");
    assert!(!status.contains("notes"), "{status}");

    // An amendment names the note and the measure.
    // `"20261203T183202+0900-ebda43e7…" = { … }`: the short key follows the dash.
    let line = &all_note_lines(&a)[0];
    let full = line.split('"').nth(1).unwrap();
    let key = full.rsplit('-').next().unwrap()[..8].to_string();
    plan_in(&a)
        .args([
            "note",
            "--amend",
            &key,
            "セミナー実施（2回）",
            "--commit",
            "--author",
            "山田",
        ])
        .assert()
        .success();
    let subject = git(&a, &["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        format!("plan: amend note {key} on 2.tmg.イ")
    );

    // The setting makes it the default; --no-commit overrides it.
    add_settings(&a.join("plan"), "commit = true\n");
    git(
        &a,
        &["commit", "-q", "-m", "commit notes", "plan/plan.toml"],
    );
    plan_in(&a)
        .env("PLAN_AUTHOR", "鈴木")
        .args(["note", "3.tmg.イ", "告知"])
        .assert()
        .success();
    let last = git(&a, &["log", "-1", "--format=%an <%ae> %s"]);
    assert_eq!(last.trim(), "鈴木 <a@example.jp> plan: note on 3.tmg.イ");
    plan_in(&a)
        .env("PLAN_AUTHOR", "鈴木")
        .args(["note", "3.tmg.イ", "未コミット", "--no-commit"])
        .assert()
        .success();
    assert!(git(&a, &["status", "--porcelain"]).contains(" M plan/notes/03.toml"));
    let config = stdout_of(plan_in(&a).args(["config", "--format", "json"]));
    assert!(
        config.contains("\"name\": \"commit\"") || config.contains("\"name\":\"commit\""),
        "{config}"
    );
}

#[test]
fn note_commit_outside_a_repository_is_refused_before_writing() {
    let scratch = copy_plan();
    plan_as_author(&scratch.plan_dir())
        .env(
            "GIT_CEILING_DIRECTORIES",
            scratch.root.path().parent().unwrap(),
        )
        .args(["note", "2.tmg.イ", "x", "--commit"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not in a git repository"));
    assert!(!scratch.notes_file(2).exists(), "nothing written");
}

#[test]
fn sync_commits_pending_notes_pulls_with_union_merge_and_pushes() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let (a, b) = (remote.clone("a"), remote.clone("b"));
    plan_in(&a)
        .env("PLAN_AUTHOR", "A")
        .args(["note", "2.tmg.イ", "from a"])
        .assert()
        .success();
    plan_in(&b)
        .env("PLAN_AUTHOR", "B")
        .args(["note", "2.tmg.イ", "from b"])
        .assert()
        .success();
    plan_in(&a)
        .env("PLAN_AUTHOR", "A")
        .arg("sync")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Committed 1 note in 1 notes file",
        ));
    // The same notes file changed on both sides: the rebase merges by union.
    plan_in(&b)
        .env("PLAN_AUTHOR", "B")
        .arg("sync")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Pulled 1 commit from origin/main, pushed 1",
        ));
    plan_in(&a).arg("sync").assert().success();
    assert_eq!(all_note_lines(&a), all_note_lines(&b));
    assert_eq!(all_note_lines(&a).len(), 2);
    assert_eq!(
        git(&a, &["rev-parse", "HEAD"]),
        git(&b, &["rev-parse", "HEAD"])
    );
    let text = std::fs::read_to_string(a.join("plan/notes/02.toml")).unwrap();
    assert!(!text.contains("<<<<<<<"), "{text}");
}

#[test]
fn sync_without_an_upstream_says_how_to_set_one() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    git(&a, &["checkout", "-q", "-b", "local"]);
    plan_in(&a)
        .env("PLAN_AUTHOR", "A")
        .args(["note", "2.tmg.イ", "x"])
        .assert()
        .success();
    plan_in(&a)
        .arg("sync")
        .assert()
        .code(5)
        .stderr(predicates::str::contains("has no upstream"))
        .stderr(predicates::str::contains("git push -u origin local"));
    // The note was committed all the same.
    assert_eq!(git(&a, &["status", "--porcelain", "plan"]), "");
}

#[test]
fn sync_with_a_refused_push_or_an_unreachable_remote_keeps_the_notes_committed() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    let hook = remote.bare.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'protected branch' >&2\nexit 1\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    plan_in(&a)
        .env("PLAN_AUTHOR", "A")
        .args(["note", "2.tmg.イ", "x"])
        .assert()
        .success();
    plan_in(&a)
        .arg("sync")
        .assert()
        .code(5)
        .stderr(predicates::str::contains("was refused"));
    assert_eq!(git(&a, &["status", "--porcelain", "plan"]), "");
    assert_eq!(
        git(&a, &["rev-list", "--count", "origin/main..HEAD"]).trim(),
        "1"
    );

    git(
        &a,
        &["remote", "set-url", "origin", "/nonexistent/remote.git"],
    );
    plan_in(&a)
        .arg("sync")
        .assert()
        .code(5)
        .stderr(predicates::str::contains(
            "cannot reach the remote `origin`",
        ));
}

#[test]
fn sync_stops_at_a_conflict_outside_the_notes_and_names_the_file() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let (a, b) = (remote.clone("a"), remote.clone("b"));
    std::fs::write(a.join("README.txt"), "a's version\n").unwrap();
    git(&a, &["commit", "-q", "-am", "a"]);
    plan_in(&a)
        .env("PLAN_AUTHOR", "A")
        .args(["note", "2.tmg.イ", "from a"])
        .assert()
        .success();
    plan_in(&a).arg("sync").assert().success();
    std::fs::write(b.join("README.txt"), "b's version\n").unwrap();
    git(&b, &["commit", "-q", "-am", "b"]);
    plan_in(&b)
        .env("PLAN_AUTHOR", "B")
        .args(["note", "2.tmg.イ", "from b"])
        .assert()
        .success();
    let before = git(&b, &["rev-parse", "HEAD"]);
    plan_in(&b)
        .arg("sync")
        .assert()
        .code(6)
        .stderr(predicates::str::contains("README.txt"))
        .stderr(predicates::str::contains("rebase was aborted"));
    // Aborted: b is as it was (its note committed), no rebase left over.
    let after = git(&b, &["rev-parse", "HEAD~1"]);
    assert_eq!(before, after, "only the notes commit was added");
    assert!(!b.join(".git/rebase-merge").exists());
    assert_eq!(
        std::fs::read_to_string(b.join("README.txt")).unwrap(),
        "b's version\n"
    );
    assert!(all_note_lines(&b).iter().any(|l| l.contains("from b")));
}

/// A visitor of one server: its cookie and token, and the notes it sends.
struct Visitor {
    cookie: String,
    token: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

const PAGE: &str = "measures/2.tmg.%E3%82%A4";

fn visit(server: &Server) -> Visitor {
    let mut page = agent()
        .get(format!("{}{PAGE}", server.url))
        .call()
        .expect("a measure page");
    let cookie = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = token_in(&page.body_mut().read_to_string().unwrap());
    Visitor { cookie, token }
}

/// The one-time token of a fresh measure page: each form is sent once, as
/// a browser sends the form of the page it shows. None when the server
/// does not answer (a test kills it while notes are being posted).
fn fresh_once(server: &Server, visitor: &Visitor) -> Option<String> {
    let mut page = agent()
        .get(format!("{}{PAGE}", server.url))
        .header("Cookie", &visitor.cookie)
        .call()
        .ok()?;
    Some(once_in(&page.body_mut().read_to_string().ok()?))
}

/// Posts a note; true when the server said it was recorded (303).
fn post(server: &Server, visitor: &Visitor, author: &str, text: &str) -> bool {
    let Some(once) = fresh_once(server, visitor) else {
        return false;
    };
    agent()
        .post(format!("{}{PAGE}/notes", server.url))
        .header("Cookie", &visitor.cookie)
        .header("Origin", server.url.trim_end_matches('/'))
        .send_form([
            ("csrf", visitor.token.as_str()),
            ("once", once.as_str()),
            ("text", text),
            ("author", author),
        ])
        .is_ok_and(|r| r.status() == 303)
}

fn start(clone: &Path, sync: &str) -> Server {
    Server::start(&clone.join("plan"), &["--sync", sync])
}

/// Every commit's author against the notes it added.
fn assert_each_commit_by_its_author(clone: &Path) {
    let log = git(
        clone,
        &["log", "--format=%x00%an%x09%s", "-p", "--", "plan/notes"],
    );
    for commit in log.split('\0').filter(|c| !c.trim().is_empty()) {
        let (author, rest) = commit.split_once('\t').unwrap();
        if !rest.starts_with("plan: note") {
            continue;
        }
        let added: Vec<&str> = rest
            .lines()
            .filter(|l| l.starts_with('+') && l.contains("author = \""))
            .collect();
        assert_eq!(added.len(), 1, "one note per commit:\n{rest}");
        assert!(
            added[0].contains(&format!("author = \"{author}\"")),
            "commit by {author}: {}",
            added[0]
        );
    }
}

#[test]
fn two_syncing_servers_receiving_notes_concurrently_end_with_the_same_history() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let (a, b) = (remote.clone("a"), remote.clone("b"));
    let servers = [start(&a, "1s"), start(&b, "1s")];
    std::thread::scope(|scope| {
        for (s, server) in servers.iter().enumerate() {
            for user in 0..5 {
                scope.spawn(move || {
                    let visitor = visit(server);
                    let author = format!("利用者{s}-{user}");
                    for n in 0..10 {
                        let text = format!("server {s} user {user} note {n}");
                        assert!(post(server, &visitor, &author, &text), "{text}");
                    }
                });
            }
        }
    });
    // The timers sync both ways until both clones hold all 100 notes.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let heads = [&a, &b].map(|c| git(c, &["rev-parse", "HEAD"]));
        let remote_head = git(&remote.bare, &["rev-parse", "main"]);
        let done = heads[0] == heads[1]
            && heads[0] == remote_head
            && all_note_lines(&a).len() == 100
            && all_note_lines(&b).len() == 100;
        if done {
            break;
        }
        assert!(Instant::now() < deadline, "the clones never converged");
        std::thread::sleep(Duration::from_millis(300));
    }
    for server in servers {
        let (clean, stderr) = server.stop();
        assert!(clean, "{stderr}");
        assert!(!stderr.contains("sync:"), "no sync failed:\n{stderr}");
    }
    assert_eq!(all_note_lines(&a), all_note_lines(&b));
    let history = |c: &Path| git(c, &["log", "--format=%H %an"]);
    assert_eq!(history(&a), history(&b));
    for c in [&a, &b] {
        assert_each_commit_by_its_author(c);
        assert_eq!(git(c, &["status", "--porcelain"]), "");
        let fsck = git_output(c, &["fsck", "--full", "--strict"]);
        assert!(
            fsck.status.success(),
            "{}",
            String::from_utf8_lossy(&fsck.stderr)
        );
    }
    // 100 note commits, by 10 users.
    let notes_commits = git(&a, &["log", "--format=%s", "--grep=^plan: note on"]);
    assert_eq!(notes_commits.lines().count(), 100);
}

#[test]
fn a_server_killed_mid_write_leaves_nothing_plan_sync_cannot_finish() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    let server = start(&a, "1h");
    let visitor = visit(&server);
    let recorded = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for n in 0..200 {
                let text = format!("note {n}");
                if post(&server, &visitor, "山田", &text) {
                    recorded.lock().unwrap().push(text);
                } else {
                    break;
                }
            }
        });
        std::thread::sleep(Duration::from_millis(1500));
        // SAFETY: a signal to our own child.
        unsafe {
            libc::kill(server.child.id() as libc::pid_t, libc::SIGKILL);
        }
    });
    let recorded = recorded.into_inner().unwrap();
    assert!(
        !recorded.is_empty(),
        "some notes were recorded before the kill"
    );
    plan_in(&a)
        .env("PLAN_AUTHOR", "山田")
        .arg("sync")
        .assert()
        .success();
    assert_eq!(git(&a, &["status", "--porcelain"]), "");
    let fsck = git_output(&a, &["fsck", "--full", "--strict"]);
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    // Every acknowledged note is in the remote's history.
    let pushed = git(&remote.bare, &["show", "main:plan/notes/02.toml"]);
    for text in &recorded {
        assert!(pushed.contains(&format!("\"{text}\"")), "{text} lost");
    }
    plan_in(&a).arg("check").assert().success();
}

#[test]
fn a_commit_that_fails_keeps_the_note_and_says_how_to_commit_it() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    // A git of the user's that never lets go of the index.
    std::fs::write(a.join(".git/index.lock"), "").unwrap();
    plan_in(&a)
        .args([
            "note",
            "2.tmg.イ",
            "残る記録",
            "--commit",
            "--author",
            "山田",
        ])
        .assert()
        .code(5)
        .stdout(predicates::str::contains("Recorded against 2.tmg.イ"))
        .stderr(predicates::str::contains("the note is recorded"))
        .stderr(predicates::str::contains("plan sync"));
    assert!(all_note_lines(&a).iter().any(|l| l.contains("残る記録")));
    std::fs::remove_file(a.join(".git/index.lock")).unwrap();
    plan_in(&a)
        .env("PLAN_AUTHOR", "山田")
        .arg("sync")
        .assert()
        .success();
    let pushed = git(&remote.bare, &["show", "main:plan/notes/02.toml"]);
    assert!(pushed.contains("残る記録"), "{pushed}");
}

#[test]
fn a_failing_sync_is_a_banner_on_the_pages_not_a_crash() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    git(
        &a,
        &["remote", "set-url", "origin", "/nonexistent/remote.git"],
    );
    let server = start(&a, "1s");
    std::thread::sleep(Duration::from_millis(1500));
    let mut home = agent().get(&server.url).call().expect("the dashboard");
    assert_eq!(home.status(), 200);
    let body = home.body_mut().read_to_string().unwrap();
    assert!(body.contains("the last sync with git failed"), "{body}");
    assert!(body.contains("cannot reach the remote"), "{body}");
    // Notes are still recorded and committed locally.
    let visitor = visit(&server);
    assert!(post(&server, &visitor, "鈴木", "同期できなくても記録"));
    let (clean, stderr) = server.stop();
    assert!(clean, "{stderr}");
    assert!(
        stderr.contains("plan serve: sync: cannot reach the remote"),
        "{stderr}"
    );
    let last = git(&a, &["log", "-1", "--format=%an %s"]);
    assert_eq!(last.trim(), "鈴木 plan: note on 2.tmg.イ");
}

#[test]
fn an_author_without_an_email_still_commits() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    git(&a, &["config", "--unset", "user.email"]);
    plan_in(&a)
        .args([
            "note",
            "2.tmg.イ",
            "メールなし",
            "--commit",
            "--author",
            "山田",
        ])
        .assert()
        .success();
    let last = git(&a, &["log", "-1", "--format=%an <%ae>"]);
    assert_eq!(last.trim(), "山田 <>");
}

#[test]
fn a_web_note_whose_commit_fails_is_kept_and_the_page_says_so() {
    if !installed("git", "git") {
        return;
    }
    let remote = Remote::new();
    let a = remote.clone("a");
    let server = Server::start(&a.join("plan"), &[]);
    let visitor = visit(&server);
    std::fs::write(a.join(".git/index.lock"), "").unwrap();
    let once = fresh_once(&server, &visitor).expect("a measure page");
    let answer = agent()
        .post(format!("{}{PAGE}/notes", server.url))
        .header("Cookie", &visitor.cookie)
        .header("Origin", server.url.trim_end_matches('/'))
        .send_form([
            ("csrf", visitor.token.as_str()),
            ("once", once.as_str()),
            ("text", "コミットできない記録"),
            ("author", "鈴木"),
        ])
        .expect("an answer");
    assert_eq!(answer.status(), 303);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("uncommitted=1"), "{location}");
    let target = format!(
        "{}{}",
        server.url.trim_end_matches('/'),
        location.split('#').next().unwrap()
    );
    let mut page = agent()
        .get(&target)
        .header("Cookie", &visitor.cookie)
        .call()
        .unwrap();
    let body = page.body_mut().read_to_string().unwrap();
    assert!(body.contains("could not be committed to git"), "{body}");
    assert!(
        all_note_lines(&a)
            .iter()
            .any(|l| l.contains("コミットできない記録"))
    );
    let (_, stderr) = server.stop();
    assert!(stderr.contains("was not committed"), "{stderr}");
}
