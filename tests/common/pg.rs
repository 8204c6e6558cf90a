//! PostgreSQL for the tests: each test gets a schema of its own in the
//! database `CLAIMDESK_TEST_DATABASE_URL` names, created for it and
//! dropped when it ends, so tests run side by side and leave nothing.
//!
//! Without the variable the PostgreSQL tests are reported as ignored,
//! with the reason said once; with `CLAIMDESK_REQUIRE_POSTGRES=1` (CI)
//! a missing variable fails the run instead.
//!
//! Include with `#[path = "common/pg.rs"] mod pg;`.
#![allow(dead_code)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const URL_VAR: &str = "CLAIMDESK_TEST_DATABASE_URL";
pub const REQUIRE_VAR: &str = "CLAIMDESK_REQUIRE_POSTGRES";

/// The test database's URL, if given. Exits the test binary with a
/// failure when it is required and missing.
pub fn database_url() -> Option<String> {
    let url = std::env::var(URL_VAR).ok().filter(|u| !u.trim().is_empty());
    if url.is_none() {
        if std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1") {
            eprintln!("{REQUIRE_VAR}=1 but {URL_VAR} is not set: the PostgreSQL tests cannot run");
            std::process::exit(101);
        }
        eprintln!(
            "note: PostgreSQL tests ignored: {URL_VAR} is not set \
             (run them with .ci/with-postgres cargo test)"
        );
    }
    url
}

/// Schemas made by this test, dropped with it.
pub struct TestDb {
    base: String,
    admin: Mutex<postgres::Client>,
    schemas: Mutex<Vec<String>>,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    pub fn new(base: &str) -> TestDb {
        let admin = postgres::Client::connect(base, postgres::NoTls).expect("test database");
        TestDb {
            base: base.to_owned(),
            admin: Mutex::new(admin),
            schemas: Mutex::new(Vec::new()),
        }
    }

    /// A new, empty schema; the URL whose connections use it.
    pub fn fresh_url(&self) -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "t_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        self.admin
            .lock()
            .expect("admin")
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .expect("create schema");
        self.schemas.lock().expect("schemas").push(name.clone());
        with_schema(&self.base, &name)
    }

    /// A plain SQL connection to the test database (to look inside).
    pub fn sql(&self, url: &str) -> postgres::Client {
        postgres::Client::connect(url, postgres::NoTls).expect("connect")
    }
}

/// `base` with `search_path` set to `schema` (then `public`, where
/// `pg_trgm` lives).
pub fn with_schema(base: &str, schema: &str) -> String {
    let joiner = if base.contains('?') { '&' } else { '?' };
    format!("{base}{joiner}options=-csearch_path%3D{schema}%2Cpublic")
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let schemas = std::mem::take(&mut *self.schemas.lock().expect("schemas"));
        if let Ok(mut admin) = self.admin.lock() {
            for name in schemas {
                let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"));
            }
        }
    }
}
