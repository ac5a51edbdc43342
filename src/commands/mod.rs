//! The subcommands, one file each. Every command gets a [`Context`] (the
//! settled settings and the output) and returns the crate's one error type.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::cli::Command;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::files::notes::{Notebook, Options};
use crate::i18n::{Lang, Text};
use crate::model::date::Zone;
use crate::model::filter::{FilterInput, MeasureFilter};
use crate::model::plan::Plan;
use crate::model::progress::Tracker;
use crate::model::resolve::{PartyDefault, PartySource, Resolved, Target};
use crate::settings::Settings;
use crate::view::ui::Ui;

pub mod check;
pub mod completions;
pub mod config;
pub mod diff;
pub mod fmt;
pub mod history;
pub mod import;
pub mod list;
pub mod log;
pub mod man;
pub mod note;
pub mod render;
pub mod report;
pub mod rollover;
pub mod schema;
pub mod serve;
pub mod show;
pub mod status;
pub mod sync;
pub mod user;

/// Runs one subcommand.
pub fn run(command: Command, ctx: &mut Context) -> Result<()> {
    match command {
        Command::List(args) => list::exec(args, ctx),
        Command::Show(args) => show::exec(args, ctx),
        Command::Note(args) => note::exec(args, ctx),
        Command::Log(args) => log::exec(args, ctx),
        Command::History(args) => history::exec(args, ctx),
        Command::Status(args) => status::exec(args, ctx),
        Command::Check(args) => check::exec(args, ctx),
        Command::Fmt(args) => fmt::exec(args, ctx),
        Command::Schema(args) => schema::exec(args, ctx),
        Command::Completions(args) => completions::exec(args, ctx),
        Command::Man(args) => man::exec(args, ctx),
        Command::Config(args) => config::exec(args, ctx),
        Command::Render(args) => render::exec(args, ctx),
        Command::Report(args) => report::exec(args, ctx),
        Command::Import(args) => import::exec(args, ctx),
        Command::Rollover(args) => rollover::exec(args, ctx),
        Command::Diff(args) => diff::exec(args, ctx),
        Command::Serve(args) => serve::exec(args, ctx),
        Command::Sync(args) => sync::exec(args, ctx),
        Command::User(args) => user::exec(args, ctx),
    }
}

/// A large value a command loads (the plan, its notes) and never frees:
/// the process exits right after the command (`main` does not run
/// destructors), and freeing a million small strings one by one costs more
/// than reading them.
pub type Kept<T> = std::mem::ManuallyDrop<T>;

/// What every command works with: the settings, resolved once, and the
/// output.
pub struct Context {
    pub settings: Settings,
    pub ui: Ui,
}

impl Context {
    /// The context of a run; warnings about the user's config file are
    /// shown once, here.
    pub fn new(settings: Settings) -> Context {
        let ui = Ui::new(&settings);
        ui.warn(&settings.user_problems);
        Context { settings, ui }
    }

    pub fn lang(&self) -> Lang {
        self.ui.lang
    }

    pub fn plan_dir(&self) -> Result<PathBuf> {
        self.settings.plan_dir()
    }

