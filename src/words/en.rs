//! The English catalogue: every word the program shows in English — the
//! tables, the report, the web pages ([`WORDS`]) and the paragraphs of the
//! command line's help. Each flag's English help is its clap definition
//! (one definition feeds `--help`, the man page and the completions); the
//! Japanese for it is keyed by (subcommand, flag) in [`super::ja::ARGS`].

use super::{Short, Words};

/// Without a plan at hand; `cli::help` (its `describe`) names the plan's year and
/// parties when there is one.
pub const ABOUT: &str = "Track a joint implementation plan kept as TOML files in git";

pub const LONG_ABOUT: &str = "\
Track a joint implementation plan kept as TOML files in git: list and show
its measures, record progress notes against them, print status tables and
reports, render and import the plan document, and check the plan files in CI.

The plan is a directory of TOML files (plan/plan.toml and one file per
section), found with --plan, PLAN_DIR, or by searching upward for plan/plan.toml.
Every April, `plan rollover DOCUMENT` starts the new fiscal year in one step:
this year's plan and notes move to archive/<year>/, the new document becomes the
plan, and each measure records the one of last year it continues.

Measure IDs: 2.tcci.イ (canonical), 2.イ (party from --party, PLAN_PARTY, your
config's party or the plan's default_party), 2.東商.い, 2.TCCI.i, ２．イ; a sub-item is 2.tmg.イ.1.";

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
  plan rollover plan-fy{next}.pdf       start the next fiscal year

Exit codes: 0 success; 1 problems found (check, fmt --check);
2 usage error or bad input (bad argument, unknown ID), nothing written;
3 plan files unreadable or invalid; 4 internal error (a bug: please report).";

pub const WORDS: Words = Words {
    id: "ID",
    party: "Party",
    sec: "Sec",
    section: "Section",
    title: "Title",
    measure: "Measure",
    measures: "Measures",
    items: "Sub-items",
    sub_item: "Sub-item",
    status: "Status",
    note_count: "Notes",
    notes: "Notes",
    updated: "Updated",
    when: "When",
    key: "Key",
    author: "Author",
    note: "Note",
    links: "Links",
    state: "State",
    in_force: "in force",
    amended: "amended",
    withdrawn: "withdrawn",
    retraction: "retraction",
    amends: "amends",
    retracts: "retracts",
    set_by_note: "set by a note",
    no_status: "no status recorded yet",
    last: "last:",
    rolled_up: |done, total| format!("{done} of {total} sub-items done"),

    percent: "Done%",
    progress: "Progress%",
    total: "Total",
    all_parties: "All",
    short: Short {
        measures: "All",
        done: "Done",
        active: "Actv",
        planned: "Plan",
        blocked: "Blkd",
        dropped: "Drop",
        progress: "Prog%",
        updated: "Last",
    },

    plan: "Plan",
    fiscal_year: "Fiscal year",
    as_of: "As of",
    generated: "Generated",
    summary: "Summary",
    legend: "Legend",
    legend_note: "Done% = done ÷ (measures − dropped); Progress% also counts sub-items (the mean share done of the measures not dropped)",
    latest_result: "Latest result",
    no_measures: "no measures",
    no_notes: "No notes yet",
    chart_completion: "Completion by section and party",
    chart_timeline: "Progress over the fiscal year",
    done_cumulative: "done (cumulative)",
    month: "Month",
    summary_sheet: "Summary",
    measures_sheet: "Measures",
    fy: "FY",
    change: "Change",
    same: "same",
    renumbered: "renumbered",
    reworded: "reworded",
    new_measure: "new",
    years: "Across the years",
    last_year: "Last year",
    notes_sheet: "Notes",

    setting: "Setting",
    value: "Value",
    source: "Source",
    found: "found",
    not_found: "not found (optional)",

    error_label: "error",
    warning_label: "warning",
    help_label: "help",
    note_label: "note",

    lang_name: "English",
    other_lang: "日本語",
    dashboard: "Overview",
    measure_list: "Measures",
    log: "Log",
    contents: "Contents",
    recent_notes: "Recent notes",
    stale: "Open measures without a note for 30 days",
    all_notes: "All notes",
    none: "None",
    downloads: "Download the progress report",
    report_html: "HTML (for printing)",
    report_md: "Markdown",
    report_xlsx: "Excel",
    any_party: "All parties",
    any_status: "Any status",
    text: "Text",
    stale_days: "Days without a note",
    since: "Since",
    until: "Until",
    scope: "Measure ID or section",
    with_corrections: "Also amended and withdrawn notes",
    filter: "Filter",
    clear: "Clear",
    history: "History",
    record: "Record a note",
    on: "On",
    what_was_done: "What was done",
    no_change: "(no change)",
    at: "When",
    at_hint: "Empty: now. E.g. 2021-06-15, 2021-06-15T10:00, 令和3年6月15日",
    allow_future: "A planned event (allow a future date)",
    outside_year: "Allow a date outside the fiscal year",
    recorded_by: "Recorded by",
    links_hint: "Evidence links (an http(s) URL or a path in the repository), one per line",
    save: "Save note",
    amend: "Amend",
    amend_hint: "Fields left empty keep the note's values.",
    move_to: "Move to another measure (its ID, optional)",
    save_amendment: "Save the amendment",
    retract: "Withdraw",
    reason: "Reason",
    save_retraction: "Withdraw the note",
    saved: "Note recorded",
    read_only: "Read-only: notes cannot be recorded here.",
    login: "Log in",
    login_name: "User name",
    password: "Password",
    log_out: "Log out",
    signed_in_as: "Signed in as",
    login_hint: "Log in with the account your office gave you (plan user add).",
    login_failed: "Wrong user name or password.",
    login_locked: "Too many failed logins: try again later (the lock ends after 15 minutes).",
    logged_out: "Logged out.",
    login_sso: "This server signs you in through the office's single sign-on: open it through the office's address.",
    broken: "The plan files have errors",
    broken_help: "Once the files are fixed, the next page load shows the plan (plan check gives details).",
    error: "Error",
    help: "Help",
    back: "Back",
    bad_request: "The request cannot be used",
    forbidden: "Not allowed",
    not_found_page: "Not found",
    method_not_allowed: "Not allowed here",
    not_a_form: "Not a form",

    month_short: super::en_month_short,
    month_long: super::en_month_long,
};
