//! Settings and where each comes from, resolved once before any command
//! runs: a flag, then the environment, then the user's config file, then
//! `[settings]` in plan.toml, then the built-in default. Nothing reads the
//! environment for a setting after this.

pub mod file;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Text};
use crate::model::date::{DateStyle, Zone};
use crate::model::plan::Plan;
use crate::model::resolve::{PartyDefault, PartySource};
use crate::source::display_path;

pub use file::FileValues;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            ColorChoice::Auto => "auto",
            ColorChoice::Always => "always",
            ColorChoice::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<ColorChoice> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(ColorChoice::Auto),
            "always" => Some(ColorChoice::Always),
            "never" => Some(ColorChoice::Never),
            _ => None,
        }
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// A key of the user's config file.
    UserConfig(&'static str),
    /// A key of plan.toml.
    PlanFile(&'static str),
    /// `git config user.name`.
    Git,
    /// `git config user.email`.
    GitEmail,
    /// The login name.
    Login,
    /// Found by searching upward from the working directory.
    Search,
    /// Built in.
    Default,
}

impl Source {
    /// A stable English key, for scripts.
    pub fn key(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::UserConfig(_) => "user-config",
            Source::PlanFile(_) => "plan",
            Source::Git | Source::GitEmail => "git",
            Source::Login => "login",
            Source::Search => "search",
            Source::Default => "default",
        }
    }

    /// The flag, variable or key that gave the value, if any.
    pub fn origin(&self) -> Option<&'static str> {
        match self {
            Source::Flag(n) | Source::Env(n) | Source::UserConfig(n) | Source::PlanFile(n) => {
                Some(n)
            }
            Source::Git => Some("user.name"),
            Source::GitEmail => Some("user.email"),
            _ => None,
        }
    }

    /// Said to people.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Source::Flag(f), Lang::En) => format!("flag {f}"),
            (Source::Flag(f), Lang::Ja) => format!("オプション {f}"),
            (Source::Env(v), Lang::En) => format!("environment {v}"),
            (Source::Env(v), Lang::Ja) => format!("環境変数 {v}"),
            (Source::UserConfig(k), Lang::En) => format!("user config {k}"),
            (Source::UserConfig(k), Lang::Ja) => format!("ユーザー設定の {k}"),
            (Source::PlanFile(k), Lang::En) => format!("plan.toml {k}"),
            (Source::PlanFile(k), Lang::Ja) => format!("plan.toml の {k}"),
            (Source::Git, _) => "git config user.name".into(),
            (Source::GitEmail, _) => "git config user.email".into(),
            (Source::Login, Lang::En) => "login name".into(),
            (Source::Login, Lang::Ja) => "ログイン名".into(),
            (Source::Search, Lang::En) => "nearest plan/plan.toml above".into(),
            (Source::Search, Lang::Ja) => "上位ディレクトリの plan/plan.toml".into(),
            (Source::Default, Lang::En) => "built-in default".into(),
            (Source::Default, Lang::Ja) => "既定値".into(),
        }
    }
}

/// A setting's value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    pub fn new(value: T, source: Source) -> Self {
        Setting { value, source }
    }
}

/// The global flags as typed, before anything is resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    pub plan: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub date_style: Option<DateStyle>,
    pub color: Option<ColorChoice>,
    pub no_pager: bool,
}

/// Why no plan directory was found (turned into an error only when a
/// command needs the plan).
#[derive(Debug, Clone)]
pub enum NoPlan {
    /// `--plan DIR` or `PLAN_DIR` names a directory without plan.toml.
    NotAt(PathBuf),
    /// Nothing above the working directory.
    NotFound(PathBuf),
}

impl NoPlan {
    /// The error that says how to name a plan.
    pub fn error(&self) -> Error {
        match self {
            NoPlan::NotAt(dir) => {
                let shown = crate::text::escape_control(&dir.display().to_string()).into_owned();
                Error::usage(text!(
                    en: "no plan at `{shown}`: neither `{shown}/plan.toml` nor `{shown}/plan/plan.toml` exists",
                    ja: "`{shown}` に計画がありません（`{shown}/plan.toml` も `{shown}/plan/plan.toml` もありません）",
                ))
                .help(Text::new(
                    "pass the directory that holds plan.toml with --plan DIR (or PLAN_DIR)",
                    "plan.toml のあるディレクトリを --plan DIR（または PLAN_DIR）で指定してください",
                ))
            }
            NoPlan::NotFound(cwd) => {
                let shown = crate::text::escape_control(&cwd.display().to_string()).into_owned();
                Error::usage(text!(
                    en: "no plan found: no `plan/plan.toml` in `{shown}` or any directory above it",
                    ja: "計画が見つかりません: `{shown}` とその上位ディレクトリに `plan/plan.toml` がありません",
                ))
                .help(Text::new(
                    "run plan inside a plan repository, or pass --plan DIR (or set PLAN_DIR)",
                    "計画リポジトリの中で実行するか、--plan DIR（または PLAN_DIR）を指定してください",
                ))
            }
        }
    }
}

