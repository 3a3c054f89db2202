//! `mtaudit segment` end to end: files, stdin, `--split lines`, `--abbrev`.

use crate::common::*;

#[test]
fn many_tiny_lines_segment_without_losing_words() {
    let d = tempfile::tempdir().unwrap();
    let words = ["alpha", "beta", "gamma", "delta", "market", "phone"];
    let text: String = (0..100_000)
        .map(|i| format!("{}\n", words[i % words.len()]))
        .collect();
    write(d.path(), "tiny.txt", &text);
    let segs = segments(d.path(), "tiny.txt");
    let got: Vec<&str> = segs.iter().flat_map(|s| s.split_whitespace()).collect();
    let want: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(got.len(), want.len());
    assert!(got == want);
}

fn run_file(content: &[u8], extra: &[&str]) -> (String, String, i32) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.txt"), content).unwrap();
    let mut args = vec!["segment", "in.txt"];
    args.extend_from_slice(extra);
    let out = run_in(dir.path(), &args);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn segments_a_file_one_sentence_per_line() {
    let text = "Payment mode:\r\nBoth are immature. Dr. Wu said so at 5 p.m. Then he left.\r\n\r\nWechat\r\n";
    let (out, err, code) = run_file(text.as_bytes(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "Payment mode:",
            "Both are immature.",
            "Dr. Wu said so at 5 p.m.",
            "Then he left.",
            "Wechat"
        ]
    );
}

#[test]
fn reads_stdin_with_dash() {
    let out = run_stdin(
        &repo(),
        &["segment", "-"],
        "Ali said: \"It is open.\" \u{201d} Tencent said no.\n他来了。Then a sentence that is wrapped over two lines\nof this short input ends here.".as_bytes(),
    );
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        s.lines().collect::<Vec<_>>(),
        [
            "Ali said: \"It is open.\" \u{201d}",
            "Tencent said no.",
            "他来了。",
            "Then a sentence that is wrapped over two lines of this short input ends here."
        ]
    );
}

#[test]
fn split_lines_keeps_lines() {
    let (out, _, code) = run_file(b"One. Two.\n\n  Three four\rFive\n", &["--split", "lines"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["One. Two.", "Three four", "Five"]
    );
}

#[test]
fn abbrev_file_extends_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let ab = dir.path().join("abbrev.txt");
    std::fs::write(&ab, "Frz.\nqty\n\n").unwrap();
    let text = b"Mix with Frz. Salt. Add Qty. Nine.";
    let (plain, _, _) = run_file(text, &[]);
    assert_eq!(plain.lines().count(), 4, "{plain}");
    let (out, err, code) = run_file(text, &["--abbrev", ab.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        ["Mix with Frz. Salt.", "Add Qty. Nine."]
    );
}

#[test]
fn seed_hyp_quotes_and_headings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = root.join("../shared/seeds");
    let seeds = if seeds.is_dir() {
        seeds
    } else {
        root.join("tests/fixtures/seeds")
    };
    let Some(hyp) = std::fs::read_dir(&seeds).ok().and_then(|d| {
        d.flatten().map(|e| e.path()).find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("000_"))
        })
    }) else {
        eprintln!("seeds not found next to the repository; skipping");
        return;
    };
    let out = run(&[std::ffi::OsStr::new("segment"), hyp.as_os_str()]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = s.lines().collect();
    // Headings stand alone, read from the seed text.
    for h in [
        "Payment mode: Both immature earning yell outweigh essence",
        "Weibo + Alipay",
        "Wechat",
        "Source: Internet",
        "Author: User",
    ] {
        assert!(lines.contains(&h), "missing heading {h:?}");
    }
    // The stray closing quote stays with the sentence it closes.
    assert!(lines.contains(&"Tencent said: \"The micro-shop is coming.\" \u{201d}"));
    assert!(!lines.iter().any(|l| l.starts_with('\u{201d}')));
    // `." "` splits between the closing and the opening quote.
    assert!(lines.iter().any(|l| l.ends_with("is the same.\"")));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("\"An electrical Business Insider analysis"))
    );
}

#[test]
fn missing_file_is_exit_2() {
    let out = run(&["segment", "/nonexistent/x.txt"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn glossary_options_are_refused_not_silently_ignored() {
    // `segment` does no glossary check; accepting --glossary would suggest it does.
    let (out, err, code) = run_file(b"One. Two.\n", &["--glossary", "g.csv"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("--glossary"), "{err}");
    let help = run(&["segment", "--help"]);
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("--abbrev") && !help.contains("--ignore"),
        "{help}"
    );
}

#[test]
fn lossy_replacements_are_warned_about_even_when_quiet() {
    let (out, err, code) = run_file(b"ok line\n\xff\xfe bad\n", &["--lossy"]);
    assert_eq!(code, 0);
    assert_eq!(out, "ok line\n\u{FFFD}\u{FFFD} bad\n");
    assert!(
        err.contains("in.txt: 2 undecodable byte sequences replaced with U+FFFD"),
        "{err}"
    );
    // -q silences progress and summaries, never a warning about changed data.
    let (_, err_q, code) = run_file(b"ok line\n\xff\xfe bad\n", &["--lossy", "-q"]);
    assert_eq!(code, 0);
    assert!(
        err_q.contains("in.txt: 2 undecodable byte sequences replaced with U+FFFD"),
        "{err_q}"
    );
    // Without --lossy the same bytes are an error naming the file and line.
    let (out, err, code) = run_file(b"ok line\n\xff\xfe bad\n", &[]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("in.txt:2: invalid UTF-8 at byte 8"), "{err}");
}

/// `mtaudit segment` on an XLIFF, TMX or PO file prints what `compare`
/// sees: each unit's translation, one a line, with its inline codes as
/// placeholder tags; `--input-format` and `--lang` as in `compare`.
/// Before, the XML was printed as text.
#[test]
fn segment_prints_the_targets_of_a_cat_file() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.xlf", ZH_EN_XLIFF);
    assert_eq!(
        segments(d.path(), "a.xlf"),
        [
            "Micro-letter payment enters the vegetable market.",
            "The the stall owner said: <g id=\"1\">paying with micro-letter</g> is handy.",
        ]
    );
    // Read by content when the extension says nothing, or as told.
    write(d.path(), "a.txt", ZH_EN_XLIFF);
    assert_eq!(segments(d.path(), "a.txt").len(), 2);
    let o = run_in(d.path(), &["segment", "a.xlf", "--input-format", "text"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).lines().any(|l| l == "<trans-unit id=\"1\">"));
    // A TMX with two target languages: --lang chooses.
    let tmx = r#"<?xml version="1.0"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/>
<body>
<tu tuid="1"><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv><tuv xml:lang="en-US"><seg>Hello. How are you?</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv></tu>
</body></tmx>
"#;
    write(d.path(), "m.tmx", tmx);
    let o = run_in(d.path(), &["segment", "m.tmx", "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "Bonjour.\n");
    let o = run_in(d.path(), &["segment", "m.tmx", "--lang", "en"]);
    assert_eq!(stdout(&o), "Hello. How are you?\n");
}
