//! Measures and notes as the pages show them: one row type each, built
//! from the same view values the command line prints ([`ShownNote`],
//! [`Progress`], the party and date cells), escaped by the templates.

use crate::i18n::Lang;
use crate::model::corrections::State;
use crate::model::link;
use crate::model::note::{Correction, Note, Status};
use crate::model::note_rules::{self, Action};
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::Origin;
use crate::model::progress::{Progress, Tracker};
use crate::report::escape::web_link;
use crate::view::detail::ItemDetail;
use crate::view::measure::party_label;
use crate::view::note::ShownNote;
use crate::view::ui::Ui;
use crate::web::urls;
use crate::words::Words;

/// A measure in a list.
#[derive(Debug, Clone)]
pub struct MeasureView {
    pub id: String,
    pub url: String,
    pub party: String,
    pub section: u32,
    pub section_url: String,
    pub label: String,
    pub text: String,
    pub items: usize,
    pub status: Status,
    /// Where the status comes from (its own notes, or its sub-items).
    pub origin: String,
    pub notes: usize,
    /// The date of the latest note, or `-`.
    pub updated: String,
}

impl MeasureView {
    pub fn new(ui: &Ui, plan: &Plan, m: &MeasureRef, progress: &Progress) -> MeasureView {
        let id = m.id().to_string();
        MeasureView {
            url: urls::measure(&id),
            id,
            party: party_label(ui, plan, m.party),
            section: m.section.number,
            section_url: urls::section(m.section.number),
            label: m.measure.label.clone(),
            text: m.measure.text.clone(),
            items: m.measure.items.len(),
            status: progress.status(),
            origin: origin(progress, ui.lang),
            notes: progress.notes,
            updated: progress
                .last_note_at
                .map_or_else(|| "-".to_string(), |t| ui.date(t.date_naive())),
        }
    }
}

/// Where a status comes from: a note on the measure itself, its sub-items
/// rolled up (`3 of 4 done`), or nothing yet.
pub fn origin(progress: &Progress, lang: Lang) -> String {
    let w = crate::words::words(lang);
    match progress.origin {
        Origin::Own => w.set_by_note.to_string(),
        Origin::SubItems { done, total } => (w.rolled_up)(done, total),
        Origin::Default => w.no_status.to_string(),
    }
}

/// An evidence link: a web address to follow, or a repository path that
/// opens the file (served only when a note links to it).
#[derive(Debug, Clone)]
pub struct LinkView {
    pub text: String,
    pub href: Option<String>,
    /// Why a stored link is shown inert (it hides where it leads).
    pub warning: Option<String>,
}

/// A note in a history or a log.
#[derive(Debug, Clone)]
pub struct NoteView {
    pub key: String,
    pub short: String,
    /// Its place on its measure's page (`note-3fa91c2e`).
    pub anchor: String,
    pub id: String,
    /// Its measure's page, at the note.
    pub url: String,
    pub party: String,
    pub when: String,
    pub author: String,
    pub status: Option<Status>,
    pub text: String,
    pub links: Vec<LinkView>,
    /// `current`, `superseded`, `retracted` or `retraction` (a CSS class).
    pub state: &'static str,
    pub state_label: &'static str,
    /// `amends 3fa91c2e` / `retracts 3fa91c2e`, with that note's anchor.
    pub correction: Option<(&'static str, String, String)>,
    pub can_amend: bool,
    pub can_retract: bool,
}

impl NoteView {
    pub fn new(ui: &Ui, plan: &Plan, w: &Words, shown: &ShownNote) -> NoteView {
        let n = &shown.note;
        let id = n.id.to_string();
        let short = Note::short_key(&n.key).to_string();
        let anchor = urls::note_anchor(&short);
        let (state, state_label) = match shown.state {
            State::Current => ("current", w.in_force),
            State::Superseded { .. } => ("superseded", w.amended),
            State::Retracted { .. } => ("retracted", w.withdrawn),
            State::Retraction => ("retraction", w.retraction),
        };
        let correction = n.correction.as_ref().map(|c| {
            let target = Note::short_key(c.target()).to_string();
            let word = match c {
                Correction::Amends(_) => w.amends,
                Correction::Retracts(_) => w.retracts,
            };
            (word, urls::note_anchor(&target), target)
        });
        let state_now = Some(shown.state);
        NoteView {
            url: format!("{}#{anchor}", urls::measure(&n.id.measure().to_string())),
            key: n.key.clone(),
            anchor,
            short,
            party: party_label(ui, plan, &n.id.party),
            id,
            when: shown.when(ui),
            author: n.author.clone(),
            status: n.status,
            text: n.text.clone(),
            links: n
                .links
                .iter()
                .map(|l| LinkView {
                    text: l.clone(),
                    href: web_link(l).map(str::to_string).or_else(|| {
                        // A repository path (as `plan note` stores it) opens the file.
                        (!link::has_scheme(l) && link::check(l).is_ok())
                            .then(|| crate::web::evidence::url(l))
                    }),
                    warning: link::deceptive(l).map(|why| why.get(ui.lang).to_string()),
                })
                .collect(),
            state,
            state_label,
            correction,
            can_amend: note_rules::correctable(state_now, Action::Amend, false).is_ok(),
            can_retract: note_rules::correctable(state_now, Action::Retract, false).is_ok(),
        }
    }
}

/// A ・ sub-item with its own status.
#[derive(Debug, Clone)]
pub struct ItemView {
    pub id: String,
    pub url: String,
    pub text: String,
    pub status: Status,
    pub notes: usize,
}

impl ItemView {
    /// Each sub-item of a measure, as `plan show` lists them.
    pub fn all(plan: &Plan, m: &MeasureRef, tracker: &Tracker) -> Vec<ItemView> {
        ItemDetail::all(plan, m, tracker)
            .into_iter()
            .map(|i| ItemView {
                url: urls::measure(&i.id),
                id: i.id,
                text: i.text,
                status: i.status,
                notes: i.notes,
            })
            .collect()
    }
}
