//! The fonts embedded in the binary (BIZ UD明朝 / BIZ UDゴシック, OFL; see `fonts/OFL.txt`).
//!
//! They are parsed once per process and shared by every [`Typesetter`](super::Typesetter):
//! no system font is ever looked at, so a case prints the same on every machine.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

static MINCHO: &[u8] = include_bytes!("../../fonts/BIZUDMincho-Regular.ttf");
/// Also the web page's font (`cmsheets serve`): the page looks the same on every office PC.
pub static GOTHIC: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Regular.ttf");
pub static GOTHIC_BOLD: &[u8] = include_bytes!("../../fonts/BIZUDGothic-Bold.ttf");

/// The parsed fonts and the book Typst selects them from.
pub(crate) struct Fonts {
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) fonts: Vec<Font>,
    /// Bit set of the code points any embedded font maps to a glyph.
    covered: Vec<u64>,
}

/// The process-wide font set (parsed on first use).
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = [MINCHO, GOTHIC, GOTHIC_BOLD]
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        assert_eq!(fonts.len(), 3, "the embedded BIZ UD fonts must parse");
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        let mut covered = Vec::new();
        for font in &fonts {
            for c in font.info().coverage.iter() {
                let (word, bit) = ((c / 64) as usize, c % 64);
                if covered.len() <= word {
                    covered.resize(word + 1, 0u64);
                }
                covered[word] |= 1 << bit;
            }
        }
        Fonts {
            book,
            fonts,
            covered,
        }
    })
}

/// Characters that are printed without a glyph of their own and never show as tofu:
/// line breaks and tabs (the templates turn them into breaks / space) and the
/// default-ignorable format characters (variation selectors, joiners), which the shaper
/// drops when a font has no variant for them.
fn invisible(c: char) -> bool {
    matches!(c,
        '\n' | '\r' | '\t'
        | '\u{200B}'..='\u{200D}'      // zero-width space, ZWNJ, ZWJ
        | '\u{2060}'                   // word joiner
        | '\u{FE00}'..='\u{FE0F}'      // variation selectors
        | '\u{FEFF}'                   // BOM / zero-width no-break space
        | '\u{E0100}'..='\u{E01EF}'    // ideographic variation selectors
    )
}

/// True when the embedded fonts, as the templates use them, can print `c`.
///
/// Data values are set in BIZ UD明朝 and Typst falls back to the other embedded fonts,
/// so a character is printable when any embedded font maps it to a glyph. Used by
/// `cmsheets check` for its 外字 rule: whatever this rejects would print as tofu.
pub fn printable(c: char) -> bool {
    if invisible(c) {
        return true;
    }
    if c.is_control() {
        return false;
    }
    let c = c as u32;
    fonts()
        .covered
        .get((c / 64) as usize)
        .is_some_and(|word| word & (1 << (c % 64)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_parse_once() {
        let f = fonts();
        assert_eq!(f.fonts.len(), 3);
        assert!(f.book.contains_family("biz udmincho"));
        assert!(f.book.contains_family("biz udgothic"));
    }

    #[test]
    fn printable_chars() {
        for c in "あア亜漢字ＡＢａ1２〇◎△×□■（）・ー～、。髙﨑①\n".chars()
        {
            assert!(printable(c), "{c:?} should be printable");
        }
        // A private-use character, an emoji and a control character are not.
        for c in ['\u{E000}', '\u{1F600}', '\u{7}'] {
            assert!(!printable(c), "{c:?} should not be printable");
        }
    }
}
