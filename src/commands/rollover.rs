//! `plan rollover`: the start of a new fiscal year, as one command. The
//! current plan and its notes move to `archive/<year>/`, the new year's
//! document becomes `plan/` with no notes, and the new plan records which
//! of last year's measures each of its measures continues.

use std::path::{Path, PathBuf};

use crate::document::{layout, pdf, rollover};
use crate::error::{Error, Result};
use crate::files::lineage::{ARCHIVE_DIR, archive_target, parent_of};
use crate::files::load::load;
use crate::files::notes::Options;
use crate::files::rollover::{Journal, Resumed, Work, ensure_none_interrupted, resume};
use crate::i18n::Text;
use crate::model::progress::Tracker;
use crate::source::display_path;

use super::Context;

/// Start a new fiscal year: archive this year's plan and notes, import the next
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan rollover plan-fy{next}.pdf            needs pdftotext (poppler-utils)
  plan rollover plan-fy{next}.txt --carry    unfinished measures open with last year's status
  plan rollover --resume                   finish (or undo) an interrupted rollover

The current plan and its notes move to archive/<its year>/ beside plan/ (staged
with git when plan/ is in a git repository: commit them), and the document
becomes plan/ with an empty notes/. Each new measure records the measure of
last year it continues (`continues` in its section file; plan.toml's
[previous] lists those that ended), found as plan diff pairs them: check them
with `plan diff archive/<year> plan` and correct them by hand if needed.
All or nothing: a failure or a crash leaves the old plan or the new one in
place, never half, and no note is lost.")]
pub struct Args {
    /// The new fiscal year's plan document: its text, or the PDF itself
    #[arg(value_name = "DOCUMENT", required_unless_present = "resume")]
    pub document: Option<PathBuf>,

    /// Open each continued measure that was not done or dropped with a note carrying its status
    #[arg(long, conflicts_with = "resume")]
    pub carry: bool,

    /// Finish (or undo) a rollover that was interrupted
    #[arg(long)]
    pub resume: bool,

