//! The fonts embedded in the binary: BIZ UD明朝 / BIZ UDゴシック (OFL; `fonts/OFL.txt`) for
//! everything, and IPAmj明朝 (IPA Font License; `fonts/IPA_Font_License_Agreement_v1.0.txt`), the
//! reference font of the 行政事務標準文字 (MJ文字), for the characters and variation sequences
//! BIZ UD lacks: 𠮷, or 渡邊󠄊 (U+908A U+E010A), print with their own glyphs.
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
static MJ_MINCHO: &[u8] = include_bytes!("../../fonts/ipamjm.ttf");

/// The parsed fonts and the book Typst selects them from.
pub(crate) struct Fonts {
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) fonts: Vec<Font>,
    /// Bit set of the code points any embedded font maps to a glyph.
    covered: Vec<u64>,
    /// BIZ UD明朝 and IPAmj明朝 as ttf-parser reads them, for their variation sequences.
    main_face: ttf_parser::Face<'static>,
    fallback_face: ttf_parser::Face<'static>,
}

/// The process-wide font set (parsed on first use).
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = [MINCHO, GOTHIC, GOTHIC_BOLD, MJ_MINCHO]
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        assert_eq!(fonts.len(), 4, "the embedded fonts must parse");
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
        let face = |data: &'static [u8]| {
            ttf_parser::Face::parse(data, 0).expect("the embedded fonts must parse")
        };
        Fonts {
            book,
            fonts,
            covered,
            main_face: face(MINCHO),
            fallback_face: face(MJ_MINCHO),
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

/// The font that prints an ideographic variation sequence (a base character followed by a
/// selector U+E0100–U+E01EF or U+FE00–U+FE0F).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceFont {
    /// BIZ UD明朝 has it (the Adobe-Japan1 sequences, such as 葛󠄀).
    Main,
    /// Only IPAmj明朝 has it (an MJ variant, such as 渡邊󠄊): the templates switch to it.
    Fallback,
    /// No embedded font has it: printing would drop the selector and show the base glyph.
    Missing,
}

/// Which embedded font prints `base` followed by the selector `selector`.
pub fn sequence_font(base: char, selector: char) -> SequenceFont {
    let f = fonts();
    let has = |face: &ttf_parser::Face| face.glyph_variation_index(base, selector).is_some();
    if has(&f.main_face) {
        SequenceFont::Main
    } else if has(&f.fallback_face) {
        SequenceFont::Fallback
    } else {
        SequenceFont::Missing
    }
}

/// A variation selector: standardized (U+FE00–U+FE0F) or ideographic (U+E0100–U+E01EF).
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The variation sequences of `text` that only the fallback font prints, each once, in order.
pub fn fallback_sequences(text: &str, out: &mut Vec<String>) {
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(base) = prev.filter(|_| is_variation_selector(c)) {
            if sequence_font(base, c) == SequenceFont::Fallback {
                let seq: String = [base, c].iter().collect();
                if !out.contains(&seq) {
                    out.push(seq);
                }
            }
        }
        prev = Some(c);
    }
}

/// True when the embedded fonts, as the templates use them, can print `c`.
///
/// Data values are set in BIZ UD明朝 and Typst falls back to the other embedded fonts (IPAmj明朝
/// last), so a character is printable when any embedded font maps it to a glyph. Used by
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
        assert_eq!(f.fonts.len(), 4);
        assert!(f.book.contains_family("biz udmincho"));
        assert!(f.book.contains_family("biz udgothic"));
        assert!(f.book.contains_family("ipamjmincho"));
    }

    #[test]
    fn printable_chars() {
        for c in "あア亜漢字ＡＢａ1２〇◎△×□■（）・ー～、。髙﨑①\n".chars()
        {
            assert!(printable(c), "{c:?} should be printable");
        }
        // 𠮷 and the rarest MJ characters print with IPAmj明朝.
        assert!(printable('\u{20BB7}'));
        // A private-use character, an emoji and a control character are not.
        for c in ['\u{E000}', '\u{1F600}', '\u{7}'] {
            assert!(!printable(c), "{c:?} should not be printable");
        }
    }

    #[test]
    fn variation_sequences_find_their_font() {
        // 葛󠄀 and 辻󠄀: Adobe-Japan1 sequences BIZ UD carries.
        assert_eq!(sequence_font('葛', '\u{E0100}'), SequenceFont::Main);
        assert_eq!(sequence_font('辻', '\u{E0100}'), SequenceFont::Main);
        // 渡邊󠄊: an MJ variant of 邊 only IPAmj明朝 has.
        assert_eq!(sequence_font('邊', '\u{E010A}'), SequenceFont::Fallback);
        // A selector no font registers for あ.
        assert_eq!(sequence_font('あ', '\u{E0100}'), SequenceFont::Missing);
        let mut seqs = Vec::new();
        fallback_sequences("渡邊\u{E010A} 葛\u{E0100}城 渡邊\u{E010A}", &mut seqs);
        assert_eq!(seqs, ["邊\u{E010A}"]);
    }
}
