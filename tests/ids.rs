//! Every spelling of a measure ID resolves to the right canonical ID, short
//! IDs follow the default party, and IDs that name nothing fail with exit
//! code 2 and a message that helps.

mod common;

use common::*;
use predicates::prelude::*;
use predicates::str::contains;

/// The canonical `id` that `plan show INPUT --format json` resolves to.
fn resolves_to(input: &str) -> String {
    str_field(&show_json(&shipped_plan(), input), "id").to_string()
}

fn assert_resolves(cases: &[(&str, &str)]) {
    for (input, expected) in cases {
        assert_eq!(resolves_to(input), *expected, "`{input}`");
    }
}

#[test]
fn canonical_ids_resolve_to_themselves() {
    assert_resolves(&[
        ("2.tcci.イ", "2.tcci.イ"),
        ("2.tmg.イ", "2.tmg.イ"),
        ("6.tmg.キ", "6.tmg.キ"),
    ]);
}

#[test]
fn party_is_matched_by_key_in_any_case_or_accent() {
    assert_resolves(&[
        ("2.TCCI.イ", "2.tcci.イ"),
        ("2.tcc\u{ed}.イ", "2.tcci.イ"),
        ("2.Tmg.イ", "2.tmg.イ"),
    ]);
}

#[test]
fn party_is_matched_by_its_japanese_names() {
    assert_resolves(&[
        ("2.東商.イ", "2.tcci.イ"),
        ("2.東京商工会議所.イ", "2.tcci.イ"),
        ("2.都.イ", "2.tmg.イ"),
        ("2.東京都.イ", "2.tmg.イ"),
    ]);
}

#[test]
fn labels_are_matched_in_hiragana_and_romaji() {
    assert_resolves(&[
        ("2.tcci.い", "2.tcci.イ"),
        ("2.tcci.i", "2.tcci.イ"),
        ("2.tcci.I", "2.tcci.イ"),
        ("4.tmg.ka", "4.tmg.カ"),
        ("6.tmg.ki", "6.tmg.キ"),
    ]);
}

#[test]
fn full_width_ids_are_folded() {
    assert_resolves(&[("２．イ", "2.tmg.イ"), ("２．ｔｃｃｉ．イ", "2.tcci.イ")]);
}

#[test]
fn sub_item_id_resolves_to_its_measure_and_item() {
    let shown = show_json(&shipped_plan(), "2.tmg.イ.1");
    assert_eq!(str_field(&shown, "id"), "2.tmg.イ");
    assert_eq!(str_field(&shown["item"], "id"), "2.tmg.イ.1");
    assert_eq!(
        str_field(&shown["item"], "text"),
        "「テレワーク東京ルール実践企業」宣言制度の普及"
    );
    let last = show_json(&shipped_plan(), "2.tmg.イ.4");
    assert_eq!(
        str_field(&last["item"], "text"),
        "テレワークの機器導入経費補助"
    );
    // A measure ID has no `item`.
    assert!(show_json(&shipped_plan(), "2.tmg.イ")["item"].is_null());
}

#[test]
fn short_id_means_the_default_party_and_names_the_namesake() {
    let output = plan(&shipped_plan())
        .args(["show", "2.イ", "--format", "json"])
        .assert()
        .success()
        .stderr(contains("2.tmg.イ").and(contains("2.tcci.イ")))
        .get_output()
        .clone();
    let shown: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(str_field(&shown, "id"), "2.tmg.イ");
}

