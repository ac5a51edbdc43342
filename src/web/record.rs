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

use crate::files::{evidence, git, noteline, store};
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
use crate::web::{auth, csrf, urls};

/// The fields the forms have, and nothing else: `on` (the note form) or
/// `key` (the correction forms) second.
fn known_fields(which: &'static str) -> [&'static str; 12] {
    [
        csrf::FIELD,
        csrf::ONCE_FIELD,
        "move_to",
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
            Err(why) => {
                give_back(here, &fields);
                measure::page(here, &id, Some(typed), why.1, vec![refused(&why, here)])
            }
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
    // A viewer writes nothing (the gate has made sure someone is signed
    // in when sign-in is on).
    if let Some(user) = here.visit.user.as_ref().filter(|u| !u.writes()) {
        return Err(here.message(StatusCode::FORBIDDEN, &auth::forbidden_text(user), None));
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
    // The page's one-time token: the same form sent twice is recorded once.
    let once = fields.one(csrf::ONCE_FIELD).ok().flatten();
    if !once.is_some_and(|t| csrf::well_formed(t) && here.app.sent.claim(t)) {
        return Err(here.message(
            StatusCode::CONFLICT,
            &Text::new(
                "this form was already sent (a double click, or a page sent again): nothing more was recorded",
                "このフォームはすでに送信されています（二度押し・再送信）。重ねては記録していません",
            ),
            Some(&Text::new(
                "open the measure's page again to see what was recorded, and to record something new",
                "取組のページを開き直すと、記録された内容を確認でき、新しい記録もできます",
            )),
        ));
    }
    Ok(fields)
}

/// A refused form may be sent again once corrected: its one-time token is
/// given back.
fn give_back(here: &Here, fields: &Fields) {
    if let Ok(Some(token)) = fields.one(csrf::ONCE_FIELD) {
        here.app.sent.release(token);
    }
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
    if let Some(user) = &here.visit.user
        && !user.may_record(&resolved.id.party)
    {
        return Err(Why(auth::forbidden_text(user), StatusCode::FORBIDDEN));
    }
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
    // The same note as one in force (same measure, day, text, status) is
    // refused, as by plan note (which records it anyway with --force).
    if let Some(i) = snap.book.repeated_by(plan, snap.zone(), &note) {
        let key = Note::short_key(snap.book.key(i)).to_string();
        let id = &note.id;
        return Err(Why(
            text!(
                en: "{id} already has this note in force: {key} (same day, text and status); nothing was recorded",
                ja: "{id} には同じ記録がすでにあります: {key}（日・テキスト・状況が同じ）。記録していません",
            ),
            StatusCode::CONFLICT,
        ));
    }
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
        let refusal = match correction(here, &fields, action) {
            Ok(reply) => return reply,
            Err(refusal) => refusal,
        };
        give_back(here, &fields);
        match refusal {
            (Some(id), why) => measure::page(here, &id, None, why.1, vec![refused(&why, here)]),
            (None, why) => here.message(why.1, &why.0, None),
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
    let Some(index) = (0..book.entries.len()).position(|i| book.key(i) == key) else {
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
    // Someone else's note needs an admin; an editor corrects their own
    // notes on their own parties' measures.
    if let Some(user) = &here.visit.user
        && !user.may_correct(&old.id.party, &old.author)
    {
        return Err(on_page(Why(
            auth::forbidden_text(user),
            StatusCode::FORBIDDEN,
        )));
    }
    if let Err(refusal) = note_rules::correctable(book.states.get(index).copied(), action, false) {
        let why = match refusal {
            Refusal::Superseded { by } => {
                let newest = book.key(by);
                let newest = Note::short_key(newest).to_string();
                text!(
                    en: "note {short} is not the newest version of its note: {newest} is in force (reload the page and correct that one); nothing was recorded",
                    ja: "記録 {short} は最新の版ではありません。有効なのは {newest} です（ページを再読み込みして、そちらを訂正してください）。記録していません",
                )
            }
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
    let recorded = NoteTime::At(snap.now());
    let move_to = match action {
        Action::Amend => fields.one("move_to").map_err(|m| on_page(m.into()))?,
        Action::Retract => None,
    };
    let notes = match (action, move_to) {
        (Action::Amend, None) => vec![note_rules::amendment(&old, fresh)],
        (Action::Amend, Some(to)) => {
            let to = measure::resolve(here, to.trim())
                .map_err(|e| on_page(Why::bad(Text::same(say(here, &e)))))?;
            if let Some(user) = &here.visit.user
                && !user.may_record(&to.id.party)
            {
                return Err(on_page(Why(
                    auth::forbidden_text(user),
                    StatusCode::FORBIDDEN,
                )));
            }
            if to.id == old.id {
                let id = &to.id;
                return Err(on_page(Why::bad(text!(
                    en: "note {short} is already on {id}: nothing to move",
                    ja: "記録 {short} はすでに {id} の記録です（移動する必要はありません）",
                ))));
            }
            let withdrawal = Fresh {
                key: Note::new_key(&snap.now()),
                ..fresh.clone()
            };
            note_rules::moved(&old, &old, to.id, fresh, withdrawal, recorded).into()
        }
        (Action::Retract, _) => vec![note_rules::retraction(&old, fresh, recorded)],
    };
    // A moved note's page is its new measure's.
    let page = notes
        .last()
        .map_or(page_id.clone(), |n| n.id.measure().to_string());
    save_all(here, &notes, &urls::measure(&page), false).map_err(on_page)
}

/// What a form gives anew, checked as `plan note` checks its flags.
fn fresh(here: &Here, fields: &Fields, text_field: &str) -> Result<Fresh, Why> {
    let snap = here.snap;
    let now = snap.now();
    let w = here.w();
    // Signed in, the author is the user (no field to type another name).
    let author = match &here.visit.user {
        Some(user) => user.display.as_str(),
        None => fields.one("author")?.map(str::trim).unwrap_or(""),
    };
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
    // A path is read from the repository's root (a page has no current
    // directory) and must name a file there, as `plan note --link` checks.
    let root = evidence::repository_root(&snap.plan.dir);
    for l in &links {
        let shown = escape_control(l).into_owned();
        let refused = |why: Text| {
            let (en, ja) = (why.en, why.ja);
            Why::bad(text!(en: "link {shown}: {en}", ja: "リンク {shown}: {ja}"))
        };
        link::check(l).map_err(&refused)?;
        if link::has_scheme(l) {
            continue;
        }
        if evidence::file_in_repository(&root, l).is_none() {
            return Err(refused(if link::looks_like_host(l) {
                text!(
                    en: "this is a web address, not a file: give it as https://{shown}",
                    ja: "これはファイルではなく Web アドレスです。https://{shown} と指定してください",
                )
            } else {
                Text::new(
                    "no such file in the repository (a path is read from the repository's root)",
                    "リポジトリにそのファイルはありません（パスはリポジトリの最上位から読みます）",
                )
            }));
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
    save_all(here, std::slice::from_ref(note), page, outside_year)
}

/// Appends notes (a move is two: the withdrawal and the note on its new
/// measure), all or none, and sends the browser to the last one. In a
/// repository they are appended and committed under its lock, so the
/// commit holds these notes alone, by their author.
fn save_all(here: &Here, notes: &[Note], page: &str, outside_year: bool) -> Result<Reply, Why> {
    let Some(note) = notes.last() else {
        return Err(Why::bad(Text::new(
            "nothing to record",
            "記録する内容がありません",
        )));
    };
    let lines: Vec<(u32, String)> = notes
        .iter()
        .map(|n| (n.id.section, noteline::write(n)))
        .collect();
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
    let lock = here
        .app
        .repo
        .as_ref()
        .map(|r| r.lock())
        .transpose()
        .map_err(failed)?;
    let files = store::append(plan_dir, &lines).map_err(failed)?;
    let mut uncommitted = false;
    if let (Some(repo), Some(_lock)) = (&here.app.repo, lock) {
        // A signed-in user commits with the e-mail of their account.
        let email = match here.visit.user.as_ref().and_then(|u| u.email.clone()) {
            Some(email) => email,
            None => here.snap.settings.email(None, plan_dir).value,
        };
        let who = git::Committer {
            name: note.author.clone(),
            email,
        };
        if let Err(e) = repo.commit(&files, &who, &git::message(notes)) {
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
    Ok(Reply::see_other(&location).cookie(here.visit.cookie(AUTHOR_COOKIE, &note.author)))
}
