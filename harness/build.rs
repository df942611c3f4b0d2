//! Embeds the corpus (`cases/`), the adapters and the shim libraries in the
//! binary, so an installed `srfi106-conform` needs no other file. Writes
//! `embedded.rs`: one `(relative path, contents)` table per directory.
//! (Shared objects a shim's setup step builds in place are not shipped.)

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if !path.extension().is_some_and(|e| e == "new" || e == "pending-snap" || e == "so") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn table(code: &mut String, name: &str, root: &Path) {
    println!("cargo:rerun-if-changed={}", root.display());
    writeln!(code, "pub static {name}: &[(&str, &str)] = &[").expect("write");
    for path in files(root) {
        let rel = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
        writeln!(code, "    ({rel:?}, include_str!({:?})),", path.display().to_string()).expect("write");
    }
    writeln!(code, "];").expect("write");
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let top = manifest.parent().expect("the harness is in the workspace").to_path_buf();
    let mut code = String::new();
    table(&mut code, "CASES", &top.join("cases"));
    table(&mut code, "ADAPTERS", &top.join("conformance/adapters"));
    table(&mut code, "SHIMS", &top.join("conformance/shims"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(out, code).expect("write embedded.rs");
}
