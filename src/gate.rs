//! CI quality gates (`--fail-under METRIC=VALUE`, `--fail-on-terms`): the
//! figures they look at, summed over one pair or a whole batch, and the one
//! line that says which gate failed and by how much.

use crate::audit::DocReport;
use crate::error::{Error, Result};
use crate::metric::CorpusStats;

/// Figures the quality gates look at, summed over one or many pairs.
#[derive(Debug, Clone, Default)]
pub struct GateStats {
    pub corpus: CorpusStats,
    /// Sum and count of char_sim over scored links (see
    /// [`DocReport::char_sim_total`]).
    pub char_sim_sum: f64,
    pub char_sim_n: usize,
    /// Term findings on the hyp side (deprecated, case, missing).
    pub hyp_findings: usize,
}

impl GateStats {
    pub fn from_report(rep: &DocReport) -> GateStats {
        let (char_sim_sum, char_sim_n) = rep.char_sim_total();
        GateStats {
            corpus: rep.corpus.clone(),
            char_sim_sum,
            char_sim_n,
            hyp_findings: rep.rows.iter().map(|r| r.hyp_terms.len()).sum(),
        }
    }

    pub fn merge(&mut self, o: &GateStats) {
        self.corpus.merge(&o.corpus);
        self.char_sim_sum += o.char_sim_sum;
        self.char_sim_n += o.char_sim_n;
        self.hyp_findings += o.hyp_findings;
    }

    /// Mean char_sim over all scored links (each link weighs the same,
    /// whichever document it is in); NaN when there is none.
    pub fn mean_char_sim(&self) -> f64 {
        if self.char_sim_n == 0 {
            f64::NAN
        } else {
            self.char_sim_sum / self.char_sim_n as f64
        }
    }
}

/// A metric a `--fail-under` gate can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateMetric {
    Chrf,
    Chrfpp,
    Bleu,
    /// The only "lower is better" metric: the gate fails when corpus TER
    /// is *above* the value.
    Ter,
    CharSim,
}

impl GateMetric {
    pub fn as_str(self) -> &'static str {
        match self {
            GateMetric::Chrf => "chrf",
            GateMetric::Chrfpp => "chrfpp",
            GateMetric::Bleu => "bleu",
            GateMetric::Ter => "ter",
            GateMetric::CharSim => "char_sim",
        }
    }
}

/// One `--fail-under METRIC=VALUE`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gate {
    pub metric: GateMetric,
    pub value: f64,
}

impl std::str::FromStr for Gate {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Gate, String> {
        let (m, v) = s
            .split_once('=')
            .ok_or_else(|| format!("expected METRIC=VALUE (e.g. chrf=50), got {s:?}"))?;
        let metric = match m.trim().to_ascii_lowercase().as_str() {
            "chrf" => GateMetric::Chrf,
            "chrfpp" | "chrf++" => GateMetric::Chrfpp,
            "bleu" => GateMetric::Bleu,
            "ter" => GateMetric::Ter,
            "char_sim" | "charsim" | "char-sim" => GateMetric::CharSim,
            other => {
                return Err(format!(
                    "unknown metric {other:?}; use chrf, chrfpp, bleu, ter or char_sim"
                ));
            }
        };
        let value: f64 = v
            .trim()
            .parse()
            .map_err(|_| format!("{:?} is not a number", v.trim()))?;
        // TER counts edits per reference word, so it has no upper bound
        // (a long hyp against a one-word ref scores in the thousands).
        let max = match metric {
            GateMetric::CharSim => 1.0,
            GateMetric::Ter => f64::INFINITY,
            _ => 100.0,
        };
        if !(value.is_finite() && (0.0..=max).contains(&value)) {
            let range = if max.is_finite() {
                format!("0..{max}")
            } else {
                "0 or more".to_owned()
            };
            return Err(format!(
                "{} is scored {range}, got {}",
                metric.as_str(),
                v.trim()
            ));
        }
        Ok(Gate { metric, value })
    }
}

/// Checks the gates; `Err` carries one line giving every failed gate.
/// A metric that is not available (NaN: nothing scored, or not computed)
/// fails its gate, since a CI job must not pass on a score it never saw.
pub fn check_gates(stats: &GateStats, gates: &[Gate], fail_on_terms: bool) -> Result<()> {
    let mut failed = Vec::new();
    for g in gates {
        let (v, label) = match g.metric {
            GateMetric::Chrf => (stats.corpus.chrf(), "corpus chrF"),
            GateMetric::Chrfpp => (stats.corpus.chrfpp(), "corpus chrF++"),
            GateMetric::Bleu => (stats.corpus.bleu(), "corpus BLEU"),
            GateMetric::Ter => (stats.corpus.ter(), "corpus TER"),
            GateMetric::CharSim => (stats.mean_char_sim(), "mean char_sim"),
        };
        let m = g.metric.as_str();
        if v.is_nan() {
            failed.push(format!("{m} not available ({label} could not be computed)"));
        } else if g.metric == GateMetric::Ter && v > g.value {
            failed.push(format!("{label} {v:.2} > {} (ter={})", g.value, g.value));
        } else if g.metric == GateMetric::CharSim && v < g.value {
            failed.push(format!("{label} {v:.4} < {} ({m}={})", g.value, g.value));
        } else if g.metric != GateMetric::Ter && g.metric != GateMetric::CharSim && v < g.value {
            failed.push(format!("{label} {v:.2} < {} ({m}={})", g.value, g.value));
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
        assert_eq!((g.metric, g.value), (GateMetric::Ter, 40.0));
        assert_eq!(
            "chrf++=5".parse::<Gate>().unwrap().metric,
            GateMetric::Chrfpp
        );
        assert!("char_sim=1.5".parse::<Gate>().unwrap_err().contains("0..1"));
        assert!("bleu=101".parse::<Gate>().is_err());
        // TER has no ceiling, but must be a finite non-negative number.
        assert_eq!("ter=250".parse::<Gate>().unwrap().value, 250.0);
        for bad in ["ter=-1", "ter=inf", "ter=NaN", "chrf=nan"] {
            assert!(bad.parse::<Gate>().is_err(), "{bad}");
        }
        assert!("x".parse::<Gate>().unwrap_err().contains("METRIC=VALUE"));
    }

    #[test]
    fn gates_report_every_failure_on_one_line() {
        let s = GateStats {
            char_sim_sum: 1.5,
            char_sim_n: 2,
            hyp_findings: 3,
            ..GateStats::default()
        };
        let cs = |v| Gate {
            metric: GateMetric::CharSim,
            value: v,
        };
        assert!(check_gates(&s, &[cs(0.75)], false).is_ok());
        let e = check_gates(&s, &[cs(0.8)], true).unwrap_err();
        assert_eq!(e.exit_code(), 1);
        assert!(!e.message.contains('\n'));
        assert!(e.message.contains("0.7500 < 0.8"), "{}", e.message);
        assert!(e.message.contains("3 glossary finding(s)"), "{}", e.message);
        // No scored link at all: the gate cannot pass on a score never seen.
        let e = check_gates(&GateStats::default(), &[cs(0.1)], false).unwrap_err();
        assert!(
            e.message.contains("char_sim not available"),
            "{}",
            e.message
        );
        let mut m = s.clone();
        m.merge(&s);
        assert_eq!((m.char_sim_n, m.hyp_findings), (4, 6));
    }
}
