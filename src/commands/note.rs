//! `plan note`: record what was done against one or several measures (or
//! sub-items), optionally changing their status; or correct an earlier
//! note (`--amend`, `--retract`), always by appending a line.

use std::io::Read;

use chrono::{DateTime, FixedOffset};

use crate::cli::{FormatArg, PartyArg};
use crate::error::{Error, Result};
use crate::files::evidence;
use crate::files::notes::{Notebook, Options};
use crate::files::{git, noteline, store};
use crate::i18n::Text;
use crate::model::filter::parse_status;
use crate::model::link;
use crate::model::note::{Correction, Note, NoteTime};
use crate::model::note_rules::{self, Action, Allow, DateProblem, Fresh, Refusal};
use crate::model::plan::Plan;
use crate::model::resolve::Resolved;
use crate::text::escape_control;
use crate::view::note::{NoteRow, ShownNote};
use crate::view::output::{self, Format};

use super::{Context, Kept};

/// Record a progress note against a measure
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan note 2.イ \"セミナー実施\"                      on 2.tmg.イ (the default party)
  plan note 2.tcci.イ \"東商新聞で告知\" --status active
  plan note 2.tmg.イ.3 \"体験型セミナー開催\" --status done
  plan note 4.ア \"認定企業 20 社\" --at {fy}-06-15 --author 山田
  plan note 1-6.tcci.ア \"メールマガジン6月号で周知\"     one note on each of six measures
  plan note 1.tcci.ア,3.tcci.ア \"東商新聞に掲載\" --link https://www.tokyo-cci.or.jp/…
  plan note 1.ア --status 実施済                      a status change needs no text
  plan note --amend 3fa91c2e \"セミナー実施（2回）\"     correct a note (its short key from plan log)
  plan note --amend 3fa91c2e --move-to 2.tcci.カ       move a note recorded on the wrong measure
  plan note --retract 3fa91c2e --reason \"別の取組の記録\"
  git log -1 --format=%B | plan note 2.イ -           the text from standard input
  plan note 2.イ -- \"-5% の削減\"                    a text that starts with -
  plan note 2.イ \"セミナー実施\" --commit            and commit it to git (by its author)")]
pub struct Args {
    /// The measure or sub-item (2.イ, 2.tcci.イ, 2.tmg.イ.3); several with
    /// commas (1.tcci.ア,2.tcci.ア) or a range of sections (1-6.tcci.ア)
    #[arg(value_name = "ID", add = crate::cli::complete::ids())]
    pub id: Option<String>,

    /// What was done, in quotes; `-` reads it from standard input (for several lines)
    #[arg(value_name = "TEXT", num_args = 0..)]
    pub text: Vec<String>,

    /// Set the status: planned, active, done, blocked, dropped (or 未着手, 実施中, 実施済, 保留, 中止 …)
    #[arg(long, short, value_name = "STATUS", add = crate::cli::complete::statuses())]
    pub status: Option<String>,

    /// When it happened: {fy}-06-15, {fy}-06-15T10:00, {era}6月15日, {r}.6.15, today [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,

    /// Who records it [default: PLAN_AUTHOR, the user config, [settings] author, git config user.name, the login name]
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// The author's e-mail on the commit [default: PLAN_EMAIL, the user config, git config user.email]
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,

    /// Commit the note to git (only the notes files it touched) [default: PLAN_COMMIT, the user config, [settings] commit]
    #[arg(long, overrides_with = "no_commit")]
    pub commit: bool,

    /// Do not commit, whatever the settings say
    #[arg(long, overrides_with = "commit")]
    pub no_commit: bool,

    /// Evidence: an http(s) URL or a path inside the repository; repeatable
    #[arg(long, value_name = "URL|PATH")]
    pub link: Vec<String>,

    /// Correct the note with this key (or a unique part of it): record a
    /// new version of it, keeping what is not given anew
    #[arg(long, value_name = "KEY", conflicts_with = "retract")]
    pub amend: Option<String>,

