//! Recording from the browser: a note on a measure, an amendment, a
//! withdrawal. Each goes through what `plan note` goes through — the same
//! date rules and corrections ([`note_rules`]), the same link check, the
//! same one-line format ([`noteline::write`]) appended under the same lock
//! ([`store::append`]) — after the checks a form needs: not read-only, a
//! form body, the CSRF token. A refused post writes nothing.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, HeaderMap};
use axum::response::Response;

use std::io::Write;

use crate::files::{git, noteline, store};
use crate::i18n::Text;
use crate::model::filter::parse_status;
use crate::model::link;
use crate::model::note::{Note, NoteTime, Status};
use crate::model::note_rules::{self, Action, Allow, DateProblem, Fresh, Refusal};
use crate::text::escape_control;
use crate::web::app::App;
use crate::web::forms::{Fields, Malformed};
use crate::web::pages::log::say;
use crate::web::pages::measure::{self, Notice, Typed};
use crate::web::pages::{Here, with_plan};
use crate::web::reply::Reply;
use crate::web::visit::{AUTHOR_COOKIE, Visit};
use crate::web::{cookies, csrf, urls};

/// The fields the forms have, and nothing else: `on` (the note form) or
/// `key` (the correction forms) second.
fn known_fields(which: &'static str) -> [&'static str; 10] {
    [
        csrf::FIELD,
        which,
        "text",
        "reason",
        "status",
        "at",
        "allow_future",
        "force",
        "author",
        "links",
    ]
}

/// `POST /measures/{id}/notes`: a new note on the measure or the sub-item
/// chosen in the form.
pub async fn note(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    visit: Visit,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    with_plan(app, visit, move |here| {
        let fields = match admit(here, &headers, &body, &known_fields("on")) {
            Ok(fields) => fields,
            Err(reply) => return reply,
        };
        let typed = typed(&fields, &id);
        match record_note(here, &fields, &typed) {
            Ok(reply) => reply,
            Err(why) => measure::page(here, &id, Some(typed), why.1, vec![refused(&why, here)]),
        }
    })
    .await
}

/// `POST /notes/amend`: a new version of a note.
pub async fn amend(
    State(app): State<Arc<App>>,
    visit: Visit,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    correct(app, visit, headers, body, Action::Amend).await
}

/// `POST /notes/retract`: the withdrawal of a note.
pub async fn retract(
    State(app): State<Arc<App>>,
    visit: Visit,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    correct(app, visit, headers, body, Action::Retract).await
}

/// Why a post was refused, said on the page it came from: the form's
/// fault (400), or the disk's (500).
struct Why(Text, StatusCode);

impl Why {
    fn bad(text: Text) -> Why {
        Why(text, StatusCode::BAD_REQUEST)
    }
}

impl From<Malformed> for Why {
    fn from(m: Malformed) -> Why {
        Why::bad(m.0)
    }
}

fn refused(why: &Why, here: &Here) -> Notice {
    Notice {
        kind: "error",
        text: why.0.get(here.lang).to_string(),
    }
}

/// The checks before any field is read: writes allowed, a form body, the
/// visitor's own token, only the form's fields.
fn admit(here: &Here, headers: &HeaderMap, body: &[u8], known: &[&str]) -> Result<Fields, Reply> {
    if here.app.read_only {
        return Err(here.message(
            StatusCode::FORBIDDEN,
            &Text::new(
                "this server is read-only (plan serve --read-only): nothing was recorded",
                "このサーバーは閲覧専用です（plan serve --read-only）。何も記録していません",
            ),
            None,
        ));
    }
    let form_type = headers
        .get(CONTENT_TYPE)
        .and_then(|h| h.to_str().ok())
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| {
            t.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return Err(here.message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &Text::new(
                "send the page's form (application/x-www-form-urlencoded): nothing was recorded",
                "ページのフォーム（application/x-www-form-urlencoded）で送ってください。何も記録していません",
            ),
            None,
        ));
    }
    let fields = Fields::parse(body);
    let token = fields.one(csrf::FIELD).ok().flatten();
    if !csrf::matches(here.visit.cookie_token(), token) {
        return Err(here.message(
            StatusCode::FORBIDDEN,
            &Text::new(
                "this form is not from this browser's page (its security token does not match): nothing was recorded",
                "このフォームはこのブラウザで開いたページのものではありません（セキュリティトークンが一致しません）。何も記録していません",
            ),
            Some(&Text::new(
                "reload the page and send the form again",
                "ページを再読み込みしてから、もう一度送ってください",
            )),
        ));
    }
    if let Err(Malformed(why)) = fields.only(known) {
        return Err(here.message(StatusCode::BAD_REQUEST, &why, None));
    }
    Ok(fields)
}

