//! A git revision of the current plan, materialised: `plan diff HEAD~10`
//! compares the plan files as they were then with the working tree. Runs
//! git as a subprocess: `rev-parse` for where the plan sits in the
//! repository, `ls-tree` and `show` for its files at the revision.

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::i18n::Text;

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    match Command::new("git").arg("-C").arg(dir).args(args).output() {
        Ok(out) if out.status.success() => Ok(out.stdout),
        Ok(out) => Err(String::from_utf8_lossy(&out.stderr).trim().to_string()),
        Err(e) => Err(format!("cannot run git: {e}")),
    }
}

/// The plan files (plan.toml and the section files) of `plan_dir` as they
/// were at `revision`, in a temporary directory.
pub fn plan_at(plan_dir: &Path, revision: &str) -> Result<TempDir> {
    let shown = crate::text::escape_control(revision).into_owned();
    let not_found = |why: String| {
        let why = crate::text::escape_control(&why).into_owned();
        Error::usage(text!(
            en: "`{shown}` is neither a plan directory nor a git revision of the current plan ({why})",
            ja: "`{shown}` は計画ディレクトリでも、今の計画の git リビジョンでもありません（{why}）",
        ))
        .help(Text::new(
            "give a directory holding plan.toml, or a revision such as HEAD~3, a tag or a commit",
            "plan.toml のあるディレクトリか、HEAD~3・タグ・コミットなどのリビジョンを指定してください",
        ))
    };
    let prefix = git(plan_dir, &["rev-parse", "--show-prefix"]).map_err(not_found)?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
    let commit = format!("{revision}^{{commit}}");
    git(plan_dir, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|e| {
        not_found(if e.is_empty() {
            "unknown revision".into()
        } else {
            e
        })
    })?;
    let tree = format!("{revision}:{prefix}");
    let names = git(
        plan_dir,
        &["ls-tree", "--full-tree", "-z", "--name-only", &tree],
    )
    .map_err(|_| {
        let at = if prefix.is_empty() {
            "./"
        } else {
            prefix.as_str()
        };
        Error::usage(text!(
            en: "revision `{shown}` has no plan at `{at}`",
            ja: "リビジョン `{shown}` の `{at}` に計画がありません",
        ))
    })?;
    let dir = tempfile::Builder::new()
        .prefix("plan-revision-")
        .tempdir()
        .map_err(|e| Error::io(text!(en: "cannot make a temporary directory: {e}", ja: "一時ディレクトリを作れません: {e}")))?;
    for name in String::from_utf8_lossy(&names).split('\0') {
        if !name.ends_with(".toml") || name.contains('/') {
            continue;
        }
        let blob = format!("{revision}:{prefix}{name}");
        let content = git(plan_dir, &["show", &blob]).map_err(not_found)?;
        std::fs::write(dir.path().join(name), content).map_err(|e| {
            Error::io_on(
                Text::new("cannot write", "に書き込めません"),
                &dir.path().join(name),
                &e,
            )
        })?;
    }
    Ok(dir)
}
