//! `plan log`: notes newest first, filtered by measure, section, party, date,
//! author and status, in every format.

mod common;

use common::*;
use predicates::prelude::*;
use predicates::str::contains;

/// A copy of the plan with six notes; their texts A–F are in time order
/// F, A, B, C, E, D (newest last).
fn plan_with_notes() -> Scratch {
    let scratch = copy_plan();
    for args in [
        &[
            "2.tmg.イ",
            "A",
            "--author",
            "山田",
            "--status",
            "active",
            "--at",
            "2021-06-01T10:00:00+09:00",
        ][..],
        &[
            "2.tmg.イ.3",
            "B",
            "--author",
            "佐藤",
            "--at",
            "2021-06-10T10:00:00+09:00",
        ],
        &[
            "2.tcci.イ",
            "C",
            "--author",
            "山田",
            "--status",
            "done",
            "--at",
            "2021-06-20T10:00:00+09:00",
        ],
        &["3.tmg.ア", "D", "--at", "2021-07-01T10:00:00+09:00"],
        &[
            "2.tmg.ア",
            "E",
            "--status",
            "done",
            "--at",
            "2021-06-30T23:30:00+09:00",
        ],
        &[
            "6.tcci.オ",
            "F",
            "--author",
            "Yamada",
            "--status",
            "blocked",
            "--at",
            "2021-05-15T09:00:00+09:00",
        ],
    ] {
        scratch.note(args);
    }
    scratch
}

/// The texts of `plan log ARGS… --format json`, in the order printed.
fn log_texts(scratch: &Scratch, args: &[&str]) -> Vec<String> {
    json_array_of(
        scratch
            .plan()
            .arg("log")
            .args(args)
            .args(["--format", "json"]),
    )
    .iter()
    .map(|n| str_field(n, "text").to_string())
    .collect()
}

#[test]
fn log_lists_every_note_newest_first() {
    let scratch = plan_with_notes();
    assert_eq!(log_texts(&scratch, &[]), ["D", "E", "C", "B", "A", "F"]);
    let notes = log_json(&scratch.plan_dir());
    let times: Vec<&str> = notes.iter().map(|n| str_field(n, "at")).collect();
    assert_eq!(
        times,
        [
            "2021-07-01T10:00:00+09:00",
            "2021-06-30T23:30:00+09:00",
            "2021-06-20T10:00:00+09:00",
            "2021-06-10T10:00:00+09:00",
            "2021-06-01T10:00:00+09:00",
            "2021-05-15T09:00:00+09:00",
        ]
    );
}

#[test]
fn log_of_a_plan_without_notes_is_empty() {
    let scratch = copy_plan();
    assert!(log_json(&scratch.plan_dir()).is_empty());
    scratch.plan().arg("log").assert().success();
}

#[test]
fn log_of_a_short_id_shows_its_measure_and_sub_items() {
    let scratch = plan_with_notes();
    scratch
        .plan()
        .args(["log", "2.イ", "--format", "json"])
        .assert()
        .success()
        .stderr(contains("2.tcci.イ"));
    assert_eq!(log_texts(&scratch, &["2.イ"]), ["B", "A"]);
    assert_eq!(log_texts(&scratch, &["2.tmg.イ"]), ["B", "A"]);
    assert_eq!(log_texts(&scratch, &["2.tmg.イ.3"]), ["B"]);
    assert_eq!(log_texts(&scratch, &["2.tcci.イ"]), ["C"]);
    // A single --party also picks the party of a short ID.
    assert_eq!(log_texts(&scratch, &["2.イ", "--party", "tcci"]), ["C"]);
}

#[test]
fn log_of_a_section_shows_the_notes_of_its_measures() {
    let scratch = plan_with_notes();
    assert_eq!(log_texts(&scratch, &["2"]), ["E", "C", "B", "A"]);
    assert_eq!(log_texts(&scratch, &["３"]), ["D"]);
    assert!(log_texts(&scratch, &["5"]).is_empty());
}

#[test]
fn log_party_filter_keeps_that_partys_notes() {
    let scratch = plan_with_notes();
    assert_eq!(log_texts(&scratch, &["--party", "tcci"]), ["C", "F"]);
    assert_eq!(
        log_texts(&scratch, &["--party", "都"]),
        ["D", "E", "B", "A"]
    );
    assert_eq!(
        log_texts(&scratch, &["--party", "tmg", "--party", "東商"]).len(),
        6
    );
}

