//! The packed form of the stored ISMS: the store envelope's JSON, compressed
//! and written as text that browser storage keeps unchanged.
//!
//! localStorage counts UTF-16 characters (about 5.2 million per site) and a
//! large ISMS is several MB of JSON, so the copy in storage is packed; the
//! exported file stays plain, readable JSON.
//!
//! A packed text is [`MARKER`], the version and a colon (`bastion-packed-1:`),
//! then the bytes below as a stream of bits (each byte most significant bit
//! first), 15 bits per character, each character `U+0800 + value`
//! (`U+0800..=U+87FF`: in the Basic Multilingual Plane, no surrogates, so a
//! Rust `String`, a JavaScript string and localStorage all keep it as it is).
//! The last character is padded with zero bits; there are exactly as many
//! characters as the bytes need.
//!
//! | bytes | content (numbers little-endian) |
//! | --- | --- |
//! | 4 | Adler-32 of all the bytes after it |
//! | 4 | length of the JSON in bytes |
//! | 4 | length of the compressed stream in bytes |
//! | n | the compressed stream |
//!
//! The compressed stream is an LZ4 block (the block format of LZ4, not its
//! frame format: the lengths and the checksum above stand in for the frame),
//! written and read by the `lz4_flex` crate: sequences of a token byte
//! (literal count in the high four bits, match length minus 4 in the low
//! four, 15 meaning "more bytes follow, each adding up to 255"), the
//! literals, a 2-byte little-endian distance back (1..=65535) and the rest
//! of the match length; the last sequence has literals only. The framing,
//! the 15-bit text and the checksum are Bastion's own.
//!
//! Stores written by the releases with a hand-written LZ77 compressor are
//! LZ4 blocks too, and read the same way
//! (`tests/fixtures/store-packed-v1-*.txt`): that compressor let matches run
//! to the very end of the block (LZ4 asks for five literals there), and
//! `lz4_flex`'s decompressor does not insist on that rule.
//!
//! [`unpack`] checks the character count and padding, the checksum (before
//! decompressing), and that the stream makes exactly the JSON length; the
//! decompressor checks every length and distance: damaged text is an error,
//! never a different text, and never a panic. The checksum covers the
//! compressed bytes rather than the JSON: a quarter of the work, and the
//! JSON follows from them.

use lz4_flex::block::{self as lz4, DecompressError};
use std::fmt;

/// What every packed text starts with (then the version and `:`).
pub const MARKER: &str = "bastion-packed-";
/// The packing this build writes and reads.
pub const VERSION: u32 = 1;

const HEADER: &str = "bastion-packed-1:";
const BASE: u32 = 0x800;
/// The binary header: checksum, JSON length, compressed length.
const HEAD: usize = 12;

/// Why a packed text could not be unpacked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompactError {
    /// The text does not start with [`MARKER`].
    NotPacked,
    /// Packed by a newer version of Bastion (the version found).
    Newer(String),
    /// The text was changed or cut: what is wrong with it.
    Damaged(&'static str),
}

impl fmt::Display for CompactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompactError::NotPacked => f.write_str("The stored data is not in Bastion's packed form."),
            CompactError::Newer(v) => write!(
                f,
                "The stored data was packed by a newer version of Bastion (packing {v}; this version reads {VERSION}). Update the app to read it."
            ),
            CompactError::Damaged(why) => write!(f, "The stored data is damaged ({why})."),
        }
    }
}

impl std::error::Error for CompactError {}

/// Whether `text` is in the packed form (of any version).
pub fn is_packed(text: &str) -> bool {
    text.starts_with(MARKER)
}

/// Packs `json` (any text) for storage.
pub fn pack(json: &str) -> String {
    let src = json.as_bytes();
    let stream = lz4::compress(src);
    let mut bin = Vec::with_capacity(HEAD + stream.len());
    bin.extend_from_slice(&[0; 4]);
    bin.extend_from_slice(&len32(src.len()).to_le_bytes());
    bin.extend_from_slice(&len32(stream.len()).to_le_bytes());
    bin.extend_from_slice(&stream);
    let sum = adler32(&bin[4..]).to_le_bytes();
    bin[..4].copy_from_slice(&sum);

    let mut out = String::with_capacity(HEADER.len() + (bin.len() * 8 / 15 + 1) * 3);
    out.push_str(HEADER);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in &bin {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            push15(&mut out, acc >> bits);
            acc &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        push15(&mut out, acc << (15 - bits));
    }
    out
}

