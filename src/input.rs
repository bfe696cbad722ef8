//! Reading input files. Text that is not valid UTF-8 is decoded lossily, with a warning naming the
//! file, so one bad byte never costs a whole document.

use std::path::Path;

/// Reads a file as text, replacing invalid UTF-8 with U+FFFD and warning on stderr when it does.
pub fn read_text_lossy(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(decode_lossy(bytes, &path.display().to_string()))
}

/// Decodes bytes as UTF-8, lossily, warning with `name` when bytes had to be replaced.
pub fn decode_lossy(bytes: Vec<u8>, name: &str) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.into_bytes();
            let at = std::str::from_utf8(&bytes)
                .err()
                .map(|e| e.valid_up_to())
                .unwrap_or(0);
            eprintln!("warning: {name}: invalid UTF-8 (first at byte {at}); replaced with U+FFFD");
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}
