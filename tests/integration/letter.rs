//! The customer's letter (`shared/customer-letter.md`, issue 23): every
//! message and placeholder in every language, every shipped window, issue,
//! warning and statutory article with a customer message, reference
//! outcomes rendered in every language and form with nothing left
//! unfilled, the receipt's width, the HTML self-contained, the e-mail
//! parsed back as MIME, a send through an SMTP server started here, and
//! golden letters per language.

use crate::common;

use chrono::NaiveDate;
use claimdesk::case::{Case, CaseRecord, Contact};
use claimdesk::letter::lang::{self, Block, Messages, warning_message, window_message};
use claimdesk::letter::{Desk, Item, Lang, Letter, form};
use claimdesk::rules::claim::DateFact;
use claimdesk::rules::outcome::{NoteKind, Remedy, ReturnShipping, Verdict};
use claimdesk::rules::{ClaimInput, PolicySet};
use mail_parser::MimeHeaders;
use std::collections::{BTreeMap, BTreeSet};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

const TODAY: (i32, u32, u32) = (2026, 11, 21);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

/// The message ids of a Fluent file and the `$variables` each uses (read
/// line by line: an id starts a line, continuation lines are indented).
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let starts_message = line.split_once('=').is_some_and(|(id, _)| {
            let id = id.trim_end();
            id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
        if starts_message {
            let id = line.split('=').next().unwrap_or_default().trim().to_owned();
            assert!(
                !out.contains_key(&id),
                "message {id} appears twice in a file"
            );
            out.insert(id.clone(), BTreeSet::new());
            current = Some(id);
        }
        let vars = out
            .get_mut(current.as_deref().unwrap_or_default())
            .expect("a message before its continuation");
        let mut rest = line;
        while let Some(i) = rest.find('$') {
            let name: String = rest[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            vars.insert(name);
            rest = &rest[i + 1..];
        }
    }
    out
}

#[test]
fn every_message_and_placeholder_is_in_every_language() {
    let en = messages(Lang::En.source());
    assert!(en.len() > 100, "English has {} messages", en.len());
    for lang in Lang::ALL {
        // The real parser accepts the whole file.
        if let Err((_, errors)) = fluent_bundle::FluentResource::try_new(lang.source().to_owned()) {
            panic!("{lang}: {errors:?}");
        }
        let other = messages(lang.source());
        for (id, vars) in &en {
            let theirs = other
                .get(id)
                .unwrap_or_else(|| panic!("{lang} lacks message {id}"));
            assert_eq!(theirs, vars, "{lang}: placeholders of {id}");
        }
        for id in other.keys() {
            assert!(en.contains_key(id), "{lang} has {id}, English does not");
        }
    }
}

#[test]
fn every_shipped_window_issue_warning_and_article_has_a_customer_message() {
    let set = PolicySet::embedded().expect("shipped policies");
    for lang in Lang::ALL {
        let m = Messages::new(lang);
        let need = |id: &str| assert!(m.has(id), "{lang}: no message {id}");
        for base in &set.policies {
            for policy in base.versions() {
                for w in &policy.windows {
                    need(&window_message(&base.id, &w.id));
                }
                for issue in &policy.issues {
                    need(&format!("issue-{}", issue.id));
                    need(&format!("why-issue-{}", issue.id));
                }
                for rule in &policy.rules {
                    for note in rule.notes.iter().filter(|n| n.kind == NoteKind::Warning) {
                        let clause = note.clauses.first().expect("a warning cites a clause");
                        need(&warning_message(&base.id, clause));
                    }
                }
            }
        }
        for j in &set.jurisdictions.list {
            for a in &j.articles {
                need(&format!("law-{}", a.id));
            }
            need(&format!("turn-{}-domestic", j.id));
            need(&format!("turn-{}-abroad", j.id));
        }
        for v in Verdict::ALL {
            need(&format!("decision-{}", v.id()));
        }
        for r in [
            Remedy::FullRefund,
            Remedy::Replacement,
            Remedy::Exchange,
            Remedy::Refund,
            Remedy::HalfRefund,
        ] {
            need(&format!("remedy-{}", r.id()));
        }
        for s in [
            ReturnShipping::Customer,
            ReturnShipping::Vendor,
            ReturnShipping::CustomerInternational,
            ReturnShipping::NotStated,
            ReturnShipping::NoReturnYet,
            ReturnShipping::None,
        ] {
            need(&format!("ship-{}", s.id()));
        }
        for f in DateFact::ALL {
            need(&format!("from-{}", f.field()));
        }
    }
}

fn case_of(set: &PolicySet, claim: &str, n: usize) -> Option<Case> {
    let input = ClaimInput::from_json(claim).ok()?;
    let outcome = claimdesk::rules::decide(set, &input, today()).ok()?;
    let policy = set.vendor(outcome.vendor)?;
    let mut record = CaseRecord::from_decision(&input, &outcome, policy);
    record.reference = format!("ORD-{n:04}");
    record.customer = Contact {
        name: "Ada Müller".into(),
        phone: String::new(),
        email: "ada@example.org".into(),
    };
    let at = today().and_hms_opt(10, 0, 0)?;
    Some(Case {
        id: format!("C-20261121-{n:04}"),
        created_at: at,
        updated_at: at,
        updated_by: String::new(),
        version: 1,
        record,
    })
}

/// Claims covering every issue of both vendors and every verdict, with
/// customers in the countries whose notes differ.
fn reference_cases(set: &PolicySet) -> Vec<Case> {
    let mut cases = Vec::new();
    let countries = ["DE", "FR", "JP", "CN", "GB", "US", "ES", "IT"];
    let deliveries = [
        (day(2026, 11, 18), day(2026, 11, 20)),
        (day(2026, 10, 1), day(2026, 11, 20)),
        (day(2025, 6, 1), day(2026, 11, 20)),
        (day(2026, 11, 1), day(2026, 11, 5)),
    ];
    let mut n = 0;
    for vendor in ["millso", "mitkco"] {
        let policy = set.vendor(vendor).expect("vendor");
        for issue in &policy.issues {
            for (delivered, noticed) in deliveries {
                let channels: &[&str] = if vendor == "millso" {
                    &["direct", "amazon_eu", "amazon_jp"]
                } else {
                    &["direct"]
                };
                for channel in channels {
                    n += 1;
                    let country = countries[n % countries.len()];
                    let order = delivered - chrono::Days::new(3);
                    let claim = format!(
                        r#"{{"vendor":"{vendor}","issue":"{}","channel":"{channel}","product":"device",
                        "order_date":"{order}","delivery_date":"{delivered}","invoice_date":"{order}",
                        "first_notice_date":"{noticed}","customer_country":"{country}","undamaged":true}}"#,
                        issue.id
                    );
                    if let Some(case) = case_of(set, &claim, n) {
                        cases.push(case);
                    }
                }
            }
        }
    }
    cases
}

