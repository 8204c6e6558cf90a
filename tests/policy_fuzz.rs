//! The policy compiler survives any file: at least 10,000 hostile policy
//! files a run, from a seeded generator (set `POLICY_FUZZ_SEED` to explore
//! others; `POLICY_FUZZ_COUNT` for more files). Each is compiled and, when
//! it compiles, model-checked (lint), in-process: it must return Ok or Err,
//! never panic, within 6 s of CPU time and 100 MB (a counting allocator
//! measures the peak). The heaviest files are then run through the real binary
//! (`claimdesk policies check FILE`, `claimdesk check --policies DIR`),
//! whose peak RSS is read with `getrusage(RUSAGE_CHILDREN)`.
//!
//! The hostile shapes: override rings, long `earliest_of` chains, thousands
//! of rules, TOML nested hundreds deep, control characters in every string,
//! huge and negative numbers of days and months, unknown placeholders,
//! empty and truncated files, random edits of the shipped policies, and
//! dated versions (`[[versions]]`): real, impossible, malformed, repeated
//! and out-of-order dates, drops of ids that are not there, restated rules
//! naming windows that are gone, and edits of the two-version test policy.
//! Every version of a file that compiles is linted, and the first and last
//! are diffed (`policies diff`).

#[allow(dead_code)] // uses a few of the shared helpers
mod common;

