//! Settings and where each comes from: flags, then environment variables,
//! then `[settings]` in `plan.toml`, then built-in defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::date::DateStyle;

/// `[settings]` in `plan.toml`: defaults for everyone who uses the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// UI language (`ja` or `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// How dates are shown (`iso` or `wareki`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_style: Option<DateStyle>,
    /// Author recorded on notes when neither `--author` nor `PLAN_AUTHOR` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl FileSettings {
    pub fn is_empty(&self) -> bool {
        *self == FileSettings::default()
    }
}

/// Where a setting's value came from, for `plan config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// `[settings]` (or `default_party`) in `plan.toml`.
    File(&'static str),
    /// `git config user.name`.
    Git,
    /// The login name.
    Login,
    /// Found by searching upward from the working directory.
    Found,
    /// Built in.
    Default,
}

impl Source {
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Source::Flag(f), Lang::En) => format!("flag {f}"),
            (Source::Flag(f), Lang::Ja) => format!("オプション {f}"),
            (Source::Env(v), Lang::En) => format!("environment {v}"),
            (Source::Env(v), Lang::Ja) => format!("環境変数 {v}"),
            (Source::File(k), Lang::En) => format!("plan.toml {k}"),
            (Source::File(k), Lang::Ja) => format!("plan.toml の {k}"),
            (Source::Git, Lang::En) => "git config user.name".into(),
            (Source::Git, Lang::Ja) => "git config user.name".into(),
            (Source::Login, Lang::En) => "login name".into(),
            (Source::Login, Lang::Ja) => "ログイン名".into(),
            (Source::Found, Lang::En) => "nearest plan/plan.toml above".into(),
            (Source::Found, Lang::Ja) => "上位ディレクトリの plan/plan.toml".into(),
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
    fn new(value: T, source: Source) -> Self {
        Setting { value, source }
    }
}

/// A non-empty environment variable.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The variables that name a locale, in POSIX precedence order.
const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// UI language: `--lang`, else `PLAN_LANG`, else the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`; the neutral `C`/`POSIX` locale says nothing), else
/// `[settings] lang`, else English.
pub fn lang(flag: Option<Lang>, file: &FileSettings) -> Setting<Lang> {
    if let Some(l) = flag {
        return Setting::new(l, Source::Flag("--lang"));
    }
    if let Some(l) = env("PLAN_LANG").and_then(|v| parse_lang(&v)) {
        return Setting::new(l, Source::Env("PLAN_LANG"));
    }
    for var in LOCALE_VARS {
        if let Some(value) = env(var) {
            let neutral = matches!(value.split('.').next(), Some("C" | "POSIX"));
            if neutral {
                break;
            }
            if let Some(l) = Lang::from_locale(&value) {
                return Setting::new(l, Source::Env(var));
            }
        }
    }
    match file.lang {
        Some(l) => Setting::new(l, Source::File("[settings] lang")),
        None => Setting::new(Lang::En, Source::Default),
    }
}

fn parse_lang(value: &str) -> Option<Lang> {
    match value.trim().to_ascii_lowercase().as_str() {
        "ja" | "jp" | "japanese" | "日本語" => Some(Lang::Ja),
        "en" | "english" => Some(Lang::En),
        other => Lang::from_locale(other).filter(|_| other.contains('_')),
    }
}

/// Date style: `--date-style`, else `PLAN_DATE_STYLE`, else `[settings]
/// date_style`, else ISO.
pub fn date_style(flag: Option<DateStyle>, file: &FileSettings) -> Setting<DateStyle> {
    if let Some(d) = flag {
        return Setting::new(d, Source::Flag("--date-style"));
    }
    let from_env =
        env("PLAN_DATE_STYLE").and_then(|v| match v.trim().to_ascii_lowercase().as_str() {
            "iso" => Some(DateStyle::Iso),
            "wareki" | "和暦" => Some(DateStyle::Wareki),
            _ => None,
        });
    if let Some(d) = from_env {
        return Setting::new(d, Source::Env("PLAN_DATE_STYLE"));
    }
    match file.date_style {
        Some(d) => Setting::new(d, Source::File("[settings] date_style")),
        None => Setting::new(DateStyle::Iso, Source::Default),
    }
}

/// The party for IDs that name none: `--party`, else `PLAN_PARTY`, else the
/// plan's `default_party`. Values are returned as given, to be resolved
/// against the plan.
pub fn party(flag: Option<&str>, default_party: &str) -> Setting<String> {
    if let Some(p) = flag {
        return Setting::new(p.to_string(), Source::Flag("--party"));
    }
    if let Some(p) = env("PLAN_PARTY") {
        return Setting::new(p, Source::Env("PLAN_PARTY"));
    }
    Setting::new(default_party.to_string(), Source::File("default_party"))
}

/// A note's author: `--author`, else `PLAN_AUTHOR`, else `[settings] author`,
/// else `git config user.name`, else the login name.
pub fn author(
    flag: Option<&str>,
    file: &FileSettings,
    plan_dir: &std::path::Path,
) -> Setting<String> {
    if let Some(a) = flag.map(str::trim).filter(|a| !a.is_empty()) {
        return Setting::new(a.to_string(), Source::Flag("--author"));
    }
    if let Some(a) = env("PLAN_AUTHOR") {
        return Setting::new(a.trim().to_string(), Source::Env("PLAN_AUTHOR"));
    }
    if let Some(a) = file
        .author
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        return Setting::new(a.to_string(), Source::File("[settings] author"));
    }
    let git = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(plan_dir)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    if let Some(a) = git {
        return Setting::new(a, Source::Git);
    }
    for var in ["USER", "LOGNAME", "USERNAME"] {
        if let Some(a) = env(var) {
            return Setting::new(a, Source::Login);
        }
    }
    Setting::new("unknown".to_string(), Source::Default)
}
