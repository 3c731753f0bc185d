//! The words of the paper forms (the seed's 別紙1–4) that a 様式ブック is read by and written with.
//! The reader finds every field by these labels, never by a cell address; the writer prints the
//! same labels, so what cmsheets writes is always what it reads.

use crate::contract::text::fold;
use crate::forms::Form;

/// A label of the form and the other spellings offices type for it.
#[derive(Debug, Clone, Copy)]
pub struct Label {
    /// The seed's wording: what the writer prints.
    pub text: &'static str,
    pub aliases: &'static [&'static str],
}

impl Label {
    pub const fn new(text: &'static str, aliases: &'static [&'static str]) -> Label {
        Label { text, aliases }
    }

    pub fn spellings(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.text).chain(self.aliases.iter().copied())
    }
}

/// The comparison key of a label: width and white space folded, bracket and slash variants
/// unified, a trailing （必須）, 「*」, 「：」 or 「・・・」 dropped.
pub fn label_key(raw: &str) -> String {
    let mut k: String = fold(raw)
        .chars()
        .map(|c| match c {
            '〔' | '［' | '[' | '【' => '(',
            '〕' | '］' | ']' | '】' => ')',
            '＆' => '&',
            '／' => '/',
            '・' | '･' => '・',
            '、' => ',',
            c => c,
        })
        .collect();
    loop {
        let before = k.len();
        for suffix in ["(必須)", "*", ":", "・・・", "...", "…", "・", ","] {
            if let Some(s) = k.strip_suffix(suffix) {
                k.truncate(s.len());
            }
        }
        if k.len() == before {
            return k;
        }
    }
}

// The case's header, on any form.
pub const CASE_ID: Label = Label::new("ケースID", crate::contract::sheets::CASE_ID_ALIASES);
pub const REGION: Label = Label::new(
    "地域",
    &[
        "保健所・市町村",
        "市町村",
        "保健所",
        "地域（保健所・市町村）",
    ],
);
pub const AGENCY: Label = Label::new("担当機関", &["所属機関"]);
pub const MANAGER: Label = Label::new(
    "マネジメント担当者",
    &["担当者", "CM担当者", "ケースマネジメント担当者"],
);
pub const NAME: Label = Label::new("本人氏名", &["氏名", "本人の氏名", "お名前"]);
pub const KANA: Label = Label::new("ふりがな", &["フリガナ", "よみがな"]);
pub const CM_START: Label = Label::new("CM開始日", &["ケースマネジメント開始日"]);
pub const CM_END: Label = Label::new("CM終了日", &["ケースマネジメント終了日"]);
pub const END_REASON: Label = Label::new("終了理由", &[]);

/// Where the writer puts the fields the paper has no place for.
pub const EXTRA_HEADING: &str = "印刷されない項目（cmsheets の集計・管理用）";

// 別紙1
pub const Q_DATE: Label = Label::new("記入日", &[]);
pub const Q_WISHES: Label = Label::new(
    "生活上の希望または困っていることは何ですか",
    &["生活上の希望または困っていること", "生活上の希望"],
);
pub const Q_INSTRUCTION: &str =
    "下の A1 から O2 までの項目について、左の選択肢からあてはまる内容を選び、〇をつけてください";

// 別紙2
pub const P_CREATED: Label = Label::new("作成日", &["計画作成日"]);
pub const P_REVIEW_DUE: Label =
    Label::new("次回見直し予定時期", &["次回見直し予定日", "次回見直し"]);
pub const P_LONG_GOAL: Label = Label::new("私の長期目標", &["長期目標"]);
pub const P_LONG_GOAL_NOTE: &str =
    "（本人の希望を「～したい」という表現で記述することが推奨される）";
