//! Helpers shared by the integration tests: run the binary, read its CSV.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mtaudit"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared seed pair: (hyp, ref).
pub fn seeds() -> (PathBuf, PathBuf) {
    let dir = repo().join("../shared/seeds");
    let dir = if dir.is_dir() {
        dir
    } else {
        repo().join("tests/fixtures/seeds")
    };
    let find = |prefix: &str| {
        std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix}* seed in {}", dir.display()))
    };
    (find("000_"), find("003_"))
}

pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run mtaudit")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A parsed report: header plus rows keyed by column name.
pub struct Report {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Report {
    pub fn parse(text: &str) -> Report {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header = r.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_owned).collect())
            .collect();
        Report { header, rows }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    pub fn get<'a>(&'a self, row: &'a [String], name: &str) -> &'a str {
        &row[self.col(name)]
    }

    /// The only row whose `side`_text contains `needle`.
    pub fn row_with(&self, side: &str, needle: &str) -> &Vec<String> {
        let c = self.col(&format!("{side}_text"));
        let hits: Vec<_> = self.rows.iter().filter(|r| r[c].contains(needle)).collect();
        assert_eq!(
            hits.len(),
            1,
            "rows with {side} text {needle:?}: {}",
            hits.len()
        );
        hits[0]
    }

    pub fn kinds(&self) -> Vec<String> {
        let c = self.col("kind");
        self.rows.iter().map(|r| r[c].clone()).collect()
    }
}

pub fn compare(hyp: &Path, reference: &Path, extra: &[&str]) -> Report {
    let mut args = vec![
        "compare",
        hyp.to_str().unwrap(),
        reference.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let o = run(&args);
    assert!(o.status.success(), "mtaudit failed: {}", stderr(&o));
    Report::parse(&stdout(&o))
}
