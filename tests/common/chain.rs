//! A test vendor whose windows chain through `earliest_of`, the shape of
//! finding 5 (descriptions that doubled at every step): its head, and a
//! chain of any length, for the tests that compile it and the one that
//! bounds `policies check` on it.

pub const HEAD: &str = r#"tiers = ["main"]

[vendor]
id = "chainco"
name = "Chain Co"

[[channels]]
id = "direct"
label = "Direct"

[[issues]]
id = "defective"
label = "Defective"

[[clauses]]
id = "CC-1"
short = "Defects are refunded"
text = "Defects are refunded."

[[requires]]
issues = ["defective"]
required = ["order_date", "delivery_date"]

[[windows]]
id = "w0"
label = "30 days from order"
from = "order_date"
days = 30
measure = "claim_date"

[[windows]]
id = "w1"
label = "60 days from delivery"
from = "delivery_date"
days = 60
measure = "claim_date"
"#;

/// `w0`, `w1`, then `w2..count` each the earliest of the two before it:
/// the shape whose descriptions doubled at every step.
pub fn fibonacci_chain(count: usize) -> String {
    let mut text = String::from(HEAD);
    for i in 2..count {
        text.push_str(&format!(
            "\n[[windows]]\nid = \"w{i}\"\nlabel = \"Limit {i}\"\nearliest_of = [\"w{}\", \"w{}\"]\nmeasure = \"claim_date\"\n",
            i - 1,
            i - 2
        ));
    }
    let last = count - 1;
    text.push_str(&format!(
        "\n[[rules]]\nid = \"refund\"\nlabel = \"Refund\"\ntier = \"main\"\nverdict = \"eligible\"\n\
         summary = \"Refund; ship by {{date.w{last}}}.\"\nreturn_shipping = \"vendor\"\nclauses = [\"CC-1\"]\n\
         deadlines = [\"w{last}\"]\n"
    ));
    text
}
