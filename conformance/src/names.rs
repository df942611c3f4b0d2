//! The names a program uses: the case dialect's vocabulary (each name with
//! its library, taken from the reference implementation, which defines the
//! dialect), the names a piece of code mentions, and the forms that show
//! whether an implementation has a name.
//!
//! A case imports only the libraries of the names it uses, and the names
//! probe ([`crate::probe::names`]) asks an implementation about exactly
//! these names, so an implementation that lacks `(scheme char)` or
//! `u8-ready?` is told so once, by name, instead of failing every case.

use std::collections::{BTreeMap, BTreeSet};

use srfi106_reference::library::Lib;
use srfi106_reference::syntax::Binding;
use srfi106_reference::value::Value;
use srfi106_reference::{Options, Session};

use crate::error::Error;

/// The SRFI 106 names every case may use, whatever it tests: the two
/// constructors, accept, send, receive (its flags are names of their own)
/// and close. Everything else a case uses is what its clause tests or
/// declares it needs.
pub const CORE: [&str; 6] =
    ["make-client-socket", "make-server-socket", "socket-accept", "socket-send", "socket-recv", "socket-close"];

/// SRFI 106's flag operators: syntax whose operands are names, not
/// expressions.
pub const FLAG_OPERATORS: [&str; 6] =
    ["address-family", "address-info", "socket-domain", "ip-protocol", "message-type", "shutdown-method"];

/// A library of the dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Library(usize);

impl Library {
    pub const BASE: Library = Library(0);

    fn lib(self) -> Lib {
        Lib::ALL[self.0]
    }

    /// Its name in an import declaration: `(scheme base)`, `(srfi 106)`.
    pub fn name(self) -> &'static str {
        self.lib().name()
    }

    pub fn is_srfi106(self) -> bool {
        self.lib() == Lib::Srfi106
    }

    fn of(lib: Lib) -> Library {
        Library(Lib::ALL.iter().position(|l| *l == lib).unwrap_or(0))
    }
}

/// One name of the dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub library: Library,
    /// A syntactic keyword rather than a variable.
    pub syntax: bool,
}

/// The names of the case dialect.
pub struct Dialect {
    names: BTreeMap<String, Name>,
}

impl Dialect {
    /// The dialect as the reference implementation defines it.
    pub fn new() -> Dialect {
        let session = Session::new(Options::default(), false);
        let mut names = BTreeMap::new();
        for lib in Lib::ALL {
            for (symbol, binding) in session.libraries.exports(lib) {
                let syntax = matches!(binding, Binding::Special(_) | Binding::Macro(_));
                names.insert(symbol.to_string(), Name { library: Library::of(lib), syntax });
            }
        }
        Dialect { names }
    }

    pub fn get(&self, name: &str) -> Option<Name> {
        self.names.get(name).copied()
    }

    /// Every SRFI 106 name: procedures, flag operators and constants.
    pub fn srfi106(&self) -> impl Iterator<Item = &str> {
        self.names.iter().filter(|(_, n)| n.library.lib() == Lib::Srfi106).map(|(k, _)| k.as_str())
    }

    pub fn is_srfi106(&self, name: &str) -> bool {
        self.get(name).is_some_and(|n| n.library.is_srfi106())
    }

    /// The libraries of `names` (those of the dialect), `(scheme base)`
    /// and SRFI 106 always among them, in the dialect's order.
    pub fn libraries<'a>(&self, names: impl IntoIterator<Item = &'a String>) -> BTreeSet<Library> {
        let mut libs: BTreeSet<Library> = names.into_iter().filter_map(|n| self.get(n)).map(|n| n.library).collect();
        libs.insert(Library::BASE);
        libs.insert(Library::of(Lib::Srfi106));
        libs
    }
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect::new()
    }
}

/// The import declaration of a program that uses `libraries`.
pub fn import_line(libraries: &BTreeSet<Library>) -> String {
    let names: Vec<&str> = libraries.iter().map(|l| l.name()).collect();
    format!("(import {})", names.join(" "))
}

