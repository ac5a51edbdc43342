//! A realistic report for the renderers' tests, written out by hand (no
//! builder): six sections of the FY2021 plan, both parties, a few notes,
//! one measure with four sub-items, and hostile text — markup, quotes,
//! control characters and a 2,000-character note — in the places a plan
//! officer could type it.
#![allow(dead_code)]

use chrono::{DateTime, Datelike, Months, NaiveDate};
use plan::i18n::Lang;
use plan::model::note::Status;
use plan::model::tally::Counts;
use plan::report::{
    MonthPoint, NotesMode, Report, ReportItem, ReportMeasure, ReportNote, ReportParty,
    ReportSection, ReportSectionParty, SummaryRow,
};

/// A note's text that must show as text, never run.
pub const SCRIPT: &str = "<script>alert(1)</script>";
/// Characters that HTML, Markdown and XML give meaning to.
pub const QUOTES: &str = r#""&'"#;
/// The measure with four sub-items.
pub const FOUR_ITEMS: &str = "2.tmg.イ";
pub const FOUR_ITEMS_TEXT: &str = "企業におけるテレワークの導入・定着に向けた支援";
/// The measure whose latest result holds [`SCRIPT`].
pub const SCRIPTED: &str = "3.tcci.ア";
/// The day the report is as of.
pub fn as_of() -> NaiveDate {
    day(2021, 10, 31)
}

/// The 2,000-character note (on 5.tmg.ア).
pub fn long_note() -> String {
    let sentence = "女性活躍推進加速化事業の説明会を開催し、参加企業の行動計画策定を支援した。";
    sentence.chars().cycle().take(2_000).collect()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// A measure as the fixture writes it: party, label, text, status, sub-items
/// and its notes, each with the day it was made.
struct M {
    party: &'static str,
    label: &'static str,
    text: &'static str,
    status: Status,
    items: &'static [(&'static str, Status)],
    notes: Vec<(NaiveDate, ReportNote)>,
}

fn m(party: &'static str, label: &'static str, text: &'static str, status: Status) -> M {
    M {
        party,
        label,
        text,
        status,
        items: &[],
        notes: Vec::new(),
    }
}

impl M {
    fn note(
        mut self,
        at: NaiveDate,
        author: &'static str,
        status: Option<Status>,
        text: &str,
    ) -> M {
        let note = ReportNote {
            at: format!("{} 10:00", at.format("%Y-%m-%d")),
            local: at.and_hms_opt(10, 0, 0).unwrap_or_default(),
            day_only: false,
            item: None,
            author: author.into(),
            status,
            text: text.into(),
            links: Vec::new(),
        };
        self.notes.push((at, note));
        self
    }

    fn links(mut self, links: Vec<&'static str>) -> M {
        if let Some((_, last)) = self.notes.last_mut() {
            last.links = links.into_iter().map(String::from).collect();
        }
        self
    }

    fn items(mut self, items: &'static [(&'static str, Status)]) -> M {
        self.items = items;
        self
    }
}

