//! TLS to the shared log as libpq's `sslmode` says (rustls):
//!
//! - `disable`: none;
//! - `prefer`: TLS if the server offers it, its certificate unchecked
//!   (libpq's `prefer` checks nothing either); plain otherwise;
//! - `require`: TLS always; the certificate checked against the root
//!   certificates when some are given (`sslrootcert`), as libpq does,
//!   otherwise encryption only;
//! - `verify-ca`: TLS, the certificate signed by a given root;
//! - `verify-full`: that, and issued for the host connected to.
//!
//! The roots: `sslrootcert` (a PEM file, or `system` for the Mozilla
//! roots), else `PGSSLROOTCERT`, else `~/.postgresql/root.crt` if there.
//! A client certificate for servers that ask for one (`hostssl ... cert`):
//! `sslcert` and `sslkey`, PEM files (the key unencrypted).

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use std::path::PathBuf;
use std::sync::Arc;

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    pub fn parse(text: &str) -> Option<SslMode> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "disable" | "allow" => SslMode::Disable,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// Where the trusted roots come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// The Mozilla roots (`sslrootcert=system`).
    System,
    File(PathBuf),
}

/// What a connection's TLS is to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tls {
    pub mode: SslMode,
    pub roots: Option<Roots>,
    /// The client certificate shown to the server, if any.
    pub client: Option<ClientCert>,
}

/// A client certificate (`sslcert`) and its private key (`sslkey`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCert {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The largest client certificate or key file read.
const MAX_CLIENT_FILE: u64 = 1024 * 1024;

impl ClientCert {
    /// The certificate chain and key, read; an error names the file.
    pub fn load(
        &self,
    ) -> Result<
        (
            Vec<CertificateDer<'static>>,
            rustls::pki_types::PrivateKeyDer<'static>,
        ),
        String,
    > {
        use rustls::pki_types::PrivateKeyDer;
        use rustls::pki_types::pem::PemObject;
        let (cert_shown, key_shown) = (self.cert.display(), self.key.display());
        let bytes = crate::files::read_capped(&self.cert, MAX_CLIENT_FILE)
            .map_err(|e| format!("sslcert {cert_shown}: {e}"))?;
        let chain = CertificateDer::pem_slice_iter(&bytes)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("sslcert {cert_shown}: {e}"))?;
        if chain.is_empty() {
            return Err(format!("sslcert {cert_shown}: no certificate in it"));
        }
        let bytes = crate::files::read_capped(&self.key, MAX_CLIENT_FILE)
            .map_err(|e| format!("sslkey {key_shown}: {e}"))?;
        let key = PrivateKeyDer::from_pem_slice(&bytes)
            .map_err(|e| format!("sslkey {key_shown}: no unencrypted private key in it ({e})"))?;
        Ok((chain, key))
    }
}

/// The largest root certificate file read (a bundle of every public CA
/// is about 200 KB).
const MAX_ROOTS: u64 = 4 * 1024 * 1024;

impl Tls {
    /// The connector for this mode; an error (safe to show) when the
    /// roots cannot be read or a verifying mode has none.
    pub fn connector(&self) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = match &self.roots {
            Some(roots) => Some(Arc::new(load(roots)?)),
            None => None,
        };
        let verifier: Arc<dyn ServerCertVerifier> = match (self.mode, roots) {
            (SslMode::VerifyCa | SslMode::VerifyFull, None) => {
                return Err(
                    "sslmode=verify-ca and verify-full need sslrootcert (a PEM file of the \
                     CA, or `system`)"
                        .to_owned(),
                );
            }
            (SslMode::Disable | SslMode::Prefer, _) | (SslMode::Require, None) => {
                Arc::new(Unchecked(Arc::clone(&provider)))
            }
            (mode, Some(roots)) => {
                let webpki =
                    WebPkiServerVerifier::builder_with_provider(roots, Arc::clone(&provider))
                        .build()
                        .map_err(|e| format!("the root certificates: {e}"))?;
                if mode == SslMode::VerifyFull {
                    webpki
                } else {
                    Arc::new(AnyName(webpki))
                }
            }
        };
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let config = match &self.client {
            Some(client) => {
                let (chain, key) = client.load()?;
                builder.with_client_auth_cert(chain, key).map_err(|e| {
                    format!(
                        "sslcert {} with sslkey {}: {e}",
                        client.cert.display(),
                        client.key.display()
                    )
                })?
            }
            None => builder.with_no_client_auth(),
        };
        Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
    }
}

/// The roots of `roots`: a missing, unreadable or empty file is an error.
fn load(roots: &Roots) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::System => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Roots::File(path) => {
            use rustls::pki_types::pem::PemObject;
            let shown = path.display();
            let bytes = crate::files::read_capped(path, MAX_ROOTS)
                .map_err(|e| format!("sslrootcert {shown}: {e}"))?;
            for cert in CertificateDer::pem_slice_iter(&bytes) {
                let cert = cert.map_err(|e| format!("sslrootcert {shown}: {e}"))?;
                store
                    .add(cert)
                    .map_err(|e| format!("sslrootcert {shown}: {e}"))?;
            }
            if store.is_empty() {
                return Err(format!("sslrootcert {shown}: no certificate in it"));
            }
        }
    }
    Ok(store)
}

/// `verify-ca`: the chain must lead to a root; the name is not looked at.
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer`, and `require` without roots: encryption, no identity. The
/// handshake's signatures are still checked (the key is the certificate's).
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