fn letter_of(set: &PolicySet, case: &Case, desk: &Desk) -> Letter {
    let base = set.vendor(&case.record.policy.vendor).expect("vendor");
    let policy = base
        .version_by_sha256(&case.record.policy.sha256)
        .unwrap_or(base);
    claimdesk::letter::build(case, Some(policy), today(), desk)
}

/// A `[message-id]` (a missing message) or a `{`/`}` left in the text.
fn unfilled(text: &str) -> Option<String> {
    if let Some(i) = text.find(['{', '}']) {
        return Some(text[i.saturating_sub(30)..].chars().take(60).collect());
    }
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        let inner: String = rest[i + 1..].chars().take_while(|c| *c != ']').collect();
        if !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Some(inner);
        }
        rest = &rest[i + 1..];
    }
    None
}

#[test]
fn every_reference_outcome_renders_in_every_language_and_form_with_nothing_unfilled() {
    let set = PolicySet::embedded().expect("shipped policies");
    let cases = reference_cases(&set);
    let verdicts: BTreeSet<&str> = cases.iter().map(|c| c.record.verdict().id()).collect();
    assert_eq!(
        verdicts.len(),
        Verdict::ALL.len(),
        "verdicts covered: {verdicts:?}"
    );
    for vendor in ["millso", "mitkco"] {
        for issue in &set.vendor(vendor).expect("vendor").issues {
            assert!(
                cases
                    .iter()
                    .any(|c| c.record.vendor() == vendor && c.record.issue() == issue.id),
                "no reference case for {vendor} {}",
                issue.id
            );
        }
    }
    let desks = [
        Desk::default(),
        Desk {
            name: Some("Counter 3, Example Mall".into()),
            phone: Some("+49 30 1234567".into()),
            email: Some("desk@example.org".into()),
        },
    ];
    let mut laws = 0;
    for (i, case) in cases.iter().enumerate() {
        let letter = letter_of(&set, case, &desks[i % 2]);
        laws += letter
            .items
            .iter()
            .filter(|it| matches!(it, Item::RightInLaw { .. }))
            .count();
        for lang in Lang::ALL {
            let r = lang::render(&letter, lang);
            for (form, text) in [
                ("text", form::text(&r, 80)),
                ("receipt", form::receipt(&r)),
                // The page's text, after its style sheet.
                (
                    "html",
                    form::html(&r)
                        .split_once("</style>")
                        .map(|(_, body)| body.to_owned())
                        .unwrap_or_default(),
                ),
            ] {
                if let Some(left) = unfilled(&text) {
                    panic!("{} {lang} {form}: unfilled {left:?}\n{text}", case.id);
                }
            }
            assert!(!r.subject.contains('{'), "{}", r.subject);
            for mark in ['\u{2068}', '\u{2069}'] {
                assert!(!form::text(&r, 80).contains(mark), "bidi isolation mark");
            }
        }
    }
    assert!(laws > 0, "no reference letter carries a right in law");
}