    /// With --amend: move the note to this measure or sub-item (its text,
    /// date, status and links go with it unless given anew)
    #[arg(long, value_name = "ID", requires = "amend", add = crate::cli::complete::ids())]
    pub move_to: Option<String>,

    /// Withdraw the note with this key (or a unique part of it)
    #[arg(long, value_name = "KEY")]
    pub retract: Option<String>,

    /// Correct a version that a newer one has replaced: --amend starts
    /// from that version (a new version of the one in force); --retract
    /// withdraws the whole note
    #[arg(long)]
    pub allow_superseded: bool,

    /// Why the note is withdrawn (with --retract)
    #[arg(long, value_name = "TEXT", requires = "retract")]
    pub reason: Option<String>,

    /// Accept a time in the future (a planned event; it counts from its date)
    #[arg(long)]
    pub allow_future: bool,

    /// Accept an --at outside the plan's fiscal year, and a note equal to
    /// one in force (same measure, day, text and status)
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub party: PartyArg,

    // --format json prints the recorded note (an array for several).
    #[command(flatten)]
    pub format: FormatArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    // A plain note needs only its sections; a correction searches every file.
    let plan = match (&args.amend, &args.retract, &args.id) {
        (None, None, Some(ids)) => ctx.load_plan_for(&[ids])?,
        _ => ctx.load_plan()?,
    };
    // Everything is checked before anything is written.
    let now = ctx.now();
    let recorded = NoteTime::At(now);
    let author = ctx
        .settings
        .author(args.author.as_deref(), &plan.dir)?
        .value;
    let status = args.status.as_deref().map(parse_status).transpose()?;
    let at = args
        .at
        .as_deref()
        .map(|input| when(ctx, &plan, input, now, &args))
        .transpose()?;
    let links = check_links(&args.link, &plan.dir)?;
    let flag = match (args.commit, args.no_commit) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    // In a repository, or refused before anything is written.
    let repo = if ctx.settings.commit(flag).value {
        let repo = git::Repo::at(&plan.dir)?;
        let email = ctx.settings.email(args.email.as_deref(), &plan.dir).value;
        Some((
            repo,
            git::Committer {
                name: author.clone(),
                email,
            },
        ))
    } else {
        None
    };
    let key = Note::new_key(&now);
    let fresh = |key: String, text: String| Fresh {
        key,
        author: author.clone(),
        at,
        status,
        text,
        links: links.clone(),
    };
    let notes = if let Some(wanted) = &args.amend {
        refuse_id_beside_correction(&args, wanted, Action::Amend)?;
        let (book, index) = find_note(ctx, &plan, wanted)?;
        let old = book.note(&plan, index).ok_or_else(|| gone(wanted))?;
        refuse_if_uncorrectable(&book, index, Action::Amend, args.allow_superseded)?;
        let newest = note_rules::in_force_version(book.states.get(index).copied(), index);
        let in_force = book.note(&plan, newest).ok_or_else(|| gone(wanted))?;
        let text = note_text(&args, &words(&args))?;
        match &args.move_to {
            None => vec![note_rules::amendment_of(
                &in_force.key,
                &old,
                fresh(key, text),
            )],
            Some(to) => {
                let to = ctx.resolve(&plan, to, args.party.party.as_deref())?;
                if to.id == in_force.id {
                    let id = &to.id;
                    return Err(Error::usage(text!(
                        en: "note {wanted} is already on {id}: nothing to move",
                        ja: "記録 {wanted} はすでに {id} の記録です（移動する必要はありません）",
                    )));
                }
                let withdrawal = fresh(Note::new_key(&now), String::new());
                note_rules::moved(
                    &in_force,
                    &old,
                    to.id,
                    fresh(key, text),
                    withdrawal,
                    recorded,
                )
                .into()
            }
        }
    } else if let Some(wanted) = &args.retract {
        refuse_id_beside_correction(&args, wanted, Action::Retract)?;
        let (book, index) = find_note(ctx, &plan, wanted)?;
        refuse_if_uncorrectable(&book, index, Action::Retract, args.allow_superseded)?;
        let old = book.note(&plan, index).ok_or_else(|| gone(wanted))?;
        let reason = match (&args.reason, words(&args).as_slice()) {
            (Some(r), _) => r.clone(),
            (None, []) => String::new(),
            (None, words) => note_text(&args, words)?,
        };
        vec![note_rules::retraction(&old, fresh(key, reason), recorded)]
    } else {
        let Some(ids) = &args.id else {
            return Err(Error::usage(Text::new(
                "which measure? give its ID: plan note 2.イ \"セミナー実施\"",
                "どの取組ですか？ ID を指定してください: plan note 2.イ \"セミナー実施\"",
            )));
        };
        let targets = resolve_all(ctx, &plan, ids, args.party.party.as_deref())?;
        let text = note_text(&args, &args.text)?;
        refuse_id_as_text(&text, &args)?;
        if !note_rules::says_something(&text, status) {
            return Err(Error::usage(Text::new(
                "nothing to record: give the note a text, or a status with --status",
                "記録する内容がありません: テキストを書くか、--status で状況を指定してください",
            ))
            .help(Text::new(
                "plan note 2.イ \"セミナー実施\"  or  plan note 2.イ --status done",
                "plan note 2.イ \"セミナー実施\"  または  plan note 2.イ --status done",
            )));
        }
        if at.is_none() {
            warn_outside_year(ctx, &plan, recorded);
        }
        let notes: Vec<Note> = targets
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                // One key per note, each unique.
                let key = if i == 0 {
                    key.clone()
                } else {
                    Note::new_key(&now)
                };
                note_rules::note(r.id, fresh(key, text.clone()), recorded)
            })
            .collect();
        if !args.force {
            refuse_repeats(ctx, &plan, &notes)?;
        }
        notes
    };
    let lines: Vec<(u32, String)> = notes
        .iter()
        .map(|n| (n.id.section, noteline::write(n)))
        .collect();
    match repo {
        None => {
            store::append(&plan.dir, &lines)?;
        }
        Some((repo, who)) => {
            // Appended and committed under the repository's lock: the
            // commit holds these notes and no other writer's.
            let _lock = repo.lock()?;
            let files = store::append(&plan.dir, &lines)?;
            let committed = repo.commit(&files, &who, &git::message(&notes));
            report(ctx, &plan, &notes, args.format.format)?;
            return committed;
        }
    }
    report(ctx, &plan, &notes, args.format.format)
}

