//! Command-line paths to the files they stand for: files as given,
//! directories walked in name order (hidden entries skipped).

use std::path::{Path, PathBuf};

use crate::error::IngestError;

/// Expands files and directories into a sorted list of files. A path
/// that cannot be read becomes an error entry, so that one bad path does
/// not stop the batch.
pub(crate) fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, IngestError>> {
    let mut out = Vec::new();
    for p in paths {
        walk(p, &mut out);
    }
    out
}

fn walk(p: &Path, out: &mut Vec<Result<PathBuf, IngestError>>) {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(p) {
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                for c in children {
                    let hidden = c
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'));
                    if !hidden {
                        walk(&c, out);
                    }
                }
            }
            Err(source) => out.push(Err(IngestError::Read {
                path: p.to_owned(),
                source,
            })),
        },
        Ok(_) => out.push(Ok(p.to_owned())),
        Err(source) => out.push(Err(IngestError::Read {
            path: p.to_owned(),
            source,
        })),
    }
}

/// Reads one file.
pub(crate) fn read(p: &Path) -> Result<Vec<u8>, IngestError> {
    std::fs::read(p).map_err(|source| IngestError::Read {
        path: p.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn directories_expand_in_order_and_missing_paths_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        std::fs::write(dir.path().join(".hidden"), "h").unwrap();
        let out = super::expand(&[dir.path().to_owned(), dir.path().join("missing.txt")]);
        let names: Vec<String> = out
            .iter()
            .map(|r| match r {
                Ok(p) => p.file_name().unwrap().to_string_lossy().into_owned(),
                Err(e) => format!("error: {e}"),
            })
            .collect();
        assert_eq!(names[..2], ["a.txt".to_string(), "b.txt".to_string()]);
        assert!(names[2].starts_with("error:") && names[2].contains("missing.txt"));
    }
}
