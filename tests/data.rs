//! The shipped plan is complete and verbatim: every section, measure, ・
//! sub-item and 内容 item of the FY2021 document, in the document's words.

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::Value;

/// `plan show N --format json` for every section of the shipped plan.
fn sections() -> Vec<Value> {
    (1..=6)
        .map(|n| json_of(plan(&shipped_plan()).args(["show", &n.to_string(), "--format", "json"])))
        .collect()
}

fn measure_text(id: &str) -> String {
    let m = show_json(&shipped_plan(), id);
    assert_eq!(str_field(&m, "id"), id);
    str_field(&m, "text").to_string()
}

#[test]
fn plan_has_the_six_sections_of_the_document_in_order() {
    let titles: Vec<(u64, String)> = sections()
        .iter()
        .map(|s| {
            (
                s["section"].as_u64().unwrap(),
                str_field(s, "title").to_string(),
            )
        })
        .collect();
    assert_eq!(
        titles,
        vec![
            (1, "「働き方改革」の取組の推進".to_string()),
            (2, "テレワークの推進".to_string()),
            (
                3,
                "スムーズビズの推進（交通需要マネジメント（ＴＤＭ）、テレワーク、時差 Biz 等の一体的な推進）"
                    .to_string()
            ),
            (4, "ライフ・ワーク・バランスの推進".to_string()),
            (5, "女性の活躍推進".to_string()),
            (6, "中小企業の人材確保".to_string()),
        ]
    );
    // There is no seventh section.
    plan(&shipped_plan())
        .args(["show", "7"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no such section"));
}

#[test]
fn measure_counts_per_section_and_party_match_the_document() {
    let measures = all_measures(&shipped_plan());
    let counts = count_by_section_and_party(&measures);
    let expected: BTreeMap<(u64, String), usize> = [
        (1, 2, 4),
        (2, 4, 6),
        (3, 3, 4),
        (4, 6, 4),
        (5, 3, 3),
        (6, 7, 5),
    ]
    .into_iter()
    .flat_map(|(section, tmg, tcci)| {
        [
            ((section, "tmg".to_string()), tmg),
            ((section, "tcci".to_string()), tcci),
        ]
    })
    .collect();
    assert_eq!(counts, expected);
    let tmg = measures.iter().filter(|m| m["party"] == "tmg").count();
    let tcci = measures.iter().filter(|m| m["party"] == "tcci").count();
    assert_eq!((tmg, tcci, measures.len()), (25, 26, 51));
}

#[test]
fn labels_run_in_gojuon_order_within_each_party() {
    let order = ["ア", "イ", "ウ", "エ", "オ", "カ", "キ"];
    let measures = all_measures(&shipped_plan());
    let counts = count_by_section_and_party(&measures);
    for ((section, party), n) in counts {
        let labels: Vec<&str> = measures
            .iter()
            .filter(|m| m["section"] == section && m["party"] == party.as_str())
            .map(|m| str_field(m, "label"))
            .collect();
        assert_eq!(labels, order[..n].to_vec(), "section {section} {party}");
    }
}

#[test]
fn plan_has_eleven_contents_items_in_all() {
    let per_section: Vec<usize> = sections()
        .iter()
        .map(|s| strings_field(s, "contents").len())
        .collect();
    assert_eq!(per_section, vec![2, 2, 2, 2, 2, 1]);
    assert_eq!(per_section.iter().sum::<usize>(), 11);
}

#[test]
fn plan_has_eleven_sub_items_under_four_measures() {
    let measures = all_measures(&shipped_plan());
    let with_items: Vec<(String, usize)> = measures
        .iter()
        .filter(|m| !strings_field(m, "items").is_empty())
        .map(|m| {
            (
                str_field(m, "id").to_string(),
                strings_field(m, "items").len(),
            )
        })
        .collect();
    assert_eq!(
        with_items,
        vec![
            ("1.tmg.ア".to_string(), 3),
            ("2.tmg.イ".to_string(), 4),
            ("4.tmg.ア".to_string(), 1),
            ("6.tmg.ア".to_string(), 3),
        ]
    );
    assert_eq!(with_items.iter().map(|(_, n)| n).sum::<usize>(), 11);
}

#[test]
fn sample_measure_texts_are_verbatim_from_the_document() {
    // Each expected text is copied from docs/source-fy2021.txt, with the PDF's
    // line breaks joined; the samples cover every section and both parties.
    let samples = [
        ("1.tmg.イ", "企業における働き方改革に向けた気運醸成"),
        (
            "1.tcci.ア",
            "会員企業に対する都の「働き方改革宣言企業制度」、支援事業等の周知啓発（メールマガジン、東商新聞、経営指導員による資料配布等）",
        ),
        (
            "2.tmg.エ",
            "民間事業者・市町村におけるサテライトオフィス設置・利用の促進",
        ),
        (
            "2.tcci.ア",
            "会員企業に対する都のテレワーク推進施策、支援事業等の周知啓発（メールマガジン、東商新聞、経営指導員による資料配布等）",
        ),
        (
            "3.tmg.ウ",
            "スムーズビズに係る企業の取組発信を通じた普及啓発",
        ),
        (
            "3.tcci.ウ",
            "会員企業が取り組む「時差出勤」、「フレックス制」などの働き方に関する取組、鉄道事業者（会員企業）によるオフピーク時間帯における特典付与や混雑の見える化などの取組について、推進・浸透に対する支援",
        ),
        (
            "3.tcci.エ",
            "先進的な働き方を実践している会員企業に対して、スムーズビズへの参加を誘導",
        ),
        (
            "4.tmg.ウ",
            "企業における育児・介護や病気治療と仕事の両立に向けた職場環境整備（情報発信、専門家派遣、奨励金制度、育休取得、介護休業取得に関する助成金）",
        ),
        (
            "4.tcci.イ",
            "都が実施するライフ・ワーク・バランスＥＸＰＯ、その他のイベントに関する周知協力・後援",
        ),
        (
            "5.tmg.ア",
            "女性活躍推進法に基づく一般行動計画の策定促進・目標達成の支援（女性の活躍推進加速化事業）",
        ),
        (
            "5.tcci.ア",
            "会員企業に対する都の女性の活躍推進加速化事業等の周知啓発（メールマガジン、 東商新聞、経営指導員による資料配布等）",
        ),
        (
            "6.tmg.オ",
            "外国人留学生等対象の合同企業説明会やインターンシップの実施及び海外におけるマッチングイベントの開催",
        ),
        ("6.tmg.キ", "中小企業の人材戦略構築や中核人材の確保を支援"),
        (
            "6.tcci.ア",
            "都が実施する人材確保支援等の広報（メールマガジン、東商新聞、経営指導員による資料配布等）",
        ),
    ];
    for (id, expected) in samples {
        assert_eq!(measure_text(id), expected, "{id}");
    }
}

#[test]
fn repaired_line_breaks_leave_no_fragment_behind() {
    // Words the PDF broke across lines are whole in the data …
    for (id, word) in [
        ("3.tcci.ウ", "見える化"),
        ("3.tcci.エ", "誘導"),
        ("5.tmg.ア", "活躍推進加速化事業"),
        ("6.tmg.オ", "海外におけるマッチング"),
        ("2.tcci.ア", "周知啓発（メールマガジン"),
    ] {
        assert!(measure_text(id).contains(word), "{id} contains {word}");
    }
    // … and no measure ends in the middle of one.
    assert!(measure_text("3.tcci.エ").ends_with("参加を誘導"));
    assert!(!measure_text("3.tcci.エ").ends_with('誘'));
    // The source's space after 、 in 5.tcci.ア is kept, as the document has it.
    assert!(measure_text("5.tcci.ア").contains("メールマガジン、 東商新聞"));
}

#[test]
fn sub_items_are_verbatim_from_the_document() {
    let expected: [(&str, &[&str]); 4] = [
        (
            "1.tmg.ア",
            &[
                "多様なメディアの活用による普及啓発",
                "ライフ・ワーク・バランスＥＸＰＯにおける宣言企業交流会の開催",
                "働き方改革宣言拡大のための取組の実施",
            ],
        ),
        (
            "2.tmg.イ",
            &[
                "「テレワーク東京ルール実践企業」宣言制度の普及",
                "テレワークの導入や運用時の課題解決の支援",
                "地域におけるテレワーク体験型セミナーの実施",
                "テレワークの機器導入経費補助",
            ],
        ),
        ("4.tmg.ア", &["認定企業の取組発信を通じた普及啓発"]),
        (
            "6.tmg.ア",
            &[
                "公益財団法人東京しごと財団に「人材確保相談窓口」を設置し、人材確保に苦慮する中小企業の相談対応や専門家派遣によるコンサルティングを実施",
                "人材確保セミナー等の実施",
                "企業主導型保育施設設置に関する相談対応、助成制度、セミナー等の実施",
            ],
        ),
    ];
    for (id, items) in expected {
        let m = show_json(&shipped_plan(), id);
        assert_eq!(strings_field(&m, "items"), items, "{id}");
    }
}

#[test]
fn contents_items_are_verbatim_from_the_document() {
    let sections = sections();
    assert_eq!(
        strings_field(&sections[1], "contents"),
        [
            "新型コロナウイルス感染拡大防止と事業継続を両立する有効策としてのテレワークを推進するため、企業の導入・定着に向けた支援やサテライトオフィス設置等を支援",
            "テレワーク普及の気運醸成に向けて、イベントや広告等により普及啓発",
        ]
    );
    assert_eq!(
        strings_field(&sections[2], "contents"),
        [
            "ワークスタイルや企業活動の東京モデルの確立を目指し、スムーズビズとして、交通需要マネジメント（ＴＤＭ）やテレワーク、時差 Biz などの取組を一体的に推進し、企業のスムーズビズ参加を喚起",
            "「新しい日常」における働き方であるテレワーク、時差出勤などのスムーズビズの取組の継続や定着に向け、集中的に取り組む期間の設定やイベント、広報等により普及啓発",
        ]
    );
    assert_eq!(
        strings_field(&sections[5], "contents"),
        [
            "若者等への企業の魅力発信などにより、中小企業の人材確保を支援するとともに、企業主導型保育施設設置を促進"
        ]
    );
}

#[test]
fn every_text_occurs_in_the_source_document() {
    let document = no_whitespace(&source_document());
    let mut checked = 0;
    for m in all_measures(&shipped_plan()) {
        let id = str_field(&m, "id");
        // The label and the text together, so a text cannot match mid-sentence
        // of another measure.
        let text = format!("{}{}", str_field(&m, "label"), str_field(&m, "text"));
        assert!(document.contains(&no_whitespace(&text)), "{id}: {text}");
        checked += 1;
        for item in strings_field(&m, "items") {
            let item = format!("・{item}");
            assert!(document.contains(&no_whitespace(&item)), "{id}: {item}");
            checked += 1;
        }
    }
    for section in sections() {
        for (i, item) in strings_field(&section, "contents").iter().enumerate() {
            let numbered = format!(
                "（{}）{item}",
                char::from_u32('１' as u32 + i as u32).unwrap()
            );
            assert!(
                document.contains(&no_whitespace(&numbered)),
                "section {}: {numbered}",
                section["section"]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 51 + 11 + 11);
}

#[test]
fn the_whole_document_is_rebuilt_from_the_plan_files() {
    // Laying out the plan as the document does (title, preamble, each section
    // with its 内容 and both parties' measures, closing) gives back the source
    // text exactly, whitespace aside: nothing is missing, added or reordered.
    let info: toml::Table =
        toml::from_str(&std::fs::read_to_string(shipped_plan().join("plan.toml")).unwrap())
            .unwrap();
    // The preamble and closing are templates: their placeholders stand for
    // the dates the document writes out.
    let field = |key: &str| {
        info[key]
            .as_str()
            .unwrap()
            .replace("{agreement_date}", "平成 29 年 11 月 30 日")
            .replace("{fiscal_year}", "令和３年度（2021 年度）")
            .replace("{effective}", "令和３年（2021 年）４月１日")
    };
    let zenkaku = |n: usize| char::from_u32('０' as u32 + n as u32).unwrap();
    let mut rebuilt = field("title") + &field("preamble");
    for section in sections() {
        let number = section["section"].as_u64().unwrap() as usize;
        rebuilt.push(zenkaku(number));
        rebuilt += str_field(&section, "title");
        rebuilt += "（内容）";
        for (i, item) in strings_field(&section, "contents").iter().enumerate() {
            rebuilt += &format!("（{}）{item}", zenkaku(i + 1));
        }
        for (party, heading) in [("tmg", "都の取組"), ("tcci", "東京商工会議所の取組")]
        {
            rebuilt += heading;
            for m in section["measures"].as_array().unwrap() {
                if m["party"] != party {
                    continue;
                }
                rebuilt += str_field(m, "label");
                rebuilt += str_field(m, "text");
                for item in strings_field(m, "items") {
                    rebuilt += &format!("・{item}");
                }
            }
        }
    }
    rebuilt += &field("closing");
    let rebuilt = no_whitespace(&rebuilt);
    let document = no_whitespace(&source_document());
    if rebuilt != document {
        let at = rebuilt
            .chars()
            .zip(document.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let around = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(20))
                .take(40)
                .collect::<String>()
        };
        panic!(
            "the plan differs from the document at character {at}:\n plan: {}\n  doc: {}",
            around(&rebuilt),
            around(&document)
        );
    }
}
