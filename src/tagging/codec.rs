//! The binary model files of the fast taggers: a header (magic bytes and a format version),
//! little-endian values read with bounds checks, and saving through a temporary file so a failed
//! save never leaves half a model.

use std::collections::HashMap;
use std::path::Path;

use super::hash::IdHasher;

/// A model file that could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file's name.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file's bytes are not a model of the expected kind.
    #[error("{path}: not a whosaid {kind} model ({reason})")]
    Format {
        /// The file's name.
        path: String,
        /// The kind of model expected (`POS`, `linear NER`).
        kind: &'static str,
        /// Why decoding failed.
        reason: DecodeError,
    },
}

/// Why the bytes of a model file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file ends before a value it announces.
    #[error("file is truncated")]
    Truncated,
    /// The file does not start with the magic bytes of this kind of model.
    #[error("bad magic bytes")]
    Magic,
    /// The file was written by another version of the format.
    #[error("format version {found}, this build reads {expected}")]
    Version {
        /// The version in the file.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// A value is out of range or the parts disagree.
    #[error("{0}")]
    Invalid(String),
}

/// Writes a file through a temporary sibling and a rename, so a failed save never leaves half a
/// model behind.
pub(crate) fn save_atomically(path: &Path, bytes: &[u8]) -> Result<(), ModelError> {
    use std::io::Write;
    let io = |source| ModelError::Io {
        path: path.display().to_string(),
        source,
    };
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

pub(crate) fn read_model(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|source| ModelError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Starts a model file: 16 magic bytes naming the kind of model, then the format version.
pub(crate) fn write_header(out: &mut Vec<u8>, magic: &[u8; 16], version: u32) {
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
}

/// Reads a model file and parses it, naming the file and the kind of model in errors.
pub(crate) fn load_file<T>(
    path: &Path,
    kind: &'static str,
    parse: impl FnOnce(&[u8]) -> Result<T, DecodeError>,
) -> Result<T, ModelError> {
    parse(&read_model(path)?).map_err(|reason| ModelError::Format {
        path: path.display().to_string(),
        kind,
        reason,
    })
}

/// Reads little-endian values from a byte slice, failing cleanly on truncation.
#[derive(Clone)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(DecodeError::Truncated)?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    pub(crate) fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, DecodeError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    /// Checks the header written by `write_header`.
    pub(crate) fn header(&mut self, magic: &[u8; 16], version: u32) -> Result<(), DecodeError> {
        if self.take(magic.len())? != magic {
            return Err(DecodeError::Magic);
        }
        let found = self.u32()?;
        if found != version {
            return Err(DecodeError::Version {
                found,
                expected: version,
            });
        }
        Ok(())
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

/// Appends a hash-to-byte map, sorted so that equal maps give equal bytes.
pub(crate) fn encode_map(map: &HashMap<u64, u8, IdHasher>, out: &mut Vec<u8>) {
    let mut entries: Vec<(u64, u8)> = map.iter().map(|(&k, &v)| (k, v)).collect();
    entries.sort_unstable();
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (k, v) in entries {
        out.extend_from_slice(&k.to_le_bytes());
        out.push(v);
    }
}

pub(crate) fn decode_map(r: &mut Reader<'_>) -> Result<HashMap<u64, u8, IdHasher>, DecodeError> {
    let n = r.u32()? as usize;
    let mut map = HashMap::with_capacity_and_hasher(n.min(1 << 24), IdHasher::default());
    for _ in 0..n {
        let k = r.u64()?;
        map.insert(k, r.u8()?);
    }
    Ok(map)
}
