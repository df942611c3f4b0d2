//! The libraries a program can import, and import sets (R7RS 5.2).
//!
//! Each builtin and each syntactic keyword belongs to exactly one library,
//! as in R7RS; importing a library binds its names, and a name used without
//! importing its library is unbound — the reference's portability guard.

use std::rc::Rc;

use crate::error::Error;
use crate::eval::Global;
use crate::mutant;
use crate::syntax::{Binding, Expander, Special};
use crate::value::{FastMap, Symbol, Value};

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Lib {
    Base,
    CaseLambda,
    Char,
    Cxr,
    Lazy,
    ProcessContext,
    Write,
    Srfi106,
}

/// `cond-expand` feature identifiers.
pub const FEATURES: &[&str] = &["r7rs", "full-unicode", "posix", "unix", "srfi-106", "srfi106-reference"];

impl Lib {
    pub const ALL: [Lib; 8] =
        [Lib::Base, Lib::CaseLambda, Lib::Char, Lib::Cxr, Lib::Lazy, Lib::ProcessContext, Lib::Write, Lib::Srfi106];

    pub fn name(self) -> &'static str {
        match self {
            Lib::Base => "(scheme base)",
            Lib::CaseLambda => "(scheme case-lambda)",
            Lib::Char => "(scheme char)",
            Lib::Cxr => "(scheme cxr)",
            Lib::Lazy => "(scheme lazy)",
            Lib::ProcessContext => "(scheme process-context)",
            Lib::Write => "(scheme write)",
            Lib::Srfi106 => "(srfi 106)",
        }
    }

    /// The library a library name denotes: `(scheme base)`, `(srfi 106)`,
    /// and the R6RS spellings `(srfi :106)` and `(srfi :106 socket)`.
    pub fn from_name(name: &Value) -> Option<Lib> {
        let parts = name.list_to_vec()?;
        let words: Vec<String> = parts
            .iter()
            .map(|p| match p {
                Value::Symbol(s) => Some(s.base().to_string()),
                Value::Int(n) => Some(n.to_string()),
                _ => None,
            })
            .collect::<Option<_>>()?;
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["scheme", "base"] => Some(Lib::Base),
            ["scheme", "case-lambda"] => Some(Lib::CaseLambda),
            ["scheme", "char"] => Some(Lib::Char),
            ["scheme", "cxr"] => Some(Lib::Cxr),
            ["scheme", "lazy"] => Some(Lib::Lazy),
            ["scheme", "process-context"] => Some(Lib::ProcessContext),
            ["scheme", "write"] => Some(Lib::Write),
            ["srfi", "106"] | ["srfi", ":106"] | ["srfi", ":106", "socket"] => Some(Lib::Srfi106),
            _ => None,
        }
    }
}

/// The library of each syntactic keyword (`import` belongs to none: it is
/// program syntax).
pub fn special_library(s: Special) -> Option<Lib> {
    match s {
        Special::Import => None,
        Special::CaseLambda => Some(Lib::CaseLambda),
        Special::Delay | Special::DelayForce => Some(Lib::Lazy),
        Special::Flag(_) => Some(Lib::Srfi106),
        _ => Some(Lib::Base),
    }
}

/// Every library's exports for one interpreter.
pub struct Libraries {
    exports: FastMap<Lib, Vec<(Symbol, Binding)>>,
}

