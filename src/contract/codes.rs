//! The code lists of the intake contract, each accepting every spelling the contract lists
//! (compared after width folding, so 全角/半角 and spaces never matter).

use super::text::fold;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

fn spellings<C: Code>(all: &[C]) -> HashMap<String, C> {
    let mut t = HashMap::new();
    for &c in all {
        for s in std::iter::once(c.label()).chain(c.aliases().iter().copied()) {
            t.entry(fold(s)).or_insert(c);
        }
    }
    t
}

/// A closed list of codes read from a cell.
///
/// ```
/// use cmsheets::contract::codes::{Code, Evaluation, Relation};
/// assert_eq!(Evaluation::parse("○"), Some(Evaluation::Smooth));
/// assert_eq!(Evaluation::parse("バツ").map(Evaluation::label), Some("×"));
/// assert_eq!(Relation::parse("イ：父母"), Relation::parse("父母"));
/// ```
pub trait Code: Sized + Copy + 'static {
    /// Every value, in the order the form prints them.
    const ALL: &'static [Self];
    /// What the template's dropdown offers and what the report prints.
    fn label(self) -> &'static str;
    /// Further accepted spellings (folded before comparison).
    fn aliases(self) -> &'static [&'static str];

    /// Every accepted spelling, folded, and its code: built once per code list.
    fn table() -> &'static HashMap<String, Self>;

    fn parse(raw: &str) -> Option<Self> {
        let table = Self::table();
        // Most cells hold a canonical spelling: try it before paying for the fold.
        if let Some(c) = table.get(raw) {
            return Some(*c);
        }
        table.get(&fold(raw)).copied()
    }

    /// The dropdown choices of the blank intake workbook.
    fn choices() -> Vec<&'static str> {
        Self::ALL.iter().map(|c| c.label()).collect()
    }
}

macro_rules! code_list {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:literal $([$($alias:literal),*])?),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name { $($variant),+ }
        impl Code for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn label(self) -> &'static str {
                match self { $(Self::$variant => $label),+ }
            }
            fn aliases(self) -> &'static [&'static str] {
                match self { $(Self::$variant => &[$($($alias),*)?]),+ }
            }
            fn table() -> &'static HashMap<String, Self> {
                static TABLE: OnceLock<HashMap<String, $name>> = OnceLock::new();
                TABLE.get_or_init(|| spellings(Self::ALL))
            }
        }
    };
}

code_list! {
    /// 別紙1 answer codes, after the CAN rating scale.
    Answer {
        Met => "1" ["困っているが、支援を受けている", "支援済み", "支援済"],
        Unmet => "2" ["困っていて、まだ支援を受けていない", "要支援"],
        NoNeed => "0" ["困っていない", "不要"],
        Unknown => "9" ["わからない", "不明"],
    }
}

impl Answer {
    pub fn code(self) -> &'static str {
        self.label()
    }
    /// The default column heading of the paper form (a deployment may reword it).
    pub fn default_heading(self) -> &'static str {
        self.aliases()[0]
    }
}

code_list! {
    /// ◎〇△× of a need, evaluated with the person at a review.
    Evaluation {
        Closed => "◎" ["二重丸", "終結", "◎終結"],
        Smooth => "〇" ["○", "◯", "丸", "まる", "円滑", "円滑に取り組みができている", "〇円滑に取り組みができている"],
        Issues => "△" ["三角", "▲", "課題あり", "取り組み中だが課題がある", "△取り組み中だが課題がある"],
        Stopped => "×" ["x", "✕", "✖", "☓", "バツ", "ばつ", "中止", "困難", "取り組み中止・困難", "取り組み中止/取り組み困難等", "×取り組み中止・困難"],
    }
}

