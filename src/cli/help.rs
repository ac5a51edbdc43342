//! `--help`, the man page and command-line errors in the UI language: the
//! clap definitions hold the English, the Japanese catalogue
//! ([`crate::words::ja`]) the Japanese for the same arguments, keyed by
//! (subcommand, argument). Both have the plan's year filled into their
//! examples.

use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::i18n::Lang;
use crate::settings::PlanHeader;
use crate::words::{en, ja};

/// The Japanese help of argument `id` of subcommand `command` ("" for the
/// root command and the global flags).
pub fn arg_help_ja(command: &str, id: &str) -> Option<&'static str> {
    ja::ARGS
        .iter()
        .find(|(c, a, _)| *c == command && *a == id)
        .map(|(_, _, h)| *h)
}

/// The Japanese about and examples of a subcommand.
pub fn command_help_ja(name: &str) -> Option<(&'static str, &'static str)> {
    ja::COMMANDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, about, examples)| (*about, *examples))
}

/// The years the help's examples speak of: the plan's fiscal year, or
/// without a plan the fiscal year of today (April to March).
#[derive(Debug, Clone, Copy)]
struct Years {
    fy: i32,
}

impl Years {
    fn of(plan: Option<&PlanHeader>) -> Years {
        let fy = plan.map(|p| p.fiscal_year).unwrap_or_else(|| {
            use chrono::Datelike;
            let today = crate::model::date::now().date_naive();
            if today.month() >= 4 {
                today.year()
            } else {
                today.year() - 1
            }
        });
        Years { fy }
    }

    /// `text` with `{fy}`, `{prev}`, `{next}`, `{era}`, `{r}` and `{wafy}`
    /// filled in (see [`crate::words::ja`]).
    fn fill(self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_string();
        }
        let fy = self.fy;
        let (era, year) = NaiveDate::from_ymd_opt(fy, 6, 15)
            .and_then(crate::model::era::era_of)
            .unwrap_or(("", fy));
        let initial = match era {
            "令和" => "R",
            "平成" => "H",
            "昭和" => "S",
            "大正" => "T",
            "明治" => "M",
            _ => "",
        };
        let era_year = if year == 1 {
            format!("{era}元年")
        } else {
            format!("{era}{year}年")
        };
        text.replace("{fy}", &fy.to_string())
            .replace("{prev}", &(fy - 1).to_string())
            .replace("{next}", &(fy + 1).to_string())
            .replace("{era}", &era_year)
            .replace("{r}", &format!("{initial}{year}"))
            .replace(
                "{wafy}",
                &crate::model::era::fiscal_year(fy, crate::model::era::Form::Era),
            )
    }

    /// Every about, help and example of `cmd` and its subcommands filled in.
    fn fill_command(self, mut cmd: Command) -> Command {
        let styled = |s: Option<&clap::builder::StyledStr>| s.map(|s| self.fill(&s.to_string()));
        if let Some(s) = styled(cmd.get_about()) {
            cmd = cmd.about(s);
        }
        if let Some(s) = styled(cmd.get_long_about()) {
            cmd = cmd.long_about(s);
        }
        if let Some(s) = styled(cmd.get_after_help()) {
            cmd = cmd.after_help(s);
        }
        if let Some(s) = styled(cmd.get_after_long_help()) {
            cmd = cmd.after_long_help(s);
        }
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        for id in ids {
            cmd = cmd.mut_arg(id.as_str(), |a| {
                let help = styled(a.get_help());
                let long = styled(a.get_long_help());
                let a = match help {
                    Some(h) => a.help(h),
                    None => a,
                };
                match long {
                    Some(h) => a.long_help(h),
                    None => a,
                }
            });
        }
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        for name in names {
            cmd = cmd.mut_subcommand(name, |sub| self.fill_command(sub));
        }
        cmd
    }
}