#[test]
fn log_since_and_until_include_the_days_they_name() {
    let scratch = plan_with_notes();
    assert_eq!(
        log_texts(&scratch, &["--since", "2021-06-10"]),
        ["D", "E", "C", "B"]
    );
    assert_eq!(
        log_texts(&scratch, &["--until", "2021-06-10"]),
        ["B", "A", "F"]
    );
    // 23:30 on 6-30 is still 6-30.
    assert_eq!(
        log_texts(
            &scratch,
            &["--since", "2021-06-10", "--until", "2021-06-30"]
        ),
        ["E", "C", "B"]
    );
    assert_eq!(log_texts(&scratch, &["--since", "2021/7/1"]), ["D"]);
    assert!(log_texts(&scratch, &["--since", "2021-07-02"]).is_empty());
}

#[test]
fn log_author_filter_is_case_and_width_folded() {
    let scratch = plan_with_notes();
    assert_eq!(log_texts(&scratch, &["--author", "山田"]), ["C", "A"]);
    assert_eq!(log_texts(&scratch, &["--author", "yamada"]), ["F"]);
    assert_eq!(log_texts(&scratch, &["--author", "ＹＡＭＡＤＡ"]), ["F"]);
    assert_eq!(log_texts(&scratch, &["--author", AUTHOR]), ["D", "E"]);
    assert_eq!(
        log_texts(&scratch, &["--author", "佐藤", "--author", "Yamada"]),
        ["B", "F"]
    );
}

#[test]
fn log_status_filter_keeps_notes_that_set_it() {
    let scratch = plan_with_notes();
    assert_eq!(log_texts(&scratch, &["--status", "done"]), ["E", "C"]);
    assert_eq!(log_texts(&scratch, &["--status", "実施済"]), ["E", "C"]);
    assert_eq!(
        log_texts(&scratch, &["--status", "done", "--status", "blocked"]),
        ["E", "C", "F"]
    );
    assert!(log_texts(&scratch, &["--status", "dropped"]).is_empty());
}

#[test]
fn log_status_takes_a_list_as_section_does() {
    let scratch = plan_with_notes();
    for list in [
        "done,blocked",
        "blocked, done",
        "実施済、保留",
        "done，blocked",
    ] {
        assert_eq!(
            log_texts(&scratch, &["--status", list]),
            ["E", "C", "F"],
            "--status {list}"
        );
    }
    scratch
        .plan()
        .args(["log", "--status", "blocked,dropd"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("unknown status `dropd`"))
        .stderr(contains("did you mean `dropped`?"));
}

#[test]
fn log_since_after_until_is_a_usage_error_not_an_empty_table() {
    let scratch = plan_with_notes();
    scratch
        .plan()
        .args(["log", "--since", "2021-07-01", "--until", "2021-06-01"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "--since 2021-07-01 is after --until 2021-06-01: no note could match",
        ))
        .stderr(contains("swap the two dates"));
    // A month names its whole span: --since 2021-06 --until 2021-06 is June.
    assert_eq!(
        log_texts(&scratch, &["--since", "2021-06", "--until", "2021-06"]),
        ["E", "C", "B", "A"]
    );
}

#[test]
fn log_limit_keeps_the_newest_notes() {
    let scratch = plan_with_notes();
    assert_eq!(log_texts(&scratch, &["-n", "2"]), ["D", "E"]);
    assert_eq!(log_texts(&scratch, &["-n", "2", "2"]), ["E", "C"]);
    assert_eq!(log_texts(&scratch, &["-n", "100"]).len(), 6);
}

#[test]
fn log_filters_combine() {
    let scratch = plan_with_notes();
    assert_eq!(
        log_texts(
            &scratch,
            &[
                "2",
                "--party",
                "tmg",
                "--since",
                "2021-06-05",
                "--status",
                "done"
            ]
        ),
        ["E"]
    );
    assert_eq!(
        log_texts(&scratch, &["--author", "山田", "--party", "tcci"]),
        ["C"]
    );
}

#[test]
fn log_bad_filters_are_usage_errors() {
    let scratch = plan_with_notes();
    for (args, message) in [
        (
            &["--since", "sometime"][..],
            "--since: `sometime` is not a date",
        ),
        (&["--until", "2021-13-01"], "--until: there is no month 13"),
        (
            &["--until", "2021-06-31"],
            "--until: 2021-06-31 does not exist: June has 30 days",
        ),
        (&["--status", "finsihed"], "unknown status `finsihed`"),
        (&["9.イ"], "no such section"),
        (&["2.キ"], "no measure `2.キ`"),
        (&["--party", "xyz"], "unknown party `xyz`"),
    ] {
        scratch
            .plan()
            .arg("log")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(message));
    }
}

/// The fields of a note in `plan log --format json|csv`, in order.
const NOTE_KEYS: [&str; 13] = [
    "key",
    "short_key",
    "id",
    "at",
    "day_only",
    "author",
    "status",
    "text",
    "links",
    "amends",
    "retracts",
    "superseded_by",
    "retracted_by",
];

