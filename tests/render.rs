//! `plan render`: the official document rebuilt from the plan files.

mod common;

use std::fs;

use common::*;

fn render(dir: &std::path::Path, format: &str) -> String {
    stdout_of(plan(dir).args(["render", "--format", format]))
}

/// Every measure and sub-item ID of a plan.
fn all_ids(dir: &std::path::Path) -> Vec<String> {
    let mut ids = Vec::new();
    for m in all_measures(dir) {
        let id = str_field(&m, "id").to_string();
        let items = strings_field(&m, "items").len();
        ids.push(id.clone());
        ids.extend((1..=items).map(|n| format!("{id}.{n}")));
    }
    ids
}

#[test]
fn the_text_is_the_source_document_character_for_character() {
    // The PDF's text breaks lines anywhere and pads with spaces: without
    // whitespace, the rendered document and the source are the same string.
    let rendered = no_whitespace(&render(&shipped_plan(), "text"));
    let document = no_whitespace(&source_document());
    let first = rendered
        .chars()
        .zip(document.chars())
        .position(|(a, b)| a != b);
    assert_eq!(
        rendered, document,
        "first difference at character {first:?}"
    );
}

#[test]
fn the_text_lays_out_sections_measures_and_sub_items_as_the_document_does() {
    let out = render(&shipped_plan(), "text");
    for line in [
        "２ テレワークの推進",
        "（内容）",
        "（２）テレワーク普及の気運醸成に向けて、イベントや広告等により普及啓発",
        "都の取組",
        "イ 企業におけるテレワークの導入・定着に向けた支援",
        "   ・テレワークの機器導入経費補助",
        "東京商工会議所の取組",
        "本実施計画は、令和３年（2021 年）４月１日から実施する。",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "no line `{line}` in:\n{out}"
        );
    }
    assert!(out.contains("（平成 29 年 11 月 30 日。以下「働き方改革連携協定」という。）"));
    assert!(out.contains("次のとおり、令和３年度（2021 年度）において"));
}

#[test]
fn dates_and_numerals_are_written_from_the_data() {
    let scratch = copy_plan();
    let path = scratch.plan_dir().join("plan.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("fiscal_year = 2021", "fiscal_year = 2022")
        .replace("effective = 2021-04-01", "effective = 2022-04-11")
        .replace("date = 2017-11-30", "date = 2019-05-01");
    fs::write(&path, text).unwrap();
    let out = render(&scratch.plan_dir(), "text");
    assert!(out.contains("（令和元年５月１日。以下"), "{out}");
    assert!(
        out.contains("次のとおり、令和４年度（2022 年度）において"),
        "{out}"
    );
    assert!(
        out.contains("本実施計画は、令和４年（2022 年）４月 11 日から実施する。"),
        "{out}"
    );
    assert!(!out.contains("2021") && !out.contains("令和３"), "{out}");
}

#[test]
fn html_is_one_printable_page_with_an_anchor_for_every_measure_and_sub_item() {
    let html = render(&shipped_plan(), "html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4"), "print CSS inline");
    assert!(html.contains("break-inside: avoid"));
    for forbidden in ["<script", "http://", "https://", "<link", "src="] {
        assert!(!html.contains(forbidden), "{forbidden} in the page");
    }
    let ids = all_ids(&shipped_plan());
    assert_eq!(ids.len(), 51 + 11);
    for id in &ids {
        assert!(
            html.contains(&format!("<li id=\"m-{id}\">")),
            "no anchor for {id}"
        );
        assert!(
            html.contains(&format!("href=\"#m-{id}\">{id}</a>")),
            "no link for {id}"
        );
    }
    assert!(html.contains("<section id=\"s-6\">"));
    assert!(html.contains("<li id=\"c-2.2\">（２）テレワーク普及"));
}

#[test]
fn markdown_has_headings_lists_and_an_anchor_for_every_id() {
    let md = render(&shipped_plan(), "markdown");
    assert!(md.contains("\n# 東京における働き方改革推進等に関する連携協定に基づく実施計画\n"));
    assert!(md.contains("\n## <a id=\"s-2\"></a>２ テレワークの推進\n"));
    assert!(md.contains("\n### 東京商工会議所の取組\n"));
    for id in all_ids(&shipped_plan()) {
        assert!(
            md.contains(&format!("<a id=\"m-{id}\"></a>")),
            "no anchor for {id}"
        );
    }
    assert!(md.contains(
        "  - <a id=\"m-2.tmg.イ.4\"></a>・テレワークの機器導入経費補助 <code class=\"id\">2.tmg.イ.4</code>"
    ));
}

#[test]
fn every_format_escapes_the_data() {
    let scratch = copy_plan();
    let path = scratch.plan_dir().join("02-telework.toml");
    let text = fs::read_to_string(&path).unwrap().replace(
        "text = \"東京テレワーク推進センターの運営\"",
        "text = \"<script>alert(1)</script> *強調* \\u202e赤\"",
    );
    fs::write(&path, text).unwrap();
    let html = render(&scratch.plan_dir(), "html");
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62; *強調* \\u{202e}赤"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    let md = render(&scratch.plan_dir(), "markdown");
    assert!(
        md.contains("\\<script\\>alert\\(1\\)\\<\\/script\\> \\*強調\\* \\\\u\\{202e\\}赤"),
        "{md}"
    );
    let text = render(&scratch.plan_dir(), "text");
    // A bidirectional override would make the terminal show the text reversed.
    assert!(
        text.contains("ア <script>alert(1)</script> *強調* \\u{202e}赤"),
        "{text}"
    );
    assert!(!text.contains('\u{202e}'));
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.html");
    let out = stdout_of(
        plan(&shipped_plan())
            .args(["render", "--format", "html", "--output"])
            .arg(&file),
    );
    assert_eq!(out, "");
    let written = fs::read_to_string(&file).unwrap();
    assert_eq!(written, render(&shipped_plan(), "html"));
}

#[test]
fn an_unknown_placeholder_stops_render_and_names_its_place() {
    let scratch = copy_plan();
    let path = scratch.plan_dir().join("plan.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("{effective}から", "{effectiv}から");
    fs::write(&path, text).unwrap();
    scratch
        .plan()
        .arg("render")
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "error[P034]: unknown placeholder `{effectiv}`",
        ))
        .stderr(predicates::str::contains("plan.toml:18:19"));
}
