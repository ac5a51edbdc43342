//! The plan generator behind `cargo run --example gen-plan` (see `main.rs`),
//! shared by `#[path]` with the scale benchmark (`benches/scale`) and the
//! generator's test (`tests/gen_plan.rs`).
//!
//! It writes `OUT/plan/` laid out exactly like the shipped plan: `plan.toml`,
//! `.gitattributes` and `schema/` copied from it, one `NN-….toml` file per
//! section and one `notes/NN.toml` per section with notes. Measure texts are
//! the shipped plan's texts, varied so that they stay unique within a section;
//! notes files start with `plan note`'s [`store::HEADER`], their lines are
//! written by the library's [`noteline::write`] and their keys have the form
//! of [`Note::new_key`], so the format cannot drift from what `plan note`
//! writes.
//!
//! Everything is drawn from one generator seeded with the seed (the random
//! part of the note keys too, where `plan note` asks the operating system):
//! the same options and the same shipped plan give the same bytes.

use std::collections::HashSet;
use std::fs::{self, File};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use fastrand::Rng;
use plan::files::noteline::{self, basic_string};
use plan::files::{load, store};
use plan::i18n::Lang;
use plan::model::id::MeasureId;
use plan::model::label::ORDER;
use plan::model::note::{Correction, Note, NoteTime, Status};
use plan::model::plan::Plan;

/// The most sections the generator writes (a sanity bound, not a plan rule).
pub const MAX_SECTIONS: u32 = 100_000;
/// The most notes the generator writes (about 10 GB; a sanity bound).
pub const MAX_NOTES: u64 = 50_000_000;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Sections, numbered 1..=sections.
    pub sections: u32,
    /// Measures per section, split between the parties in plan.toml order
    /// (the first parties get the odd ones).
    pub measures: usize,
    /// Notes, spread over all sections.
    pub notes: u64,
    /// Seed of every random choice.
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub measures: usize,
    /// ・ sub-items of those measures.
    pub items: usize,
    pub notes: u64,
    /// Bytes of plan.toml, the section files and the notes files.
    pub bytes: u64,
}

