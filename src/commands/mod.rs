//! The subcommands, one file each. Every command gets a [`Context`] (the
//! settled settings and the output) and returns the crate's one error type.

use std::path::PathBuf;

use crate::cli::{Command, GlobalArgs};
use crate::error::{Error, Result};
use crate::files::store::{self, StoredNote};
use crate::i18n::{Lang, Text};
use crate::model::id::{IdError, PartyDefault, PartySource, Resolved, Target};
use crate::model::plan::Plan;
use crate::settings;
use crate::view::ui::Ui;

pub mod check;
pub mod completions;
pub mod config;
pub mod diff;
pub mod fmt;
pub mod import;
pub mod list;
pub mod log;
pub mod man;
pub mod note;
pub mod render;
pub mod schema;
pub mod show;
pub mod status;

/// Runs one subcommand.
pub fn run(command: Command, ctx: &mut Context) -> Result<()> {
    match command {
        Command::List(args) => list::exec(args, ctx),
        Command::Show(args) => show::exec(args, ctx),
        Command::Note(args) => note::exec(args, ctx),
        Command::Log(args) => log::exec(args, ctx),
        Command::Status(args) => status::exec(args, ctx),
        Command::Check(args) => check::exec(args, ctx),
        Command::Fmt(args) => fmt::exec(args, ctx),
        Command::Schema(args) => schema::exec(args, ctx),
        Command::Completions(args) => completions::exec(args, ctx),
        Command::Man(args) => man::exec(args, ctx),
        Command::Config(args) => config::exec(args, ctx),
        Command::Render(args) => render::exec(args, ctx),
        Command::Import(args) => import::exec(args, ctx),
        Command::Diff(args) => diff::exec(args, ctx),
    }
}

/// What every command works with: the global flags and the output.
pub struct Context {
    pub global: GlobalArgs,
    pub ui: Ui,
}

impl Context {
    pub fn new(global: GlobalArgs) -> Context {
        let none = settings::FileSettings::default();
        let lang = settings::lang(global.lang, &none).value;
        let date_style = settings::date_style(global.date_style, &none).value;
        let ui = Ui::new(lang, date_style, global.color, global.no_pager);
        Context { global, ui }
    }

    pub fn lang(&self) -> Lang {
        self.ui.lang
    }

    pub fn plan_dir(&self) -> Result<PathBuf> {
        crate::files::load::find_plan_dir(self.global.plan.as_deref())
    }

    /// Loads the plan and applies its `[settings]` where no flag or
    /// environment variable overrides them.
    pub fn load_plan(&mut self) -> Result<Plan> {
        let plan = crate::files::load::load(&self.plan_dir()?)?;
        let file = &plan.info.settings;
        self.ui.lang = settings::lang(self.global.lang, file).value;
        self.ui.date_style = settings::date_style(self.global.date_style, file).value;
        Ok(plan)
    }

    /// Every note of the plan, oldest first; a broken notes file fails the
    /// command with every problem located.
    pub fn load_notes(&self, plan: &Plan) -> Result<Vec<StoredNote>> {
        let (notes, diagnostics) = store::load_notes(plan, false);
        let mut errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
        if errors.is_empty() {
            Ok(notes)
        } else {
            crate::diagnostic::sort(&mut errors);
            Err(Error::Invalid(errors))
        }
    }

