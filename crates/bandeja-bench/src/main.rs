//! `bandeja-bench <subcommand>`: the project's one benchmark binary.
//!
//! Each subcommand prints exactly one JSON object on stdout (figures with
//! their units, the machine, the build profile) so results can be compared
//! across runs and machines; progress goes to stderr. Performance is measured
//! here, never asserted by timed tests.

mod email;
mod machine;
mod relay;
mod store;
mod text;
mod whatsapp;

use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: bandeja-bench store [--conversations N] [--messages N] [--runs N] [--keep PATH]\n\
         \x20      bandeja-bench whatsapp [--latency-runs N] [--burst N] [--concurrency N] [--rules]\n\
         \x20      bandeja-bench relay [--quick] [--events N] [--seconds S] [--forward-events N]\n\
         \x20                          [--devices N] [--many-events N] [--interval-ms MS] [--many-interval-ms MS]\n\
         \x20                          [--backlog N] [--idle N] [--relay-bin PATH] [--dir DIR]\n\
         \n\
         store     build a workspace database and measure ingest, list, messages page, search\n\
         whatsapp  signed webhooks through the local receiver: latency to the UI event, burst throughput\n\
         email     initial sync of a generated mailbox from a loopback Dovecot vs mbsync, and new
                   mail from the IDLE notice / SMTP submission to committed
         relay     the webhook relay on loopback, fsync on: ingest vs a bare handler, forward latency,\n\
         \x20         backlog drain, memory per idle socket, disk per event; SQLite, and PostgreSQL when\n\
         \x20         BANDEJA_RELAY_TEST_PG is set (run under crates/bandeja-relay/tests/with-postgres.sh)"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        return usage();
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result = match cmd.as_str() {
        "store" => match store::Options::parse(&args[1..]) {
            Ok(opts) => rt.block_on(store::run(opts)),
            Err(e) => {
                eprintln!("{e}");
                return usage();
            }
        },
        "whatsapp" => match whatsapp::Options::parse(&args[1..]) {
            Ok(opts) => rt.block_on(whatsapp::run(opts)),
            Err(e) => {
                eprintln!("{e}");
                return usage();
            }
        },
        "email" => match email::Options::parse(&args[1..]) {
            Ok(opts) => rt.block_on(email::run(opts)),
            Err(e) => {
                eprintln!("{e}");
                return usage();
            }
        },
        "relay" => match relay::Options::parse(&args[1..]) {
            Ok(opts) => rt.block_on(relay::run(opts)),
            Err(e) => {
                eprintln!("{e}");
                return usage();
            }
        },
        _ => return usage(),
    };
    match result {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bandeja-bench {cmd}: {e:#}");
            ExitCode::FAILURE
        }
    }
}
