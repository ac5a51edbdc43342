//! `plan man`: the manual page, generated from the same definitions as
//! `--help`.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};

use super::Context;

/// Print the manual page (roff)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan man | man -l -                 read it now
  plan man > /usr/local/share/man/man1/plan.1
  plan man note                       the page of one subcommand (plan-note(1))")]
pub struct Args {
    /// A subcommand, for its own page (plan-note(1) …)
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let header = ctx.settings.plan_header.as_ref();
    let mut command = crate::cli::help::localize(Cli::command(), ctx.lang(), header);
    command.build();
    let page = match &args.subcommand {
        None => command,
        Some(name) => {
            let Some(sub) = command.find_subcommand(name) else {
                let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
                let list = names.join(", ");
                return Err(Error::usage(text!(
                    en: "no subcommand `{name}` (subcommands: {list})",
                    ja: "サブコマンド `{name}` はありません（サブコマンド: {list}）",
                )));
            };
            sub.clone().name(format!("plan-{name}"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(anyhow::Error::from)?;
    // clap_mangen files the after-help examples under EXTRA; man pages say EXAMPLES.
    let page = String::from_utf8_lossy(&out).replacen("\n.SH EXTRA\n", "\n.SH EXAMPLES\n", 1);
    ctx.ui.print(&page);
    Ok(())
}
