//! One line per request on stderr: who sent it (the peer's address and
//! the signed-in user, `-` for none), method, path, status and how long it
//! took — `127.0.0.1 suzuki GET /measures/2.tmg.%E3%82%A4 200 1.2ms` —
//! with control characters made visible so a crafted URL or user name
//! cannot rewrite the terminal, and blanks in a name escaped so every line
//! splits into the same six fields.
//!
//! Lines go through a bounded queue to a thread of their own, so a slow
//! or full stderr (a pipe nobody reads) never holds up a request: when the
//! queue is full a line is dropped and counted, and the count is written
//! once stderr takes lines again.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::text::escape_control;
use crate::web::app::App;
use crate::web::auth::{PeerAddr, SignedIn};

/// Lines waiting for stderr at most.
const QUEUE: usize = 1024;

pub async fn log(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if !app.access_log {
        return next.run(request).await;
    }
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let peer = request
        .extensions()
        .get::<ConnectInfo<PeerAddr>>()
        .map_or_else(|| "-".to_string(), |c| c.0.0.ip().to_string());
    let response = next.run(request).await;
    let user = response
        .extensions()
        .get::<SignedIn>()
        .map_or_else(|| "-".to_string(), |u| field(&u.0));
    line(format!(
        "{peer} {user} {} {} {} {:.1}ms\n",
        escape_control(method.as_str()),
        escape_control(&path),
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    response
}

/// A name as one field of a line: control characters and blanks (a space,
/// 全角の空白) escaped, `-` when empty.
fn field(name: &str) -> String {
    match name {
        "" => return "-".to_string(),
        "-" => return "\\u{2d}".to_string(),
        _ => {}
    }
    escape_control(name)
        .chars()
        .map(|c| {
            if c.is_whitespace() {
                format!("\\u{{{:x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

enum Message {
    Line(String),
    /// Answered once every line queued before it is written.
    Flush(mpsc::Sender<()>),
}

struct Writer {
    queue: SyncSender<Message>,
    dropped: Arc<AtomicU64>,
}

fn writer() -> &'static Writer {
    static WRITER: OnceLock<Writer> = OnceLock::new();
    WRITER.get_or_init(|| {
        let (queue, lines) = mpsc::sync_channel::<Message>(QUEUE);
        let dropped = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&dropped);
        let spawned = std::thread::Builder::new()
            .name("plan-access-log".into())
            .spawn(move || {
                for message in lines {
                    match message {
                        Message::Line(line) => {
                            let mut err = std::io::stderr().lock();
                            // A closed stderr is no reason to stop serving.
                            let _ = err.write_all(line.as_bytes());
                            let lost = counted.swap(0, Ordering::AcqRel);
                            if lost > 0 {
                                let _ = writeln!(
                                    err,
                                    "plan serve: {lost} access log lines dropped (stderr was not read)"
                                );
                            }
                        }
                        Message::Flush(done) => {
                            let _ = done.send(());
                        }
                    }
                }
            });
        if spawned.is_err() {
            // No thread: every line is counted as dropped, nothing blocks.
            let (queue, _) = mpsc::sync_channel(0);
            return Writer { queue, dropped };
        }
        Writer { queue, dropped }
    })
}

/// Queues `line` (ending in a newline) for stderr; never waits.
pub fn line(line: String) {
    let writer = writer();
    match writer.queue.try_send(Message::Line(line)) {
        Ok(()) => {}
        Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
            writer.dropped.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// Waits up to `limit` for the lines queued so far to reach stderr
/// (shutting down: a stderr nobody reads cannot keep the process alive).
pub fn flush(limit: Duration) -> bool {
    let (done, wait) = mpsc::channel();
    if writer().queue.try_send(Message::Flush(done)).is_err() {
        return false;
    }
    wait.recv_timeout(limit).is_ok()
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn a_user_name_is_one_field_whatever_it_holds() {
        assert_eq!(field("suzuki"), "suzuki");
        assert_eq!(field("高橋"), "高橋");
        assert_eq!(field("山田 太郎"), "山田\\u{20}太郎");
        assert_eq!(field("山田\u{3000}太郎"), "山田\\u{3000}太郎");
        assert_eq!(field("a\u{1b}[2J\tb"), "a\\u{1b}[2J\\tb");
        assert_eq!(field(""), "-");
        assert_eq!(field("-"), "\\u{2d}");
    }
}
