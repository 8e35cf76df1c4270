//! The throw-away CA and loopback certificate the server's STARTTLS and implicit TLS use.

use std::sync::Arc;

use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A CA and a certificate for `127.0.0.1` and `localhost` signed by it.
#[derive(Clone)]
pub struct TestCertificates {
    /// The CA's certificate, PEM.
    pub ca_pem: String,
    leaf_der: Vec<u8>,
    key_der: Vec<u8>,
}

impl TestCertificates {
    /// Fresh ones.
    ///
    /// # Panics
    /// When rcgen fails.
    #[must_use]
    pub fn generate() -> Self {
        let fail = |e: rcgen::Error| -> ! { panic!("test certificates: {e}") };
        let ca_key = rcgen::KeyPair::generate().unwrap_or_else(|e| fail(e));
        let mut ca_params =
            rcgen::CertificateParams::new(Vec::<String>::new()).unwrap_or_else(|e| fail(e));
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Schoolbrug test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap_or_else(|e| fail(e));
        let leaf_key = rcgen::KeyPair::generate().unwrap_or_else(|e| fail(e));
        let leaf_params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                .unwrap_or_else(|e| fail(e));
        let leaf = leaf_params
            .signed_by(&leaf_key, &ca)
            .unwrap_or_else(|e| fail(e));
        Self {
            ca_pem: ca.pem(),
            leaf_der: leaf.der().to_vec(),
            key_der: leaf_key.serialize_der(),
        }
    }

    pub(super) fn acceptor(&self) -> TlsAcceptor {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| {
                b.with_no_client_auth().with_single_cert(
                    vec![CertificateDer::from(self.leaf_der.clone())],
                    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone())),
                )
            })
            .unwrap_or_else(|e| panic!("a TLS configuration: {e}"));
        TlsAcceptor::from(Arc::new(config))
    }
}
