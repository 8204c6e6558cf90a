//! A blocking PostgreSQL connection in which nothing waits forever: the
//! whole connect (TCP, TLS, startup, authentication) has one deadline,
//! and every call after it a client-side limit besides the server's
//! `statement_timeout`.
//!
//! Why not the `postgres` crate: its `connect_timeout` covers only the
//! TCP connect, and its calls have no limit at all; a server (or proxy)
//! that accepts the connection and never answers held `check --save` and
//! the wizard indefinitely. This is the same thing (`tokio-postgres` on a
//! one-thread runtime), each call under `tokio::time::timeout`. A call
//! that runs out of time leaves the connection unusable (the protocol is
//! mid-message): it is dropped, and `is_closed` says so, so the store
//! opens a new one (or queues in the outbox) the next time.

use std::cell::Cell;
use std::future::Future;
use std::time::Duration;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Error, Portal, Row, Socket, Statement, ToStatement};

/// Why a connection could not be made.
#[derive(Debug)]
pub enum ConnectFailure {
    /// What the server or the network said.
    Pg(Error),
    /// No answer within the deadline.
    TimedOut(Duration),
    /// The runtime could not be made (no threads, no timers).
    Runtime(std::io::Error),
}

/// An open connection.
pub struct Client {
    rt: Runtime,
    inner: tokio_postgres::Client,
    connection: JoinHandle<()>,
    /// Set when a call ran out of time: the connection is dropped.
    broken: Cell<bool>,
    limit: Duration,
}

/// What a call needs besides the statement: the runtime and the limit.
struct Io<'a> {
    rt: &'a Runtime,
    connection: &'a JoinHandle<()>,
    broken: &'a Cell<bool>,
    limit: Duration,
}

impl Io<'_> {
    fn run<T>(&self, call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        if self.broken.get() {
            return Err(Error::__private_api_timeout());
        }
        // The timer is made inside the runtime (its driver must be there).
        let limit = self.limit;
        match self
            .rt
            .block_on(async move { tokio::time::timeout(limit, call).await })
        {
            Ok(done) => done,
            Err(_) => {
                // Half a message may be in flight: the connection cannot
                // be used again.
                self.connection.abort();
                self.broken.set(true);
                // The crate's own "timeout waiting for server" error
                // (what its sync client's `is_valid` returns).
                Err(Error::__private_api_timeout())
            }
        }
    }
}

/// Connects within `deadline` (everything up to a usable session).
pub fn connect<T>(
    config: &tokio_postgres::Config,
    tls: T,
    deadline: Duration,
    limit: Duration,
) -> Result<Client, ConnectFailure>
where
    T: MakeTlsConnect<Socket> + 'static + Send,
    T::TlsConnect: Send,
    T::Stream: Send + 'static,
    <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(ConnectFailure::Runtime)?;
    let (inner, connection) = rt
        .block_on(async { tokio::time::timeout(deadline, config.connect(tls)).await })
        .map_err(|_| ConnectFailure::TimedOut(deadline))?
        .map_err(ConnectFailure::Pg)?;
    // A current-thread runtime runs the connection only inside
    // `block_on`, which is where every call waits.
    let connection = rt.spawn(async move {
        let _ = connection.await;
    });
    Ok(Client {
        rt,
        inner,
        connection,
        broken: Cell::new(false),
        limit,
    })
}

impl Client {
    fn io(&self) -> Io<'_> {
        Io {
            rt: &self.rt,
            connection: &self.connection,
            broken: &self.broken,
            limit: self.limit,
        }
    }

    /// Sets the client-side limit of each call (a migration's is long).
    pub fn set_limit(&mut self, limit: Duration) {
        self.limit = limit;
    }

    pub fn is_closed(&self) -> bool {
        self.broken.get() || self.inner.is_closed()
    }

    pub fn prepare(&mut self, query: &str) -> Result<Statement, Error> {
        self.io().run(self.inner.prepare(query))
    }

    pub fn transaction(&mut self) -> Result<Transaction<'_>, Error> {
        let Client {
            rt,
            inner,
            connection,
            broken,
            limit,
        } = self;
        let io = Io {
            rt,
            connection,
            broken,
            limit: *limit,
        };
        let inner = io.run(inner.transaction())?;
        Ok(Transaction { io, inner })
    }

    /// A read-only transaction (exports).
    pub fn read_only_transaction(&mut self) -> Result<Transaction<'_>, Error> {
        let Client {
            rt,
            inner,
            connection,
            broken,
            limit,
        } = self;
        let io = Io {
            rt,
            connection,
            broken,
            limit: *limit,
        };
        let inner = io.run(inner.build_transaction().read_only(true).start())?;
        Ok(Transaction { io, inner })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.connection.abort();
    }
}

/// A transaction; dropped without `commit`, it is rolled back.
pub struct Transaction<'a> {
    io: Io<'a>,
    inner: tokio_postgres::Transaction<'a>,
}

impl Transaction<'_> {
    pub fn commit(self) -> Result<(), Error> {
        let Transaction { io, inner } = self;
        io.run(inner.commit())
    }

    pub fn bind<T>(
        &mut self,
        statement: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Portal, Error>
    where
        T: ?Sized + ToStatement,
    {
        self.io.run(self.inner.bind(statement, params))
    }

    pub fn query_portal(&mut self, portal: &Portal, max_rows: i32) -> Result<Vec<Row>, Error> {
        self.io.run(self.inner.query_portal(portal, max_rows))
    }
}

/// The calls a client and a transaction share.
pub trait GenericClient {
    fn query<T>(&mut self, query: &T, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, Error>
    where
        T: ?Sized + ToStatement + Sync;
    fn query_one<T>(&mut self, query: &T, params: &[&(dyn ToSql + Sync)]) -> Result<Row, Error>
    where
        T: ?Sized + ToStatement + Sync;
    fn query_opt<T>(
        &mut self,
        query: &T,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, Error>
    where
        T: ?Sized + ToStatement + Sync;
    fn execute<T>(&mut self, query: &T, params: &[&(dyn ToSql + Sync)]) -> Result<u64, Error>
    where
        T: ?Sized + ToStatement + Sync;
    fn batch_execute(&mut self, query: &str) -> Result<(), Error>;
}

macro_rules! generic_client {
    ($ty:ty) => {
        impl GenericClient for $ty {
            fn query<T>(
                &mut self,
                query: &T,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Vec<Row>, Error>
            where
                T: ?Sized + ToStatement + Sync,
            {
                self.io().run(self.inner.query(query, params))
            }
            fn query_one<T>(
                &mut self,
                query: &T,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Row, Error>
            where
                T: ?Sized + ToStatement + Sync,
            {
                self.io().run(self.inner.query_one(query, params))
            }
            fn query_opt<T>(
                &mut self,
                query: &T,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<Option<Row>, Error>
            where
                T: ?Sized + ToStatement + Sync,
            {
                self.io().run(self.inner.query_opt(query, params))
            }
            fn execute<T>(
                &mut self,
                query: &T,
                params: &[&(dyn ToSql + Sync)],
            ) -> Result<u64, Error>
            where
                T: ?Sized + ToStatement + Sync,
            {
                self.io().run(self.inner.execute(query, params))
            }
            fn batch_execute(&mut self, query: &str) -> Result<(), Error> {
                self.io().run(self.inner.batch_execute(query))
            }
        }
    };
}

generic_client!(Client);
generic_client!(Transaction<'_>);

impl<'a> Transaction<'a> {
    fn io(&self) -> &Io<'a> {
        &self.io
    }
}
