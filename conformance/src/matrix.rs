//! A results matrix across systems, from the JSON results of their runs
//! (`--results-json`): cases down, systems across, each cell's outcome as a
//! word (and, in HTML, a colour), the names each system lacks and its
//! failures by cause. As Markdown, for CONFORMANCE.md; as a self-contained
//! HTML page, whose cells link to each failure's report.

use std::collections::{BTreeMap, BTreeSet};

use crate::corpus::Corpus;
use crate::report::{Record, RunRecord};

/// The statuses a summary counts, in the order of its columns.
const COUNTED: [&str; 8] = ["pass", "fail", "crash", "timeout", "blocked", "deviates", "unsupported", "error"];

/// The outcome a cell shows: what the case did, expected or not.
fn outcome(r: &Record) -> &str {
    if r.outcome.is_empty() {
        &r.status
    } else {
        &r.outcome
    }
}

/// Whether an outcome is a failure of the system (expected or not).
fn failed(outcome: &str) -> bool {
    matches!(outcome, "fail" | "crash" | "timeout" | "blocked" | "error")
}

/// The column heading of a run: its system and version.
fn heading(run: &RunRecord) -> String {
    crate::message::system(&run.adapter, &run.implementation_version)
}

struct Matrix<'a> {
    runs: &'a [RunRecord],
    /// Every case of any run, in order, with its clause.
    cases: Vec<(String, String)>,
    /// Each run's records by case.
    by_case: Vec<BTreeMap<&'a str, &'a Record>>,
}

impl<'a> Matrix<'a> {
    fn new(runs: &'a [RunRecord]) -> Matrix<'a> {
        let mut cases: BTreeMap<String, String> = BTreeMap::new();
        for run in runs {
            for r in &run.results {
                cases.entry(r.case.clone()).or_insert_with(|| r.clause.clone());
            }
        }
        let by_case = runs.iter().map(|run| run.results.iter().map(|r| (r.case.as_str(), r)).collect()).collect();
        Matrix { runs, cases: cases.into_iter().collect(), by_case }
    }

    fn cell(&self, run: usize, case: &str) -> Option<&'a Record> {
        self.by_case[run].get(case).copied()
    }

    fn count(&self, run: usize, status: &str) -> usize {
        self.runs[run].results.iter().filter(|r| outcome(r) == status).count()
    }

