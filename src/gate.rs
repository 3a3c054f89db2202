//! CI quality gates (`--fail-under METRIC=VALUE`, `--fail-on-terms`): the
//! figures they look at, summed over one pair or a whole batch, and the one
//! line that says which gate failed and by how much.

use crate::error::{Error, Result};
use crate::fixed::fixed;
use crate::metric::{CorpusStats, GateRule, PairStats};
use crate::summary::DocSummary;

/// Figures the quality gates look at, summed over one or many pairs.
#[derive(Debug, Clone, Default)]
pub struct GateStats {
    /// Every row, gaps included: what the delivery scores.
    pub corpus: CorpusStats,
    /// The linked rows only.
    pub linked: CorpusStats,
    /// Term findings on the hyp side (deprecated, case, missing).
    pub hyp_findings: usize,
}

impl GateStats {
    pub fn from_summary(s: &DocSummary) -> GateStats {
        GateStats {
            corpus: s.corpus.clone(),
            linked: s.linked.clone(),
            hyp_findings: s.hyp_findings.values().sum(),
        }
    }

    /// The figures of the pairs that were audited (a failed pair has none),
    /// summed: what the batch's gates and its index page both show.
    pub fn over<'s>(summaries: impl IntoIterator<Item = &'s DocSummary>) -> GateStats {
        let mut g = GateStats::default();
        for s in summaries.into_iter().filter(|s| s.error.is_none()) {
            g.merge(&GateStats::from_summary(s));
        }
        g
    }

    pub fn merge(&mut self, o: &GateStats) {
        self.corpus.merge(&o.corpus);
        self.linked.merge(&o.linked);
        self.hyp_findings += o.hyp_findings;
    }

    /// The corpus score `gate` looks at; NaN when nothing was scored.
    fn value(&self, gate: &Gate) -> f64 {
        let c = if gate.linked {
            &self.linked
        } else {
            &self.corpus
        };
        if c.pairs == 0 {
            return f64::NAN;
        }
        c.stats
            .gate_value(&self.linked.stats, gate.rule.name)
            .unwrap_or(f64::NAN)
    }
}

/// One `--fail-under [linked:]METRIC=VALUE`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gate {
    pub rule: GateRule,
    pub value: f64,
    /// Over the linked rows only (`linked:chrf=50`) instead of the whole
    /// document, where a gap counts as a pair with one empty side.
    pub linked: bool,
}

impl Gate {
    /// What the failure message calls the score.
    fn label(&self) -> String {
        match self.rule.label.strip_prefix("corpus ") {
            Some(rest) if self.linked => format!("linked-rows {rest}"),
            _ => self.rule.label.to_owned(),
        }
    }

    /// The gate as the user wrote it, canonically.
    fn spec(&self) -> String {
        let prefix = if self.linked && !self.rule.label.starts_with("mean") {
            "linked:"
        } else {
            ""
        };
        format!("{prefix}{}={}", self.rule.name, self.value)
    }
}

impl std::str::FromStr for Gate {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Gate, String> {
        let (m, v) = s.split_once('=').ok_or_else(|| {
            format!("expected [linked:]METRIC=VALUE (e.g. chrf=50 or linked:chrf=60), got {s:?}")
        })?;
        let name = m.trim().to_ascii_lowercase();
        let (linked, name) = match name.strip_prefix("linked:") {
            Some(n) => (true, n.trim().to_owned()),
            None => (false, name),
        };
        let rules = PairStats::gate_rules();
        let Some(rule) = rules
            .iter()
            .find(|r| r.name == name || r.aliases.contains(&name.as_str()))
            .copied()
        else {
            let names: Vec<&str> = rules.iter().map(|r| r.name).collect();
            let (last, rest) = names.split_last().unwrap_or((&"", &[]));
            return Err(format!(
                "unknown metric {name:?}; use {} or {last}",
                rest.join(", ")
            ));
        };
        let value: f64 = v
            .trim()
            .parse()
            .map_err(|_| format!("{:?} is not a number", v.trim()))?;
        let max = rule.max;
        if !(value.is_finite() && (0.0..=max).contains(&value)) {
            let range = if max.is_finite() {
                format!("0..{max}")
            } else {
                "0 or more".to_owned()
            };
            return Err(format!("{} is scored {range}, got {}", rule.name, v.trim()));
        }
        Ok(Gate {
            rule,
            value,
            linked,
        })
    }
}

