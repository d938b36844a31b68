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
//! The compressed stream is LZ77 in the block format of LZ4: sequences of a
//! token byte (literal count in the high four bits, match length minus 4 in
//! the low four, 15 meaning "more bytes follow, each adding up to 255"), the
//! literals, a 2-byte little-endian distance back (1..=65535) and the rest
//! of the match length; the last sequence has literals only.
//!
//! [`unpack`] checks the character count and padding, the checksum (before
//! decompressing), every length and distance: damaged text is an error,
//! never a different text, and never a panic. The checksum covers the
//! compressed bytes rather than the JSON: a quarter of the work, and the
//! JSON follows from them.

use std::fmt;

/// What every packed text starts with (then the version and `:`).
pub const MARKER: &str = "bastion-packed-";
/// The packing this build writes and reads.
pub const VERSION: u32 = 1;

const HEADER: &str = "bastion-packed-1:";
const BASE: u32 = 0x800;
const MIN_MATCH: usize = 4;
const MAX_DISTANCE: usize = 65_535;
const HASH_BITS: u32 = 16;
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
    let mut bin = Vec::with_capacity(HEAD + 16 + src.len() / 3);
    bin.extend_from_slice(&[0; 4]);
    bin.extend_from_slice(&len32(src.len()).to_le_bytes());
    bin.extend_from_slice(&[0; 4]);
    compress(src, &mut bin);
    let n = len32(bin.len() - HEAD).to_le_bytes();
    bin[8..HEAD].copy_from_slice(&n);
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
    let out = decompress(comp, raw_len)?;
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

fn read4(s: &[u8], i: usize) -> u32 {
    let mut b = [0; 4];
    b.copy_from_slice(&s[i..i + 4]);
    u32::from_le_bytes(b)
}

fn read8(s: &[u8], i: usize) -> u64 {
    let mut b = [0; 8];
    b.copy_from_slice(&s[i..i + 8]);
    u64::from_le_bytes(b)
}

fn hash(x: u32) -> usize {
    (x.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// `n` in the token's 4 bits, then the rest in 255-steps.
fn put_len(out: &mut Vec<u8>, mut n: usize) {
    while n >= 255 {
        out.push(255);
        n -= 255;
    }
    out.push(n as u8);
}

fn put_sequence(out: &mut Vec<u8>, literals: &[u8], distance: usize, len: usize) {
    let lit = literals.len();
    let m = len - MIN_MATCH;
    out.push(((lit.min(15) as u8) << 4) | m.min(15) as u8);
    if lit >= 15 {
        put_len(out, lit - 15);
    }
    out.extend_from_slice(literals);
    out.extend_from_slice(&(distance as u16).to_le_bytes());
    if m >= 15 {
        put_len(out, m - 15);
    }
}

/// Greedy LZ77 with one candidate per 4-byte hash; after runs of misses it
/// steps faster, so that text that does not compress costs little time.
fn compress(src: &[u8], out: &mut Vec<u8>) {
    let n = src.len();
    let mut table = vec![0u32; 1 << HASH_BITS];
    let (mut anchor, mut i, mut misses) = (0usize, 0usize, 0usize);
    while i + MIN_MATCH <= n {
        let seq = read4(src, i);
        let h = hash(seq);
        let cand = table[h] as usize;
        table[h] = i as u32;
        if cand >= i || i - cand > MAX_DISTANCE || read4(src, cand) != seq {
            misses += 1;
            i += 1 + (misses >> 6);
            continue;
        }
        misses = 0;
        let distance = i - cand;
        let mut start = i;
        while start > anchor && start > distance && src[start - 1] == src[start - 1 - distance] {
            start -= 1;
        }
        let mut end = i + MIN_MATCH;
        while end + 8 <= n {
            let x = read8(src, end) ^ read8(src, end - distance);
            if x != 0 {
                end += (x.trailing_zeros() / 8) as usize;
                break;
            }
            end += 8;
        }
        while end < n && src[end] == src[end - distance] {
            end += 1;
        }
        put_sequence(out, &src[anchor..start], distance, end - start);
        if end + MIN_MATCH <= n {
            table[hash(read4(src, end - 2))] = (end - 2) as u32;
        }
        anchor = end;
        i = end;
    }
    let lit = n - anchor;
    out.push((lit.min(15) as u8) << 4);
    if lit >= 15 {
        put_len(out, lit - 15);
    }
    out.extend_from_slice(&src[anchor..]);
}

/// Reads the compressed stream; every read is checked.
struct Input<'a> {
    src: &'a [u8],
    at: usize,
}

const CUT: CompactError = CompactError::Damaged("cut short");
const LONG: CompactError = CompactError::Damaged("longer than its length says");

impl<'a> Input<'a> {
    fn byte(&mut self) -> Result<usize, CompactError> {
        let b = *self.src.get(self.at).ok_or(CUT)?;
        self.at += 1;
        Ok(usize::from(b))
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], CompactError> {
        let s = self
            .src
            .get(self.at..self.at.saturating_add(n))
            .ok_or(CUT)?;
        self.at += n;
        Ok(s)
    }

    /// A length whose token nibble is `n`: 15 means 255-steps follow.
    /// Anything over `max` is damage (and stops the reading early).
    fn len(&mut self, mut n: usize, max: usize) -> Result<usize, CompactError> {
        if n == 15 {
            loop {
                let b = self.byte()?;
                n += b;
                if n > max {
                    return Err(LONG);
                }
                if b != 255 {
                    break;
                }
            }
        }
        Ok(n)
    }
}

fn decompress(src: &[u8], raw_len: usize) -> Result<Vec<u8>, CompactError> {
    let mut out = Vec::with_capacity(raw_len);
    let mut input = Input { src, at: 0 };
    loop {
        let token = input.byte()?;
        let lit = input.len(token >> 4, raw_len)?;
        if out.len() + lit > raw_len {
            return Err(LONG);
        }
        out.extend_from_slice(input.bytes(lit)?);
        if out.len() == raw_len {
            // Only the last sequence has no match, and nothing follows it.
            return if token & 15 == 0 && input.at == src.len() {
                Ok(out)
            } else {
                Err(LONG)
            };
        }
        let distance = input.byte()? | input.byte()? << 8;
        if distance == 0 || distance > out.len() {
            return Err(CompactError::Damaged("a reference before the start"));
        }
        let mut len = input.len(token & 15, raw_len)? + MIN_MATCH;
        if out.len() + len > raw_len {
            return Err(LONG);
        }
        // A copy that overlaps itself repeats the last `distance` bytes:
        // copy in pieces that double, each a whole number of periods.
        let start = out.len() - distance;
        while len > 0 {
            let piece = len.min(out.len() - start);
            out.extend_from_within(start..start + piece);
            len -= piece;
        }
    }
}
