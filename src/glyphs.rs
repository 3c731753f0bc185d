//! The fonts embedded in the binary and which characters they print: BIZ UD明朝 / BIZ UDゴシック
//! (OFL; `fonts/OFL.txt`) for everything, and IPAmj明朝 (IPA Font License;
//! `fonts/IPA_Font_License_Agreement_v1.0.txt`), the reference font of the 行政事務標準文字
//! (MJ文字), for the characters and variation sequences BIZ UD lacks: 𠮷, or 渡邊󠄊 (U+908A
//! U+E010A), print with their own glyphs.
//!
//! A leaf of the crate: the checks (外字, `model`) ask it what prints, and the typesetter
//! (`typeset`) builds its font book from the same fonts and infos, so the two can never disagree.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::FontInfo;

pub static MINCHO: &[u8] = include_bytes!("../fonts/BIZUDMincho-Regular.ttf");
/// Also the web page's font (`cmsheets serve`): the page looks the same on every office PC.
pub static GOTHIC: &[u8] = include_bytes!("../fonts/BIZUDGothic-Regular.ttf");
pub static GOTHIC_BOLD: &[u8] = include_bytes!("../fonts/BIZUDGothic-Bold.ttf");
pub static MJ_MINCHO: &[u8] = include_bytes!("../fonts/ipamjm.ttf");

/// The fonts every document starts with, in the font book's order; IPAmj明朝 comes after them.
pub static MAIN: [&[u8]; 3] = [MINCHO, GOTHIC, GOTHIC_BOLD];

/// IPAmj明朝's FontInfo (family, coverage…), computed from the font once and kept beside it
/// (`fallback_info_is_the_fonts_own` checks it): the book needs it at start-up, and parsing the
/// 46 MB font for it would cost every run, while the font itself is needed only by the few
/// documents that print a character BIZ UD lacks.
static MJ_INFO: &str = include_str!("../fonts/ipamjm.info.json");

fn fallback_info() -> FontInfo {
    serde_json::from_str(MJ_INFO).expect("fonts/ipamjm.info.json is IPAmj明朝's FontInfo")
}

struct Coverage {
    /// The fonts' infos in the font book's order: [`MAIN`]'s, then IPAmj明朝's.
    infos: Vec<FontInfo>,
    /// Bit set of the code points any embedded font maps to a glyph.
    covered: Vec<u64>,
    /// BIZ UD明朝 as ttf-parser reads it, for its variation sequences.
    main_face: ttf_parser::Face<'static>,
}

fn coverage() -> &'static Coverage {
    static COVERAGE: OnceLock<Coverage> = OnceLock::new();
    COVERAGE.get_or_init(|| {
        let infos: Vec<FontInfo> = MAIN
            .iter()
            .flat_map(|data| FontInfo::iter(data))
            .chain([fallback_info()])
            .collect();
        assert_eq!(
            infos.len(),
            MAIN.len() + 1,
            "the embedded BIZ UD fonts must parse"
        );
        let mut covered = Vec::new();
        for info in &infos {
            for c in info.coverage.iter() {
                let (word, bit) = ((c / 64) as usize, c % 64);
                if covered.len() <= word {
                    covered.resize(word + 1, 0u64);
                }
                covered[word] |= 1 << bit;
            }
        }
        Coverage {
            infos,
            covered,
            main_face: ttf_parser::Face::parse(MINCHO, 0).expect("BIZ UD明朝 parses"),
        }
    })
}

/// The embedded fonts' infos, in the order the typesetter's font book holds them.
pub fn infos() -> &'static [FontInfo] {
    &coverage().infos
}

/// IPAmj明朝 as Typst reads it (parsed on each call: the typesetter keeps its own copy).
pub fn fallback_font_bytes() -> Bytes {
    Bytes::new(MJ_MINCHO)
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
    static FALLBACK_FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();
    let fallback = FALLBACK_FACE
        .get_or_init(|| ttf_parser::Face::parse(MJ_MINCHO, 0).expect("IPAmj明朝 parses"));
    let has = |face: &ttf_parser::Face| face.glyph_variation_index(base, selector).is_some();
    if has(&coverage().main_face) {
        SequenceFont::Main
    } else if has(fallback) {
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
    coverage()
        .covered
        .get((c / 64) as usize)
        .is_some_and(|word| word & (1 << (c % 64)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The kept FontInfo is the font's own. After replacing fonts/ipamjm.ttf:
    /// `UPDATE_FONT_INFO=1 cargo test --lib fallback_info` (never under CI).
    #[test]
    fn fallback_info_is_the_fonts_own() {
        let font = typst::text::Font::new(Bytes::new(MJ_MINCHO), 0).expect("IPAmj明朝 parses");
        if std::env::var("UPDATE_FONT_INFO").is_ok_and(|v| v == "1") {
            assert!(std::env::var_os("CI").is_none(), "not under CI");
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/ipamjm.info.json");
            std::fs::write(path, serde_json::to_string(font.info()).unwrap()).unwrap();
            return;
        }
        assert_eq!(
            &fallback_info(),
            font.info(),
            "fonts/ipamjm.info.json is stale"
        );
    }
}