pub const P_SHORT_GOAL: Label = Label::new("今回の支援計画における短期目標", &["短期目標"]);
pub const P_MONITORING: Label = Label::new("モニタリング（初回は不要）", &["モニタリング"]);
pub const M_DATE_TIMING: Label = Label::new(
    "実施日＆評価時期",
    &["実施日&評価時期", "実施日・評価時期", "実施日"],
);
pub const M_KIND: Label = Label::new("更新/モニタリング", &["更新・モニタリング"]);
pub const M_SETTING: Label = Label::new("セッティング", &[]);
pub const M_NOTES: Label = Label::new(
    "具体的内容、場所、特記、前回の評価内容など",
    &["具体的内容", "具体的内容、場所、特記、前回の評価内容等"],
);
pub const M_GOAL_MET: Label = Label::new("短期目標の達成", &["短期目標の達成度"]);
pub const P_PARTICIPANTS: Label = Label::new("参加者と外部機関の参加状況", &["参加者"]);
pub const P_CM_NOTE: &str = "CM = ケースマネジメント";
pub const P_NEEDS: Label = Label::new("ニーズ/課題への対応", &["ニーズ・課題への対応"]);
pub const N_NO: Label = Label::new("No", &["No.", "番号", "NO"]);
pub const N_NEED: Label = Label::new("ニーズ/課題", &["ニーズ・課題", "ニーズ"]);
pub const N_MEASURES: &str = "具 体 策";
pub const N_SELF: Label = Label::new("何を（本人）", &["本人"]);
pub const N_SUPPORTER_ACTION: Label = Label::new("何を（支援者）", &[]);
pub const N_SUPPORTER: Label = Label::new("支援者（機関名・担当者名・連絡先）", &["支援者"]);
pub const N_EVALUATION: Label = Label::new("評価*", &["評価"]);
pub const N_DOMAIN: Label = Label::new("領域", &["領域（別紙1の項目）"]);
pub const P_FOOTNOTE: &str = "* 支援計画見直し（モニタリング）時に、本人と一緒に評価：終結「◎」、円滑に取り組みができている「〇」、取り組み中だが課題がある「△」、取り組み中止/取り組み困難等「×」";
pub const PLAN_NO: Label = Label::new("作成番号", &["作成No", "版"]);

// 別紙3
pub const S_SUPPORTERS: Label = Label::new(
    "私が頼りにしている人、私を応援してくれる人",
    &[
        "私が頼りにしている人,私を応援してくれる人",
        "私が頼りにしている人",
    ],
);
pub const S_NAME: Label = Label::new("氏名", &[]);
pub const S_RELATION: Label = Label::new("関係性（ ）", &["関係性"]);
pub const S_LEGEND: Label = Label::new("関係性の選択肢", &["関係性の選択祇肢"]);
pub const S_PLACES_FREQ: Label = Label::new("主な支援場所と頻度", &[]);
pub const S_PLACES: Label = Label::new("主な支援場所", &[]);
pub const S_FREQUENCY: Label = Label::new("支援頻度", &[]);
pub const S_VISIT_FREQUENCY: Label = Label::new("訪問支援の頻度", &[]);
pub const S_WHEN_HARD: Label = Label::new(
    "支援を受けることが難しくなった場合・・・",
    &["支援を受けることが難しくなった場合"],
);
pub const S_WISHES: Label = Label::new("支援者にしてほしいこと/してもよいこと", &[]);
pub const S_CONTACT1: Label = Label::new("連絡してもよい人1", &[]);
pub const S_CONTACT2: Label = Label::new("連絡してもよい人2", &[]);
pub const S_TEL: Label = Label::new("連絡先", &[]);
pub const S_SERVICES: Label = Label::new("その他のサービス", &[]);
pub const S_AGENCY: Label = Label::new("機関名（担当者名）", &["機関名"]);
pub const S_DETAIL: Label = Label::new("具体的な内容および特記", &["具体的な内容"]);
/// The rows of the その他のサービス table, in the order of `Subtool::services`.
pub const S_SERVICE_ROWS: [Label; 3] = [
    Label::new("相談支援", &[]),
    Label::new("学校/職場での支援", &["学校・職場での支援"]),
    Label::new("その他", &[]),
];