/// Writes `out/plan/` from the shipped plan in `shipped` (a directory holding
/// plan.toml). Fails, writing nothing, on bad options or an `out/plan` that
/// already has files.
pub fn generate(shipped: &Path, out: &Path, opts: &Options) -> Result<Summary> {
    if opts.sections == 0 || opts.sections > MAX_SECTIONS {
        bail!("--sections must be between 1 and {MAX_SECTIONS}");
    }
    if opts.notes > MAX_NOTES {
        bail!("--notes must be at most {MAX_NOTES}");
    }
    let source = load::load(shipped).map_err(|e| {
        anyhow!(
            "cannot load the plan to draw from, {}:\n{}",
            shipped.display(),
            describe(e)
        )
    })?;
    let parties: Vec<&str> = source.party_keys().collect();
    let most = ORDER.len() * parties.len();
    if opts.measures == 0 || opts.measures > most {
        bail!(
            "--measures (per section) must be between 1 and {most}: {} parties with at most {} labels ({}…{}) each",
            parties.len(),
            ORDER.len(),
            ORDER[0],
            ORDER[ORDER.len() - 1]
        );
    }
    let dest = out.join("plan");
    if fs::read_dir(&dest).is_ok_and(|mut d| d.next().is_some()) {
        bail!(
            "{} already has files: give a new or empty OUT directory",
            dest.display()
        );
    }
    fs::create_dir_all(dest.join("schema"))
        .with_context(|| format!("cannot create {}", dest.display()))?;
    let mut summary = Summary::default();
    summary.bytes += write_plan_toml(&shipped.join(load::PLAN_FILE), &dest.join(load::PLAN_FILE))?;
    copy(
        &shipped.join(".gitattributes"),
        &dest.join(".gitattributes"),
    )?;
    for entry in fs::read_dir(shipped.join("schema")).context("cannot list the shipped schema/")? {
        let path = entry?.path();
        if path.is_file() {
            copy(
                &path,
                &dest
                    .join("schema")
                    .join(path.file_name().unwrap_or_default()),
            )?;
        }
    }

    let pools = Pools::from(&source);
    let mut rng = Rng::with_seed(opts.seed);
    let mut sections = Vec::with_capacity(opts.sections as usize);
    for number in 1..=opts.sections {
        let (text, ids) = section_file(&source, &pools, &mut rng, number, opts);
        let name = format!("{number:02}-{}.toml", pools.sections[ids.template].slug);
        let path = dest.join(&name);
        fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
        summary.bytes += text.len() as u64;
        summary.measures += ids.measures.len();
        summary.items += ids.measures.iter().map(|(_, n)| n).sum::<usize>();
        sections.push(ids.measures);
    }

    if opts.notes > 0 {
        let notes_dir = dest.join(store::NOTES_DIR);
        fs::create_dir_all(&notes_dir)
            .with_context(|| format!("cannot create {}", notes_dir.display()))?;
        let mut counts = vec![0usize; sections.len()];
        for _ in 0..opts.notes {
            counts[rng.usize(..sections.len())] += 1;
        }
        let mut keys = Keys::default();
        let year = NoteYear::new(source.info.fiscal_year);
        for (index, (measures, count)) in sections.iter().zip(counts).enumerate() {
            if count == 0 {
                continue;
            }
            let notes = section_notes(&mut rng, &year, measures, count, &mut keys);
            let path = store::notes_path(&dest, index as u32 + 1);
            summary.bytes += write_notes(&path, &notes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            summary.notes += count as u64;
        }
    }
    Ok(summary)
}

/// A plan loading error as text (the library's errors have no `Display`).
fn describe(e: plan::error::Error) -> String {
    match e {
        plan::error::Error::Invalid(diagnostics) => diagnostics
            .iter()
            .map(|d| d.render_human(Lang::En, false))
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("{other:?}"),
    }
}

/// Copies plan.toml without its `[check]` table: the shipped allow-list
/// names FY2021's measures, which a generated plan need not have.
fn write_plan_toml(from: &Path, to: &Path) -> Result<u64> {
    let text =
        fs::read_to_string(from).with_context(|| format!("cannot read {}", from.display()))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{} is not TOML", from.display()))?;
    doc.remove("check");
    let out = doc.to_string();
    fs::write(to, &out).with_context(|| format!("cannot write {}", to.display()))?;
    Ok(out.len() as u64)
}

fn copy(from: &Path, to: &Path) -> Result<u64> {
    fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))
}

/// A shipped section that generated sections borrow their title, file name
/// and contents from.
struct Template {
    title: String,
    /// The file name after `NN-`, without `.toml` (`telework`).
    slug: String,
}

/// The texts the generated plan is drawn from.
struct Pools {
    sections: Vec<Template>,
    contents: Vec<String>,
    measures: Vec<String>,
    items: Vec<String>,
}

impl Pools {
    fn from(plan: &Plan) -> Pools {
        let mut pools = Pools {
            sections: Vec::new(),
            contents: Vec::new(),
            measures: Vec::new(),
            items: Vec::new(),
        };
        for file in &plan.sections {
            let stem = file
                .source
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let slug = stem
                .split_once('-')
                .map_or("section", |(_, slug)| slug)
                .to_string();
            pools.sections.push(Template {
                title: file.section.title.clone(),
                slug,
            });
            pools.contents.extend(file.section.contents.iter().cloned());
        }
        for m in plan.measures() {
            pools.measures.push(m.measure.text.clone());
            pools.items.extend(m.measure.items.iter().cloned());
        }
        for pool in [&mut pools.contents, &mut pools.measures, &mut pools.items] {
            let mut seen = HashSet::new();
            pool.retain(|t| seen.insert(t.clone()));
        }
        if pools.items.is_empty() {
            pools.items = pools.measures.clone();
        }
        pools
    }
}

