//! `srfi106-scheme`: run an R7RS program, evaluate an expression, or start
//! a REPL, with the reference implementation of SRFI 106.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use srfi106_reference::{program, repl, EvalOrder, Options, Session, STACK_SIZE};

const USAGE: &str = "\
usage: srfi106-scheme [OPTION...] [FILE [ARG...]]

Runs the R7RS program FILE (`-` for standard input) with the reference
implementation of SRFI 106. With no FILE, starts a read-eval-print loop.

options:
  -e, --eval EXPR        evaluate EXPR with every library of the case
                         dialect imported, and print its values
  --eval-order ORDER     evaluate procedure calls' operands left-to-right
                         (the default) or right-to-left
  -h, --help             print this help
  -V, --version          print the version

exit status: the program's `exit` value; 0 when it ends normally; 65 when
it cannot be read; 66 when FILE cannot be opened; 70 after an uncaught
raise; 64 for a bad command line.";

/// What the command line asks for.
enum Command {
    Run { file: String, args: Vec<String> },
    Eval(String),
    Repl,
    Help,
    Version,
}

fn parse(args: &[String]) -> Result<(Command, EvalOrder), String> {
    let mut order = EvalOrder::LeftToRight;
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let value = |i: usize| args.get(i + 1).cloned().ok_or_else(|| format!("option `{arg}` needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok((Command::Help, order)),
            "-V" | "--version" => return Ok((Command::Version, order)),
            "-e" | "--eval" => return Ok((Command::Eval(value(i)?), order)),
            "--eval-order" => {
                order = eval_order(&value(i)?)?;
                i += 2;
                continue;
            }
            "--" => {
                return match args.get(i + 1) {
                    Some(file) => Ok((Command::Run { file: file.clone(), args: args[i + 2..].to_vec() }, order)),
                    None => Ok((Command::Repl, order)),
                }
            }
            _ => {}
        }
        if let Some(o) = arg.strip_prefix("--eval-order=") {
            order = eval_order(o)?;
        } else if let Some(e) = arg.strip_prefix("--eval=") {
            return Ok((Command::Eval(e.to_string()), order));
        } else if arg.starts_with('-') && arg != "-" {
            return Err(format!("unknown option `{arg}`"));
        } else {
            return Ok((Command::Run { file: arg.clone(), args: args[i + 1..].to_vec() }, order));
        }
        i += 1;
    }
    Ok((Command::Repl, order))
}

fn eval_order(s: &str) -> Result<EvalOrder, String> {
    match s {
        "left-to-right" => Ok(EvalOrder::LeftToRight),
        "right-to-left" => Ok(EvalOrder::RightToLeft),
        other => Err(format!("--eval-order must be left-to-right or right-to-left, not `{other}`")),
    }
}

fn read_source(file: &str) -> Result<String, String> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(file)
    }
    .map_err(|e| format!("cannot read {file}: {e}"))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("{file}: the program is not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, eval_order) = match parse(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("srfi106-scheme: {message} (see --help)");
            return ExitCode::from(64);
        }
    };
    let options = Options { eval_order, stack_size: STACK_SIZE };
    let status = match command {
        Command::Help => {
            println!("{USAGE}");
            0
        }
        Command::Version => {
            println!("srfi106-scheme {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Command::Run { file, args } => match read_source(&file) {
            Err(message) => {
                eprintln!("srfi106-scheme: {message}");
                if message.contains("not valid UTF-8") {
                    program::EXIT_READ_ERROR
                } else {
                    66
                }
            }
            Ok(text) => program::with_stack(STACK_SIZE, move || {
                let mut session = Session::new(options, false);
                session.interp.command_line = std::iter::once(file.clone()).chain(args).collect();
                session.run_program(&text, &file)
            }),
        },
        Command::Eval(expr) => program::with_stack(STACK_SIZE, move || {
            let mut session = Session::new(options, true);
            session.interp.command_line = vec!["srfi106-scheme".into()];
            repl::eval_string(&mut session, &expr)
        }),
        Command::Repl => program::with_stack(STACK_SIZE, move || {
            let mut session = Session::new(options, true);
            session.interp.command_line = vec!["srfi106-scheme".into()];
            repl::run(&mut session)
        }),
    };
    ExitCode::from(status.clamp(0, 255) as u8)
}
