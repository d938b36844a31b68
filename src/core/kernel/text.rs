//! Text as lists use it: case-insensitive search and comparison, and the
//! one stable sort every list ends in.

use std::cmp::Ordering;

/// Lower-cases text for case-insensitive search, sorting and duplicate
/// checks: every character as `char::to_lowercase` lowers it (all of
/// Unicode; a test checks each character), but from [`LOWER`], the same
/// mapping as 185 runs of characters, rather than the standard library's
/// tables of every pair: with its upper-case twin those were 25 KB of the
/// WebAssembly's data (8 KB brotli), the runs are 2 KB. Unlike
/// `str::to_lowercase`, a final capital sigma lowers to σ like any other
/// (so "ΟΔΟΣ" and "οδοσ" match).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\u{130}' {
            // The one capital that lowers to two characters: i and a dot above.
            out.push_str("i\u{307}");
        } else {
            out.push(lower_char(c));
        }
    }
    out
}

/// One character of [`fold`] (not U+0130).
fn lower_char(c: char) -> char {
    let u = c as u32;
    let k = LOWER.partition_point(|r| r.0 <= u);
    let Some(&(first, n, delta)) = k.checked_sub(1).and_then(|k| LOWER.get(k)) else {
        return c;
    };
    let (count, step) = (u32::from(n >> 1), u32::from(n & 1) + 1);
    let at = u - first;
    if at % step == 0 && at / step < count {
        char::from_u32(u.wrapping_add_signed(delta)).unwrap_or(c)
    } else {
        c
    }
}

