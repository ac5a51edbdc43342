//! `plan user`: the web view's accounts (add, list, remove, passwd), kept
//! in a file outside the plan repository with Argon2id password hashes
//! (see [`crate::files::accounts`]).

use std::io::BufRead;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::files::accounts::{self, Entry};
use crate::i18n::Text;
use crate::model::account::Role;
use crate::source::display_path;

use super::Context;

/// What to do with the accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Action {
    /// Add a user (or replace one with --force)
    Add,
    /// List the users (never their passwords)
    List,
    /// Remove a user
    Remove,
    /// Set a user's password
    Passwd,
}

/// Manage the accounts that log in to plan serve
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan user add takahashi --display 高橋 --party tcci --role editor
  plan user add sato --display 佐藤 --party tmg --role admin --email sato@example.jp
  plan user list
  plan user passwd takahashi
  echo \"$PW\" | plan user add kato --display 加藤 --role viewer --password-stdin
  plan user remove takahashi

The accounts file is $XDG_CONFIG_HOME/plan/accounts.toml (beside the user
config), or the file --accounts or PLAN_ACCOUNTS names; it is written with
mode 0600 and refused inside the plan repository. Roles: viewer (reads),
editor (notes on their own parties' measures), admin (everything).")]
pub struct Args {
    /// add, list, remove or passwd
    #[arg(value_enum)]
    pub action: Action,

    /// The login name
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// The name notes are recorded under (add)
    #[arg(long, value_name = "NAME")]
    pub display: Option<String>,

    /// A party whose measures the user writes on (add; repeat for several)
    #[arg(long, value_name = "PARTY")]
    pub party: Vec<String>,

    /// The user's role (add)
    #[arg(long, value_enum)]
    pub role: Option<Role>,

    /// An e-mail address, for the commits of their notes (add)
    #[arg(long, value_name = "ADDRESS")]
    pub email: Option<String>,

    /// Read the password from the first line of standard input, not the terminal
    #[arg(long)]
    pub password_stdin: bool,

    /// Add without a password: the user logs in only through --auth-header
    #[arg(long, conflicts_with = "password_stdin")]
    pub no_password: bool,

    /// Replace a user that exists (add)
    #[arg(long)]
    pub force: bool,

    /// The accounts file [default: PLAN_ACCOUNTS, else accounts.toml beside the user config]
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let path = accounts_path(&args, ctx)?;
    let shown = display_path(&path).display().to_string();
    match args.action {
        Action::List => list(&path, ctx),
        Action::Add => {
            let name = name_of(&args)?;
            let display = args
                .display
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .ok_or_else(|| {
                    Error::usage(Text::new(
                        "plan user add needs --display NAME: the name notes are recorded under",
                        "plan user add には --display NAME（記録者として記録される名前）が必要です",
                    ))
                })?
                .to_string();
            let role = args.role.ok_or_else(|| {
                Error::usage(Text::new(
                    "plan user add needs --role viewer|editor|admin",
                    "plan user add には --role viewer|editor|admin が必要です",
                ))
            })?;
            let parties = parties_of(&args, ctx)?;
            if role == Role::Editor && parties.is_empty() {
                return Err(Error::usage(Text::new(
                    "an editor writes on their own parties' measures: give --party (tmg, tcci …)",
                    "編集者は自分の主体の取組に記録します。--party（tmg、tcci など）を指定してください",
                )));
            }
            let password = if args.no_password {
                String::new()
            } else {
                accounts::hash(&read_password(args.password_stdin, ctx)?)?
            };
            let entry = Entry {
                display,
                email: args.email.clone().filter(|e| !e.trim().is_empty()),
                party: parties,
                role: role.as_str().to_string(),
                password,
            };
            let force = args.force;
            accounts::update(&path, |all| {
                if all.users.contains_key(&name) && !force {
                    return Err(Error::usage(text!(
                        en: "user {name} already exists in {shown}: nothing was changed (--force replaces them, plan user passwd sets the password)",
                        ja: "ユーザー {name} は {shown} にすでにあります。何も変更していません（置き換えは --force、パスワードの変更は plan user passwd）",
                    )));
                }
                // Notes are attributed (and an editor's own notes found) by
                // display name: two users never share one.
                if let Some((other, _)) = all
                    .users
                    .iter()
                    .find(|(n, e)| **n != name && e.display == entry.display)
                {
                    let display = &entry.display;
                    return Err(Error::usage(text!(
                        en: "user {other} already records notes as {display}: choose another --display (nothing was changed)",
                        ja: "ユーザー {other} がすでに {display} として記録しています。別の --display を指定してください（何も変更していません）",
                    )));
                }
                all.users.insert(name.clone(), entry);
                Ok(())
            })?;
            let lang = ctx.lang();
            ctx.ui.println(&both(
                lang,
                format!("added {name} to {shown}"),
                format!("{name} を {shown} に追加しました"),
            ));
            Ok(())
        }
        Action::Remove => {
            let name = name_of(&args)?;
            accounts::update(&path, |all| match all.users.remove(&name) {
                Some(_) => Ok(()),
                None => Err(no_user(&name, &shown)),
            })?;
            let lang = ctx.lang();
            ctx.ui.println(&both(
                lang,
                format!("removed {name} from {shown}"),
                format!("{name} を {shown} から削除しました"),
            ));
            Ok(())
        }
        Action::Passwd => {
            let name = name_of(&args)?;
            if !accounts::load(&path, true)?.users.contains_key(&name) {
                return Err(no_user(&name, &shown));
            }
            let hash = accounts::hash(&read_password(args.password_stdin, ctx)?)?;
            accounts::update(&path, |all| match all.users.get_mut(&name) {
                Some(e) => {
                    e.password = hash;
                    Ok(())
                }
                None => Err(no_user(&name, &shown)),
            })?;
            let lang = ctx.lang();
            ctx.ui.println(&both(
                lang,
                format!("set the password of {name}"),
                format!("{name} のパスワードを設定しました"),
            ));
            Ok(())
        }
    }
}

/// The accounts file, refused inside the plan repository.
fn accounts_path(args: &Args, ctx: &Context) -> Result<PathBuf> {
    let path = ctx
        .settings
        .accounts(args.accounts.as_deref())
        .map(|s| s.value)
        .ok_or_else(|| {
            Error::usage(Text::new(
                "no config directory to keep the accounts in: name a file with --accounts FILE or PLAN_ACCOUNTS",
                "アカウントを置く設定ディレクトリがありません。--accounts FILE か PLAN_ACCOUNTS で指定してください",
            ))
        })?;
    if let Ok(plan_dir) = ctx.settings.plan_dir() {
        accounts::outside_repository(&path, &crate::files::evidence::repository_root(&plan_dir))?;
    }
    Ok(path)
}

fn name_of(args: &Args) -> Result<String> {
    let name = args.name.as_deref().map(str::trim).unwrap_or("");
    let fine = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if !fine {
        let shown = crate::text::escape_control(name).into_owned();
        return Err(Error::usage(text!(
            en: "a login NAME is needed, of letters, digits and . _ - @ (at most 64): `{shown}`",
            ja: "ログイン名 NAME が必要です（英数字と . _ - @、64 文字まで）: `{shown}`",
        )));
    }
    Ok(name.to_string())
}

/// The parties given as the plan's keys (any spelling: 都, 東商, TMG),
/// each checked against the plan when there is one.
fn parties_of(args: &Args, ctx: &mut Context) -> Result<Vec<String>> {
    let plan = match ctx.settings.plan_dir() {
        Ok(_) if !args.party.is_empty() => Some(ctx.load_plan()?),
        _ => None,
    };
    let mut out: Vec<String> = Vec::new();
    for p in &args.party {
        let key = match &plan {
            Some(plan) => match plan.find_party(p.trim()) {
                Some(key) => key.to_string(),
                None => {
                    let known = plan.party_keys().collect::<Vec<_>>().join(", ");
                    let shown = crate::text::escape_control(p).into_owned();
                    return Err(Error::usage(text!(
                        en: "unknown party `{shown}`: the plan's parties are {known}",
                        ja: "主体 `{shown}` は計画にありません。計画の主体: {known}",
                    )));
                }
            },
            None => p.trim().to_ascii_lowercase(),
        };
        if !out.contains(&key) {
            out.push(key);
        }
    }
    Ok(out)
}

fn no_user(name: &str, shown: &str) -> Error {
    Error::usage(text!(
        en: "no user {name} in {shown}: nothing was changed (plan user list shows them)",
        ja: "{shown} にユーザー {name} はいません。何も変更していません（plan user list で一覧）",
    ))
}

/// The least length of a password.
const MIN_PASSWORD: usize = 8;

/// A password from standard input's first line, or typed twice on the
/// terminal without echo.
fn read_password(from_stdin: bool, ctx: &Context) -> Result<String> {
    let lang = ctx.lang();
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Error::io(text!(en: "cannot read the password: {e}", ja: "パスワードを読めません: {e}"))
        })?;
        line.trim_end_matches(['\n', '\r']).to_string()
    } else {
        let ask = |prompt: &str| {
            rpassword::prompt_password(prompt).map_err(|e| {
                Error::usage(text!(
                    en: "cannot read a password from the terminal: {e}",
                    ja: "端末からパスワードを読めません: {e}",
                ))
                .help(Text::new(
                    "in a script, pipe it in with --password-stdin",
                    "スクリプトでは --password-stdin で標準入力から渡してください",
                ))
            })
        };
        let first = ask(lang.pick("Password: ", "パスワード: "))?;
        let again = ask(lang.pick("Again: ", "もう一度: "))?;
        if first != again {
            return Err(Error::usage(Text::new(
                "the two passwords differ: nothing was changed",
                "二つのパスワードが一致しません。何も変更していません",
            )));
        }
        first
    };
    if password.chars().count() < MIN_PASSWORD {
        return Err(Error::usage(text!(
            en: "the password is too short: at least {MIN_PASSWORD} characters; nothing was changed",
            ja: "パスワードが短すぎます（{MIN_PASSWORD} 文字以上）。何も変更していません",
        )));
    }
    Ok(password)
}

fn list(path: &std::path::Path, ctx: &mut Context) -> Result<()> {
    let all = accounts::load(path, true)?;
    for (name, e) in &all.users {
        let login = if e.password.is_empty() {
            ctx.lang().pick("no password", "パスワードなし")
        } else {
            ctx.lang().pick("password", "パスワードあり")
        };
        let line = format!(
            "{name}\t{}\t{}\t{}\t{}\t{login}",
            e.display,
            e.role,
            e.party.join(","),
            e.email.as_deref().unwrap_or("-"),
        );
        ctx.ui.println(&line);
    }
    Ok(())
}

/// A confirmation in the UI's language.
fn both(lang: crate::i18n::Lang, en: String, ja: String) -> String {
    match lang {
        crate::i18n::Lang::En => en,
        crate::i18n::Lang::Ja => ja,
    }
}