code_list! {
    /// 関係性 of a supporter on 別紙3.
    Relation {
        I => "イ：父母" ["イ", "父母", "イ父母", "イ:父母"],
        Ro => "ロ：きょうだい" ["ロ", "きょうだい", "ロきょうだい", "兄弟", "兄弟姉妹"],
        Ha => "ハ：妻/夫" ["ハ", "妻/夫", "ハ妻/夫", "妻", "夫", "配偶者"],
        Ni => "ニ：それ以外の家族/親族" ["ニ", "それ以外の家族/親族", "ニそれ以外の家族/親族", "親族"],
        Ho => "ホ：友人等" ["ホ", "友人等", "ホ友人等", "友人"],
        He => "ヘ：同僚" ["ヘ", "同僚", "ヘ同僚"],
        To => "ト：医療機関の職員" ["ト", "医療機関の職員", "ト医療機関の職員"],
        Chi => "チ：地域援助事業者" ["チ", "地域援助事業者", "チ地域援助事業者"],
        Ri => "リ：行政機関の職員" ["リ", "行政機関の職員", "リ行政機関の職員"],
        Nu => "ヌ：その他" ["ヌ", "その他", "ヌその他"],
    }
}

impl Relation {
    /// The kana printed in 関係性（ ）.
    pub fn kana(self) -> &'static str {
        self.aliases()[0]
    }
}

code_list! {
    /// 評価時期 of a monitoring row.
    Timing {
        Inpatient => "入院中" [],
        JustDischarged => "退院直後" [],
        AfterDischarge => "退院ヵ月後" ["退院か月後", "退院ヶ月後", "退院カ月後", "退院ケ月後", "退院　ヵ月後"],
        CmStart => "CM導入時" ["ケースマネジメント導入時"],
        CmAfter => "CMヵ月後" ["CMか月後", "CMヶ月後", "CMカ月後", "CMケ月後", "CM　ヵ月後"],
    }
}

impl Timing {
    pub fn needs_months(self) -> bool {
        matches!(self, Timing::AfterDischarge | Timing::CmAfter)
    }

    /// Also reads 「退院3ヵ月後」 with the months written in, as people type it.
    pub fn parse_with_months(raw: &str) -> Option<(Self, Option<u32>)> {
        if let Some(t) = Self::parse(raw) {
            return Some((t, None));
        }
        let key = fold(raw);
        let digits: String = key.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() || digits.len() > 3 {
            return None;
        }
        let without: String = key.chars().filter(|c| !c.is_ascii_digit()).collect();
        let t = Self::parse(&without)?;
        t.needs_months().then(|| (t, digits.parse().ok()))
    }
}

code_list! {
    /// 更新/モニタリング.
    ReviewKind {
        CreateUpdate => "作成/更新" ["作成", "更新", "作成・更新"],
        Minor => "微修正" [],
        Monitoring => "モニタリング" ["モニタリング（内容の確認）", "内容の確認"],
        Other => "その他" [],
    }
}

code_list! {
    /// セッティング of a monitoring session.
    Setting {
        Individual => "個別面接" ["面接", "個別"],
        CareMeeting => "ケア会議等" ["ケア会議"],
        Other => "その他" [],
    }
}

code_list! {
    /// 短期目標の達成, judged at a monitoring.
    GoalMet {
        Met => "達成" [],
        Partly => "一部達成" [],
        NotMet => "未達成" [],
    }
}

code_list! {
    /// 同意した人 of a plan version: the person, or a proxy (whose 続柄 is then given).
    AgreedBy {
        Person => "本人" ["本人が同意", "本人同意"],
        Proxy => "代理" ["代理人", "代理人が同意", "代理同意"],
    }
}

code_list! {
    /// 有/無 fields (participants 本人 and 主治医, the その他のサービス).
    YesNo {
        Yes => "有" ["あり", "✔", "✓", "〇", "○", "◯", "1", "はい", "yes", "true", "参加"],
        No => "無" ["なし", "0", "×", "-", "いいえ", "no", "false", "不参加"],
    }
}

impl YesNo {
    pub fn is_yes(self) -> bool {
        self == YesNo::Yes
    }
}

code_list! {
    /// 主な支援場所 on 別紙3.
    Place {
        Home => "自宅訪問" ["自宅"],
        WorkSchool => "職場・学校等の活動場訪問" ["職場・学校等", "職場", "学校", "活動場訪問"],
        Medical => "医療機関" [],
        Other => "その他" [],
    }
}

code_list! {
    /// 区分 of a crisis-plan bullet (別紙4).
    CrisisSection {
        SelfSign => "自分でわかるサイン" [],
        OthersSign => "まわりの人が気づくサイン" ["周りの人が気づくサイン", "まわりの人が気付くサイン", "周りの人が気付くサイン"],
        SelfAction => "自分がすること" [],
        OthersAction => "まわりの人がすること" ["周りの人がすること"],
    }
}