/// Word swaps that turn one shipped text into a plausible sibling.
const SWAPS: [(&str, &str); 16] = [
    ("会員企業", "中小会員企業"),
    ("会員企業", "会員事業所"),
    ("セミナー", "講習会"),
    ("セミナー", "説明会"),
    ("周知啓発", "普及啓発"),
    ("周知協力", "広報協力"),
    ("イベント", "催事"),
    ("支援", "伴走支援"),
    ("実施", "拡充実施"),
    ("普及啓発", "情報発信"),
    ("中小企業", "中小・小規模企業"),
    ("都が実施する", "都と区市町村が実施する"),
    ("テレワーク", "リモートワーク"),
    ("促進", "一層の促進"),
    ("開催", "共同開催"),
    ("企業", "事業者"),
];

/// Qualifiers the document's measures carry in parentheses.
const SUFFIXES: [&str; 12] = [
    "（多摩地域）",
    "（島しょ地域）",
    "（区部）",
    "（オンライン開催を含む）",
    "（令和３年度拡充分）",
    "（新規）",
    "（継続）",
    "（業界団体との連携）",
    "（小規模事業者向け）",
    "（第２期）",
    "（モデル事業）",
    "（商店街との連携）",
];

/// A text from `pool`, varied until it is not in `used` (the texts already
/// in the section: `plan check` warns about repeats).
fn unique_text(rng: &mut Rng, pool: &[String], used: &mut HashSet<String>) -> String {
    for attempt in 0..40 {
        let mut text = pool[rng.usize(..pool.len())].clone();
        if attempt > 0 || rng.u8(..3) == 0 {
            for _ in 0..rng.usize(1..=2) {
                let (from, to) = SWAPS[rng.usize(..SWAPS.len())];
                if text.contains(from) && !text.contains(to) {
                    text = text.replacen(from, to, 1);
                }
            }
            if rng.bool() {
                text.push_str(SUFFIXES[rng.usize(..SUFFIXES.len())]);
            }
        }
        if used.insert(text.clone()) {
            return text;
        }
    }
    // Very many measures per section: number the copies.
    let base = &pool[rng.usize(..pool.len())];
    (2..)
        .map(|k| format!("{base}（その{k}）"))
        .find(|t| used.insert(t.clone()))
        .unwrap_or_default()
}

/// A generated section's measures: each ID with its number of sub-items,
/// and the template it borrowed from.
struct SectionIds {
    template: usize,
    measures: Vec<(MeasureId, usize)>,
}

/// One section file, in the shipped layout (the layout `plan fmt` keeps).
fn section_file(
    plan: &Plan,
    pools: &Pools,
    rng: &mut Rng,
    number: u32,
    opts: &Options,
) -> (String, SectionIds) {
    let template = rng.usize(..pools.sections.len());
    let mut title = pools.sections[template].title.clone();
    if rng.u8(..4) == 0 {
        title.push_str(SUFFIXES[rng.usize(..3)]);
    }
    let mut out = String::with_capacity(4096);
    out.push_str("#:schema ./schema/section.schema.json\n");
    out.push_str(&format!(
        "# Section {number} of the FY{} implementation plan: {title}.\n",
        plan.info.fiscal_year
    ));
    out.push_str(&format!(
        "# Generated by gen-plan (seed {}) for benchmarks from the shipped plan's texts; not a real plan.\n\n",
        opts.seed
    ));
    out.push_str(&format!(
        "number = {number}\ntitle = {}\n\n",
        basic_string(&title)
    ));
    out.push_str("# 内容: the section's aims, （１）, （２）, … in order.\ncontents = [\n");
    let mut contents = HashSet::new();
    for _ in 0..rng.usize(1..=3) {
        let text = unique_text(rng, &pools.contents, &mut contents);
        out.push_str(&format!("  {},\n", basic_string(&text)));
    }
    out.push_str("]\n");

    let mut used = HashSet::new();
    let mut measures = Vec::with_capacity(opts.measures);
    let parties: Vec<_> = plan.info.parties.iter().collect();
    for (p, (key, party)) in parties.iter().enumerate() {
        let count = opts.measures / parties.len() + usize::from(p < opts.measures % parties.len());
        if count == 0 {
            continue;
        }
        out.push_str(&format!(
            "\n# {}: measures of the {}.\n",
            party.heading(),
            party.english
        ));
        for (i, label) in ORDER.iter().take(count).enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let text = unique_text(rng, &pools.measures, &mut used);
            out.push_str(&format!(
                "[[measures.{key}]]\nlabel = \"{label}\"\ntext = {}\n",
                basic_string(&text)
            ));
            // About one measure in six has ・ sub-items, as in the shipped plan.
            let items = if rng.u8(..6) == 0 {
                rng.usize(2..=5)
            } else {
                0
            };
            if items > 0 {
                out.push_str("items = [\n");
                for _ in 0..items {
                    let item = unique_text(rng, &pools.items, &mut used);
                    out.push_str(&format!("  {},\n", basic_string(&item)));
                }
                out.push_str("]\n");
            }
            measures.push((MeasureId::new(number, key, label), items));
        }
    }
    (out, SectionIds { template, measures })
}

