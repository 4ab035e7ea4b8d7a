//! The partner's logo: a PNG or JPEG, checked for size and dimensions from its own header.

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::problem::{ProblemCode, Problems};

pub const MAX_BYTES: usize = 512 * 1024;
pub const MIN_PIXELS: u32 = 16;
pub const MAX_PIXELS: u32 = 4000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Logo {
    /// `image/png` or `image/jpeg`.
    pub mime: String,
    /// The image file, base64.
    pub data: String,
}

impl Logo {
    pub fn from_bytes(bytes: &[u8]) -> Logo {
        let mime = if bytes.starts_with(b"\xFF\xD8") { "image/jpeg" } else { "image/png" };
        Logo {
            mime: mime.to_owned(),
            data: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    pub fn bytes(&self) -> Option<Vec<u8>> {
        base64::engine::general_purpose::STANDARD.decode(self.data.trim()).ok()
    }

    /// Width and height in pixels, read from the PNG or JPEG header.
    pub fn dimensions(&self) -> Option<(u32, u32)> {
        let bytes = self.bytes()?;
        match self.mime.as_str() {
            "image/png" => png_size(&bytes),
            "image/jpeg" => jpeg_size(&bytes),
            _ => None,
        }
    }

    pub(crate) fn check(&self, field: &str, p: &mut Problems) {
        let Some(bytes) = self.bytes() else {
            return p.add(field, ProblemCode::LogoFormat);
        };
        if bytes.len() > MAX_BYTES {
            return p.add_with(
                field,
                ProblemCode::LogoTooLarge,
                &[("max", (MAX_BYTES / 1024).to_string())],
            );
        }
        match self.dimensions() {
            None => p.add(field, ProblemCode::LogoFormat),
            Some((w, h)) if [w, h].iter().any(|d| !(MIN_PIXELS..=MAX_PIXELS).contains(d)) => p
                .add_with(
                    field,
                    ProblemCode::LogoDimensions,
                    &[("min", MIN_PIXELS.to_string()), ("max", MAX_PIXELS.to_string())],
                ),
            Some(_) => {}
        }
    }
}

fn png_size(b: &[u8]) -> Option<(u32, u32)> {
    if !b.starts_with(b"\x89PNG\r\n\x1a\n") || b.len() < 24 || &b[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
    Some((w, h))
}

fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    if !b.starts_with(b"\xFF\xD8") {
        return None;
    }
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        // Start-of-frame markers carry the size (not DHT C4, JPG C8, DAC CC).
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let h = u32::from(u16::from_be_bytes([b[i + 5], b[i + 6]]));
            let w = u32::from(u16::from_be_bytes([b[i + 7], b[i + 8]]));
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}