/// What the note form held, to show again when it is refused.
fn typed(fields: &Fields, id: &str) -> Typed {
    let get = |name: &str| {
        fields
            .many(name)
            .first()
            .map_or_else(String::new, |v| v.to_string())
    };
    Typed {
        on: fields
            .many("on")
            .first()
            .map_or_else(|| id.to_string(), |v| v.to_string()),
        text: get("text"),
        status: get("status"),
        at: get("at"),
        allow_future: !fields.many("allow_future").is_empty(),
        outside_year: !fields.many("force").is_empty(),
        author: get("author"),
        links: get("links"),
    }
}

fn record_note(here: &Here, fields: &Fields, typed: &Typed) -> Result<Reply, Why> {
    let snap = here.snap;
    let plan = &snap.plan;
    let resolved =
        measure::resolve(here, &typed.on).map_err(|e| Why::bad(Text::same(say(here, &e))))?;
    let now = snap.now();
    let fresh = fresh(here, fields, "text")?;
    if !note_rules::says_something(&fresh.text, fresh.status) {
        return Err(Why::bad(Text::new(
            "nothing to record: write what was done, or choose a status",
            "記録する内容がありません。実施した内容を書くか、状況を選んでください",
        )));
    }
    let recorded = NoteTime::At(now);
    let dated_now = fresh.at.is_none();
    let outside =
        dated_now && note_rules::outside_year(&plan.info, snap.zone(), recorded).is_some();
    let note = note_rules::note(resolved.id, fresh, recorded);
    let page = urls::measure(&resolved.measure.id().to_string());
    save(here, &note, &page, outside)
}

async fn correct(
    app: Arc<App>,
    visit: Visit,
    headers: HeaderMap,
    body: Bytes,
    action: Action,
) -> Response {
    with_plan(app, visit, move |here| {
        let fields = match admit(here, &headers, &body, &known_fields("key")) {
            Ok(fields) => fields,
            Err(reply) => return reply,
        };
        match correction(here, &fields, action) {
            Ok(reply) => reply,
            Err((Some(id), why)) => {
                measure::page(here, &id, None, why.1, vec![refused(&why, here)])
            }
            Err((None, why)) => here.message(why.1, &why.0, None),
        }
    })
    .await
}

/// An amendment or withdrawal of the note with the form's key; a refusal
/// says on which measure's page to show it, when the note was found.
fn correction(
    here: &Here,
    fields: &Fields,
    action: Action,
) -> Result<Reply, (Option<String>, Why)> {
    let snap = here.snap;
    let plan = &snap.plan;
    let book = &snap.book;
    let key = fields
        .one("key")
        .map_err(|m| (None, m.into()))?
        .unwrap_or("");
    let Some(index) = book.entries.iter().position(|e| *e.key == *key) else {
        let shown = escape_control(key).into_owned();
        return Err((
            None,
            Why::bad(text!(
                en: "no note has the key `{shown}`: nothing was recorded",
                ja: "キー `{shown}` の記録はありません。何も記録していません",
            )),
        ));
    };
    let Some(old) = book.note(plan, index) else {
        return Err((
            None,
            Why::bad(Text::new(
                "that note cannot be read back (run plan check): nothing was recorded",
                "その記録を読み直せません（plan check を実行してください）。何も記録していません",
            )),
        ));
    };
    let page_id = old.id.measure().to_string();
    let on_page = |why: Why| (Some(page_id.clone()), why);
    let short = Note::short_key(&old.key).to_string();
    if let Err(refusal) = note_rules::correctable(book.states.get(index).copied(), action) {
        let why = match refusal {
            Refusal::Withdrawn { .. } => text!(
                en: "note {short} was withdrawn: there is nothing to correct (withdraw its withdrawal to bring it back)",
                ja: "記録 {short} は取り消し済みです（戻すには、その取り消しを取り消してください）",
            ),
            Refusal::AmendsRetraction => text!(
                en: "{short} is a withdrawal, which has nothing to amend (withdraw it to undo it)",
                ja: "{short} は取り消しの記録です（訂正する内容がありません。取り消しをやめるには、それを取り消してください）",
            ),
        };
        return Err(on_page(Why::bad(why)));
    }
    let text_field = match action {
        Action::Amend => "text",
        Action::Retract => "reason",
    };
    let fresh = fresh(here, fields, text_field).map_err(on_page)?;
    let note = match action {
        Action::Amend => note_rules::amendment(&old, fresh),
        Action::Retract => note_rules::retraction(&old, fresh, NoteTime::At(snap.now())),
    };
    save(here, &note, &urls::measure(&page_id), false).map_err(on_page)
}

