//! `plan serve --sync INTERVAL`: `plan sync` on a timer, one at a time,
//! and once before the first page. A failure is logged on stderr and
//! shown on every page (a banner) until a sync succeeds; it never stops
//! the server.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::files::git::{Committer, Repo};
use crate::i18n::{Lang, Text};
use crate::web::snapshot::{Cache, Loaded};

/// What the pages need to know of the syncs.
#[derive(Default)]
pub struct SyncState {
    /// Held while a sync runs: never two at once.
    running: tokio::sync::Mutex<()>,
    /// The last sync's failure, until one succeeds.
    problem: Mutex<Option<Text>>,
}

impl SyncState {
    /// The banner line, when the last sync failed.
    pub fn problem(&self) -> Option<Text> {
        self.problem.lock().ok().and_then(|p| p.clone())
    }

    fn set(&self, problem: Option<Text>) {
        if let Ok(mut p) = self.problem.lock() {
            *p = problem;
        }
    }
}

/// `30s`, `5m`, `1h`, or seconds; at least one second.
pub fn parse_interval(input: &str) -> Option<Duration> {
    let s = input.trim();
    let (number, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: u64 = number.parse().ok()?;
    let seconds = match unit.trim() {
        "s" | "sec" => n,
        "m" | "min" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        _ => return None,
    };
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

/// One sync, in a blocking thread, unless one is already running.
pub async fn once(state: &SyncState, cache: &Cache, repo: &Repo, lang: Lang) {
    let Ok(_running) = state.running.try_lock() else {
        return;
    };
    let (repo, plan_dir) = (repo.clone(), cache.plan_dir().to_path_buf());
    let who = committer(cache);
    let done = tokio::task::spawn_blocking(move || {
        repo.sync(&plan_dir, &who).map(|s| (s.pulled, s.pushed))
    })
    .await;
    let problem = match done {
        Ok(Ok(_)) => None,
        Ok(Err(e)) => {
            let (message, help) = match e.message() {
                Some((m, h)) => (m.clone(), h.cloned()),
                None => (Text::same(format!("{e:?}")), None),
            };
            let shown = match &help {
                Some(h) => format!("{} ({})", message.get(lang), h.get(lang)),
                None => message.get(lang).to_string(),
            };
            let _ = writeln!(std::io::stderr(), "plan serve: sync: {shown}");
            let (en, ja) = (message.en, message.ja);
            Some(text!(
                en: "the last sync with git failed (notes are kept here): {en}",
                ja: "前回の git との同期に失敗しました（記録はここに保存されています）: {ja}",
            ))
        }
        Err(e) => Some(Text::same(format!("sync: {e}"))),
    };
    state.set(problem);
}

/// Syncs every `interval`, forever (the first tick waits an interval:
/// the server synced before it started listening).
pub async fn every(app: Arc<crate::web::app::App>, repo: Repo, interval: Duration, lang: Lang) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        once(&app.sync, &app.cache, &repo, lang).await;
    }
}

/// Who the commit of pending notes is by: the plan's author setting and
/// e-mail (each web note was committed by its own author already).
fn committer(cache: &Cache) -> Committer {
    match &*cache.current() {
        Loaded::Ready(snap) => Committer {
            name: snap.author.clone(),
            email: snap.settings.email(None, &snap.plan.dir).value,
        },
        Loaded::Broken { .. } => Committer {
            name: "plan serve".to_string(),
            email: String::new(),
        },
    }
}
