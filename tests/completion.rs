//! Shell completion, driven through the real bash and zsh completion
//! functions that `plan completions` prints.

mod common;

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn script(shell: &str) -> String {
    let out = Command::cargo_bin("plan")
        .unwrap()
        .args(["completions", shell])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The IDs `plan list` gives for a section, sub-items included.
fn ids_of_section(n: &str) -> Vec<String> {
    let out = Command::cargo_bin("plan")
        .unwrap()
        .current_dir(repo())
        .args(["list", "--section", n, "--items", "--format", "ids"])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// Runs `program` in `shell` after writing the completion script where
/// `program` can source it (`{script}`), and returns the lines printed.
fn run_shell(shell: &str, shell_args: &[&str], program: &str) -> Option<Vec<String>> {
    if !common::installed(shell, shell) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("plan.{shell}"));
    std::fs::write(&file, script(shell)).unwrap();
    let program = program.replace("{script}", &file.display().to_string());
    let out = Process::new(shell)
        .args(shell_args)
        .arg("-c")
        .arg(program)
        .current_dir(repo())
        .env_remove("PLAN_DIR")
        .output()
        .unwrap_or_else(|e| panic!("{shell} runs: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
    )
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Completes `words` (the last one being completed) in bash, the way bash
/// calls the function for `<TAB>`.
fn bash_complete(words: &[&str]) -> Option<Vec<String>> {
    let program = format!(
        "source '{{script}}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_TYPE=9\n_clap_complete_plan plan '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        quoted(words),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    run_shell("bash", &[], &program)
}

/// Completes `words` in zsh. The completion system's `_describe` is
/// replaced by one that prints the candidates it is given.
fn zsh_complete(words: &[&str]) -> Option<Vec<String>> {
    let program = format!(
        "_describe() {{ local name=$3; print -l -- \"${{(@P)name}}\" }}\ncompdef() {{ : }}\nsource '{{script}}'\nwords=({})\nCURRENT={}\n_clap_dynamic_completer_plan\n",
        quoted(words),
        words.len(),
    );
    run_shell("zsh", &["-f"], &program)
}

#[test]
fn bash_completes_note_section_to_its_measure_ids() {
    let Some(section_2) = bash_complete(&["plan", "note", "2."]) else {
        return;
    };
    // The IDs alone: bash has no place for descriptions (the README says
    // so; zsh and fish show each ID's text, below).
    assert_eq!(section_2, ids_of_section("2"));
    assert_eq!(
        bash_complete(&["plan", "note", "6.tcci."]).unwrap(),
        ids_of_section("6")
            .into_iter()
            .filter(|i| i.starts_with("6.tcci."))
            .collect::<Vec<_>>()
    );
}

#[test]
fn zsh_completes_note_section_to_its_measure_ids_with_their_texts() {
    let Some(got) = zsh_complete(&["plan", "note", "2."]) else {
        return;
    };
    let ids: Vec<String> = got
        .iter()
        .map(|c| c.split(':').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ids_of_section("2"));
    assert!(
        got.contains(&"2.tmg.ア:東京テレワーク推進センターの運営".to_string()),
        "{got:?}"
    );
}

/// Completes `words` in fish, as `<TAB>` would (`complete -C`): one
/// candidate a line, its description after a tab.
fn fish_complete(words: &[&str]) -> Option<Vec<String>> {
    let program = format!(
        "source '{{script}}'\ncomplete -C {}\n",
        quoted(&[words.join(" ").as_str()])
    );
    run_shell("fish", &["--no-config"], &program)
}

#[test]
fn fish_completes_note_section_to_its_measure_ids_with_their_texts() {
    let Some(got) = fish_complete(&["plan", "note", "2."]) else {
        return;
    };
    let ids: Vec<String> = got
        .iter()
        .map(|c| c.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ids_of_section("2"));
    assert!(
        got.contains(&"2.tmg.ア\t東京テレワーク推進センターの運営".to_string()),
        "{got:?}"
    );
}

#[test]
fn completion_offers_subcommands_flags_parties_and_statuses() {
    let Some(commands) = bash_complete(&["plan", "no"]) else {
        return;
    };
    assert_eq!(commands, vec!["note"]);
    let bash_complete = |words: &[&str]| bash_complete(words).unwrap();
    assert!(bash_complete(&["plan", "list", "--pa"]).contains(&"--party".to_string()));
    let parties = bash_complete(&["plan", "list", "--party", ""]);
    for p in ["tmg", "tcci", "都", "東商"] {
        assert!(parties.contains(&p.to_string()), "{parties:?}");
    }
    let statuses = bash_complete(&["plan", "note", "2.イ", "x", "--status", "d"]);
    assert_eq!(statuses, vec!["done", "dropped"]);
    if let Some(zsh_statuses) = zsh_complete(&["plan", "note", "2.イ", "x", "--status", "実"]) {
        assert_eq!(zsh_statuses, vec!["実施中:active", "実施済:done"]);
    }
}

#[test]
fn every_shell_gets_a_registration_script() {
    for (shell, marker) in [
        ("bash", "complete -o"),
        ("zsh", "compdef"),
        ("fish", "complete"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        let s = script(shell);
        assert!(s.contains(marker) && s.contains("COMPLETE"), "{shell}: {s}");
    }
}

/// Issue 19: the script named the binary by its absolute path, so it broke
/// when the binary moved or was upgraded. Run by name from PATH, it calls
/// back `plan` by name, in every shell.
#[test]
fn the_script_calls_plan_by_the_name_it_was_run_by() {
    let bin = common::plan_bin();
    let dir = bin.parent().unwrap();
    let path = std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Process::new("plan")
            .args(["completions", shell])
            .env("PATH", &path)
            .env("PLAN_CONFIG", common::NO_USER_CONFIG)
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            !script.contains(&*dir.to_string_lossy()),
            "{shell} script names the binary's directory:\n{script}"
        );
    }
    let bash = Process::new("plan")
        .args(["completions", "bash"])
        .env("PATH", &path)
        .output()
        .unwrap();
    let bash = String::from_utf8(bash.stdout).unwrap();
    assert!(bash.contains("\"plan\" -- \"${words[@]}\""), "{bash}");
}