#[test]
fn the_letter_follows_the_specs_order_and_names_no_clause_ids() {
    let set = PolicySet::embedded().expect("shipped policies");
    for case in reference_cases(&set) {
        let letter = letter_of(&set, &case, &Desk::default());
        let rank = |it: &Item| match it {
            Item::From { .. } => 1,
            Item::Reference { .. } => 2,
            Item::Decision { .. } => 3,
            Item::CustomerStep { .. } => 4,
            Item::VendorStep { .. } => 5,
            Item::Shipping { .. } | Item::Warning { .. } => 6,
            Item::RightInLaw { .. } => 7,
            Item::Why { .. } => 8,
            Item::OriginalWording { .. } => 9,
        };
        let ranks: Vec<u8> = letter.items.iter().map(rank).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        let r = lang::render(&letter, Lang::En);
        // The translated parts: no clause ids, fingerprints or agent words
        // (the vendor's original wording is quoted as it is).
        let translated: Vec<&String> = r
            .blocks
            .iter()
            .flat_map(|b| match b {
                Block::Para(p) | Block::Heading(p) => vec![p],
                Block::Numbered(v) | Block::Head(v) => v.iter().collect(),
                Block::Quote(_) => vec![],
            })
            .collect();
        for text in translated {
            for word in [
                "MK-",
                "MS-",
                "escalate",
                "sha256",
                "not_eligible",
                "follow_up",
            ] {
                assert!(!text.contains(word), "{}: {word} in {text:?}", case.id);
            }
        }
    }
}

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let d = day(2026, 12, 9);
    let expect = [
        (Lang::En, "Wednesday 9 December 2026"),
        (Lang::De, "Mittwoch, 9. Dezember 2026"),
        (Lang::Fr, "mercredi 9 décembre 2026"),
        (Lang::Es, "miércoles, 9 de diciembre de 2026"),
        (Lang::It, "mercoledì 9 dicembre 2026"),
        (Lang::Ja, "2026年12月9日（水）"),
        (Lang::ZhCn, "2026年12月9日（星期三）"),
    ];
    for (lang, text) in expect {
        assert_eq!(lang.date(d), text);
    }
}

