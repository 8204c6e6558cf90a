//! The policy's rules: their conditions, findings (items, notes, templates quoting cited clauses) and override cycles, checked and compiled.

use super::*;

impl Compiler {
    pub(super) fn known_clauses(
        &mut self,
        at: At<'_>,
        key: &'static str,
        ids: &[String],
        clauses: &HashSet<&str>,
    ) {
        for id in ids {
            if !clauses.contains(id.as_str()) {
                self.error_key(at, key, format!("unknown clause id \"{id}\""));
            }
        }
    }

    pub(super) fn rule(&mut self, at: At<'_>, def: &RuleDef, names: &Names<'_>) -> Rule {
        let id = &def.id;
        if !is_id(id) {
            self.error_key(
                at,
                "id",
                format!("rule id \"{id}\" must be lower-case letters, digits and _"),
            );
        }
        let tier = def.tier.as_ref().and_then(|t| {
            let found = names.tier_index.get(t.as_str()).copied();
            if found.is_none() {
                self.error_key(
                    at,
                    "tier",
                    format!("rule \"{id}\": tier \"{t}\" is not in tiers"),
                );
            }
            found
        });
        match (def.verdict, def.tier.is_some()) {
            (Some(_), false) => self.error_key(
                at,
                "verdict",
                format!("rule \"{id}\": a rule with a verdict needs a tier"),
            ),
            (None, true) => self.error_key(
                at,
                "tier",
                format!("rule \"{id}\": only rules with a verdict have a tier"),
            ),
            _ => {}
        }
        if def.verdict.is_some() && def.summary.is_none() {
            self.error_key(
                at,
                "verdict",
                format!("rule \"{id}\": a rule with a verdict needs a summary"),
            );
        }
        if def.verdict.is_some() && def.escalate.is_some() {
            self.error_key(
                at,
                "escalate",
                format!("rule \"{id}\": escalate is for finding rules, not decision rules"),
            );
        }
        match def.escalate {
            Some(Verdict::Review) if def.summary.is_none() => self.error_key(
                at,
                "escalate",
                format!("rule \"{id}\": escalate needs a summary saying why"),
            ),
            Some(Verdict::Review) | None => {}
            Some(other) => self.error_key(
                at,
                "escalate",
                format!("rule \"{id}\": escalate can only be \"review\", not \"{other}\""),
            ),
        }
        if def.verdict.is_none() && def.escalate.is_none() && def.summary.is_some() {
            self.error_key(
                at,
                "summary",
                format!("rule \"{id}\": summary is only for decision or escalating rules"),
            );
        }
        let when = self.conditions(at, id, &def.when, names);
        if def.verdict.is_some() && when.tests_decision() {
            self.error_key(
                at,
                "when",
                format!("rule \"{id}\": a decision rule cannot test verdict, tier or decided_by"),
            );
        }
        let adds_nothing = def.verdict.is_none()
            && def.escalate.is_none()
            && def.remedies.is_empty()
            && def.return_shipping.is_none()
            && def.clauses.is_empty()
            && def.deadlines.is_empty()
            && def.evidence.is_empty()
            && def.steps.is_empty()
            && def.notes.is_empty();
        if adds_nothing {
            self.error(Some(at), format!("rule \"{id}\" decides and adds nothing"));
        }
        let overrides = def
            .overrides
            .iter()
            .filter_map(|o| {
                let found = names.rule_index.get(o.as_str()).copied();
                match found {
                    None => self.error_key(at, "overrides",
                        format!("rule \"{id}\": overrides unknown rule \"{o}\""),
                    ),
                    Some(i) if names.rules[i].verdict.is_some() != def.verdict.is_some() => {
                        self.error_key(at, "overrides",
                            format!(
                                "rule \"{id}\": overrides \"{o}\", which is not the same kind of rule (decision or finding)"
                            ),
                        )
                    }
                    Some(_) if o == id => {
                        self.error_key(at, "overrides", format!("rule \"{id}\" overrides itself"))
                    }
                    Some(_) => {}
                }
                found
            })
            .collect();
        self.known_clauses(at, "clauses", &def.clauses, names.clauses);
        let deadlines: Vec<usize> = def
            .deadlines
            .iter()
            .filter_map(|w| self.window_ref(at, id, w, names))
            .collect();
        let summary = def
            .summary
            .as_ref()
            .and_then(|s| self.template(at, "summary", id, s, names));
        if let Some(t) = &summary {
            self.quotes_cited(at, "summary", id, t, &def.clauses, names);
        }
        let evidence = self.items(at, "evidence", id, &def.evidence, names);
        let steps = self.items(at, "steps", id, &def.steps, names);
        let notes = self.notes(at, id, &def.notes, names);
        let mut cites: Vec<String> = Vec::new();
        let mut cited: HashSet<&str> = HashSet::new();
        let all = def
            .clauses
            .iter()
            .chain(
                deadlines
                    .iter()
                    .flat_map(|&w: &usize| &names.windows[w].clauses),
            )
            .chain(
                evidence
                    .iter()
                    .chain(&steps)
                    .flat_map(|i: &Item| &i.clauses),
            )
            .chain(notes.iter().flat_map(|n: &NoteItem| &n.clauses));
        for c in all {
            if cited.insert(c.as_str()) {
                cites.push(c.clone());
            }
        }
        Rule {
            id: id.clone(),
            label: def.label.clone(),
            tier,
            verdict: def.verdict,
            escalate: def.escalate,
            summary,
            when,
            overrides,
            remedies: def.remedies.clone(),
            return_shipping: def.return_shipping,
            clauses: def.clauses.clone(),
            deadlines,
            evidence,
            steps,
            notes,
            cites,
        }
    }

