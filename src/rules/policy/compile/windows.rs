//! The policy's windows: their limits, spans and `earliest_of` lists, checked and compiled.

use super::*;

impl Compiler {
    pub(super) fn windows(&mut self, defs: &[WindowDef], clauses: &HashSet<&str>) -> Vec<Window> {
        self.unique(
            Some("windows"),
            "window",
            defs.iter().map(|w| w.id.as_str()),
        );
        let mut windows: Vec<Window> = Vec::new();
        let mut declared: HashMap<&str, usize> = HashMap::new();
        // The spans each window reduces to, while few (see `describe`).
        let mut spans: Vec<Option<Vec<usize>>> = Vec::new();
        for (n, def) in defs.iter().enumerate() {
            let at = At("windows", n);
            if !is_id(&def.id) {
                self.error_key(
                    at,
                    "id",
                    format!(
                        "window id \"{}\" must be lower-case letters, digits and _",
                        def.id
                    ),
                );
            }
            let measure = match Fact::from_field(&def.measure) {
                Some(Fact::Date(d @ (DateFact::FirstNotice | DateFact::Claim))) => d,
                _ => {
                    self.error_key(at, "measure",
                        format!(
                            "window \"{}\": measure must be first_notice_date or claim_date, not \"{}\"",
                            def.id, def.measure
                        ),
                    );
                    DateFact::Claim
                }
            };
            let limits = self.limits(at, def, measure);
            self.known_clauses(at, "clauses", &def.clauses, clauses);
            let kind = if def.earliest_of.is_empty() {
                self.span(at, def)
            } else {
                self.earliest_of(at, def, &declared)
            };
            let Some(kind) = kind else { continue };
            let reduced = reduced_spans(&kind, windows.len(), &spans);
            let relative = describe(&kind, reduced.as_deref(), &windows, &spans);
            spans.push(reduced);
            declared.entry(def.id.as_str()).or_insert(windows.len());
            windows.push(Window {
                id: def.id.clone(),
                label: def.label.clone(),
                kind,
                measure,
                limits,
                clauses: def.clauses.clone(),
                relative,
            });
        }
        windows
    }

    /// The event a window limits; it must agree with what the window is
    /// measured at (a notice at the first notice, a shipment at the claim
    /// date until the item is shipped).
    pub(super) fn limits(&mut self, at: At<'_>, def: &WindowDef, measure: DateFact) -> Limits {
        let id = &def.id;
        let Some(given) = def.limits.as_deref() else {
            return match measure {
                DateFact::FirstNotice => Limits::Notice,
                _ => Limits::Nothing,
            };
        };
        let limits = match given {
            "coverage" => Limits::Coverage,
            "notice" => Limits::Notice,
            "shipment" => Limits::Shipment,
            "none" => Limits::Nothing,
            other => {
                self.error_key(
                    at,
                    "limits",
                    format!(
                        "window \"{id}\": limits must be coverage, notice, shipment or none, not \"{}\"",
                        crate::text::shown(other, 40)
                    ),
                );
                return Limits::Nothing;
            }
        };
        let fits = match limits {
            Limits::Coverage | Limits::Notice => measure == DateFact::FirstNotice,
            Limits::Shipment => measure == DateFact::Claim,
            Limits::Nothing => true,
        };
        if !fits {
            self.error_key(
                at,
                "limits",
                format!(
                    "window \"{id}\": limits = \"{given}\" needs measure = \"{}\"",
                    if matches!(limits, Limits::Coverage | Limits::Notice) {
                        "first_notice_date"
                    } else {
                        "claim_date"
                    }
                ),
            );
        }
        limits
    }

