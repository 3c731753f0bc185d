//! Checkboxes and marks as offices fill them: 「□ 入院中」 with the box replaced by ■ ☑ ✓ レ ●, a
//! mark in its own cell before the option, numbers typed in the blanks (「□退院　３　ヵ月後」,
//! 「家族（ 2 名）」, 「週 ２ 回」), and the questionnaire's 〇 in an answer column.

use crate::contract::text::{fold, trim};

/// Box characters left as the form printed them: the option is not chosen.
const UNTICKED: [char; 4] = ['□', '☐', '◻', '❏'];
/// What offices put in place of the box, or in a cell of its own before the option.
const TICKED: [char; 11] = ['■', '☑', '☒', '✓', '✔', 'レ', '●', '◼', '▣', '✅', 'ﾚ'];
/// Marks that tick an option only when they stand alone in the cell before it.
const ALONE_TICKS: [char; 5] = ['〇', '○', '◯', '◎', 'v'];

/// A character that ticks a box wherever it stands (not 「レ」, a letter of words too).
pub fn is_tick(c: char) -> bool {
    TICKED.contains(&c) && c != 'レ' && c != 'ﾚ'
}

/// A cell holding a mark or a box and nothing else: it ticks (or not) the option after it.
pub fn is_lone_mark(text: &str) -> bool {
    let mut chars = trim(text).chars();
    matches!((chars.next(), chars.next()), (Some(c), None)
        if TICKED.contains(&c) || ALONE_TICKS.contains(&c) || UNTICKED.contains(&c))
}

/// One option of a checkbox group as found on the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Option_ {
    pub ticked: bool,
    /// The option's words, folded, with the digits of its blanks taken out (「退院ヵ月後」).
    pub key: String,
    /// The digits typed in the option's blanks, if any (「３」 → 3).
    pub number: Option<u32>,
    /// What is typed inside the option's brackets (「その他（ 電話 ）」 → 「電話」), as typed.
    pub bracketed: Vec<String>,
    /// Which of the parts given to [`options`] the option starts in.
    pub part: usize,
}

/// The options in `parts` (cells or lines in reading order), split at their boxes. A part that is
/// only a mark ticks the option that follows it. Text before the first box (a label) is passed
/// over. When no part has a box at all, the whole text is one ticked option: an office that
/// typed 「CM導入時」 instead of ticking has chosen it.
#[cfg(test)]
fn options(parts: &[&str]) -> Vec<Option_> {
    options_of(parts, &[])
}

/// [`options`] for a group whose option words are known (`words`, as the form prints them): a
/// part without a box that begins with one of them is an option of its own, unticked unless a
/// mark stands alone in the part before it. That is how offices lay out marks in their own cells
/// (「✔」｜「入院中」, 「」｜「退院直後」), and how a group of bare words with no mark at all is
/// told from one word typed as the choice: several bare options are nothing chosen.
pub fn options_of(parts: &[&str], words: &'static [&'static str]) -> Vec<Option_> {
    let words = folded_words(words);
    let starts_option = |part: &str| {
        let k = option_key(part);
        !k.is_empty()
            && words
                .iter()
                .any(|w| !w.is_empty() && k.starts_with(w.as_str()))
    };
    // (ticked, text, part) of each box, in order; `lead` is what stands before the first box.
    let mut boxes: Vec<(bool, String, usize)> = Vec::new();
    let mut lead = String::new();
    // Options that began at a word rather than a box.
    let mut bare = 0;
    for (i, raw) in parts.iter().enumerate() {
        let part = trim(raw);
        let mut chars = part.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            if TICKED.contains(&c) || ALONE_TICKS.contains(&c) || UNTICKED.contains(&c) {
                boxes.push((!UNTICKED.contains(&c), String::new(), i));
                continue;
            }
        }
        let opens_with_box = part
            .chars()
            .next()
            .is_some_and(|c| UNTICKED.contains(&c) || TICKED.contains(&c));
        if !opens_with_box && starts_option(part) {
            let continues = boxes
                .last()
                .is_some_and(|b| option_key(&b.1).is_empty() && b.2 + 1 == i);
            if !continues {
                if boxes.is_empty() && !trim(&lead).is_empty() {
                    // Words before this one were an option too (「入院中」「退院直後」 bare).
                    boxes.push((false, std::mem::take(&mut lead), i.saturating_sub(1)));
                    bare += 1;
                }
                boxes.push((false, String::new(), i));
                bare += 1;
            }
        }
        let mut prev = ' ';
        for c in part.chars() {
            // 「レ」 is a tick only where a box would stand, not inside a word.
            let is_box = UNTICKED.contains(&c)
                || (TICKED.contains(&c) && (c != 'レ' || prev.is_whitespace()));
            if is_box {
                boxes.push((TICKED.contains(&c), String::new(), i));
            } else if let Some(b) = boxes.last_mut() {
                b.1.push(c);
            } else {
                lead.push(c);
            }
            prev = c;
        }
        match boxes.last_mut() {
            Some(b) => b.1.push(' '),
            None => lead.push(' '),
        }
    }
    if boxes.is_empty() {
        // Typed, not ticked: the text is the choice.
        let o = finish((true, lead, 0));
        return if o.key.is_empty() && o.number.is_none() {
            Vec::new()
        } else {
            vec![o]
        };
    }
    if bare == 1 && boxes.len() == 1 {
        // One option word and no box anywhere: typed as the choice.
        boxes[0].0 = true;
    }
    boxes.into_iter().map(finish).collect()
}

