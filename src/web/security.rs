//! What every request passes and every response carries.
//!
//! - The `Host` header must name the address the server was bound to
//!   (421 otherwise): a page on another site that points its own DNS name
//!   at 127.0.0.1 (DNS rebinding) is not served.
//! - A state-changing request from a browser must come from our own pages:
//!   its `Origin`, when sent, must be this server, and `Sec-Fetch-Site`
//!   must not say cross-site (403 otherwise). The CSRF token is checked by
//!   the form handlers on top of this.
//! - Every response forbids scripts, frames, plugins, foreign styles and
//!   images, form posts elsewhere, sniffing and referrers. There are no
//!   CORS headers: other origins cannot read anything.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{StatusCode, uri::Authority};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::web::app::App;
use crate::web::reply::Reply;

/// The policy of every page: nothing but our own stylesheets and icon,
/// inline SVG (`data:` images), and forms posted to ourselves.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The names a request may call this server by.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// The port the server listens on.
    port: u16,
    /// The address it was bound to.
    ip: IpAddr,
    /// The name given with `--host`, when it is a name (lowercase).
    name: Option<String>,
    /// Whether browsers name it `https://` (`--tls-cert`).
    tls: bool,
}

impl Hosts {
    /// The names for a server bound to `bound`, asked for as `host`.
    pub fn new(host: &str, bound: SocketAddr) -> Hosts {
        let host = host.trim().trim_start_matches('[').trim_end_matches(']');
        Hosts {
            port: bound.port(),
            ip: bound.ip(),
            name: host
                .parse::<IpAddr>()
                .is_err()
                .then(|| host.to_ascii_lowercase()),
            tls: false,
        }
    }

    /// The same names, reached over TLS (`Origin: https://…`).
    pub fn with_tls(mut self, tls: bool) -> Hosts {
        self.tls = tls;
        self
    }

    /// Whether a `Host` header names this server: its port, and an address
    /// it listens on or the name it was started with. A loopback server
    /// also answers to `localhost` and every loopback address; one bound to
    /// every interface (0.0.0.0, ::) to `localhost` and any address
    /// literal, never to another name (DNS rebinding needs a name).
    pub fn allows(&self, host_header: &str) -> bool {
        let Ok(authority) = host_header.parse::<Authority>() else {
            return false;
        };
        let default_port = if self.tls { 443 } else { 80 };
        if authority.port_u16().unwrap_or(default_port) != self.port {
            return false;
        }
        let host = authority.host().to_ascii_lowercase();
        let literal = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .ok();
        if self.name.as_deref() == Some(host.as_str()) {
            return true;
        }
        match literal {
            Some(ip) if self.ip.is_unspecified() => !ip.is_multicast(),
            Some(ip) if self.ip.is_loopback() => ip.is_loopback(),
            Some(ip) => ip == self.ip,
            // Browsers resolve `localhost` to loopback themselves.
            None => host == "localhost" && (self.ip.is_loopback() || self.ip.is_unspecified()),
        }
    }

    /// Whether an `Origin` header is this server as a browser names it.
    fn allows_origin(&self, origin: &str) -> bool {
        let scheme = if self.tls { "https://" } else { "http://" };
        origin
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.contains('/') && self.allows(rest))
    }
}

/// Refuses requests that do not name this server, and state-changing
/// requests that a browser says come from elsewhere.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| app.hosts.allows(h)) {
        return Reply::text(
            StatusCode::MISDIRECTED_REQUEST,
            "This server answers only to the address it was started on (plan serve --host).\n",
        )
        .into_response();
    }
    if !request.method().is_safe() && !same_origin(&app.hosts, headers) {
        return Reply::text(
            StatusCode::FORBIDDEN,
            "A form on another site cannot change this plan.\n",
        )
        .into_response();
    }
    next.run(request).await
}

/// Whether a browser's request comes from one of our pages (a request
/// without these headers, such as curl's, is left to the CSRF token). Our
/// pages say `Referrer-Policy: no-referrer`, so a browser posts their
/// forms with `Origin: null`; that is ours only when `Sec-Fetch-Site` says
/// same-origin (a sandboxed frame elsewhere says cross-site).
fn same_origin(hosts: &Hosts, headers: &HeaderMap) -> bool {
    let site = headers
        .get("sec-fetch-site")
        .map(|h| h.to_str().unwrap_or("cross-site"));
    let site_ok = matches!(site, None | Some("same-origin" | "none"));
    match headers.get(header::ORIGIN).map(HeaderValue::to_str) {
        None => site_ok,
        Some(Ok("null")) => site == Some("same-origin"),
        Some(Ok(origin)) => site_ok && hosts.allows_origin(origin),
        Some(Err(_)) => false,
    }
}

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(host: &str, addr: &str) -> Hosts {
        Hosts::new(host, addr.parse().expect("an address"))
    }

    #[test]
    fn a_loopback_server_answers_to_loopback_names_on_its_port() {
        let h = at("127.0.0.1", "127.0.0.1:8040");
        assert!(h.allows("127.0.0.1:8040"));
        assert!(h.allows("localhost:8040"));
        assert!(h.allows("LOCALHOST:8040"));
        assert!(h.allows("[::1]:8040"));
        assert!(!h.allows("127.0.0.1:8041"));
        assert!(!h.allows("127.0.0.1"), "port 80 is not ours");
        assert!(!h.allows("evil.example:8040"), "DNS rebinding");
        assert!(!h.allows("192.168.1.2:8040"));
        assert!(!h.allows(""));
        assert!(!h.allows("a b:8040"));
        assert!(h.allows_origin("http://localhost:8040"));
        assert!(!h.allows_origin("https://localhost:8040"));
        assert!(!h.allows_origin("http://evil.example:8040"));
        assert!(!h.allows_origin("null"));
    }

    #[test]
    fn a_server_on_every_interface_answers_to_addresses_and_its_name() {
        let any = at("0.0.0.0", "0.0.0.0:8040");
        assert!(any.allows("192.168.1.2:8040"));
        assert!(!any.allows("evil.example:8040"));
        assert!(any.allows("localhost:8040"));
        let named = at("plan-box.local", "192.168.1.2:8040");
        assert!(named.allows("plan-box.local:8040"));
        assert!(named.allows("192.168.1.2:8040"));
        assert!(!named.allows("127.0.0.1:8040"));
    }
}