/// The plan directory at `dir`: the plan itself, or a repository with
/// `plan/` in it.
pub fn plan_dir_at(dir: &Path) -> Result<PathBuf> {
    find_plan_dir(Some(dir))
        .map(|s| s.value)
        .map_err(|no| no.error())
}

/// What the program says of the plan at hand (its help and man page), read
/// from plan.toml: its title, fiscal year and parties' names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanHeader {
    pub title: String,
    pub fiscal_year: i32,
    pub parties: Vec<String>,
}

/// Every setting, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lang: Setting<Lang>,
    pub date_style: Setting<DateStyle>,
    pub color: Setting<ColorChoice>,
    /// The pager command; `None` when paging is off.
    pub pager: Setting<Option<String>>,
    pub plan_dir: std::result::Result<Setting<PathBuf>, NoPlan>,
    /// The party of IDs that name none, unless a command's `--party` says.
    pub party: Setting<String>,
    /// The author of notes when `--author` is not given; `None` falls back
    /// to git's user.name, then the login name, when a note needs it.
    author: Option<Setting<String>>,
    /// The e-mail of commits when `--email` is not given; `None` falls
    /// back to git's user.email.
    email: Option<Setting<String>>,
    /// Whether `plan note` commits what it records.
    pub commit: Setting<bool>,
    pub timezone: Setting<Zone>,
    /// The user's config file (whether or not it exists).
    pub user_config: Option<PathBuf>,
    /// The web accounts file (`plan user`, `plan serve --accounts`) unless
    /// a command's `--accounts` says: `PLAN_ACCOUNTS`, else
    /// `accounts.toml` beside the user's config file.
    pub accounts: Option<Setting<PathBuf>>,
    /// Problems in the user's config file: each a warning with its place.
    pub user_problems: Vec<Diagnostic>,
    /// Problems in plan.toml's settings (also reported when the plan loads).
    pub plan_problems: Vec<Diagnostic>,
    /// The plan at hand, when plan.toml could be read.
    pub plan_header: Option<PlanHeader>,
}

/// A non-empty environment variable.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The variables that name a locale, in POSIX precedence order.
const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

impl Settings {
    /// Resolves every setting from the flags, the environment and the
    /// config files.
    pub fn resolve(flags: &Flags) -> Settings {
        let plan_dir = find_plan_dir(flags.plan.as_deref());
        let user_config = user_config_path();
        let (user, user_problems) = match &user_config {
            Some(path) if path.is_file() => file::read_user_config(path),
            _ => (FileValues::default(), Vec::new()),
        };
        let (plan, plan_problems) = match &plan_dir {
            Ok(dir) => file::read_plan_toml(&dir.value.join(crate::files::load::PLAN_FILE)),
            Err(_) => (FileValues::default(), Vec::new()),
        };
        Settings {
            lang: resolve_lang(flags.lang, &user, &plan),
            date_style: first([
                flags
                    .date_style
                    .map(|v| Setting::new(v, Source::Flag("--date-style"))),
                env("PLAN_DATE_STYLE")
                    .and_then(|v| file::parse_date_style(&v))
                    .map(|v| Setting::new(v, Source::Env("PLAN_DATE_STYLE"))),
                user.date_style
                    .map(|v| Setting::new(v, Source::UserConfig("date_style"))),
                plan.date_style
                    .map(|v| Setting::new(v, Source::PlanFile("[settings] date_style"))),
            ])
            .unwrap_or(Setting::new(DateStyle::Iso, Source::Default)),
            color: first([
                flags
                    .color
                    .map(|v| Setting::new(v, Source::Flag("--color"))),
                env("NO_COLOR").map(|_| Setting::new(ColorChoice::Never, Source::Env("NO_COLOR"))),
                user.color
                    .map(|v| Setting::new(v, Source::UserConfig("color"))),
            ])
            .unwrap_or(Setting::new(ColorChoice::Auto, Source::Default)),
            pager: first([
                flags
                    .no_pager
                    .then(|| Setting::new(None, Source::Flag("--no-pager"))),
                env("PLAN_PAGER").map(|p| Setting::new(Some(p), Source::Env("PLAN_PAGER"))),
                env("PAGER").map(|p| Setting::new(Some(p), Source::Env("PAGER"))),
            ])
            .unwrap_or(Setting::new(Some("less -FRX".to_string()), Source::Default)),
            party: first([
                env("PLAN_PARTY").map(|p| Setting::new(p, Source::Env("PLAN_PARTY"))),
                user.party
                    .clone()
                    .map(|p| Setting::new(p, Source::UserConfig("party"))),
                plan.default_party
                    .clone()
                    .map(|p| Setting::new(p, Source::PlanFile("default_party"))),
            ])
            .unwrap_or(Setting::new("-".to_string(), Source::Default)),
            author: first([
                env("PLAN_AUTHOR")
                    .map(|a| Setting::new(a.trim().to_string(), Source::Env("PLAN_AUTHOR"))),
                user.author
                    .clone()
                    .map(|a| Setting::new(a, Source::UserConfig("author"))),
                plan.author
                    .clone()
                    .map(|a| Setting::new(a, Source::PlanFile("[settings] author"))),
            ]),
            email: first([
                env("PLAN_EMAIL")
                    .map(|a| Setting::new(a.trim().to_string(), Source::Env("PLAN_EMAIL"))),
                user.email
                    .clone()
                    .map(|a| Setting::new(a, Source::UserConfig("email"))),
            ]),
            commit: first([
                env("PLAN_COMMIT")
                    .and_then(|v| parse_bool(&v))
                    .map(|v| Setting::new(v, Source::Env("PLAN_COMMIT"))),
                user.commit
                    .map(|v| Setting::new(v, Source::UserConfig("commit"))),
                plan.commit
                    .map(|v| Setting::new(v, Source::PlanFile("[settings] commit"))),
            ])
            .unwrap_or(Setting::new(false, Source::Default)),
            timezone: plan
                .timezone
                .map(|z| Setting::new(z, Source::PlanFile("[settings] timezone")))
                .unwrap_or(Setting::new(Zone::Local, Source::Default)),
            plan_header: plan.header.clone(),
            plan_dir,
            accounts: env("PLAN_ACCOUNTS")
                .map(|p| Setting::new(PathBuf::from(p), Source::Env("PLAN_ACCOUNTS")))
                .or_else(|| {
                    let dir = user_config.as_deref().and_then(Path::parent)?;
                    crate::files::accounts::default_path(Some(dir))
                        .map(|p| Setting::new(p, Source::Default))
                }),
            user_config,
            user_problems,
            plan_problems,
        }
    }

