//! The text and Markdown renderers of a hand-off's sections.

use super::*;

/// The whole outcome, ending with a newline.
pub fn outcome_text(outcome: &Outcome<'_>, policy: &Policy) -> String {
    summary_text(None, &OutcomeRecord::from_outcome(outcome), Some(policy))
}

/// A hand-off as plain text, one item a line; every text neutralised.
pub fn render_text(sections: &[Section]) -> String {
    let mut out = String::new();
    let mut saved = None;
    for section in sections {
        match section {
            Section::Field {
                id: SectionId::Case,
                value,
                ..
            } => {
                let _ = write!(out, "Case: {}", neutralise(value));
                saved = Some(out.len());
                out.push('\n');
            }
            Section::Field {
                id: SectionId::Saved,
                value,
                ..
            } => {
                // "Case: C-... (saved 2026-11-21 10:00)" on one line.
                if let Some(at) = saved {
                    out.insert_str(at, &format!(" (saved {})", neutralise(value)));
                }
            }
            Section::Field { key, value, .. } => {
                let _ = writeln!(out, "{key}: {}", neutralise(value));
            }
            Section::List {
                title,
                numbered,
                items,
                ..
            } => {
                let _ = writeln!(out, "{title}:");
                for (i, item) in items.iter().enumerate() {
                    let lead = if *numbered {
                        format!("  {}. ", i + 1)
                    } else {
                        "  - ".to_owned()
                    };
                    let _ = writeln!(
                        out,
                        "{lead}{}{}",
                        neutralise(&item.line()),
                        cite(&item.clauses)
                    );
                }
            }
        }
    }
    out
}

/// Markdown for a ticket or an e-mail. Typed text is neutralised and its
/// Markdown punctuation escaped, so a note cannot add links or headings.
pub fn render_markdown(sections: &[Section]) -> String {
    let md = |text: &str| escape_markdown(&neutralise(text));
    let value_of = |want: SectionId| {
        sections.iter().find_map(|s| match s {
            Section::Field { id, value, .. } if *id == want => Some(value.as_str()),
            _ => None,
        })
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Case {}: {}\n",
        md(value_of(SectionId::Case).unwrap_or("(not saved)")),
        md(value_of(SectionId::Verdict).unwrap_or(""))
    );
    let cite_md = |clauses: &[String]| {
        if clauses.is_empty() {
            String::new()
        } else {
            format!(" _({})_", md(&clauses.join(", ")))
        }
    };
    // Fields after a list (the decision after a saved case's timeline)
    // get a heading of their own, so they do not read as part of it.
    let mut after_list = false;
    for section in sections {
        match section {
            Section::Field {
                id: SectionId::Case | SectionId::Verdict,
                ..
            } => {}
            Section::Field {
                id: SectionId::Clauses,
                key,
                value,
            } => {
                let _ = writeln!(out, "\n{key}: {}", md(value));
            }
            Section::Field { key, value, .. } => {
                if after_list {
                    let _ = writeln!(out, "\n### Decision\n");
                    after_list = false;
                }
                let _ = writeln!(out, "- **{key}:** {}", md(value));
            }
            Section::List {
                title,
                numbered,
                items,
                ..
            } => {
                after_list = true;
                let _ = writeln!(out, "\n### {}\n", md(title));
                for (i, item) in items.iter().enumerate() {
                    let lead = if *numbered {
                        format!("{}. ", i + 1)
                    } else {
                        "- ".to_owned()
                    };
                    let body = match (item.date, item.when.is_empty()) {
                        (Some(date), _) => {
                            format!("**{date}** ({}): {}", md(&item.when), md(&item.text))
                        }
                        (None, false) => {
                            format!("not dated yet ({}): {}", md(&item.when), md(&item.text))
                        }
                        (None, true) => md(&item.words()),
                    };
                    let _ = writeln!(out, "{lead}{body}{}", cite_md(&item.clauses));
                }
            }
        }
    }
    out
}

/// A hand-off as plain text: the case header (when there is one), then the
/// outcome, days left as of the claim date.
pub fn summary_text(
    header: Option<&CaseHeader>,
    s: &OutcomeRecord,
    policy: Option<&Policy>,
) -> String {
    render_text(&sections(&HandOff {
        header,
        outcome: s,
        claim: None,
        policy,
        as_of: None,
    }))
}

/// The same as Markdown.
pub fn summary_markdown(header: &CaseHeader, s: &OutcomeRecord, policy: Option<&Policy>) -> String {
    render_markdown(&sections(&HandOff {
        header: Some(header),
        outcome: s,
        claim: None,
        policy,
        as_of: None,
    }))
}

/// Backslash-escapes the characters Markdown gives a meaning to.
pub(super) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '<'
                | '>'
                | '('
                | ')'
                | '#'
                | '+'
                | '!'
                | '|'
                | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
