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
    // The program the shell calls back: the name it was run by when that
    // is a bare name found on PATH (`source <(plan completions bash)`), so
    // the script keeps working when the binary moves or is upgraded; only
    // when run by a path (`./target/debug/plan completions bash`) is that
    // path, made absolute, written in.
    let bin = callback(std::env::args_os().next());
    let mut buf = Vec::new();
    completer
        .write_registration("COMPLETE", "plan", "plan", &bin, &mut buf)
        .map_err(anyhow::Error::from)?;
    ctx.ui.print(&String::from_utf8_lossy(&buf));
    Ok(())
}

/// What the completion script runs: `argv0` when it is a bare name, else
/// its absolute path.
fn callback(argv0: Option<std::ffi::OsString>) -> String {
    let Some(argv0) = argv0 else {
        return "plan".to_string();
    };
    let path = std::path::PathBuf::from(&argv0);
    if path.components().count() <= 1 {
        return argv0.to_string_lossy().into_owned();
    }
    std::path::absolute(&path)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}