    /// The web accounts file: `--accounts FILE` (`flag`), else the
    /// resolved setting; `None` when no config directory can be found.
    pub fn accounts(&self, flag: Option<&Path>) -> Option<Setting<PathBuf>> {
        flag.map(|p| Setting::new(p.to_path_buf(), Source::Flag("--accounts")))
            .or_else(|| self.accounts.clone())
    }

    /// The plan directory, or the error that says how to name one.
    pub fn plan_dir(&self) -> Result<PathBuf> {
        match &self.plan_dir {
            Ok(dir) => Ok(dir.value.clone()),
            Err(no) => Err(no.error()),
        }
    }

    /// The party of short IDs: a command's `--party`, else this.
    pub fn party(&self, flag: Option<&str>) -> Setting<String> {
        match flag {
            Some(p) => Setting::new(p.to_string(), Source::Flag("--party")),
            None => self.party.clone(),
        }
    }

    /// The party of IDs that name none (`--party`, `PLAN_PARTY`, the user's
    /// `party`, the plan's `default_party`), resolved against the plan.
    pub fn party_default<'p>(
        &self,
        plan: &'p Plan,
        flag: Option<&str>,
    ) -> Result<PartyDefault<'p>> {
        let setting = self.party(flag);
        let party = crate::model::filter::parse_party(plan, &setting.value)?;
        // A party the user chose (flag, environment, their config) is
        // taken at its word; only plan.toml's default is "interpreted".
        let source = match setting.source {
            Source::Flag(_) | Source::Env(_) | Source::UserConfig(_) => PartySource::Chosen,
            _ => PartySource::Default,
        };
        Ok(PartyDefault { party, source })
    }

    /// A note's author: `--author`, `PLAN_AUTHOR`, the user's config,
    /// plan.toml, `git config user.name` (run in `dir`), the login name.
    /// An empty `--author` is an error, not a silent fallback.
    pub fn author(&self, flag: Option<&str>, dir: &Path) -> Result<Setting<String>> {
        if let Some(a) = flag {
            let a = a.trim();
            if a.is_empty() {
                return Err(Error::usage(Text::new(
                    "--author is empty: give the name to record, or leave the flag out",
                    "--author が空です。記録者名を指定するか、オプションを省いてください",
                )));
            }
            return Ok(Setting::new(a.to_string(), Source::Flag("--author")));
        }
        if let Some(a) = &self.author {
            return Ok(a.clone());
        }
        if let Some(name) = git_user_name(dir) {
            return Ok(Setting::new(name, Source::Git));
        }
        for var in ["USER", "LOGNAME", "USERNAME"] {
            if let Some(a) = env(var) {
                return Ok(Setting::new(a, Source::Login));
            }
        }
        Ok(Setting::new("unknown".to_string(), Source::Default))
    }
}

