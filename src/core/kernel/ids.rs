//! Record identity: a stable UUID v4 on every record, plus a short human
//! reference (`A-0001`) that users can quote. Randomness is passed in.

/// Formats 16 random bytes as a UUID version 4 (RFC 9562) string.
pub fn uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// True when `s` is a lower-case hyphenated UUID (any version).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

/// `A-0001`: the prefix of the record kind and a number padded to four digits.
pub fn reference(prefix: &str, n: u32) -> String {
    format!("{prefix}-{n:04}")
}

/// Parses the number out of a reference with the given prefix.
pub fn reference_number(prefix: &str, r: &str) -> Option<u32> {
    r.strip_prefix(prefix)?.strip_prefix('-')?.parse().ok()
}

/// A 64-bit fingerprint of a text (FNV-1a, with its length): to notice that
/// a text changed, not to protect it.
pub fn fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ text.len() as u64;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_has_version_and_variant_bits() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(is_uuid(&id));
        let id = uuid_v4([0; 16]);
        assert_eq!(id, "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn is_uuid_rejects_malformed() {
        assert!(!is_uuid(""));
        assert!(!is_uuid("ffffffff-ffff-4fff-bfff-fffffffffff"));
        assert!(!is_uuid("FFFFFFFF-ffff-4fff-bfff-ffffffffffff"));
        assert!(!is_uuid("ffffffffxffff-4fff-bfff-ffffffffffff"));
    }

    #[test]
    fn references_round_trip() {
        assert_eq!(reference("A", 1), "A-0001");
        assert_eq!(reference("A", 12345), "A-12345");
        assert_eq!(reference_number("A", "A-0042"), Some(42));
        assert_eq!(reference_number("A", "P-0042"), None);
        assert_eq!(reference_number("A", "A0042"), None);
    }

    #[test]
    fn fingerprints_tell_texts_apart() {
        assert_eq!(fingerprint("abc"), fingerprint("abc"));
        assert_ne!(fingerprint("abc"), fingerprint("abd"));
        assert_ne!(fingerprint(""), fingerprint("\0"));
        // The FNV-1a offset basis mixed with the length 0.
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
    }
}
