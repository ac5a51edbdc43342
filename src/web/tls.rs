//! `plan serve --tls-cert FILE --tls-key FILE`: HTTPS with rustls, no
//! proxy needed. Connections are accepted at once and each handshake runs
//! on its own task (with a time limit), so one slow or plain-HTTP client
//! never holds up the others; a client that does not speak TLS (plain
//! HTTP to this port) is refused by the handshake and closed.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;

use crate::error::{Error, Result};
use crate::source::display_path;

/// The longest a client may take to finish its TLS handshake.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads the certificate chain and private key (PEM) into a server
/// configuration; a file that cannot be read or used is a clear error.
pub fn config(cert: &Path, key: &Path) -> Result<Arc<ServerConfig>> {
    let shown = |p: &Path| display_path(p).display().to_string();
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
        .map_err(|e| {
            let file = shown(cert);
            Error::usage(text!(
                en: "--tls-cert {file}: not a PEM certificate chain: {e}",
                ja: "--tls-cert {file}: PEM の証明書チェーンとして読めません: {e}",
            ))
        })?;
    if certs.is_empty() {
        let file = shown(cert);
        return Err(Error::usage(text!(
            en: "--tls-cert {file}: no certificate in it (BEGIN CERTIFICATE)",
            ja: "--tls-cert {file}: 証明書（BEGIN CERTIFICATE）がありません",
        )));
    }
    let private = PrivateKeyDer::from_pem_file(key).map_err(|e| {
        let file = shown(key);
        Error::usage(text!(
            en: "--tls-key {file}: not a PEM private key: {e}",
            ja: "--tls-key {file}: PEM の秘密鍵として読めません: {e}",
        ))
    })?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, private))
        .map_err(|e| {
            let (c, k) = (shown(cert), shown(key));
            Error::usage(text!(
                en: "--tls-cert {c} and --tls-key {k} cannot be used together: {e}",
                ja: "--tls-cert {c} と --tls-key {k} を組み合わせて使えません: {e}",
            ))
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// A listener that yields connections whose TLS handshake is done.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Starts accepting on `listener` (on the current runtime).
    pub fn new(listener: TcpListener, config: Arc<ServerConfig>) -> std::io::Result<TlsListener> {
        let local = listener.local_addr()?;
        let acceptor = TlsAcceptor::from(config);
        let (send, ready) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let (stream, peer) = match listener.accept().await {
                    Ok(pair) => pair,
                    Err(_) => {
                        // Out of file descriptors and the like: wait, go on.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                if send.is_closed() {
                    return;
                }
                let acceptor = acceptor.clone();
                let send = send.clone();
                tokio::spawn(async move {
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
                    {
                        let _ = send.send((tls, peer)).await;
                    }
                });
            }
        });
        Ok(TlsListener { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(pair) => pair,
            // The accepting task ended (it never does while we listen).
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