use claimdesk::rules::policy::diff::diff;
use claimdesk::rules::policy::lint::lint;
use claimdesk::rules::policy::{EMBEDDED, compile_policy};
use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak, for the 100 MB bound.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only adds counters.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout has a non-zero size (GlobalAlloc's contract).
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller passes a pointer this allocator gave out, with its layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller passes a pointer this allocator gave out, with its layout.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let live = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A bound, not a speed target (those live in `cargo bench`): a hostile
/// file that makes loading or probing blow up takes far longer than this.
/// The shipped policy's own probes take 1.7-2.0 s of CPU in this debug
/// build on a loaded 2-core machine, so 2 s failed by chance; 6 s keeps
/// the guard without the flake.
const TIME_LIMIT: Duration = Duration::from_secs(6);
const MEMORY_LIMIT: usize = 100 << 20;

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A TOML string value: usually a quoted, escaped string carrying control
/// characters, bidi overrides and braces; sometimes raw control bytes
/// (a TOML error), sometimes not a string at all.
fn string(rng: &mut Rng, base: &str) -> String {
    const NASTY: &[&str] = &[
        "\\u001b[31m",
        "\\u0007",
        "\\u0000",
        "\\u009b",
        "\\u202e",
        "\\r\\n",
        "\\t",
        "{",
        "}",
        "{date.nope}",
        "{contact.x}",
        "{fact.approval_date}",
        "{issue}",
        "{{}}",
        "\\\\",
        "é✓",
    ];
    match rng.below(100) {
        0..=59 => format!("\"{base}\""),
        60..=89 => {
            let mut s = String::from(base);
            for _ in 0..=rng.below(3) {
                let nasty: &&str = rng.pick(NASTY);
                s.push_str(nasty);
            }
            format!("\"{s}\"")
        }
        90..=94 => format!("\"{base}\u{7}\u{1b}\""),
        95..=97 => format!("'{base}\u{1b}'"),
        _ => (rng.next() % 1000).to_string(),
    }
}

fn number(rng: &mut Rng) -> String {
    const HOSTILE: &[&str] = &[
        "1000000000000000000",
        "-1",
        "0",
        "-9223372036854775808",
        "9223372036854775807",
        "3660",
        "3661",
        "120",
        "121",
        "4294967296",
        "1e308",
        "nan",
        "\"30\"",
        "2147483648",
    ];
    if rng.chance(30) {
        (*rng.pick(HOSTILE)).to_owned()
    } else {
        (1 + rng.below(400)).to_string()
    }
}

const DATE_FIELDS: &[&str] = &[
    "order_date",
    "delivery_date",
    "invoice_date",
    "first_notice_date",
    "approval_date",
    "claim_date",
    "nope",
];
const VERDICTS: &[&str] = &["eligible", "not_eligible", "review", "follow_up", "maybe"];
const SHIPPING: &[&str] = &["vendor", "customer", "none", "not_stated", "nobody"];

/// A small policy, mostly well formed, with hostile values sprinkled in.
fn small_policy(rng: &mut Rng) -> String {
    let mut t = String::new();
    let tiers = 1 + rng.below(3);
    let tier_list: Vec<String> = (0..tiers).map(|i| format!("\"t{i}\"")).collect();
    let _ = writeln!(t, "tiers = [{}]\n", tier_list.join(", "));
    let _ = writeln!(
        t,
        "[vendor]\nid = {}\nname = {}",
        if rng.chance(90) {
            "\"fuzz\"".to_owned()
        } else {
            string(rng, "fu zz")
        },
        string(rng, "Fuzz Co")
    );
    if rng.chance(20) {
        let _ = writeln!(t, "default_channel = {}", string(rng, "c0"));
    }
    let _ = writeln!(
        t,
        "\n[contacts]\nhelp = {}",
        string(rng, "help@example.com")
    );
    let channels = 1 + rng.below(2);
    for i in 0..channels {
        let _ = writeln!(
            t,
            "\n[[channels]]\nid = \"c{i}\"\nlabel = {}",
            string(rng, "Channel")
        );
    }
    let issues = 1 + rng.below(2);
    for i in 0..issues {
        let _ = writeln!(
            t,
            "\n[[issues]]\nid = \"i{i}\"\nlabel = {}\nhelp = {}",
            string(rng, "Issue"),
            string(rng, "help")
        );
    }
    let _ = writeln!(
        t,
        "\n[[clauses]]\nid = \"K-1\"\nshort = {}\ntext = {}",
        string(rng, "short"),
        string(rng, "The policy says so.")
    );
    let issue_list: Vec<String> = (0..issues).map(|i| format!("\"i{i}\"")).collect();
    let _ = writeln!(
        t,
        "\n[[requires]]\nissues = [{}]\nrequired = [{}]\noptional = [{}]",
        issue_list.join(", "),
        if rng.chance(50) { "\"order_date\"" } else { "" },
        if rng.chance(30) {
            "\"first_notice_date\""
        } else {
            ""
        },
    );
    let windows = rng.below(3);
    for i in 0..windows {
        let _ = writeln!(
            t,
            "\n[[windows]]\nid = \"w{i}\"\nlabel = {}",
            string(rng, "Limit")
        );
        if i >= 2 && rng.chance(40) {
            let _ = writeln!(t, "earliest_of = [\"w{}\", \"w{}\"]", i - 1, rng.below(i));
        } else {
            let _ = writeln!(t, "from = \"{}\"", rng.pick(DATE_FIELDS));
            if rng.chance(60) {
                let _ = writeln!(t, "days = {}", number(rng));
            } else {
                let _ = writeln!(t, "months = {}", number(rng));
            }
        }
        let measure = if rng.chance(50) {
            "claim_date"
        } else {
            "first_notice_date"
        };
        let _ = writeln!(t, "measure = \"{measure}\"\nclauses = [\"K-1\"]");
    }
    let rules = 1 + rng.below(4);
    for i in 0..rules {
        let _ = writeln!(
            t,
            "\n[[rules]]\nid = \"r{i}\"\nlabel = {}",
            string(rng, "Rule")
        );
        if i == 0 || rng.chance(60) {
            let _ = writeln!(
                t,
                "tier = \"t{}\"\nverdict = \"{}\"\nsummary = {}",
                rng.below(tiers),
                rng.pick(VERDICTS),
                string(rng, "Decided by {vendor} for {issue}.")
            );
        }
        let _ = writeln!(
            t,
            "return_shipping = \"{}\"\nclauses = [\"K-1\"]",
            rng.pick(SHIPPING)
        );
        if windows > 0 && rng.chance(40) {
            let w = rng.below(windows);
            let side = if rng.chance(50) { "within" } else { "after" };
            let _ = writeln!(t, "when.{side} = [\"w{w}\"]\ndeadlines = [\"w{w}\"]");
        }
        if rng.chance(20) {
            let _ = writeln!(t, "when.undamaged = {}", rng.chance(50));
        }
        if rules > 1 && rng.chance(30) {
            let _ = writeln!(t, "overrides = [\"r{}\"]", rng.below(rules));
        }
        if rng.chance(40) {
            let _ = writeln!(
                t,
                "steps = [{{ text = {}, clauses = [\"K-1\"] }}]",
                string(rng, "Write to {contact.help} by {date.w0}.")
            );
        }
    }
    t
}

/// A valid skeleton, for the shapes that need everything else to compile.
fn skeleton(windows: &str, rules: &str) -> String {
    format!(
        "tiers = [\"main\"]\n[vendor]\nid = \"big\"\nname = \"Big\"\n\
         [[channels]]\nid = \"c0\"\nlabel = \"C\"\n[[issues]]\nid = \"i0\"\nlabel = \"I\"\n\
         [[clauses]]\nid = \"K-1\"\nshort = \"s\"\ntext = \"t\"\n\
         [[requires]]\nissues = [\"i0\"]\nrequired = [\"order_date\"]\n{windows}{rules}"
    )
}

fn decision_rule(id: &str, extra: &str) -> String {
    format!(
        "\n[[rules]]\nid = \"{id}\"\nlabel = \"L\"\ntier = \"main\"\nverdict = \"eligible\"\n\
         summary = \"S.\"\nreturn_shipping = \"vendor\"\nclauses = [\"K-1\"]\n{extra}"
    )
}

/// Rules overriding each other at random: rings of every length.
fn override_graph(rng: &mut Rng) -> String {
    let most = if rng.chance(5) { 2000 } else { 12 };
    let n = 2 + rng.below(most);
    let mut rules = String::new();
    for i in 0..n {
        let targets: Vec<String> = (0..rng.below(3))
            .map(|_| format!("\"r{}\"", rng.below(n)))
            .collect();
        rules.push_str(&decision_rule(
            &format!("r{i}"),
            &format!("overrides = [{}]\n", targets.join(", ")),
        ));
    }
    skeleton("", &rules)
}

/// `earliest_of` chains of random shape, up to a few thousand windows.
fn window_chain(rng: &mut Rng) -> String {
    let most = if rng.chance(5) { 3000 } else { 60 };
    let n = 2 + rng.below(most);
    let mut windows = String::new();
    for i in 0..n {
        let _ = write!(windows, "\n[[windows]]\nid = \"w{i}\"\nlabel = \"W{i}\"\n");
        if i < 2 || rng.chance(20) {
            let _ = write!(windows, "from = \"order_date\"\ndays = {}\n", number(rng));
        } else {
            let parts: Vec<String> = (0..2 + rng.below(3))
                .map(|_| format!("\"w{}\"", i - 1 - rng.below(i.min(3))))
                .collect();
            let _ = writeln!(windows, "earliest_of = [{}]", parts.join(", "));
        }
        windows.push_str("measure = \"claim_date\"\n");
    }
    let last = n - 1;
    let rule = decision_rule(
        "r0",
        &format!(
            "deadlines = [\"w{last}\"]\nsteps = [{{ text = \"By {{date.w{last}}}.\", clauses = [\"K-1\"] }}]\n"
        ),
    );
    skeleton(&windows, &rule)
}

/// Thousands of rules (finding rules that all fire, notes on each).
fn many_rules(rng: &mut Rng) -> String {
    let n = 1000 + rng.below(1500);
    let mut rules = decision_rule("d0", "");
    for i in 0..n {
        let _ = write!(
            rules,
            "\n[[rules]]\nid = \"f{i}\"\nlabel = \"F\"\nnotes = [{{ kind = \"conflict\", text = \"N{i} {{issue}}\", clauses = [\"K-1\"] }}]\n"
        );
        if rng.chance(10) {
            let _ = writeln!(rules, "overrides = [\"f{}\"]", rng.below(n));
        }
    }
    skeleton("", &rules)
}

/// TOML arrays, inline tables and dotted keys nested hundreds deep.
fn deep_nesting(rng: &mut Rng) -> String {
    let depth = 100 + rng.below(5000);
    let value = match rng.below(3) {
        0 => format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
        1 => format!("{}1{}", "{ a = ".repeat(depth), " }".repeat(depth)),
        _ => format!(
            "[{}]",
            "{ b = [".repeat(depth.min(400)) + &"] }".repeat(depth.min(400))
        ),
    };
    let key = rng.pick(&["tiers", "channels", "when.issue", "x", "clauses"]);
    match rng.below(3) {
        0 => format!("{key} = {value}\n"),
        1 => skeleton("", &decision_rule("r0", &format!("{key} = {value}\n"))),
        _ => format!("{} = 1\n", vec!["a"; depth].join(".")),
    }
}

/// A shipped policy with random lines deleted, duplicated or changed.
fn mutated(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(6) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(6) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => lines[i] = format!("days = {}", number(rng)),
            3 => lines[i] = lines[i].replace('"', "\"\u{1b}["),
            4 => lines[i] = lines[i].replace("{", "{nope."),
            _ => lines.truncate(i),
        }
    }
    lines.join("\n")
}