#[test]
fn the_default_language_follows_the_customers_country() {
    let pairs = [
        ("DE", Lang::De),
        ("AT", Lang::De),
        ("FR", Lang::Fr),
        ("BE", Lang::Fr),
        ("ES", Lang::Es),
        ("IT", Lang::It),
        ("JP", Lang::Ja),
        ("CN", Lang::ZhCn),
        ("GB", Lang::En),
        ("US", Lang::En),
    ];
    for (country, lang) in pairs {
        assert_eq!(Lang::for_country(Some(country)), lang, "{country}");
    }
    assert_eq!(Lang::for_country(None), Lang::En);
    assert_eq!(Lang::parse("zh-cn"), Some(Lang::ZhCn));
    assert_eq!(Lang::parse("DE"), Some(Lang::De));
    assert_eq!(Lang::parse("pt"), None);
}

#[test]
fn every_receipt_line_fits_42_display_columns_in_every_language() {
    let set = PolicySet::embedded().expect("shipped policies");
    for case in reference_cases(&set) {
        let letter = letter_of(&set, &case, &Desk::default());
        for lang in Lang::ALL {
            let receipt = form::receipt(&lang::render(&letter, lang));
            for line in receipt.lines() {
                let w = unicode_width::UnicodeWidthStr::width(line);
                assert!(w <= 42, "{} {lang}: {w} columns: {line:?}", case.id);
            }
            let text = form::text(&lang::render(&letter, lang), 80);
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= 80,
                    "{line:?}"
                );
            }
        }
    }
}

#[test]
fn the_html_page_is_self_contained_escaped_and_printable() {
    let set = PolicySet::embedded().expect("shipped policies");
    let mut case = reference_cases(&set).remove(0);
    case.record.customer.name = "<script>alert(1)</script> \"Ada\"".into();
    let desk = Desk {
        name: Some("<img src=https://evil.example/x>".into()),
        ..Desk::default()
    };
    let letter = letter_of(&set, &case, &desk);
    for lang in Lang::ALL {
        let page = form::html(&lang::render(&letter, lang));
        let doc = scraper::Html::parse_document(&page);
        assert!(doc.errors.is_empty(), "{lang}: {:?}", doc.errors);
        let all = scraper::Selector::parse("*").expect("selector");
        for el in doc.select(&all) {
            let name = el.value().name();
            assert!(
                !matches!(name, "script" | "img" | "link" | "iframe" | "object"),
                "{lang}: <{name}>"
            );
            for attr in ["src", "href", "srcset", "action"] {
                assert!(el.value().attr(attr).is_none(), "{lang}: <{name} {attr}>");
            }
        }
        let style = scraper::Selector::parse("style").expect("selector");
        let css: String = doc.select(&style).flat_map(|s| s.text()).collect();
        assert!(css.contains("@media print"), "print CSS");
        assert!(!css.contains("url("), "no external CSS resource");
        let viewport = scraper::Selector::parse("meta[name=viewport]").expect("selector");
        assert!(doc.select(&viewport).next().is_some(), "viewport meta");
        assert!(page.contains("&lt;script&gt;"), "the name is escaped");
    }
}

#[test]
fn the_email_parses_back_as_multipart_plain_and_html_with_the_subject_in_the_language() {
    let set = PolicySet::embedded().expect("shipped policies");
    let case = reference_cases(&set).remove(0);
    let letter = letter_of(&set, &case, &Desk::default());
    for lang in Lang::ALL {
        let r = lang::render(&letter, lang);
        let message = form::email(&r, "desk@example.org", "ada@example.org").expect("message");
        let bytes = message.formatted();
        let parsed = mail_parser::MessageParser::default()
            .parse(&bytes)
            .expect("MIME");
        assert_eq!(parsed.subject(), Some(r.subject.as_str()), "{lang}");
        let ct = parsed.content_type().expect("content type");
        assert_eq!(ct.ctype(), "multipart");
        assert_eq!(ct.subtype(), Some("alternative"));
        let plain = parsed.body_text(0).expect("plain part");
        let html = parsed.body_html(0).expect("html part");
        assert_eq!(
            plain.replace("\r\n", "\n").trim_end(),
            form::text(&r, 78).trim_end(),
            "{lang}"
        );
        assert!(html.contains("<!DOCTYPE html>"), "{lang}");
        assert_eq!(parsed.text_body_count(), 1);
        assert_eq!(parsed.html_body_count(), 1);
    }
}

