//! The crate's layers, as docs/architecture.md draws them, checked on the
//! source: a module only uses the layers below it, and no command uses
//! another command (commands share code through the library).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module and the modules it may use. The helpers at the
/// bottom use only each other.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "cli",
        &[
            "commands", "web", "report", "document", "view", "settings", "files", "model",
        ],
    ),
    (
        "commands",
        &[
            "cli", "web", "report", "document", "view", "settings", "files", "model",
        ],
    ),
    (
        "web",
        &["report", "document", "view", "settings", "files", "model"],
    ),
    ("report", &["view", "settings", "files", "model"]),
    ("document", &["view", "settings", "files", "model"]),
    ("view", &["settings", "files", "model"]),
    ("settings", &["files", "model"]),
    ("files", &["model"]),
    ("model", &[]),
];

/// The helpers every layer may use.
const BASE: &[&str] = &[
    "diagnostic",
    "error",
    "i18n",
    "source",
    "suggest",
    "text",
    "words",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/files/notes.rs` → `files`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::<module>` a file names, outside comments.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let name: String = rest[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
            rest = &rest[i + 7..];
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let allowed: BTreeMap<&str, &[&str]> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "main" || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for used in uses(&text) {
            if used == module || BASE.contains(&used.as_str()) || used == "text" {
                continue;
            }
            let ok = match allowed.get(module.as_str()) {
                Some(list) => list.contains(&used.as_str()),
                // A base helper may use only other base helpers.
                None => false,
            };
            if !ok {
                wrong.push(format!("{} uses crate::{used}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "layer violations:\n{}", wrong.join("\n"));
}

#[test]
fn no_command_uses_another_command() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|n| n != "mod")
        .collect();
    let mut wrong = Vec::new();
    for file in &files {
        let me = file.file_stem().unwrap().to_string_lossy().into_owned();
        if me == "mod" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for other in names.iter().filter(|n| **n != me) {
            for pattern in [format!("super::{other}::"), format!("commands::{other}::")] {
                if text.contains(&pattern) {
                    wrong.push(format!("{} uses {pattern}", file.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "commands importing commands:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_layer_table_names_every_module_of_the_crate() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|n| n.strip_suffix(';'))
        {
            let known = LAYERS.iter().any(|(m, _)| *m == name) || BASE.contains(&name);
            assert!(
                known,
                "src/lib.rs declares `{name}`, which the layer table does not place"
            );
        }
    }
}

/// Issue 19: the command line, the report and the web each kept a word list
/// of their own, and they disagreed (小項目 was "Items" on the web,
/// "Sub-items" in the report). Fixed words live in `src/words/` only: no
/// table header or label pair written elsewhere (tests aside), and no word
/// list module besides it.
#[test]
fn fixed_words_live_in_the_catalogue_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        if file.starts_with(src.join("words")) {
            continue;
        }
        let name = file.file_name().unwrap().to_string_lossy();
        if name == "words.rs" {
            wrong.push(format!(
                "{}: a word list outside src/words/",
                file.display()
            ));
        }
        let text = std::fs::read_to_string(file).unwrap();
        // The code before its tests.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for pattern in [
            "Column::left(\"",
            "Column::right(\"",
            "ui.t(\"",
            "pub struct WebWords",
        ] {
            for (n, line) in code.lines().enumerate() {
                if line.contains(pattern) {
                    wrong.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "words outside src/words/:\n{}",
        wrong.join("\n")
    );
}