    /// Each failure cause of a run, with its cases, the largest first.
    fn causes(&self, run: usize) -> Vec<(String, Vec<&'a str>)> {
        let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for r in &self.runs[run].results {
            if failed(outcome(r)) {
                let cause = r.cause.clone().unwrap_or_else(|| r.reason.clone().unwrap_or_default());
                groups.entry(cause).or_default().push(&r.case);
            }
        }
        let mut out: Vec<(String, Vec<&str>)> = groups.into_iter().collect();
        out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Whether a case passes on every run that has it.
    fn passes_everywhere(&self, case: &str) -> bool {
        (0..self.runs.len()).all(|i| self.cell(i, case).is_none_or(|r| outcome(r) == "pass"))
    }
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The Markdown matrix: a summary row per system, the names each lacks and
/// its failures by cause, then every case that does not pass everywhere.
pub fn markdown(runs: &[RunRecord]) -> String {
    let m = Matrix::new(runs);
    let mut s = String::new();
    s.push_str("| system | implementation | cases |");
    for c in COUNTED {
        s.push_str(&format!(" {c} |"));
    }
    s.push_str(" expected failures |\n|---|---|---|");
    s.push_str(&"---|".repeat(COUNTED.len() + 1));
    s.push('\n');
    for (i, run) in runs.iter().enumerate() {
        let expected = run.results.iter().filter(|r| r.status == "xfail").count();
        s.push_str(&format!("| {} | {} | {} |", heading(run), md_escape(&run.implementation), run.results.len()));
        for c in COUNTED {
            s.push_str(&format!(" {} |", m.count(i, c)));
        }
        s.push_str(&format!(" {expected} |\n"));
    }
    for (i, run) in runs.iter().enumerate() {
        let causes = m.causes(i);
        if causes.is_empty() && run.lacks.is_empty() {
            continue;
        }
        s.push_str(&format!("\n**{}**", heading(run)));
        if !run.lacks.is_empty() {
            let names: Vec<String> = run.lacks.iter().map(|(n, why)| format!("`{n}` ({})", md_escape(why))).collect();
            s.push_str(&format!(" lacks {}.", names.join(", ")));
        }
        s.push('\n');
        if !causes.is_empty() {
            s.push_str("Failures by cause:\n\n");
            for (cause, cases) in causes {
                let list: Vec<String> = cases.iter().map(|c| format!("`{c}`")).collect();
                s.push_str(&format!("- {} × {}: {}\n", cases.len(), md_escape(&cause), list.join(", ")));
            }
        }
    }
    let rows: Vec<&(String, String)> = m.cases.iter().filter(|(c, _)| !m.passes_everywhere(c)).collect();
    s.push_str(&format!(
        "\n{} of {} cases pass on every system; the others:\n\n| case | clause |",
        m.cases.len() - rows.len(),
        m.cases.len()
    ));
    for run in runs {
        s.push_str(&format!(" {} |", heading(run)));
    }
    s.push_str("\n|---|---|");
    s.push_str(&"---|".repeat(runs.len()));
    s.push('\n');
    for (case, clause) in rows {
        s.push_str(&format!("| `{case}` | `{clause}` |"));
        for i in 0..runs.len() {
            let word = match m.cell(i, case) {
                None => "—".to_string(),
                Some(r) if r.status == "xfail" => format!("{} (expected)", outcome(r)),
                Some(r) => outcome(r).to_string(),
            };
            s.push_str(&format!(" {word} |"));
        }
        s.push('\n');
    }
    s
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A sentence of the suite's, escaped, with its `quoted` names set as
/// code, as the Markdown shows them. Backticks that do not pair up (an
/// implementation's own words may hold one) are left as they are.
fn html_prose(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 == 0 {
        return html_escape(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 { format!("<code>{}</code>", html_escape(p)) } else { html_escape(p) })
        .collect()
}

/// An id for an HTML anchor.
fn anchor(run: usize, case: &str) -> String {
    format!("r{run}-{}", case.replace(['/', '?', '*', '.'], "-"))
}

/// The HTML page: one self-contained file (no script or style from
/// elsewhere), with a summary, the names lacked and the causes per system,
/// the matrix (its heading row and case column stay in view), and every
/// report a cell links to.
pub fn html(runs: &[RunRecord], corpus: Option<&Corpus>) -> String {
    let m = Matrix::new(runs);
    let clause_text = |id: &str| corpus.and_then(|c| c.clause(id)).map(|c| c.text.clone()).unwrap_or_default();
    let mut s = String::from(HEAD);
    s.push_str("<h1>SRFI 106 conformance across systems</h1>\n");
    let suites: BTreeSet<&str> = runs.iter().map(|r| r.suite_version.as_str()).collect();
    let suites: Vec<&str> = suites.into_iter().collect();
    s.push_str(&format!(
        "<p>srfi106-conform {}: {} cases on {} systems. Each cell is the case's outcome; a marked cell (◆) is a \
         failure the system's expectations record. Select a cell that did not pass for its report.</p>\n",
        html_escape(&suites.join(", ")),
        m.cases.len(),
        runs.len()
    ));
    s.push_str("<div class=\"scroll\"><table class=\"summary\"><thead><tr><th>system</th>");
    for c in COUNTED {
        s.push_str(&format!("<th class=\"{c}\">{c}</th>"));
    }
    s.push_str("<th>expected failures</th></tr></thead><tbody>\n");
    for (i, run) in runs.iter().enumerate() {
        s.push_str(&format!(
            "<tr><th title=\"{}\">{}</th>",
            html_escape(&run.implementation),
            html_escape(&heading(run))
        ));
        for c in COUNTED {
            s.push_str(&format!("<td>{}</td>", m.count(i, c)));
        }
        let expected = run.results.iter().filter(|r| r.status == "xfail").count();
        s.push_str(&format!("<td>{expected}</td></tr>\n"));
    }
    s.push_str("</tbody></table></div>\n<h2>Missing names and failures by cause</h2>\n");
    for (i, run) in runs.iter().enumerate() {
        s.push_str(&format!("<section class=\"causes\"><h3>{}</h3>", html_escape(&heading(run))));
        if !run.lacks.is_empty() {
            s.push_str("<p>Lacks: ");
            let names: Vec<String> = run
                .lacks
                .iter()
                .map(|(n, why)| format!("<code>{}</code> ({})", html_escape(n), html_prose(why)))
                .collect();
            s.push_str(&names.join(", "));
            s.push_str("</p>");
        }
        let causes = m.causes(i);
        if causes.is_empty() {
            s.push_str("<p>No failure.</p>");
        } else {
            s.push_str("<ul>");
            for (cause, cases) in causes {
                let links: Vec<String> =
                    cases.iter().map(|c| format!("<a href=\"#{}\">{}</a>", anchor(i, c), html_escape(c))).collect();
                s.push_str(&format!("<li><b>{} ×</b> {}: {}</li>", cases.len(), html_prose(&cause), links.join(", ")));
            }
            s.push_str("</ul>");
        }
        s.push_str("</section>\n");
    }
    s.push_str(
        "<h2>Cases</h2>\n<div class=\"scroll matrix\"><table class=\"matrix\"><thead><tr><th>case</th><th>clause</th>",
    );
    for run in runs {
        s.push_str(&format!("<th>{}</th>", html_escape(&heading(run))));
    }
    s.push_str("</tr></thead><tbody>\n");
    for (case, clause) in &m.cases {
        s.push_str(&format!(
            "<tr><th>{}</th><td class=\"clause\" title=\"{}\">{}</td>",
            html_escape(case),
            html_escape(&clause_text(clause)),
            html_escape(clause)
        ));
        for i in 0..runs.len() {
            match m.cell(i, case) {
                None => s.push_str("<td class=\"none\">—</td>"),
                Some(r) => {
                    let word = outcome(r);
                    let mark = if r.status == "xfail" { " ◆" } else { "" };
                    let title = html_escape(r.reason.as_deref().unwrap_or(""));
                    if r.report.is_some() {
                        s.push_str(&format!(
                            "<td class=\"{word}\" title=\"{title}\"><a href=\"#{}\">{word}{mark}</a></td>",
                            anchor(i, case)
                        ));
                    } else {
                        s.push_str(&format!("<td class=\"{word}\" title=\"{title}\">{word}{mark}</td>"));
                    }
                }
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></div>\n<h2>Reports</h2>\n");
    for (i, run) in runs.iter().enumerate() {
        for r in &run.results {
            if let Some(report) = &r.report {
                s.push_str(&format!(
                    "<section class=\"report\" id=\"{}\"><h3>{} on {}</h3><pre>{}</pre></section>\n",
                    anchor(i, &r.case),
                    html_escape(&r.case),
                    html_escape(&heading(run)),
                    html_escape(report)
                ));
            }
        }
    }
    s.push_str(TAIL);
    s
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SRFI 106 conformance across systems</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1d1d1f; max-width: 100%; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; } h3 { font-size: 1em; margin: 0.6em 0 0.2em; }
.scroll { max-width: 100%; overflow: auto; }
.matrix.scroll { max-height: 80vh; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d0d5; padding: 2px 6px; text-align: left; white-space: nowrap; }
thead th { position: sticky; top: 0; background: #f4f4f6; z-index: 2; }
table.matrix tbody th { position: sticky; left: 0; background: #fafafa; z-index: 1; font-weight: normal; font-family: ui-monospace, monospace; }
td.impl, td.clause { font-family: ui-monospace, monospace; color: #555; }
td a { color: inherit; text-decoration: none; display: block; }
.pass { background: #d8f3dc; } .fail { background: #f8c4c4; } .crash { background: #f4a6a6; }
.timeout { background: #f7b2d0; } .blocked { background: #e9c2f2; } .deviates { background: #fde9b2; }
.unsupported { background: #e4e4e8; color: #555; } .error { background: #c9c9d6; } .none { color: #999; }
.xfail, .xpass { background: #f8c4c4; }
section.causes ul { margin: 0.2em 0 0.8em; padding-left: 1.2em; }
section.report pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f8; padding: 0.6em; border: 1px solid #e0e0e5; }
section.report:target { outline: 2px solid #3a6ea5; }
</style>
</head>
<body>
"#;

const TAIL: &str = r#"<script>
// Marks the page for automated checks: whether anything is wider than the
// window (the tables scroll inside their own boxes).
window.addEventListener("load", function () {
  var wide = document.documentElement.scrollWidth > window.innerWidth + 1;
  document.body.setAttribute("data-overflow", wide ? "page" : "none");
});
</script>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_names_in_a_sentence_become_code_and_a_lone_backtick_stays() {
        assert_eq!(html_prose("lacks `socket-close` <here>"), "lacks <code>socket-close</code> &lt;here&gt;");
        assert_eq!(html_prose("`a` and `b<`"), "<code>a</code> and <code>b&lt;</code>");
        assert_eq!(html_prose("it's a ` alone"), "it's a ` alone");
    }

    fn record(case: &str, status: &str, outcome: &str) -> Record {
        Record {
            case: case.into(),
            clause: "a.b".into(),
            status: status.into(),
            outcome: outcome.into(),
            expected: None,
            duration_ms: 1,
            reason: Some("why <this>".into()),
            cause: (status != "pass").then(|| "its (srfi 106) lacks `socket-close`".into()),
            diff: None,
            report: (status != "pass").then(|| "status: FAIL".into()),
            retries: 0,
            lacking: Vec::new(),
            leaks: None,
        }
    }

    fn run(adapter: &str, results: Vec<Record>) -> RunRecord {
        RunRecord {
            suite_version: "0.1.0".into(),
            implementation: format!("/bin/{adapter} ({adapter})"),
            adapter: adapter.into(),
            implementation_version: "1.0".into(),
            lacks: [("socket-close".to_string(), "not exported".to_string())].into(),
            results,
        }
    }

    fn runs() -> Vec<RunRecord> {
        vec![
            run("alpha", vec![record("a/one", "pass", "pass"), record("a/two", "xfail", "fail")]),
            run("beta", vec![record("a/one", "pass", "pass"), record("a/two", "crash", "crash")]),
        ]
    }

    #[test]
    fn markdown_summarises_and_lists_what_does_not_pass_everywhere() {
        let md = markdown(&runs());
        assert!(md.contains("| alpha 1.0 | /bin/alpha (alpha) | 2 | 1 | 1 | 0 |"), "{md}");
        assert!(md.contains("**alpha 1.0** lacks `socket-close` (not exported)."), "{md}");
        assert!(md.contains("- 1 × its (srfi 106) lacks `socket-close`: `a/two`"), "{md}");
        assert!(md.contains("1 of 2 cases pass on every system"), "{md}");
        assert!(md.contains("| `a/two` | `a.b` | fail (expected) | crash |"), "{md}");
        assert!(!md.contains("| `a/one` |"), "{md}");
    }

    #[test]
    fn html_links_cells_to_reports_and_escapes() {
        let page = html(&runs(), None);
        assert!(page.contains("<th>alpha 1.0</th>") && page.contains("<th>beta 1.0</th>"));
        assert!(page.contains("<a href=\"#r1-a-two\">crash</a>"), "{page}");
        assert!(page.contains("id=\"r1-a-two\""));
        assert!(page.contains("fail ◆"));
        assert!(page.contains("why &lt;this&gt;"));
        assert!(!page.contains("why <this>"));
    }
}