/// What the command prints once the notes are written.
fn report(ctx: &mut Context, plan: &Plan, notes: &[Note], format: Format) -> Result<()> {
    let zone = ctx.zone();
    if format == Format::Json {
        let rows: Vec<NoteRow> = notes
            .iter()
            .map(|n| {
                NoteRow::new(&ShownNote {
                    at: n.at.start(zone),
                    note: n.clone(),
                    state: crate::model::corrections::State::Current,
                    superseded_by: None,
                    retracted_by: None,
                })
            })
            .collect();
        let out = match rows.as_slice() {
            [one] => output::json(one)?,
            _ => output::json(&rows)?,
        };
        ctx.ui.print(&out);
        return Ok(());
    }
    let lang = ctx.lang();
    // A move is a withdrawal on the old measure and the note on the new.
    let moved = matches!(
        notes,
        [
            Note {
                correction: Some(Correction::Retracts(_)),
                ..
            },
            Note {
                correction: None,
                ..
            }
        ]
    );
    for note in notes {
        let id = &note.id;
        let Some(m) = plan.measure(id) else { continue };
        let party = plan.party(m.party).map_or("", |p| p.name.as_str());
        let what = match id.item {
            Some(n) => format!(
                "・{}",
                m.measure.items.get(n - 1).map_or("", String::as_str)
            ),
            None => m.measure.text.clone(),
        };
        let what = escape_control(&what).into_owned();
        let short = Note::short_key(&note.key);
        let line = match &note.correction {
            Some(Correction::Amends(old)) => {
                let old = Note::short_key(old);
                text!(
                    en: "Corrected note {old} on {id} ({party}): the new version is {short}",
                    ja: "{id}（{party}）の記録 {old} を訂正しました（新しい版: {short}）",
                )
            }
            Some(Correction::Retracts(old)) => {
                let old = Note::short_key(old);
                text!(
                    en: "Withdrew note {old} on {id} ({party})",
                    ja: "{id}（{party}）の記録 {old} を取り消しました",
                )
            }
            None if moved => text!(
                en: "Moved the note to {id} ({party}): {what}  [{short}]",
                ja: "記録を {id}（{party}）へ移動しました: {what}  [{short}]",
            ),
            None => text!(
                en: "Recorded against {id} ({party}): {what}  [{short}]",
                ja: "{id}（{party}）に記録しました: {what}  [{short}]",
            ),
        };
        ctx.ui.println(line.get(lang));
        if let Some(status) = note.status
            && !matches!(note.correction, Some(Correction::Retracts(_)))
        {
            let label = status.label(lang);
            let when = match note.at {
                NoteTime::Day(d) => ctx.ui.date(d),
                NoteTime::At(t) => ctx.ui.datetime(&zone.fix(t)),
            };
            let line =
                text!(en: "Status: {label} (as of {when})", ja: "状況: {label}（{when} 時点）");
            ctx.ui.println(line.get(lang));
        }
    }
    Ok(())
}

