//! BERT for token classification, written with differentiable candle operations so that the same
//! code runs inference and fine-tuning. Layer norm is built from primitives (candle's fused layer
//! norm has no backward pass); weights keep their Hugging Face names (`bert.encoder.layer.0…`,
//! `classifier.weight`), so a checkpoint saved here loads anywhere.

use std::collections::BTreeMap;

use candle_core::{D, DType, Layout, Module, Result, Tensor};
use candle_nn::{Embedding, Linear, VarBuilder};
use serde::{Deserialize, Serialize};

fn default_eps() -> f64 {
    1e-12
}
fn default_dropout() -> f64 {
    0.1
}
fn default_act() -> String {
    "gelu".into()
}

/// The fields of a Hugging Face `config.json` that a BERT token classifier needs; the rest of the
/// file is kept in `extra` and written back unchanged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BertConfig {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    #[serde(default = "default_act")]
    pub hidden_act: String,
    #[serde(default = "default_dropout")]
    pub hidden_dropout_prob: f64,
    #[serde(default = "default_dropout")]
    pub attention_probs_dropout_prob: f64,
    pub max_position_embeddings: usize,
    #[serde(default)]
    pub type_vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    #[serde(default)]
    pub pad_token_id: u32,
    #[serde(default)]
    pub id2label: BTreeMap<String, String>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl BertConfig {
    /// Label names by id.
    pub fn labels(&self) -> Vec<String> {
        let mut pairs: Vec<(usize, &String)> = self
            .id2label
            .iter()
            .filter_map(|(k, v)| k.parse().ok().map(|k| (k, v)))
            .collect();
        pairs.sort();
        pairs.into_iter().map(|(_, v)| v.clone()).collect()
    }

    /// How many pieces of neighbouring sentences the model was trained to read together (see
    /// `layout`); 0, one sentence at a time, for checkpoints that do not say.
    pub fn context_pieces(&self) -> usize {
        self.extra
            .get("whosaid_context_pieces")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0) as usize
    }

    /// Whether token type ids carry word casing (see `casing_class`).
    pub fn casing_types(&self) -> bool {
        self.type_vocab_size >= 4
            && self
                .extra
                .get("whosaid_token_types")
                .and_then(|v| v.as_str())
                == Some("casing")
    }
}

/// Layer normalisation from primitive, differentiable operations.
struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f64,
}

impl LayerNorm {
    fn new(size: usize, eps: f64, vb: VarBuilder) -> Result<Self> {
        let weight = vb.get_with_hints(size, "weight", candle_nn::Init::Const(1.0))?;
        let bias = vb.get_with_hints(size, "bias", candle_nn::Init::Const(0.0))?;
        Ok(LayerNorm { weight, bias, eps })
    }

    /// Differentiable when training; candle's fused kernel (same result, no backward pass) when
    /// not.
    fn forward(&self, x: &Tensor, train: bool) -> Result<Tensor> {
        if !train {
            return candle_nn::ops::layer_norm(x, &self.weight, &self.bias, self.eps as f32);
        }
        let mean = x.mean_keepdim(D::Minus1)?;
        let centred = x.broadcast_sub(&mean)?;
        let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
        let normed = centred.broadcast_div(&(var + self.eps)?.sqrt()?)?;
        normed
            .broadcast_mul(&self.weight)?
            .broadcast_add(&self.bias)
    }
}

/// A linear layer over the last dimension as one two-dimensional matrix product (`[b * s, in]` by
/// `[in, out]`): one large product keeps the matrix kernel busy on every core, where a batched
/// product of many small matrices does not.
fn linear(l: &Linear, x: &Tensor) -> Result<Tensor> {
    let dims = x.dims().to_vec();
    let (rows, inner) = (
        dims[..dims.len() - 1].iter().product::<usize>(),
        dims[dims.len() - 1],
    );
    let y = x.reshape((rows, inner))?.matmul(&l.weight().t()?)?;
    let y = match l.bias() {
        Some(b) => y.broadcast_add(b)?,
        None => y,
    };
    let mut out = dims;
    *out.last_mut().unwrap() = y.dim(1)?;
    y.reshape(out)
}