#[test]
fn log_json_has_the_documented_keys() {
    let scratch = plan_with_notes();
    let notes = log_json(&scratch.plan_dir());
    for note in &notes {
        let keys: Vec<&str> = note
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, NOTE_KEYS, "{note}");
    }
    let c = &notes[2];
    assert_eq!(c["id"], "2.tcci.イ");
    assert_eq!(c["author"], "山田");
    assert_eq!(c["status"], "done");
    // A key: when it was recorded, and 64 random bits.
    let key = str_field(c, "key");
    let (when, random) = key.rsplit_once('-').unwrap();
    assert_eq!(when.len(), "20210620T100000+0900".len(), "{key}");
    assert_eq!(random.len(), 16, "{key}");
    assert!(random.chars().all(|ch| ch.is_ascii_hexdigit()), "{key}");
    assert_eq!(str_field(c, "short_key"), &random[..8]);
    assert_eq!(c["at"], "2021-06-20T10:00:00+09:00");
    assert!(notes[0]["status"].is_null());
    assert_eq!(c["links"], serde_json::json!([]));
    assert!(c["amends"].is_null() && c["superseded_by"].is_null());
}

#[test]
fn log_csv_has_a_header_and_a_record_per_note() {
    let scratch = plan_with_notes();
    let out = stdout_of(scratch.plan().args(["log", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, NOTE_KEYS);
    let column = |name: &str| NOTE_KEYS.iter().position(|k| *k == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let texts: Vec<&str> = records.iter().map(|r| &r[column("text")]).collect();
    assert_eq!(texts, ["D", "E", "C", "B", "A", "F"]);
    assert_eq!(&records[0][column("status")], "");
    assert_eq!(&records[1][column("status")], "done");
    assert_eq!(&records[3][column("id")], "2.tmg.イ.3");
}

#[test]
fn log_csv_of_no_notes_still_has_the_header_row() {
    let scratch = copy_plan();
    let out = stdout_of(scratch.plan().args(["log", "--format", "csv"]));
    assert_eq!(out, format!("{}\n", NOTE_KEYS.join(",")));
    let scratch = plan_with_notes();
    let out = stdout_of(
        scratch
            .plan()
            .args(["log", "--author", "誰もいない", "--format", "tsv"]),
    );
    assert_eq!(out, format!("{}\n", NOTE_KEYS.join("\t")));
}

#[test]
fn log_markdown_is_a_table_with_a_row_per_note() {
    let scratch = plan_with_notes();
    let out = stdout_of(scratch.plan().args(["log", "--format", "markdown"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2 + 6, "{out}");
    assert_eq!(
        lines[0],
        "| When | Key | ID | Party | Author | Status | Note |"
    );
    assert_eq!(lines[1], "| --- | --- | --- | --- | --- | --- | --- |");
    // The key column holds each note's short key.
    let without_key = |line: &str| {
        let mut cells: Vec<&str> = line.split(" | ").collect();
        let key = cells.remove(1);
        assert_eq!(key.len(), 8, "{line}");
        cells.join(" | ")
    };
    assert_eq!(
        without_key(lines[2]),
        "| 2021-07-01 10:00 | 3.tmg.ア | TMG | テスト |  | D |"
    );
    assert_eq!(
        without_key(lines[4]),
        "| 2021-06-20 10:00 | 2.tcci.イ | TCCI | 山田 | done | C |"
    );
    // In Japanese the headers, parties and statuses are translated.
    let ja = stdout_of(
        scratch
            .plan()
            .args(["--lang", "ja", "log", "--format", "markdown"]),
    );
    assert!(ja.starts_with("| 日時 | キー | 番号 | 主体 |"), "{ja}");
    assert!(
        ja.contains("| 2.tcci.イ | 東商 | 山田 | 実施済 | C |"),
        "{ja}"
    );
}

#[test]
fn log_table_is_newest_first_and_multi_line_notes_stay_in_their_row() {
    let scratch = plan_with_notes();
    scratch
        .plan_as_author()
        .args(["note", "4.tmg.ア", "-", "--at", "2021-07-02T09:00:00+09:00"])
        .write_stdin("一行目\n二行目\n")
        .assert()
        .success();
    let out = stdout_of(scratch.plan().arg("log"));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("When"), "{out}");
    assert!(
        lines[2].starts_with("2021-07-02 09:00") && lines[2].ends_with("一行目"),
        "{out}"
    );
    // The second line of the note is a continuation line with an empty first column.
    assert!(
        lines[3].starts_with(' ') && lines[3].ends_with("二行目"),
        "{out}"
    );
    assert!(lines[4].starts_with("2021-07-01 10:00"), "{out}");
    assert!(
        lines.last().unwrap().starts_with("2021-05-15 09:00"),
        "{out}"
    );
    scratch
        .plan()
        .args(["log", "--date-style", "wareki"])
        .assert()
        .success()
        .stdout(contains("令和3年7月1日 10:00").and(contains("2021-07-01").not()));
}

#[test]
fn log_table_fits_80_columns_with_short_authors_and_long_notes() {
    // Found by the README's tour: with two-character authors, the Author
    // column was widened to 8 and the table took 83 columns.
    let scratch = copy_plan();
    for (id, text, author) in [
        ("6.tcci.エ", "外国人材拠点の周知、延期", "鈴木"),
        ("2.tmg.イ.3", "地域セミナー開催（3回）", "佐藤"),
        ("2.tcci.ア", "東商新聞に掲載", "山田"),
    ] {
        scratch.note(&[
            id,
            text,
            "--author",
            author,
            "--at",
            "2021-07-01T10:00",
            "--link",
            "https://www.tokyo-cci.or.jp/",
        ]);
    }
    for lang in ["en", "ja"] {
        let out = stdout_of(
            scratch
                .plan()
                .env("COLUMNS", "80")
                .args(["--lang", lang, "log"]),
        );
        assert!(out.contains("https://"), "{out}");
        assert!(
            max_width(&out) <= 80,
            "--lang {lang}: {:#?}",
            lines_wider_than(&out, 80)
        );
    }
}

/// Peak RSS in MiB of `plan log ARGS` (stdout to /dev/null) under GNU time.
fn log_peak_mib(scratch: &Scratch, args: &[&str]) -> f64 {
    let report = scratch.root.path().join("time.txt");
    let mut cmd = std_plan(&scratch.plan_dir());
    cmd.arg("log").args(args);
    let status = under_gnu_time(&cmd, &report)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let kib = peak_rss_kib(&std::fs::read_to_string(&report).unwrap()).unwrap();
    kib as f64 / 1024.0
}

#[test]
fn a_large_log_is_written_as_it_goes_not_held_whole() {
    if !installed(GNU_TIME, "time") {
        return;
    }
    // 30,000 notes of 600 bytes of text (18 MB): JSON, CSV and IDs are
    // written a note at a time, so the peak stays near what reading the
    // notes takes, whatever the format (the whole JSON alone is 25 MB).
    let scratch = copy_plan();
    let text = "進捗".repeat(100);
    let mut lines = String::new();
    for i in 0..30_000u32 {
        let day = 1 + i % 28;
        lines.push_str(&format!(
            "\"202106{day:02}T100000+0900-{i:016x}\" = {{ id = \"2.tmg.イ\", at = 2021-06-{day:02}T10:00:00+09:00, author = \"山田\", text = \"{text} {i}\" }}\n"
        ));
    }
    std::fs::create_dir_all(scratch.notes_dir()).unwrap();
    std::fs::write(scratch.notes_file(2), &lines).unwrap();
    let notes_mib = lines.len() as f64 / (1024.0 * 1024.0);
    let floor = log_peak_mib(&scratch, &["--format", "ids"]);
    for format in ["json", "csv", "tsv"] {
        let peak = log_peak_mib(&scratch, &["--format", format]);
        assert!(
            peak < floor + notes_mib * 0.5,
            "{format}: {peak:.1} MiB, ids {floor:.1} MiB, notes {notes_mib:.1} MiB"
        );
    }
}

#[test]
fn notes_of_one_moment_are_ordered_by_when_they_were_recorded_then_their_place() {
    // Every note below happened at the same instant (a date-only note is
    // the start of its day in Tokyo, which 16:00 the day before in +01:00
    // also is): the key's recording time breaks the tie, then the line.
    let scratch = copy_plan();
    std::fs::create_dir_all(scratch.notes_dir()).unwrap();
    let line = |key: &str, at: &str, text: &str| {
        format!(
            "\"{key}\" = {{ id = \"2.tmg.ア\", at = {at}, author = \"a\", text = \"{text}\" }}\n"
        )
    };
    let lines = [
        line("20210601T100000+0900-aaaa", "2021-06-01", "early"),
        line("20210603T100000+0900-bbbb", "2021-06-01", "late"),
        line("20210602T100000+0900-cccc", "2021-06-01", "middle"),
        line("20210602T100000+0900-dddd", "2021-06-01", "middle, below"),
        line(
            "20210604T100000+0900-eeee",
            "2021-05-31T16:00:00+01:00",
            "latest, elsewhere",
        ),
        line(
            "20210501T100000+0900-ffff",
            "2021-06-01T00:00:01+09:00",
            "a second later",
        ),
    ];
    std::fs::write(scratch.notes_dir().join("02.toml"), lines.concat()).unwrap();
    assert_eq!(
        log_texts(&scratch, &[]),
        [
            "a second later",
            "latest, elsewhere",
            "late",
            "middle, below",
            "middle",
            "early"
        ]
    );
}
