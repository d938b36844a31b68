#![cfg(not(target_arch = "wasm32"))]
//! The packed form of the stored ISMS: every text comes back exactly, the
//! packed text uses only characters browser storage keeps as they are, and
//! damage is an error, never a different text and never a panic.

use isms::core::file::format;
use isms::core::file::pack::{is_packed, pack, unpack, CompactError, MARKER};
use isms::core::sample;
use proptest::prelude::*;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// Every character after the header is in U+0800..=U+87FF.
fn assert_alphabet(packed: &str) {
    let body = packed.strip_prefix("bastion-packed-1:").expect("header");
    for c in body.chars() {
        assert!(('\u{800}'..='\u{87FF}').contains(&c), "{:X}", c as u32);
    }
}

fn round_trip(text: &str) -> String {
    let packed = pack(text);
    assert!(is_packed(&packed));
    assert_alphabet(&packed);
    assert_eq!(unpack(&packed).as_deref(), Ok(text));
    packed
}

/// A deterministic pseudo-random generator (xorshift64*).
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// The stored JSON of a large ISMS: 5,000 assets and 10,000 risks.
fn large_store() -> String {
    let mut isms = sample::generate(5000, 1);
    sample::add_risks(&mut isms, 10_000, 1);
    format::store(&isms, now())
}

#[test]
fn small_and_special_texts_round_trip() {
    for text in [
        "",
        "a",
        "ab",
        "abc",
        "abcd",
        "{}",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "Zoë 日本語 🚀 \u{202e}txet \u{0}nul",
        "e\u{301}\u{302}\u{303} a\u{20dd} 👩‍👩‍👧‍👦 🇬🇧 \u{FFFD}\u{FEFF}\u{D7FF}\u{E000}\u{10FFFF}",
        "\"quoted\" and 'single' and back\\slash\n\r\t",
    ] {
        round_trip(text);
    }
    let cjk: String = (0x4E00u32..0x4E00 + 3000)
        .filter_map(char::from_u32)
        .chain("🚀🚀🚀日本語日本語".chars())
        .collect();
    round_trip(&cjk);
    round_trip(&cjk.repeat(20));
}

#[test]
fn repetitive_texts_round_trip_and_shrink() {
    for n in [
        1, 3, 4, 5, 15, 16, 18, 19, 20, 255, 256, 270, 271, 300, 65_536, 200_000,
    ] {
        round_trip(&"x".repeat(n));
        round_trip(&"ab".repeat(n));
        round_trip(&"abc".repeat(n));
    }
    let packed = round_trip(&"x".repeat(1_000_000));
    assert!(packed.chars().count() < 5_000, "{}", packed.chars().count());
    let key = "{\"id\":\"A-0001\",\"name\":\"Laptop\",\"kind\":\"hardware\"},".repeat(10_000);
    let packed = round_trip(&key);
    assert!(packed.chars().count() * 50 < key.len());
}

#[test]
fn random_texts_round_trip() {
    for (n, seed) in [(1, 1), (100, 2), (70_000, 3), (300_000, 4)] {
        let bytes = noise(n, seed);
        // ASCII noise and text made of random code points.
        let ascii: String = bytes.iter().map(|&b| (b & 0x7F) as char).collect();
        round_trip(&ascii);
        let wide: String = bytes
            .chunks(3)
            .filter_map(|c| {
                let v = c.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b)) % 0x11_0000;
                char::from_u32(v)
            })
            .collect();
        round_trip(&wide);
        // Random text with repeats 100 kB apart (beyond the window) and near.
        let mixed = format!("{ascii}{wide}{ascii}{}{wide}", &ascii[..n / 2]);
        round_trip(&mixed);
    }
}

#[test]
fn the_packed_text_starts_with_its_marker() {
    let packed = pack("{\"format\":\"bastion-isms-store\"}");
    assert!(packed.starts_with(MARKER));
    assert!(packed.starts_with("bastion-packed-1:"));
    assert!(!is_packed("{\"format\":\"bastion-isms-store\"}"));
    assert!(!is_packed(""));
    assert_eq!(unpack("{\"a\":1}"), Err(CompactError::NotPacked));
    assert_eq!(unpack(""), Err(CompactError::NotPacked));
}

