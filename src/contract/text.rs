//! Width folding for reading codes and numbers. Printed text keeps its original characters; only
//! the comparison keys are folded.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Text NFKC leaves as it is, told by ranges alone: ASCII and the characters of most Japanese text
/// as typed (kana, kanji, 、。「」『』・ー々, the full-width space, which is white space anyway).
/// `is_nfkc_quick` looks each character up in a table and costs as much as normalising.
fn plainly_nfkc(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c as u32,
            0x09..=0x0D | 0x20..=0x7E | 0x3000..=0x3002 | 0x3005 | 0x300C..=0x300F
            | 0x3041..=0x3096 | 0x30A1..=0x30FC | 0x4E00..=0x9FFF)
    }) || is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

/// The comparison key of a code, heading or number: NFKC (全角→半角 for ASCII, ㋿→令和, half-width
/// kana→full-width), no white space anywhere, ASCII lower case.
pub fn fold(s: &str) -> String {
    // Most codes, dates and numbers, and most Japanese text as typed (already NFKC: kana, kanji,
    // punctuation): normalising would change nothing but cost the most (a need text of each of a
    // million rows is folded for W401).
    if plainly_nfkc(s) {
        return s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The comparison key of an identifier (ケースID): NFKC and no white space, case kept, so
/// 「Ｃ－００１」 and 「C-001」 are one case but the ID prints as the office wrote it.
pub fn fold_id(s: &str) -> String {
    if plainly_nfkc(s) {
        return s.chars().filter(|c| !c.is_whitespace()).collect();
    }
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Trims surrounding white space, the full-width space (U+3000) included, as the intake contract asks.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// The first control character other than line breaks and tabs, if any.
pub fn forbidden_control(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Line breaks as users type them in a cell (Alt+Enter gives LF; CSV from Windows may give CRLF).
pub fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// Parses a whole number written with half- or full-width digits (「３」), as a count or a No.
pub fn parse_uint(s: &str) -> Option<u32> {
    let f = fold(s);
    let f = f.strip_suffix(".0").unwrap_or(&f);
    let f = f.strip_suffix('名').unwrap_or(f);
    let f = f.strip_suffix('人').unwrap_or(f);
    if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) || f.len() > 9 {
        return None;
    }
    f.parse().ok()
}

/// Columns a spreadsheet needs for `s`: full-width characters take two (Excel's autofit and a
/// plain `chars().count()` undercount Japanese text).
pub fn display_width(s: &str) -> usize {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| {
                    if (c as u32) < 0x1100 || ('\u{FF61}'..='\u{FF9F}').contains(&c) {
                        1
                    } else {
                        2
                    }
                })
                .sum()
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_handles_width_and_space() {
        assert_eq!(fold("ＣＭ　導入時"), "cm導入時");
        assert_eq!(fold(" ケース ID "), "ケースid");
        assert_eq!(fold("ｹｰｽ"), "ケース");
    }

    #[test]
    fn uint_forms() {
        assert_eq!(parse_uint("３"), Some(3));
        assert_eq!(parse_uint("2名"), Some(2));
        assert_eq!(parse_uint("1.0"), Some(1));
        assert_eq!(parse_uint("-1"), None);
        assert_eq!(parse_uint("x"), None);
        assert_eq!(parse_uint(""), None);
    }

    #[test]
    fn control_characters() {
        assert_eq!(forbidden_control("a\nb\tc"), None);
        assert_eq!(forbidden_control("a\u{7}b"), Some('\u{7}'));
    }
}
