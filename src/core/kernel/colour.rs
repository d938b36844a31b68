//! Colours as the risk method stores them (`#rgb` or `#rrggbb`), and the
//! text colour that reads on them: WCAG 2.x relative luminance and
//! contrast ratio (<https://www.w3.org/TR/WCAG22/#dfn-relative-luminance>).
//! Whatever colour a user gives a risk level, its name stays readable.

/// The red, green and blue of `#rgb` or `#rrggbb` (0 to 255 each), or
/// `None` for anything else.
pub fn parse_hex(colour: &str) -> Option<[u8; 3]> {
    let hex = colour.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
    let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    match hex.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
        6 => Some([pair(0)?, pair(2)?, pair(4)?]),
        _ => None,
    }
}

/// WCAG's relative luminance of an sRGB colour: 0 for black, 1 for white.
pub fn relative_luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            pow_2_4((c + 0.055) / 1.055)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// `a` (0.05 to 1) to the power 2.4: the fifth root of a¹² by Newton's
/// method, from above. Only multiplications and divisions: `f64::powf`
/// would add about 1.5 KB brotli of libm to the page for this one use.
fn pow_2_4(a: f64) -> f64 {
    let a4 = (a * a) * (a * a);
    let t = a4 * a4 * a4;
    // a² is above the root for a ≤ 1, so the steps come down to it.
    let mut y = a * a;
    for _ in 0..16 {
        let y2 = y * y;
        y = (4.0 * y + t / (y2 * y2)) / 5.0;
    }
    y
}

/// WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on
/// white), whichever way round they are given.
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

pub const BLACK: [u8; 3] = [0, 0, 0];
pub const WHITE: [u8; 3] = [255, 255, 255];

/// True when black text has a higher contrast on `background` than white
/// (and so at least 4.58:1, for any colour); an unreadable colour draws no
/// background, so the page's light surface shows and dark text is right.
pub fn dark_text_on(background: &str) -> bool {
    parse_hex(background).is_none_or(|bg| contrast_ratio(bg, BLACK) >= contrast_ratio(bg, WHITE))
}

/// How much white veils an empty heat-map cell (`.heatmap__button--empty`
/// in the style sheet): under it every colour is light enough for black
/// text (at least 6.2:1, tested below).
pub const EMPTY_CELL_VEIL: f64 = 0.55;

#[cfg(test)]
mod tests {
    use super::*;

    /// The contrast of two colours; 0 (which no assertion accepts) when
    /// either is unreadable.
    fn ratio(a: &str, b: &str) -> f64 {
        parse_hex(a)
            .zip(parse_hex(b))
            .map_or(0.0, |(a, b)| contrast_ratio(a, b))
    }

    #[test]
    fn the_power_2_4_matches_the_standard_library() {
        for c in 11..=255u8 {
            let a = (f64::from(c) / 255.0 + 0.055) / 1.055;
            let (ours, std) = (pow_2_4(a), a.powf(2.4));
            assert!(
                (ours - std).abs() <= 1e-14 * std.max(1e-3),
                "{c}: {ours} vs {std}"
            );
        }
    }

    #[test]
    fn hex_colours_are_read_in_both_lengths() {
        assert_eq!(parse_hex("#e67700"), Some([0xe6, 0x77, 0x00]));
        assert_eq!(parse_hex("#FfF"), Some([255, 255, 255]));
        assert_eq!(parse_hex("#1a2"), Some([0x11, 0xaa, 0x22]));
        for bad in [
            "", "#", "e67700", "#e6770", "#e677000", "#gggggg", "#é12", "red",
        ] {
            assert_eq!(parse_hex(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn luminance_follows_the_wcag_formula() {
        assert_eq!(relative_luminance(BLACK), 0.0);
        assert!((relative_luminance(WHITE) - 1.0).abs() < 1e-12);
        // Pure primaries weigh 0.2126, 0.7152 and 0.0722.
        assert!((relative_luminance([255, 0, 0]) - 0.2126).abs() < 1e-12);
        assert!((relative_luminance([0, 255, 0]) - 0.7152).abs() < 1e-12);
        assert!((relative_luminance([0, 0, 255]) - 0.0722).abs() < 1e-12);
        // Below 0.04045 (10 of 255) the curve is linear: 10/255/12.92.
        assert!((relative_luminance([10, 10, 10]) - 10.0 / 255.0 / 12.92).abs() < 1e-12);
        // Mid grey #777777: ((0.4667 + 0.055) / 1.055) ^ 2.4 = 0.1844.
        assert!((relative_luminance([0x77; 3]) - 0.1844).abs() < 1e-4);
    }

    #[test]
    fn contrast_ratios_match_published_figures() {
        assert!((ratio("#000", "#fff") - 21.0).abs() < 1e-9);
        assert_eq!(ratio("#e67700", "#e67700"), 1.0);
        assert_eq!(ratio("#fff", "#777"), ratio("#777", "#fff"));
        // The figures axe-core reported for white on the default levels.
        assert!((ratio("#e67700", "#fff") - 2.99).abs() < 0.01);
        assert!((ratio("#d9480f", "#fff") - 4.29).abs() < 0.01);
        assert!((ratio("#2b8a3e", "#fff") - 4.36).abs() < 0.01);
        // #767676 is the lightest grey with 4.5:1 on white.
        assert!(ratio("#767676", "#fff") >= 4.5);
        assert!(ratio("#777777", "#fff") < 4.5);
    }

    #[test]
    fn the_text_colour_is_the_one_with_more_contrast() {
        // The default level colours: dark text on Low, Medium and High,
        // white on Very high.
        for (bg, dark) in [
            ("#2b8a3e", true),
            ("#e67700", true),
            ("#d9480f", true),
            ("#c92a2a", false),
            ("#ffffff", true),
            ("#000000", false),
            ("#862e9c", false),
            ("#ffd43b", true),
        ] {
            assert_eq!(dark_text_on(bg), dark, "{bg}");
        }
        assert!(dark_text_on("not a colour"));
    }

    #[test]
    fn every_colour_gets_text_of_at_least_4_5_to_1() {
        // Every grey, and a lattice of colours, with the text chosen for it.
        let mut colours: Vec<[u8; 3]> = (0..=255).map(|v| [v, v, v]).collect();
        for r in (0..=255).step_by(15) {
            for g in (0..=255).step_by(15) {
                for b in (0..=255).step_by(15) {
                    colours.push([r as u8, g as u8, b as u8]);
                }
            }
        }
        for c in colours {
            let hex = format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
            let text = if dark_text_on(&hex) { BLACK } else { WHITE };
            let r = contrast_ratio(c, text);
            assert!(r >= 4.5, "{hex}: {r:.2}:1");
            assert!(r >= contrast_ratio(c, if text == BLACK { WHITE } else { BLACK }));
        }
    }

    #[test]
    fn black_text_reads_on_any_colour_under_the_empty_cells_veil() {
        // A black channel under the veil becomes 140.25, the darkest there is.
        let veil = |c: u8| (f64::from(c) * (1.0 - EMPTY_CELL_VEIL) + 255.0 * EMPTY_CELL_VEIL) as u8;
        for r in (0..=255).step_by(5) {
            for g in (0..=255).step_by(5) {
                for b in (0..=255).step_by(5) {
                    let c = [veil(r as u8), veil(g as u8), veil(b as u8)];
                    let ratio = contrast_ratio(c, BLACK);
                    assert!(ratio >= 6.2, "{c:?}: {ratio:.2}:1");
                }
            }
        }
    }
}
