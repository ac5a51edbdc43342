//! The English catalogue: every word the program shows in English — the
//! tables, the report, the web pages ([`WORDS`]) and the paragraphs of the
//! command line's help. Each flag's English help is its clap definition
//! (one definition feeds `--help`, the man page and the completions); the
//! Japanese for it is keyed by (subcommand, flag) in [`super::ja::ARGS`].

/// Without a plan at hand; `cli::help` (its `describe`) names the plan's year and
/// parties when there is one.
pub const ABOUT: &str = "Track a joint implementation plan kept as TOML files in git";

pub const LONG_ABOUT: &str = "\
Track a joint implementation plan kept as TOML files in git: list and show
its measures, record progress notes against them, print status tables and
reports, render and import the plan document, and check the plan files in CI.

The plan is a directory of TOML files (plan/plan.toml and one file per
section), found with --plan, PLAN_DIR, or by searching upward for plan/plan.toml.

Measure IDs: 2.tcci.イ (canonical), 2.イ (party from --party, PLAN_PARTY or
the plan's default_party), 2.東商.い, 2.TCCI.i, ２．イ; a sub-item is 2.tmg.イ.1.";

pub const EXAMPLES: &str = "\
Examples:
  plan list --party tcci              measures of 東京商工会議所
  plan list --grep テレワーク --format json
  plan show 2.イ                      one measure in full
  plan show 6                         a whole section, as the document lays it out
  plan note 2.イ \"セミナー実施\"         record progress
  plan status --format markdown       the table for a report
  plan report --format html -o r.html the progress report for managers
  plan check                          validate the plan files (for CI)

Exit codes: 0 success; 1 problems found (check, fmt --check);
2 usage error or bad input (bad argument, unknown ID), nothing written;
3 plan files unreadable or invalid; 4 internal error (a bug: please report).";