// 別紙4
pub const C_CREATED: Label = P_CREATED;
pub const C_SUPPORTERS: Label = Label::new(
    "日常的なサポーター（援助者・支援者）や相談先",
    &["日常的なサポーター"],
);
pub const C_SUPPORTER_NAME: Label = Label::new("名前・機関", &["名前"]);
pub const C_SUPPORTER_CONTACT: Label = S_TEL;
pub const C_SUPPORTER_ROLE: Label = Label::new("関係・役割", &["関係"]);
pub const C_SIGNS: Label = Label::new("調子が悪くなってきたサイン", &[]);
pub const C_ACTIONS: Label = Label::new(
    "サインに気づいたときにすること",
    &["サインに気付いたときにすること"],
);
pub const C_SELF_SIGN: Label = Label::new("自分でわかるサイン", &[]);
pub const C_OTHERS_SIGN: Label = Label::new(
    "まわりの人が気づくサイン",
    &["周りの人が気づくサイン", "まわりの人が気付くサイン"],
);
pub const C_SELF_ACTION: Label = Label::new("自分がすること", &[]);
pub const C_OTHERS_ACTION: Label = Label::new("まわりの人がすること", &["周りの人がすること"]);

/// The option words of each checkbox group, as the seed prints them (and the spellings offices
/// type). The reader splits a group into its options at these words when marks stand in cells of
/// their own, and counts them as the form's own text.
pub const TIMING_WORDS: &[&str] = &[
    "入院中",
    "退院直後",
    "退院",
    "CM導入時",
    "ケースマネジメント導入時",
    "CM",
    "その他",
];
pub const KIND_WORDS: &[&str] = &[
    "作成/更新",
    "作成・更新",
    "作成",
    "更新",
    "微修正",
    "モニタリング",
    "内容の確認",
    "その他",
];
pub const SETTING_WORDS: &[&str] = &["個別面接", "面接", "ケア会議等", "ケア会議", "その他"];
pub const PARTICIPANT_WORDS: &[&str] = &[
    "本人",
    "家族",
    "同僚・上司",
    "友人",
    "主治医",
    "当該医療機関職員",
    "地域援助事業者",
    "行政機関の職員",
    "その他",
];
pub const PLACE_WORDS: &[&str] = &["自宅訪問", "職場・学校等の活動場訪問", "医療機関", "その他"];
pub const FREQUENCY_WORDS: &[&str] = &["週", "月"];
pub const PRESENCE_WORDS: &[&str] = &["有", "無"];

/// Words the paper prints around its blanks and groups: they are the form's, not entries.
pub const BLANK_WORDS: &[&str] = &[
    "年",
    "月",
    "日",
    "令和",
    "平成",
    "昭和",
    "名",
    "回",
    "or",
    "ヵ月後",
    "か月後",
    "ヶ月後",
    "カ月後",
    "ケ月後",
    "その他1",
    "その他2",
    "で悩んでいる・困っている",
    "主な支援場所と頻度",
    "私を応援してくれる人",
    "様式第",
    "号",
    "別紙",
    "関係性の選択肢",
];

/// The name of each form's sheet, and the short names offices give them.
pub fn sheet_names(form: Form) -> &'static [&'static str] {
    match form {
        Form::Questionnaire => &[
            "支援ニーズに関するアンケート",
            "アンケート",
            "別紙1",
            "ニーズアンケート",
        ],
        // The longer names first: 「支援計画シート（追加項目：補助ツール）」 is the sub-tool.
        Form::Subtool => &[
            "支援計画シート（追加項目：補助ツール）",
            "補助ツール",
            "別紙3",
        ],
        Form::Plan => &["支援計画シート", "支援計画", "別紙2"],
        Form::Crisis => &["クライシスプラン", "クライシス・プラン", "別紙4"],
    }
}