    /// The party used for IDs that name none (`--party`, `PLAN_PARTY`, the
    /// plan's `default_party`), resolved against the plan.
    pub fn party_default<'p>(
        &self,
        plan: &'p Plan,
        flag: Option<&str>,
    ) -> Result<PartyDefault<'p>> {
        let setting = settings::party(flag, &plan.info.default_party);
        let party = parse_party(plan, &setting.value)?;
        let source = match setting.source {
            settings::Source::Flag(_) => PartySource::Flag,
            _ => PartySource::Default,
        };
        Ok(PartyDefault { party, source })
    }

    /// Resolves a measure ID, saying on stderr which measure a short ID was
    /// taken to mean when the other party has the same label.
    pub fn resolve(&self, plan: &Plan, input: &str, party: Option<&str>) -> Result<Resolved> {
        let default = self.party_default(plan, party)?;
        let resolved = plan
            .resolve(input, default)
            .map_err(|e| id_error(plan, e))?;
        self.explain_default(plan, input, &resolved);
        Ok(resolved)
    }

    /// Resolves a section number or a measure ID.
    pub fn resolve_target(&self, plan: &Plan, input: &str, party: Option<&str>) -> Result<Target> {
        let default = self.party_default(plan, party)?;
        let target = plan
            .resolve_target(input, default)
            .map_err(|e| id_error(plan, e))?;
        if let Target::Measure(resolved) = &target {
            self.explain_default(plan, input, resolved);
        }
        Ok(target)
    }

    fn explain_default(&self, plan: &Plan, input: &str, resolved: &Resolved) {
        if resolved.party_source == PartySource::Id || resolved.namesakes.is_empty() {
            return;
        }
        let id = &resolved.id;
        let name = plan.party(&id.party).map_or("", |p| p.name.as_str());
        let others: Vec<String> = resolved
            .namesakes
            .iter()
            .map(|o| {
                let other = plan.party(&o.party).map_or("", |p| p.name.as_str());
                format!("{o} ({other})")
            })
            .collect();
        let others = others.join(", ");
        let first = &resolved.namesakes[0];
        let why = match resolved.party_source {
            PartySource::Flag => Text::new("given with --party", "--party の指定"),
            _ => Text::new("the default party", "既定の主体"),
        };
        let (why_en, why_ja) = (why.en, why.ja);
        let party = &first.party;
        self.ui.note(&text!(
            en: "`{input}` is {id} ({name}, {why_en}); {others} has the same label — write {first} or use --party {party} for that one",
            ja: "`{input}` は {id}（{name}、{why_ja}）と解釈しました。{others} も同じラベルです — そちらは {first} と書くか --party {party} を指定してください",
        ));
    }
}

/// A party key from any of its names, or a usage error with suggestions.
pub fn parse_party<'p>(plan: &'p Plan, input: &str) -> Result<&'p str> {
    plan.find_party(input).ok_or_else(|| {
        let shown = crate::text::escape_control(input).into_owned();
        let parties: Vec<String> = plan
            .info
            .parties
            .iter()
            .map(|(k, p)| format!("{k} ({}, {})", p.short, p.name))
            .collect();
        let parties = parties.join(", ");
        let mut err = Error::usage(text!(
            en: "unknown party `{shown}`: the parties are {parties}",
            ja: "不明な主体 `{shown}`。主体は {parties} です",
        ));
        if let Some(best) = crate::suggest::closest(input, plan.party_aliases(), 1).first() {
            err = err.help(text!(en: "did you mean `{best}`?", ja: "`{best}` の誤りでは？"));
        }
        err
    })
}

/// Party filters (`--party`, repeatable), as keys; empty means all parties.
pub fn parse_parties<'p>(plan: &'p Plan, inputs: &[String]) -> Result<Vec<&'p str>> {
    inputs.iter().map(|p| parse_party(plan, p)).collect()
}

/// Section filters: `2`, `2-4`, `1,3`, repeatable; empty means all sections.
pub fn parse_sections(plan: &Plan, inputs: &[String]) -> Result<Vec<u32>> {
    let mut out = Vec::new();
    let known: Vec<u32> = plan.sections.iter().map(|s| s.section.number).collect();
    let range_text = match (known.first(), known.last()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "-".to_string(),
    };
    for input in inputs {
        let folded = crate::text::fold(input);
        for part in folded.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || {
                let shown = crate::text::escape_control(part).into_owned();
                Error::usage(text!(
                    en: "`{shown}` is not a section or range of sections (sections are {range_text})",
                    ja: "`{shown}` は節番号・節の範囲ではありません（節は {range_text}）",
                ))
                .help(Text::new(
                    "write --section 2, --section 2-4 or --section 1,3",
                    "--section 2、--section 2-4、--section 1,3 のように指定してください",
                ))
            };
            let (from, to) = match part.split_once(['-', '~', '〜']) {
                Some((a, b)) => (
                    a.trim().parse().map_err(|_| bad())?,
                    b.trim().parse().map_err(|_| bad())?,
                ),
                None => {
                    let n: u32 = part.parse().map_err(|_| bad())?;
                    (n, n)
                }
            };
            if from > to || !(from..=to).any(|n| known.contains(&n)) {
                return Err(bad());
            }
            out.extend((from..=to).filter(|n| known.contains(n)));
        }
    }
    Ok(out)
}