/// Every symbol `text` mentions as code: not inside quoted data, not the
/// names given to a flag operator, not in `import` declarations.
pub fn mentions(file: &str, text: &str) -> Result<BTreeSet<String>, Error> {
    let (forms, _) = srfi106_reference::reader::read_all(text, file).map_err(|e| read_error(file, e))?;
    let mut out = BTreeSet::new();
    let mut stack: Vec<Value> = forms.into_iter().filter(|f| head(f).as_deref() != Some("import")).collect();
    while let Some(v) = stack.pop() {
        match &v {
            Value::Symbol(s) => {
                out.insert(s.to_string());
            }
            Value::Pair(_) => match head(&v).as_deref() {
                Some("quote") => {
                    out.insert("quote".to_string());
                }
                Some("quasiquote") => {
                    out.insert("quasiquote".to_string());
                    unquoted(&v, &mut stack, &mut out);
                }
                Some(op) if FLAG_OPERATORS.contains(&op) => {
                    out.insert(op.to_string());
                }
                _ => elements(&v, &mut stack),
            },
            // Vectors and other literals are data.
            _ => {}
        }
    }
    Ok(out)
}

fn read_error(file: &str, e: srfi106_reference::Error) -> Error {
    let text = e.to_string();
    // The reader's messages start with `FILE:LINE:COL: `.
    let line = text
        .strip_prefix(file)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    Error::case(file, line, format!("cannot be read as Scheme: {text}"))
}

/// The symbol at the head of a list.
fn head(v: &Value) -> Option<String> {
    match v.car()? {
        Value::Symbol(s) => Some(s.to_string()),
        _ => None,
    }
}

/// Pushes the elements of a list, and its tail if it is improper.
fn elements(v: &Value, stack: &mut Vec<Value>) {
    let mut cur = v.clone();
    let mut count = 0usize;
    while let Value::Pair(p) = &cur {
        stack.push(p.car.borrow().clone());
        let next = p.cdr.borrow().clone();
        cur = next;
        count += 1;
        if count > 1_000_000 {
            return; // a circular literal: nothing more to find
        }
    }
    if !matches!(cur, Value::Null) {
        stack.push(cur);
    }
}

/// Pushes the unquoted parts of a quasiquote template (and notes the
/// unquote keywords it uses).
fn unquoted(v: &Value, stack: &mut Vec<Value>, out: &mut BTreeSet<String>) {
    let mut templates = vec![v.clone()];
    while let Some(t) = templates.pop() {
        match head(&t).as_deref() {
            Some(keyword @ ("unquote" | "unquote-splicing")) => {
                out.insert(keyword.to_string());
                elements(&t.cdr().unwrap_or_default(), stack)
            }
            _ => {
                if let Value::Pair(_) = t {
                    elements(&t, &mut templates);
                }
            }
        }
    }
}

/// Every call in `text` (not in quoted data) as its operator and the
/// symbols anywhere in its operands, the names given to flag operators
/// included: what `requires` is checked against.
pub fn calls(file: &str, text: &str) -> Result<Vec<(String, BTreeSet<String>)>, Error> {
    let (forms, _) = srfi106_reference::reader::read_all(text, file).map_err(|e| read_error(file, e))?;
    let mut out = Vec::new();
    let mut stack: Vec<Value> = forms;
    while let Some(v) = stack.pop() {
        let Value::Pair(_) = &v else { continue };
        match head(&v).as_deref() {
            Some("quote" | "quasiquote") => {}
            Some(op) => {
                let mut symbols = BTreeSet::new();
                let mut inner = Vec::new();
                elements(&v.cdr().unwrap_or_default(), &mut inner);
                let mut operands = inner.clone();
                while let Some(x) = operands.pop() {
                    match &x {
                        Value::Symbol(s) => {
                            symbols.insert(s.to_string());
                        }
                        Value::Pair(_) if head(&x).as_deref() != Some("quote") => elements(&x, &mut operands),
                        _ => {}
                    }
                }
                out.push((op.to_string(), symbols));
                stack.extend(inner);
            }
            None => elements(&v, &mut stack),
        }
    }
    Ok(out)
}

