//! Feature hashing shared by the taggers: a fast, platform-independent 64-bit hash for strings and
//! feature templates, and a hasher for maps whose keys are already hashes. Model files store these
//! hashes, so they must never change.

use std::hash::{BuildHasherDefault, Hasher};

/// Combines a hash with a value (FxHash's step).
#[inline]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// Final avalanche (MurmurHash3's fmix64), so low bits are good hash-table indices.
#[inline]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A platform-independent string hash (the model file depends on it staying the same).
pub fn hash_str(seed: u64, s: &str) -> u64 {
    let mut h = mix(seed, s.len() as u64);
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().unwrap()));
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    finish(mix(h, u64::from_le_bytes(tail)))
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type IdHasher = BuildHasherDefault<PassThrough>;
