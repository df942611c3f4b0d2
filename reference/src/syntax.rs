//! The expander and compiler: source data to [`Node`]s.
//!
//! Identifiers are resolved at compile time against [`Scope`]s, so the
//! evaluator sees lexical addresses, never names. Hygiene works by renaming:
//! every identifier a macro template introduces becomes a fresh uninterned
//! symbol (an *alias*) that remembers the scope of the macro's definition.
//! An alias bound by a form in the expansion is a new variable that user
//! code cannot name; a free alias means whatever its original name means
//! where the macro was defined. Derived forms (`do`, named `let`, ...) are
//! rewritten with aliases into the *core scope*, so user bindings named
//! `if` or `lambda` cannot capture them either.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use crate::error::Error;
use crate::eval::{
    Builtin, Clause, ClauseBody, Formals, Global, Lambda, Node, RecordSpec, StackGuard, ValuesBinding, Var,
};
use crate::library;
use crate::reader::SourceMap;
use crate::syntax_rules::Macro;
use crate::value::{FastMap, FastSet, Procedure, Symbol, Value};

/// The syntactic keywords the compiler implements directly.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Special {
    Quote,
    Quasiquote,
    Unquote,
    UnquoteSplicing,
    Lambda,
    Define,
    Set,
    If,
    Begin,
    Let,
    LetStar,
    Letrec,
    LetrecStar,
    LetValues,
    LetStarValues,
    DefineValues,
    Cond,
    Case,
    And,
    Or,
    When,
    Unless,
    Do,
    DefineRecordType,
    Parameterize,
    Guard,
    Delay,
    DelayForce,
    CaseLambda,
    DefineSyntax,
    LetSyntax,
    LetrecSyntax,
    SyntaxRules,
    SyntaxError,
    CondExpand,
    Import,
    Else,
    Arrow,
    Ellipsis,
    Underscore,
    /// One of SRFI 106's flag operators (`address-family`, ...).
    Flag(crate::socket_flags::FlagOperator),
}

impl Special {
    pub const ALL: [(&'static str, Special); 40] = [
        ("quote", Special::Quote),
        ("quasiquote", Special::Quasiquote),
        ("unquote", Special::Unquote),
        ("unquote-splicing", Special::UnquoteSplicing),
        ("lambda", Special::Lambda),
        ("define", Special::Define),
        ("set!", Special::Set),
        ("if", Special::If),
        ("begin", Special::Begin),
        ("let", Special::Let),
        ("let*", Special::LetStar),
        ("letrec", Special::Letrec),
        ("letrec*", Special::LetrecStar),
        ("let-values", Special::LetValues),
        ("let*-values", Special::LetStarValues),
        ("define-values", Special::DefineValues),
        ("cond", Special::Cond),
        ("case", Special::Case),
        ("and", Special::And),
        ("or", Special::Or),
        ("when", Special::When),
        ("unless", Special::Unless),
        ("do", Special::Do),
        ("define-record-type", Special::DefineRecordType),
        ("parameterize", Special::Parameterize),
        ("guard", Special::Guard),
        ("delay", Special::Delay),
        ("delay-force", Special::DelayForce),
        ("case-lambda", Special::CaseLambda),
        ("define-syntax", Special::DefineSyntax),
        ("let-syntax", Special::LetSyntax),
        ("letrec-syntax", Special::LetrecSyntax),
        ("syntax-rules", Special::SyntaxRules),
        ("syntax-error", Special::SyntaxError),
        ("cond-expand", Special::CondExpand),
        ("import", Special::Import),
        ("else", Special::Else),
        ("=>", Special::Arrow),
        ("...", Special::Ellipsis),
        ("_", Special::Underscore),
    ];

    pub fn name(self) -> String {
        if let Special::Flag(f) = self {
            return f.name().to_string();
        }
        Special::ALL.iter().find(|(_, s)| *s == self).map(|(n, _)| n.to_string()).unwrap_or_default()
    }
}

/// What an identifier means at top level.
#[derive(Clone)]
pub enum Binding {
    Global(Rc<Global>),
    Special(Special),
    Macro(Rc<Macro>),
}

#[derive(Clone)]
pub struct TopBinding {
    pub binding: Binding,
    /// Imported bindings cannot be redefined or assigned (R7RS 5.2).
    pub imported: bool,
}

pub struct TopEnv {
    pub bindings: FastMap<Symbol, TopBinding>,
    /// The REPL lets definitions replace imported bindings; programs don't.
    pub allow_redefinition: bool,
}

pub enum LocalBinding {
    Var(usize),
    Macro(Rc<Macro>),
}

pub enum ScopeKind {
    Top(RefCell<TopEnv>),
    /// A run-time frame: parameters, `let` variables, internal definitions.
    Frame {
        vars: RefCell<Vec<(Symbol, LocalBinding)>>,
        size: Cell<usize>,
    },
}

/// A compile-time environment: where each identifier is bound.
pub struct Scope {
    pub kind: ScopeKind,
    pub parent: Option<Rc<Scope>>,
}

impl Scope {
    pub fn top(env: TopEnv) -> Rc<Scope> {
        Rc::new(Scope { kind: ScopeKind::Top(RefCell::new(env)), parent: None })
    }

    fn frame(parent: &Rc<Scope>) -> Rc<Scope> {
        Rc::new(Scope {
            kind: ScopeKind::Frame { vars: RefCell::new(Vec::new()), size: Cell::new(0) },
            parent: Some(parent.clone()),
        })
    }

    /// A frame scope under `parent` whose slots are `names`, in order;
    /// a name given twice is refused with `what` (say, "let: duplicate
    /// variable") and the name.
    fn frame_of(
        parent: &Rc<Scope>,
        names: impl IntoIterator<Item = Symbol>,
        what: &str,
        x: &Value,
    ) -> Result<Rc<Scope>, Error> {
        let inner = Scope::frame(parent);
        let mut seen = FastSet::default();
        for v in names {
            if !seen.insert(v) {
                return Err(Error::syntax(format!("{what} `{}`", sym_name(v)), x));
            }
            inner.add_var(v);
        }
        Ok(inner)
    }

    /// Adds a variable to a frame scope and returns its slot.
    fn add_var(&self, name: Symbol) -> usize {
        match &self.kind {
            ScopeKind::Frame { vars, size } => {
                let index = size.get();
                size.set(index + 1);
                vars.borrow_mut().push((name, LocalBinding::Var(index)));
                index
            }
            ScopeKind::Top(_) => unreachable!("variables are added to frames only"),
        }
    }

    fn add_macro(&self, name: Symbol, m: Rc<Macro>) {
        match &self.kind {
            ScopeKind::Frame { vars, .. } => vars.borrow_mut().push((name, LocalBinding::Macro(m))),
            ScopeKind::Top(env) => {
                env.borrow_mut().bindings.insert(name, TopBinding { binding: Binding::Macro(m), imported: false });
            }
        }
    }

    fn size(&self) -> usize {
        match &self.kind {
            ScopeKind::Frame { size, .. } => size.get(),
            ScopeKind::Top(_) => 0,
        }
    }