    /// Stop pdftotext after this many seconds (a PDF that never ends)
    #[arg(long, value_name = "SECONDS", default_value_t = pdf::DEFAULT_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// The name recorded on the notes --carry writes (default: the author setting)
    #[arg(long, value_name = "NAME", requires = "carry")]
    pub author: Option<String>,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan_dir = ctx.plan_dir()?;
    if args.resume {
        return report_resumed(resume(&plan_dir)?, ctx);
    }
    ensure_none_interrupted(&plan_dir)?;
    let Some(document) = &args.document else {
        return Err(Error::usage(Text::new(
            "name the new year's document",
            "新年度の文書を指定してください",
        )));
    };
    if std::fs::symlink_metadata(plan_dir.join(".git")).is_ok() {
        let shown = display_path(&plan_dir).display().to_string();
        return Err(Error::usage(text!(
            en: "`{shown}` is the root of a git repository: plan rollover moves the whole plan directory into archive/, so it must be a folder of its own (plan/) inside the repository; nothing was changed",
            ja: "`{shown}` は git リポジトリの最上位です。plan rollover は計画ディレクトリごと archive/ に移すため、リポジトリ内の専用フォルダ（plan/）である必要があります。何も変更していません",
        ))
        .help(Text::new(
            "move plan.toml, the section files and notes/ into a plan/ folder (git mv), then run plan rollover again",
            "plan.toml、節のファイル、notes/ を plan/ フォルダに移して（git mv）から、もう一度 plan rollover を実行してください",
        )));
    }
    let old = load(&plan_dir)?;
    let old_year = old.info.fiscal_year;
    let timeout = std::time::Duration::from_secs(args.timeout);
    let mut imported = ctx.read_document(document, timeout, &old, "rollover")?;
    let new_year = imported.info.fiscal_year;
    if new_year <= old_year {
        let shown = display_path(document).display().to_string();
        return Err(Error::usage(text!(
            en: "`{shown}` is the plan of FY{new_year}, not later than the current plan's FY{old_year}: nothing was changed",
            ja: "`{shown}` は {new_year} 年度の計画で、今の計画（{old_year} 年度）より後ではありません。何も変更していません",
        ))
        .help(Text::new(
            "give next year's document; to compare two plans use plan diff, to replace a plan without notes use plan import --force",
            "翌年度の文書を指定してください。計画の比較は plan diff、記録のない計画の置き換えは plan import --force です",
        )));
    }
    let archive = archive_target(&plan_dir, old_year);
    if archive.exists() {
        let shown = display_path(&archive).display().to_string();
        return Err(Error::usage(text!(
            en: "`{shown}` already exists: nothing was changed",
            ja: "`{shown}` が既にあります。何も変更していません",
        ))
        .help(Text::new(
            "that year's plan is archived there already; move the folder away if it is something else",
            "その年度の計画は既にアーカイブされています。別のものであればフォルダを移してください",
        )));
    }
    let linked = rollover::link(&old, &mut imported);
    let mut files = layout::files(&imported);
    // notes/ starts empty (or with the carried notes).
    let mut carried = 0;
    let notes_lines = if args.carry {
        let book = ctx.notebook(&old, Options::default())?;
        let tracker = Tracker::new(&old, book.events(&old), None);
        let author = ctx
            .settings
            .author(args.author.as_deref(), &plan_dir)?
            .value;
        let notes = rollover::carried_notes(&old, &tracker, &imported, &author, ctx.now());
        carried = notes.len();
        notes
            .iter()
            .map(|(section, note)| (*section, crate::files::noteline::write(note)))
            .collect()
    } else {
        Vec::new()
    };
    files.retain(|(name, _)| !name.starts_with("notes/"));
    let work = Work::begin(&plan_dir)?;
    let staged = (|| -> Result<()> {
        work.stage(&files)?;
        let notes_dir = work.staged().join(crate::files::store::NOTES_DIR);
        std::fs::create_dir_all(&notes_dir).map_err(|e| {
            Error::io_on(
                Text::new("cannot write", "に書き込めません"),
                &notes_dir,
                &e,
            )
        })?;
        if !notes_lines.is_empty() {
            crate::files::store::append(&work.staged(), &notes_lines)?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        drop(work);
        let _ = resume(&plan_dir);
        return Err(e);
    }
    let archive_rel = PathBuf::from(ARCHIVE_DIR).join(old_year.to_string());
    let journal = Journal {
        from_year: old_year,
        to_year: new_year,
        archive: archive_rel,
    };
    let archive = work.commit(&journal)?;
    stage_in_git(&plan_dir, &archive, ctx);

    let plan_shown = display_path(&plan_dir).display().to_string();
    let archive_shown = display_path(&archive).display().to_string();
    let continued = linked.same + linked.renumbered + linked.reworded;
    let (same, renumbered, reworded, new, ended) = (
        linked.same,
        linked.renumbered,
        linked.reworded,
        linked.new,
        linked.ended.len(),
    );
    ctx.ui.println(
        text!(
            en: "FY{old_year}'s plan and notes moved to {archive_shown}; FY{new_year}'s plan is in {plan_shown}.\nMeasures: {continued} continued ({same} same, {renumbered} renumbered, {reworded} reworded), {new} new, {ended} ended.",
            ja: "{old_year} 年度の計画と記録を {archive_shown} に移し、{new_year} 年度の計画を {plan_shown} に取り込みました。\n取組: 継続 {continued}（同じ {same}、番号変更 {renumbered}、文言変更 {reworded}）、新規 {new}、終了 {ended}。",
        )
        .get(ctx.lang()),
    );
    if args.carry {
        ctx.ui.println(
            text!(
                en: "Carried: {carried} unfinished measure(s) open with last year's status.",
                ja: "引き継ぎ: 未完了の取組 {carried} 件に前年度末の状況を記録しました。",
            )
            .get(ctx.lang()),
        );
    }
    ctx.ui.println(
        text!(
            en: "Check the pairing with `plan diff {archive_shown} {plan_shown}`; correct `continues` by hand where it is wrong.",
            ja: "対応づけは `plan diff {archive_shown} {plan_shown}` で確かめ、誤りは continues を手で直してください。",
        )
        .get(ctx.lang()),
    );
    Ok(())
}

fn report_resumed(resumed: Resumed, ctx: &mut Context) -> Result<()> {
    let message = match resumed {
        Resumed::Nothing => Text::new(
            "there is no interrupted rollover to resume",
            "再開する中断された rollover はありません",
        ),
        Resumed::Undone => Text::new(
            "the interrupted rollover had not begun to move anything: it was undone, and the plan is as it was",
            "中断された rollover はまだ何も移していなかったため取り消しました。計画は元のままです",
        ),
        Resumed::Finished { journal, archive } => {
            let (from, to) = (journal.from_year, journal.to_year);
            let shown = display_path(&archive).display().to_string();
            text!(
                en: "the interrupted rollover is finished: FY{from}'s plan is in {shown}, FY{to}'s in plan/",
                ja: "中断された rollover を完了しました: {from} 年度の計画は {shown}、{to} 年度の計画は plan/ にあります",
            )
        }
    };
    ctx.ui.println(message.get(ctx.lang()));
    Ok(())
}

/// Stages the move in git when the plan is in a git work tree, so the
/// commit records it as moves (as `git mv` would); says so, or why not.
fn stage_in_git(plan_dir: &Path, archive: &Path, ctx: &Context) {
    let parent = parent_of(plan_dir);
    let inside = std::process::Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(&parent)
        .stderr(std::process::Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"true"));
    if !inside {
        return;
    }
    let names = |p: &Path| {
        p.file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| p.to_path_buf())
    };
    let plan_name = names(plan_dir);
    let archive_rel = PathBuf::from(ARCHIVE_DIR).join(names(archive));
    let status = std::process::Command::new("git")
        .arg("add")
        .arg("-A")
        .arg("--")
        .arg(&plan_name)
        .arg(&archive_rel)
        .current_dir(&parent)
        .stdout(std::process::Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => ctx.ui.note(&Text::new(
            "the move is staged in git: review it with `git status` and commit it",
            "移動を git にステージしました。`git status` で確かめてコミットしてください",
        )),
        _ => ctx.ui.note(&Text::new(
            "the files moved, but `git add` failed: stage plan/ and archive/ yourself (git add -A plan archive)",
            "ファイルは移しましたが `git add` に失敗しました。plan/ と archive/ をご自身でステージしてください（git add -A plan archive）",
        )),
    }
}