/// The error function as a ratio of two polynomials on [-4, 4] (the approximation Eigen and
/// XNNPACK use; within 1e-6 of libm's `erff`). Unlike libm's branchy scalar code, a loop of it
/// vectorises, and GELU was the largest cost after the matrix products.
#[inline(always)]
pub fn erf_approx(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2.mul_add(-2.726_142_3e-10, 2.770_681_4e-8);
    for c in [
        -2.101_024e-6,
        -5.692_506_4e-5,
        -7.349_906_3e-4,
        -2.954_6e-3,
        -1.609_603_3e-2,
    ] {
        p = x2.mul_add(p, c);
    }
    let mut q = x2.mul_add(-1.456_607_2e-5, -2.133_740_6e-4);
    for c in [-1.682_827e-3, -7.373_329e-3, -1.426_474e-2] {
        q = x2.mul_add(q, c);
    }
    x * p / q
}

fn gelu_slice(xs: &mut [f32]) {
    for x in xs {
        *x *= 0.5 * (1.0 + erf_approx(*x * std::f32::consts::FRAC_1_SQRT_2));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn gelu_slice_avx2(xs: &mut [f32]) {
    gelu_slice(xs)
}

/// GELU (the exact, erf form) in place, for inference.
struct FastGelu;

impl candle_core::InplaceOp1 for FastGelu {
    fn name(&self) -> &'static str {
        "fast-gelu"
    }

    fn cpu_fwd(&self, storage: &mut candle_core::CpuStorage, layout: &Layout) -> Result<()> {
        let (candle_core::CpuStorage::F32(data), Some((start, end))) =
            (storage, layout.contiguous_offsets())
        else {
            candle_core::bail!("fast-gelu: contiguous f32 tensors only");
        };
        let xs = &mut data[start..end];
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            // Safety: the features were just detected.
            unsafe { gelu_slice_avx2(xs) };
            return Ok(());
        }
        gelu_slice(xs);
        Ok(())
    }
}

fn dropout(x: &Tensor, p: f64, train: bool) -> Result<Tensor> {
    if train && p > 0.0 {
        candle_nn::ops::dropout(x, p as f32)
    } else {
        Ok(x.clone())
    }
}

struct Embeddings {
    word: Embedding,
    position: Embedding,
    token_type: Embedding,
    norm: LayerNorm,
    dropout: f64,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    out_norm: LayerNorm,
}

pub struct BertForTokenClassification {
    embeddings: Embeddings,
    layers: Vec<Layer>,
    classifier: Linear,
    heads: usize,
    head_size: usize,
    hidden_dropout: f64,
    attention_dropout: f64,
    gelu_tanh: bool,
}

/// The inputs of one batch: `[batch, seq]` tensors of piece ids, token type ids and an attention
/// mask (1 for real pieces, 0 for padding).
pub struct Batch {
    pub input_ids: Tensor,
    pub token_type_ids: Tensor,
    pub attention_mask: Tensor,
}

impl BertForTokenClassification {
    /// Builds the model from `vb`, whose root holds `bert.*` and `classifier.*`.
    pub fn new(cfg: &BertConfig, num_labels: usize, vb: VarBuilder) -> Result<Self> {
        let h = cfg.hidden_size;
        let b = vb.pp("bert");
        let e = b.pp("embeddings");
        let embeddings = Embeddings {
            word: candle_nn::embedding(cfg.vocab_size, h, e.pp("word_embeddings"))?,
            position: candle_nn::embedding(
                cfg.max_position_embeddings,
                h,
                e.pp("position_embeddings"),
            )?,
            token_type: candle_nn::embedding(
                cfg.type_vocab_size.max(1),
                h,
                e.pp("token_type_embeddings"),
            )?,
            norm: LayerNorm::new(h, cfg.layer_norm_eps, e.pp("LayerNorm"))?,
            dropout: cfg.hidden_dropout_prob,
        };
        let mut layers = Vec::with_capacity(cfg.num_hidden_layers);
        for i in 0..cfg.num_hidden_layers {
            let l = b.pp(format!("encoder.layer.{i}"));
            let a = l.pp("attention");
            layers.push(Layer {
                query: candle_nn::linear(h, h, a.pp("self.query"))?,
                key: candle_nn::linear(h, h, a.pp("self.key"))?,
                value: candle_nn::linear(h, h, a.pp("self.value"))?,
                attn_out: candle_nn::linear(h, h, a.pp("output.dense"))?,
                attn_norm: LayerNorm::new(h, cfg.layer_norm_eps, a.pp("output.LayerNorm"))?,
                intermediate: candle_nn::linear(
                    h,
                    cfg.intermediate_size,
                    l.pp("intermediate.dense"),
                )?,
                output: candle_nn::linear(cfg.intermediate_size, h, l.pp("output.dense"))?,
                out_norm: LayerNorm::new(h, cfg.layer_norm_eps, l.pp("output.LayerNorm"))?,
            });
        }
        let classifier = candle_nn::linear(h, num_labels, vb.pp("classifier"))?;
        Ok(BertForTokenClassification {
            embeddings,
            layers,
            classifier,
            heads: cfg.num_attention_heads,
            head_size: h / cfg.num_attention_heads,
            hidden_dropout: cfg.hidden_dropout_prob,
            attention_dropout: cfg.attention_probs_dropout_prob,
            gelu_tanh: matches!(
                cfg.hidden_act.as_str(),
                "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast"
            ),
        })
    }