/// When notes happen and are recorded: the fiscal year, mostly weekdays,
/// office hours, Tokyo time.
struct NoteYear {
    start: NaiveDate,
    days: u32,
    tokyo: FixedOffset,
}

impl NoteYear {
    fn new(fiscal_year: i32) -> NoteYear {
        let start = NaiveDate::from_ymd_opt(fiscal_year, 4, 1).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(fiscal_year + 1, 3, 31).unwrap_or_default();
        NoteYear {
            start,
            days: (end - start).num_days().max(0) as u32 + 1,
            tokyo: FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset"),
        }
    }

    fn day(&self, rng: &mut Rng) -> NaiveDate {
        let mut day = self.start + Duration::days(i64::from(rng.u32(..self.days)));
        // Offices rarely record at weekends: redraw most weekend days.
        for _ in 0..4 {
            if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) || rng.u8(..10) == 0 {
                break;
            }
            day = self.start + Duration::days(i64::from(rng.u32(..self.days)));
        }
        day
    }

    /// A moment in office hours of `day`, to the second or to the minute.
    fn moment(&self, rng: &mut Rng, day: NaiveDate, seconds: bool) -> DateTime<FixedOffset> {
        let second = if seconds { rng.u32(..60) } else { 0 };
        let time = day
            .and_hms_opt(rng.u32(9..19), rng.u32(..60), second)
            .unwrap_or_default();
        self.tokyo
            .from_local_datetime(&time)
            .single()
            .unwrap_or_else(|| self.tokyo.from_utc_datetime(&time))
    }

    /// When a note's work happened, and when it was recorded: half the
    /// notes as it happens (`plan note` without --at), a fifth later with
    /// `--at DATETIME`, the rest later with `--at DATE`.
    fn when(&self, rng: &mut Rng) -> (NoteTime, DateTime<FixedOffset>) {
        let day = self.day(rng);
        let later = |rng: &mut Rng, t: DateTime<FixedOffset>| {
            t + Duration::minutes(i64::from(rng.u32(1..7 * 24 * 60)))
                + Duration::seconds(i64::from(rng.u32(..60)))
        };
        match rng.u8(..10) {
            0..5 => {
                let at = self.moment(rng, day, true);
                (NoteTime::At(at), at)
            }
            5..7 => {
                let at = self.moment(rng, day, false);
                (NoteTime::At(at), later(rng, at))
            }
            _ => {
                let at = self.moment(rng, day, true);
                (NoteTime::Day(day), later(rng, at))
            }
        }
    }
}

/// The keys given so far (as hashes), so that none is given twice.
#[derive(Default)]
struct Keys(HashSet<u64>);

impl Keys {
    /// A key in [`Note::new_key`]'s form for a note recorded at `recorded`:
    /// its time part from `new_key` itself, its random part (which
    /// `new_key` asks the operating system for) from the seeded generator.
    fn fresh(&mut self, rng: &mut Rng, recorded: &DateTime<FixedOffset>) -> String {
        let model = Note::new_key(recorded);
        let (time, random) = model.rsplit_once('-').unwrap_or((&model, "00000000"));
        loop {
            let suffix: String = (0..random.len())
                .map(|_| char::from_digit(rng.u32(..16), 16).unwrap_or('0'))
                .collect();
            let key = format!("{time}-{suffix}");
            let mut hasher = DefaultHasher::new();
            key.hash(&mut hasher);
            if self.0.insert(hasher.finish()) {
                return key;
            }
        }
    }
}

