//! Reading tensors from a Hugging Face `.safetensors` file: an eight-byte header length, a JSON
//! header naming each tensor's dtype, shape and byte range, then the raw little-endian data.

use std::collections::HashMap;

use serde::Deserialize;

/// Why a tensor could not be read from a safetensors file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SafetensorsError {
    /// The file is shorter than its header says.
    #[error("file is truncated")]
    Truncated,
    /// The JSON header could not be read.
    #[error("bad header: {0}")]
    Header(String),
    /// The tensor is missing, or its entry, dtype or data are wrong.
    #[error("tensor {name:?}: {reason}")]
    Tensor { name: String, reason: String },
}

#[derive(Deserialize)]
struct TensorInfo {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// The shape and values of one F32 (or F16/BF16, widened) tensor.
pub fn tensor_f32(bytes: &[u8], name: &str) -> Result<(Vec<usize>, Vec<f32>), SafetensorsError> {
    let bad = |reason: String| SafetensorsError::Tensor {
        name: name.to_string(),
        reason,
    };
    let n = u64::from_le_bytes(
        bytes
            .get(..8)
            .ok_or(SafetensorsError::Truncated)?
            .try_into()
            .unwrap(),
    ) as usize;
    let header = bytes.get(8..8 + n).ok_or(SafetensorsError::Truncated)?;
    let mut map: HashMap<String, serde_json::Value> =
        serde_json::from_slice(header).map_err(|e| SafetensorsError::Header(e.to_string()))?;
    let info: TensorInfo = serde_json::from_value(
        map.remove(name)
            .ok_or_else(|| bad("not in the file".into()))?,
    )
    .map_err(|e| bad(e.to_string()))?;
    let data = bytes
        .get(8 + n + info.data_offsets[0]..8 + n + info.data_offsets[1])
        .ok_or_else(|| bad("runs past the end of the file".into()))?;
    let values: Vec<f32> = match info.dtype.as_str() {
        "F32" => data
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect(),
        "F16" => data
            .chunks_exact(2)
            .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
            .collect(),
        "BF16" => data
            .chunks_exact(2)
            .map(|b| f32::from_bits((u16::from_le_bytes([b[0], b[1]]) as u32) << 16))
            .collect(),
        d => {
            return Err(bad(format!("dtype {d}, expected F32, F16 or BF16")));
        }
    };
    if values.len() != info.shape.iter().product::<usize>() {
        return Err(bad(format!("data does not match shape {:?}", info.shape)));
    }
    Ok((info.shape, values))
}

fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h >> 15) as u32) << 31;
    let exp = ((h >> 10) & 0x1f) as u32;
    let frac = (h & 0x3ff) as u32;
    let bits = match (exp, frac) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: renormalise.
            let mut e = 127 - 15 + 1;
            let mut f = frac;
            while f & 0x400 == 0 {
                f <<= 1;
                e -= 1;
            }
            sign | (e << 23) | ((f & 0x3ff) << 13)
        }
        (0x1f, _) => sign | 0x7f80_0000 | (frac << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (frac << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_tensor() {
        let header = br#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1],"data_offsets":[8,10]}}"#;
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header);
        bytes.extend_from_slice(&1.5f32.to_le_bytes());
        bytes.extend_from_slice(&(-2f32).to_le_bytes());
        bytes.extend_from_slice(&0x3c00u16.to_le_bytes()); // 1.0 in f16
        assert_eq!(tensor_f32(&bytes, "a").unwrap(), (vec![2], vec![1.5, -2.0]));
        assert_eq!(tensor_f32(&bytes, "b").unwrap().1, vec![1.0]);
        assert!(matches!(
            tensor_f32(&bytes, "c"),
            Err(SafetensorsError::Tensor { name, .. }) if name == "c"
        ));
        assert_eq!(
            tensor_f32(&bytes[..4], "a"),
            Err(SafetensorsError::Truncated)
        );
    }
}