/// Characters whose lower case is one character at a fixed distance, as
/// runs: (first character, count << 1 | step - 1, distance), step 1 or 2
/// (upper and lower case alternating). Generated from the standard
/// library's `char::to_lowercase` (Rust 1.95, Unicode 16); the test
/// `fold_lowercases_every_character_like_std` holds it to that.
#[rustfmt::skip]
const LOWER: [(u32, u16, i32); 185] = [
(0x41, 52, 32), (0xc0, 46, 32), (0xd8, 14, 32), (0x100, 49, 1),
(0x132, 7, 1), (0x139, 17, 1), (0x14a, 47, 1), (0x178, 2, -121),
(0x179, 7, 1), (0x181, 2, 210), (0x182, 5, 1), (0x186, 2, 206),
(0x187, 2, 1), (0x189, 4, 205), (0x18b, 2, 1), (0x18e, 2, 79),
(0x18f, 2, 202), (0x190, 2, 203), (0x191, 2, 1), (0x193, 2, 205),
(0x194, 2, 207), (0x196, 2, 211), (0x197, 2, 209), (0x198, 2, 1),
(0x19c, 2, 211), (0x19d, 2, 213), (0x19f, 2, 214), (0x1a0, 7, 1),
(0x1a6, 2, 218), (0x1a7, 2, 1), (0x1a9, 2, 218), (0x1ac, 2, 1),
(0x1ae, 2, 218), (0x1af, 2, 1), (0x1b1, 4, 217), (0x1b3, 5, 1),
(0x1b7, 2, 219), (0x1b8, 2, 1), (0x1bc, 2, 1), (0x1c4, 2, 2),
(0x1c5, 2, 1), (0x1c7, 2, 2), (0x1c8, 2, 1), (0x1ca, 2, 2),
(0x1cb, 19, 1), (0x1de, 19, 1), (0x1f1, 2, 2), (0x1f2, 5, 1),
(0x1f6, 2, -97), (0x1f7, 2, -56), (0x1f8, 41, 1), (0x220, 2, -130),
(0x222, 19, 1), (0x23a, 2, 10795), (0x23b, 2, 1), (0x23d, 2, -163),
(0x23e, 2, 10792), (0x241, 2, 1), (0x243, 2, -195), (0x244, 2, 69),
(0x245, 2, 71), (0x246, 11, 1), (0x370, 5, 1), (0x376, 2, 1),
(0x37f, 2, 116), (0x386, 2, 38), (0x388, 6, 37), (0x38c, 2, 64),
(0x38e, 4, 63), (0x391, 34, 32), (0x3a3, 18, 32), (0x3cf, 2, 8),
(0x3d8, 25, 1), (0x3f4, 2, -60), (0x3f7, 2, 1), (0x3f9, 2, -7),
(0x3fa, 2, 1), (0x3fd, 6, -130), (0x400, 32, 80), (0x410, 64, 32),
(0x460, 35, 1), (0x48a, 55, 1), (0x4c0, 2, 15), (0x4c1, 15, 1),
(0x4d0, 97, 1), (0x531, 76, 48), (0x10a0, 76, 7264), (0x10c7, 2, 7264),
(0x10cd, 2, 7264), (0x13a0, 160, 38864), (0x13f0, 12, 8), (0x1c89, 2, 1),
(0x1c90, 86, -3008), (0x1cbd, 6, -3008), (0x1e00, 151, 1), (0x1e9e, 2, -7615),
(0x1ea0, 97, 1), (0x1f08, 16, -8), (0x1f18, 12, -8), (0x1f28, 16, -8),
(0x1f38, 16, -8), (0x1f48, 12, -8), (0x1f59, 9, -8), (0x1f68, 16, -8),
(0x1f88, 16, -8), (0x1f98, 16, -8), (0x1fa8, 16, -8), (0x1fb8, 4, -8),
(0x1fba, 4, -74), (0x1fbc, 2, -9), (0x1fc8, 8, -86), (0x1fcc, 2, -9),
(0x1fd8, 4, -8), (0x1fda, 4, -100), (0x1fe8, 4, -8), (0x1fea, 4, -112),
(0x1fec, 2, -7), (0x1ff8, 4, -128), (0x1ffa, 4, -126), (0x1ffc, 2, -9),
(0x2126, 2, -7517), (0x212a, 2, -8383), (0x212b, 2, -8262), (0x2132, 2, 28),
(0x2160, 32, 16), (0x2183, 2, 1), (0x24b6, 52, 26), (0x2c00, 96, 48),
(0x2c60, 2, 1), (0x2c62, 2, -10743), (0x2c63, 2, -3814), (0x2c64, 2, -10727),
(0x2c67, 7, 1), (0x2c6d, 2, -10780), (0x2c6e, 2, -10749), (0x2c6f, 2, -10783),
(0x2c70, 2, -10782), (0x2c72, 2, 1), (0x2c75, 2, 1), (0x2c7e, 4, -10815),
(0x2c80, 101, 1), (0x2ceb, 5, 1), (0x2cf2, 2, 1), (0xa640, 47, 1),
(0xa680, 29, 1), (0xa722, 15, 1), (0xa732, 63, 1), (0xa779, 5, 1),
(0xa77d, 2, -35332), (0xa77e, 11, 1), (0xa78b, 2, 1), (0xa78d, 2, -42280),
(0xa790, 5, 1), (0xa796, 21, 1), (0xa7aa, 2, -42308), (0xa7ab, 2, -42319),
(0xa7ac, 2, -42315), (0xa7ad, 2, -42305), (0xa7ae, 2, -42308), (0xa7b0, 2, -42258),
(0xa7b1, 2, -42282), (0xa7b2, 2, -42261), (0xa7b3, 2, 928), (0xa7b4, 17, 1),
(0xa7c4, 2, -48), (0xa7c5, 2, -42307), (0xa7c6, 2, -35384), (0xa7c7, 5, 1),
(0xa7cb, 2, -42343), (0xa7cc, 17, 1), (0xa7dc, 2, -42561), (0xa7f5, 2, 1),
(0xff21, 52, 32), (0x10400, 80, 40), (0x104b0, 72, 40), (0x10570, 22, 39),
(0x1057c, 30, 39), (0x1058c, 14, 39), (0x10594, 4, 39), (0x10c80, 102, 64),
(0x10d50, 44, 32), (0x118a0, 64, 32), (0x16e40, 64, 32), (0x16ea0, 50, 27),
(0x1e900, 68, 34), ];

/// Case-insensitive match of every word of `query` against `haystack`.
pub fn matches_words(query: &str, haystack: &[&str]) -> bool {
    let q = fold(query.trim());
    if q.is_empty() {
        return true;
    }
    let hay: String = haystack
        .iter()
        .map(|s| fold(s))
        .collect::<Vec<_>>()
        .join("\u{1f}");
    q.split_whitespace().all(|w| hay.contains(w))
}

/// Sorts indexes stably by `cmp`. Every sort of the app ends here: the
/// standard library's sort is about 4 KB of WebAssembly for each element
/// type and comparison it is compiled for, and this compiles it once.
pub fn sort_indexes(indexes: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    indexes.sort_by(|a, b| cmp(*a, *b));
}

/// Sorts `items` stably by `cmp` (as `sort_by` does), through [`sort_indexes`].
pub fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indexes(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

pub fn ref_order(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Sorts indexes by reference (`A-0002` before `A-0010`).
pub fn by_reference<T>(
    items: &[T],
    reference: impl Fn(&T) -> &str,
    keep: impl Fn(&T) -> bool,
    descending: bool,
) -> Vec<usize> {
    let mut out: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, x)| keep(x))
        .map(|(i, _)| i)
        .collect();
    sort_indexes(&mut out, &|a, b| {
        let o = ref_order(reference(&items[a]), reference(&items[b]));
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    out
}
