//! Fuzz target: see `srfi106_reference::fuzzing::read`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    srfi106_reference::fuzzing::read(data);
});
