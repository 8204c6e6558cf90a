//! Sending the letter by SMTP (config `smtp_url`, `smtp_from`): SMTPS
//! (`smtps://`) or STARTTLS required (`smtp://`); plain `smtp://` only to
//! this machine (localhost, 127.0.0.1, ::1). Every connection has a
//! deadline. The password is never shown: [`masked`] is what is printed.

use lettre::Transport;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use std::time::Duration;

/// How long one SMTP exchange may take before the send gives up.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The URL with its password replaced by `***`, safe to print; one that
/// does not parse is shown without anything before its last `@`.
pub fn masked(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => match url.rsplit_once('@') {
            Some((_, host)) => format!("***@{host}"),
            None => url.to_owned(),
        },
    }
}

fn is_local(host: &str) -> bool {
    matches!(
        host.trim_start_matches('[').trim_end_matches(']'),
        "localhost" | "127.0.0.1" | "::1"
    )
}

/// The transport for `smtp_url`, or why not (safe to show: the URL in
/// it is masked).
pub fn transport(smtp_url: &str) -> Result<SmtpTransport, String> {
    let shown = masked(smtp_url);
    let u = url::Url::parse(smtp_url).map_err(|e| format!("smtp_url {shown}: {e}"))?;
    let host = u
        .host_str()
        .ok_or_else(|| format!("smtp_url {shown}: no host"))?
        .to_owned();
    let bare = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_owned();
    let tls = |port_default: u16| -> Result<(TlsParameters, u16), String> {
        let params =
            TlsParameters::new(bare.clone()).map_err(|e| format!("smtp_url {shown}: TLS: {e}"))?;
        Ok((params, u.port().unwrap_or(port_default)))
    };
    let mut builder = match u.scheme() {
        "smtps" => {
            let (params, port) = tls(465)?;
            SmtpTransport::builder_dangerous(bare.as_str())
                .port(port)
                .tls(Tls::Wrapper(params))
        }
        "smtp" if is_local(&host) => {
            SmtpTransport::builder_dangerous(bare.as_str()).port(u.port().unwrap_or(25))
        }
        "smtp" => {
            let (params, port) = tls(587)?;
            SmtpTransport::builder_dangerous(bare.as_str())
                .port(port)
                .tls(Tls::Required(params))
        }
        other => {
            return Err(format!(
                "smtp_url {shown}: scheme {other}: is not smtps:// or smtp:// (STARTTLS)"
            ));
        }
    };
    if !u.username().is_empty() {
        let user = percent_decode(u.username());
        let password = percent_decode(u.password().unwrap_or_default());
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder.timeout(Some(TIMEOUT)).build())
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Sends `message` through `smtp_url`; the error names the server
/// (masked) and what failed.
pub fn send(smtp_url: &str, message: &lettre::Message) -> Result<(), String> {
    let transport = transport(smtp_url)?;
    transport
        .send(message)
        .map(|_| ())
        .map_err(|e| format!("sending through {}: {e}", masked(smtp_url)))
}