    /// Label scores, `[batch, seq, labels]`. Dropout is applied when `train` is set.
    pub fn forward(&self, batch: &Batch, train: bool) -> Result<Tensor> {
        let (b, s) = batch.input_ids.dims2()?;
        let pos: Vec<u32> = (0..s as u32).collect();
        let pos = Tensor::new(pos.as_slice(), batch.input_ids.device())?;
        let e = &self.embeddings;
        let x = e
            .word
            .forward(&batch.input_ids)?
            .broadcast_add(&e.position.forward(&pos)?)?
            .add(&e.token_type.forward(&batch.token_type_ids)?)?;
        let mut x = dropout(&e.norm.forward(&x, train)?, e.dropout, train)?;
        // Additive mask: 0 where attending is allowed, a large negative number on padding.
        let mask = ((batch.attention_mask.to_dtype(DType::F32)? - 1.0)? * 10_000.0)?
            .reshape((b, 1, 1, s))?;
        for l in &self.layers {
            x = self.layer(l, &x, &mask, train)?;
        }
        self.classifier
            .forward(&dropout(&x, self.hidden_dropout, train)?)
    }

    fn layer(&self, l: &Layer, x: &Tensor, mask: &Tensor, train: bool) -> Result<Tensor> {
        let (b, s, h) = x.dims3()?;
        let split = |t: Tensor| -> Result<Tensor> {
            t.reshape((b, s, self.heads, self.head_size))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(linear(&l.query, x)?)?;
        let k = split(linear(&l.key, x)?)?;
        let v = split(linear(&l.value, x)?)?;
        let scores = (q.matmul(&k.t()?)? / (self.head_size as f64).sqrt())?.broadcast_add(mask)?;
        let probs = if train {
            let p = candle_nn::ops::softmax(&scores, D::Minus1)?;
            dropout(&p, self.attention_dropout, train)?
        } else {
            candle_nn::ops::softmax_last_dim(&scores)?
        };
        let ctx = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((b, s, h))?;
        let attn = dropout(&linear(&l.attn_out, &ctx)?, self.hidden_dropout, train)?;
        let x = l.attn_norm.forward(&(attn + x)?, train)?;
        let inter = linear(&l.intermediate, &x)?;
        let inter = if self.gelu_tanh {
            inter.gelu()?
        } else if train {
            inter.gelu_erf()?
        } else {
            // `linear` returns a fresh tensor that nothing else holds.
            inter.inplace_op1(&FastGelu)?;
            inter
        };
        let out = dropout(&linear(&l.output, &inter)?, self.hidden_dropout, train)?;
        l.out_norm.forward(&(out + x)?, train)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_gelu_matches_the_exact_one() {
        let xs: Vec<f32> = (-1000..=1000).map(|i| i as f32 / 100.0).collect();
        let t = Tensor::new(xs.as_slice(), &candle_core::Device::Cpu).unwrap();
        let exact = t.gelu_erf().unwrap().to_vec1::<f32>().unwrap();
        let fast = t.copy().unwrap();
        fast.inplace_op1(&FastGelu).unwrap();
        for ((x, e), f) in xs.iter().zip(exact).zip(fast.to_vec1::<f32>().unwrap()) {
            assert!((e - f).abs() < 2e-6, "gelu({x}): {e} vs {f}");
        }
        let erf = t.erf().unwrap().to_vec1::<f32>().unwrap();
        for (x, e) in xs.iter().zip(erf) {
            assert!((erf_approx(*x) - e).abs() < 1e-6, "erf({x})");
        }
    }
}
