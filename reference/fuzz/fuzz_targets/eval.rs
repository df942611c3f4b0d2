//! Fuzz target: see `srfi106_reference::fuzzing::eval`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = srfi106_reference::fuzzing::eval(data);
});