/// A date for `effective_from`: usually real, sometimes impossible,
/// malformed, a TOML date, or not a date at all.
fn version_date(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=5 => format!(
            "\"{}-{:02}-{:02}\"",
            2020 + rng.below(10),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        6 => (*rng.pick(&[
            "\"2027-02-30\"",
            "\"2027-1-1\"",
            "\"0000-00-00\"",
            "\"9999-12-31\"",
        ]))
        .to_owned(),
        7 => format!("{}-{:02}-01", 2020 + rng.below(10), 1 + rng.below(12)),
        8 => "2027-01-01T10:00:00".to_owned(),
        _ => string(rng, "2027-01-01"),
    }
}

/// The test vendor with a few `[[versions]]` tables of random shape.
fn versioned(rng: &mut Rng, zentro: &str) -> String {
    let mut text = zentro.replacen(
        "[vendor]\n",
        &format!(
            "[vendor]\n{}{}",
            if rng.chance(90) {
                "in_force_on = [\"delivery_date\", \"order_date\"]\n"
            } else {
                "in_force_on = [\"nope\"]\n"
            },
            if rng.chance(30) {
                format!("effective_from = {}\n", version_date(rng))
            } else {
                String::new()
            }
        ),
        1,
    );
    const IDS: &[&str] = &[
        "return_14_days",
        "warranty_24_months",
        "battery",
        "nope",
        "warranty",
    ];
    for n in 0..1 + rng.below(4) {
        text.push_str("\n[[versions]]\n");
        if rng.chance(90) {
            text.push_str(&format!("effective_from = {}\n", version_date(rng)));
        }
        if rng.chance(50) {
            text.push_str(&format!("version = {}\n", string(rng, &format!("v{n}"))));
        }
        if rng.chance(20) {
            text.push_str(&format!(
                "restates = {}\n",
                rng.pick(&["\"all\"", "\"changes\"", "\"some\"", "1"])
            ));
        }
        if rng.chance(30) {
            text.push_str(&format!("drop_windows = [\"{}\"]\n", rng.pick(IDS)));
        }
        if rng.chance(30) {
            text.push_str(&format!("drop_rules = [\"{}\"]\n", rng.pick(IDS)));
        }
        if rng.chance(50) {
            text.push_str(&format!(
                "\n[[versions.windows]]\nid = \"{}\"\nlabel = \"w\"\nfrom = \"delivery_date\"\ndays = {}\nmeasure = \"first_notice_date\"\n",
                rng.pick(IDS),
                number(rng)
            ));
        }
        if rng.chance(50) {
            text.push_str(&format!(
                "\n[[versions.rules]]\nid = \"{}\"\nlabel = \"r\"\ntier = \"window\"\nwhen.issue = [\"defective\"]\nwhen.within = [\"{}\"]\nverdict = \"eligible\"\nsummary = {}\nclauses = [\"ZN-W24\"]\n",
                rng.pick(IDS),
                rng.pick(IDS),
                string(rng, "s")
            ));
        }
        if rng.chance(10) {
            // A base table after the versions.
            text.push_str("\n[[clauses]]\nid = \"ZN-LATE\"\nshort = \"x\"\ntext = \"x\"\n");
        }
    }
    text
}

