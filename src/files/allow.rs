//! `[check] allow` in plan.toml: warnings the plan accepts, each with its
//! reason (the source document really repeats a text). `plan check` reports
//! them as allowed instead of as warnings, so `--deny-warnings` can guard
//! everything else; an entry that names nothing, or no longer matches, says
//! so.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::files::span::{Place, Spans};
use crate::i18n::Text;
use crate::model::id::MeasureId;
use crate::model::plan::Plan;

/// A warning the plan accepts, with the reason it gives.
#[derive(Debug, Clone)]
pub struct Allowed {
    pub diagnostic: Diagnostic,
    pub reason: String,
}

/// Sets the allowed warnings apart; adds a diagnostic for every entry that
/// is invalid (an unknown or error code, an unknown ID) or matches nothing.
pub fn apply(plan: &Plan, diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Allowed>) {
    let entries = &plan.info.check.allow;
    if entries.is_empty() {
        return (diagnostics, Vec::new());
    }
    let spans = Spans::of(&plan.info_source.text);
    let source = &plan.info_source;
    let mut kept = Vec::new();
    let mut allowed = Vec::new();
    let mut used = vec![false; entries.len()];
    for d in diagnostics {
        let entry = entries.iter().position(|a| {
            d.severity == Severity::Warning
                && a.code == d.code.as_str()
                && d.subject.as_deref() == Some(a.id.as_str())
        });
        match entry {
            Some(i) => {
                used[i] = true;
                allowed.push(Allowed {
                    diagnostic: d,
                    reason: entries[i].reason.clone(),
                });
            }
            None => kept.push(d),
        }
    }
    for (i, entry) in entries.iter().enumerate() {
        let code = Code::ALL.iter().find(|c| c.as_str() == entry.code);
        let id_known = MeasureId::parse_canonical(&entry.id).is_some_and(|id| plan.contains(&id));
        let at = |field| spans.get(Place::AllowField(i, field)).unwrap_or(0..0);
        let shown = crate::text::escape_control(&entry.code).into_owned();
        if code.is_none_or(|c| c.severity() != Severity::Warning) {
            kept.push(
                Diagnostic::at(
                    Code::InvalidValue,
                    text!(
                        en: "`{shown}` is not the code of a warning: only warnings can be allowed",
                        ja: "`{shown}` は警告のコードではありません。許可できるのは警告だけです",
                    ),
                    source,
                    at("code"),
                )
                .with_help(Text::new(
                    "use a code `plan check` reports as a warning (docs/ci.md lists them); errors must be fixed",
                    "`plan check` が警告として出すコードを使ってください（docs/ci.md に一覧）。エラーは直す必要があります",
                )),
            );
        } else if !id_known {
            let id = crate::text::escape_control(&entry.id).into_owned();
            kept.push(
                Diagnostic::at(
                    Code::InvalidValue,
                    text!(
                        en: "`{id}` is not a measure or sub-item of the plan",
                        ja: "`{id}` は計画の取組・小項目ではありません",
                    ),
                    source,
                    at("id"),
                )
                .with_help(Text::new(
                    "write the canonical ID the warning names, e.g. 6.tmg.イ",
                    "警告が示す正式な ID（例: 6.tmg.イ）を書いてください",
                )),
            );
        } else if !used[i] {
            let id = &entry.id;
            kept.push(
                Diagnostic::at(
                    Code::AllowUnused,
                    text!(
                        en: "nothing to allow: no {shown} warning about {id}",
                        ja: "許可の対象がありません: {id} についての {shown} の警告はありません",
                    ),
                    source,
                    spans.get(Place::Allow(i)).unwrap_or(0..0),
                )
                .with_help(Text::new(
                    "the text was fixed or changed: remove this entry",
                    "テキストが直った・変わったようです。この項目を削除してください",
                )),
            );
        }
    }
    (kept, allowed)
}
