//! The `whosaid` command: parses arguments and dispatches; each command builds library objects,
//! shows progress, and hands what the library returns to a writer.

mod cli;
mod commands;
mod output;
mod progress;

use std::io;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, EvalCommand};

/// Exit status when the run finished but skipped some inputs.
const EXIT_SKIPPED: u8 = 3;

fn main() -> ExitCode {
    keep_freed_memory();
    // A stage that panics on one document is reported with that document and skipped; the
    // default hook would print a second, less useful message.
    std::panic::set_hook(Box::new(|_| {}));
    output::remove_temp_on_signals();
    let cli = Cli::parse();
    // Records written to a closed standard output would be lost without a word.
    if writes_to_stdout(&cli.command) && output::stdout_closed() {
        eprintln!("whosaid: error: standard output is closed; give an output file with -o");
        return ExitCode::FAILURE;
    }
    if !matches!(cli.command, Command::TrainNer(_)) {
        keep_candle_on_rayon();
    }
    let result = match cli.command {
        Command::Extract(a) => commands::extract::run(a),
        Command::Tag(a) => commands::tag::run(a),
        Command::TrainNer(a) => commands::train::ner(a).map(|()| 0),
        Command::TrainPos(a) => commands::train::pos(a).map(|()| 0),
        Command::TrainClaims(a) => commands::train::claims(a).map(|()| 0),
        Command::Eval(EvalCommand::Ner(a)) => commands::eval::ner(a).map(|()| 0),
        Command::Eval(EvalCommand::Quotes(a)) => commands::eval::quotes(a),
        Command::Review(a) => commands::review::run(a),
        Command::Speakers(a) => commands::corpus::speakers(a),
        Command::Conflicts(a) => commands::corpus::conflicts(a),
    };
    match result {
        Ok(skipped) if skipped > 0 => {
            eprintln!("whosaid: {skipped} input(s) skipped; see the messages above");
            ExitCode::from(EXIT_SKIPPED)
        }
        Ok(_) => ExitCode::SUCCESS,
        // The reader went away (`whosaid extract … | head`): not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("whosaid: error: {}", error_message(&e));
            ExitCode::FAILURE
        }
    }
}

/// The transformer allocates and frees the same large tensors at every step. glibc's defaults
/// give blocks over 128 KB back to the kernel at once (and trim the heap's top), so each step
/// faulted them in afresh: a third of fine-tuning time went to the kernel. Keeping freed memory
/// for reuse makes training about a third faster; resident memory stays near its peak.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // Safety: mallopt only tunes the allocator; called before any allocation-heavy work.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, libc::c_int::MAX);
        libc::mallopt(libc::M_TOP_PAD, 512 << 20);
    }
}

/// whosaid tags documents in parallel on rayon's threads, where candle's matrix products also
/// run. candle would start a second pool of its own for element-wise operations, and the two
/// pools fight over the cores (the transformer tagger ran about 40% slower); so candle's own pool
/// is kept to the calling thread unless `CANDLE_NUM_THREADS` says otherwise. Training, one large
/// batch at a time, keeps candle's pool.
fn keep_candle_on_rayon() {
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        // Safety: called at the start of main, before any other thread exists.
        unsafe { std::env::set_var("CANDLE_NUM_THREADS", "1") };
    }
}

/// The error and its causes, joined with ": ", each said once: an error whose message already
/// includes its cause (a path's OS error, a model file's format error) also returns that cause
/// as its source, which `{:#}` would print a second time.
fn error_message(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Whether the command writes its results to standard output.
fn writes_to_stdout(command: &Command) -> bool {
    match command {
        Command::Extract(a) => a.output.as_ref().is_none_or(|p| p.as_os_str() == "-"),
        Command::Speakers(a) | Command::Conflicts(a) => {
            a.output.as_ref().is_none_or(|p| p.as_os_str() == "-")
        }
        Command::Tag(_) | Command::Eval(_) => true,
        Command::TrainNer(_)
        | Command::TrainPos(_)
        | Command::TrainClaims(_)
        | Command::Review(_) => false,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