fn versions_fixture() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy_versions/zentro.toml"),
    )
    .expect("versions fixture")
}

fn zentro() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/zentro.toml"),
    )
    .expect("zentro fixture")
}

fn embedded(name: &str) -> &'static str {
    EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("embedded policy")
}

/// One hostile file; `kind` names its shape for failure messages.
fn hostile(rng: &mut Rng, zentro: &str) -> (&'static str, String) {
    match rng.below(1000) {
        0..=499 => ("small", small_policy(rng)),
        500..=529 => ("versions", versioned(rng, zentro)),
        530..=549 => ("versions edit", mutated(rng, &versions_fixture())),
        550..=649 => ("rings", override_graph(rng)),
        650..=729 => ("chain", window_chain(rng)),
        730..=734 => ("many rules", many_rules(rng)),
        735..=789 => ("nesting", deep_nesting(rng)),
        790..=889 => ("zentro edit", mutated(rng, zentro)),
        890..=929 => ("mitkco edit", mutated(rng, embedded("mitkco.toml"))),
        930..=931 => ("millso edit", mutated(rng, embedded("millso.toml"))),
        932..=959 => {
            let text = small_policy(rng);
            let cut = rng.below(text.len());
            // Cut at a character boundary.
            let cut = (0..=cut)
                .rev()
                .find(|&c| text.is_char_boundary(c))
                .unwrap_or(0);
            ("truncated", text[..cut].to_owned())
        }
        960..=979 => (
            "empty",
            (*rng.pick(&["", " ", "\n\n", "#", "\u{feff}", "[vendor]", "[[rules]]"])).to_owned(),
        ),
        _ => {
            let bytes: Vec<u8> = (0..rng.below(300)).map(|_| rng.next() as u8).collect();
            ("noise", String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

struct Measured {
    kind: &'static str,
    text: String,
    took: Duration,
    peak: usize,
}

/// Compile and (when it compiles) lint one file; panics are caught and
/// turned into a failure naming the file (kept on disk to reproduce).
fn survive(index: usize, seed: u64, kind: &'static str, text: String) -> Result<Measured, String> {
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let started = thread_cpu_time();
    let result = catch_unwind(AssertUnwindSafe(|| {
        if let Ok(policy) = compile_policy("fuzz.toml", &text) {
            for version in policy.versions() {
                std::hint::black_box(lint(version));
            }
            if let Some(last) = policy.later.last() {
                std::hint::black_box(diff(&policy, last).ok());
            }
        }
    }));
    let took = thread_cpu_time().saturating_sub(started);
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
    let keep = |why: &str| -> String {
        let path = std::env::temp_dir().join(format!("policy_fuzz_{seed}_{index}.toml"));
        let _ = std::fs::write(&path, &text);
        format!(
            "file {index} ({kind}, seed {seed}) {why}; kept as {}",
            path.display()
        )
    };
    if let Err(panic) = result {
        let what = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        return Err(keep(&format!("panicked: {what}")));
    }
    if took >= TIME_LIMIT {
        return Err(keep(&format!("took {took:?}")));
    }
    if peak >= MEMORY_LIMIT {
        return Err(keep(&format!("peaked at {} MB", peak >> 20)));
    }
    Ok(Measured {
        kind,
        text,
        took,
        peak,
    })
}

/// CPU time of this thread: the bound is on work done, so a machine
/// loaded by other builds cannot make it flake by waiting (shared caches
/// still slow the work itself; hence the margin).
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes into the struct it is given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn children_usage() -> libc::rusage {
    // SAFETY: rusage is plain old data: all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct it is given.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage
}

/// Peak RSS (MB) of this process's finished children (Linux: KB).
fn children_peak_rss_mb() -> i64 {
    children_usage().ru_maxrss / 1024
}

/// CPU time (user + system) of this process's finished children.
fn children_cpu() -> Duration {
    let u = children_usage();
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

#[test]
fn ten_thousand_hostile_policy_files_never_panic_and_stay_bounded() {
    let seed = env_number("POLICY_FUZZ_SEED", 0x5eed_cafe_f00d);
    let count = env_number("POLICY_FUZZ_COUNT", 10_000) as usize;
    // The panics are caught and reported with the file; keep the default
    // hook from printing each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed | 1);
    let zentro = zentro();
    let started = Instant::now();
    let mut worst: Vec<Measured> = Vec::new();
    // Files and CPU time by shape, for the summary line.
    let mut kinds: std::collections::BTreeMap<&str, (usize, Duration)> = Default::default();
    for index in 0..count {
        let (kind, text) = hostile(&mut rng, &zentro);
        let measured = match survive(index, seed, kind, text) {
            Ok(m) => m,
            Err(failure) => {
                drop(std::panic::take_hook());
                std::panic::set_hook(hook);
                panic!("{failure}");
            }
        };
        let entry = kinds.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += measured.took;
        // Keep the slowest and the hungriest few for the binary run.
        worst.push(measured);
        if worst.len() > 24 {
            worst.sort_by_key(|m| std::cmp::Reverse(m.took));
            let mut hungriest = worst.split_off(6);
            hungriest.sort_by_key(|m| std::cmp::Reverse(m.peak));
            hungriest.truncate(6);
            worst.extend(hungriest);
        }
    }
    std::panic::set_hook(hook);
    let total = started.elapsed();
    eprintln!("{count} hostile files in {total:?}: {kinds:?}");
    for m in &worst {
        eprintln!("  {} took {:?}, peak {} KB", m.kind, m.took, m.peak >> 10);
    }

    // The heaviest through the real binary: exit status, time and RSS.
    let home = tempfile::tempdir().expect("tempdir");
    for (n, m) in worst.iter().enumerate() {
        let dir = home.path().join(format!("p{n}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let file = dir.join("fuzz.toml");
        std::fs::write(&file, &m.text).expect("write");
        for args in [
            vec!["policies", "check", file.to_str().expect("utf-8")],
            vec!["check", "--policies", dir.to_str().expect("utf-8")],
        ] {
            let cpu_before = children_cpu();
            let out = common::claimdesk(home.path())
                .args(&args)
                .env("HOME", home.path())
                .env("XDG_CONFIG_HOME", home.path().join("config"))
                .env("XDG_DATA_HOME", home.path().join("data"))
                .env("XDG_STATE_HOME", home.path().join("state"))
                .env("XDG_CACHE_HOME", home.path().join("cache"))
                .stdin(Stdio::null())
                .output()
                .expect("claimdesk runs");
            let took = children_cpu().saturating_sub(cpu_before);
            let stderr = String::from_utf8_lossy(&out.stderr);
            // 0-3 are the documented statuses; a panic exits 101.
            assert!(
                matches!(out.status.code(), Some(0..=3)),
                "{args:?} on a {} file: {:?}\n{stderr}",
                m.kind,
                out.status
            );
            assert!(!stderr.contains("panicked"), "{stderr}");
            // Whatever the file held, no raw control character reaches
            // the terminal.
            assert!(
                !stderr.chars().any(|c| c.is_control() && c != '\n'),
                "raw control characters on stderr: {stderr:?}"
            );
            // Start-up and loading the shipped policies included.
            assert!(took < TIME_LIMIT, "{args:?} took {took:?} of CPU");
        }
    }
    let rss = children_peak_rss_mb();
    eprintln!("peak RSS of the binary runs: {rss} MB");
    assert!(rss < 100, "peak RSS {rss} MB");
}