#[test]
fn id_naming_its_party_prints_no_note() {
    plan(&shipped_plan())
        .args(["show", "2.tmg.イ", "--format", "json"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn party_flag_picks_the_party_of_a_short_id() {
    plan(&shipped_plan())
        .args(["show", "2.イ", "--party", "tcci", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("\"id\": \"2.tcci.イ\""))
        .stderr("");
}

#[test]
fn a_party_chosen_on_purpose_prints_no_interpreted_as_notice() {
    // Only a defaulted party is worth a word on stderr; a chosen one
    // (flag, environment, user config) is what the user meant.
    for (env, flag) in [
        (Some("tcci"), None),
        (None, Some("tcci")),
        (None, Some("都")),
    ] {
        let mut cmd = plan(&shipped_plan());
        if let Some(p) = env {
            cmd.env("PLAN_PARTY", p);
        }
        cmd.args(["show", "2.イ", "--format", "json"]);
        if let Some(p) = flag {
            cmd.args(["--party", p]);
        }
        cmd.assert().success().stderr("");
    }
    let tmp = tempfile::tempdir().unwrap();
    let user = tmp.path().join("config.toml");
    std::fs::write(&user, "party = \"tcci\"\n").unwrap();
    plan(&shipped_plan())
        .env("PLAN_CONFIG", &user)
        .args(["show", "2.イ", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("\"id\": \"2.tcci.イ\""))
        .stderr("");
}

#[test]
fn plan_party_environment_picks_the_party_of_a_short_id() {
    plan(&shipped_plan())
        .env("PLAN_PARTY", "tcci")
        .args(["show", "2.イ", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("\"id\": \"2.tcci.イ\""));
    // The flag wins over the environment.
    plan(&shipped_plan())
        .env("PLAN_PARTY", "tcci")
        .args(["show", "2.イ", "--party", "都", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("\"id\": \"2.tmg.イ\""));
}

#[test]
fn short_id_with_a_label_only_the_other_party_has_is_that_one() {
    // Section 2: 都 has ア–エ, 東商 ア–カ; only 東商 has オ.
    let out = plan(&shipped_plan())
        .args(["show", "2.オ", "--format", "json"])
        .assert()
        .success()
        .stderr(contains("`2.オ` is 2.tcci.オ (東京商工会議所): only 東京商工会議所 has a measure オ in section 2"))
        .get_output()
        .stdout
        .clone();
    let shown: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(shown["id"], "2.tcci.オ");
    // A party named with --party is taken at its word.
    plan(&shipped_plan())
        .args(["show", "2.オ", "--party", "tmg"])
        .assert()
        .code(2)
        .stderr(contains("no measure `2.オ`").and(contains("did you mean 2.tcci.オ")));
}

#[test]
fn label_no_party_has_is_not_found() {
    plan(&shipped_plan())
        .args(["show", "2.キ"])
        .assert()
        .code(2)
        .stderr(contains("no measure `2.キ`"));
    plan(&shipped_plan())
        .args(["show", "2.tcci.キ"])
        .assert()
        .code(2)
        .stderr(contains("no measure `2.tcci.キ`"));
}

#[test]
fn unknown_section_is_a_usage_error_listing_the_sections() {
    plan(&shipped_plan())
        .args(["show", "9.イ"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("no such section").and(contains("1, 2, 3, 4, 5, 6")));
}

#[test]
fn unknown_party_is_a_usage_error_naming_the_parties() {
    plan(&shipped_plan())
        .args(["show", "2.xyz.イ"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("unknown party `xyz`").and(contains("tmg, tcci")));
    // A near miss gets a suggestion.
    plan(&shipped_plan())
        .args(["show", "2.tmgg.イ"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `tmg`?"));
    plan(&shipped_plan())
        .args(["show", "2.tcc.イ"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `tcci`?"));
}

#[test]
fn missing_sub_item_is_a_usage_error_suggesting_the_last_one() {
    plan(&shipped_plan())
        .args(["show", "2.tmg.イ.9"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("no measure `2.tmg.イ.9`").and(contains("2.tmg.イ.4")));
    // A measure without sub-items has no sub-item 1.
    plan(&shipped_plan())
        .args(["show", "2.tmg.ア.1"])
        .assert()
        .code(2);
}

#[test]
fn malformed_id_is_a_usage_error_showing_the_id_form() {
    for input in ["foo", "2.tmg.イ.1.2", "x.イ"] {
        plan(&shipped_plan())
            .args(["show", input])
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains("is not a measure ID").and(contains("2.tcci.イ")));
    }
}

#[test]
fn section_number_shows_the_section_as_the_document_lays_it_out() {
    let out = stdout_of(plan(&shipped_plan()).args(["show", "2"]));
    for expected in [
        "２ テレワークの推進",
        "（内容）",
        "（１）新型コロナウイルス感染拡大防止",
        "（２）テレワーク普及の気運醸成に向けて",
        "都の取組",
        "東京商工会議所の取組",
        "ア 東京テレワーク推進センターの運営",
        "・テレワークの機器導入経費補助",
        "カ テレワーク推進デスクの設置・周知協力",
        "2.tcci.カ",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    // 都 comes before 東京商工会議所, as in the document.
    assert!(out.find("都の取組").unwrap() < out.find("東京商工会議所の取組").unwrap());
    // Only section 2.
    assert!(!out.contains("スムーズビズ"));
}

#[test]
fn section_view_fits_the_terminal_width() {
    // Lines may run one full-width character long only to keep closing
    // punctuation (、。） …) off the start of the next line (行頭禁則).
    let kinsoku = ['、', '。', '，', '．', '）', '」', '』', '】', '・', 'ー'];
    for width in [60, 80] {
        for section in 1..=6 {
            let out = stdout_of(
                plan(&shipped_plan())
                    .env("COLUMNS", width.to_string())
                    .args(["show", &section.to_string()]),
            );
            let too_wide: Vec<_> = lines_wider_than(&out, width)
                .into_iter()
                .filter(|(w, line)| !(*w <= width + 2 && line.ends_with(|c| kinsoku.contains(&c))))
                .collect();
            assert!(
                too_wide.is_empty(),
                "COLUMNS={width}, section {section}: {too_wide:#?}"
            );
        }
    }
}

#[test]
fn a_sub_item_id_shows_the_sub_item_in_every_format() {
    let item = "「テレワーク東京ルール実践企業」宣言制度の普及";
    let show = |format: &str| {
        stdout_of(plan(&shipped_plan()).args(["show", "2.tmg.イ.1", "--format", format]))
    };
    assert!(show("table").contains(&format!("・{item}")));
    let markdown = show("markdown");
    assert!(
        markdown.starts_with(&format!("### 2.tmg.イ.1 ・{item}\n")),
        "{markdown}"
    );
    assert_eq!(show("ids"), "2.tmg.イ.1\n");
    let csv = show("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let record = reader.records().next().unwrap().unwrap();
    let field = |name: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        record[i].to_string()
    };
    assert_eq!(field("id"), "2.tmg.イ");
    assert_eq!(field("item_id"), "2.tmg.イ.1");
    assert_eq!(field("item_text"), item);
    assert_eq!(field("item_status"), "planned");
    // A measure ID lists the measure and its sub-items.
    let ids = stdout_of(plan(&shipped_plan()).args(["show", "2.tmg.イ", "--format", "ids"]));
    assert_eq!(lines_of(&ids).len(), 5);
}