/// The words given after the options: with --amend or --retract there is
/// no ID, so the first word is text.
fn words(args: &Args) -> Vec<String> {
    args.id.iter().chain(&args.text).cloned().collect()
}

/// The note's text: one argument (or `-` for standard input). Several
/// words are almost always a text that was not quoted.
fn note_text(args: &Args, words: &[String]) -> Result<String> {
    let text = match words {
        [] => String::new(),
        [one] if one == "-" => read_stdin()?,
        [one] => one.clone(),
        [first, ..] => {
            // Options typed after the text (after a `--`, clap takes them
            // as text too) go before it in the suggestion, and a text that
            // starts with `-` after a `--`: `plan note ID --at … -- "-10% …"`.
            let (text, options) = split_options(words);
            let joined = text.join(" ");
            let id = args
                .id
                .as_deref()
                .filter(|_| args.amend.is_none() && args.retract.is_none());
            let mut example = format!("plan note {}", id.unwrap_or("…"));
            for option in &options {
                example.push(' ');
                example.push_str(&shell_word(option));
            }
            if joined.starts_with('-') {
                example.push_str(" --");
            }
            example.push_str(&format!(" \"{joined}\""));
            let example = escape_control(&example).into_owned();
            let first = escape_control(first).into_owned();
            let message = match (text.len(), options.first()) {
                (1, Some(option)) => {
                    let option = escape_control(option.split('=').next().unwrap_or(option));
                    text!(
                        en: "`{option}` comes after `--`, so it would be part of the note's text: put the options before `--`",
                        ja: "`{option}` が `--` の後にあるため、記録のテキストの一部になってしまいます。オプションは `--` の前に置いてください",
                    )
                }
                _ => text!(
                    en: "the note's text is several words (`{first}` …): put it in quotes",
                    ja: "記録のテキストが複数の語に分かれています（`{first}` …）。引用符で囲んでください",
                ),
            };
            return Err(Error::usage(message).help(text!(en: "{example}", ja: "{example}")));
        }
    };
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// The words of `plan note`'s options among `words` (a flag and, when it
/// takes one, its value), apart from the rest.
fn split_options(words: &[String]) -> (Vec<String>, Vec<String>) {
    let command = <Args as clap::Args>::augment_args(clap::Command::new("note"));
    let flag = |word: &str| {
        command.get_arguments().find(|a| {
            let name = word.split_once('=').map_or(word, |(n, _)| n);
            match name.strip_prefix("--") {
                Some(long) => a.get_long() == Some(long),
                None => {
                    let mut chars = name.chars();
                    chars.next() == Some('-')
                        && chars.next().is_some_and(|c| a.get_short() == Some(c))
                        && chars.next().is_none()
                }
            }
        })
    };
    let (mut text, mut options) = (Vec::new(), Vec::new());
    let mut rest = words.iter();
    // The first word is text, whatever it looks like.
    text.extend(rest.next().cloned());
    while let Some(word) = rest.next() {
        match flag(word) {
            Some(arg) => {
                options.push(word.clone());
                if arg.get_action().takes_values() && !word.contains('=') {
                    options.extend(rest.next().cloned());
                }
            }
            None => text.push(word.clone()),
        }
    }
    (text, options)
}

/// A word as a shell reads it back: quoted when it holds anything the
/// shell would split or expand.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| !c.is_whitespace() && !"\"'`$\\|&;<>()*?[]{}!#~".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A text that is itself a measure ID is most likely a second ID typed
/// with a space: refused, unless it came after `--`.
fn refuse_id_as_text(text: &str, args: &Args) -> Result<()> {
    let after_dashes = std::env::args().any(|a| a == "--");
    if after_dashes || text.trim().is_empty() || !text.contains('.') {
        return Ok(());
    }
    if !crate::model::id::looks_like_id(text.trim()) {
        return Ok(());
    }
    let id = args.id.as_deref().unwrap_or("");
    let shown = escape_control(text).into_owned();
    Err(Error::usage(text!(
        en: "the text `{shown}` is a measure ID: to record one note on several measures, join the IDs with a comma",
        ja: "テキスト `{shown}` は取組 ID です。複数の取組に同じ記録をするには ID をカンマでつないでください",
    ))
    .help(text!(
        en: "plan note {id},{shown} \"TEXT\"  — or, to record that text, plan note {id} -- \"{shown}\"",
        ja: "plan note {id},{shown} \"テキスト\"  — そのテキストを記録するなら plan note {id} -- \"{shown}\"",
    )))
}

/// Every ID of `1.tcci.ア,2.tcci.ア` or `1-6.tcci.ア`, resolved; one that
/// resolves to nothing fails them all.
fn resolve_all<'p>(
    ctx: &Context,
    plan: &'p Plan,
    input: &str,
    party: Option<&str>,
) -> Result<Vec<Resolved<'p>>> {
    let mut out: Vec<Resolved> = Vec::new();
    for part in input
        .split([',', '、', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        for id in expand_range(part) {
            let r = ctx.resolve(plan, &id, party)?;
            if !out.iter().any(|o| o.id == r.id) {
                out.push(r);
            }
        }
    }
    if out.is_empty() {
        return Err(Error::usage(Text::new(
            "no measure ID given",
            "取組 ID がありません",
        )));
    }
    Ok(out)
}

