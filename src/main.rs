//! The `plan` binary: parse the command line, resolve the settings once,
//! run the command, print any error, exit with a documented code (see
//! `plan::error::exit`).

use std::io::Write;

use clap::{CommandFactory, FromArgMatches};

use plan::cli::{Cli, early_flags};
use plan::commands::{self, Context};
use plan::error::exit;
use plan::i18n::Lang;
use plan::settings::Settings;

fn main() {
    plan::error::report_panics();
    // A test hook (like git's GIT_TEST_*): proves a bug exits 4 with an
    // honest message. `after-command`: once the command has run (and maybe
    // written); `request`: in a page of plan serve (see web::app); any
    // other value: at once.
    let test_panic = std::env::var("PLAN_TEST_PANIC").ok();
    if test_panic
        .as_deref()
        .is_some_and(|v| v != "request" && v != "after-command")
    {
        panic!("PLAN_TEST_PANIC is set");
    }
    // Shell completion: `COMPLETE=bash plan …` answers and exits here.
    // (Its descriptions are the English help, with the examples' years filled in.)
    clap_complete::CompleteEnv::with_factory(|| {
        plan::cli::help::localize(Cli::command(), Lang::En, None)
    })
    .complete();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let early = early_flags(&args);
    let mut settings = Settings::resolve(&early);
    let cli = parse(&args, &settings);
    let flags = cli.global.flags();
    if flags != early {
        settings = Settings::resolve(&flags);
    }
    let mut ctx = Context::new(settings);
    let result = commands::run(cli.command, &mut ctx);
    if test_panic.as_deref() == Some("after-command") {
        panic!("PLAN_TEST_PANIC=after-command");
    }
    // Whatever the command printed goes out, even when it then failed.
    if let Err(e) = ctx.ui.finish()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(std::io::stderr(), "plan: cannot write output: {e}");
        std::process::exit(exit::USAGE);
    }
    let code = match result {
        Ok(()) => exit::OK,
        Err(error) => {
            ctx.ui.error(&error);
            error.exit_code()
        }
    };
    std::process::exit(code);
}

/// Parses the command line with help and errors in the UI language,
/// describing the plan at hand.
fn parse(args: &[std::ffi::OsString], settings: &Settings) -> Cli {
    // A command line that parses needs no help text: try the plain
    // definitions first, and build the localized ones (every about, help
    // and example, in the UI language, with the plan's years) only to show
    // help or an error. Both accept exactly the same arguments.
    // The definitions are not dropped: the process ends soon, and freeing
    // clap's tree of commands and arguments cost an eighth of `plan show`'s
    // instructions on the shipped plan (callgrind), as much as parsing.
    let mut plain = std::mem::ManuallyDrop::new(Cli::command());
    if let Ok(cli) = plain
        .try_get_matches_from_mut(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        return cli;
    }
    let lang = settings.lang.value;
    let command = plan::cli::help::localize(Cli::command(), lang, settings.plan_header.as_ref());
    let parsed = command
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind::{
                DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
            };
            let informational = matches!(
                e.kind(),
                DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
            );
            if informational {
                e.exit()
            }
            let e = plan::cli::help::with_show_tip(e, lang);
            let message = match lang {
                Lang::Ja => plan::cli::help::error_ja(&e),
                Lang::En => e.render().to_string(),
            };
            // Values clap echoes back come from the user: escape them.
            let _ = write!(
                std::io::stderr(),
                "{}",
                plan::text::escape_control_keep_lines(&message)
            );
            std::process::exit(exit::USAGE);
        }
    }
}
