//! Sub-items roll up: a measure with ・ sub-items and no status of its own
//! takes its status from them, and a status recorded on the measure wins.

mod common;

use common::*;

fn status(scratch: &Scratch, id: &str) -> String {
    str_field(&measure_json(&scratch.plan_dir(), id), "status").to_string()
}

/// Done measures of 東京都 in section 2, from `plan status --format json`.
fn done_in_section_2(scratch: &Scratch) -> u64 {
    let rows = json_array_of(scratch.plan().args(["status", "--format", "json"]));
    let row = rows
        .iter()
        .find(|r| r["section"] == 2 && r["party"] == "tmg")
        .unwrap();
    row["done"].as_u64().unwrap()
}

#[test]
fn zero_three_and_four_sub_items_done() {
    let scratch = copy_plan();
    assert_eq!(status(&scratch, "2.tmg.イ"), "planned");
    for item in 1..=3 {
        let id = format!("2.tmg.イ.{item}");
        scratch.note(&[&id, "完了", "--status", "done", "--at", "2021-07-01"]);
    }
    assert_eq!(status(&scratch, "2.tmg.イ"), "active", "3 of 4 done");
    assert_eq!(done_in_section_2(&scratch), 0);
    let shown = stdout_of(scratch.plan().args(["show", "2.tmg.イ"]));
    assert!(shown.contains("active (3 of 4 sub-items done)"), "{shown}");
    scratch.note(&[
        "2.tmg.イ.4",
        "完了",
        "--status",
        "done",
        "--at",
        "2021-07-02",
    ]);
    assert_eq!(status(&scratch, "2.tmg.イ"), "done", "4 of 4 done");
    assert_eq!(done_in_section_2(&scratch), 1);
    let listed = lines_of(&stdout_of(
        scratch
            .plan()
            .args(["list", "--status", "done", "--format", "ids"]),
    ));
    assert_eq!(listed, ["2.tmg.イ"]);
    // A status recorded on the measure itself wins from then on.
    scratch.note(&[
        "2.tmg.イ",
        "再開",
        "--status",
        "active",
        "--at",
        "2021-07-03",
    ]);
    assert_eq!(status(&scratch, "2.tmg.イ"), "active");
    let shown = stdout_of(scratch.plan().args(["show", "2.tmg.イ"]));
    assert!(!shown.contains("sub-items done"), "{shown}");
}

#[test]
fn dropped_sub_items_are_set_aside() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tmg.イ.1",
        "x",
        "--status",
        "dropped",
        "--at",
        "2021-07-01",
    ]);
    assert_eq!(status(&scratch, "2.tmg.イ"), "planned");
    for item in 2..=4 {
        let id = format!("2.tmg.イ.{item}");
        scratch.note(&[&id, "完了", "--status", "done", "--at", "2021-07-01"]);
    }
    assert_eq!(
        status(&scratch, "2.tmg.イ"),
        "done",
        "the others are all done"
    );
    for item in 2..=4 {
        let id = format!("2.tmg.イ.{item}");
        scratch.note(&[&id, "中止", "--status", "dropped", "--at", "2021-07-02"]);
    }
    assert_eq!(status(&scratch, "2.tmg.イ"), "dropped", "all dropped");
}