/// `1-6.tcci.ア` → `1.tcci.ア` … `6.tcci.ア`; anything else as it is.
fn expand_range(part: &str) -> Vec<String> {
    let folded = crate::text::fold(part);
    let Some((sections, rest)) = folded.split_once('.') else {
        return vec![part.to_string()];
    };
    let Some((from, to)) = sections.split_once(['-', '~', '〜']) else {
        return vec![part.to_string()];
    };
    match (from.trim().parse::<u32>(), to.trim().parse::<u32>()) {
        // A plan has no more than a few dozen sections; a wild range is an ID error.
        (Ok(a), Ok(b)) if a <= b && b - a < 1000 => {
            (a..=b).map(|n| format!("{n}.{rest}")).collect()
        }
        _ => vec![part.to_string()],
    }
}

/// `--at`, with the date rules: not in the future (beyond clock skew)
/// without --allow-future, not outside the fiscal year without --force.
fn when(
    ctx: &Context,
    plan: &Plan,
    input: &str,
    now: DateTime<FixedOffset>,
    args: &Args,
) -> Result<NoteTime> {
    let allow = Allow {
        future: args.allow_future,
        outside_year: args.force,
    };
    let shown = escape_control(input).into_owned();
    note_rules::moment(&plan.info, ctx.zone(), input, now, allow).map_err(|problem| match problem {
        DateProblem::Unreadable(why) => {
            let (en, ja) = (why.en, why.ja);
            Error::usage(text!(en: "--at: {en}", ja: "--at: {ja}"))
        }
        DateProblem::Future => Error::usage(text!(
            en: "--at {shown} is in the future: a note records what was done",
            ja: "--at {shown} は未来です。記録は実施したことを書くものです",
        ))
        .help(Text::new(
            "check the date (a typo?); for a planned event add --allow-future (it will count from its date)",
            "日付を確認してください（入力誤り？）。予定の記録なら --allow-future を付けます（その日から数えます）",
        )),
        DateProblem::OutsideYear {
            fiscal_year: fy,
            start,
            end,
            ..
        } => Error::usage(text!(
            en: "--at {shown} is outside the plan's fiscal year {fy} ({start} … {end})",
            ja: "--at {shown} は計画の {fy} 年度（{start}〜{end}）の外です",
        ))
        .help(Text::new(
            "check the year (a typo?); if the date is right, add --force",
            "年を確認してください（入力誤り？）。正しい日付なら --force を付けてください",
        )),
    })
}