    pub(super) fn span(&mut self, at: At<'_>, def: &WindowDef) -> Option<WindowKind> {
        let id = &def.id;
        let from = match def.from.as_deref().map(Fact::from_field) {
            Some(Some(Fact::Date(d))) => d,
            Some(_) => {
                self.error_key(
                    at,
                    "from",
                    format!("window \"{id}\": from must be a date field such as order_date"),
                );
                return None;
            }
            None => {
                self.error(
                    Some(at),
                    format!("window \"{id}\": give from and days or months, or earliest_of"),
                );
                return None;
            }
        };
        let length = match (def.days, def.months) {
            (Some(d), None) if (1..=MAX_DAYS).contains(&d) => Length::Days(d as u32),
            (None, Some(m)) if (1..=MAX_MONTHS).contains(&m) => Length::Months(m as u32),
            (Some(_), Some(_)) => {
                self.error_key(
                    at,
                    "days",
                    format!("window \"{id}\": give days or months, not both"),
                );
                return None;
            }
            (None, None) => {
                self.error(
                    Some(at),
                    format!("window \"{id}\": give its length in days or months"),
                );
                return None;
            }
            _ => {
                let length = if def.days.is_some() { "days" } else { "months" };
                self.error_key(at, length,
                    format!(
                        "window \"{id}\": length must be 1 to {MAX_DAYS} days or 1 to {MAX_MONTHS} months"
                    ),
                );
                return None;
            }
        };
        Some(WindowKind::Span { from, length })
    }

    pub(super) fn earliest_of(
        &mut self,
        at: At<'_>,
        def: &WindowDef,
        earlier: &HashMap<&str, usize>,
    ) -> Option<WindowKind> {
        let id = &def.id;
        if def.from.is_some() || def.days.is_some() || def.months.is_some() {
            self.error_key(
                at,
                "earliest_of",
                format!("window \"{id}\": earliest_of excludes from, days and months"),
            );
            return None;
        }
        if def.earliest_of.len() < 2 {
            self.error_key(
                at,
                "earliest_of",
                format!("window \"{id}\": earliest_of needs at least two windows"),
            );
            return None;
        }
        let mut parts = Vec::new();
        for part in &def.earliest_of {
            match earlier.get(part.as_str()) {
                Some(&i) => parts.push(i),
                None => {
                    self.error_key(at, "earliest_of",
                        format!(
                            "window \"{id}\": earliest_of names \"{part}\", which is not a window declared above it"
                        ),
                    );
                    return None;
                }
            }
        }
        Some(WindowKind::EarliestOf(parts))
    }
}

/// The span windows an `earliest_of` comes down to (its parts', recursively,
/// without repeats), or `None` past [`MAX_DESCRIBED_SPANS`]. Built from the
/// parts' own lists, so each window costs at most that many steps.
pub(super) fn reduced_spans(
    kind: &WindowKind,
    index: usize,
    earlier: &[Option<Vec<usize>>],
) -> Option<Vec<usize>> {
    match kind {
        WindowKind::Span { .. } => Some(vec![index]),
        WindowKind::EarliestOf(parts) => {
            let mut spans: Vec<usize> = Vec::new();
            for &part in parts {
                for &span in earlier.get(part)?.as_ref()? {
                    if !spans.contains(&span) {
                        spans.push(span);
                    }
                    if spans.len() > MAX_DESCRIBED_SPANS {
                        return None;
                    }
                }
            }
            Some(spans)
        }
    }
}

/// "order date + 45 days", "earlier of delivery date + 60 days and invoice
/// date + 60 days". An `earliest_of` is said by the spans it reduces to
/// (`reduced`); when there are too many, by its direct parts, naming the
/// long ones by label, so no description repeats another in full.
pub(super) fn describe(
    kind: &WindowKind,
    reduced: Option<&[usize]>,
    earlier: &[Window],
    earlier_spans: &[Option<Vec<usize>>],
) -> String {
    let relative = |i: usize| earlier.get(i).map_or("", |w| w.relative.as_str());
    match kind {
        WindowKind::Span { from, length } => {
            let amount = match length {
                Length::Days(1) => "1 day".to_owned(),
                Length::Days(n) => format!("{n} days"),
                Length::Months(1) => "1 month".to_owned(),
                Length::Months(n) => format!("{n} months"),
            };
            format!("{} + {amount}", from.noun())
        }
        WindowKind::EarliestOf(parts) => {
            let names: Vec<String> = match reduced {
                Some(spans) => spans.iter().map(|&i| relative(i).to_owned()).collect(),
                None => parts
                    .iter()
                    .map(|&i| match earlier_spans.get(i) {
                        // Short: at most a few spans.
                        Some(Some(_)) => relative(i).to_owned(),
                        _ => format!(
                            "the limit \"{}\"",
                            earlier
                                .get(i)
                                .map_or(String::new(), |w| shown(&w.label, 60))
                        ),
                    })
                    .collect(),
            };
            format!("earlier of {}", names.join(" and "))
        }
    }
}