/// The plan's six sections with the measures the tests use.
fn plan() -> Vec<(u32, &'static str, Vec<M>)> {
    use Status::*;
    vec![
        (1, "「働き方改革」の取組の推進", vec![
            m("tmg", "ア", "働き方改革宣言企業制度の実施", Active)
                .items(&[("多様なメディアの活用による普及啓発", Done), ("ライフ・ワーク・バランスＥＸＰＯにおける宣言企業交流会の開催", Planned), ("働き方改革宣言拡大のための取組の実施", Active)])
                .note(day(2021, 5, 20), "山田", Some(Active), "宣言企業の募集を開始"),
            m("tmg", "イ", "企業における働き方改革に向けた気運醸成", Active)
                .note(day(2021, 9, 1), "山田", Some(Active), "| # 見出しではない\n- 箇条でもない\n*強調* でもない"),
            m("tcci", "ア", "会員企業に対する都の「働き方改革宣言企業制度」、支援事業等の周知啓発（メールマガジン、東商新聞、経営指導員による資料配布等）", Done)
                .note(day(2021, 6, 10), "鈴木", Some(Done), "東商新聞6月10日号に掲載"),
        ]),
        (2, "テレワークの推進", vec![
            m("tmg", "ア", "東京テレワーク推進センターの運営", Done)
                .note(day(2021, 4, 30), "佐藤", Some(Done), "通年で運営中（4月開所）"),
            m("tmg", "イ", FOUR_ITEMS_TEXT, Active)
                .items(&[("「テレワーク東京ルール実践企業」宣言制度の普及", Done), ("テレワークの導入や運用時の課題解決の支援", Done), ("地域におけるテレワーク体験型セミナーの実施", Done), ("テレワークの機器導入経費補助", Planned)])
                .note(day(2021, 6, 15), "山田", Some(Active), "セミナー実施")
                .note(day(2021, 7, 1), "佐藤", None, "地域セミナー開催（3回）"),
            m("tmg", "ウ", "商工団体等と連携した普及促進（テレワーク推進デスクの設置）", Planned),
            m("tcci", "ア", "会員企業に対する都のテレワーク推進施策、支援事業等の周知啓発（メールマガジン、東商新聞、経営指導員による資料配布等）", Planned),
            m("tcci", "イ", "都が実施するテレワーク体験セミナー、イベントに関する周知協力・後援", Active)
                .note(day(2021, 6, 20), "山田", Some(Active), "東商新聞で告知"),
        ]),
        (3, "スムーズビズの推進（交通需要マネジメント（ＴＤＭ）、テレワーク、時差 Biz 等の一体的な推進）", vec![
            m("tmg", "ア", "スムーズビズの取組を呼びかける期間の設定", Done)
                .note(day(2021, 7, 19), "佐藤", Some(Done), "7月19日〜9月5日を集中取組期間に設定"),
            m("tmg", "イ", "スムーズビズに関連するイベントの開催", Dropped)
                .note(day(2021, 8, 2), "佐藤", Some(Dropped), "感染拡大のため中止"),
            m("tcci", "ア", "会員企業に対するスムーズビズの取組に係る周知啓発（メールマガジン、東商新聞、経営指導員による資料配布等）", Active)
                .note(day(2021, 8, 20), "<b>鈴木</b>", Some(Active), &format!("告知文を差し替え {SCRIPT}")),
        ]),
        (4, "ライフ・ワーク・バランスの推進", vec![
            m("tmg", "ア", "ライフ・ワーク・バランス認定企業制度の実施", Done)
                .items(&[("認定企業の取組発信を通じた普及啓発", Done)])
                .note(day(2021, 9, 30), "山田", Some(Done), &format!("認定企業 20 社を公表 {QUOTES}"))
                .links(vec!["https://www.hataraku.metro.tokyo.lg.jp/", "javascript:alert(1)"]),
            m("tmg", "イ", "ライフ・ワーク・バランスＥＸＰＯの開催", Planned),
            m("tcci", "ア", "会員企業に対する都のライフ・ワーク・バランス認定企業制度、各種支援事業等の周知啓発（メールマガジン、東商新聞、経営指導員による資料配布等）", Planned),
        ]),
        (5, "女性の活躍推進", vec![
            m("tmg", "ア", "女性活躍推進法に基づく一般行動計画の策定促進・目標達成の支援（女性の活躍推進加速化事業）", Done)
                .note(day(2021, 10, 1), "田中", Some(Done), &long_note()),
            m("tcci", "ア", "会員企業に対する都の女性の活躍推進加速化事業等の周知啓発（メールマガジン、 東商新聞、経営指導員による資料配布等）", Planned),
        ]),
        (6, "中小企業の人材確保", vec![
            m("tmg", "ア", "中小企業の人材確保に関する取組を実施", Planned)
                .items(&[("公益財団法人東京しごと財団に「人材確保相談窓口」を設置し、人材確保に苦慮する中小企業の相談対応や専門家派遣によるコンサルティングを実施", Planned), ("人材確保セミナー等の実施", Planned), ("企業主導型保育施設設置に関する相談対応、助成制度、セミナー等の実施", Planned)]),
            m("tmg", "イ", "人材確保セミナー等の実施", Planned),
            m("tcci", "ア", "都が実施する人材確保支援等の広報（メールマガジン、東商新聞、経営指導員による資料配布等）", Blocked)
                .note(day(2021, 10, 5), "鈴木", Some(Blocked), "外国人材拠点の周知、延期\u{1b}[31m\u{7}\u{202E}逆"),
        ]),
    ]
}

fn parties() -> Vec<ReportParty> {
    vec![
        ReportParty {
            key: "tmg".into(),
            name: "東京都".into(),
            short: "都".into(),
            heading: "都の取組".into(),
        },
        ReportParty {
            key: "tcci".into(),
            name: "東京商工会議所".into(),
            short: "東商".into(),
            heading: "東京商工会議所の取組".into(),
        },
    ]
}