/// The option keys of a group's words, folded once per thread (a folder of 1,000 books reads
/// tens of thousands of groups).
fn folded_words(words: &'static [&'static str]) -> std::rc::Rc<Vec<String>> {
    thread_local! {
        static FOLDED: std::cell::RefCell<Vec<(usize, std::rc::Rc<Vec<String>>)>> = Default::default();
    }
    let id = words.as_ptr() as usize;
    FOLDED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, f)) = cache.iter().find(|(k, _)| *k == id) {
            return f.clone();
        }
        let f = std::rc::Rc::new(words.iter().map(|w| option_key(w)).collect::<Vec<_>>());
        cache.push((id, f.clone()));
        f
    })
}

/// An option's words as compared with the form's: folded, without boxes, blanks or digits.
fn option_key(text: &str) -> String {
    fold(text)
        .chars()
        .filter(|c| {
            !UNTICKED.contains(c)
                && !TICKED.contains(c)
                && !c.is_whitespace()
                && !c.is_ascii_digit()
                && !matches!(c, '_' | '＿')
        })
        .collect()
}

fn finish((ticked, text, part): (bool, String, usize)) -> Option_ {
    let mut key = String::new();
    let mut digits = String::new();
    let mut bracketed = Vec::new();
    let mut depth = 0;
    let mut inner = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' => {
                if depth > 0 {
                    inner.push(c);
                }
                depth += 1;
            }
            ')' | '）' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    bracketed.push(trim(&inner).to_string());
                    inner.clear();
                } else {
                    inner.push(c);
                }
            }
            _ if depth > 0 => inner.push(c),
            _ => {
                let f = fold(&c.to_string());
                if f.chars().all(|d| d.is_ascii_digit()) && !f.is_empty() {
                    digits.push_str(&f);
                } else if !matches!(c, '＿' | '_' | '.' | '．') {
                    key.push_str(&f);
                }
            }
        }
    }
    if depth > 0 {
        bracketed.push(trim(&inner).to_string());
    }
    // 「退院（ 3 ）ヵ月後」: offices that draw the blank as brackets type the number inside.
    if digits.is_empty() {
        if let [only] = bracketed.as_slice() {
            let f = fold(only);
            if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) {
                digits = f;
            }
        }
    }
    Option_ {
        ticked,
        key,
        number: (!digits.is_empty() && digits.len() <= 4)
            .then(|| digits.parse().ok())
            .flatten(),
        bracketed,
        part,
    }
}

/// The number typed in brackets, as in 「家族（ 2 名）」: None when the blank is empty.
pub fn count_in(bracketed: &[String]) -> Option<Result<u32, String>> {
    // The count is the last blank: 「その他（ 内容 ）（ 1 名）」.
    bracketed.last().and_then(|b| {
        let f = fold(b);
        let f = f.trim_end_matches(['名', '人']);
        if f.is_empty() || f.chars().all(|c| c == '_' || c == '＿') {
            return None;
        }
        Some(f.parse::<u32>().map_err(|_| b.clone()))
    })
}