impl Libraries {
    /// Builds the export lists from the builtin table, the keywords, and
    /// `values` (bindings to values made per interpreter, such as the
    /// current port parameters).
    pub fn new(ex: &Expander, values: Vec<(Lib, &'static str, Value)>) -> Libraries {
        let mut exports: FastMap<Lib, Vec<(Symbol, Binding)>> = FastMap::default();
        for b in crate::builtins::all() {
            let name = Symbol::intern(b.name);
            let g = ex.builtins.get(&name).expect("every builtin has a global").clone();
            exports.entry(b.library).or_default().push((name, Binding::Global(g)));
        }
        for (name, s) in Special::ALL.iter().copied().chain(crate::socket_flags::FlagOperator::specials()) {
            if let Some(lib) = special_library(s) {
                exports.entry(lib).or_default().push((Symbol::intern(name), Binding::Special(s)));
            }
        }
        for (lib, name, value) in values {
            let sym = Symbol::intern(name);
            exports.entry(lib).or_default().push((sym, Binding::Global(Global::new(sym, value))));
        }
        if let Some(srfi) = exports.get_mut(&Lib::Srfi106) {
            mutate_exports(srfi);
        }
        Libraries { exports }
    }

    pub fn exports(&self, lib: Lib) -> &[(Symbol, Binding)] {
        self.exports.get(&lib).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The bindings an import set denotes.
    pub fn import_set(&self, spec: &Value) -> Result<Vec<(Symbol, Binding)>, Error> {
        let bad = |msg: String| Error::Syntax { message: format!("import: {msg}"), form: None, location: None };
        if let Some(lib) = Lib::from_name(spec) {
            return Ok(self.exports(lib).to_vec());
        }
        let parts = spec.list_to_vec().ok_or_else(|| bad("an import set must be a list".into()))?;
        let head = parts.first().and_then(Value::as_symbol).map(|s| s.base().to_string()).unwrap_or_default();
        let identifiers = |vals: &[Value]| -> Result<Vec<Symbol>, Error> {
            vals.iter().map(|v| v.as_symbol().ok_or_else(|| bad(format!("{head}: expected identifiers")))).collect()
        };
        let inner = |me: &Self| -> Result<Vec<(Symbol, Binding)>, Error> {
            match parts.get(1) {
                Some(set) => me.import_set(set),
                None => Err(bad(format!("{head}: missing import set"))),
            }
        };
        let require = |set: &[(Symbol, Binding)], name: Symbol| -> Result<(), Error> {
            if set.iter().any(|(n, _)| *n == name) {
                Ok(())
            } else {
                Err(bad(format!(
                    "{head}: `{}` is not in the import set {}",
                    name.base(),
                    crate::printer::write_string(&parts[1])
                )))
            }
        };
        match head.as_str() {
            "only" => {
                let set = inner(self)?;
                let names = identifiers(&parts[2..])?;
                for n in &names {
                    require(&set, *n)?;
                }
                Ok(set.into_iter().filter(|(n, _)| names.contains(n)).collect())
            }
            "except" => {
                let set = inner(self)?;
                let names = identifiers(&parts[2..])?;
                for n in &names {
                    require(&set, *n)?;
                }
                Ok(set.into_iter().filter(|(n, _)| !names.contains(n)).collect())
            }
            "prefix" => {
                let set = inner(self)?;
                let [_, _, Value::Symbol(prefix)] = parts.as_slice() else {
                    return Err(bad("prefix: expected (prefix import-set identifier)".into()));
                };
                let prefix = prefix.base().to_string();
                Ok(set.into_iter().map(|(n, b)| (Symbol::intern(&format!("{prefix}{}", n.base())), b)).collect())
            }
            "rename" => {
                let mut set = inner(self)?;
                for pair in &parts[2..] {
                    let names = pair.list_to_vec().map(|p| identifiers(&p)).transpose()?.unwrap_or_default();
                    let [from, to] = names.as_slice() else {
                        return Err(bad("rename: each renaming is (from to)".into()));
                    };
                    require(&set, *from)?;
                    for entry in set.iter_mut() {
                        if entry.0 == *from {
                            entry.0 = *to;
                        }
                    }
                }
                Ok(set)
            }
            _ => {
                let known: Vec<&str> = Lib::ALL.iter().map(|l| l.name()).collect();
                Err(bad(format!(
                    "unknown library {}; the case dialect provides {}",
                    crate::printer::write_string(&crate::syntax::strip(spec)),
                    known.join(", ")
                )))
            }
        }
    }
}

/// The `(srfi 106)` export mutants: names left out, and `message-type` as
/// a procedure.
fn mutate_exports(exports: &mut Vec<(Symbol, Binding)>) {
    let dropped: &[&str] = if mutant::active("no-msg-exports") {
        &["*msg-peek*", "*msg-oob*", "*msg-waitall*"]
    } else if mutant::active("no-socket-close") {
        &["socket-close"]
    } else if mutant::active("no-socket-predicate") {
        &["socket?"]
    } else if mutant::active("no-port-procedures") {
        &["socket-input-port", "socket-output-port"]
    } else {
        &[]
    };
    exports.retain(|(name, _)| !dropped.contains(&&*name.name()));
    if mutant::active("message-type-procedure") {
        let name = Symbol::intern("message-type");
        let procedure = Value::Procedure(Rc::new(crate::value::Procedure::Builtin(&MESSAGE_TYPE_PROCEDURE)));
        for entry in exports.iter_mut().filter(|(n, _)| *n == name) {
            entry.1 = Binding::Global(Global::new(name, procedure.clone()));
        }
    }
}

/// `message-type` as foreign-c-srfis has it: a procedure returning its
/// arguments as a list.
static MESSAGE_TYPE_PROCEDURE: crate::eval::Builtin =
    crate::builtins::pure(Lib::Srfi106, "message-type", crate::builtins::at_least(0), |args| {
        Ok(Value::list(args.to_vec()))
    });

/// Whether two bindings are the same (importing one name twice is fine
/// only if it means the same thing both times).
pub fn same(a: &Binding, b: &Binding) -> bool {
    match (a, b) {
        (Binding::Global(x), Binding::Global(y)) => Rc::ptr_eq(x, y),
        (Binding::Special(x), Binding::Special(y)) => x == y,
        (Binding::Macro(x), Binding::Macro(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::read_all;

    fn datum(s: &str) -> Value {
        read_all(s, "t").expect("reads").0.remove(0)
    }

    #[test]
    fn library_names() {
        assert_eq!(Lib::from_name(&datum("(scheme base)")), Some(Lib::Base));
        assert_eq!(Lib::from_name(&datum("(srfi 106)")), Some(Lib::Srfi106));
        assert_eq!(Lib::from_name(&datum("(srfi :106)")), Some(Lib::Srfi106));
        assert_eq!(Lib::from_name(&datum("(srfi :106 socket)")), Some(Lib::Srfi106));
        assert_eq!(Lib::from_name(&datum("(scheme file)")), None);
    }

    #[test]
    fn import_sets() {
        let ex = Expander::new();
        let libs = Libraries::new(&ex, vec![]);
        let names = |s: &str| -> Vec<String> {
            let mut v: Vec<String> =
                libs.import_set(&datum(s)).expect("imports").into_iter().map(|(n, _)| n.to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(names("(only (scheme base) car cdr)"), vec!["car", "cdr"]);
        assert_eq!(names("(prefix (only (scheme base) car) b:)"), vec!["b:car"]);
        assert_eq!(names("(rename (only (scheme base) car cdr) (car first))"), vec!["cdr", "first"]);
        assert!(!names("(except (scheme base) car)").contains(&"car".to_string()));
        assert!(names("(scheme base)").contains(&"define-record-type".to_string()));
        assert!(!names("(scheme base)").contains(&"delay".to_string()));
        let err = libs.import_set(&datum("(scheme file)")).err().map(|e| e.message()).unwrap_or_default();
        assert!(err.contains("unknown library (scheme file)"), "{err}");
        let err =
            libs.import_set(&datum("(only (scheme base) nonesuch)")).err().map(|e| e.message()).unwrap_or_default();
        assert!(err.contains("`nonesuch` is not in the import set"), "{err}");
    }
}
