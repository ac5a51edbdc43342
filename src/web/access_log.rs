//! One line per request on stderr: method, path, status and how long it
//! took, with control characters made visible so a crafted URL cannot
//! rewrite the terminal.
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

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::text::escape_control;
use crate::web::app::App;

/// Lines waiting for stderr at most.
const QUEUE: usize = 1024;

pub async fn log(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if !app.access_log {
        return next.run(request).await;
    }
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    line(format!(
        "{} {} {} {:.1}ms\n",
        escape_control(method.as_str()),
        escape_control(&path),
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    ));
    response
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