/// 支援頻度 「週2回」「月１回」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Frequency {
    pub unit: FrequencyUnit,
    pub count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrequencyUnit {
    Week,
    Month,
}

impl Frequency {
    pub fn parse(raw: &str) -> Option<Self> {
        let key = fold(raw);
        let key = key.strip_prefix("毎").unwrap_or(&key);
        let (unit, rest) = if let Some(r) = key.strip_prefix('週') {
            (FrequencyUnit::Week, r)
        } else if let Some(r) = key.strip_prefix('月') {
            (FrequencyUnit::Month, r)
        } else {
            return None;
        };
        let n = rest.strip_suffix('回').unwrap_or(rest);
        if n.is_empty() || n.len() > 3 || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Frequency {
            unit,
            count: n.parse().ok()?,
        })
    }
}

/// One item of 別紙1: its id, its domain group and the seed's wording.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    pub id: &'static str,
    pub group: char,
    pub text: &'static str,
}

/// The questionnaire items A1–O2, worded exactly as the seed's 別紙1.
pub const ITEMS: &[Item] = &[
    Item {
        id: "A1",
        group: 'A',
        text: "住居のことで悩んでいる・困っている",
    },
    Item {
        id: "A2",
        group: 'A',
        text: "経済的に悩んでいる・困っている",
    },
    Item {
        id: "A3",
        group: 'A',
        text: "家族、パートナー等との関係で悩んでいる・困っている",
    },
    Item {
        id: "A4",
        group: 'A',
        text: "18歳以下の子供の養育のことで悩んでいる・困っている",
    },
    Item {
        id: "A5",
        group: 'A',
        text: "高齢者、障害者の介護のことで悩んでいる・困っている",
    },
    Item {
        id: "B1",
        group: 'B',
        text: "食事のこと（料理、外食、食事の購入など）ことで悩んでいる・困っている",
    },
    Item {
        id: "B2",
        group: 'B',
        text: "自室や生活環境の整理整頓のことで悩んでいる・困っている",
    },
    Item {
        id: "B3",
        group: 'B',
        text: "入浴、歯磨き等の清潔保持のことで悩んでいる・困っている",
    },
    Item {
        id: "B4",
        group: 'B',
        text: "電話の有無、電話使用のことで悩んでいる・困っている",
    },
    Item {
        id: "B5",
        group: 'B',
        text: "公共交通機関、車等の移動手段の利用のことで悩んでいる・困っている",
    },
    Item {
        id: "B6",
        group: 'B',
        text: "お金の管理や計画的な使用ができないことで悩んでいる・困っている",
    },
    Item {
        id: "B7",
        group: 'B',
        text: "読み書き、計算等のことで悩んでいる・困っている",
    },
    Item {
        id: "C1",
        group: 'C',
        text: "適切な日中の時間の過ごし方（仕事や学校のことを含む）で悩んでいる・困っている",
    },
    Item {
        id: "C2",
        group: 'C',
        text: "家族以外との社会的交流のことで悩んでいる・困っている",
    },
    Item {
        id: "D1",
        group: 'D',
        text: "幻覚、妄想、考えがまとまらない等のことで悩んでいる・困っている",
    },
    Item {
        id: "D2",
        group: 'D',
        text: "体の病気、副作用を含む体の症状のことで悩んでいる・困っている",
    },
    Item {
        id: "D3",
        group: 'D',
        text: "不安、抑うつ、悩みごと等で悩んでいる・困っている",
    },
    Item {
        id: "D4",
        group: 'D',
        text: "性に関係する問題で悩んでいる・困っている",
    },
    Item {
        id: "E1",
        group: 'E',
        text: "治療や処遇について情報がない、または理解が難しくて悩んでいる・困っている",
    },
    Item {
        id: "E2",
        group: 'E',
        text: "病気の自己管理（薬の管理や症状への対処など）で悩んでいる・困っている",
    },
    Item {
        id: "F1",
        group: 'F',
        text: "アルコールに関連することで悩んでいる・困っている",
    },
    Item {
        id: "F2",
        group: 'F',
        text: "処方薬依存・乱用を含む薬物関連のことで悩んでいる・困っている",
    },
    Item {
        id: "F3",
        group: 'F',
        text: "自殺に関連する行動や自傷のことで悩んでいる・困っている",
    },
    Item {
        id: "F4",
        group: 'F',
        text: "他者に対する暴力、威嚇行動等のことで悩んでいる・困っている",
    },
    Item {
        id: "F5",
        group: 'F',
        text: "衝動性や強迫行為、こだわりが強すぎる等のことで悩んでいる・困っている",
    },
    Item {
        id: "O1",
        group: 'O',
        text: "その他 1",
    },
    Item {
        id: "O2",
        group: 'O',
        text: "その他 2",
    },
];