/// A note dated now that lies after the fiscal year (late reporting) is
/// recorded, with a word.
fn warn_outside_year(ctx: &Context, plan: &Plan, at: NoteTime) {
    if let Some(DateProblem::OutsideYear {
        day,
        fiscal_year: fy,
        start,
        end,
    }) = note_rules::outside_year(&plan.info, ctx.zone(), at)
    {
        ctx.ui.note(&text!(
            en: "today ({day}) is outside the plan's fiscal year {fy} ({start} … {end}); the note is recorded with today's date (use --at for the day the work was done)",
            ja: "今日（{day}）は計画の {fy} 年度（{start}〜{end}）の外です。今日の日付で記録します（実施日は --at で指定できます）",
        ));
    }
}

/// The links as the notes store them: URLs as given, paths read from the
/// current directory, checked to name a file inside the repository, and
/// written relative to its root. A host name without `https://` is
/// refused with the URL it probably means.
fn check_links(links: &[String], plan_dir: &std::path::Path) -> Result<Vec<String>> {
    let root = evidence::repository_root(plan_dir);
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
    let refuse = |l: &str, why: Text, help: Text| {
        let shown = escape_control(l).into_owned();
        let (en, ja) = (why.en, why.ja);
        Error::usage(text!(en: "--link {shown}: {en}", ja: "--link {shown}: {ja}")).help(help)
    };
    let general = || {
        Text::new(
            "give an absolute http(s):// URL, or the path of a file inside the repository (docs/report.pdf, read from the current directory)",
            "http(s):// で始まる URL か、リポジトリ内のファイルのパス（docs/report.pdf。現在のディレクトリから読みます）を指定してください",
        )
    };
    let mut stored = Vec::with_capacity(links.len());
    for l in links {
        let l = l.as_str();
        if link::has_scheme(l) || l.trim() != l || l.is_empty() {
            link::check(l).map_err(|why| refuse(l, why, general()))?;
            stored.push(l.to_string());
            continue;
        }
        let exists = cwd.join(l).exists();
        if !exists && link::looks_like_host(l) {
            let shown = escape_control(l).into_owned();
            return Err(refuse(
                l,
                Text::new(
                    "this is a web address, not a file",
                    "これはファイルではなく Web アドレスです",
                ),
                text!(
                    en: "give it with its scheme: --link https://{shown}",
                    ja: "スキームを付けて指定してください: --link https://{shown}",
                ),
            ));
        }
        let path =
            evidence::stored_path(l, &cwd, &root).map_err(|why| refuse(l, why, general()))?;
        link::check(&path).map_err(|why| refuse(l, why, general()))?;
        stored.push(path);
    }
    Ok(stored)
}