/// A status from its English or Japanese name, or a usage error.
pub fn parse_status(input: &str) -> Result<crate::model::note::Status> {
    crate::model::note::Status::parse(input).ok_or_else(|| {
        let shown = crate::text::escape_control(input).into_owned();
        let mut err = Error::usage(text!(
            en: "unknown status `{shown}`: use planned, active, done, blocked or dropped (未着手, 実施中, 実施済, 保留, 中止)",
            ja: "不明な状況 `{shown}`。planned, active, done, blocked, dropped（未着手, 実施中, 実施済, 保留, 中止）のいずれかです",
        ));
        if let Some(best) = crate::suggest::closest(input, crate::model::note::Status::spellings(), 1).first() {
            err = err.help(text!(en: "did you mean `{best}`?", ja: "`{best}` の誤りでは？"));
        }
        err
    })
}

/// A date for `--since`, `--until`, `--as-of`, or a usage error.
pub fn parse_date_arg(flag: &str, input: &str) -> Result<chrono::NaiveDate> {
    crate::model::date::parse_date(input).ok_or_else(|| {
        let shown = crate::text::escape_control(input).into_owned();
        Error::usage(text!(
            en: "{flag} `{shown}` is not a date: write it like 2021-06-15",
            ja: "{flag} `{shown}` は日付ではありません。2021-06-15 のように書いてください",
        ))
    })
}

/// The usage error for an ID that resolves to nothing.
pub fn id_error(plan: &Plan, error: IdError) -> Error {
    match error {
        IdError::Malformed { input } => {
            let shown = crate::text::escape_control(&input).into_owned();
            Error::usage(text!(
                en: "`{shown}` is not a measure ID",
                ja: "`{shown}` は取組 ID ではありません",
            ))
            .help(Text::new(
                "write <section>.<party>.<label>, e.g. 2.tcci.イ, or <section>.<label> for the default party, e.g. 2.イ",
                "<節>.<主体>.<ラベル>（例: 2.tcci.イ）、または既定の主体なら <節>.<ラベル>（例: 2.イ）と書いてください",
            ))
        }
        IdError::NoSection { input, sections } => {
            let shown = crate::text::escape_control(&input).into_owned();
            let list: Vec<String> = sections.iter().map(u32::to_string).collect();
            let list = list.join(", ");
            Error::usage(text!(
                en: "no such section in `{shown}`: the plan has sections {list}",
                ja: "`{shown}` の節がありません。計画の節は {list} です",
            ))
        }
        IdError::NoParty {
            input,
            party,
            suggestions,
        } => {
            let shown = crate::text::escape_control(&input).into_owned();
            let party = crate::text::escape_control(&party).into_owned();
            let parties: Vec<&str> = plan.party_keys().collect();
            let parties = parties.join(", ");
            let mut err = Error::usage(text!(
                en: "unknown party `{party}` in `{shown}`: the parties are {parties}",
                ja: "`{shown}` の主体 `{party}` は不明です。主体は {parties} です",
            ));
            if let Some(best) = suggestions.first() {
                err = err.help(text!(en: "did you mean `{best}`?", ja: "`{best}` の誤りでは？"));
            }
            err
        }
        IdError::NotFound { input, suggestions } => {
            let shown = crate::text::escape_control(&input).into_owned();
            let err = Error::usage(text!(
                en: "no measure `{shown}` in the plan",
                ja: "取組 `{shown}` は計画にありません",
            ));
            if suggestions.is_empty() {
                err.help(Text::new(
                    "`plan list --format ids` prints every ID",
                    "`plan list --format ids` ですべての ID を表示できます",
                ))
            } else {
                let list: Vec<String> = suggestions
                    .iter()
                    .map(|id| {
                        let text = plan
                            .measure(id)
                            .map(|m| match id.item {
                                Some(n) => m.measure.items.get(n - 1).cloned().unwrap_or_default(),
                                None => m.measure.text.clone(),
                            })
                            .unwrap_or_default();
                        format!("{id} ({})", crate::text::truncate(&text, 30))
                    })
                    .collect();
                let list = list.join(", ");
                err.help(text!(en: "did you mean {list}?", ja: "{list} の誤りでは？"))
            }
        }
    }
}
