//! Width folding for reading codes and numbers. Printed text keeps its original characters; only
//! the comparison keys are folded.

use unicode_normalization::UnicodeNormalization;

/// The comparison key of a code, heading or number: NFKC (全角→半角 for ASCII, ㋿→令和, half-width
/// kana→full-width), no white space anywhere, ASCII lower case.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // Most codes, dates and numbers: NFKC would change nothing but cost the most.
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
    if s.is_ascii() {
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