/// Every argument of `cmd` (subcommand `scope`, "" for the root) with its
/// Japanese help and headings.
fn localize_args(mut cmd: Command, scope: &str) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() {
                ja::ARGUMENTS
            } else {
                ja::OPTIONS
            };
            // An argument without its Japanese keeps its English (a test
            // makes sure there is none).
            let mut help = arg_help_ja(scope, &id)
                .map(str::to_string)
                .or_else(|| a.get_help().map(|h| h.to_string()))
                .unwrap_or_default();
            // clap would add "Possible values:" and "[default: …]" in
            // English: say them in Japanese instead.
            let takes_value =
                a.get_num_args().is_some_and(|n| n.takes_values()) || a.get_action().takes_values();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if takes_value && !values.is_empty() {
                help.push_str(&format!("（値: {}）", values.join("、")));
            }
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if takes_value && !defaults.is_empty() && !a.is_hide_default_value_set() {
                help.push_str(&format!(" [既定: {}]", defaults.join(", ")));
            }
            let long = (id == "help").then_some(ja::LONG_HELP);
            let a = a.help(help).long_help(long).help_heading(heading);
            if takes_value {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            }
        });
    }
    cmd.help_template(ja::TEMPLATE)
        .subcommand_help_heading(ja::SUBCOMMANDS)
}

/// What the program is, for the plan at hand (its fiscal year and
/// parties come from plan.toml, so a new year needs no new binary): the
/// one-line about and the first paragraph of the long one.
fn describe(lang: Lang, plan: &PlanHeader) -> (String, String) {
    let fy = plan.fiscal_year;
    let era = crate::model::era::fiscal_year(fy, crate::model::era::Form::Era);
    match lang {
        Lang::En => {
            let names = plan.parties.join(" and ");
            (
                format!("Track the FY{fy} joint implementation plan of {names}"),
                format!(
                    "Track the FY{fy} ({era}) joint implementation plan of {names}, {}: list and show its measures, record progress notes against them, print status tables and reports, render and import the plan document, and check the plan files in CI.",
                    plan.title
                ),
            )
        }
        Lang::Ja => {
            let names = plan.parties.join("と");
            (
                format!("{names}の{era}（{fy}年度）実施計画の進捗を管理します"),
                format!(
                    "{names}の{era}（{fy}年度）「{}」を管理します。取組の一覧と表示、取組ごとの進捗記録、状況表と報告書の出力、計画文書の出力と取り込み、CI での計画ファイルの検査ができます。",
                    plan.title
                ),
            )
        }
    }
}

/// The command line for the plan at hand, in the UI language: for
/// Japanese, every about, argument help, example and heading translated;
/// in both, the examples' years those of the plan.
pub fn localize(cmd: Command, lang: Lang, plan: Option<&PlanHeader>) -> Command {
    let cmd = match plan {
        Some(plan) => {
            let (about, first) = describe(lang, plan);
            // Japanese has no spaces for clap to wrap at: wrap it here.
            let first = crate::text::wrap(&first, 80).join("\n");
            let long = match lang {
                Lang::En => en::LONG_ABOUT,
                Lang::Ja => ja::LONG_ABOUT,
            };
            let rest = long.split_once("\n\n").map_or("", |(_, r)| r);
            cmd.about(about).long_about(format!("{first}\n\n{rest}"))
        }
        None => cmd,
    };
    let years = Years::of(plan);
    if lang == Lang::En {
        return years.fill_command(cmd);
    }
    // clap generates --help and --version late, in English; use ours.
    let version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version);
    let plain = plan.is_none();
    let mut cmd = with_help(cmd);
    if plain {
        cmd = cmd.about(ja::ABOUT).long_about(ja::LONG_ABOUT);
    }
    let mut cmd = localize_args(
        cmd.after_help(ja::EXAMPLES)
            .disable_help_subcommand(true)
            .disable_version_flag(true)
            .arg(version),
        "",
    );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| {
            let sub = match command_help_ja(&name) {
                Some((about, examples)) => sub.about(about).after_help(examples),
                None => sub,
            };
            localize_args(with_help(sub), &name)
        });
    }
    years.fill_command(cmd)
}