#[test]
fn a_letter_sent_through_an_smtp_server_arrives_whole() {
    let set = PolicySet::embedded().expect("shipped policies");
    let case = reference_cases(&set).remove(0);
    let letter = letter_of(&set, &case, &Desk::default());
    let r = lang::render(&letter, Lang::Ja);
    let message = form::email(&r, "desk@example.org", "ada@example.org").expect("message");
    let (port, server) = common::smtp::smtp_server();
    claimdesk::letter::send::send(&format!("smtp://127.0.0.1:{port}"), &message).expect("sent");
    let received = server.join().expect("server");
    let parsed = mail_parser::MessageParser::default()
        .parse(&received)
        .expect("MIME");
    assert_eq!(parsed.subject(), Some(r.subject.as_str()));
    assert!(parsed.body_html(0).is_some() && parsed.body_text(0).is_some());
}

#[test]
fn smtp_settings_refuse_plain_smtp_elsewhere_and_never_show_the_password() {
    use claimdesk::letter::send::{masked, transport};
    assert!(!masked("smtps://desk:s3cret@mail.example.org").contains("s3cret"));
    assert!(!masked("smtp://desk:s3cret@mail example").contains("s3cret"));
    assert!(transport("smtps://desk:s3cret@mail.example.org").is_ok());
    assert!(transport("smtp://127.0.0.1:2525").is_ok());
    let e = transport("ftp://desk:s3cret@mail.example.org").expect_err("scheme");
    assert!(!e.contains("s3cret"), "{e}");
    // The config refuses a bad smtp_url without printing the password.
    let e = claimdesk::config::Config::parse(
        "smtp_url = \"imap://desk:s3cret@mail.example.org\"\n",
        std::path::Path::new("c.toml"),
    )
    .expect_err("refused");
    assert!(!e.to_string().contains("s3cret"), "{e}");
}

/// Three reference outcomes (eligible, not eligible with a statutory
/// note, review) as golden letters in every language.
#[test]
fn golden_letters_per_language() {
    let set = PolicySet::embedded().expect("shipped policies");
    let cases = reference_cases(&set);
    let has_law = |c: &Case| {
        letter_of(&set, c, &Desk::default())
            .items
            .iter()
            .any(|i| matches!(i, Item::RightInLaw { date: Some(_), .. }))
    };
    let pick = |verdict: Verdict, law: bool| {
        cases
            .iter()
            .find(|c| c.record.verdict() == verdict && (!law || has_law(c)))
            .unwrap_or_else(|| panic!("no reference case {verdict:?}"))
    };
    let desk = Desk {
        name: Some("Claims desk, Example Mall".into()),
        phone: Some("+49 30 1234567".into()),
        email: Some("desk@example.org".into()),
    };
    for (name, case) in [
        ("eligible", pick(Verdict::Eligible, false)),
        ("not_eligible_law", pick(Verdict::NotEligible, true)),
        ("review", pick(Verdict::Review, false)),
    ] {
        let letter = letter_of(&set, case, &desk);
        for lang in Lang::ALL {
            let text = form::text(&lang::render(&letter, lang), 80);
            insta::assert_snapshot!(format!("letter_{name}_{}", lang.code()), text);
        }
    }
}

/// `claimdesk` with a home, data folder and config of the test's own.
struct Counter {
    root: tempfile::TempDir,
}