/// The note a key (or a unique part of it) names, with the notebook it is in.
fn find_note(ctx: &Context, plan: &Plan, wanted: &str) -> Result<(Notebook, usize)> {
    let options = Options {
        keep_text: true,
        ..Options::default()
    };
    let book = ctx.notebook(plan, options)?;
    let needle = wanted.trim().to_lowercase();
    let exact: Vec<usize> = (0..book.entries.len())
        .filter(|&i| book.key(i) == wanted.trim())
        .collect();
    let matches = if exact.is_empty() {
        (0..book.entries.len())
            .filter(|&i| !needle.is_empty() && book.key(i).to_lowercase().contains(&needle))
            .collect()
    } else {
        exact
    };
    let shown = escape_control(wanted).into_owned();
    match matches.as_slice() {
        [one] => Ok((Kept::into_inner(book), *one)),
        [] => Err(Error::usage(text!(
            en: "no note has the key `{shown}`",
            ja: "キー `{shown}` の記録はありません",
        ))
        .help(Text::new(
            "`plan log --all` shows every note with its key (the Key column is enough)",
            "`plan log --all` ですべての記録とキーを表示できます（キー列の値で足ります）",
        ))),
        many => {
            let list: Vec<String> = many
                .iter()
                .take(10)
                .filter_map(|&i| {
                    let n = book.note(plan, i)?;
                    let text = crate::text::truncate(&n.text, 30);
                    Some(format!("  {} {} {}", n.key, n.id, escape_control(&text)))
                })
                .collect();
            let list = list.join("\n");
            let count = many.len();
            Err(Error::usage(text!(
                en: "`{shown}` matches {count} notes:\n{list}",
                ja: "`{shown}` に一致する記録が {count} 件あります:\n{list}",
            ))
            .help(Text::new(
                "give more of the key, so that it names one note",
                "記録が 1 件に決まるよう、キーをもう少し長く指定してください",
            )))
        }
    }
}

/// An ID-looking word beside --amend or --retract (`plan note --amend KEY
/// 2.tcci.カ`, the natural way to try moving a note) would become the
/// note's text or reason: refused, with the command that does it.
fn refuse_id_beside_correction(args: &Args, wanted: &str, action: Action) -> Result<()> {
    let after_dashes = std::env::args().any(|a| a == "--");
    if after_dashes {
        return Ok(());
    }
    let Some(id) = words(args)
        .into_iter()
        .find(|w| w.contains('.') && crate::model::id::looks_like_id(w.trim()))
    else {
        return Ok(());
    };
    let id = escape_control(&id).into_owned();
    let key = escape_control(wanted).into_owned();
    let (flag, what_en, what_ja) = match action {
        Action::Amend => ("--amend", "text", "テキスト"),
        Action::Retract => ("--retract", "reason", "理由"),
    };
    Err(Error::usage(text!(
        en: "`{id}` is a measure ID, not the note's {what_en}: a correction ({flag}) names no measure",
        ja: "`{id}` は取組 ID で、記録の{what_ja}ではありません（{flag} の訂正には取組を指定しません）",
    ))
    .help(text!(
        en: "to move the note to {id}: plan note --amend {key} --move-to {id}  — or, to record that {what_en}, plan note {flag} {key} -- \"{id}\"",
        ja: "記録を {id} へ移すには: plan note --amend {key} --move-to {id}  — その{what_ja}を記録するなら plan note {flag} {key} -- \"{id}\"",
    )))
}

/// A note equal to one in force (same measure, day, text and status) is
/// refused without --force: a double-clicked form, a script run again.
fn refuse_repeats(ctx: &Context, plan: &Plan, notes: &[Note]) -> Result<()> {
    let mut sections: Vec<u32> = notes.iter().map(|n| n.id.section).collect();
    sections.sort_unstable();
    sections.dedup();
    for section in sections {
        let options = Options {
            section: Some(section),
            keep_text: true,
            ..Options::default()
        };
        // A notes file that cannot be read is the store's to refuse (it
        // says why, exit 2): the repeat check only reads what it can.
        let book = Notebook::read(plan, ctx.zone(), ctx.now(), options);
        if !book.unreadable.is_empty() {
            continue;
        }
        for note in notes.iter().filter(|n| n.id.section == section) {
            if let Some(i) = book.repeated_by(plan, ctx.zone(), note) {
                let key = book.key(i).to_string();
                let id = &note.id;
                return Err(Error::usage(text!(
                    en: "{id} already has this note in force: {key} (same day, text and status); nothing was recorded",
                    ja: "{id} には同じ記録がすでにあります: {key}（日・テキスト・状況が同じ）。記録していません",
                ))
                .help(Text::new(
                    "to record it again on purpose (it is counted twice), add --force; to change the note, plan note --amend KEY",
                    "意図して二度記録するなら --force を付けます（二重に数えられます）。内容を直すなら plan note --amend KEY",
                )));
            }
        }
    }
    Ok(())
}

