//! `srfi106-scheme`: run an R7RS program, evaluate an expression, or start
//! a REPL, with the reference implementation of SRFI 106.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use srfi106_reference::eval::Limits;
use srfi106_reference::{program, repl, EvalOrder, Options, Session, STACK_SIZE};

const USAGE: &str = "\
usage: srfi106-scheme [OPTION...] [FILE [ARG...]]

Runs the R7RS program FILE (`-` for standard input) with the reference
implementation of SRFI 106. With no FILE, starts a read-eval-print loop.

options:
  -e, --eval EXPR        evaluate EXPR with every library of the case
                         dialect imported, and print its values
  --eval-order ORDER     evaluate procedure calls' operands and let's
                         inits left-to-right (the default) or
                         right-to-left
  --max-steps N          end the program (status 70) after N evaluation
                         steps
  --max-allocation BYTES end the program (status 70) once it has made
                         BYTES of data (pairs, strings, vectors,
                         bytevectors, string-port output), in all
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

/// The settings options give, whatever the command.
#[derive(Default)]
struct Settings {
    order: EvalOrder,
    limits: Limits,
}

fn parse(args: &[String]) -> Result<(Command, Settings), String> {
    let mut settings = Settings::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        // `--name=value` or `--name value`.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let takes_value = matches!(name, "-e" | "--eval" | "--eval-order" | "--max-steps" | "--max-allocation");
        let value = match (&inline, takes_value) {
            (Some(v), true) => Some(v.clone()),
            (None, true) => {
                i += 1;
                Some(args.get(i).cloned().ok_or_else(|| format!("option `{name}` needs a value"))?)
            }
            (Some(_), false) => return Err(format!("option `{name}` takes no value")),
            (None, false) => None,
        };
        let value = value.unwrap_or_default();
        match name {
            "-h" | "--help" => return Ok((Command::Help, settings)),
            "-V" | "--version" => return Ok((Command::Version, settings)),
            "-e" | "--eval" => return Ok((Command::Eval(value), settings)),
            "--eval-order" => settings.order = eval_order(&value)?,
            "--max-steps" => settings.limits.steps = Some(positive(name, &value)?),
            "--max-allocation" => settings.limits.allocation = Some(positive(name, &value)?),
            "--" => {
                return match args.get(i + 1) {
                    Some(file) => Ok((Command::Run { file: file.clone(), args: args[i + 2..].to_vec() }, settings)),
                    None => Ok((Command::Repl, settings)),
                }
            }
            _ if arg.starts_with('-') && arg != "-" => return Err(format!("unknown option `{arg}`")),
            _ => return Ok((Command::Run { file: arg.clone(), args: args[i + 1..].to_vec() }, settings)),
        }
        i += 1;
    }
    Ok((Command::Repl, settings))
}

fn positive(option: &str, value: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{option} must be a positive integer, not `{value}`")),
    }
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
    let (command, settings) = match parse(&args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("srfi106-scheme: {message} (see --help)");
            return ExitCode::from(64);
        }
    };
    let options = Options { eval_order: settings.order, stack_size: STACK_SIZE, limits: settings.limits };
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
