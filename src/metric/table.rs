//! What the metric table (in `metric/mod.rs`) generates: `PairStats` (one
//! pair) and the report's metric columns, the summaries' corpus scores with
//! their signatures, the gates and the notes about pairs left out, all in
//! the table's order; and `CorpusStats`, the summed statistics.

use super::{CorpusSpec, PairStats};

/// One corpus score as the summaries show it.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusScore {
    pub spec: CorpusSpec,
    pub value: f64,
    pub signature: Option<String>,
}

/// Generates [`PairStats`] from the metric table.
macro_rules! metric_table {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// Every metric's statistics of one pair, or summed over many.
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct PairStats {
            $(pub $field: $ty,)*
        }

        impl PairStats {
            /// One pair, the built-in metrics from one fused pass.
            pub fn compute(hyp: &str, ref_: &str) -> PairStats {
                let p = $crate::metric::PairText::new(hyp, ref_);
                PairStats { $($field: <$ty as Metric>::of_pass(&p),)* }
            }

            /// One pair, every metric on its own: the fused pass's oracle.
            pub fn alone(hyp: &str, ref_: &str) -> PairStats {
                PairStats { $($field: <$ty as Metric>::of_pair(hyp, ref_),)* }
            }

            pub fn add(&mut self, o: &PairStats) {
                $(Metric::add(&mut self.$field, &o.$field);)*
            }

            /// The report columns the metrics fill, in table order.
            pub fn columns() -> Vec<&'static str> {
                let mut v = Vec::new();
                $(v.extend_from_slice(<$ty as Metric>::COLUMNS);)*
                v
            }

            /// This pair's cells under [`PairStats::columns`], appended to `out`.
            pub fn cells(&self, out: &mut Vec<$crate::table::Cell<'static>>) {
                $(
                    for i in 0..<$ty as Metric>::COLUMNS.len() {
                        out.push(self.$field.cell(i));
                    }
                )*
            }

            /// The corpus scores of summed statistics, in table order;
            /// `linked` holds the linked rows only, for the metrics scored
            /// over those.
            pub fn corpus_scores(
                &self,
                linked: &PairStats,
                empty: bool,
            ) -> Vec<$crate::metric::CorpusScore> {
                let mut v = Vec::new();
                $(
                    if let Some(spec) = <$ty as Metric>::CORPUS {
                        let s = if spec.linked_only { &linked.$field } else { &self.$field };
                        v.push($crate::metric::CorpusScore {
                            spec,
                            value: if empty { f64::NAN } else { s.corpus() },
                            signature: <$ty as Metric>::signature(),
                        });
                    }
                )*
                v
            }

            /// Every gate, in table order.
            pub fn gate_rules() -> Vec<$crate::metric::GateRule> {
                let mut v = Vec::new();
                $(v.extend(<$ty as Metric>::GATE);)*
                v
            }

            /// The corpus score gate `name` looks at (canonical name).
            pub fn gate_value(&self, linked: &PairStats, name: &str) -> Option<f64> {
                $(
                    if <$ty as Metric>::GATE.is_some_and(|g| g.name == name) {
                        let linked_only = <$ty as Metric>::CORPUS.is_some_and(|c| c.linked_only);
                        let s = if linked_only { &linked.$field } else { &self.$field };
                        return Some(s.corpus());
                    }
                )*
                None
            }

            /// Notes about pairs the statistics leave out.
            pub fn notes(&self) -> Vec<String> {
                let mut v = Vec::new();
                $(v.extend(self.$field.notes());)*
                v
            }
        }
    };
}
pub(super) use metric_table;

/// Summed statistics of many pairs, as sacrebleu's `corpus_score` sums them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CorpusStats {
    pub pairs: usize,
    pub stats: PairStats,
}

impl CorpusStats {
    pub fn add(&mut self, s: &PairStats) {
        self.pairs += 1;
        self.stats.add(s);
    }

    pub fn merge(&mut self, other: &CorpusStats) {
        self.pairs += other.pairs;
        self.stats.add(&other.stats);
    }

    /// These pairs' corpus scores; `linked` (the pairs with both sides)
    /// supplies what a metric takes from linked rows only (see
    /// [`PairStats::corpus_scores`]).
    pub fn scores(&self, linked: &CorpusStats) -> Vec<CorpusScore> {
        self.stats.corpus_scores(&linked.stats, self.pairs == 0)
    }
}