/// The sheet name cmsheets writes for the form (the copy suffix follows it).
pub fn sheet_name(form: Form) -> &'static str {
    match form {
        Form::Questionnaire => "アンケート",
        Form::Plan => "支援計画シート",
        Form::Subtool => "補助ツール",
        Form::Crisis => "クライシスプラン",
    }
}

/// Recognition order: the sub-tool's title begins with the plan's.
pub const RECOGNITION_ORDER: [Form; 4] =
    [Form::Subtool, Form::Questionnaire, Form::Plan, Form::Crisis];

/// Which form a sheet name names, with what follows the name: Excel's copy suffix 「 (2)」, a
/// version 「（第2版）」, a date. None for 説明, notes and the office's other sheets.
pub fn form_of_sheet_name(name: &str) -> Option<(Form, String)> {
    let key = label_key(name);
    for form in RECOGNITION_ORDER {
        for n in sheet_names(form) {
            let k = label_key(n);
            if let Some(rest) = key.strip_prefix(&k) {
                if rest.is_empty()
                    || rest.starts_with([
                        '(', '-', '_', '第', '2', '3', '4', '5', '6', '7', '8', '9', '1', '0', 'r',
                        'h', '令', '平', '・', '.', ' ',
                    ])
                {
                    // 「別紙2」 must not read as 「別紙2」+「0」 of 別紙20; no such form exists.
                    return Some((form, rest.to_string()));
                }
            }
        }
    }
    None
}

/// Which form a title cell names (the first rows of a sheet an office named its own way).
pub fn form_of_title(text: &str) -> Option<Form> {
    let key = label_key(text);
    RECOGNITION_ORDER.into_iter().find(|&f| {
        let title = label_key(f.title());
        key == title
            || key
                .strip_prefix(&label_key(f.label()))
                .is_some_and(|r| r == title)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_width_brackets_and_marks() {
        assert_eq!(label_key("作成日："), "作成日");
        assert_eq!(label_key("ケースＩＤ（必須）"), "ケースid");
        assert_eq!(label_key("評価*"), "評価");
        assert_eq!(label_key("何を（本人）"), "何を(本人)");
        assert_eq!(label_key("ニーズ／課題"), "ニーズ/課題");
        assert_eq!(
            label_key("支援を受けることが難しくなった場合・・・"),
            "支援を受けることが難しくなった場合"
        );
    }

    #[test]
    fn sheet_names_with_copy_suffixes() {
        assert_eq!(
            form_of_sheet_name("支援計画シート (2)").map(|f| f.0),
            Some(Form::Plan)
        );
        assert_eq!(
            form_of_sheet_name("支援計画シート（第2版）").map(|f| f.0),
            Some(Form::Plan)
        );
        assert_eq!(
            form_of_sheet_name("支援計画シート（追加項目：補助ツール）").map(|f| f.0),
            Some(Form::Subtool)
        );
        assert_eq!(
            form_of_sheet_name("補助ツール（第2版）").map(|f| f.1),
            Some("(第2版)".into())
        );
        assert_eq!(form_of_sheet_name("別紙4").map(|f| f.0), Some(Form::Crisis));
        assert_eq!(
            form_of_sheet_name("ｱﾝｹｰﾄ").map(|f| f.0),
            Some(Form::Questionnaire)
        );
        assert_eq!(form_of_sheet_name("説明"), None);
        assert_eq!(form_of_sheet_name("支援計画メモ"), None);
    }

    #[test]
    fn titles() {
        assert_eq!(form_of_title("支援計画シート"), Some(Form::Plan));
        assert_eq!(form_of_title("別紙２　支援計画シート"), Some(Form::Plan));
        assert_eq!(
            form_of_title(" 支援ニーズに関するアンケート "),
            Some(Form::Questionnaire)
        );
        assert_eq!(
            form_of_title("支援計画シート（追加項目：補助ツール）"),
            Some(Form::Subtool)
        );
        assert_eq!(form_of_title("作成日"), None);
    }
}