/// What a form gives anew, checked as `plan note` checks its flags.
fn fresh(here: &Here, fields: &Fields, text_field: &str) -> Result<Fresh, Why> {
    let snap = here.snap;
    let now = snap.now();
    let w = here.w();
    let author = fields.one("author")?.map(str::trim).unwrap_or("");
    if author.is_empty() {
        return Err(Why::bad(Text::new(
            "who records it? fill in Recorded by",
            "記録者を入力してください",
        )));
    }
    let status: Option<Status> = fields
        .one("status")?
        .map(parse_status)
        .transpose()
        .map_err(|e| Why::bad(Text::same(say(here, &e))))?;
    let allow = Allow {
        future: fields.ticked("allow_future")?,
        outside_year: fields.ticked("force")?,
    };
    let at = match fields.one("at")? {
        None => None,
        Some(input) => Some(
            note_rules::moment(&snap.plan.info, snap.zone(), input, now, allow)
                .map_err(|p| date_refused(p, input, w.at, w.allow_future, w.outside_year))?,
        ),
    };
    let links: Vec<String> = fields
        .one("links")?
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    for l in &links {
        if let Err(why) = link::check(l) {
            let shown = escape_control(l).into_owned();
            let (en, ja) = (why.en, why.ja);
            return Err(Why::bad(
                text!(en: "link {shown}: {en}", ja: "リンク {shown}: {ja}"),
            ));
        }
    }
    Ok(Fresh {
        key: Note::new_key(&now),
        author: author.to_string(),
        at,
        status,
        text: note_text(fields.one(text_field)?.unwrap_or("")),
        links,
    })
}

/// A textarea's text as a note keeps it: line breaks as `\n`, no trailing
/// line breaks (as `plan note` trims them).
fn note_text(typed: &str) -> String {
    typed
        .replace("\r\n", "\n")
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

/// A refused date, worded for the form.
fn date_refused(
    problem: DateProblem,
    input: &str,
    field: &str,
    future_box: &str,
    year_box: &str,
) -> Why {
    let shown = escape_control(input).into_owned();
    Why::bad(match problem {
        DateProblem::Unreadable(why) => {
            let (en, ja) = (why.en, why.ja);
            text!(en: "{field}: {en}", ja: "{field}: {ja}")
        }
        DateProblem::Future => text!(
            en: "{field} {shown} is in the future: a note records what was done (for a planned event, tick “{future_box}”)",
            ja: "{field} {shown} は未来です。記録は実施したことを書くものです（予定の記録なら「{future_box}」を選んでください）",
        ),
        DateProblem::OutsideYear {
            fiscal_year: fy,
            start,
            end,
            ..
        } => text!(
            en: "{field} {shown} is outside the plan's fiscal year {fy} ({start} … {end}): check the year, or tick “{year_box}”",
            ja: "{field} {shown} は計画の {fy} 年度（{start}〜{end}）の外です。年を確認するか「{year_box}」を選んでください",
        ),
    })
}

/// Appends the note as `plan note` does and sends the browser to its
/// measure's page (at the note), remembering the author.
fn save(here: &Here, note: &Note, page: &str, outside_year: bool) -> Result<Reply, Why> {
    let line = noteline::write(note);
    let plan_dir = &here.snap.plan.dir;
    let failed = |e: crate::error::Error| {
        let message = say(here, &e);
        Why(
            text!(
                en: "the note was not recorded: {message}",
                ja: "記録できませんでした: {message}",
            ),
            StatusCode::INTERNAL_SERVER_ERROR,
        )
    };
    // In a repository: appended and committed under its lock, so the
    // commit holds this note alone, by its author.
    let lock = here
        .app
        .repo
        .as_ref()
        .map(|r| r.lock())
        .transpose()
        .map_err(failed)?;
    let files = store::append(plan_dir, &[(note.id.section, line)]).map_err(failed)?;
    let mut uncommitted = false;
    if let (Some(repo), Some(_lock)) = (&here.app.repo, lock) {
        let who = git::Committer {
            name: note.author.clone(),
            email: here.snap.settings.email(None, plan_dir).value,
        };
        if let Err(e) = repo.commit(&files, &who, &git::message(std::slice::from_ref(note))) {
            // The note stays recorded; the page and the log say so.
            let _ = writeln!(std::io::stderr(), "plan serve: {}", say(here, &e));
            uncommitted = true;
        }
    }
    let short = Note::short_key(&note.key);
    let mut query = vec![("saved", short)];
    if outside_year {
        query.push(("outside", "1"));
    }
    if uncommitted {
        query.push(("uncommitted", "1"));
    }
    let location = format!(
        "{}#{}",
        urls::with_query(page, query),
        urls::note_anchor(short)
    );
    Ok(Reply::see_other(&location).cookie(cookies::set(AUTHOR_COOKIE, &note.author)))
}
