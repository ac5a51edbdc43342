//! The settings two files can hold: `[settings]` (and `default_party`) in
//! plan.toml, and the user's own config file. Both are read leniently: a
//! bad value is a diagnostic at its line and column, and the setting falls
//! back to the next source instead of stopping the program.

use std::path::Path;

use toml_edit::{Document, Item, Table};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::i18n::{Lang, Text};
use crate::model::date::{DateStyle, Zone};
use crate::settings::ColorChoice;
use crate::source::SourceFile;

/// The settings a file gives.
#[derive(Debug, Clone, Default)]
pub struct FileValues {
    pub lang: Option<Lang>,
    pub date_style: Option<DateStyle>,
    pub color: Option<ColorChoice>,
    pub author: Option<String>,
    /// The e-mail commits of notes are authored with (user config only).
    pub email: Option<String>,
    /// Whether `plan note` commits what it records.
    pub commit: Option<bool>,
    pub timezone: Option<Zone>,
    pub default_party: Option<String>,
    /// The user's party of short IDs (`party`, the user's file only; checked
    /// against the plan's parties when an ID is resolved).
    pub party: Option<String>,
    /// plan.toml's title, fiscal year and parties, when they read cleanly.
    pub header: Option<crate::settings::PlanHeader>,
}

/// The keys a user's config file may hold.
const USER_KEYS: [&str; 7] = [
    "author",
    "email",
    "commit",
    "lang",
    "date_style",
    "color",
    "party",
];

/// `lang` as users write it: `ja`, `en`, `Japanese`, `日本語`, a locale name.
pub fn parse_lang(value: &str) -> Option<Lang> {
    match value.trim().to_ascii_lowercase().as_str() {
        "ja" | "jp" | "japanese" | "日本語" => Some(Lang::Ja),
        "en" | "english" => Some(Lang::En),
        other => Lang::from_locale(other).filter(|_| other.contains('_')),
    }
}

/// `date_style`: `iso` or `wareki` (和暦).
pub fn parse_date_style(value: &str) -> Option<DateStyle> {
    match value.trim().to_ascii_lowercase().as_str() {
        "iso" => Some(DateStyle::Iso),
        "wareki" | "和暦" => Some(DateStyle::Wareki),
        _ => None,
    }
}

/// The user's config file (`author`, `lang`, `date_style`, `color`, `party` at the
/// top level). Its problems are warnings: a personal file never stops work.
pub fn read_user_config(path: &Path) -> (FileValues, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let Some(source) = crate::files::load::read_source(path, &mut problems) else {
        return (FileValues::default(), warnings(problems));
    };
    let Some(doc) = parse(&source, &mut problems) else {
        return (FileValues::default(), warnings(problems));
    };
    let doc = doc.as_table();
    let mut reader = Reader {
        source: &source,
        problems: &mut problems,
        strict: true,
    };
    for (key, _) in doc.iter() {
        if !USER_KEYS.contains(&key) {
            reader.unknown(doc, key);
        }
    }
    let values = reader.values(doc);
    (values, warnings(problems))
}

/// `[settings]` and `default_party` of plan.toml. Unknown keys are left to
/// the plan's schema check.
pub fn read_plan_toml(path: &Path) -> (FileValues, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let Some(source) = crate::files::load::read_source(path, &mut problems) else {
        return (FileValues::default(), problems);
    };
    let Some(doc) = parse(&source, &mut problems) else {
        return (FileValues::default(), problems);
    };
    let doc = doc.as_table();
    let mut reader = Reader {
        source: &source,
        problems: &mut problems,
        strict: false,
    };
    let mut values = match doc.get("settings").and_then(Item::as_table) {
        Some(settings) => reader.values(settings),
        None => FileValues::default(),
    };
    values.default_party = reader.string(doc, "default_party");
    values.header = header(doc);
    (values, problems)
}

/// The title, fiscal year and party names, if plan.toml has them right
/// (otherwise loading the plan reports what is wrong).
fn header(doc: &Table) -> Option<crate::settings::PlanHeader> {
    let parties = doc
        .get("parties")?
        .as_table()?
        .iter()
        .map(|(_, p)| p.get("name").and_then(Item::as_str).map(str::to_string))
        .collect::<Option<Vec<String>>>()?;
    Some(crate::settings::PlanHeader {
        title: doc.get("title")?.as_str()?.to_string(),
        fiscal_year: i32::try_from(doc.get("fiscal_year")?.as_integer()?).ok()?,
        parties,
    })
}