/// The CAN-J domain of each item group.
pub fn domain_name(group: char) -> &'static str {
    match group {
        'A' => "環境要因",
        'B' => "生活機能（活動）",
        'C' => "社会参加",
        'D' => "心身の状態",
        'E' => "支援継続に関する課題",
        'F' => "行動に関する課題",
        _ => "その他",
    }
}

/// Index into [`ITEMS`] of an item id (「a1」「Ａ１」 accepted).
pub fn item_index(raw: &str) -> Option<usize> {
    let key = fold(raw);
    ITEMS.iter().position(|i| i.id.eq_ignore_ascii_case(&key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluation_spellings() {
        for s in ["◎", "二重丸", " ◎ "] {
            assert_eq!(Evaluation::parse(s), Some(Evaluation::Closed), "{s}");
        }
        for s in ["〇", "○", "◯", "丸"] {
            assert_eq!(Evaluation::parse(s), Some(Evaluation::Smooth), "{s}");
        }
        for s in ["△", "三角"] {
            assert_eq!(Evaluation::parse(s), Some(Evaluation::Issues), "{s}");
        }
        for s in ["×", "x", "X", "✕", "バツ", "ｘ"] {
            assert_eq!(Evaluation::parse(s), Some(Evaluation::Stopped), "{s}");
        }
        assert_eq!(Evaluation::parse("?"), None);
        assert_eq!(Evaluation::parse(""), None);
    }

    #[test]
    fn answer_spellings() {
        assert_eq!(Answer::parse("１"), Some(Answer::Met));
        assert_eq!(
            Answer::parse("困っていて、まだ支援を受けていない"),
            Some(Answer::Unmet)
        );
        assert_eq!(Answer::parse("不要"), Some(Answer::NoNeed));
        assert_eq!(Answer::parse("ﾌﾒｲ"), None);
        assert_eq!(Answer::parse("不明"), Some(Answer::Unknown));
        assert_eq!(Answer::parse("3"), None);
    }

    #[test]
    fn relation_spellings() {
        for s in ["イ", "父母", "イ：父母", "イ:父母", "イ 父母"] {
            assert_eq!(Relation::parse(s), Some(Relation::I), "{s}");
        }
        assert_eq!(Relation::parse("ヌ：その他"), Some(Relation::Nu));
        assert_eq!(Relation::I.kana(), "イ");
    }

    #[test]
    fn timing_with_months() {
        assert_eq!(
            Timing::parse_with_months("CMヵ月後"),
            Some((Timing::CmAfter, None))
        );
        assert_eq!(
            Timing::parse_with_months("退院3ヵ月後"),
            Some((Timing::AfterDischarge, Some(3)))
        );
        assert_eq!(
            Timing::parse_with_months("ＣＭ　６ヶ月後"),
            Some((Timing::CmAfter, Some(6)))
        );
        assert_eq!(Timing::parse_with_months("入院中3"), None);
    }

    #[test]
    fn frequencies() {
        assert_eq!(
            Frequency::parse("週２回"),
            Some(Frequency {
                unit: FrequencyUnit::Week,
                count: 2
            })
        );
        assert_eq!(
            Frequency::parse("月1回"),
            Some(Frequency {
                unit: FrequencyUnit::Month,
                count: 1
            })
        );
        assert_eq!(Frequency::parse("週"), None);
        assert_eq!(Frequency::parse("年1回"), None);
    }

    #[test]
    fn items_are_complete() {
        assert_eq!(ITEMS.len(), 27);
        assert_eq!(item_index("ｆ５"), Some(24));
        assert_eq!(item_index("o2"), Some(26));
    }
}
