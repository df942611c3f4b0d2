//! Snapshots: insta `.snap` files holding a case's expected transcript.
//!
//! `cargo test` records and checks them through insta (accept new ones
//! with `cargo insta review` or `INSTA_UPDATE=always`); the runner only
//! reads them, with [`content`].

/// The snapshot text of a `.snap` file: what follows its `---` header,
/// without trailing newlines. `None` if the file has no header.
pub fn content(file: &str) -> Option<String> {
    let file = file.replace("\r\n", "\n");
    let mut lines = file.split_inclusive('\n');
    if lines.next()? != "---\n" {
        return None;
    }
    let mut offset = 4;
    for line in lines {
        offset += line.len();
        if line == "---\n" || line == "---" {
            return Some(file[offset..].trim_end_matches('\n').to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_content_after_the_header() {
        let snap = "---\nsource: harness/tests/corpus.rs\nexpression: transcript\n---\nsay 5\npeer: accepted\n";
        assert_eq!(content(snap).as_deref(), Some("say 5\npeer: accepted"));
        assert_eq!(content("---\n---\nx\n").as_deref(), Some("x"));
        assert_eq!(content("say 5"), None);
    }
}
