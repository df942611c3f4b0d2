//! Temporary directories that implementations run in. An implementation
//! may write anything there, including directories it made unreadable;
//! the directory is still removed when the run is over, and a directory
//! that cannot be removed is reported, not forgotten.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A temporary directory, removed on drop.
#[derive(Debug)]
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// A new directory under the system's temporary directory, named
    /// `PREFIX…`.
    pub fn new(prefix: &str) -> Result<Scratch, Error> {
        let dir = tempfile::Builder::new()
            .prefix(prefix)
            .tempdir()
            .map_err(|e| Error::Infrastructure { message: format!("cannot create a temporary directory: {e}") })?;
        let path = dir.keep();
        crate::supervise::register_scratch(&path);
        Ok(Scratch { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Removes `dir` and everything in it, making its contents writable first
/// if it has to.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) => {
            make_writable(dir);
            std::fs::remove_dir_all(dir)
        }
    }
}

/// Gives the owner full access to `dir` and every directory below it.
fn make_writable(dir: &Path) {
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                make_writable(&entry.path());
            }
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Err(e) = remove_tree(&self.path) {
            eprintln!("{}", crate::message::cannot_remove(&self.path, &e));
        }
        crate::supervise::unregister_scratch(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_what_was_made_unwritable() {
        let s = Scratch::new("srfi106-test-").expect("scratch");
        let locked = s.path().join("a/b");
        std::fs::create_dir_all(&locked).expect("mkdir");
        std::fs::write(locked.join("f"), "x").expect("write");
        std::fs::set_permissions(s.path().join("a"), std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let path = s.path().to_path_buf();
        drop(s);
        assert!(!path.exists());
    }
}
