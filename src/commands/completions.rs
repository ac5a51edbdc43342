//! `plan completions SHELL`: the shell code that completes subcommands,
//! flags, parties, statuses and the measure IDs of the current plan.

use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::error::Result;

use super::Context;

/// A shell to complete in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

/// Print shell completion code
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  source <(plan completions bash)                    in ~/.bashrc
  source <(plan completions zsh)                     in ~/.zshrc
  plan completions fish | source                     in ~/.config/fish/config.fish
  plan completions powershell | Out-String | Invoke-Expression

The code calls back into plan while you type, so `plan note 2.<TAB>` offers
the measure IDs of section 2 of the plan you are in (zsh and fish show each
with its text; bash shows the IDs alone).")]
pub struct Args {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let completer: &dyn EnvCompleter = match args.shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Powershell => &Powershell,
        Shell::Elvish => &Elvish,
    };
    // The binary the shell calls back: this one, so completion works even
    // when plan is not on PATH under that name.
    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_string))
        .unwrap_or_else(|| "plan".to_string());
    let mut buf = Vec::new();
    completer
        .write_registration("COMPLETE", "plan", "plan", &bin, &mut buf)
        .map_err(anyhow::Error::from)?;
    ctx.ui.print(&String::from_utf8_lossy(&buf));
    Ok(())
}