    /// Rules that override each other in a ring (a over b over a, or
    /// longer) would set each other aside and leave no rule standing, so
    /// they are refused here, naming the ring. Walked without recursion:
    /// a chain of thousands of overrides must not exhaust the stack.
    pub(super) fn override_cycles(&mut self, rules: &[Rule]) {
        const NEW: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; rules.len()];
        // Where each rule on the current path sits in it.
        let mut depth = vec![0usize; rules.len()];
        let mut cycles: Vec<Vec<usize>> = Vec::new();
        let mut unnamed = 0usize;
        for start in 0..rules.len() {
            if state[start] != NEW {
                continue;
            }
            // (rule, how many of its overrides have been followed)
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = ON_PATH;
            while let Some((rule, followed)) = path.last_mut() {
                let rule = *rule;
                let Some(&next) = rules[rule].overrides.get(*followed) else {
                    state[rule] = DONE;
                    path.pop();
                    continue;
                };
                *followed += 1;
                // Overriding itself is reported on its own.
                if next == rule || next >= rules.len() {
                    continue;
                }
                match state[next] {
                    NEW => {
                        state[next] = ON_PATH;
                        depth[next] = path.len();
                        path.push((next, 0));
                    }
                    ON_PATH if cycles.len() < MAX_CYCLES_NAMED => {
                        cycles.push(path[depth[next]..].iter().map(|(r, _)| *r).collect());
                    }
                    ON_PATH => unnamed += 1,
                    _ => {}
                }
            }
        }
        for cycle in cycles {
            let name = |r: usize| format!("\"{}\"", shown(&rules[r].id, 40));
            let message = match cycle.as_slice() {
                [a, b] => format!(
                    "rule {} and rule {} override each other: one of the two overrides must go",
                    name(*a),
                    name(*b)
                ),
                _ => {
                    // A ring of thousands is named by its first rules.
                    let mut ring: Vec<String> = cycle.iter().take(12).map(|&r| name(r)).collect();
                    if cycle.len() > 12 {
                        ring.push(format!("… ({} rules in all)", cycle.len()));
                    }
                    ring.push(name(cycle[0]));
                    format!(
                        "rules override each other in a cycle: {}; one of these overrides must go",
                        ring.join(" → ")
                    )
                }
            };
            self.error(Some(At("rules", cycle[0])), message);
        }
        if unnamed > 0 {
            self.error(
                None,
                format!(
                    "{unnamed} more override cycles among the rules (fix the ones above first)"
                ),
            );
        }
    }

    pub(super) fn window_ref(
        &mut self,
        at: At<'_>,
        rule: &str,
        id: &str,
        names: &Names<'_>,
    ) -> Option<usize> {
        let found = names.window_index.get(id).copied();
        if found.is_none() {
            self.error_key(
                at,
                "deadlines",
                format!("rule \"{rule}\": unknown window \"{id}\""),
            );
        }
        found
    }

    pub(super) fn template(
        &mut self,
        at: At<'_>,
        key: &'static str,
        rule: &str,
        text: &str,
        names: &Names<'_>,
    ) -> Option<Template> {
        let parsed = Template::parse(
            text,
            |w| names.window_index.get(w).copied(),
            |c| names.contact_index.get(c).copied(),
            |c| names.clause_list.iter().position(|x| x.id == c),
        );
        match parsed {
            Ok(t) => Some(t),
            Err(e) => {
                self.error_key(at, key, format!("rule \"{rule}\": {e}"));
                None
            }
        }
    }

    /// A text that quotes a clause cites it too, so the clause id is shown
    /// next to the words read out.
    pub(super) fn quotes_cited(
        &mut self,
        at: At<'_>,
        key: &'static str,
        rule: &str,
        text: &Template,
        cited: &[String],
        names: &Names<'_>,
    ) {
        for c in text.quoted_clauses() {
            let id = &names.clause_list[c].id;
            if !cited.contains(id) {
                self.error_key(
                    at,
                    key,
                    format!(
                        "rule \"{rule}\": a text quotes {{clause.{id}}} but does not cite {id}"
                    ),
                );
            }
        }
    }

    pub(super) fn items(
        &mut self,
        at: At<'_>,
        key: &'static str,
        rule: &str,
        defs: &[ItemDef],
        names: &Names<'_>,
    ) -> Vec<Item> {
        defs.iter()
            .filter_map(|d| {
                self.known_clauses(at, key, &d.clauses, names.clauses);
                if d.clauses.is_empty() {
                    self.error_key(
                        at,
                        key,
                        format!("rule \"{rule}\": every evidence item and step cites a clause"),
                    );
                }
                if key != "steps" && d.who.is_some() {
                    self.error_key(
                        at,
                        key,
                        format!("rule \"{rule}\": `who` says who acts on a step; an evidence item has none"),
                    );
                }
                let text = self.template(at, key, rule, &d.text, names)?;
                self.quotes_cited(at, key, rule, &text, &d.clauses, names);
                Some(Item {
                    text,
                    clauses: d.clauses.clone(),
                    who: d.who,
                })
            })
            .collect()
    }

    pub(super) fn notes(
        &mut self,
        at: At<'_>,
        rule: &str,
        defs: &[NoteDef],
        names: &Names<'_>,
    ) -> Vec<NoteItem> {
        let key = "notes";
        defs.iter()
            .filter_map(|d| {
                self.known_clauses(at, key, &d.clauses, names.clauses);
                if d.clauses.is_empty() {
                    self.error_key(
                        at,
                        "notes",
                        format!("rule \"{rule}\": every note cites a clause"),
                    );
                }
                let text = self.template(at, key, rule, &d.text, names)?;
                self.quotes_cited(at, key, rule, &text, &d.clauses, names);
                Some(NoteItem {
                    kind: d.kind,
                    text,
                    clauses: d.clauses.clone(),
                })
            })
            .collect()
    }

    pub(super) fn conditions(
        &mut self,
        at: At<'_>,
        rule: &str,
        w: &WhenDef,
        names: &Names<'_>,
    ) -> Conditions {
        // Repeats in a list change nothing, so they are dropped: the
        // engine's checks then stay as short as the sets they test.
        let mut lookup = |kind: &str,
                          key: &'static str,
                          ids: &[String],
                          known: &HashMap<&str, usize>|
         -> Vec<usize> {
            let found = ids
                .iter()
                .filter_map(|id| {
                    let found = known.get(id.as_str()).copied();
                    if found.is_none() {
                        self.error_key(
                            at,
                            key,
                            format!("rule \"{rule}\": unknown {kind} \"{id}\""),
                        );
                    }
                    found
                })
                .collect();
            dedup(found)
        };
        let product_index = index_of(Product::ALL.iter().map(|p| p.id()));
        let issues = lookup("issue", "when.issue", &w.issue, &names.issue_index);
        let channels = lookup("channel", "when.channel", &w.channel, &names.channel_index);
        let products = lookup("product", "when.product", &w.product, &product_index)
            .into_iter()
            .filter_map(|i| Product::ALL.get(i).copied())
            .collect();
        let within = lookup("window", "when.within", &w.within, &names.window_index);
        let after = lookup("window", "when.after", &w.after, &names.window_index);
        let tiers = lookup("tier", "when.tier", &w.tier, &names.tier_index);
        let decided_by = lookup("rule", "when.decided_by", &w.decided_by, &names.rule_index);
        for &r in &decided_by {
            if names.rules[r].verdict.is_none() {
                self.error_key(
                    at,
                    "when.decided_by",
                    format!(
                        "rule \"{rule}\": decided_by names \"{}\", which has no verdict",
                        names.rules[r].id
                    ),
                );
            }
        }
        let after_set: HashSet<usize> = after.iter().copied().collect();
        if let Some(w) = within.iter().find(|w| after_set.contains(w)) {
            self.error_key(
                at,
                "when.after",
                format!(
                    "rule \"{rule}\" can never fire: window \"{}\" is both within and after",
                    names.windows[*w].id
                ),
            );
        }
        let flags = [
            (Flag::FreeProduct, w.free_product),
            (Flag::ReplacementUnit, w.replacement_unit),
            (Flag::Undamaged, w.undamaged),
            (Flag::OutsidePurchaseCountry, w.outside_purchase_country),
        ]
        .into_iter()
        .filter_map(|(f, v)| v.map(|v| (f, v)))
        .collect();
        let given: Vec<Fact> = dedup(
            w.given
                .iter()
                .filter_map(|f| self.fact(at, "when.given", f))
                .collect(),
        );
        let absent: Vec<Fact> = dedup(
            w.absent
                .iter()
                .filter_map(|f| self.fact(at, "when.absent", f))
                .collect(),
        );
        if let Some(f) = given.iter().find(|f| absent.contains(f)) {
            self.error_key(
                at,
                "when.absent",
                format!(
                    "rule \"{rule}\" can never fire: {} is both given and absent",
                    f.field()
                ),
            );
        }
        Conditions {
            issues,
            channels,
            products,
            flags,
            given,
            absent,
            within,
            after,
            verdicts: dedup(w.verdict.clone()),
            tiers,
            decided_by,
        }
    }
}
