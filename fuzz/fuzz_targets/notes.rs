//! Fuzz target `notes`: see `harness::notes`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::notes(data));