/// The names the top-level forms of `text` define (`define`,
/// `define-syntax`, `define-record-type`'s type, constructor, predicate and
/// accessors, `define-values`).
pub fn definitions(file: &str, text: &str) -> Result<BTreeSet<String>, Error> {
    let (forms, _) = srfi106_reference::reader::read_all(text, file).map_err(|e| read_error(file, e))?;
    let mut out = BTreeSet::new();
    let symbol = |v: Option<Value>| match v {
        Some(Value::Symbol(s)) => Some(s.to_string()),
        Some(target @ Value::Pair(_)) => head(&target),
        _ => None,
    };
    for form in forms {
        let args = form.cdr().and_then(|a| a.list_to_vec()).unwrap_or_default();
        match head(&form).as_deref() {
            Some("define" | "define-syntax") => out.extend(symbol(args.first().cloned())),
            Some("define-record-type") => {
                out.extend(symbol(args.first().cloned()));
                out.extend(symbol(args.get(1).cloned()));
                out.extend(symbol(args.get(2).cloned()));
                for field in args.iter().skip(3) {
                    let parts = field.list_to_vec().unwrap_or_default();
                    out.extend(parts.into_iter().skip(1).filter_map(|p| symbol(Some(p))));
                }
            }
            Some("define-values") => {
                let mut stack = args.first().cloned().into_iter().collect::<Vec<_>>();
                while let Some(v) = stack.pop() {
                    match v {
                        Value::Symbol(s) => {
                            out.insert(s.to_string());
                        }
                        Value::Pair(_) => elements(&v, &mut stack),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A whole R7RS program split at the end of its import declarations: the
/// declarations and the rest. For adapters that give their own imports.
pub fn split_imports<'a>(file: &str, text: &'a str) -> Result<(&'a str, &'a str), Error> {
    let mut reader = srfi106_reference::reader::Reader::new(text, file);
    let mut end = 0;
    while let Some(form) = reader.read().map_err(|e| read_error(file, e))? {
        if head(&form).as_deref() != Some("import") {
            break;
        }
        end = reader.offset();
    }
    Ok(text.split_at(end))
}

/// A form that uses the syntactic keyword `name`, for the names probe;
/// `None` for keywords that only appear inside other forms (`else`, `=>`,
/// `...`) or cannot be used without an error (`syntax-error`).
pub fn syntax_probe(name: &str) -> Option<&'static str> {
    Some(match name {
        "and" => "(and 1 2)",
        "begin" => "(begin 1)",
        "case" => "(case 1 ((1) 2) (else 3))",
        "cond" => "(cond (#f 1) (else 2))",
        "cond-expand" => "(cond-expand (else 1))",
        "define" => "(let () (define x 1) x)",
        "define-record-type" => {
            "(let () (define-record-type conform-probe-record (make-conform-probe-record a) \
             conform-probe-record? (a conform-probe-record-a)) (conform-probe-record-a (make-conform-probe-record 1)))"
        }
        "define-syntax" | "syntax-rules" => {
            "(let () (define-syntax conform-probe-syntax (syntax-rules () ((_ x) x))) (conform-probe-syntax 1))"
        }
        "define-values" => "(let () (define-values (a b) (values 1 2)) a)",
        "do" => "(do ((i 0 (+ i 1))) ((= i 1) i))",
        "guard" => "(guard (e (#t e)) (raise 1))",
        "if" => "(if #t 1 2)",
        "lambda" => "((lambda (x) x) 1)",
        "let" => "(let ((x 1)) x)",
        "let*" => "(let* ((x 1) (y x)) y)",
        "let*-values" => "(let*-values (((a b) (values 1 2))) a)",
        "let-syntax" => "(let-syntax ((s (syntax-rules () ((_ x) x)))) (s 1))",
        "let-values" => "(let-values (((a b) (values 1 2))) a)",
        "letrec" => "(letrec ((f (lambda () 1))) (f))",
        "letrec*" => "(letrec* ((f (lambda () 1))) (f))",
        "letrec-syntax" => "(letrec-syntax ((s (syntax-rules () ((_ x) x)))) (s 1))",
        "or" => "(or #f 1)",
        "parameterize" => "(let ((p (make-parameter 1))) (parameterize ((p 2)) (p)))",
        "quasiquote" => "(quasiquote (1 (unquote (+ 1 1))))",
        "quote" => "(quote x)",
        "set!" => "(let ((x 1)) (set! x 2) x)",
        "unless" => "(unless #f 1)",
        "when" => "(when #t 1)",
        "case-lambda" => "((case-lambda ((x) x)) 1)",
        "delay" => "(delay 1)",
        "delay-force" => "(delay-force (delay 1))",
        "address-family" => "(address-family inet)",
        "address-info" => "(address-info numerichost)",
        "socket-domain" => "(socket-domain stream)",
        "ip-protocol" => "(ip-protocol tcp)",
        "message-type" => "(message-type none)",
        "shutdown-method" => "(shutdown-method write)",
        _ => return None,
    })
}

/// One top-level definition of the check library.
#[derive(Clone, Debug)]
pub struct Definition {
    pub name: String,
    /// Its text as written, with the comments before it.
    pub text: String,
    /// Every symbol it mentions.
    pub mentions: BTreeSet<String>,
}

/// The check library, as definitions, so that a program carries only those
/// its case uses (an implementation that lacks a name the case does not
/// use must still run the case).
#[derive(Clone, Debug)]
pub struct CheckLibrary {
    pub definitions: Vec<Definition>,
}

/// The definition every program ends with.
pub const DONE: &str = "conform-done";

impl CheckLibrary {
    pub fn parse(file: &str, text: &str) -> Result<CheckLibrary, Error> {
        let mut reader = srfi106_reference::reader::Reader::new(text, file);
        let mut definitions = Vec::new();
        let mut start = 0;
        loop {
            let form = reader.read().map_err(|e| read_error(file, e))?;
            let Some(form) = form else { break };
            let end = reader.offset();
            let line = text[..start].lines().count() + 1;
            let chunk = &text[start..end];
            start = end;
            let name = match (head(&form).as_deref(), form.cdr().and_then(|r| r.car())) {
                (Some("define"), Some(Value::Symbol(s))) => s.to_string(),
                (Some("define"), Some(target @ Value::Pair(_))) => head(&target).unwrap_or_default(),
                _ => String::new(),
            };
            if name.is_empty() {
                return Err(Error::case(file, line, "the check library holds only definitions"));
            }
            let mentions = mentions(file, chunk)?;
            definitions.push(Definition { name, text: chunk.trim_matches('\n').to_string(), mentions });
        }
        if !definitions.iter().any(|d| d.name == DONE) {
            return Err(Error::case(file, 1, format!("the check library must define `{DONE}`")));
        }
        Ok(CheckLibrary { definitions })
    }

    /// The names of the definitions a program that mentions `names` needs,
    /// directly or through other definitions (and `conform-done`).
    pub fn needed(&self, names: &BTreeSet<String>) -> BTreeSet<String> {
        let defined: BTreeMap<&str, &Definition> = self.definitions.iter().map(|d| (d.name.as_str(), d)).collect();
        let mut needed = BTreeSet::new();
        let mut todo: Vec<&str> = names.iter().map(String::as_str).chain([DONE]).collect();
        while let Some(n) = todo.pop() {
            if let Some(d) = defined.get(n) {
                if needed.insert(d.name.clone()) {
                    todo.extend(d.mentions.iter().map(String::as_str));
                }
            }
        }
        needed
    }

    /// The text of the `needed` definitions, in the library's order.
    pub fn text(&self, needed: &BTreeSet<String>) -> String {
        let parts: Vec<&str> =
            self.definitions.iter().filter(|d| needed.contains(&d.name)).map(|d| d.text.as_str()).collect();
        parts.join("\n")
    }

    /// Every symbol the `needed` definitions mention.
    pub fn mentions(&self, needed: &BTreeSet<String>) -> BTreeSet<String> {
        self.definitions.iter().filter(|d| needed.contains(&d.name)).flat_map(|d| d.mentions.iter().cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn mentions_skip_quoted_data_flag_names_and_imports() {
        let m = mentions(
            "t.scm",
            "(import (scheme char))\n(say 'read (quote write) (message-type peek wait-all) `(a ,b ,@(c d)) #(e))",
        )
        .expect("reads");
        assert_eq!(
            m,
            set(&["b", "c", "d", "message-type", "quasiquote", "quote", "say", "unquote", "unquote-splicing"])
        );
    }

    #[test]
    fn definitions_are_found_at_top_level() {
        let d = definitions(
            "p.scm",
            "(define a 1)\n(define (b x) (define c 2) c)\n(define-syntax m (syntax-rules ()))\n\
                                      (define-values (e (f)) (values 1 2))\n(display a)\n\
                                      (define-record-type point (make-point x) point? (x point-x set-point-x!))\n",
        )
        .expect("reads");
        assert_eq!(d, set(&["a", "b", "e", "f", "m", "make-point", "point", "point-x", "point?", "set-point-x!"]));
    }

    #[test]
    fn programs_split_after_their_imports() {
        let (imports, body) =
            split_imports("p.scm", ";; c\n(import (scheme base))\n(import (scheme write))\n(display 1)\n")
                .expect("reads");
        assert_eq!(imports, ";; c\n(import (scheme base))\n(import (scheme write))");
        assert_eq!(body, "\n(display 1)\n");
    }

    #[test]
    fn unreadable_text_is_an_error_with_its_line() {
        let e = mentions("cases/x.scm", "(ok)\n(broken").expect_err("rejected").to_string();
        assert!(e.starts_with("cases/x.scm:2: cannot be read as Scheme"), "{e}");
    }

    #[test]
    fn the_dialect_knows_libraries_and_syntax() {
        let d = Dialect::new();
        assert_eq!(d.get("char-upcase").map(|n| n.library.name()), Some("(scheme char)"));
        assert_eq!(d.get("guard").map(|n| n.syntax), Some(true));
        assert_eq!(d.get("socket-close").map(|n| n.library.is_srfi106()), Some(true));
        assert_eq!(d.srfi106().count(), 38);
        assert!(d.get("no-such-name").is_none());
        let libs = d.libraries(&set(&["char-upcase", "display"]));
        assert_eq!(import_line(&libs), "(import (scheme base) (scheme char) (scheme write) (srfi 106))");
    }

    #[test]
    fn every_dialect_syntax_keyword_has_a_probe_or_is_auxiliary() {
        let d = Dialect::new();
        let auxiliary = ["...", "=>", "_", "else", "unquote", "unquote-splicing", "syntax-error"];
        let without: Vec<&String> = d
            .names
            .iter()
            .filter(|(k, n)| n.syntax && syntax_probe(k).is_none() && !auxiliary.contains(&k.as_str()))
            .map(|(k, _)| k)
            .collect();
        assert!(without.is_empty(), "syntax without a probe form: {without:?}");
    }

    #[test]
    fn the_check_library_is_split_into_definitions_and_selected_by_use() {
        let lib = CheckLibrary::parse(
            "check.scm",
            ";; emits\n(define (emit x) (display x))\n(define (say x) (emit x))\n(define (other) 1)\n\
             (define (conform-done) (emit 'done))\n",
        )
        .expect("parses");
        assert_eq!(lib.definitions.len(), 4);
        assert!(lib.definitions[0].text.starts_with(";; emits"));
        let needed = lib.needed(&set(&["say"]));
        assert_eq!(needed, set(&["conform-done", "emit", "say"]));
        assert!(!lib.text(&needed).contains("other"));
        assert!(lib.mentions(&needed).contains("display"));
    }

    #[test]
    fn the_check_library_holds_only_definitions() {
        let e = CheckLibrary::parse("check.scm", "(define (conform-done) 1)\n(display 1)\n").expect_err("rejected");
        assert_eq!(e.to_string(), "check.scm:2: the check library holds only definitions");
    }
}