/// Asserts that `text` is refused with a "damaged" error.
fn assert_damaged(text: &str) {
    match unpack(text) {
        Err(CompactError::Damaged(why)) => {
            let shown = CompactError::Damaged(why).to_string();
            assert!(shown.starts_with("The stored data is damaged ("), "{shown}");
        }
        Ok(_) => panic!("a damaged text was read"),
        Err(e) => panic!("expected damage, got {e:?}"),
    }
}

#[test]
fn damage_is_detected() {
    let json = format::store(&sample::generate(40, 3), now());
    let packed = pack(&json);
    let chars: Vec<char> = packed.chars().collect();
    let header = "bastion-packed-1:".len();

    // Every truncation after the header.
    for cut in header..chars.len() {
        assert_damaged(&chars[..cut].iter().collect::<String>());
    }
    // A flipped bit in each character: an error, or (when the change only
    // makes a reference point at other, equal bytes) the very same text.
    let (mut refused, mut same) = (0, 0);
    for i in header..chars.len() {
        for bit in [0, 3, 7, 14] {
            let mut c = chars.clone();
            c[i] = char::from_u32(((c[i] as u32 - 0x800) ^ (1 << bit)) + 0x800).unwrap();
            match unpack(&c.iter().collect::<String>()) {
                Err(CompactError::Damaged(_)) => refused += 1,
                Ok(back) if back == json => same += 1,
                Ok(_) => panic!("a flipped bit in character {i} read as another text"),
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
    }
    assert!(refused > 20 * same, "{refused} refused, {same} the same");
    let mut c = chars.clone();
    c[header + 20] = 'x';
    assert_damaged(&c.iter().collect::<String>());
    let mut c = chars.clone();
    c[header + 20] = '\u{9000}';
    assert_damaged(&c.iter().collect::<String>());
    assert_damaged(&format!("{packed}\u{800}"));
    assert_damaged(&format!("{packed}\u{801}"));
    // Wrong lengths in the binary header (first seven characters).
    for i in header..header + 7 {
        let mut c = chars.clone();
        c[i] = '\u{87FF}';
        assert_damaged(&c.iter().collect::<String>());
    }
    // Headers.
    assert_damaged("bastion-packed-");
    assert_damaged("bastion-packed-1");
    assert_damaged("bastion-packed-1:");
    assert_damaged(&packed.replacen("bastion-packed-1:", "bastion-packed-x:", 1));
    assert_damaged(&packed.replacen("bastion-packed-1:", "bastion-packed-0:", 1));
    match unpack(&packed.replacen("bastion-packed-1:", "bastion-packed-2:", 1)) {
        Err(e @ CompactError::Newer(_)) => assert!(e.to_string().contains("newer version"), "{e}"),
        other => panic!("expected a newer version, got {other:?}"),
    }
}

/// The packed text of a compressed `stream` said to make `raw_len` bytes,
/// with a correct checksum: written from the format described in
/// `src/core/file/pack.rs`, and what damage the checksum missed would look
/// like to the decompressor.
fn forge(raw_len: u32, stream: &[u8]) -> String {
    let mut bin = vec![0; 4];
    bin.extend(raw_len.to_le_bytes());
    bin.extend((stream.len() as u32).to_le_bytes());
    bin.extend(stream);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &bin[4..] {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    bin[..4].copy_from_slice(&((b << 16) | a).to_le_bytes());
    let mut out = String::from("bastion-packed-1:");
    let mut push = |v: u32| out.push(char::from_u32(0x800 + (v & 0x7FFF)).unwrap());
    let (mut acc, mut bits) = (0u32, 0u32);
    for &x in &bin {
        acc = (acc << 8) | u32::from(x);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            push(acc >> bits);
            acc &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        push(acc << (15 - bits));
    }
    out
}

/// The JSON length and compressed stream inside a packed text.
fn unforge(packed: &str) -> (u32, Vec<u8>) {
    let mut bin = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in packed["bastion-packed-1:".len()..].chars() {
        acc = (acc << 15) | (c as u32 - 0x800);
        bits += 15;
        while bits >= 8 {
            bits -= 8;
            bin.push((acc >> bits) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    let word = |i: usize| u32::from_le_bytes(bin[i..i + 4].try_into().unwrap());
    let n = word(8) as usize;
    (word(4), bin[12..12 + n].to_vec())
}

#[test]
fn the_format_is_as_documented() {
    // Literals only: token 0x50, "hello", no match.
    assert_eq!(unpack(&forge(5, b"\x50hello")).as_deref(), Ok("hello"));
    // Three literals and a 6-byte match 3 back (overlapping), then the end.
    assert_eq!(
        unpack(&forge(9, b"\x32abc\x03\x00\x00")).as_deref(),
        Ok("abcabcabc")
    );
    // Lengths past 15 go on in extra bytes: 15 + 255 + 1 literals.
    let mut long = vec![0xF0, 255, 1];
    long.extend(std::iter::repeat_n(b'z', 271));
    assert_eq!(unpack(&forge(271, &long)), Ok("z".repeat(271)));
    // What pack writes reads back through the same description.
    let text = "{\"a\":1,\"a\":1,\"a\":1,\"a\":1}";
    let (n, stream) = unforge(&pack(text));
    assert_eq!(n as usize, text.len());
    assert_eq!(pack(text), forge(n, &stream));
}

#[test]
fn damaged_streams_with_a_good_checksum_are_refused() {
    for (raw_len, stream) in [
        (0u32, &b""[..]),                        // no final token
        (5, b"\x50hell"),                        // literals cut short
        (5, b"\x50hello\x00"),                   // something after the end
        (4, b"\x50hello"),                       // longer than its length
        (6, b"\x50hello"),                       // shorter than its length
        (9, b"\x32abc\x00\x00\x00"),             // distance 0
        (9, b"\x32abc\x04\x00\x00"),             // before the start
        (8, b"\x32abc\x03\x00\x00"),             // a match past the end
        (9, b"\x32abc\x03\x00"),                 // no final token
        (9, b"\x3Fabc\x03\x00"),                 // match length cut short
        (9, b"\x3Fabc\x03\x00\xFF\xFF\xFF\x00"), // match length too long
        (1, b"\x10\xFF"),                        // not UTF-8
        (u32::MAX, b"\x10a"),                    // an absurd length
    ] {
        assert!(
            matches!(
                unpack(&forge(raw_len, stream)),
                Err(CompactError::Damaged(_))
            ),
            "{raw_len} {stream:?}"
        );
    }
}

#[test]
fn a_realistic_store_packs_at_least_three_times_smaller() {
    let json = large_store();
    let started = std::time::Instant::now();
    let packed = pack(&json);
    let packed_in = started.elapsed();
    let started = std::time::Instant::now();
    let back = unpack(&packed).expect("unpacks");
    let unpacked_in = started.elapsed();
    assert!(back == json, "the text came back changed");
    assert_alphabet(&packed);
    let (json_chars, packed_chars) = (json.encode_utf16().count(), packed.encode_utf16().count());
    let ratio = json_chars as f64 / packed_chars as f64;
    println!(
        "5,000 assets, 10,000 risks: {json_chars} JSON characters ({} bytes) -> {packed_chars} packed characters, ratio {ratio:.2}; pack {packed_in:?}, unpack {unpacked_in:?} (native, this build's profile)",
        json.len()
    );
    assert!(ratio >= 3.0, "ratio {ratio:.2}");
    assert!(packed_chars < 5_242_240 / 2, "{packed_chars}");
    // The sample alone, as in the brief.
    let small = format::store(&sample::generate(5000, 1), now());
    let ratio = small.len() as f64 / pack(&small).chars().count() as f64;
    println!("5,000 assets: ratio {ratio:.2}");
    assert!(ratio >= 3.0, "ratio {ratio:.2}");
}

/// The stores written by the release with the hand-written LZ77 compressor
/// (`bastion-packed-1`, `tests/fixtures/store-packed-v1-*.txt`: the packed
/// text of `format::store` at [`now`], as `storage::save` writes it).
fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_small_store_packed_by_the_first_release_still_loads() {
    let packed = fixture("store-packed-v1-small.txt");
    let json = fixture("store-packed-v1-small.json");
    assert!(packed.starts_with("bastion-packed-1:"));
    let back = unpack(&packed).expect("the v1 store unpacks");
    assert!(back == json, "the v1 store unpacked to another text");
    let loaded = format::load(&back).expect("the v1 store loads");
    assert_eq!(loaded.exported_at.as_deref(), Some("2026-11-30T10:00:00Z"));
    // sample::generate(20, 7) and sample::add_risks(.., 30, 8).
    assert_eq!(loaded.isms.assets.len(), 20);
    assert_eq!(loaded.isms.risks.len(), 30);
    // Schema 2, upgraded on loading: the control register is added.
    assert!(json.contains("\"schema_version\":2,"));
    assert_eq!(loaded.isms.controls.len(), 93);
    // Written again (schema 3), it reads back as the same ISMS.
    let again = format::store(&loaded.isms, now());
    assert_eq!(format::load(&again).expect("loads").isms, loaded.isms);
    assert_eq!(unpack(&pack(&json)).as_deref(), Ok(json.as_str()));
}

#[test]
fn a_large_store_packed_by_the_first_release_still_loads() {
    let packed = fixture("store-packed-v1-10000-risks.txt");
    let back = unpack(&packed).expect("the v1 store unpacks");
    // Its JSON is not committed (12 MB): it was the store of
    // sample::generate(5000, 42) and sample::add_risks(.., 10_000, 43) as
    // the release of the fixture wrote it (schema 2), whose length and
    // fingerprint are these.
    assert_eq!(
        back.len(),
        12_169_953,
        "the v1 store unpacked to another text"
    );
    assert_eq!(
        isms::core::kernel::ids::fingerprint(&back),
        LARGE_FINGERPRINT,
        "the v1 store unpacked to another text"
    );
    let loaded = format::load(&back).expect("the v1 store loads");
    assert_eq!(loaded.isms.assets.len(), 5000);
    assert_eq!(loaded.isms.risks.len(), 10_000);
    assert_eq!(loaded.isms.controls.len(), 93);
    assert_eq!(unpack(&pack(&back)).as_deref(), Ok(back.as_str()));
}

/// The fingerprint of the large fixture's text, unpacked.
const LARGE_FINGERPRINT: u64 = 6_330_822_927_894_359_426;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_round_trips(text in prop_oneof![
        any::<String>(),
        "[a-c]{0,300}",
        "(\\{\"id\":\"[A-Z]-[0-9]{1,4}\",\"name\":\"[a-z ]{0,12}\"\\},?){0,80}",
        proptest::collection::vec(any::<char>(), 0..2000).prop_map(|v| v.into_iter().collect()),
    ]) {
        let packed = pack(&text);
        prop_assert!(packed.starts_with("bastion-packed-1:"));
        let in_alphabet = packed["bastion-packed-1:".len()..]
            .chars()
            .all(|c| ('\u{800}'..='\u{87FF}').contains(&c));
        prop_assert!(in_alphabet, "a character outside the alphabet");
        prop_assert_eq!(unpack(&packed), Ok(text));
    }

    #[test]
    fn damaged_text_never_panics_nor_reads_as_something_else(
        text in "[a-d{}\":,]{0,400}",
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u32..0x11_0000, 0u8..4), 1..4),
    ) {
        let packed = pack(&text);
        let mut chars: Vec<char> = packed.chars().collect();
        for (at, value, kind) in edits {
            let i = at.index(chars.len() + 1);
            let c = if kind == 0 {
                // Most edits stay inside the alphabet, past the first check.
                char::from_u32(0x800 + value % 0x8000)
            } else {
                char::from_u32(value)
            }
            .unwrap_or('\u{800}');
            match kind {
                0 | 1 if i < chars.len() => chars[i] = c,
                2 if i < chars.len() => { chars.remove(i); }
                _ => chars.insert(i.min(chars.len()), c),
            }
        }
        let damaged: String = chars.into_iter().collect();
        if damaged != packed {
            match unpack(&damaged) {
                Ok(back) => prop_assert_eq!(back, text, "a damaged text read as another"),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }

    #[test]
    fn any_stream_with_a_good_checksum_never_panics(
        raw_len in prop_oneof![0u32..64, 0u32..5000, any::<u32>()],
        stream in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        match unpack(&forge(raw_len, &stream)) {
            Ok(text) => prop_assert_eq!(text.len(), raw_len as usize),
            Err(e) => prop_assert!(matches!(e, CompactError::Damaged(_))),
        }
    }

    #[test]
    fn a_changed_stream_never_panics(
        text in "([a-e]{1,6}[{}\":,]){0,200}",
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        grow in -3i32..3,
    ) {
        let (raw_len, mut stream) = unforge(&pack(&text));
        for (at, value) in edits {
            let i = at.index(stream.len());
            stream[i] = value;
        }
        let raw_len = raw_len.saturating_add_signed(grow);
        match unpack(&forge(raw_len, &stream)) {
            Ok(back) => prop_assert_eq!(back.len(), raw_len as usize),
            Err(e) => prop_assert!(matches!(e, CompactError::Damaged(_))),
        }
    }
}