/// A questionnaire answer column as marked: Some(true) for a mark, Some(false) for blank, None for
/// something that is not a mark.
pub fn answer_mark(text: &str) -> Option<bool> {
    let t = trim(text);
    if t.is_empty() {
        return Some(false);
    }
    let f = fold(t);
    matches!(
        f.as_str(),
        "〇" | "○" | "◯" | "●" | "✓" | "✔" | "1" | "◎" | "v" | "レ" | "■" | "☑"
    )
    .then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticked(parts: &[&str]) -> Vec<(String, Option<u32>)> {
        options(parts)
            .into_iter()
            .filter(|o| o.ticked)
            .map(|o| (o.key, o.number))
            .collect()
    }

    #[test]
    fn boxes_in_one_cell() {
        let cell = "□ 入院中\n□ 退院直後\n■ 退院　３　ヵ月後\n□ CM 導入時\n□ CM   ヵ月後";
        assert_eq!(ticked(&[cell]), vec![("退院ヵ月後".to_string(), Some(3))]);
        let all = options(&[cell]);
        assert_eq!(all.len(), 5);
        assert_eq!(all[3].key, "cm導入時");
    }

    #[test]
    fn ticks_of_every_kind() {
        for mark in ["■", "☑", "☒", "✓", "✔", "レ", "●"] {
            let cell = format!("□ 個別面接 {mark} ケア会議等 □ その他（ ）");
            assert_eq!(
                ticked(&[&cell]),
                vec![("ケア会議等".to_string(), None)],
                "{mark}"
            );
        }
    }

    #[test]
    fn a_mark_in_its_own_cell() {
        assert_eq!(ticked(&["〇", "個別面接", "", "ケア会議等"]).len(), 1);
        assert_eq!(
            ticked(&["", "個別面接", "✓", "ケア会議等"]),
            vec![("ケア会議等".into(), None)]
        );
    }

    #[test]
    fn numbers_in_blanks_and_brackets() {
        let o = options(&["■ 家族（ ２ 名） □ 友人（   名） ■ その他（ 近所の方 ）（ 1 名）"]);
        assert_eq!(o[0].key, "家族");
        assert_eq!(count_in(&o[0].bracketed), Some(Ok(2)));
        assert_eq!(count_in(&o[1].bracketed), None);
        let blank_count = options(&["■ その他（ 近所の方 ）（　名）"]);
        assert_eq!(count_in(&blank_count[0].bracketed), None);
        assert_eq!(
            o[2].bracketed,
            vec!["近所の方".to_string(), "1 名".to_string()]
        );
        assert_eq!(count_in(&o[2].bracketed), Some(Ok(1)));
        // The 「or」 between the two stays with the first option's words; its unit and number count.
        let week = ticked(&["■ 週 ２ 回  or  □ 月 ＿＿ 回"]);
        assert_eq!(week.len(), 1);
        assert!(
            week[0].0.starts_with('週') && week[0].1 == Some(2),
            "{week:?}"
        );
    }

    #[test]
    fn marks_in_cells_of_their_own_before_each_option() {
        let words = crate::forms::book::labels::TIMING_WORDS;
        let parts = ["入院中", "退院直後", "✔", "退院（ 3 ）ヵ月後", "CM導入時"];
        let all = options_of(&parts, words);
        assert_eq!(all.len(), 4, "{all:?}");
        let ticked: Vec<_> = all.iter().filter(|o| o.ticked).collect();
        assert_eq!(ticked.len(), 1);
        assert_eq!(
            (ticked[0].key.as_str(), ticked[0].number),
            ("退院ヵ月後", Some(3))
        );
        // Bare words with no mark anywhere: the form's options, nothing chosen.
        assert!(options_of(&["有", "無"], &["有", "無"])
            .iter()
            .all(|o| !o.ticked));
        // One word alone: typed as the choice.
        let typed = options_of(&["ケア会議等"], crate::forms::book::labels::SETTING_WORDS);
        assert!(typed.len() == 1 && typed[0].ticked);
        // A mark, then its option in the next cell, then the next option unticked.
        let services = options_of(&["●", "有", "無"], &["有", "無"]);
        assert_eq!(
            services
                .iter()
                .map(|o| (o.key.as_str(), o.ticked))
                .collect::<Vec<_>>(),
            vec![("有", true), ("無", false)]
        );
    }

    #[test]
    fn typed_instead_of_ticked() {
        assert_eq!(ticked(&["CM導入時"]), vec![("cm導入時".into(), None)]);
    }

    #[test]
    fn answers() {
        assert_eq!(answer_mark("〇"), Some(true));
        assert_eq!(answer_mark("○"), Some(true));
        assert_eq!(answer_mark("１"), Some(true));
        assert_eq!(answer_mark(" "), Some(false));
        assert_eq!(answer_mark("△"), None);
    }
}
