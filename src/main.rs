//! The `plan` binary: parse the command line, run the command, print any
//! error, exit with a documented code (see `plan::error::exit`).

use std::io::Write;

use clap::{CommandFactory, FromArgMatches};

use plan::cli::Cli;
use plan::commands::{self, Context};
use plan::error::{Error, exit};
use plan::i18n::Lang;

fn main() {
    // Shell completion: `COMPLETE=bash plan …` answers and exits here.
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
    let cli = parse();
    let mut ctx = Context::new(cli.global.clone());
    let result = commands::run(cli.command, &mut ctx);
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
            report(&ctx, &error);
            error.exit_code()
        }
    };
    std::process::exit(code);
}

/// Parses the command line with help and errors in the UI language.
fn parse() -> Cli {
    let lang = lang_before_parsing();
    let command = plan::cli::help::localize(Cli::command(), lang);
    let parsed = command
        .try_get_matches()
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
            if lang == Lang::Ja && !informational {
                let _ = write!(std::io::stderr(), "{}", plan::cli::help::error_ja(&e));
                std::process::exit(exit::USAGE);
            }
            e.exit()
        }
    }
}

/// The UI language as far as it is known before parsing: `--lang` on the
/// command line, `PLAN_LANG`, the locale.
fn lang_before_parsing() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        let value = match a.strip_prefix("--lang") {
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
            Some("") => args.get(i + 1).cloned(),
            _ => None,
        }?;
        match value.as_str() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    });
    plan::settings::lang(flag, &plan::settings::FileSettings::default()).value
}

/// Prints an error to stderr in the UI language.
fn report(ctx: &Context, error: &Error) {
    let lang = ctx.ui.lang;
    let stderr = &mut std::io::stderr();
    let error_label = lang.pick("error", "エラー");
    let help_label = lang.pick("help", "ヒント");
    let style = |s: anstyle::Style| {
        if ctx.ui.color_err {
            s
        } else {
            anstyle::Style::new()
        }
    };
    let red = style(
        anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Red.into())),
    );
    let cyan = style(
        anstyle::Style::new()
            .bold()
            .fg_color(Some(anstyle::AnsiColor::Cyan.into())),
    );
    match error {
        Error::Usage { message, help } | Error::Io { message, help } => {
            let _ = writeln!(stderr, "{red}{error_label}{red:#}: {}", message.get(lang));
            if let Some(help) = help {
                let _ = writeln!(stderr, "  {cyan}{help_label}{cyan:#}: {}", help.get(lang));
            }
        }
        Error::Invalid(diagnostics) => {
            for d in diagnostics {
                let _ = writeln!(stderr, "{}\n", d.render_human(lang, ctx.ui.color_err));
            }
            let n = diagnostics.len();
            let summary = match lang {
                plan::i18n::Lang::En => format!(
                    "the plan files have {n} error{}; nothing was done (run `plan check` for details)",
                    if n == 1 { "" } else { "s" }
                ),
                plan::i18n::Lang::Ja => format!(
                    "計画ファイルにエラーが {n} 件あります。何も実行していません（詳細は `plan check`）"
                ),
            };
            let _ = writeln!(stderr, "{red}{error_label}{red:#}: {summary}");
        }
        Error::Problems => {}
        Error::Other(e) => {
            let _ = writeln!(stderr, "{red}{error_label}{red:#}: {e:#}");
        }
    }
}
