//! Nothing filled is lost in silence (spec/formbook.md): once a form sheet is read, every filled
//! cell is either taken into a field ([`Grid::consume`]), text the form prints itself (a label,
//! an option, the legend, a footnote, a blank's own punctuation), or reported as W510 with the
//! section it stands in, so that an office learns what cmsheets could not read instead of
//! printing a form with a hole in it.

use super::grid::{Grid, Pos};
use crate::contract::codes::{Answer, Code, Relation, ITEMS};
use crate::forms::book::labels::{self as l, label_key, Label};
use crate::forms::Form;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The filled cells of a read sheet that no field took and that are not the form's own text.
pub fn unread(g: &Grid, form: Form) -> Vec<Pos> {
    g.filled()
        .filter(|&p| !g.is_used(p) && !is_form_text(form, g.key(p)))
        .collect()
}

/// The section a cell stands in: the nearest section heading above it (or on its row, to its
/// left), as the office sees it on the paper.
pub fn section_of(g: &Grid, form: Form, p: Pos) -> &'static str {
    if form == Form::Questionnaire {
        let items_from = g
            .filled()
            .find(|&q| super::fields::item_code(g.key(q)).is_some());
        if items_from.is_some_and(|q| p.row >= q.row) {
            return "A1〜O2 の項目";
        }
    }
    let mut best: Option<(Pos, &'static str)> = None;
    for (label, name) in sections(form) {
        let Some((q, _)) = g.find(label) else {
            continue;
        };
        let above = q.row < p.row || (q.row == p.row && q.col <= p.col);
        if above && best.is_none_or(|(b, _)| (q.row, q.col) > (b.row, b.col)) {
            best = Some((q, name));
        }
    }
    best.map_or(header_name(form), |b| b.1)
}

fn header_name(form: Form) -> &'static str {
    match form {
        Form::Questionnaire => "記入日・氏名の欄",
        Form::Plan => "作成日・氏名の欄",
        Form::Subtool => "様式の上部",
        Form::Crisis => "作成日の欄",
    }
}

fn sections(form: Form) -> Vec<(&'static Label, &'static str)> {
    match form {
        Form::Questionnaire => vec![(&l::Q_WISHES, "生活上の希望または困っていること")],
        Form::Plan => vec![
            (&l::P_LONG_GOAL, "私の長期目標"),
            (&l::P_SHORT_GOAL, "今回の支援計画における短期目標"),
            (&l::P_MONITORING, "モニタリング"),
            (&l::P_PARTICIPANTS, "参加者と外部機関の参加状況"),
            (&l::P_NEEDS, "ニーズ/課題への対応"),
            (&l::PLAN_NO, "作成番号"),
        ],
        Form::Subtool => vec![
            (&l::S_SUPPORTERS, "私が頼りにしている人"),
            (&l::S_LEGEND, "関係性の選択肢"),
            (&l::S_PLACES, "主な支援場所と頻度"),
            (&l::S_WHEN_HARD, "支援を受けることが難しくなった場合"),
            (&l::S_SERVICES, "その他のサービス"),
        ],
        Form::Crisis => vec![
            (&l::C_SUPPORTERS, "日常的なサポーター"),
            (&l::C_SIGNS, "調子が悪くなってきたサイン"),
            (&l::C_ACTIONS, "サインに気づいたときにすること"),
        ],
    }
}

/// Whether a folded cell is made only of the form's own words and punctuation: a label, an
/// option left unticked (「□ 入院中」), the legend, a blank's 「年」「（」「名）」, the item texts.
pub fn is_form_text(form: Form, key: &str) -> bool {
    if key.chars().any(super::marks::is_tick) {
        return false; // a ticked box nobody took is an entry
    }
    let letters: Vec<char> = key.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.is_empty() {
        return true; // boxes, brackets, underscores, a lone 「：」
    }
    let words = words(form);
    // Greedy, longest word first; a number may follow a word that numbers (別紙2, 様式第2号).
    let mut i = 0;
    let mut numbered = false;
    while i < letters.len() {
        if numbered && letters[i].is_ascii_digit() {
            while i < letters.len() && letters[i].is_ascii_digit() {
                i += 1;
            }
            numbered = false;
            continue;
        }
        let Some(w) = words
            .get(&letters[i])
            .and_then(|ws| ws.iter().find(|w| letters[i..].starts_with(w)))
        else {
            return false;
        };
        numbered = numbered_words().iter().any(|n| n == w);
        i += w.len();
    }
    true
}

