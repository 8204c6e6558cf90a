//! The bulk benches' claims: realistic, mixed and deterministic (the same
//! seed, the same lines), written one JSON claim a line.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;

/// A small deterministic generator (xorshift64*), so every run decides the
/// same claims.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn date(days_before: u64) -> String {
    let claim = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    (claim - chrono::Days::new(days_before)).to_string()
}

/// One realistic claim line: both vendors, every issue (weighted as a
/// call centre sees them), dates from days to two years back, sometimes a
/// first notice or an approval, and about 1% bad lines.
fn claim_line(rng: &mut Rng, out: &mut String) {
    out.clear();
    if rng.below(100) == 0 {
        out.push_str(r#"{"vendor":"millso","issue":"defective","channel":"direct","order_date":"2026-02-30"}"#);
        return;
    }
    let issue = rng.pick(&[
        "defective",
        "defective",
        "defective",
        "change_of_mind",
        "change_of_mind",
        "damaged_in_transit",
        "wrong_item",
        "refund_not_received",
        "lost_or_stolen",
        "misuse_damage",
    ]);
    let order = 1 + rng.below(720);
    let delivery = order.saturating_sub(rng.below(8));
    let notice = delivery.saturating_sub(rng.below(delivery + 1));
    let _ = write!(out, r#"{{"issue":"{issue}","claim_date":"2026-11-21""#);
    if rng.below(2) == 0 {
        let channel = rng.pick(&[
            "direct",
            "amazon_us",
            "amazon_us",
            "amazon_eu",
            "amazon_jp",
            "other_seller",
        ]);
        let _ = write!(
            out,
            r#","vendor":"millso","channel":"{channel}","order_date":"{}""#,
            date(order)
        );
        if rng.below(10) == 0 {
            out.push_str(r#","product":"case_or_screen_protector""#);
        }
        if rng.below(20) == 0 {
            out.push_str(r#","outside_purchase_country":true"#);
        }
    } else {
        let _ = write!(
            out,
            r#","vendor":"mitkco","invoice_date":"{}","delivery_date":"{}""#,
            date(order),
            date(delivery)
        );
    }
    if rng.below(3) == 0 {
        let _ = write!(out, r#","first_notice_date":"{}""#, date(notice));
    }
    if rng.below(10) == 0 {
        let _ = write!(
            out,
            r#","approval_date":"{}""#,
            date(notice.saturating_sub(rng.below(notice + 1)))
        );
    }
    out.push('}');
}

pub fn generate(path: &Path, count: usize) {
    let mut file = BufWriter::new(std::fs::File::create(path).expect("create claims file"));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut line = String::new();
    for _ in 0..count {
        claim_line(&mut rng, &mut line);
        file.write_all(line.as_bytes()).expect("write");
        file.write_all(b"\n").expect("write");
    }
    file.flush().expect("flush");
}
