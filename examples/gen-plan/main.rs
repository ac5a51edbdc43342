//! `gen-plan`: writes a large, realistic, reproducible plan for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen-plan -- --sections 1000 --measures 20 --notes 200000 --seed 1 /tmp/big
//! plan --plan /tmp/big/plan check
//! ```
//!
//! The same options give the same bytes. See `generate.rs` for what is written.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

mod generate;

/// Write OUT/plan/: a plan laid out like the shipped one, with SECTIONS
/// sections of MEASURES measures each and NOTES progress notes.
#[derive(Debug, Parser)]
#[command(
    name = "gen-plan",
    after_help = "Example:\n  cargo run --release --example gen-plan -- --sections 1000 --measures 20 --notes 200000 --seed 1 /tmp/big"
)]
struct Args {
    /// Sections, numbered 1..=N
    #[arg(long, default_value_t = 100)]
    sections: u32,

    /// Measures per section, split between the parties (at most 46 each)
    #[arg(long, default_value_t = 20)]
    measures: usize,

    /// Progress notes, spread over the sections and the fiscal year
    #[arg(long, default_value_t = 20_000)]
    notes: u64,

    /// Seed of every random choice: the same seed gives the same bytes
    #[arg(long, default_value_t = 1)]
    seed: u64,

    /// The plan directory whose texts, plan.toml and schemas are used
    #[arg(long, value_name = "DIR", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/plan"))]
    from: PathBuf,

    /// Where to write: OUT/plan/ must not exist yet, or be empty
    #[arg(value_name = "OUT")]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = generate::Options {
        sections: args.sections,
        measures: args.measures,
        notes: args.notes,
        seed: args.seed,
    };
    let start = Instant::now();
    match generate::generate(&args.from, &args.out, &opts) {
        Ok(summary) => {
            eprintln!(
                "wrote {}: {} sections, {} measures ({} sub-items), {} notes, {:.1} MB in {:.2} s",
                args.out.join("plan").display(),
                opts.sections,
                summary.measures,
                summary.items,
                summary.notes,
                summary.bytes as f64 / 1e6,
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-plan: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