    fn is_top(&self) -> bool {
        matches!(self.kind, ScopeKind::Top(_))
    }
}

/// What an identifier resolved to.
#[derive(Clone)]
pub enum Resolved {
    Local {
        owner: Rc<Scope>,
        index: usize,
        name: Symbol,
    },
    Global {
        global: Rc<Global>,
        imported: bool,
    },
    Special(Special),
    Macro(Rc<Macro>),
    /// Not bound: `name` (interned) would be a global of `top`.
    Unbound {
        name: Symbol,
        top: Rc<Scope>,
    },
}

impl Resolved {
    /// `free-identifier=?` on two resolutions.
    pub fn same_binding(&self, other: &Resolved) -> bool {
        match (self, other) {
            (Resolved::Local { owner: a, index: i, .. }, Resolved::Local { owner: b, index: j, .. }) => {
                Rc::ptr_eq(a, b) && i == j
            }
            (Resolved::Global { global: a, .. }, Resolved::Global { global: b, .. }) => Rc::ptr_eq(a, b),
            (Resolved::Special(a), Resolved::Special(b)) => a == b,
            (Resolved::Macro(a), Resolved::Macro(b)) => Rc::ptr_eq(a, b),
            (Resolved::Unbound { name: a, .. }, Resolved::Unbound { name: b, .. }) => a == b,
            _ => false,
        }
    }
}

/// Expander state for one interpreter.
pub struct Expander {
    aliases: FastMap<Symbol, (Symbol, Rc<Scope>)>,
    core: Rc<Scope>,
    core_aliases: FastMap<&'static str, Symbol>,
    pub source: SourceMap,
    pub stack: Option<StackGuard>,
    /// The global cell of every builtin procedure, by name.
    pub builtins: FastMap<Symbol, Rc<Global>>,
}

/// Removes renaming from syntax: aliases become the symbols they were made
/// from (`syntax->datum`). Used for `quote` and error messages. Data with
/// no alias in it is returned as it is; otherwise it is copied, without
/// recursion, so deep data cannot exhaust the stack.
pub fn strip(v: &Value) -> Value {
    if !has_alias(v) {
        return v.clone();
    }
    enum Work {
        Visit(Value),
        Pair,
        Vector(usize),
    }
    let mut work = vec![Work::Visit(v.clone())];
    let mut done: Vec<Value> = Vec::new();
    while let Some(w) = work.pop() {
        match w {
            Work::Visit(Value::Symbol(s)) => done.push(Value::Symbol(s.base())),
            Work::Visit(Value::Pair(p)) => {
                work.push(Work::Pair);
                work.push(Work::Visit(p.cdr.borrow().clone()));
                work.push(Work::Visit(p.car.borrow().clone()));
            }
            Work::Visit(Value::Vector(x)) => {
                let items = x.items.borrow();
                work.push(Work::Vector(items.len()));
                work.extend(items.iter().rev().map(|i| Work::Visit(i.clone())));
            }
            Work::Visit(other) => done.push(other),
            Work::Pair => {
                let cdr = done.pop().unwrap_or_default();
                let car = done.pop().unwrap_or_default();
                done.push(Value::cons(car, cdr));
            }
            Work::Vector(n) => {
                let items = done.split_off(done.len() - n);
                done.push(Value::vector(items));
            }
        }
    }
    done.pop().unwrap_or_default()
}

fn has_alias(v: &Value) -> bool {
    let mut work = vec![v.clone()];
    while let Some(x) = work.pop() {
        match &x {
            Value::Symbol(s) if !s.is_interned() => return true,
            Value::Pair(p) => {
                work.push(p.car.borrow().clone());
                work.push(p.cdr.borrow().clone());
            }
            Value::Vector(vs) => work.extend(vs.items.borrow().iter().cloned()),
            _ => {}
        }
    }
    false
}

fn list_items(form: &Value, what: &str) -> Result<Vec<Value>, Error> {
    form.list_to_vec().ok_or_else(|| Error::syntax(format!("{what}: expected a proper list"), form))
}

fn sym_name(s: Symbol) -> String {
    s.base().to_string()
}

/// One item of a body being compiled.
enum BodyItem {
    Define { index: usize, name: Symbol, expr: Value },
    DefineValues { formals: Formals, indices: Vec<usize>, expr: Value },
    Record { spec: Rc<RecordSpec>, indices: Vec<usize> },
    Expr(Value),
}

impl Expander {
    pub fn new() -> Expander {
        // Sized for what they will hold, so that building them (at every
        // start) never grows them.
        let count = crate::builtins::all().count();
        let mut bindings = FastMap::with_capacity_and_hasher(count + Special::ALL.len(), Default::default());
        for (name, s) in Special::ALL {
            bindings.insert(Symbol::intern(name), TopBinding { binding: Binding::Special(s), imported: true });
        }
        let mut builtins = FastMap::with_capacity_and_hasher(count, Default::default());
        for b in crate::builtins::all() {
            let name = Symbol::intern(b.name);
            let g = Global::new(name, Value::Procedure(Rc::new(crate::value::Procedure::Builtin(b))));
            builtins.insert(name, g.clone());
            bindings.insert(name, TopBinding { binding: Binding::Global(g), imported: true });
        }
        let core = Scope::top(TopEnv { bindings, allow_redefinition: false });
        Expander {
            aliases: FastMap::default(),
            core,
            core_aliases: FastMap::default(),
            source: SourceMap::default(),
            stack: None,
            builtins,
        }
    }

    /// A new top-level scope for a program (or REPL) with nothing bound.
    pub fn new_top(&self, allow_redefinition: bool) -> Rc<Scope> {
        Scope::top(TopEnv { bindings: FastMap::default(), allow_redefinition })
    }

    /// An identifier that always means the core binding of `name`,
    /// whatever the user has bound.
    fn core(&mut self, name: &'static str) -> Value {
        if let Some(s) = self.core_aliases.get(name) {
            return Value::Symbol(*s);
        }
        let alias = Symbol::fresh(Symbol::intern(name));
        self.aliases.insert(alias, (Symbol::intern(name), self.core.clone()));
        self.core_aliases.insert(name, alias);
        Value::Symbol(alias)
    }

    /// Makes `alias` a renamed copy of `of` as seen from `scope`.
    pub fn make_alias(&mut self, of: Symbol, scope: &Rc<Scope>) -> Symbol {
        let alias = Symbol::fresh(of);
        self.aliases.insert(alias, (of, scope.clone()));
        alias
    }

    pub fn resolve(&self, id: Symbol, scope: &Rc<Scope>) -> Resolved {
        let mut id = id;
        let mut scope = scope.clone();
        loop {
            let mut s = Some(scope.clone());
            let mut top = scope.clone();
            while let Some(sc) = s {
                match &sc.kind {
                    ScopeKind::Frame { vars, .. } => {
                        if let Some((_, b)) = vars.borrow().iter().rev().find(|(n, _)| *n == id) {
                            return match b {
                                LocalBinding::Var(index) => {
                                    Resolved::Local { owner: sc.clone(), index: *index, name: id }
                                }
                                LocalBinding::Macro(m) => Resolved::Macro(m.clone()),
                            };
                        }
                    }
                    ScopeKind::Top(env) => {
                        if let Some(tb) = env.borrow().bindings.get(&id) {
                            return match &tb.binding {
                                Binding::Global(g) => Resolved::Global { global: g.clone(), imported: tb.imported },
                                Binding::Special(sp) => Resolved::Special(*sp),
                                Binding::Macro(m) => Resolved::Macro(m.clone()),
                            };
                        }
                        top = sc.clone();
                    }
                }
                s = sc.parent.clone();
            }
            match self.aliases.get(&id) {
                Some((orig, def_scope)) => {
                    id = *orig;
                    scope = def_scope.clone();
                }
                None => return Resolved::Unbound { name: id, top },
            }
        }
    }

