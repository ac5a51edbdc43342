//! `plan serve --tls-cert FILE --tls-key FILE`: HTTPS with rustls, no
//! proxy needed. This is the server's TLS configuration; the handshake of
//! each connection runs on that connection's own task with a time limit
//! (`web::connections`), so one slow or plain-HTTP client never holds up
//! the others, and a client that does not speak TLS is closed.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::ServerConfig;

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