fn with_help(cmd: Command) -> Command {
    cmd.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help),
    )
}

/// A word taken for a subcommand that is a measure ID or a section number
/// (`plan 2.イ`, `plan 6`): the error gets the tip `plan show 2.イ`.
pub fn with_show_tip(mut err: clap::Error, lang: Lang) -> clap::Error {
    if err.kind() != ErrorKind::InvalidSubcommand {
        return err;
    }
    let Some(ContextValue::String(word)) = err.get(ContextKind::InvalidSubcommand) else {
        return err;
    };
    let parts = crate::model::id::split(word);
    let section = parts.len() == 1 && parts[0].parse::<u32>().is_ok();
    if !crate::model::id::looks_like_id(word) && !section {
        return err;
    }
    let shown = crate::text::escape_control(word);
    let tip = match lang {
        Lang::En => format!("to show a measure or a section: `plan show {shown}`"),
        Lang::Ja => format!("取組や節の表示は `plan show {shown}` です"),
    };
    // clap's own "a similar subcommand exists" would point elsewhere.
    err.remove(ContextKind::SuggestedSubcommand);
    err.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![tip.into()]),
    );
    err
}

/// A clap usage error in Japanese, keeping the details clap found.
pub fn error_ja(err: &clap::Error) -> String {
    let get = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let invalid_arg = get(ContextKind::InvalidArg);
    let invalid_value = get(ContextKind::InvalidValue);
    let mut message = match err.kind() {
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                format!("{invalid_arg} の値 `{invalid_value}` が不正です")
            } else {
                format!("{invalid_arg} に `{invalid_value}` は使えません（使える値: {valid}）")
            }
        }
        ErrorKind::UnknownArgument => format!("不明な引数 `{invalid_arg}` です"),
        ErrorKind::InvalidSubcommand => format!(
            "不明なサブコマンド `{}` です",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("必須の引数がありません: {invalid_arg}"),
        ErrorKind::MissingSubcommand => "サブコマンドを指定してください".to_string(),
        ErrorKind::ValueValidation => format!("{invalid_arg} の値 `{invalid_value}` が不正です"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{invalid_arg} の値の数が違います")
        }
        ErrorKind::ArgumentConflict => {
            format!(
                "{invalid_arg} は {} と同時に使えません",
                get(ContextKind::PriorArg)
            )
        }
        ErrorKind::NoEquals => format!("{invalid_arg} には `=` で値を付けてください"),
        _ => "コマンドラインが正しくありません".to_string(),
    };
    let suggested = [
        get(ContextKind::SuggestedArg),
        get(ContextKind::SuggestedSubcommand),
        get(ContextKind::SuggestedValue),
    ]
    .into_iter()
    .find(|s| !s.is_empty());
    let (error, help) = (ja::WORDS.error_label, ja::WORDS.help_label);
    message = format!("{error}: {message}\n");
    if let Some(s) = suggested {
        message.push_str(&format!("  {help}: `{s}` の誤りでは？\n"));
    }
    if let Some(ContextValue::StyledStrs(tips)) = err.get(ContextKind::Suggested) {
        for tip in tips {
            message.push_str(&format!("  {help}: {tip}\n"));
        }
    }
    let usage = get(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        message.push_str(&format!("\n{}: {usage}\n", ja::USAGE));
    }
    message.push_str("\n詳しくは '--help' を参照してください。\n");
    message
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Walks `cmd` and its subcommands: each argument's Japanese entry (or
    /// its absence), keyed as [`ja::ARGS`] keys it.
    fn walk(
        cmd: &Command,
        scope: &str,
        years: Years,
        used: &mut BTreeSet<(String, String)>,
        faults: &mut Vec<String>,
    ) {
        for arg in cmd.get_arguments() {
            // A global flag is keyed where it is defined, at the root.
            if !scope.is_empty() && arg.is_global_set() {
                continue;
            }
            let id = arg.get_id().as_str();
            let shown = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            match arg_help_ja(scope, id) {
                Some(ja) => {
                    used.insert((scope.to_string(), id.to_string()));
                    let ja = years.fill(ja);
                    if !shown.starts_with(&ja) {
                        faults.push(format!("`{scope} --{id}` shows {shown:?}, not {ja:?}"));
                    }
                }
                None => faults.push(format!(
                    "`{scope} --{id}` has no Japanese help (its English: {shown:?})"
                )),
            }
        }
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            let path = if scope.is_empty() {
                name.to_string()
            } else {
                format!("{scope} {name}")
            };
            match command_help_ja(&path) {
                Some((about, _)) => {
                    used.insert((path.clone(), String::new()));
                    let shown = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
                    if shown != years.fill(about) {
                        faults.push(format!("`{path}` is described as {shown:?}"));
                    }
                }
                None => faults.push(format!("subcommand `{path}` has no Japanese about")),
            }
            walk(sub, &path, years, used, faults);
        }
    }

    #[test]
    fn every_argument_and_subcommand_has_its_japanese_and_no_entry_is_unused() {
        let mut cmd = localize(Cli::command(), Lang::Ja, None);
        cmd.build();
        let years = Years::of(None);
        let (mut used, mut faults) = (BTreeSet::new(), Vec::new());
        walk(&cmd, "", years, &mut used, &mut faults);
        for (scope, id, _) in ja::ARGS {
            if !used.contains(&(scope.to_string(), id.to_string())) {
                faults.push(format!("unused translation: `{scope} --{id}`"));
            }
        }
        for (name, _, _) in ja::COMMANDS {
            if !used.contains(&(name.to_string(), String::new())) {
                faults.push(format!("unused translation: subcommand `{name}`"));
            }
        }
        assert!(faults.is_empty(), "{}", faults.join("\n"));
    }

    #[test]
    fn a_flag_name_two_subcommands_share_gets_each_its_own_japanese() {
        let mut cmd = localize(Cli::command(), Lang::Ja, None);
        cmd.build();
        let help = |sub: &str, id: &str| {
            let sub = cmd.find_subcommand(sub).unwrap();
            let arg = sub.get_arguments().find(|a| a.get_id() == id).unwrap();
            arg.get_help().unwrap().to_string()
        };
        assert_ne!(help("note", "force"), help("import", "force"));
        assert!(help("note", "force").contains("年度外"));
        assert_ne!(help("note", "author"), help("log", "author"));
        assert!(help("log", "author").contains("記録者の記録だけ"));
    }

    #[test]
    fn examples_take_the_years_of_the_plan() {
        let plan = PlanHeader {
            title: "計画".into(),
            fiscal_year: 2030,
            parties: vec!["東京都".into()],
        };
        for lang in [Lang::En, Lang::Ja] {
            let mut cmd = localize(Cli::command(), lang, Some(&plan));
            cmd.build();
            let mut all = String::new();
            for sub in cmd.get_subcommands_mut() {
                all.push_str(&sub.render_long_help().to_string());
            }
            all.push_str(&cmd.render_long_help().to_string());
            assert!(all.contains("2030-06-15"), "{lang}: {all}");
            assert!(all.contains("plan-fy2031"), "{lang}");
            assert!(all.contains("archive/2029"), "{lang}");
            assert!(!all.contains("2021"), "{lang}: {all}");
            assert!(!all.contains("{fy}") && !all.contains("{era}"), "{lang}");
        }
        // June of FY2019 is in 令和 already.
        assert_eq!(Years { fy: 2019 }.fill("{era} {r}"), "令和元年 R1");
        assert_eq!(
            Years { fy: 2021 }.fill("{era} {r} {wafy}"),
            "令和3年 R3 令和３年度"
        );
    }
}
