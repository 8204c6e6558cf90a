//! Policy-wide checks of "Every outcome has a next step" and "Mitkco's
//! phone" (policy-notes.md, Additions), over the shipped policy data
//! rather than single claims (those are in `tests/scenarios/next_steps.toml`).

use claimdesk::rules::PolicySet;
use claimdesk::rules::outcome::Verdict;
use claimdesk::rules::policy::Part;

/// Every not-eligible decision rule has a step that reads a clause out,
/// and that step cites the clause it quotes.
#[test]
fn every_not_eligible_rule_reads_its_clause_out() {
    let set = PolicySet::embedded().expect("policies");
    for policy in &set.policies {
        for rule in policy
            .rules
            .iter()
            .filter(|r| r.verdict == Some(Verdict::NotEligible))
        {
            let quoting = rule.steps.iter().find(|s| {
                s.text
                    .parts
                    .iter()
                    .any(|p| matches!(p, Part::ClauseText(_)))
            });
            let Some(step) = quoting else {
                panic!("{}: rule {} has no read-out step", policy.id, rule.id);
            };
            for c in step.text.quoted_clauses() {
                assert!(
                    step.clauses.contains(&policy.clauses[c].id),
                    "{}: {} quotes {} without citing it",
                    policy.id,
                    rule.id,
                    policy.clauses[c].id
                );
            }
        }
    }
}

/// Every Mitkco text that names the return address names the phone too.
#[test]
fn mitkco_address_always_comes_with_the_phone() {
    let set = PolicySet::embedded().expect("policies");
    let policy = set.vendor("mitkco").expect("mitkco");
    let index = |name: &str| {
        policy
            .contacts
            .iter()
            .position(|(n, _)| n == name)
            .expect("contact")
    };
    let (address, phone) = (index("address"), index("phone"));
    let mut named = 0;
    for rule in &policy.rules {
        let texts = rule
            .steps
            .iter()
            .chain(&rule.evidence)
            .map(|i| &i.text)
            .chain(rule.notes.iter().map(|n| &n.text))
            .chain(&rule.summary);
        for text in texts {
            if text.parts.contains(&Part::Contact(address)) {
                named += 1;
                assert!(
                    text.parts.contains(&Part::Contact(phone)),
                    "rule {}: \"{}\" names the address without the phone",
                    rule.id,
                    text.source
                );
            }
        }
    }
    assert!(named >= 4, "the address is named in {named} texts");
}