/// A withdrawn note or a retraction cannot be amended or retracted again;
/// a version that a newer one replaced only with --allow-superseded.
fn refuse_if_uncorrectable(
    book: &Notebook,
    index: usize,
    action: Action,
    superseded_ok: bool,
) -> Result<()> {
    let key = |i: usize| book.key(i).to_string();
    let short = Note::short_key(book.key(index)).to_string();
    let flag = match action {
        Action::Amend => "--amend",
        Action::Retract => "--retract",
    };
    match note_rules::correctable(book.states.get(index).copied(), action, superseded_ok) {
        Err(Refusal::Superseded { by }) => {
            let newest = key(by);
            let newest_short = Note::short_key(&newest).to_string();
            Err(Error::usage(text!(
                en: "note {short} is not the newest version of its note: {newest} is in force; nothing was recorded",
                ja: "記録 {short} は最新の版ではありません。有効なのは {newest} です。記録していません",
            ))
            .help(text!(
                en: "correct the version in force: plan note {flag} {newest_short} …  — to start from {short} anyway, add --allow-superseded",
                ja: "有効な版を訂正してください: plan note {flag} {newest_short} …  — それでも {short} から訂正するなら --allow-superseded を付けます",
            )))
        }
        Err(Refusal::Withdrawn { by }) => {
            let by = Note::short_key(&key(by)).to_string();
            Err(Error::usage(text!(
                en: "note {short} was withdrawn by {by}: there is nothing to {flag}",
                ja: "記録 {short} は {by} で取り消し済みです（{flag} の対象がありません）",
            ))
            .help(text!(
                en: "to bring it back, retract the retraction: plan note --retract {by}",
                ja: "戻すには取り消しを取り消してください: plan note --retract {by}",
            )))
        }
        Err(Refusal::AmendsRetraction) => Err(Error::usage(text!(
            en: "{short} is a retraction, which has nothing to amend",
            ja: "{short} は取り消しの記録です（訂正する内容がありません）",
        ))
        .help(text!(
            en: "to undo it, retract it: plan note --retract {short}",
            ja: "取り消しをやめるには、それを取り消してください: plan note --retract {short}",
        ))),
        Ok(()) => Ok(()),
    }
}

fn gone(wanted: &str) -> Error {
    let shown = escape_control(wanted).into_owned();
    Error::usage(text!(
        en: "the note `{shown}` cannot be read back (run plan check)",
        ja: "記録 `{shown}` を読み直せません（plan check を実行してください）",
    ))
}

fn read_stdin() -> Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| {
        Error::io(text!(
            en: "cannot read the note from standard input: {e}",
            ja: "標準入力から記録を読めません: {e}",
        ))
    })?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_range_expands_to_one_id_per_section() {
        assert_eq!(
            expand_range("1-3.tcci.ア"),
            vec!["1.tcci.ア", "2.tcci.ア", "3.tcci.ア"]
        );
        assert_eq!(expand_range("２〜３．ア"), vec!["2.ア", "3.ア"]);
        assert_eq!(expand_range("2.tcci.ア"), vec!["2.tcci.ア"]);
        assert_eq!(expand_range("1-4294967295.ア"), vec!["1-4294967295.ア"]);
        assert_eq!(expand_range("3-1.ア"), vec!["3-1.ア"]);
    }
}