/// `true`/`false` as people write them in the environment.
fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

impl Settings {
    /// The e-mail of a commit's author: `--email`, `PLAN_EMAIL`, the
    /// user's config, `git config user.email` (run in `dir`); else empty
    /// (git records `Name <>`).
    pub fn email(&self, flag: Option<&str>, dir: &Path) -> Setting<String> {
        if let Some(e) = flag.map(str::trim).filter(|e| !e.is_empty()) {
            return Setting::new(e.to_string(), Source::Flag("--email"));
        }
        if let Some(e) = &self.email {
            return e.clone();
        }
        if let Some(e) = crate::files::git::config_value(dir, "user.email") {
            return Setting::new(e, Source::GitEmail);
        }
        Setting::new(String::new(), Source::Default)
    }

    /// Whether notes are committed: `--commit`/`--no-commit`, else the setting.
    pub fn commit(&self, flag: Option<bool>) -> Setting<bool> {
        match flag {
            Some(true) => Setting::new(true, Source::Flag("--commit")),
            Some(false) => Setting::new(false, Source::Flag("--no-commit")),
            None => self.commit.clone(),
        }
    }
}

/// The first value that is set.
fn first<T, const N: usize>(candidates: [Option<Setting<T>>; N]) -> Option<Setting<T>> {
    candidates.into_iter().flatten().next()
}

/// UI language: `--lang`, `PLAN_LANG`, the user's config, the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`; `C`/`POSIX` say nothing), plan.toml,
/// English. The user's config beats the locale: it is an explicit choice,
/// a locale is a machine-wide default.
fn resolve_lang(flag: Option<Lang>, user: &FileValues, plan: &FileValues) -> Setting<Lang> {
    if let Some(l) = flag {
        return Setting::new(l, Source::Flag("--lang"));
    }
    if let Some(l) = env("PLAN_LANG").and_then(|v| file::parse_lang(&v)) {
        return Setting::new(l, Source::Env("PLAN_LANG"));
    }
    if let Some(l) = user.lang {
        return Setting::new(l, Source::UserConfig("lang"));
    }
    for var in LOCALE_VARS {
        if let Some(value) = env(var) {
            if matches!(value.split('.').next(), Some("C" | "POSIX")) {
                break;
            }
            if let Some(l) = Lang::from_locale(&value) {
                return Setting::new(l, Source::Env(var));
            }
        }
    }
    match plan.lang {
        Some(l) => Setting::new(l, Source::PlanFile("[settings] lang")),
        None => Setting::new(Lang::En, Source::Default),
    }
}

/// Finds the plan directory: `--plan DIR`, else `PLAN_DIR`, else the
/// nearest `plan/plan.toml` at or above the working directory (the way git
/// finds `.git`). A given directory may be the plan directory itself or the
/// repository holding it.
fn find_plan_dir(flag: Option<&Path>) -> std::result::Result<Setting<PathBuf>, NoPlan> {
    let plan_file = crate::files::load::PLAN_FILE;
    let given = flag
        .map(|d| (d.to_path_buf(), Source::Flag("--plan")))
        .or_else(|| env("PLAN_DIR").map(|d| (PathBuf::from(d), Source::Env("PLAN_DIR"))));
    if let Some((dir, source)) = given {
        for candidate in [dir.clone(), dir.join("plan")] {
            if candidate.join(plan_file).is_file() {
                return Ok(Setting::new(candidate, source));
            }
        }
        return Err(NoPlan::NotAt(display_path(&dir)));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    for dir in cwd.ancestors() {
        let candidate = dir.join("plan");
        if candidate.join(plan_file).is_file() {
            return Ok(Setting::new(candidate, Source::Search));
        }
        if dir.file_name().is_some_and(|n| n == "plan") && dir.join(plan_file).is_file() {
            return Ok(Setting::new(dir.to_path_buf(), Source::Search));
        }
    }
    Err(NoPlan::NotFound(cwd))
}

/// `PLAN_CONFIG`, else `$XDG_CONFIG_HOME/plan/config.toml` (or the
/// platform's equivalent).
fn user_config_path() -> Option<PathBuf> {
    if let Some(path) = env("PLAN_CONFIG") {
        return Some(PathBuf::from(path));
    }
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.config_dir().join("plan").join("config.toml"))
}

/// `git config user.name`, run in the plan directory.
fn git_user_name(dir: &Path) -> Option<String> {
    crate::files::git::config_value(dir, "user.name")
}
