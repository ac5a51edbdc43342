//! The deployment files docs/deploy.md ships: the systemd unit passes
//! `systemd-analyze verify` (skipped, visibly, where systemd-analyze is
//! missing), and it starts plan serve in a way the server accepts.

mod common;

use std::process::Command;

#[test]
fn the_systemd_unit_verifies() {
    let unit = common::repo_root().join("docs").join("plan-serve.service");
    let text = std::fs::read_to_string(&unit).expect("docs/plan-serve.service");
    // The service exposes plan beyond loopback: with TLS and accounts, as
    // `plan serve` requires.
    let exec = text
        .lines()
        .find(|l| l.starts_with("ExecStart="))
        .expect("an ExecStart line");
    assert!(
        exec.contains(" serve ") && exec.contains("--tls-cert") && exec.contains("--tls-key"),
        "{exec}"
    );
    assert!(
        text.contains("PLAN_ACCOUNTS="),
        "the accounts file is named"
    );
    let present = Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !present {
        common::skipped(
            "systemd-analyze is not installed (Debian package systemd): the unit was not verified",
        );
        return;
    }
    // systemd-analyze checks that ExecStart's program exists: point it at
    // this build's binary in a copy of the unit.
    let dir = tempfile::tempdir().expect("a directory");
    let copy = dir.path().join("plan-serve.service");
    let bin = common::plan_bin();
    std::fs::write(
        &copy,
        text.replace("/usr/local/bin/plan", bin.to_str().expect("a UTF-8 path")),
    )
    .expect("the copy");
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&copy)
        .output()
        .expect("systemd-analyze runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // systemd-analyze exits 0 on a directive it ignores: any word about
    // our unit fails the test.
    assert!(
        out.status.success() && !stderr.contains("plan-serve.service"),
        "systemd-analyze verify: {stderr}"
    );
}