/// The sample report, as of 2021-10-31.
pub fn report(lang: Lang, notes_mode: NotesMode) -> Report {
    let parties = parties();
    let sections: Vec<ReportSection> = plan()
        .into_iter()
        .map(|(number, title, measures)| ReportSection {
            number,
            title: title.into(),
            parties: parties
                .iter()
                .map(|p| ReportSectionParty {
                    party: p.key.clone(),
                    heading: p.heading.clone(),
                    measures: measures
                        .iter()
                        .filter(|m| m.party == p.key)
                        .map(|m| measure(number, m, lang, notes_mode))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let (title, label) = match lang {
        Lang::Ja => ("令和3年度 実施計画 進捗報告", "令和3年度（2021年度）"),
        Lang::En => ("FY2021 implementation plan: progress report", "FY2021"),
    };
    Report {
        lang,
        title: title.into(),
        plan_title: "東京における働き方改革推進等に関する連携協定に基づく実施計画".into(),
        fiscal_year: 2021,
        fiscal_year_label: label.into(),
        as_of: as_of(),
        generated_at: DateTime::parse_from_rfc3339("2021-11-01T09:30:00+09:00").expect("a time"),
        date_style: Default::default(),
        summary: summary(&sections, &parties),
        timeline: timeline(&sections, as_of()),
        parties,
        sections,
        notes_mode,
        last_year: None,
    }
}

/// The same plan at the start of the year: no notes, everything planned.
pub fn empty(lang: Lang) -> Report {
    let mut r = report(lang, NotesMode::All);
    r.as_of = day(2021, 4, 1);
    for m in r
        .sections
        .iter_mut()
        .flat_map(|s| &mut s.parties)
        .flat_map(|p| &mut p.measures)
    {
        m.status = Status::Planned;
        m.status_origin = None;
        m.last_note = None;
        m.latest_result = None;
        m.note_count = 0;
        m.notes.clear();
        m.items.iter_mut().for_each(|i| i.status = Status::Planned);
    }
    r.summary = summary(&r.sections, &r.parties);
    r.timeline = timeline(&r.sections, r.as_of);
    r
}

fn measure(section: u32, m: &M, lang: Lang, mode: NotesMode) -> ReportMeasure {
    let id = format!("{section}.{}.{}", m.party, m.label);
    let done = m.items.iter().filter(|(_, s)| *s == Status::Done).count();
    let status_origin = (!m.items.is_empty()).then(|| match lang {
        Lang::Ja => format!("小項目{}件中{}件が実施済", m.items.len(), done),
        Lang::En => format!("{done} of {} sub-items done", m.items.len()),
    });
    ReportMeasure {
        label: m.label.into(),
        text: m.text.into(),
        status: m.status,
        status_origin,
        last_note: m.notes.last().map(|(at, _)| *at),
        latest_result: m.notes.last().map(|(_, n)| n.text.clone()),
        note_count: m.notes.len(),
        items: m
            .items
            .iter()
            .enumerate()
            .map(|(i, (text, status))| ReportItem {
                id: format!("{id}.{}", i + 1),
                text: (*text).into(),
                status: *status,
            })
            .collect(),
        notes: match mode {
            NotesMode::Latest => Vec::new(),
            NotesMode::All => m.notes.iter().map(|(_, n)| n.clone()).collect(),
        },
        id,
        last_year: None,
    }
}

/// Counts per section and party, per party, and for all: the fixture's own
/// arithmetic, so the summary always agrees with the measures.
fn summary(sections: &[ReportSection], parties: &[ReportParty]) -> Vec<SummaryRow> {
    let mut rows = Vec::new();
    for s in sections {
        for p in &s.parties {
            rows.push(row(
                Some(s.number),
                Some(s.title.clone()),
                Some(p.party.clone()),
                p.measures.iter(),
            ));
        }
    }
    let all = || sections.iter().flat_map(|s| &s.parties);
    for party in parties {
        let measures = all()
            .filter(|p| p.party == party.key)
            .flat_map(|p| &p.measures);
        rows.push(row(None, None, Some(party.key.clone()), measures));
    }
    rows.push(row(None, None, None, all().flat_map(|p| &p.measures)));
    rows
}

fn row<'a>(
    section: Option<u32>,
    title: Option<String>,
    party: Option<String>,
    measures: impl Iterator<Item = &'a ReportMeasure>,
) -> SummaryRow {
    let measures: Vec<&ReportMeasure> = measures.collect();
    let count = |s: Status| measures.iter().filter(|m| m.status == s).count();
    let (done, dropped) = (count(Status::Done), count(Status::Dropped));
    let counted = measures.len() - dropped;
    let weight: f64 = measures
        .iter()
        .filter(|m| m.status != Status::Dropped)
        .map(|m| match (m.status, m.items.len()) {
            (Status::Done, _) => 1.0,
            (_, 0) => 0.0,
            (_, n) => m.items.iter().filter(|i| i.status == Status::Done).count() as f64 / n as f64,
        })
        .sum();
    SummaryRow {
        section,
        title,
        party,
        counts: Counts {
            measures: measures.len(),
            done,
            active: count(Status::Active),
            planned: count(Status::Planned),
            blocked: count(Status::Blocked),
            dropped,
            percent: (done * 100).checked_div(counted).unwrap_or(0) as u32,
            progress: if counted == 0 {
                0
            } else {
                (weight * 100.0 / counted as f64).round() as u32
            },
        },
    }
}

/// Month by month from April to `as_of`: measures done (cumulative) and
/// active by each month's end, by the date of the note that set them.
fn timeline(sections: &[ReportSection], as_of: NaiveDate) -> Vec<MonthPoint> {
    let measures: Vec<&ReportMeasure> = sections
        .iter()
        .flat_map(|s| &s.parties)
        .flat_map(|p| &p.measures)
        .collect();
    let mut points = Vec::new();
    let mut month = day(2021, 4, 1);
    while month <= as_of {
        let end = month + Months::new(1);
        let by = |s: Status| {
            measures
                .iter()
                .filter(|m| m.status == s && m.last_note.is_some_and(|d| d < end))
                .count()
        };
        points.push(MonthPoint {
            month,
            done: by(Status::Done),
            active: by(Status::Active),
            measures: measures.len(),
        });
        month = end;
        debug_assert_eq!(month.day(), 1);
    }
    points
}