/// The text [`pack`] was given, or why `stored` is not a whole packed text.
pub fn unpack(stored: &str) -> Result<String, CompactError> {
    let rest = stored.strip_prefix(MARKER).ok_or(CompactError::NotPacked)?;
    let (version, body) = rest
        .split_once(':')
        .ok_or(CompactError::Damaged("no version in the header"))?;
    if version != "1" {
        return match version.parse::<u32>() {
            Ok(v) if v > VERSION => Err(CompactError::Newer(version.to_string())),
            _ => Err(CompactError::Damaged("unknown version in the header")),
        };
    }

    // Every character of the alphabet is 3 bytes of UTF-8, so the body is
    // read 3 bytes at a time; any other character shows at such a boundary.
    let body = body.as_bytes();
    if !body.len().is_multiple_of(3) {
        return Err(OUTSIDE);
    }
    let mut bin = Vec::with_capacity(body.len() / 3 * 15 / 8 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for piece in body.chunks(3 * 4096) {
        unbits(piece, &mut bin, &mut acc, &mut bits)?;
    }
    let chars = body.len() / 3;
    let word = |i: usize| -> Result<usize, CompactError> {
        bin.get(i..i + 4)
            .and_then(|b| b.try_into().ok())
            .map(|b| u32::from_le_bytes(b) as usize)
            .ok_or(CompactError::Damaged("cut short"))
    };
    let (sum, raw_len, comp_len) = (word(0)?, word(4)?, word(8)?);
    let used = comp_len
        .checked_add(HEAD)
        .ok_or(CompactError::Damaged("wrong length"))?;
    // Exactly as many characters as the bytes need, padded with zeros.
    if used > bin.len() {
        return Err(CompactError::Damaged("cut short"));
    }
    if chars != used.saturating_mul(8).div_ceil(15)
        || acc != 0
        || bin[used..].iter().any(|&b| b != 0)
    {
        return Err(CompactError::Damaged("wrong length"));
    }
    if adler32(&bin[4..used]) as usize != sum {
        return Err(CompactError::Damaged("the checksum does not match"));
    }
    let comp = &bin[HEAD..used];
    // A sequence of k bytes yields at most about 255·k bytes: a larger
    // length is damage, not a reason to reserve gigabytes.
    if raw_len > comp.len().saturating_mul(256) {
        return Err(CompactError::Damaged("wrong length"));
    }
    let out = lz4::decompress(comp, raw_len).map_err(damaged)?;
    if out.len() != raw_len {
        return Err(CompactError::Damaged("shorter than its length says"));
    }
    String::from_utf8(out).map_err(|_| CompactError::Damaged("not valid text"))
}

const OUTSIDE: CompactError = CompactError::Damaged("a character outside the packed alphabet");

/// Appends the 15-bit values of `piece` (whole characters) to `bin`. Called
/// piece by piece so that the browser's optimising compiler takes it over
/// early in a long text (a single long call would run unoptimised).
fn unbits(
    piece: &[u8],
    bin: &mut Vec<u8>,
    acc: &mut u32,
    bits: &mut u32,
) -> Result<(), CompactError> {
    for c in piece.chunks_exact(3) {
        let v = ((u32::from(c[0]) & 0x0F) << 12
            | (u32::from(c[1]) & 0x3F) << 6
            | (u32::from(c[2]) & 0x3F))
            .wrapping_sub(BASE);
        if c[0] & 0xF0 != 0xE0 || v > 0x7FFF {
            return Err(OUTSIDE);
        }
        *acc = (*acc << 15) | v;
        *bits += 15;
        while *bits >= 8 {
            *bits -= 8;
            bin.push((*acc >> *bits) as u8);
        }
        *acc &= (1 << *bits) - 1;
    }
    Ok(())
}

fn len32(n: usize) -> u32 {
    // A text of 4 GiB or more cannot exist in a 32-bit browser; natively its
    // length saturates and `unpack` reports it as damaged.
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn push15(out: &mut String, v: u32) {
    if let Some(c) = char::from_u32(BASE + (v & 0x7FFF)) {
        out.push(c);
    }
}

/// Adler-32 (RFC 1950).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// What the decompressor found wrong, as damage. Reached only when the
/// checksum matched: a forged stream, or damage the checksum missed.
fn damaged(e: DecompressError) -> CompactError {
    CompactError::Damaged(match e {
        DecompressError::OutputTooSmall { .. } => "longer than its length says",
        DecompressError::OffsetZero | DecompressError::OffsetOutOfBounds => {
            "a reference before the start"
        }
        DecompressError::LiteralOutOfBounds | DecompressError::ExpectedAnotherByte => "cut short",
        _ => "not a valid compressed stream",
    })
}
