//! `plan sync`: commit the notes not yet committed, bring in the
//! upstream's commits (notes merge by union, never conflict), and push.

use crate::error::Result;
use crate::files::git::{Committer, Repo};

use super::Context;

/// Commit pending notes, pull (rebase) and push the plan repository
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Steps:
  1. the notes files with uncommitted changes are committed, in one commit
     (\"plan sync: N notes\", by the author and e-mail of the settings);
     nothing else is committed, whatever is staged
  2. git pull --rebase from the branch's upstream (notes files merge by union)
  3. git push

Exit codes: 0 synced; 2 not a git repository; 5 no upstream, the remote
cannot be reached, or the push was refused (the notes stay committed here);
6 a conflict in a file other than notes (the rebase was aborted, nothing changed).

Examples:
  plan sync
  plan sync --author 山田 --email yamada@example.jp")]
pub struct Args {
    /// Who the commit of pending notes is by [default: as plan note's --author]
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// The author's e-mail on that commit [default: PLAN_EMAIL, the user config, git config user.email]
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan_dir = ctx.plan_dir()?;
    let repo = Repo::at(&plan_dir)?;
    let who = Committer {
        name: ctx
            .settings
            .author(args.author.as_deref(), &plan_dir)?
            .value,
        email: ctx.settings.email(args.email.as_deref(), &plan_dir).value,
    };
    let synced = repo.sync(&plan_dir, &who)?;
    let lang = ctx.lang();
    let upstream = crate::text::escape_control(&synced.upstream).into_owned();
    if synced.committed > 0 || !synced.files.is_empty() {
        let n = synced.committed;
        let files = synced.files.len();
        let (notes, in_files) = (plural(n, "note"), plural(files, "notes file"));
        let line = text!(
            en: "Committed {notes} in {in_files}",
            ja: "{n} 件の記録をコミットしました（記録ファイル {files} 個）",
        );
        ctx.ui.println(line.get(lang));
    }
    let (pulled, pushed) = (synced.pulled, synced.pushed);
    let commits = plural(pulled, "commit");
    let line = match (pulled, pushed) {
        (0, 0) => text!(
            en: "Up to date with {upstream}",
            ja: "{upstream} と同じです",
        ),
        _ => text!(
            en: "Pulled {commits} from {upstream}, pushed {pushed}",
            ja: "{upstream} から {pulled} 件のコミットを取り込み、{pushed} 件をプッシュしました",
        ),
    };
    ctx.ui.println(line.get(lang));
    Ok(())
}

/// `1 note`, `2 notes`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