impl Counter {
    fn new(config: &str) -> Counter {
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(root.path().join("home")).expect("home");
        std::fs::write(root.path().join("config.toml"), config).expect("config");
        Counter { root }
    }

    fn run(&self, args: &[&str], stdin: &str) -> std::process::Output {
        let p = self.root.path();
        common::run_with_stdin(
            common::claimdesk(&p.join("home"))
                .arg("--data-dir")
                .arg(p.join("data"))
                .arg("--config")
                .arg(p.join("config.toml"))
                .args(args),
            stdin,
        )
    }

    fn save(&self, claim: &str) -> String {
        let out = self.run(&["check", "--today", "2026-11-21", "--save"], claim);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{err}");
        err.lines()
            .find_map(|l| l.strip_prefix("saved "))
            .expect("a case id")
            .to_owned()
    }

    fn events(&self, id: &str) -> Vec<serde_json::Value> {
        let out = self.run(&["cases", "show", id, "--format", "json"], "");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["events"].as_array().cloned().unwrap_or_default()
    }
}

const MITKCO_DE: &str = r#"{"vendor":"mitkco","issue":"defective","product":"device","delivery_date":"2026-11-18","invoice_date":"2026-11-18","first_notice_date":"2026-11-20","customer_country":"DE"}"#;

#[test]
fn cases_letter_sends_through_smtp_and_records_letter_sent_on_the_timeline() {
    let (port, server) = common::smtp::smtp_server();
    let counter = Counter::new(&format!(
        "desk_name = \"Counter 3\"\nsmtp_url = \"smtp://desk:s3cret@127.0.0.1:{port}\"\nsmtp_from = \"desk@example.org\"\n"
    ));
    let id = counter.save(MITKCO_DE);
    let out = counter.run(
        &[
            "cases",
            "letter",
            &id,
            "--send",
            "--to",
            "ada@example.org",
            "--today",
            "2026-11-21",
        ],
        "",
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    let received = server.join().expect("server");
    let parsed = mail_parser::MessageParser::default()
        .parse(&received)
        .expect("MIME");
    // German by default: the customer lives in Germany.
    assert!(
        parsed
            .subject()
            .unwrap_or_default()
            .starts_with("Ihre Reklamation"),
        "{:?}",
        parsed.subject()
    );
    assert!(
        parsed
            .body_text(0)
            .unwrap_or_default()
            .contains("Counter 3")
    );
    let sent: Vec<_> = counter
        .events(&id)
        .into_iter()
        .filter(|e| e["kind"] == "letter_sent")
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let extra = &sent[0];
    assert_eq!(extra["letter_form"], "eml");
    assert_eq!(extra["letter_lang"], "de");
    assert_eq!(extra["letter_to"], "ada@example.org");
}

#[test]
fn cases_letter_writes_each_form_to_a_file_and_names_what_is_missing_to_send() {
    let counter = Counter::new("");
    let id = counter.save(MITKCO_DE);
    for (format, lang) in [
        ("html", "fr"),
        ("eml", "ja"),
        ("receipt", "zh-CN"),
        ("text", "en"),
    ] {
        let file = counter.root.path().join(format!("letter.{format}"));
        let out = counter.run(
            &[
                "cases",
                "letter",
                &id,
                "--format",
                format,
                "--lang",
                lang,
                "--out",
                file.to_str().expect("utf-8"),
            ],
            "",
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::metadata(&file).expect("written").len() > 200);
    }
    let kinds = counter.events(&id);
    let written: Vec<_> = kinds
        .iter()
        .filter(|e| e["kind"] == "letter_sent")
        .collect();
    assert_eq!(written.len(), 4);
    // The letter changes no status: the case still reads as before.
    let out = counter.run(&["cases", "letter", &id, "--send"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("smtp_url"));
    // Printing to standard output records nothing.
    let out = counter.run(&["cases", "letter", &id, "--lang", "it"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("La nostra decisione"));
    assert_eq!(
        counter
            .events(&id)
            .iter()
            .filter(|e| e["kind"] == "letter_sent")
            .count(),
        4
    );
}