const AUTHORS: [&str; 14] = [
    "山田",
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "中村",
    "小林",
    "加藤",
    "山本 花子",
    "吉田 健一",
    "松本 直樹",
    "井上 美咲",
];

/// Sentences of progress notes; `{n}` becomes a number.
const SENTENCES: [&str; 32] = [
    "セミナーを開催（参加者{n}名）",
    "オンライン説明会を実施し、{n}社が参加",
    "メールマガジンで告知（配信先約{n}社）",
    "東商新聞に関連記事を掲載",
    "経営指導員による巡回訪問で資料を配布",
    "区市町村の担当者と打合せを実施",
    "相談窓口に{n}件の相談があった",
    "専門家派遣を{n}社に実施",
    "助成金の申請受付を開始",
    "申請件数は前月より増加",
    "事業者向けアンケートを実施し、{n}件の回答を得た",
    "次回の開催日程を調整中",
    "感染症対策のためオンライン開催に切り替え",
    "参加企業から好意的な評価を得た",
    "実施報告書を作成し、関係部署に共有",
    "ポスター及びチラシを{n}部作成して配布",
    "ウェブサイトに特設ページを公開",
    "紹介動画を制作し、公式チャンネルで配信",
    "協定に基づく連絡会議で進捗を報告",
    "予算の執行状況を確認",
    "委託事業者との契約を締結",
    "広報計画を見直し、ＳＮＳでの発信を強化",
    "宣言企業{n}社の事例を取りまとめ",
    "支部と連携して個別相談会を開催",
    "中小企業{n}社を訪問し、取組状況を聞き取り",
    "課題を整理し、次年度の実施方法を検討",
    "都の担当課と役割分担を確認",
    "申込みが定員に達したため受付を終了",
    "業界団体の会合で取組を紹介",
    "区部と多摩地域で計{n}回の出張相談を実施",
    "好事例集の原稿を校正中",
    "問合せ{n}件に個別に回答",
];

/// The sentence a note that sets a status starts with.
fn status_sentence(rng: &mut Rng, status: Status) -> &'static str {
    let choices: &[&str] = match status {
        Status::Planned => &["実施時期を見直し、未着手に戻す"],
        Status::Active => &["取組を開始", "準備が整い、実施段階に移行", "受付を開始"],
        Status::Done => &[
            "予定していた取組を完了",
            "年度内の目標件数を達成",
            "全日程を終了",
        ],
        Status::Blocked => &[
            "会場の確保が難航しているため保留",
            "関係機関との調整が必要なため一時保留",
        ],
        Status::Dropped => &[
            "予算措置が見送られたため中止",
            "感染拡大を受けて今年度は中止",
        ],
    };
    choices[rng.usize(..choices.len())]
}

/// A note text of 20–120 characters: sentences up to a drawn length, short
/// ones most often (the length is 20 + 100·u², u uniform in 0..1).
fn note_text(rng: &mut Rng, status: Option<Status>) -> String {
    let u = rng.f64();
    let target = 20 + (100.0 * u * u) as usize;
    let mut sentences: Vec<String> = Vec::new();
    // Characters of the sentences; the text adds a 。 after each once there
    // are two or more.
    let mut chars = 0;
    let length = |chars: usize, count: usize| if count > 1 { chars + count } else { chars };
    if let Some(s) = status {
        let first = status_sentence(rng, s);
        chars += first.chars().count();
        sentences.push(first.to_string());
    }
    while length(chars, sentences.len()) < target {
        let n = rng.u32(2..=300).to_string();
        let next = SENTENCES[rng.usize(..SENTENCES.len())].replace("{n}", &n);
        let longer = length(chars + next.chars().count(), sentences.len() + 1);
        if length(chars, sentences.len()) >= 20 && longer > target {
            break;
        }
        chars += next.chars().count();
        sentences.push(next);
    }
    let mut text = sentences.join("。");
    if sentences.len() > 1 {
        text.push('。');
    }
    text
}