/// Checks the gates; `Err` carries one line giving every failed gate.
/// A metric that is not available (NaN: nothing scored, or not computed)
/// fails its gate, since a CI job must not pass on a score it never saw.
pub fn check_gates(stats: &GateStats, gates: &[Gate], fail_on_terms: bool) -> Result<()> {
    let mut failed = Vec::new();
    for g in gates {
        let r = &g.rule;
        let v = stats.value(g);
        let (m, label, d, spec) = (r.name, g.label(), r.decimals, g.spec());
        if v.is_nan() {
            failed.push(format!("{m} not available ({label} could not be computed)"));
        } else if r.lower_is_better && v > g.value {
            let v = fixed(v, d);
            failed.push(format!("{label} {v} > {} ({spec})", g.value));
        } else if !r.lower_is_better && v < g.value {
            let v = fixed(v, d);
            failed.push(format!("{label} {v} < {} ({spec})", g.value));
        }
    }
    if fail_on_terms && stats.hyp_findings > 0 {
        failed.push(format!(
            "{} glossary finding(s) in the hyp (--fail-on-terms)",
            stats.hyp_findings
        ));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::gate(format!(
            "quality gate failed: {}",
            failed.join("; ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_specs() {
        let g: Gate = "TER = 40".parse().unwrap();
        assert_eq!((g.rule.name, g.value), ("ter", 40.0));
        assert!(g.rule.lower_is_better);
        assert_eq!("chrf++=5".parse::<Gate>().unwrap().rule.name, "chrfpp");
        assert_eq!(
            "char-sim=0.5".parse::<Gate>().unwrap().rule.name,
            "char_sim"
        );
        let e = "meteor=5".parse::<Gate>().unwrap_err();
        assert!(e.contains("use char_sim, chrf, chrfpp, ter or bleu"), "{e}");
        assert!("char_sim=1.5".parse::<Gate>().unwrap_err().contains("0..1"));
        assert!("bleu=101".parse::<Gate>().is_err());
        // TER has no ceiling, but must be a finite non-negative number.
        assert_eq!("ter=250".parse::<Gate>().unwrap().value, 250.0);
        for bad in ["ter=-1", "ter=inf", "ter=NaN", "chrf=nan"] {
            assert!(bad.parse::<Gate>().is_err(), "{bad}");
        }
        assert!("x".parse::<Gate>().unwrap_err().contains("METRIC=VALUE"));
        let g: Gate = "linked:chrf=60".parse().unwrap();
        assert!(g.linked && g.rule.name == "chrf");
        assert_eq!(g.label(), "linked-rows chrF");
    }

    #[test]
    fn gates_report_every_failure_on_one_line() {
        // Two linked pairs with char_sim 1 and 0.5.
        let mut s = GateStats {
            hyp_findings: 3,
            ..GateStats::default()
        };
        for (h, r) in [("ab", "ab"), ("ab", "ac")] {
            let p = crate::metric::score_pair(h, r);
            s.corpus.add(&p);
            s.linked.add(&p);
        }
        let cs = |v: &str| format!("char_sim={v}").parse::<Gate>().unwrap();
        assert!(check_gates(&s, &[cs("0.75")], false).is_ok());
        let e = check_gates(&s, &[cs("0.8")], true).unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(!e.message.contains('\n'));
        assert!(e.message.contains("0.7500 < 0.8"), "{}", e.message);
        assert!(e.message.contains("3 glossary finding(s)"), "{}", e.message);
        // No scored link at all: the gate cannot pass on a score never seen.
        let e = check_gates(&GateStats::default(), &[cs("0.1")], false).unwrap_err();
        assert!(
            e.message.contains("char_sim not available"),
            "{}",
            e.message
        );
        let mut m = s.clone();
        m.merge(&s);
        assert_eq!((m.linked.pairs, m.hyp_findings), (4, 6));
    }
}
