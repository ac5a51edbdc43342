//! Evidence files on disk: a note's `--link` path is read from the current
//! directory (as a shell completes it), must name an existing file inside
//! the repository, and is stored relative to the repository's root, the
//! way a reader of the repository finds it; the web view serves exactly
//! those files.

use std::path::{Component, Path, PathBuf};

use crate::i18n::Text;

/// The repository a plan lives in: the nearest directory at or above the
/// plan directory that holds `.git`, else the directory holding the plan
/// directory (a repository with `plan/` in it).
pub fn repository_root(plan_dir: &Path) -> PathBuf {
    let plan_dir = std::fs::canonicalize(plan_dir).unwrap_or_else(|_| plan_dir.to_path_buf());
    plan_dir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .or_else(|| plan_dir.parent())
        .unwrap_or(&plan_dir)
        .to_path_buf()
}

/// A `--link` path given from `cwd`, as the note stores it: relative to
/// the repository root, with `/` between its parts. Refused when it does
/// not name an existing regular file (or directory) inside the repository.
pub fn stored_path(link: &str, cwd: &Path, root: &Path) -> Result<String, Text> {
    let given = cwd.join(link);
    let real = match std::fs::canonicalize(&given) {
        Ok(real) => real,
        Err(_) => {
            return Err(Text::new(
                "no such file (a path is read from the current directory)",
                "そのファイルはありません（パスは現在のディレクトリから読みます）",
            ));
        }
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let Ok(inside) = real.strip_prefix(&root) else {
        return Err(Text::new(
            "the path leads outside the repository",
            "パスがリポジトリの外を指しています",
        ));
    };
    let parts: Vec<String> = inside
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        return Err(Text::new(
            "the path names no file",
            "パスがファイルを指していません",
        ));
    }
    Ok(parts.join("/"))
}

/// The file a stored repository path names, when it is a regular file
/// inside the repository (its links followed); `None` otherwise.
pub fn file_in_repository(root: &Path, stored: &str) -> Option<PathBuf> {
    if crate::model::link::check(stored).is_err() || stored.contains("://") {
        return None;
    }
    let root = std::fs::canonicalize(root).ok()?;
    let real = std::fs::canonicalize(root.join(stored)).ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_read_from_the_current_directory_and_stored_from_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(root.join("evidence")).unwrap();
        std::fs::write(root.join("evidence/poster.pdf"), b"%PDF").unwrap();
        let sub = root.join("sub");
        assert_eq!(
            stored_path("../evidence/poster.pdf", &sub, root),
            Ok("evidence/poster.pdf".into())
        );
        assert_eq!(
            stored_path("evidence/poster.pdf", root, root),
            Ok("evidence/poster.pdf".into())
        );
        // Missing from here (it is in the root, not in sub/).
        assert!(stored_path("evidence/poster.pdf", &sub, root).is_err());
        // Outside the repository, though it exists.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.txt"), b"x").unwrap();
        let up = format!("{}/x.txt", outside.path().display());
        assert!(stored_path(&up, root, root).is_err());
        assert!(stored_path(".", root, root).is_err());
        assert_eq!(
            file_in_repository(root, "evidence/poster.pdf"),
            std::fs::canonicalize(root.join("evidence/poster.pdf")).ok()
        );
        assert_eq!(file_in_repository(root, "../x.txt"), None);
        assert_eq!(file_in_repository(root, "evidence"), None);
        assert_eq!(file_in_repository(root, "https://example.org"), None);
    }
}