/// Words after which a number is the form's own: 別紙2, 様式第2号, 作成番号 is a label.
const NUMBERED: [&str; 2] = ["別紙", "様式第"];

fn numbered_words() -> &'static [Vec<char>] {
    static KEYS: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    KEYS.get_or_init(|| NUMBERED.iter().map(|n| letter_key(n)).collect())
}

fn letter_key(text: &str) -> Vec<char> {
    label_key(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Every word of a form, as letters only, by first letter, longest first: built once per form
/// (a folder of 1,000 books asks for hundreds of thousands of cells).
fn words(form: Form) -> &'static HashMap<char, Vec<Vec<char>>> {
    static WORDS: OnceLock<Vec<HashMap<char, Vec<Vec<char>>>>> = OnceLock::new();
    let all = WORDS.get_or_init(|| Form::ALL.iter().map(|&f| build(f)).collect());
    &all[Form::ALL.iter().position(|&f| f == form).expect("a form")]
}

fn build(form: Form) -> HashMap<char, Vec<Vec<char>>> {
    let mut texts: Vec<String> = super::reader::all_labels(form).to_vec();
    let groups: &[&[&str]] = &[
        l::TIMING_WORDS,
        l::KIND_WORDS,
        l::SETTING_WORDS,
        l::PARTICIPANT_WORDS,
        l::PLACE_WORDS,
        l::FREQUENCY_WORDS,
        l::PRESENCE_WORDS,
        l::BLANK_WORDS,
        &NUMBERED,
    ];
    texts.extend(groups.iter().flat_map(|g| g.iter().map(|w| w.to_string())));
    texts.extend(
        l::S_SERVICE_ROWS
            .iter()
            .flat_map(|r| r.spellings().map(String::from)),
    );
    texts.extend(Relation::ALL.iter().map(|r| r.label().to_string()));
    texts.extend(Answer::ALL.iter().flat_map(|a| {
        std::iter::once(a.label())
            .chain(a.aliases().iter().copied())
            .filter(|s| !s.chars().all(|c| c.is_ascii_digit()))
            .map(String::from)
    }));
    for item in ITEMS {
        texts.push(item.id.to_string());
        texts.push(item.text.to_string());
    }
    texts.push(l::N_MEASURES.to_string());
    texts.push(l::P_CM_NOTE.to_string());
    for f in Form::ALL {
        texts.push(f.title().to_string());
        texts.push(f.label().to_string());
    }
    let mut words: Vec<Vec<char>> = texts
        .iter()
        .map(|t| letter_key(t))
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    let mut by_first: HashMap<char, Vec<Vec<char>>> = HashMap::new();
    for w in words {
        by_first.entry(w[0]).or_default().push(w);
    }
    by_first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(form: Form, text: &str) -> bool {
        is_form_text(form, &label_key(text))
    }

    #[test]
    fn the_forms_own_text_is_known() {
        assert!(known(Form::Plan, "□ 入院中"));
        assert!(known(Form::Plan, "□ 退院 ＿ ヵ月後"));
        assert!(known(Form::Plan, "□ 家族（　名）  □ 同僚・上司（　名）"));
        assert!(known(Form::Plan, "年"));
        assert!(known(Form::Plan, "（"));
        assert!(known(Form::Plan, "名）"));
        assert!(known(Form::Plan, "様式第2号"));
        assert!(known(Form::Plan, "別紙２　支援計画シート"));
        assert!(known(
            Form::Subtool,
            "イ：父母   ロ：きょうだい   ハ：妻/夫"
        ));
        assert!(known(
            Form::Questionnaire,
            "A1 住居のことで悩んでいる・困っている"
        ));
        assert!(known(
            Form::Questionnaire,
            "困っていて、まだ支援を受けていない"
        ));
        assert!(known(Form::Questionnaire, "）で悩んでいる・困っている"));
    }

    #[test]
    fn entries_are_not() {
        assert!(!known(Form::Plan, "■ 家族（ 2 名）"));
        assert!(!known(Form::Plan, "□ その他（ 電話 ）"));
        assert!(!known(Form::Plan, "山田 花子"));
        assert!(!known(Form::Plan, "3"));
        assert!(!known(Form::Subtool, "母"));
        assert!(!known(Form::Plan, "令和6年9月2日"));
    }
}