    /// The current time in the plan's time zone.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.settings.timezone.value.now()
    }

    /// Today, in the plan's time zone.
    pub fn today(&self) -> NaiveDate {
        self.zone().day_of(self.now())
    }

    /// The day `--as-of` names (a month: its last day), or a usage error.
    /// A day before the plan's fiscal year is allowed (the plan as it
    /// stood before its year) but never silent: a note says so, since it
    /// is most often a mistyped year and every count would be zero.
    pub fn as_of(&self, plan: &Plan, input: Option<&str>) -> Result<Option<NaiveDate>> {
        let Some(input) = input else { return Ok(None) };
        let day = crate::model::when::span_arg("--as-of", input, self.today())?.last();
        let (start, _) = plan.info.fiscal_year_bounds();
        if day < start {
            let fy = crate::model::era::fiscal_year_label(plan.info.fiscal_year, self.lang());
            let (shown, start) = (self.ui.date(day), self.ui.date(start));
            self.ui.note(&text!(
                en: "--as-of {shown} is before {fy}, which begins {start}: no work of the year counts yet, so measures show as planned (a mistyped year?)",
                ja: "--as-of {shown} は {fy}の始まり（{start}）より前です。年度の実績はまだ数えないため、取組は未着手と表示されます（年の入力誤り？）",
            ));
        }
        Ok(Some(day))
    }

    /// Loads the plan; any error in its files fails the command.
    pub fn load_plan(&mut self) -> Result<Kept<Plan>> {
        crate::files::load::load(&self.plan_dir()?).map(Kept::new)
    }

    /// Loads what a command about these IDs (or section numbers) needs:
    /// plan.toml and their sections' files, whatever the size of the plan.
    /// An ID whose section cannot be told from its spelling loads it all.
    pub fn load_plan_for(&mut self, ids: &[&str]) -> Result<Kept<Plan>> {
        let mut sections = Vec::new();
        for id in ids {
            match crate::model::id::sections_of(id) {
                Some(found) => sections.extend(found),
                None => return self.load_plan(),
            }
        }
        sections.sort_unstable();
        sections.dedup();
        if sections.is_empty() || sections.len() > 64 {
            return self.load_plan();
        }
        crate::files::load::load_sections(&self.plan_dir()?, &sections).map(Kept::new)
    }

    /// The plan's time zone.
    pub fn zone(&self) -> Zone {
        self.settings.timezone.value
    }

    /// The notes of the plan (or of one section). A notes file that cannot
    /// be read at all fails the command (its notes would be missing); a
    /// line that cannot be read is skipped with a warning.
    pub fn notebook(&self, plan: &Plan, options: Options) -> Result<Kept<Notebook>> {
        let book = Kept::new(Notebook::read(plan, self.zone(), self.now(), options));
        if !book.unreadable.is_empty() {
            return Err(Error::Invalid(book.unreadable.clone()));
        }
        self.warn_skipped(&book.skipped());
        Ok(book)
    }

    /// The whole plan and its notes (read with the default options), from
    /// the cache when no file has changed since they were last read
    /// ([`crate::files::cache`]); else read, and kept for next time when
    /// nothing was wrong with them.
    pub fn plan_and_notes(&mut self) -> Result<(Kept<Plan>, Kept<Notebook>)> {
        let dir = self.plan_dir()?;
        let cache = crate::files::cache::Cache::open(&dir, self.zone());
        if let Some((plan, book)) = cache.as_ref().and_then(|c| c.load()) {
            return Ok((Kept::new(plan), Kept::new(book)));
        }
        let plan = self.load_plan()?;
        let book = self.notebook(&plan, Options::default())?;
        if let Some(cache) = cache {
            cache.save(&plan, &book);
        }
        Ok((plan, book))
    }

    /// Says which note lines were skipped: the first few in full, then a count.
    fn warn_skipped(&self, skipped: &[Diagnostic]) {
        let (shown, count) = crate::view::log::skipped_report(skipped);
        self.ui.warn(&shown);
        if let Some(count) = count {
            self.ui.note(&count);
        }
    }

    /// Progress replayed from the notes in force, up to the end of `as_of`
    /// (a day in the plan's zone) or now: notes dated later set nothing yet.
    pub fn tracker<'b>(
        &self,
        plan: &Plan,
        book: &'b Notebook,
        as_of: Option<NaiveDate>,
    ) -> Tracker<'b> {
        let cutoff = crate::model::progress::cutoff(self.zone(), self.now(), as_of);
        Tracker::new(plan, book.events(plan), Some(cutoff))
    }

    /// The measure filter of a command, checked against the plan.
    pub fn filter(&self, plan: &Plan, input: &FilterInput) -> Result<MeasureFilter> {
        MeasureFilter::parse(plan, input, self.now())
    }

    /// The party used for IDs that name none (`--party`, `PLAN_PARTY`, the
    /// plan's `default_party`), resolved against the plan.
    pub fn party_default<'p>(
        &self,
        plan: &'p Plan,
        flag: Option<&str>,
    ) -> Result<PartyDefault<'p>> {
        self.settings.party_default(plan, flag)
    }

    /// Resolves a measure ID, saying on stderr which measure a short ID was
    /// taken to mean when the other party has the same label.
    pub fn resolve<'p>(
        &self,
        plan: &'p Plan,
        input: &str,
        party: Option<&str>,
    ) -> Result<Resolved<'p>> {
        let default = self.party_default(plan, party)?;
        let resolved = plan
            .resolve(input, default)
            .map_err(|e| e.into_error(plan))?;
        self.explain_default(plan, input, &resolved);
        Ok(resolved)
    }

    /// Resolves a section number or a measure ID.
    pub fn resolve_target<'p>(
        &self,
        plan: &'p Plan,
        input: &str,
        party: Option<&str>,
    ) -> Result<Target<'p>> {
        let default = self.party_default(plan, party)?;
        let target = plan
            .resolve_target(input, default)
            .map_err(|e| e.into_error(plan))?;
        if let Target::Measure(resolved) = &target {
            self.explain_default(plan, input, resolved);
        }
        Ok(target)
    }

    fn explain_default(&self, plan: &Plan, input: &str, resolved: &Resolved) {
        let id = &resolved.id;
        let name = plan.party(&id.party).map_or("", |p| p.name.as_str());
        if resolved.party_source == PartySource::OnlyParty {
            let (section, label) = (id.section, &id.label);
            self.ui.note(&text!(
                en: "`{input}` is {id} ({name}): only {name} has a measure {label} in section {section}",
                ja: "`{input}` は {id}（{name}）と解釈しました: 第{section}節でラベル {label} があるのは {name} だけです",
            ));
            return;
        }
        // A party written in the ID, or chosen (--party, PLAN_PARTY, the
        // user's config), is what the user meant: no word about it.
        if matches!(resolved.party_source, PartySource::Id | PartySource::Chosen)
            || resolved.namesakes.is_empty()
        {
            return;
        }
        let others = Text::each(|lang| {
            let others: Vec<String> = resolved
                .namesakes
                .iter()
                .map(|o| {
                    let other = plan.party(&o.party).map_or("", |p| p.name.as_str());
                    format!("{o}{}", lang.paren(other))
                })
                .collect();
            lang.list(&others)
        });
        let (others_en, others_ja) = (others.en, others.ja);
        let first = &resolved.namesakes[0];
        let party = &first.party;
        self.ui.note(&text!(
            en: "`{input}` is {id} ({name}, the default party); {others_en} has the same label — write {first} or use --party {party} for that one (set your own party with PLAN_PARTY or `party` in your config)",
            ja: "`{input}` は {id}（{name}、既定の主体）と解釈しました。{others_ja} も同じラベルです — そちらは {first} と書くか --party {party} を指定してください（自分の主体は PLAN_PARTY かユーザー設定の `party` で設定できます）",
        ));
    }

    /// Reads a plan document (its text, or a PDF through pdftotext with
    /// `timeout`) against `reference`, for `plan import` and `plan
    /// rollover` (`command`): every problem is printed at its line, and the
    /// command fails with nothing written.
    pub fn read_document(
        &self,
        document: &std::path::Path,
        timeout: std::time::Duration,
        reference: &Plan,
        command: &str,
    ) -> Result<crate::document::import::Imported> {
        use std::io::Write;
        let source = crate::document::pdf::document_text(document, timeout)?;
        crate::document::import::import(&source, reference).map_err(|problems| {
            let stderr = &mut std::io::stderr();
            for d in &problems {
                let _ = writeln!(stderr, "{}\n", d.render_human(self.lang(), self.ui.color_err));
            }
            let shown = crate::source::display_path(document).display().to_string();
            let n = problems.len();
            Error::usage(text!(
                en: "`{shown}` has {n} problem(s) that stop the {command}; nothing was written",
                ja: "`{shown}` に取り込めない箇所が {n} 件あります。何も書き込んでいません",
            ))
            .help(text!(
                en: "fix the document (or its text) at the lines shown and run plan {command} again",
                ja: "示した行で文書（またはそのテキスト）を直し、もう一度 plan {command} を実行してください",
            ))
        })
    }
}