    fn special_of(&self, form: &Value, scope: &Rc<Scope>) -> Option<Special> {
        match form.car() {
            Some(Value::Symbol(h)) => match self.resolve(h, scope) {
                Resolved::Special(s) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    fn is_special(&self, v: &Value, scope: &Rc<Scope>, which: Special) -> bool {
        match v {
            Value::Symbol(s) => matches!(self.resolve(*s, scope), Resolved::Special(x) if x == which),
            _ => false,
        }
    }

    /// Attaches the location of `form` to a syntax error that has none.
    fn locate(&self, e: Error, form: &Value) -> Error {
        match e {
            Error::Syntax { message, form: f, location: None } => {
                let location = self.source.location(form);
                Error::Syntax { message, form: f, location }
            }
            other => other,
        }
    }

    fn check_stack(&self) -> Result<(), Error> {
        match &self.stack {
            Some(s) => s.check(),
            None => Ok(()),
        }
    }

    // ----- variables -------------------------------------------------

    fn variable(&mut self, id: Symbol, scope: &Rc<Scope>, form: &Value) -> Result<Var, Error> {
        match self.resolve(id, scope) {
            Resolved::Local { owner, index, name } => {
                Ok(Var::Local { depth: depth_to(scope, &owner, form)?, index, name })
            }
            Resolved::Global { global, .. } => Ok(Var::Global(global)),
            Resolved::Unbound { name, top } => Ok(Var::Global(forward_global(&top, name))),
            Resolved::Special(_) | Resolved::Macro(_) => {
                Err(Error::syntax(format!("syntactic keyword `{}` used as a variable", sym_name(id)), form))
            }
        }
    }

    // ----- compile ---------------------------------------------------

    /// Compiles an expression.
    pub fn compile(&mut self, x: &Value, scope: &Rc<Scope>) -> Result<Rc<Node>, Error> {
        self.compile_named(x, scope, None)
    }

    /// Compiles an expression; a `lambda` gets `name` for messages.
    fn compile_named(&mut self, x: &Value, scope: &Rc<Scope>, name: Option<Symbol>) -> Result<Rc<Node>, Error> {
        self.check_stack()?;
        match x {
            Value::Symbol(id) => Ok(Rc::new(Node::Ref(self.variable(*id, scope, x)?))),
            Value::Pair(_) => {
                if let Some(Value::Symbol(head)) = x.car() {
                    match self.resolve(head, scope) {
                        Resolved::Special(s) => {
                            return self.compile_special(s, x, scope, name).map_err(|e| self.locate(e, x))
                        }
                        Resolved::Macro(m) => {
                            let expanded = self.expand(&m, x, scope).map_err(|e| self.locate(e, x))?;
                            return self.compile_named(&expanded, scope, name).map_err(|e| self.locate(e, x));
                        }
                        _ => {}
                    }
                }
                self.compile_application(x, scope).map_err(|e| self.locate(e, x))
            }
            Value::Null => Err(Error::syntax("empty combination `()`: quote it to mean the empty list", x)),
            other => Ok(Rc::new(Node::Const(strip(other)))),
        }
    }

    fn compile_application(&mut self, x: &Value, scope: &Rc<Scope>) -> Result<Rc<Node>, Error> {
        let items = list_items(x, "procedure call")?;
        let f = self.compile(&items[0], scope)?;
        let args = items[1..].iter().map(|a| self.compile(a, scope)).collect::<Result<Vec<_>, _>>()?;
        if let Value::Symbol(id) = &items[0] {
            if let Some(b) = self.imported_builtin(*id, scope) {
                return Ok(Rc::new(Node::Primitive(b, args)));
            }
        }
        Ok(Rc::new(Node::App(f, args)))
    }

    /// The builtin `id` names here, if it names an imported binding that
    /// holds one (which nothing can change: R7RS 5.2, 5.3).
    fn imported_builtin(&self, id: Symbol, scope: &Rc<Scope>) -> Option<&'static Builtin> {
        let Resolved::Global { global, imported: true } = self.resolve(id, scope) else { return None };
        let value = global.value.borrow();
        match &*value {
            Value::Procedure(p) => match &**p {
                Procedure::Builtin(b) => Some(*b),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn expand(&mut self, m: &Rc<Macro>, form: &Value, scope: &Rc<Scope>) -> Result<Value, Error> {
        self.check_stack()?;
        crate::syntax_rules::expand(self, m, form, scope)
    }

    fn compile_seq(&mut self, forms: &[Value], scope: &Rc<Scope>) -> Result<Rc<Node>, Error> {
        let mut nodes = forms.iter().map(|f| self.compile(f, scope)).collect::<Result<Vec<_>, _>>()?;
        Ok(if nodes.len() == 1 { nodes.pop().expect("one node") } else { Rc::new(Node::Seq(nodes)) })
    }

    fn compile_special(
        &mut self,
        s: Special,
        x: &Value,
        scope: &Rc<Scope>,
        name: Option<Symbol>,
    ) -> Result<Rc<Node>, Error> {
        let items = list_items(x, &s.name())?;
        let n = items.len();
        let arity_error = || Error::syntax(format!("{}: bad syntax", s.name()), x);
        match s {
            Special::Quote => {
                if n != 2 {
                    return Err(arity_error());
                }
                Ok(Rc::new(Node::Const(strip(&items[1]))))
            }
            Special::Quasiquote => {
                if n != 2 {
                    return Err(arity_error());
                }
                self.quasi(&items[1], 1, scope)
            }
            Special::Lambda => {
                if n < 3 {
                    return Err(arity_error());
                }
                Ok(Rc::new(Node::Lambda(self.lambda(&items[1], &items[2..], scope, name, x)?)))
            }
            Special::CaseLambda => {
                let mut lambdas = Vec::new();
                for clause in &items[1..] {
                    let c = list_items(clause, "case-lambda clause")?;
                    if c.len() < 2 {
                        return Err(Error::syntax("case-lambda: each clause needs formals and a body", clause));
                    }
                    lambdas.push(self.lambda(&c[0], &c[1..], scope, name, clause)?);
                }
                Ok(Rc::new(Node::CaseLambda(lambdas)))
            }
            Special::Set => {
                if n != 3 {
                    return Err(arity_error());
                }
                let Value::Symbol(id) = &items[1] else { return Err(Error::syntax("set!: expected a variable", x)) };
                match self.resolve(*id, scope) {
                    Resolved::Global { imported: true, .. } => {
                        return Err(Error::syntax(
                            format!("set!: cannot assign the imported variable `{}`", sym_name(*id)),
                            x,
                        ))
                    }
                    Resolved::Special(_) | Resolved::Macro(_) => {
                        return Err(Error::syntax(format!("set!: `{}` is a syntactic keyword", sym_name(*id)), x))
                    }
                    _ => {}
                }
                let var = self.variable(*id, scope, x)?;
                let value = self.compile(&items[2], scope)?;
                Ok(Rc::new(Node::Set { var, value, define: false }))
            }
            Special::If => {
                if !(3..=4).contains(&n) {
                    return Err(arity_error());
                }
                let t = self.compile(&items[1], scope)?;
                let c = self.compile(&items[2], scope)?;
                let a = match items.get(3) {
                    Some(e) => self.compile(e, scope)?,
                    None => Rc::new(Node::Const(Value::Unspecified)),
                };
                Ok(Rc::new(Node::If(t, c, a)))
            }
            Special::Begin => {
                if n < 2 {
                    return Err(Error::syntax("begin: an expression `(begin)` needs at least one subexpression", x));
                }
                self.compile_seq(&items[1..], scope)
            }
            Special::Let => self.compile_let(x, &items, scope),
            Special::LetStar => {
                if n < 3 {
                    return Err(arity_error());
                }
                let bindings = list_items(&items[1], "let* bindings")?;
                let body = Value::list(items[2..].iter().cloned());
                let form = match bindings.split_first() {
                    None => Value::cons(self.core("let"), Value::cons(Value::Null, body)),
                    Some((first, rest)) => {
                        let inner =
                            Value::cons(self.core("let*"), Value::cons(Value::list(rest.iter().cloned()), body));
                        Value::list([self.core("let"), Value::list([first.clone()]), inner])
                    }
                };
                self.compile(&form, scope)
            }
            Special::Letrec | Special::LetrecStar => {
                if n < 3 {
                    return Err(arity_error());
                }
                let bindings = self.bindings(&items[1], &s.name())?;
                let what = format!("{}: duplicate variable", s.name());
                let inner = Scope::frame_of(scope, bindings.iter().map(|(v, _)| *v), &what, x)?;
                let mut nodes = Vec::new();
                for (index, (v, init)) in bindings.iter().enumerate() {
                    let value = self.compile_named(init, &inner, Some(*v))?;
                    nodes.push(Rc::new(Node::Set {
                        var: Var::Local { depth: 0, index, name: *v },
                        value,
                        define: true,
                    }));
                }
                nodes.push(self.body(&items[2..], &inner, x)?);
                Ok(Rc::new(Node::Let { size: inner.size(), inits: Vec::new(), body: Rc::new(Node::Seq(nodes)) }))
            }
            Special::LetValues => {
                if n < 3 {
                    return Err(arity_error());
                }
                let inner = Scope::frame(scope);
                let mut bindings = Vec::new();
                let mut seen = FastSet::default();
                let mut declared = Vec::new();
                for b in list_items(&items[1], "let-values bindings")? {
                    let parts = list_items(&b, "let-values binding")?;
                    if parts.len() != 2 {
                        return Err(Error::syntax("let-values: each binding is (formals expression)", &b));
                    }
                    let (names, formals) = parse_formals(&parts[0], &b)?;
                    for v in &names {
                        if !seen.insert(*v) {
                            return Err(Error::syntax(
                                format!("let-values: duplicate variable `{}`", sym_name(*v)),
                                &b,
                            ));
                        }
                    }
                    let producer = self.compile(&parts[1], scope)?;
                    declared.push((names, formals, producer));
                }
                for (names, formals, producer) in declared {
                    let first = inner.size();
                    for v in names {
                        inner.add_var(v);
                    }
                    bindings.push(ValuesBinding { producer, formals, first });
                }
                let body = self.body(&items[2..], &inner, x)?;
                Ok(Rc::new(Node::LetValues { size: inner.size(), bindings, body }))
            }
            Special::LetStarValues => {
                if n < 3 {
                    return Err(arity_error());
                }
                let bindings = list_items(&items[1], "let*-values bindings")?;
                let body = Value::list(items[2..].iter().cloned());
                let form = match bindings.split_first() {
                    None => Value::cons(self.core("let"), Value::cons(Value::Null, body)),
                    Some((first, rest)) => {
                        let inner =
                            Value::cons(self.core("let*-values"), Value::cons(Value::list(rest.iter().cloned()), body));
                        Value::list([self.core("let-values"), Value::list([first.clone()]), inner])
                    }
                };
                self.compile(&form, scope)
            }
            Special::Cond => self.compile_cond(&items[1..], scope, x),
            Special::Case => self.compile_case(&items, scope, x),
            Special::And | Special::Or => {
                let nodes = items[1..].iter().map(|e| self.compile(e, scope)).collect::<Result<Vec<_>, _>>()?;
                Ok(Rc::new(if s == Special::And { Node::And(nodes) } else { Node::Or(nodes) }))
            }
            Special::When | Special::Unless => {
                if n < 3 {
                    return Err(arity_error());
                }
                let test = self.compile(&items[1], scope)?;
                let body = self.compile_seq(&items[2..], scope)?;
                let nothing = Rc::new(Node::Const(Value::Unspecified));
                Ok(Rc::new(if s == Special::When {
                    Node::If(test, body, nothing)
                } else {
                    Node::If(test, nothing, body)
                }))
            }
            Special::Do => self.compile_do(&items, scope, x),
            Special::Parameterize => {
                if n < 3 {
                    return Err(arity_error());
                }
                let mut params = Vec::new();
                let mut values = Vec::new();
                for b in list_items(&items[1], "parameterize bindings")? {
                    let parts = list_items(&b, "parameterize binding")?;
                    if parts.len() != 2 {
                        return Err(Error::syntax("parameterize: each binding is (parameter value)", &b));
                    }
                    params.push(self.compile(&parts[0], scope)?);
                    values.push(self.compile(&parts[1], scope)?);
                }
                let body = self.let_body(&items[2..], scope, x)?;
                Ok(Rc::new(Node::Parameterize { params, values, body }))
            }
            Special::Guard => self.compile_guard(&items, scope, x),
            Special::Delay | Special::DelayForce => {
                if n != 2 {
                    return Err(arity_error());
                }
                let inner = Scope::frame(scope);
                let body = self.compile(&items[1], &inner)?;
                let thunk = Rc::new(Lambda {
                    name: None,
                    formals: Formals { required: 0, rest: false },
                    frame_size: inner.size(),
                    body,
                });
                Ok(Rc::new(Node::Delay { thunk, force: s == Special::DelayForce }))
            }
            Special::LetSyntax | Special::LetrecSyntax => {
                if n < 3 {
                    return Err(arity_error());
                }
                let inner = Scope::frame(scope);
                let env = if s == Special::LetSyntax { scope.clone() } else { inner.clone() };
                for b in list_items(&items[1], "syntax bindings")? {
                    let parts = list_items(&b, "syntax binding")?;
                    let (Some(Value::Symbol(kw)), 2) = (parts.first(), parts.len()) else {
                        return Err(Error::syntax(format!("{}: each binding is (keyword transformer)", s.name()), &b));
                    };
                    let m = self.transformer(*kw, &parts[1], &env)?;
                    inner.add_macro(*kw, m);
                }
                let body = self.body(&items[2..], &inner, x)?;
                Ok(Rc::new(Node::Let { size: inner.size(), inits: Vec::new(), body }))
            }
            Special::SyntaxError => {
                let message = match items.get(1) {
                    Some(Value::Str(m)) => m.to_string(),
                    _ => return Err(Error::syntax("syntax-error: the first operand must be a string", x)),
                };
                let irritants: Vec<Value> = items[2..].iter().map(strip).collect();
                Err(Error::Syntax { message, form: Some(Value::list(irritants)), location: None })
            }
            Special::CondExpand => {
                let chosen = self.cond_expand(&items[1..], x)?;
                if chosen.is_empty() {
                    return Ok(Rc::new(Node::Const(Value::Unspecified)));
                }
                self.compile_seq(&chosen, scope)
            }
            Special::Flag(op) => op.compile(&items[1..], x).map(|v| Rc::new(Node::Const(v))),
            Special::Define | Special::DefineValues | Special::DefineRecordType | Special::DefineSyntax => {
                Err(Error::syntax(
                    format!("{}: a definition is allowed only at top level or at the beginning of a body", s.name()),
                    x,
                ))
            }
            Special::Import => Err(Error::syntax("import: import declarations must come first in a program", x)),
            Special::SyntaxRules => {
                Err(Error::syntax("syntax-rules: allowed only as the transformer of a syntax definition", x))
            }
            Special::Unquote | Special::UnquoteSplicing => {
                Err(Error::syntax(format!("{}: not inside a quasiquote", s.name()), x))
            }
            Special::Else | Special::Arrow | Special::Ellipsis | Special::Underscore => {
                Err(Error::syntax(format!("`{}` is auxiliary syntax and cannot be used as an expression", s.name()), x))
            }
        }
    }

    /// `((var init) ...)` as pairs.
    fn bindings(&self, spec: &Value, who: &str) -> Result<Vec<(Symbol, Value)>, Error> {
        let mut out = Vec::new();
        for b in list_items(spec, &format!("{who} bindings"))? {
            let parts = list_items(&b, &format!("{who} binding"))?;
            match (parts.first(), parts.len()) {
                (Some(Value::Symbol(v)), 2) => out.push((*v, parts[1].clone())),
                _ => return Err(Error::syntax(format!("{who}: each binding is (variable expression)"), &b)),
            }
        }
        Ok(out)
    }

    fn compile_let(&mut self, x: &Value, items: &[Value], scope: &Rc<Scope>) -> Result<Rc<Node>, Error> {
        if items.len() < 3 {
            return Err(Error::syntax("let: bad syntax", x));
        }
        if let Value::Symbol(loop_name) = &items[1] {
            // Named let (R7RS 4.2.4, derived in 7.3 as
            // ((letrec ((name (lambda (var ...) body ...))) name) init ...)):
            // the inits in the enclosing scope, the procedure in a frame
            // of its own that binds `name`, called at once.
            if items.len() < 4 {
                return Err(Error::syntax("let: a named let needs bindings and a body", x));
            }
            let bindings = self.bindings(&items[2], "let")?;
            let inits = bindings.iter().map(|(_, init)| self.compile(init, scope)).collect::<Result<Vec<_>, _>>()?;
            let own = Scope::frame(scope);
            own.add_var(*loop_name);
            let vars = Value::list(bindings.iter().map(|(v, _)| Value::Symbol(*v)));
            let lambda = self.lambda(&vars, &items[3..], &own, Some(*loop_name), x)?;
            return Ok(Rc::new(Node::NamedLet { lambda, inits }));
        }
        let bindings = self.bindings(&items[1], "let")?;
        let inits = bindings
            .iter()
            .map(|(v, init)| self.compile_named(init, scope, Some(*v)))
            .collect::<Result<Vec<_>, _>>()?;
        let inner = Scope::frame_of(scope, bindings.iter().map(|(v, _)| *v), "let: duplicate variable", x)?;
        let body = self.body(&items[2..], &inner, x)?;
        Ok(Rc::new(Node::Let { size: inner.size(), inits, body }))
    }

    /// A body in a new frame of its own (`parameterize`, `guard`).
    fn let_body(&mut self, forms: &[Value], scope: &Rc<Scope>, x: &Value) -> Result<Rc<Node>, Error> {
        let inner = Scope::frame(scope);
        let body = self.body(forms, &inner, x)?;
        Ok(Rc::new(Node::Let { size: inner.size(), inits: Vec::new(), body }))
    }

    fn lambda(
        &mut self,
        formals: &Value,
        body: &[Value],
        scope: &Rc<Scope>,
        name: Option<Symbol>,
        x: &Value,
    ) -> Result<Rc<Lambda>, Error> {
        let (names, shape) = parse_formals(formals, x)?;
        let inner = Scope::frame_of(scope, names, "lambda: duplicate parameter", x)?;
        let body = self.body(body, &inner, x)?;
        Ok(Rc::new(Lambda { name, formals: shape, frame_size: inner.size(), body }))
    }

    /// Expands macro uses at the head of `form` until it is not one.
    fn expand_head(&mut self, mut form: Value, scope: &Rc<Scope>) -> Result<Value, Error> {
        loop {
            let Some(Value::Symbol(head)) = form.car() else { return Ok(form) };
            match self.resolve(head, scope) {
                Resolved::Macro(m) => form = self.expand(&m, &form, scope).map_err(|e| self.locate(e, &form))?,
                _ => return Ok(form),
            }
        }
    }

    /// Compiles a body (R7RS 5.3.2): definitions first, then at least one
    /// expression, with `letrec*` semantics. `scope` is the body's frame.
    fn body(&mut self, forms: &[Value], scope: &Rc<Scope>, whole: &Value) -> Result<Rc<Node>, Error> {
        let mut queue: VecDeque<Value> = forms.iter().cloned().collect();
        let mut items = Vec::new();
        let mut defined = FastSet::default();
        let mut seen_expression = false;
        while let Some(form) = queue.pop_front() {
            let form = self.expand_head(form, scope)?;
            let special = self.special_of(&form, scope);
            let is_definition = matches!(
                special,
                Some(Special::Define | Special::DefineValues | Special::DefineRecordType | Special::DefineSyntax)
            );
            if is_definition && seen_expression {
                return Err(self.locate(
                    Error::syntax("a definition may not follow an expression in a body (R7RS 5.3.2)", &form),
                    &form,
                ));
            }
            let mut declare = |me: &mut Self, name: Symbol, form: &Value| -> Result<usize, Error> {
                if !defined.insert(name) {
                    return Err(me.locate(
                        Error::syntax(format!("duplicate definition of `{}` in a body", sym_name(name)), form),
                        form,
                    ));
                }
                Ok(scope.add_var(name))
            };
            match special {
                Some(Special::Begin) => {
                    let subs = list_items(&form, "begin")?;
                    for f in subs[1..].iter().rev() {
                        queue.push_front(f.clone());
                    }
                }
                Some(Special::CondExpand) => {
                    let subs = list_items(&form, "cond-expand")?;
                    for f in self.cond_expand(&subs[1..], &form)?.into_iter().rev() {
                        queue.push_front(f);
                    }
                }
                Some(Special::Define) => {
                    let (name, expr) = parse_define(&form, self).map_err(|e| self.locate(e, &form))?;
                    let index = declare(self, name, &form)?;
                    items.push(BodyItem::Define { index, name, expr });
                }
                Some(Special::DefineValues) => {
                    let parts = list_items(&form, "define-values")?;
                    if parts.len() != 3 {
                        return Err(self.locate(
                            Error::syntax("define-values: expected (define-values formals expression)", &form),
                            &form,
                        ));
                    }
                    let (names, formals) = parse_formals(&parts[1], &form)?;
                    let mut indices = Vec::new();
                    for v in names {
                        indices.push(declare(self, v, &form)?);
                    }
                    items.push(BodyItem::DefineValues { formals, indices, expr: parts[2].clone() });
                }
                Some(Special::DefineRecordType) => {
                    let (spec, names) = parse_record(&form).map_err(|e| self.locate(e, &form))?;
                    let mut indices = Vec::new();
                    for v in names {
                        indices.push(declare(self, v, &form)?);
                    }
                    items.push(BodyItem::Record { spec: Rc::new(spec), indices });
                }
                Some(Special::DefineSyntax) => {
                    let (kw, m) = self.define_syntax(&form, scope)?;
                    scope.add_macro(kw, m);
                }
                _ => {
                    seen_expression = true;
                    items.push(BodyItem::Expr(form));
                }
            }
        }
        if !seen_expression {
            return Err(
                self.locate(Error::syntax("a body needs at least one expression after its definitions", whole), whole)
            );
        }
        let mut nodes = Vec::new();
        for item in items {
            let local = |index: usize, name: Symbol| Var::Local { depth: 0, index, name };
            nodes.push(match item {
                BodyItem::Define { index, name, expr } => {
                    let value = self.compile_named(&expr, scope, Some(name))?;
                    Rc::new(Node::Set { var: local(index, name), value, define: true })
                }
                BodyItem::DefineValues { formals, indices, expr } => {
                    let value = self.compile(&expr, scope)?;
                    let targets = indices.into_iter().map(|i| local(i, Symbol::intern("define-values"))).collect();
                    Rc::new(Node::DefineValues { formals, targets, value })
                }
                BodyItem::Record { spec, indices } => {
                    let targets = indices.into_iter().map(|i| local(i, spec.type_name)).collect();
                    Rc::new(Node::DefineRecord { spec, targets })
                }
                BodyItem::Expr(form) => self.compile(&form, scope)?,
            });
        }
        Ok(if nodes.len() == 1 { nodes.pop().expect("one node") } else { Rc::new(Node::Seq(nodes)) })
    }

    /// Compiles one top-level form of a program or REPL.
    pub fn compile_toplevel(&mut self, form: &Value, top: &Rc<Scope>) -> Result<Rc<Node>, Error> {
        self.check_stack()?;
        let form = self.expand_head(form.clone(), top)?;
        let located = |me: &Self, r: Result<Rc<Node>, Error>| r.map_err(|e| me.locate(e, &form));
        match self.special_of(&form, top) {
            Some(Special::Begin) => {
                let subs = list_items(&form, "begin")?;
                let nodes = subs[1..].iter().map(|f| self.compile_toplevel(f, top)).collect::<Result<Vec<_>, _>>()?;
                Ok(match nodes.len() {
                    0 => Rc::new(Node::Const(Value::Unspecified)),
                    _ => Rc::new(Node::Seq(nodes)),
                })
            }
            Some(Special::CondExpand) => {
                let subs = list_items(&form, "cond-expand")?;
                let chosen = self.cond_expand(&subs[1..], &form)?;
                let nodes = chosen.iter().map(|f| self.compile_toplevel(f, top)).collect::<Result<Vec<_>, _>>()?;
                Ok(match nodes.len() {
                    0 => Rc::new(Node::Const(Value::Unspecified)),
                    _ => Rc::new(Node::Seq(nodes)),
                })
            }
            Some(Special::Define) => {
                let r = (|| {
                    let (name, expr) = parse_define(&form, self)?;
                    let global = self.define_global(name, top, &form)?;
                    let value = self.compile_named(&expr, top, Some(name))?;
                    Ok(Rc::new(Node::Set { var: Var::Global(global), value, define: true }))
                })();
                located(self, r)
            }
            Some(Special::DefineValues) => {
                let r = (|| {
                    let parts = list_items(&form, "define-values")?;
                    if parts.len() != 3 {
                        return Err(Error::syntax("define-values: expected (define-values formals expression)", &form));
                    }
                    let (names, formals) = parse_formals(&parts[1], &form)?;
                    let targets = names
                        .into_iter()
                        .map(|v| self.define_global(v, top, &form).map(Var::Global))
                        .collect::<Result<Vec<_>, _>>()?;
                    let value = self.compile(&parts[2], top)?;
                    Ok(Rc::new(Node::DefineValues { formals, targets, value }))
                })();
                located(self, r)
            }
            Some(Special::DefineRecordType) => {
                let r = (|| {
                    let (spec, names) = parse_record(&form)?;
                    let targets = names
                        .into_iter()
                        .map(|v| self.define_global(v, top, &form).map(Var::Global))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(Rc::new(Node::DefineRecord { spec: Rc::new(spec), targets }))
                })();
                located(self, r)
            }
            Some(Special::DefineSyntax) => {
                let (kw, m) = self.define_syntax(&form, top)?;
                self.check_redefinition(kw, top, &form)?;
                top.add_macro(kw, m);
                Ok(Rc::new(Node::Const(Value::Unspecified)))
            }
            _ => self.compile(&form, top),
        }
    }

    fn check_redefinition(&self, name: Symbol, top: &Rc<Scope>, form: &Value) -> Result<(), Error> {
        let ScopeKind::Top(env) = &top.kind else { return Ok(()) };
        let env = env.borrow();
        if env.allow_redefinition {
            return Ok(());
        }
        if env.bindings.get(&name).is_some_and(|b| b.imported) {
            return Err(self.locate(
                Error::syntax(format!("cannot redefine the imported identifier `{}` (R7RS 5.2)", sym_name(name)), form),
                form,
            ));
        }
        Ok(())
    }

    /// The global cell a top-level definition of `name` assigns.
    fn define_global(&mut self, name: Symbol, top: &Rc<Scope>, form: &Value) -> Result<Rc<Global>, Error> {
        self.check_redefinition(name, top, form)?;
        let ScopeKind::Top(env) = &top.kind else { unreachable!("top-level scope") };
        let mut env = env.borrow_mut();
        if let Some(TopBinding { binding: Binding::Global(g), imported: false }) = env.bindings.get(&name) {
            return Ok(g.clone());
        }
        let g = Global::new(name, Value::Unassigned);
        env.bindings.insert(name, TopBinding { binding: Binding::Global(g.clone()), imported: false });
        Ok(g)
    }

    fn define_syntax(&mut self, form: &Value, scope: &Rc<Scope>) -> Result<(Symbol, Rc<Macro>), Error> {
        let parts = list_items(form, "define-syntax")?;
        let (Some(Value::Symbol(kw)), 3) = (parts.get(1), parts.len()) else {
            return Err(
                self.locate(Error::syntax("define-syntax: expected (define-syntax keyword transformer)", form), form)
            );
        };
        let m = self.transformer(*kw, &parts[2], scope).map_err(|e| self.locate(e, form))?;
        Ok((*kw, m))
    }

    fn transformer(&mut self, name: Symbol, spec: &Value, scope: &Rc<Scope>) -> Result<Rc<Macro>, Error> {
        if !matches!(spec.car(), Some(head) if self.is_special(&head, scope, Special::SyntaxRules)) {
            // `(define-syntax new old)`: another name for an existing macro.
            if let Value::Symbol(s) = spec {
                if let Resolved::Macro(m) = self.resolve(*s, scope) {
                    return Ok(m);
                }
            }
            return Err(Error::syntax(
                "a transformer must be a syntax-rules form (the case dialect has no other)",
                spec,
            ));
        }
        crate::syntax_rules::parse(self, name, spec, scope).map(Rc::new)
    }

    fn compile_cond(&mut self, clauses: &[Value], scope: &Rc<Scope>, x: &Value) -> Result<Rc<Node>, Error> {
        let compiled = self.clauses(clauses, scope, x, "cond")?;
        Ok(Rc::new(Node::Cond(compiled)))
    }

    /// `cond`-style clauses (also used by `guard`).
    fn clauses(&mut self, clauses: &[Value], scope: &Rc<Scope>, x: &Value, who: &str) -> Result<Vec<Clause>, Error> {
        let mut out = Vec::new();
        for (i, clause) in clauses.iter().enumerate() {
            let parts = list_items(clause, &format!("{who} clause"))?;
            if parts.is_empty() {
                return Err(Error::syntax(format!("{who}: empty clause"), clause));
            }
            if self.is_special(&parts[0], scope, Special::Else) {
                if i + 1 != clauses.len() {
                    return Err(Error::syntax(format!("{who}: `else` must be the last clause"), x));
                }
                if parts.len() < 2 {
                    return Err(Error::syntax(format!("{who}: `else` needs at least one expression"), clause));
                }
                let body = self.compile_seq(&parts[1..], scope)?;
                out.push(Clause { test: Rc::new(Node::Const(Value::Bool(true))), body: ClauseBody::Seq(body) });
                continue;
            }
            let test = self.compile(&parts[0], scope)?;
            let body = if parts.len() == 1 {
                ClauseBody::Test
            } else if self.is_special(&parts[1], scope, Special::Arrow) {
                if parts.len() != 3 {
                    return Err(Error::syntax(
                        format!("{who}: `=>` must be followed by exactly one expression"),
                        clause,
                    ));
                }
                ClauseBody::Arrow(self.compile(&parts[2], scope)?)
            } else {
                ClauseBody::Seq(self.compile_seq(&parts[1..], scope)?)
            };
            out.push(Clause { test, body });
        }
        Ok(out)
    }

    fn compile_case(&mut self, items: &[Value], scope: &Rc<Scope>, x: &Value) -> Result<Rc<Node>, Error> {
        if items.len() < 2 {
            return Err(Error::syntax("case: bad syntax", x));
        }
        let key = self.compile(&items[1], scope)?;
        let mut clauses = Vec::new();
        let mut otherwise = None;
        let n = items.len() - 2;
        for (i, clause) in items[2..].iter().enumerate() {
            let parts = list_items(clause, "case clause")?;
            if parts.len() < 2 {
                return Err(Error::syntax("case: each clause needs data and at least one expression", clause));
            }
            let body = if self.is_special(&parts[1], scope, Special::Arrow) {
                if parts.len() != 3 {
                    return Err(Error::syntax("case: `=>` must be followed by exactly one expression", clause));
                }
                ClauseBody::Arrow(self.compile(&parts[2], scope)?)
            } else {
                ClauseBody::Seq(self.compile_seq(&parts[1..], scope)?)
            };
            if self.is_special(&parts[0], scope, Special::Else) {
                if i + 1 != n {
                    return Err(Error::syntax("case: `else` must be the last clause", x));
                }
                otherwise = Some(body);
            } else {
                let data = list_items(&parts[0], "case data")?.iter().map(strip).collect();
                clauses.push((data, body));
            }
        }
        Ok(Rc::new(Node::Case { key, clauses, otherwise }))
    }

    /// `(do ((variable init [step]) ...) (test expression ...) command ...)`
    /// (R7RS 4.2.4), run by [`Node::Do`] as a loop rather than as the
    /// named `let` R7RS 7.3 derives it from: the same meaning (the inits
    /// evaluated outside, fresh variables each iteration, the expressions'
    /// last value the result) without a procedure call per iteration.
    fn compile_do(&mut self, items: &[Value], scope: &Rc<Scope>, x: &Value) -> Result<Rc<Node>, Error> {
        if items.len() < 3 {
            return Err(Error::syntax("do: bad syntax", x));
        }
        let mut specs = Vec::new();
        for spec in list_items(&items[1], "do bindings")? {
            let parts = list_items(&spec, "do binding")?;
            match (parts.first(), parts.len()) {
                (Some(Value::Symbol(v)), 2 | 3) => specs.push((*v, parts[1].clone(), parts.get(2).cloned())),
                _ => return Err(Error::syntax("do: each binding is (variable init [step])", &spec)),
            }
        }
        let exit = list_items(&items[2], "do exit clause")?;
        let Some(test) = exit.first() else { return Err(Error::syntax("do: the exit clause needs a test", x)) };
        let inits = specs.iter().map(|(_, init, _)| self.compile(init, scope)).collect::<Result<Vec<_>, _>>()?;
        let inner = Scope::frame_of(scope, specs.iter().map(|(v, _, _)| *v), "do: duplicate variable", x)?;
        // A variable without a step keeps its value: its step is itself.
        let steps = specs
            .iter()
            .map(|(v, _, step)| self.compile(step.as_ref().unwrap_or(&Value::Symbol(*v)), &inner))
            .collect::<Result<Vec<_>, _>>()?;
        let test = self.compile(test, &inner)?;
        let result = match &exit[1..] {
            [] => Rc::new(Node::Const(Value::Unspecified)),
            exprs => self.compile_seq(exprs, &inner)?,
        };
        let commands = items[3..].iter().map(|c| self.compile(c, &inner)).collect::<Result<Vec<_>, _>>()?;
        Ok(Rc::new(Node::Do { size: inner.size(), inits, test, result, commands, steps }))
    }

    fn compile_guard(&mut self, items: &[Value], scope: &Rc<Scope>, x: &Value) -> Result<Rc<Node>, Error> {
        if items.len() < 3 {
            return Err(Error::syntax("guard: expected (guard (variable clause...) body...)", x));
        }
        let spec = list_items(&items[1], "guard specification")?;
        let Some(Value::Symbol(var)) = spec.first() else {
            return Err(Error::syntax("guard: expected (guard (variable clause...) body...)", x));
        };
        let body = self.let_body(&items[2..], scope, x)?;
        let inner = Scope::frame(scope);
        inner.add_var(*var);
        let clauses = self.clauses(&spec[1..], &inner, x, "guard")?;
        Ok(Rc::new(Node::Guard { body, size: inner.size(), clauses }))
    }

    fn quasi(&mut self, t: &Value, depth: usize, scope: &Rc<Scope>) -> Result<Rc<Node>, Error> {
        self.check_stack()?;
        let konst = |v: &Value| Rc::new(Node::Const(strip(v)));
        match t {
            Value::Pair(_) => {
                let head = t.car().unwrap_or_default();
                let tag = |me: &Self, which| me.is_special(&head, scope, which);
                let operand = || -> Result<Value, Error> {
                    match t.list_to_vec() {
                        Some(v) if v.len() == 2 => Ok(v[1].clone()),
                        _ => Err(Error::syntax("quasiquote: unquote takes exactly one operand", t)),
                    }
                };
                if tag(self, Special::Unquote) {
                    if depth == 1 {
                        return self.compile(&operand()?, scope);
                    }
                    let inner = self.quasi(&operand()?, depth - 1, scope)?;
                    return Ok(self.call_builtin("list", vec![konst(&Value::sym("unquote")), inner]));
                }
                if tag(self, Special::Quasiquote) {
                    let inner = self.quasi(&operand()?, depth + 1, scope)?;
                    return Ok(self.call_builtin("list", vec![konst(&Value::sym("quasiquote")), inner]));
                }
                let first = head;
                let rest = t.cdr().unwrap_or_default();
                let rest_node = self.quasi(&rest, depth, scope)?;
                if let Some(Value::Symbol(h)) = first.car() {
                    if matches!(self.resolve(h, scope), Resolved::Special(Special::UnquoteSplicing)) {
                        let spliced = match first.list_to_vec() {
                            Some(v) if v.len() == 2 => v[1].clone(),
                            _ => {
                                return Err(Error::syntax(
                                    "quasiquote: unquote-splicing takes exactly one operand",
                                    &first,
                                ))
                            }
                        };
                        if depth == 1 {
                            let s = self.compile(&spliced, scope)?;
                            return Ok(self.call_builtin("append", vec![s, rest_node]));
                        }
                        let inner = self.quasi(&spliced, depth - 1, scope)?;
                        let car = self.call_builtin("list", vec![konst(&Value::sym("unquote-splicing")), inner]);
                        return Ok(self.call_builtin("cons", vec![car, rest_node]));
                    }
                }
                let car_node = self.quasi(&first, depth, scope)?;
                if let (Node::Const(a), Node::Const(d)) = (&*car_node, &*rest_node) {
                    return Ok(konst(&Value::cons(a.clone(), d.clone())));
                }
                Ok(self.call_builtin("cons", vec![car_node, rest_node]))
            }
            Value::Vector(v) => {
                let as_list = Value::list(v.items.borrow().iter().cloned());
                let node = self.quasi(&as_list, depth, scope)?;
                if let Node::Const(_) = &*node {
                    return Ok(konst(t));
                }
                Ok(self.call_builtin("list->vector", vec![node]))
            }
            other => Ok(konst(other)),
        }
    }

    /// A call to a builtin procedure that user bindings cannot shadow.
    fn call_builtin(&self, name: &str, args: Vec<Rc<Node>>) -> Rc<Node> {
        let g = self.builtins.get(&Symbol::intern(name)).expect("quasiquote helpers are builtins");
        let f = Rc::new(Node::Const(g.value.borrow().clone()));
        Rc::new(Node::App(f, args))
    }

    /// The body of the first `cond-expand` clause whose requirement holds.
    fn cond_expand(&mut self, clauses: &[Value], x: &Value) -> Result<Vec<Value>, Error> {
        for clause in clauses {
            let parts = list_items(clause, "cond-expand clause")?;
            let Some(req) = parts.first() else { return Err(Error::syntax("cond-expand: empty clause", clause)) };
            let is_else = matches!(req, Value::Symbol(s) if &*s.base().name() == "else");
            if is_else || self.feature_holds(req)? {
                return Ok(parts[1..].to_vec());
            }
        }
        let _ = x;
        Ok(Vec::new())
    }

    fn feature_holds(&self, req: &Value) -> Result<bool, Error> {
        match req {
            Value::Symbol(s) => Ok(library::FEATURES.contains(&&*s.base().name())),
            Value::Pair(_) => {
                let parts = list_items(req, "feature requirement")?;
                let op = parts[0].as_symbol().map(|s| s.base().name().to_string()).unwrap_or_default();
                match op.as_str() {
                    "and" => {
                        for p in &parts[1..] {
                            if !self.feature_holds(p)? {
                                return Ok(false);
                            }
                        }
                        Ok(true)
                    }
                    "or" => {
                        for p in &parts[1..] {
                            if self.feature_holds(p)? {
                                return Ok(true);
                            }
                        }
                        Ok(false)
                    }
                    "not" if parts.len() == 2 => Ok(!self.feature_holds(&parts[1])?),
                    "library" if parts.len() == 2 => Ok(library::Lib::from_name(&strip(&parts[1])).is_some()),
                    _ => Err(Error::syntax("cond-expand: bad feature requirement", req)),
                }
            }
            _ => Err(Error::syntax("cond-expand: bad feature requirement", req)),
        }
    }
}

impl Default for Expander {
    fn default() -> Self {
        Expander::new()
    }
}

/// How many run-time frames lie between `from` and the scope `owner`.
fn depth_to(from: &Rc<Scope>, owner: &Rc<Scope>, form: &Value) -> Result<usize, Error> {
    let mut depth = 0;
    let mut s = from.clone();
    loop {
        if Rc::ptr_eq(&s, owner) {
            return Ok(depth);
        }
        if !s.is_top() {
            depth += 1;
        }
        match &s.parent {
            Some(p) => s = p.clone(),
            None => return Err(Error::syntax("identifier used outside the scope of its binding", form)),
        }
    }
}

/// A global for a variable referenced before (or without) its definition.
fn forward_global(top: &Rc<Scope>, name: Symbol) -> Rc<Global> {
    let ScopeKind::Top(env) = &top.kind else { unreachable!("resolution ends at a top scope") };
    let mut env = env.borrow_mut();
    if let Some(TopBinding { binding: Binding::Global(g), .. }) = env.bindings.get(&name) {
        return g.clone();
    }
    let g = Global::new(name, Value::Unassigned);
    env.bindings.insert(name, TopBinding { binding: Binding::Global(g.clone()), imported: false });
    g
}

/// Parses lambda formals: `(a b)`, `(a . rest)` or `args`.
fn parse_formals(formals: &Value, form: &Value) -> Result<(Vec<Symbol>, Formals), Error> {
    let mut names = Vec::new();
    let mut cur = formals.clone();
    loop {
        match cur {
            Value::Null => return Ok((names.clone(), Formals { required: names.len(), rest: false })),
            Value::Symbol(s) => {
                let required = names.len();
                names.push(s);
                return Ok((names, Formals { required, rest: true }));
            }
            Value::Pair(p) => {
                match &*p.car.borrow() {
                    Value::Symbol(s) => names.push(*s),
                    _ => return Err(Error::syntax("bad formals: parameters must be identifiers", form)),
                }
                let next = p.cdr.borrow().clone();
                cur = next;
            }
            _ => return Err(Error::syntax("bad formals: parameters must be identifiers", form)),
        }
    }
}

/// `(define name expr)` or `(define (name . formals) body...)`.
fn parse_define(form: &Value, ex: &mut Expander) -> Result<(Symbol, Value), Error> {
    let parts = list_items(form, "define")?;
    match parts.get(1) {
        Some(Value::Symbol(name)) if parts.len() == 3 => Ok((*name, parts[2].clone())),
        Some(Value::Symbol(_)) => Err(Error::syntax("define: expected (define variable expression)", form)),
        Some(Value::Pair(p)) => {
            let Value::Symbol(name) = &*p.car.borrow() else {
                return Err(Error::syntax("define: expected (define (name . formals) body...)", form));
            };
            if parts.len() < 3 {
                return Err(Error::syntax("define: a procedure definition needs a body", form));
            }
            let formals = p.cdr.borrow().clone();
            let lambda = Value::cons(ex.core("lambda"), Value::cons(formals, Value::list(parts[2..].iter().cloned())));
            Ok((*name, lambda))
        }
        _ => Err(Error::syntax("define: expected a variable or (name . formals)", form)),
    }
}

/// `(define-record-type <type> (ctor field...) pred (field accessor [modifier])...)`.
/// Returns the spec and the names it defines, in `DefineRecord` order.
fn parse_record(form: &Value) -> Result<(RecordSpec, Vec<Symbol>), Error> {
    let parts = list_items(form, "define-record-type")?;
    let bad = |msg: &str| Error::syntax(format!("define-record-type: {msg}"), form);
    if parts.len() < 3 {
        return Err(bad("expected (define-record-type type (constructor field...) predicate field-spec...)"));
    }
    let Value::Symbol(type_name) = parts[1] else { return Err(bad("the type name must be an identifier")) };
    let mut fields = Vec::new();
    let mut accessors = Vec::new();
    let mut names = vec![type_name];
    for spec in &parts[4.min(parts.len())..] {
        let f = list_items(spec, "define-record-type field")?;
        let (Some(Value::Symbol(field)), Some(Value::Symbol(acc))) = (f.first(), f.get(1)) else {
            return Err(bad("each field spec is (field accessor [modifier])"));
        };
        if fields.contains(field) {
            return Err(bad(&format!("duplicate field `{}`", sym_name(*field))));
        }
        let modifier = match f.get(2) {
            Some(Value::Symbol(m)) if f.len() == 3 => Some(*m),
            None => None,
            _ => return Err(bad("each field spec is (field accessor [modifier])")),
        };
        accessors.push((fields.len(), *acc, modifier));
        fields.push(*field);
    }
    let constructor = match &parts[2] {
        Value::Pair(_) => {
            let c = list_items(&parts[2], "record constructor")?;
            let Value::Symbol(cname) = c[0] else { return Err(bad("the constructor name must be an identifier")) };
            let mut indices = Vec::new();
            for arg in &c[1..] {
                let Value::Symbol(a) = arg else { return Err(bad("constructor arguments must be field names")) };
                match fields.iter().position(|f| f == a) {
                    Some(i) => indices.push(i),
                    None => return Err(bad(&format!("constructor argument `{}` is not a field", sym_name(*a)))),
                }
            }
            names.push(cname);
            Some((cname, indices))
        }
        _ => return Err(bad("the constructor must be (name field...)")),
    };
    let Some(Value::Symbol(predicate)) = parts.get(3) else {
        return Err(bad("the predicate name must be an identifier"));
    };
    names.push(*predicate);
    for (_, acc, modifier) in &accessors {
        names.push(*acc);
        if let Some(m) = modifier {
            names.push(*m);
        }
    }
    Ok((RecordSpec { type_name, fields, constructor, predicate: *predicate, accessors }, names))
}
