//! The TCP (and, for `smtps://`, TLS) stream under lettre's SMTP client.
//!
//! lettre's own `connect_tokio1` leaves Nagle's algorithm on, and lettre writes a mail's
//! data and its final `.` in two writes: the second then waits for the server's delayed
//! ACK, 40 ms on Linux, on every mail. So the mailer opens the socket itself, with
//! `TCP_NODELAY`, and hands it to lettre (`AsyncSmtpConnection::connect_with_transport`);
//! STARTTLS then upgrades it inside lettre. Implicit TLS has to be in place before the
//! server's greeting, so for `smtps://` the TLS handshake is done here, with rustls on the
//! `ring` provider and the same roots lettre uses (Mozilla's, plus any extra ones).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use lettre::transport::smtp::client::AsyncTokioStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::pem::PemObject as _;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

use crate::settings::SmtpConfigError;

/// Connects to the first address of `host` that answers, with Nagle's algorithm off.
pub(crate) async fn connect_tcp(host: &str, port: u16) -> io::Result<TcpStream> {
    let mut last = None;
    for addr in tokio::net::lookup_host((host, port)).await? {
        match TcpStream::connect(addr).await {
            Ok(stream) => {
                // Only a latency matter; a socket that refuses it still works.
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address found")))
}

/// Checks that each PEM text holds at least one certificate, and returns them all.
pub(crate) fn parse_roots(pems: &[&[u8]]) -> Result<Vec<CertificateDer<'static>>, SmtpConfigError> {
    let mut all = Vec::new();
    for pem in pems {
        let certificates = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SmtpConfigError::Tls(format!("root certificate: {e}")))?;
        if certificates.is_empty() {
            return Err(SmtpConfigError::Tls(
                "a root certificate holds no PEM certificate".to_owned(),
            ));
        }
        all.extend(certificates);
    }
    Ok(all)
}

/// The TLS client for implicit TLS: Mozilla's roots and the extra ones.
pub(crate) fn implicit_tls(
    extra_roots: &[CertificateDer<'static>],
) -> Result<TlsConnector, SmtpConfigError> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for root in extra_roots {
        roots
            .add(root.clone())
            .map_err(|e| SmtpConfigError::Tls(format!("root certificate: {e}")))?;
    }
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| SmtpConfigError::Tls(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

/// The server name to check the certificate against.
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, SmtpConfigError> {
    ServerName::try_from(host.to_owned()).map_err(|e| {
        SmtpConfigError::Tls(format!(
            "host {host:?} cannot be checked against a certificate: {e}"
        ))
    })
}

/// A TLS stream over TCP that lettre can drive.
#[derive(Debug)]
pub(crate) struct TlsTcp(pub(crate) tokio_rustls::client::TlsStream<TcpStream>);

impl AsyncRead for TlsTcp {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsTcp {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for TlsTcp {
    fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}
