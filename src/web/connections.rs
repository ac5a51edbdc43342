//! The connections of `plan serve`: accepted under a cap, each held to
//! deadlines a client must meet, and all of them ended within a bounded
//! time when the server stops.
//!
//! - **Header deadline**: a connection must deliver a whole request head
//!   within [`Limits::header_timeout`] of opening or of its previous answer
//!   (hyper's header-read timer): an idle keep-alive connection, one that
//!   sends nothing and one that trickles its headers are all closed then.
//! - **Body deadline**: a request's whole body must arrive within
//!   [`Limits::body_timeout`], however slowly it trickles.
//! - **Cap**: at most [`Limits::max_connections`] connections at once (kept
//!   below the process's open-file limit). A connection beyond it takes the
//!   place of the one that has waited longest without a request under way;
//!   when every connection is serving a request, it waits up to a second
//!   for one to end, and is closed at once otherwise.
//! - **Shutdown**: on Ctrl-C or SIGTERM no connection is accepted, idle ones
//!   close, requests under way may finish for [`Limits::grace`]; then every
//!   connection left is dropped, whatever state it is in.
//! - **TLS** (`--tls-cert`): each connection's handshake runs on its own
//!   task within [`crate::web::tls::HANDSHAKE_TIMEOUT`], so a slow or
//!   plain-HTTP client holds up nobody; one that fails it is closed.
//!
//! Every request carries its connection's peer address
//! ([`crate::web::auth::PeerAddr`], for `--trusted-proxy` and lockouts).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;

use crate::web::auth::PeerAddr;
use crate::web::tls::HANDSHAKE_TIMEOUT;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// What a client must meet, and how long the server waits for requests
/// under way when it stops.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    pub grace: Duration,
}

/// Connections allowed at most, whatever the open-file limit allows.
pub const MAX_CONNECTIONS: usize = 512;

/// Open files kept free for the server's own use: the plan's files, the
/// listing of its directories, one per blocking thread
/// ([`BLOCKING_THREADS`]), standard streams, the runtime's own.
const RESERVED_FILES: u64 = 2 * BLOCKING_THREADS as u64 + 64;

/// Threads that render pages and load the plan (tokio's default is 512:
/// each waiting request would hold one, with its stack).
pub const BLOCKING_THREADS: usize = 32;

/// How long a connection beyond the cap waits for a request to end when
/// every connection is serving one.
const QUEUE_WAIT: Duration = Duration::from_secs(1);

impl Limits {
    /// The defaults: header 10 s, body 30 s, grace 5 s, and as many
    /// connections as [`MAX_CONNECTIONS`] and the open-file limit allow.
    pub fn new(header_timeout: Duration) -> Limits {
        Limits {
            max_connections: connection_cap(open_file_limit()),
            header_timeout,
            body_timeout: Duration::from_secs(30),
            grace: Duration::from_secs(5),
        }
    }
}

/// The cap for an open-file limit: [`MAX_CONNECTIONS`], or fewer when the
/// limit would be reached first (never fewer than 16).
pub fn connection_cap(open_files: u64) -> usize {
    let room = open_files.saturating_sub(RESERVED_FILES);
    usize::try_from(room)
        .unwrap_or(usize::MAX)
        .clamp(16, MAX_CONNECTIONS)
}

/// The process's open-file limit, raised to its hard limit first (a
/// process may; the soft limit is often 1024 while the hard one is higher).
fn open_file_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read and write the struct we own.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &raw mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raw const raised) == 0 {
                limit = raised;
            }
        }
    }
    limit.rlim_cur
}

/// One open connection, as the accept loop sees it.
struct Conn {
    /// Requests under way on it (0 or 1 for HTTP/1.1).
    busy: AtomicUsize,
    /// Milliseconds since the server started at which it opened or last
    /// answered a request.
    idle_since: AtomicU64,
    /// Told to close (its place is taken by a newer connection).
    evict: Notify,
}

/// Every open connection, by number.
struct Registry {
    started: Instant,
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
    /// A connection ended (a place may be free).
    freed: Notify,
}

impl Registry {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn len(&self) -> usize {
        self.conns.lock().map_or(0, |c| c.len())
    }

