//! Running programs: import declarations, then each top-level form compiled
//! and evaluated in turn, then the exit status.
//!
//! Exit statuses: the `exit` argument; 70 after an uncaught raise (one line
//! `error: ...` on standard error); 65 when the source cannot be read
//! (`FILE:LINE:COL: ...`).

use std::rc::Rc;

use crate::error::{describe_uncaught, Error, Unwind, Unwinding};
use crate::eval::{Frame, Interp, Options};
use crate::library::{same, Lib, Libraries};
use crate::reader::read_all;
use crate::syntax::{Scope, ScopeKind, TopBinding};
use crate::value::Value;

/// Exit status after an uncaught raise (EX_SOFTWARE).
pub const EXIT_UNCAUGHT: i32 = 70;
/// Exit status when the program cannot be read (EX_DATAERR).
pub const EXIT_READ_ERROR: i32 = 65;

/// An interpreter with its libraries and a top-level environment.
///
/// ```
/// use srfi106_reference::{Options, Session};
///
/// let mut session = Session::new(Options::default(), false);
/// let program = "(import (scheme base) (scheme process-context)) (exit (+ 1 2))";
/// assert_eq!(session.run_program(program, "example.scm"), 3);
/// ```
pub struct Session {
    pub interp: Interp,
    pub libraries: Libraries,
    pub top: Rc<Scope>,
    root: Rc<Frame>,
}

impl Session {
    /// A session for a program (`repl: false`: imports are explicit and
    /// imported bindings cannot be redefined) or for the REPL and `-e`
    /// (every dialect library imported, redefinition allowed).
    pub fn new(options: Options, repl: bool) -> Session {
        let options_allocation = options.limits.allocation;
        let mut interp = Interp::new(options);
        interp.expander.stack = Some(interp.stack);
        let mut values = vec![
            (Lib::Base, "current-input-port", interp.io.current_input.clone()),
            (Lib::Base, "current-output-port", interp.io.current_output.clone()),
            (Lib::Base, "current-error-port", interp.io.current_error.clone()),
        ];
        for (name, v) in crate::socket_flags::constants() {
            values.push((Lib::Srfi106, name, Value::Int(v)));
        }
        let libraries = Libraries::new(&interp.expander, values);
        let top = interp.expander.new_top(repl);
        let session = Session { interp, libraries, top, root: Frame::root() };
        if repl {
            for lib in Lib::ALL {
                let bindings = session.libraries.exports(lib).to_vec();
                session.bind_imports(bindings, &Value::Null).expect("the dialect libraries do not conflict");
            }
        }
        // What the session itself made is not the program's.
        crate::value::meter::start(options_allocation);
        session
    }

    /// Gives the program `input` as its current input port and `output` as
    /// its current output and error ports, instead of the process's
    /// standard streams (for running programs inside another program,
    /// e.g. a fuzzer).
    pub fn redirect(&mut self, input: Value, output: Value) {
        let io = &self.interp.io;
        for (parameter, port) in
            [(&io.current_input, &input), (&io.current_output, &output), (&io.current_error, &output)]
        {
            if let Value::Procedure(p) = parameter {
                if let crate::value::Procedure::Parameter(param) = &**p {
                    *param.value.borrow_mut() = port.clone();
                }
            }
        }
        self.interp.io.stdout = output.clone();
        self.interp.io.stderr = output;
    }

    fn bind_imports(
        &self,
        bindings: Vec<(crate::value::Symbol, crate::syntax::Binding)>,
        form: &Value,
    ) -> Result<(), Error> {
        let ScopeKind::Top(env) = &self.top.kind else { unreachable!("top scope") };
        let mut env = env.borrow_mut();
        for (name, binding) in bindings {
            if let Some(existing) = env.bindings.get(&name) {
                if existing.imported && !same(&existing.binding, &binding) {
                    return Err(Error::syntax(
                        format!("import: `{}` is imported twice with different bindings", name.base()),
                        form,
                    ));
                }
            }
            env.bindings.insert(name, TopBinding { binding, imported: true });
        }
        Ok(())
    }

    /// Processes one `(import set ...)` declaration.
    pub fn import(&mut self, form: &Value) -> Result<(), Error> {
        let sets = form.list_to_vec().ok_or_else(|| Error::syntax("import: expected (import import-set ...)", form))?;
        for set in &sets[1..] {
            let bindings = self.libraries.import_set(set).map_err(|e| self.locate(e, form))?;
            self.bind_imports(bindings, form).map_err(|e| self.locate(e, form))?;
        }
        Ok(())
    }

