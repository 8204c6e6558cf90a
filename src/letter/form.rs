//! The letter's forms: text (80 columns), receipt (42 display columns,
//! wide characters counted double), one self-contained HTML page, and an
//! e-mail (multipart/alternative plain + HTML, UTF-8) built with
//! `lettre`'s message builder. Each lays out the same [`Rendered`] blocks.

use super::lang::{Block, Rendered};
use std::fmt::Write as _;

/// Which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Text,
    Receipt,
    Html,
    Eml,
}

impl Form {
    pub fn id(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::Receipt => "receipt",
            Form::Html => "html",
            Form::Eml => "eml",
        }
    }

    /// What the form is, for an agent choosing one.
    pub fn words(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::Receipt => "receipt (42 columns)",
            Form::Html => "web page (HTML, prints on one page)",
            Form::Eml => "e-mail file (.eml)",
        }
    }
}

/// Plain text wrapped to `width` display columns (textwrap measures with
/// unicode-width, so CJK counts double and breaks between characters).
pub fn text(letter: &Rendered, width: usize) -> String {
    let mut out = String::new();
    // Japanese and Chinese break between characters (UAX #14, which also
    // keeps "。" off a line's start); the others at spaces.
    let separator = if letter.lang.is_cjk() {
        textwrap::WordSeparator::UnicodeBreakProperties
    } else {
        textwrap::WordSeparator::AsciiSpace
    };
    let wrap = |out: &mut String, line: &str, first: &str, rest: &str| {
        let options = textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_separator(separator)
            .break_words(true);
        for l in textwrap::wrap(line, options) {
            out.push_str(l.trim_end());
            out.push('\n');
        }
    };
    for block in &letter.blocks {
        match block {
            Block::Head(lines) => {
                for l in lines {
                    wrap(&mut out, l, "", "");
                }
                out.push('\n');
            }
            Block::Para(p) => {
                wrap(&mut out, p, "", "");
                out.push('\n');
            }
            Block::Heading(h) => {
                wrap(&mut out, h, "", "");
                let w = unicode_width::UnicodeWidthStr::width(h.as_str()).min(width);
                out.push_str(&"-".repeat(w));
                out.push('\n');
            }
            Block::Numbered(steps) => {
                for (i, s) in steps.iter().enumerate() {
                    let first = format!("{}. ", i + 1);
                    let rest = " ".repeat(first.len());
                    wrap(&mut out, s, &first, &rest);
                }
                out.push('\n');
            }
            Block::Quote(q) => {
                wrap(&mut out, &format!("“{q}”"), "  ", "  ");
                out.push('\n');
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The 42-column receipt.
pub fn receipt(letter: &Rendered) -> String {
    text(letter, 42)
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::text::is_unsafe(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK JP','Noto Sans CJK SC',sans-serif;\
max-width:42em;margin:1.5em auto;padding:0 1em;line-height:1.45;color:#111}\
.head{color:#333;margin:0 0 1em}h1{font-size:1.25em;margin:.2em 0 .8em}\
h2{font-size:1.05em;margin:1.1em 0 .3em;border-bottom:1px solid #ccc}\
blockquote{margin:.4em 0 .4em 1em;padding-left:.8em;border-left:3px solid #bbb;color:#333;font-style:italic}\
ol{padding-left:1.4em}li{margin:.25em 0}\
@page{size:auto;margin:14mm}\
@media print{body{font-size:10pt;margin:0;max-width:none}h2{break-after:avoid}blockquote,li{break-inside:avoid}}";

/// One self-contained page: inline CSS, no external resources, a viewport
/// for phones, print CSS that fits one A4 or Letter page.
pub fn html(letter: &Rendered) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        letter.lang.code(),
        esc(&letter.subject)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&letter.subject));
    for block in &letter.blocks {
        match block {
            Block::Head(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| esc(l)).collect();
                let _ = writeln!(out, "<p class=\"head\">{}</p>", lines.join("<br>"));
            }
            Block::Para(p) => {
                let _ = writeln!(out, "<p>{}</p>", esc(p));
            }
            Block::Heading(h) => {
                let _ = writeln!(out, "<h2>{}</h2>", esc(h));
            }
            Block::Numbered(steps) => {
                out.push_str("<ol>\n");
                for s in steps {
                    let _ = writeln!(out, "<li>{}</li>", esc(s));
                }
                out.push_str("</ol>\n");
            }
            Block::Quote(q) => {
                let _ = writeln!(out, "<blockquote lang=\"en\">{}</blockquote>", esc(q));
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Why an e-mail cannot be built.
#[derive(Debug)]
pub struct MailError(pub String);

impl std::fmt::Display for MailError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MailError {}

/// The e-mail: multipart/alternative (plain text, then HTML), UTF-8, the
/// subject in the letter's language.
pub fn email(letter: &Rendered, from: &str, to: &str) -> Result<lettre::Message, MailError> {
    use lettre::message::{MultiPart, SinglePart, header::ContentType};
    let from = from
        .parse()
        .map_err(|e| MailError(format!("the sender address {from:?}: {e}")))?;
    let to = to
        .parse()
        .map_err(|e| MailError(format!("the recipient address {to:?}: {e}")))?;
    lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(letter.subject.clone())
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text(letter, 78)),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html(letter)),
                ),
        )
        .map_err(|e| MailError(format!("the message: {e}")))
}