/// Why a note is withdrawn.
const REASONS: [&str; 4] = [
    "別の取組の記録を誤って登録したため取消し",
    "重複して記録したため取消し",
    "日付を誤ったため取消し（正しい日付で記録し直し）",
    "担当課の確認により取消し",
];

/// Evidence pages notes link to; `{n}` becomes a number.
const LINKS: [&str; 3] = [
    "https://www.tokyo-cci.or.jp/page.jsp?id={n}",
    "https://www.hataraku.metro.tokyo.lg.jp/topics/{n}.html",
    "https://www.metro.tokyo.lg.jp/tosei/hodohappyo/press/2021/{n}.html",
];

/// A section's notes in the order `plan note` would have appended them (by
/// the time they were recorded): notes on random measures (a quarter of
/// those on measures with sub-items go to a sub-item), about 2 % of them
/// amendments and 0.5 % retractions of an earlier note of the section.
fn section_notes(
    rng: &mut Rng,
    year: &NoteYear,
    measures: &[(MeasureId, usize)],
    count: usize,
    keys: &mut Keys,
) -> Vec<Note> {
    let mut times: Vec<(NoteTime, DateTime<FixedOffset>)> =
        (0..count).map(|_| year.when(rng)).collect();
    times.sort_by_key(|(_, recorded)| *recorded);
    let mut notes: Vec<Note> = Vec::with_capacity(count);
    // Notes that may still be corrected (not corrections, not corrected).
    let mut open: Vec<usize> = Vec::new();
    for (at, recorded) in times {
        let key = keys.fresh(rng, &recorded);
        let author = AUTHORS[rng.usize(..AUTHORS.len())].to_string();
        let kind = rng.u16(..1000);
        if kind < 25 && !open.is_empty() {
            let old = &notes[open.swap_remove(rng.usize(..open.len()))];
            let correction = if kind < 5 {
                let reason = REASONS[rng.usize(..REASONS.len())].to_string();
                (
                    NoteTime::At(recorded),
                    None,
                    reason,
                    Correction::Retracts(old.key.clone()),
                )
            } else {
                let status = old.status;
                (
                    old.at,
                    status,
                    note_text(rng, status),
                    Correction::Amends(old.key.clone()),
                )
            };
            let (at, status, text, correction) = correction;
            notes.push(Note {
                key,
                id: old.id.clone(),
                at,
                author,
                status,
                text,
                links: Vec::new(),
                correction: Some(correction),
            });
            continue;
        }
        let (measure, items) = &measures[rng.usize(..measures.len())];
        let id = if *items > 0 && rng.u8(..4) == 0 {
            measure.with_item(rng.usize(1..=*items))
        } else {
            measure.clone()
        };
        let status = match rng.u8(..100) {
            0..70 => None,
            70..82 => Some(Status::Active),
            82..92 => Some(Status::Done),
            92..97 => Some(Status::Blocked),
            _ => Some(Status::Dropped),
        };
        let links = if rng.u8(..20) == 0 {
            let n = rng.u32(1000..100_000).to_string();
            vec![LINKS[rng.usize(..LINKS.len())].replace("{n}", &n)]
        } else {
            Vec::new()
        };
        open.push(notes.len());
        notes.push(Note {
            key,
            id,
            at,
            author,
            text: note_text(rng, status),
            status,
            links,
            correction: None,
        });
    }
    notes
}

/// Writes a notes file: `plan note`'s header, then one line per note.
/// Returns its size.
fn write_notes(path: &Path, notes: &[Note]) -> std::io::Result<u64> {
    let mut out = BufWriter::with_capacity(1 << 16, File::create(path)?);
    let mut bytes = store::HEADER.len() as u64;
    out.write_all(store::HEADER.as_bytes())?;
    for note in notes {
        let line = noteline::write(note);
        bytes += line.len() as u64;
        out.write_all(line.as_bytes())?;
    }
    out.flush()?;
    Ok(bytes)
}