    fn locate(&self, e: Error, form: &Value) -> Error {
        match e {
            Error::Syntax { message, form: f, location: None } => {
                Error::Syntax { message, form: f, location: self.interp.expander.source.location(form) }
            }
            other => other,
        }
    }

    /// Compiles and evaluates one top-level form.
    pub fn eval_toplevel(&mut self, form: &Value) -> Result<Value, Unwind> {
        let top = self.top.clone();
        let node = match self.interp.expander.compile_toplevel(form, &top) {
            Ok(node) => node,
            Err(e) => return Err(self.interp.fail(e)),
        };
        let root = self.root.clone();
        self.interp.eval(&node, &root)
    }

    /// Runs the program `text` (named `file` in messages) and returns its
    /// exit status.
    pub fn run_program(&mut self, text: &str, file: &str) -> i32 {
        let forms = match read_all(text, file) {
            Ok((forms, map)) => {
                self.interp.expander.source = map;
                forms
            }
            Err(e) => {
                self.report(&e.message());
                return EXIT_READ_ERROR;
            }
        };
        let imports = forms.iter().take_while(|f| is_import(f)).count();
        if imports == 0 {
            let e = Error::Syntax {
                message: "a program must begin with an import declaration, e.g. (import (scheme base))".into(),
                form: None,
                location: forms
                    .first()
                    .and_then(|f| self.interp.expander.source.location(f))
                    .or(Some(crate::error::Location { file: Rc::from(file), line: 1, column: 1 })),
            };
            return self.finish(Err(Unwinding::Uncaught(e.to_value()).into()));
        }
        for form in &forms[..imports] {
            if let Err(e) = self.import(form) {
                let u = self.interp.fail(e);
                return self.finish(Err(u));
            }
        }
        for form in &forms[imports..] {
            if let Err(u) = self.eval_toplevel(form) {
                return self.finish(Err(u));
            }
        }
        self.finish(Ok(()))
    }

    /// Writes one line to the session's standard error port (the
    /// process's standard error unless redirected).
    fn report(&self, line: &str) {
        let written = match &self.interp.io.stderr {
            Value::Port(p) => p.write_str("error", &format!("{line}\n")),
            _ => Ok(()),
        };
        if written.is_err() {
            eprintln!("{line}");
        }
    }

    /// Flushes standard output and turns the way the program ended into an
    /// exit status, reporting an uncaught raise.
    pub fn finish(&mut self, ended: Result<(), Unwind>) -> i32 {
        let flushed = self.interp.io.flush_stdout();
        let status = match ended.map_err(Unwind::into_kind) {
            Ok(()) => 0,
            Err(Unwinding::Exit(code)) => code,
            Err(Unwinding::Uncaught(v)) => {
                self.report(&describe_uncaught(&v));
                EXIT_UNCAUGHT
            }
            Err(Unwinding::Error(e)) => {
                self.report(&format!("error: {e}"));
                EXIT_UNCAUGHT
            }
            Err(Unwinding::Limit(message)) => {
                self.report(&format!("error: {message}"));
                EXIT_UNCAUGHT
            }
            Err(other) => {
                self.report(&format!("error: control left the program through a stale {:?}", Unwind::from(other)));
                EXIT_UNCAUGHT
            }
        };
        if let Err(e) = flushed {
            self.report(&format!("error: {e}"));
            if status == 0 {
                return EXIT_UNCAUGHT;
            }
        }
        status
    }
}

fn is_import(form: &Value) -> bool {
    matches!(form.car(), Some(Value::Symbol(s)) if s.is_interned() && &*s.name() == "import")
}

/// Runs `f` on a thread with a stack of `stack_size` bytes (the
/// interpreter measures its depth against it) and returns its result.
pub fn with_stack<T: Send + 'static>(stack_size: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    match std::thread::Builder::new().name("scheme".into()).stack_size(stack_size).spawn(f) {
        Ok(handle) => match handle.join() {
            Ok(v) => v,
            Err(_) => {
                eprintln!("error: internal error: the interpreter thread panicked");
                std::process::exit(EXIT_UNCAUGHT)
            }
        },
        Err(e) => {
            eprintln!("error: cannot start the interpreter thread: {e}");
            std::process::exit(EXIT_UNCAUGHT)
        }
    }
}
