//! The fonts Typst sets documents in: those of [`crate::glyphs`], parsed once per process and
//! shared by every [`Typesetter`](super::Typesetter). No system font is ever looked at, so a case
//! prints the same on every machine.

use std::sync::OnceLock;

use crate::glyphs;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// Where IPAmj明朝 sits in the book, after the three BIZ UD fonts.
const FALLBACK_INDEX: usize = glyphs::MAIN.len();

/// The parsed fonts and the book Typst selects them from.
pub(crate) struct Fonts {
    pub(crate) book: LazyHash<FontBook>,
    /// BIZ UD明朝, ゴシック, ゴシック Bold.
    main: Vec<Font>,
    /// IPAmj明朝, parsed when a document first asks for it.
    fallback: OnceLock<Option<Font>>,
}

impl Fonts {
    /// The font at `index` of the book.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        match index {
            FALLBACK_INDEX => self
                .fallback
                .get_or_init(|| Font::new(glyphs::fallback_font_bytes(), 0))
                .clone(),
            i => self.main.get(i).cloned(),
        }
    }
}

/// The process-wide font set (parsed on first use).
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let main: Vec<Font> = glyphs::MAIN
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        assert_eq!(
            main.len(),
            FALLBACK_INDEX,
            "the embedded BIZ UD fonts must parse"
        );
        Fonts {
            book: LazyHash::new(FontBook::from_infos(glyphs::infos().iter().cloned())),
            main,
            fallback: OnceLock::new(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_parse_once() {
        let f = fonts();
        assert_eq!(f.main.len(), 3);
        assert!(f.font(FALLBACK_INDEX).is_some());
        assert!(f.book.contains_family("biz udmincho"));
        assert!(f.book.contains_family("biz udgothic"));
        assert!(f.book.contains_family("ipamjmincho"));
    }

    #[test]
    fn the_book_holds_the_fonts_it_serves() {
        let f = fonts();
        for (i, font) in f.main.iter().enumerate() {
            assert_eq!(font.info(), &glyphs::infos()[i]);
        }
    }
}
