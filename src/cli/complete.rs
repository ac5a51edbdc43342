//! Shell completion of values that come from the current plan: measure IDs
//! (with their texts as descriptions, which zsh and fish show and bash
//! cannot), parties and statuses. The shells
//! call back into `plan` (clap_complete's dynamic completion), so the
//! candidates are always those of the plan on disk.

use std::ffi::OsStr;

use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};

use crate::model::note::Status;
use crate::model::plan::Plan;

/// The plan completion works on: `PLAN_DIR`, else the one above the working
/// directory (`--plan` on the line being completed is not seen), with the
/// section files whose numbers `wanted` accepts, read without checks
/// ([`load_unchecked`](crate::files::load::load_unchecked)): a key press
/// must not wait for the whole plan to be validated.
fn current_plan(wanted: impl Fn(u32) -> bool + Sync) -> Option<Plan> {
    let settings = crate::settings::Settings::resolve(&crate::settings::Flags::default());
    let dir = settings.plan_dir().ok()?;
    crate::files::load::load_unchecked(&dir, wanted)
}

/// The sections an ID starting with `typed` can be in: `50.` names
/// section 50; `5` any section whose number starts with 5.
fn sections_for(typed: &str) -> impl Fn(u32) -> bool + Sync + use<> {
    let (digits, exact) = match typed.split_once('.') {
        Some((number, _)) => (number.to_string(), true),
        None => (typed.to_string(), false),
    };
    move |n: u32| {
        let n = n.to_string();
        if exact {
            n == digits
        } else {
            n.starts_with(&digits)
        }
    }
}

/// Measure and sub-item IDs starting with what was typed (`2.` → `2.tmg.ア` …),
/// and section numbers, each described by its text.
pub fn ids() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let typed = current.to_string_lossy();
        let typed = crate::text::fold(&typed);
        let Some(plan) = current_plan(sections_for(&typed)) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for file in &plan.sections {
            let s = &file.section;
            let number = s.number.to_string();
            if !typed.contains('.') && number.starts_with(&typed) {
                out.push(CompletionCandidate::new(&number).help(Some(s.title.clone().into())));
            }
        }
        for id in plan.all_ids() {
            let canonical = id.to_string();
            if !canonical.starts_with(typed.as_str()) {
                continue;
            }
            let text = plan
                .measure(&id)
                .map(|m| match id.item {
                    Some(n) => m.measure.items.get(n - 1).cloned().unwrap_or_default(),
                    None => m.measure.text.clone(),
                })
                .unwrap_or_default();
            let help = crate::text::truncate(&text, 40);
            out.push(CompletionCandidate::new(canonical).help(Some(help.into())));
        }
        out
    })
}

/// Party keys and names.
pub fn parties() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        let Some(plan) = current_plan(|_| false) else {
            return Vec::new();
        };
        plan.info
            .parties
            .iter()
            .flat_map(|(key, p)| {
                let help = format!("{} ({})", p.name, p.english);
                [
                    CompletionCandidate::new(key).help(Some(help.clone().into())),
                    CompletionCandidate::new(&p.short).help(Some(help.into())),
                ]
            })
            .collect()
    })
}

/// Status names, English and Japanese.
pub fn statuses() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        Status::ALL
            .iter()
            .flat_map(|s| {
                [
                    CompletionCandidate::new(s.key()).help(Some(s.japanese().into())),
                    CompletionCandidate::new(s.japanese()).help(Some(s.key().into())),
                ]
            })
            .collect()
    })
}
