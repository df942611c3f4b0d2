//! Fuzz target: see `srfi106_reference::fuzzing::flags`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    srfi106_reference::fuzzing::flags(data);
});