    /// Closes the connection that has waited longest without a request
    /// under way; false when every connection is serving one.
    fn evict_oldest_idle(&self) -> bool {
        let Ok(mut conns) = self.conns.lock() else {
            return false;
        };
        let oldest = conns
            .iter()
            .filter(|(_, c)| c.busy.load(Ordering::Acquire) == 0)
            .min_by_key(|(n, c)| (c.idle_since.load(Ordering::Acquire), **n))
            .map(|(n, _)| *n);
        match oldest.and_then(|n| conns.remove(&n)) {
            Some(conn) => {
                conn.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Serves `router` on `listener` (over TLS with `tls`) until `stop`
/// resolves, then ends every connection within `limits.grace`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    tls: Option<Arc<ServerConfig>>,
    stop: impl Future<Output = ()>,
) {
    let registry = Arc::new(Registry {
        started: Instant::now(),
        conns: Mutex::new(HashMap::new()),
        freed: Notify::new(),
    });
    let (stopping, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut number = 0u64;
    let mut stop = std::pin::pin!(stop);
    loop {
        let accepted = tokio::select! {
            biased;
            () = &mut stop => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of file descriptors (or another passing failure):
                // wait a little rather than spin; what is open goes on.
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                ) {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                continue;
            }
        };
        if !make_room(&registry, limits.max_connections).await {
            drop(stream);
            continue;
        }
        number += 1;
        let conn = Arc::new(Conn {
            busy: AtomicUsize::new(0),
            idle_since: AtomicU64::new(registry.now_ms()),
            evict: Notify::new(),
        });
        if let Ok(mut conns) = registry.conns.lock() {
            conns.insert(number, Arc::clone(&conn));
        }
        tasks.spawn(connection(
            stream,
            peer,
            tls.clone(),
            router.clone(),
            limits,
            Arc::clone(&registry),
            number,
            conn,
            stop_rx.clone(),
        ));
    }
    drop(listener);
    let _ = stopping.send(true);
    let drained = tokio::time::timeout(limits.grace, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        // Whatever is left (a request that never finishes its headers, a
        // client that reads nothing) is dropped: its socket closes.
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
}

/// Whether a new connection may be served: there is room, or the oldest
/// idle connection gave up its place, or a request ended in time.
async fn make_room(registry: &Registry, cap: usize) -> bool {
    if registry.len() < cap || registry.evict_oldest_idle() {
        return true;
    }
    let deadline = tokio::time::Instant::now() + QUEUE_WAIT;
    loop {
        let freed = registry.freed.notified();
        if registry.len() < cap || registry.evict_oldest_idle() {
            return true;
        }
        if tokio::time::timeout_at(deadline, freed).await.is_err() {
            return registry.len() < cap || registry.evict_oldest_idle();
        }
    }
}

/// Serves one connection until it closes, is evicted, or the server stops.
#[allow(clippy::too_many_arguments)]
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    tls: Option<Arc<ServerConfig>>,
    router: Router,
    limits: Limits,
    registry: Arc<Registry>,
    number: u64,
    conn: Arc<Conn>,
    stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let service = {
        let conn = Arc::clone(&conn);
        let registry = Arc::clone(&registry);
        hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let busy = Busy::start(Arc::clone(&conn), Arc::clone(&registry));
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(PeerAddr(peer)));
            let answer = router.clone().oneshot(request);
            async move {
                let response = answer.await;
                drop(busy);
                response
            }
        })
    };
    match tls {
        None => drive(stream, service, limits, &conn, stop).await,
        Some(config) => {
            let handshake = TlsAcceptor::from(config).accept(stream);
            let mut stopped = stop.clone();
            tokio::select! {
                done = tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake) => {
                    if let Ok(Ok(stream)) = done {
                        drive(stream, service, limits, &conn, stop).await;
                    }
                }
                () = conn.evict.notified() => {}
                () = async { drop(stopped.wait_for(|s| *s).await) } => {}
            }
        }
    }
    if let Ok(mut conns) = registry.conns.lock() {
        conns.remove(&number);
    }
    registry.freed.notify_waiters();
}

/// HTTP/1.1 on one connection's stream (plain or TLS), until it closes,
/// is evicted, or the server stops.
async fn drive<I, S>(
    io: I,
    service: S,
    limits: Limits,
    conn: &Conn,
    mut stop: watch::Receiver<bool>,
) where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    S: hyper::service::Service<
            hyper::Request<hyper::body::Incoming>,
            Response = Response,
            Error = std::convert::Infallible,
        >,
    S::Future: Send + 'static,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let served = builder.serve_connection(TokioIo::new(io), service);
    let mut served = std::pin::pin!(served);
    tokio::select! {
        _ = served.as_mut() => {}
        () = conn.evict.notified() => {}
        () = async { drop(stop.wait_for(|s| *s).await) } => {
            served.as_mut().graceful_shutdown();
            tokio::select! {
                _ = served.as_mut() => {}
                () = conn.evict.notified() => {}
            }
        }
    }
}

/// A request under way on a connection (it cannot be evicted meanwhile);
/// when it ends, the connection counts as idle from then.
struct Busy {
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl Busy {
    fn start(conn: Arc<Conn>, registry: Arc<Registry>) -> Busy {
        conn.busy.fetch_add(1, Ordering::AcqRel);
        Busy { conn, registry }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.conn
            .idle_since
            .store(self.registry.now_ms(), Ordering::Release);
        self.conn.busy.fetch_sub(1, Ordering::AcqRel);
        self.registry.freed.notify_waiters();
    }
}

/// Middleware: the request's whole body must arrive within `limit`.
pub async fn body_deadline(limit: Duration, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = Body::new(Deadline {
        inner: body,
        sleep: Box::pin(tokio::time::sleep(limit)),
    });
    next.run(Request::from_parts(parts, body)).await
}

/// A body that fails once its deadline has passed.
struct Deadline {
    inner: Body,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl http_body::Body for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        if self.sleep.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            )))));
        }
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_open_file_limit() {
        assert_eq!(connection_cap(400), 400 - RESERVED_FILES as usize);
        assert_eq!(connection_cap(1024), MAX_CONNECTIONS);
        assert_eq!(connection_cap(1 << 20), MAX_CONNECTIONS);
        assert_eq!(connection_cap(100), 16);
        assert!(MAX_CONNECTIONS + (RESERVED_FILES as usize) <= 1024);
    }
}