fn parse<'s>(source: &'s SourceFile, problems: &mut Vec<Diagnostic>) -> Option<Document<&'s str>> {
    match Document::parse(source.text.as_str()) {
        Ok(doc) => Some(doc),
        Err(e) => {
            problems.push(crate::files::load::syntax_error(source, &e));
            None
        }
    }
}

fn warnings(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    for p in &mut problems {
        p.severity = Severity::Warning;
    }
    problems
}

struct Reader<'a> {
    source: &'a SourceFile,
    problems: &'a mut Vec<Diagnostic>,
    /// Whether `color` and unknown keys are checked here (the user's file).
    strict: bool,
}

impl Reader<'_> {
    fn values(&mut self, table: &Table) -> FileValues {
        // Files hold the exact names the schema allows; aliases are for
        // what people type in the environment.
        let lang = self.choice(
            table,
            "lang",
            |v| clap::ValueEnum::from_str(v, false).ok(),
            "ja, en",
        );
        let date_style = self.choice(
            table,
            "date_style",
            |v| clap::ValueEnum::from_str(v, false).ok(),
            "iso, wareki",
        );
        let color = if self.strict {
            self.choice(table, "color", ColorChoice::parse, "auto, always, never")
        } else {
            None
        };
        let author = self.string(table, "author");
        let party = if self.strict {
            self.string(table, "party")
        } else {
            None
        };
        let email = if self.strict {
            self.string(table, "email")
        } else {
            None
        };
        let commit = self.boolean(table, "commit");
        let timezone = if self.strict {
            None
        } else {
            self.choice(
                table,
                "timezone",
                Zone::named,
                "an IANA name such as Asia/Tokyo",
            )
        };
        FileValues {
            lang,
            date_style,
            color,
            author,
            email,
            commit,
            timezone,
            default_party: None,
            party,
            header: None,
        }
    }

    /// A non-empty string value.
    fn string(&mut self, table: &Table, key: &str) -> Option<String> {
        let item = table.get(key)?;
        match item.as_str().map(str::trim) {
            Some(s) if !s.is_empty() => Some(s.to_string()),
            _ => {
                self.bad(item, key, Text::new("a non-empty string", "空でない文字列"));
                None
            }
        }
    }

    /// A boolean value.
    fn boolean(&mut self, table: &Table, key: &str) -> Option<bool> {
        let item = table.get(key)?;
        match item.as_bool() {
            Some(b) => Some(b),
            None => {
                self.bad(item, key, Text::new("true, false", "true, false"));
                None
            }
        }
    }

    /// A string value that must be one of a few.
    fn choice<T>(
        &mut self,
        table: &Table,
        key: &str,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &str,
    ) -> Option<T> {
        let item = table.get(key)?;
        match item.as_str().and_then(&parse) {
            Some(v) => Some(v),
            None => {
                self.bad(item, key, Text::same(allowed));
                None
            }
        }
    }

    fn bad(&mut self, item: &Item, key: &str, allowed: Text) {
        let shown = item
            .as_value()
            .map(|v| {
                crate::text::escape_control(&v.to_string())
                    .trim()
                    .to_string()
            })
            .unwrap_or_default();
        let (en, ja) = (allowed.en, allowed.ja);
        self.problems.push(Diagnostic::at(
            Code::InvalidValue,
            text!(
                en: "`{key} = {shown}` is not allowed (allowed: {en})",
                ja: "`{key} = {shown}` は使えません（使える値: {ja}）",
            ),
            self.source,
            item.span().unwrap_or(0..0),
        ));
    }

    fn unknown(&mut self, table: &Table, key: &str) {
        let span = table.key(key).and_then(|k| k.span()).unwrap_or(0..0);
        let list = USER_KEYS.join(", ");
        let mut d = Diagnostic::at(
            Code::UnknownKey,
            text!(en: "unknown key `{key}`", ja: "不明なキー `{key}`"),
            self.source,
            span,
        );
        d.help = Some(match crate::suggest::closest(key, USER_KEYS, 1).first() {
            Some(best) => text!(
                en: "did you mean `{best}`? (allowed here: {list})",
                ja: "`{best}` の誤りでは？（ここで使えるキー: {list}）",
            ),
            None => text!(en: "allowed here: {list}", ja: "ここで使えるキー: {list}"),
        });
        self.problems.push(d);
    }
}
