//! What a PostgreSQL error means to claimdesk: offline (by error kind and
//! SQLSTATE, never by text), refused, or a fault of the log, each kept
//! with its source.

use super::*;

/// What a database error means for the save that met it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The server cannot take it now (down, shutting down, starting up,
    /// the connection dropped or timed out): the outbox, and a retry.
    Offline,
    /// What a retry cannot fix (a password, a permission, a bad claim, a
    /// constraint, a server certificate refused): said to the agent at
    /// once.
    Refused,
}

/// Classifies `e` by its kind and SQLSTATE, never by its text: the one
/// place that says what is "offline". Connect and call deadlines end
/// here too: the client's own limit that ran out (see `client`) and a
/// connect that timed out are offline.
///
/// - Server errors: class 08 (connection exceptions), 57P01 (admin
///   shutdown), 57P02 (crash shutdown), 57P03 (cannot connect now: the
///   server is starting up or shutting down) and 57014 (a statement
///   timeout cancelled it) are offline; every other SQLSTATE, e.g.
///   28P01/28000 (password) or 42501 (permission), is a refusal.
/// - A TLS handshake that refused the server's certificate (or the
///   protocol) is a refusal, never offline: the outbox must not hide a
///   misconfiguration or an impostor.
/// - Client errors: a closed connection, an I/O error anywhere in the
///   source chain (refused, reset, timed out), and the driver's own
///   timeout (what the client returns when a call's limit runs out) are
///   offline; anything else (a configuration or encoding error) is a
///   refusal.
pub fn fault_of(e: &tokio_postgres::Error) -> Fault {
    use tokio_postgres::error::SqlState;
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let offline = code.code().starts_with("08")
            || [
                SqlState::ADMIN_SHUTDOWN,
                SqlState::CRASH_SHUTDOWN,
                SqlState::CANNOT_CONNECT_NOW,
                SqlState::QUERY_CANCELED,
            ]
            .contains(code);
        return if offline {
            Fault::Offline
        } else {
            Fault::Refused
        };
    }
    if tls_refusal(e).is_some() {
        return Fault::Refused;
    }
    if e.is_closed() {
        return Fault::Offline;
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return Fault::Offline;
        }
        source = s.source();
    }
    // The timeout has no source and no public kind: it is the driver's
    // own timeout error (which `client` returns when a call's limit runs
    // out), compared as the driver makes it.
    if std::error::Error::source(e).is_none()
        && e.to_string() == tokio_postgres::Error::__private_api_timeout().to_string()
    {
        return Fault::Offline;
    }
    Fault::Refused
}

/// What TLS refused, if `e` is a TLS handshake that failed on a
/// certificate or the protocol (not on the network).
fn tls_refusal(e: &tokio_postgres::Error) -> Option<String> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(tls) = s.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        if let Some(tls) = s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            return Some(tls.to_string());
        }
        source = s.source();
    }
    None
}

/// A database error as a [`StoreError`], the password scrubbed out and
/// the error itself kept as its source: [`Fault::Offline`] is
/// [`StoreError::Unreachable`], a refusal [`StoreError::Database`].
pub(crate) fn pg_error(
    location: &str,
    secret: Option<&str>,
    e: tokio_postgres::Error,
) -> StoreError {
    let said = match (e.as_db_error(), tls_refusal(&e)) {
        (Some(db), _) => format!("{} ({})", db.message(), db.code().code()),
        (None, Some(tls)) => format!("{e}: {tls}"),
        (None, None) => e.to_string(),
    };
    classified(location, &credentials::scrub(&said, secret), e)
}

/// `e` as a [`StoreError`] saying `text` (already scrubbed), by
/// [`fault_of`].
pub(super) fn classified(location: &str, text: &str, e: tokio_postgres::Error) -> StoreError {
    let fault = fault_of(&e);
    // The server's words, neutralised: a log line is shown on a terminal.
    tracing::debug!(log = %crate::text::shown(location, 200), ?fault, error = %crate::text::shown(text, 300), "database error");
    let source: Option<crate::store::ErrorSource> = Some(std::sync::Arc::new(e));
    match fault {
        Fault::Offline => StoreError::Unreachable {
            location: location.to_owned(),
            reason: text.to_owned(),
            source,
        },
        Fault::Refused => StoreError::Database {
            location: location.to_owned(),
            detail: text.to_owned(),
            source,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `client` returns when a call's own limit runs out (the
    /// connection is then dropped): offline, so the save waits in the
    /// outbox; the same error stands for a connect past its deadline.
    #[test]
    pub(super) fn the_clients_own_time_out_is_offline_and_kept_as_the_source() {
        let timeout = tokio_postgres::Error::__private_api_timeout();
        assert_eq!(fault_of(&timeout), Fault::Offline);
        match pg_error("postgres://ana@db/claims", None, timeout) {
            e @ StoreError::Unreachable { .. } => {
                assert!(std::error::Error::source(&e).is_some(), "{e:?}");
            }
            other => panic!("offline: {other:?}"),
        }
    }
}
