//! The sheets and columns of the intake contract (spec/intake.md). Readers match headings against
//! this table; `cmsheets template` writes it out as the blank workbook.

use super::codes::{
    Answer, Code, CrisisSection, Evaluation, GoalMet, Place, Relation, ReviewKind, Setting, Timing,
    YesNo, ITEMS,
};
use super::text::fold;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sheet {
    Cases,
    Questionnaires,
    Plans,
    Monitoring,
    Needs,
    Subtool,
    Supporters,
    CrisisPlans,
    CrisisSupporters,
    /// 地域区分: which 保健所 and 圏域 each 地域 belongs to, for the report's nested 地域別. Not
    /// a case's record: optional in any intake, or given on its own with `report --areas`.
    Areas,
}

impl Sheet {
    pub const ALL: [Sheet; 10] = [
        Sheet::Cases,
        Sheet::Questionnaires,
        Sheet::Plans,
        Sheet::Monitoring,
        Sheet::Needs,
        Sheet::Subtool,
        Sheet::Supporters,
        Sheet::CrisisPlans,
        Sheet::CrisisSupporters,
        Sheet::Areas,
    ];

    pub fn ja(self) -> &'static str {
        match self {
            Sheet::Cases => "ケース",
            Sheet::Questionnaires => "アンケート",
            Sheet::Plans => "支援計画",
            Sheet::Monitoring => "モニタリング",
            Sheet::Needs => "ニーズ",
            Sheet::Subtool => "補助ツール",
            Sheet::Supporters => "頼りにしている人",
            Sheet::CrisisPlans => "クライシスプラン",
            Sheet::CrisisSupporters => "日常的なサポーター",
            Sheet::Areas => "地域区分",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Sheet::Cases => "cases",
            Sheet::Questionnaires => "questionnaires",
            Sheet::Plans => "plans",
            Sheet::Monitoring => "monitoring",
            Sheet::Needs => "needs",
            Sheet::Subtool => "subtool",
            Sheet::Supporters => "supporters",
            Sheet::CrisisPlans => "crisis_plans",
            Sheet::CrisisSupporters => "crisis_supporters",
            Sheet::Areas => "areas",
        }
    }

    /// Matches a sheet name or a CSV file stem, in Japanese or as the English key.
    pub fn from_name(name: &str) -> Option<Sheet> {
        let key = fold(name);
        Sheet::ALL
            .into_iter()
            .find(|s| fold(s.ja()) == key || s.key() == key)
    }

    pub fn columns(self) -> &'static [Column] {
        static TABLES: OnceLock<Vec<Vec<Column>>> = OnceLock::new();
        let tables = TABLES.get_or_init(|| Sheet::ALL.iter().map(|s| s.build_columns()).collect());
        &tables[self as usize]
    }

    pub fn column(self, key: &str) -> &'static Column {
        self.columns()
            .iter()
            .find(|c| c.key == key)
            .unwrap_or_else(|| panic!("column {key} is not in the {} schema", self.key()))
    }

    /// What the 説明 sheet says of the sheet.
    pub fn help(self) -> &'static str {
        match self {
            Sheet::Cases => "1人につき1行。ケースIDは英数字・ハイフン・下線のみで、ファイル名に使われます（氏名は使われません）。",
            Sheet::Questionnaires => "別紙1 支援ニーズに関するアンケート。回答1回につき1行。A1〜O2は 1/2/0/9 または選択肢の文言で。",
            Sheet::Plans => "別紙2 支援計画シート。作成番号（版）ごとに1行。参加者は本人・主治医が有/無、その他は人数。",
            Sheet::Monitoring => "別紙2 モニタリング欄。その版の計画で実施したモニタリングごとに1行（初回は不要）。",
            Sheet::Needs => "別紙2 ニーズ/課題への対応。ニーズごとに1行。評価は ◎ 〇 △ ×（未評価は空欄）。",
            Sheet::Subtool => "別紙3 補助ツール。作成番号ごとに最大1行。支援者が4名以上になる場合に使用します。",
            Sheet::Supporters => "別紙3 私が頼りにしている人、私を応援してくれる人。1人につき1行。",
            Sheet::CrisisPlans => "別紙4 クライシスプラン。サインやすることを1項目につき1行。作成日で版を区別します。",
            Sheet::CrisisSupporters => "別紙4 日常的なサポーター（援助者・支援者）や相談先。1人（1機関）につき1行。",
            Sheet::Areas => "集計用（任意）。地域（ケースシートの「地域」の値）ごとに1行、その保健所と圏域。集計レポートの地域別が 圏域 → 保健所 → 地域 の小計つきになります。",
        }
    }

    fn build_columns(self) -> Vec<Column> {
        use Kind::*;
        let c = |ja: &'static str, key: &'static str, req: bool, kind: Kind, help: &'static str| {
            Column {
                ja: ja.into(),
                key: key.into(),
                required: req,
                kind,
                help: help.into(),
            }
        };
        let case_ref = || c("ケースID", "case_id", true, Ref, "ケースシートのケースID");
        let plan_ref = || {
            c(
                "作成番号",
                "plan_no",
                true,
                Int,
                "支援計画シートの作成番号（版）",
            )
        };
        match self {
            Sheet::Cases => vec![
                c(
                    "ケースID",
                    "case_id",
                    true,
                    Id,
                    "英数字・ハイフン・下線のみ。重複不可。ファイル名に使われます",
                ),
                c(
                    "本人氏名",
                    "name",
                    true,
                    Text,
                    "印刷にのみ使われ、ファイル名・集計には出ません",
                ),
                c("ふりがな", "kana", false, Text, ""),
                c(
                    "地域",
                    "region",
                    true,
                    Text,
                    "集計の単位（保健所または市町村）",
                ),
                c(
                    "担当機関",
                    "agency",
                    false,
                    Text,
                    "マネジメント担当者の所属",
                ),
                c(
                    "マネジメント担当者",
                    "manager",
                    true,
                    Text,
                    "ケースマネジメント担当者（CM）",
                ),
                c(
                    "CM開始日",
                    "cm_start",
                    false,
                    Date,
                    "ケースマネジメントの開始日",
                ),
                c(
                    "CM終了日",
                    "cm_end",
                    false,
                    Date,
                    "支援の終了日（CM開始日以降）",
                ),
                c("終了理由", "end_reason", false, Text, ""),
            ],
            Sheet::Questionnaires => {
                let mut v = vec![
                    case_ref(),
                    c("記入日", "date", true, Date, "アンケートの記入日"),
                    c(
                        "生活上の希望または困っていること",
                        "wishes",
                        false,
                        Text,
                        "生活上の希望または困っていることは何ですか",
                    ),
                ];
                for item in ITEMS.iter().filter(|i| i.group != 'O') {
                    v.push(Column {
                        ja: item.id.into(),
                        key: item.id.to_ascii_lowercase(),
                        required: false,
                        kind: Choice(CodeList::Answer),
                        help: item.text.into(),
                    });
                }
                v.push(c("O1内容", "o1_text", false, Text, "その他1（　）の内容"));
                v.push(c("O2内容", "o2_text", false, Text, "その他2（　）の内容"));
                v.push(c(
                    "O1",
                    "o1",
                    false,
                    Choice(CodeList::Answer),
                    "その他1の回答",
                ));
                v.push(c(
                    "O2",
                    "o2",
                    false,
                    Choice(CodeList::Answer),
                    "その他2の回答",
                ));
                v
            }
            Sheet::Plans => vec![
                case_ref(),
                c(
                    "作成番号",
                    "plan_no",
                    true,
                    Int,
                    "版の番号（1から）。ケース内で重複不可",
                ),
                c("作成日", "created", true, Date, ""),
                c(
                    "次回見直し予定時期",
                    "review_due",
                    true,
                    Date,
                    "作成日より後",
                ),
                c(
                    "私の長期目標",
                    "long_goal",
                    true,
                    Text,
                    "本人の希望を「～したい」という表現で",
                ),
                c(
                    "短期目標",
                    "short_goal",
                    true,
                    Text,
                    "今回の支援計画における短期目標（数か月で実現可能なもの）",
                ),
                c(
                    "参加者 本人",
                    "p_self",
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c("参加者 家族", "p_family", false, Int, "人数"),
                c("参加者 同僚・上司", "p_colleague", false, Int, "人数"),
                c("参加者 友人", "p_friend", false, Int, "人数"),
                c(
                    "参加者 主治医",
                    "p_doctor",
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "参加者 当該医療機関職員",
                    "p_hospital_staff",
                    false,
                    Int,
                    "人数",
                ),
                c("参加者 地域援助事業者", "p_community", false, Int, "人数"),
                c("参加者 行政機関の職員", "p_government", false, Int, "人数"),
                c("参加者 その他", "p_other", false, Int, "人数"),
                c(
                    "参加者 その他内容",
                    "p_other_text",
                    false,
                    Text,
                    "その他の参加者（　）",
                ),
            ],
            Sheet::Monitoring => vec![
                case_ref(),
                plan_ref(),
                c("実施日", "date", true, Date, "その版の作成日以降"),
                c("評価時期", "timing", true, Choice(CodeList::Timing), ""),
                c(
                    "評価時期ヵ月",
                    "timing_months",
                    false,
                    Int,
                    "退院ヵ月後・CMヵ月後の月数",
                ),
                c(
                    "更新/モニタリング",
                    "kind",
                    true,
                    Choice(CodeList::ReviewKind),
                    "",
                ),
                c(
                    "更新/モニタリングその他",
                    "kind_text",
                    false,
                    Text,
                    "その他（　）の内容",
                ),
                c(
                    "セッティング",
                    "setting",
                    true,
                    Choice(CodeList::Setting),
                    "",
                ),
                c(
                    "セッティングその他",
                    "setting_text",
                    false,
                    Text,
                    "その他（　）の内容",
                ),
                c(
                    "具体的内容",
                    "notes",
                    false,
                    Text,
                    "具体的内容、場所、特記、前回の評価内容など",
                ),
                c(
                    "短期目標の達成",
                    "short_goal_met",
                    false,
                    Choice(CodeList::GoalMet),
                    "",
                ),
            ],
            Sheet::Needs => vec![
                case_ref(),
                plan_ref(),
                c("No", "no", true, Int, "版の中での番号（印刷順）"),
                c("ニーズ/課題", "need", true, Text, ""),
                c(
                    "何を（本人）",
                    "self_action",
                    false,
                    Text,
                    "本人が取り組むこと",
                ),
                c(
                    "何を（支援者）",
                    "supporter_action",
                    false,
                    Text,
                    "支援者が行うこと",
                ),
                c(
                    "支援者",
                    "supporter",
                    false,
                    Text,
                    "機関名・担当者名・連絡先",
                ),
                c(
                    "評価",
                    "evaluation",
                    false,
                    Choice(CodeList::Evaluation),
                    "◎終結 〇円滑 △課題あり ×中止・困難（未評価は空欄）",
                ),
                c(
                    "領域",
                    "domain",
                    false,
                    Choice(CodeList::Item),
                    "別紙1の項目（A1〜O2）",
                ),
            ],
            Sheet::Subtool => vec![
                case_ref(),
                plan_ref(),
                c(
                    "主な支援場所",
                    "places",
                    false,
                    Choice(CodeList::Places),
                    "自宅訪問／職場・学校等の活動場訪問／医療機関／その他 を「、」で区切って",
                ),
                c(
                    "主な支援場所その他",
                    "places_text",
                    false,
                    Text,
                    "その他（　）の内容",
                ),
                c(
                    "支援頻度",
                    "frequency",
                    false,
                    Choice(CodeList::Frequency),
                    "例: 週2回、月1回",
                ),
                c(
                    "訪問支援の頻度",
                    "visit_frequency",
                    false,
                    Choice(CodeList::Frequency),
                    "例: 週1回、月2回",
                ),
                c(
                    "支援者にしてほしいこと/してもよいこと",
                    "wishes_when_hard",
                    false,
                    Text,
                    "支援を受けることが難しくなった場合",
                ),
                c("連絡してもよい人1", "contact1", false, Text, ""),
                c("連絡先1", "contact1_tel", false, Text, ""),
                c("連絡してもよい人2", "contact2", false, Text, ""),
                c("連絡先2", "contact2_tel", false, Text, ""),
                c(
                    "相談支援",
                    "consult",
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "相談支援機関",
                    "consult_agency",
                    false,
                    Text,
                    "機関名（担当者名）",
                ),
                c(
                    "相談支援内容",
                    "consult_detail",
                    false,
                    Text,
                    "具体的な内容および特記",
                ),
                c(
                    "学校/職場での支援",
                    "school_work",
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "学校/職場での支援機関",
                    "school_work_agency",
                    false,
                    Text,
                    "機関名（担当者名）",
                ),
                c(
                    "学校/職場での支援内容",
                    "school_work_detail",
                    false,
                    Text,
                    "具体的な内容および特記",
                ),
                c(
                    "その他のサービス",
                    "other_service",
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "その他のサービス機関",
                    "other_service_agency",
                    false,
                    Text,
                    "機関名（担当者名）",
                ),
                c(
                    "その他のサービス内容",
                    "other_service_detail",
                    false,
                    Text,
                    "具体的な内容および特記",
                ),
            ],
            Sheet::Supporters => vec![
                case_ref(),
                plan_ref(),
                c(
                    "氏名",
                    "name",
                    true,
                    Text,
                    "私が頼りにしている人、私を応援してくれる人",
                ),
                c(
                    "関係性",
                    "relation",
                    true,
                    Choice(CodeList::Relation),
                    "イ〜ヌ",
                ),
                c(
                    "関係性補足",
                    "relation_text",
                    false,
                    Text,
                    "リ（どの行政機関）、ヌ（その他の内容）",
                ),
            ],
            Sheet::CrisisPlans => vec![
                case_ref(),
                c(
                    "作成日",
                    "created",
                    true,
                    Date,
                    "同じ作成日の行が1つの版です",
                ),
                c("区分", "section", true, Choice(CodeList::CrisisSection), ""),
                c("内容", "text", true, Text, "1行に1項目（・）"),
            ],
            Sheet::CrisisSupporters => vec![
                case_ref(),
                c("作成日", "created", true, Date, "クライシスプランの作成日"),
                c("名前・機関", "name", true, Text, ""),
                c("連絡先", "contact", false, Text, ""),
                c("関係・役割", "role", false, Text, ""),
            ],
            Sheet::Areas => vec![
                c(
                    "地域",
                    "region",
                    true,
                    Text,
                    "ケースシートの「地域」と同じ書き方で",
                ),
                c("保健所", "centre", true, Text, "その地域を管轄する保健所"),
                c(
                    "圏域",
                    "zone",
                    false,
                    Text,
                    "保健所をまとめる圏域（二次医療圏など）。なければ空欄",
                ),
            ],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub ja: String,
    pub key: String,
    pub required: bool,
    pub kind: Kind,
    pub help: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// ケースID itself.
    Id,
    /// A reference to a ケースID.
    Ref,
    Text,
    Date,
    Int,
    Choice(CodeList),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeList {
    Answer,
    Evaluation,
    Relation,
    Timing,
    ReviewKind,
    Setting,
    GoalMet,
    YesNo,
    CrisisSection,
    Item,
    Frequency,
    /// 主な支援場所: several of [`Place`] in one cell.
    Places,
}

impl CodeList {
    /// The dropdown of the blank workbook (None: free entry, e.g. frequencies).
    pub fn choices(self) -> Vec<String> {
        let s = |v: Vec<&str>| v.into_iter().map(String::from).collect();
        match self {
            CodeList::Answer => s(Answer::ALL.iter().map(|a| a.code()).collect()),
            CodeList::Evaluation => s(Evaluation::choices()),
            CodeList::Relation => s(Relation::choices()),
            CodeList::Timing => s(Timing::choices()),
            CodeList::ReviewKind => s(ReviewKind::choices()),
            CodeList::Setting => s(Setting::choices()),
            CodeList::GoalMet => s(GoalMet::choices()),
            CodeList::YesNo => s(YesNo::choices()),
            CodeList::CrisisSection => s(CrisisSection::choices()),
            CodeList::Item => s(ITEMS.iter().map(|i| i.id).collect()),
            CodeList::Frequency => s(vec!["週1回", "週2回", "週3回", "月1回", "月2回"]),
            CodeList::Places => s(Place::choices()),
        }
    }

    /// Whether values outside the dropdown are still valid (frequencies: any 週N回/月N回).
    pub fn open(self) -> bool {
        matches!(self, CodeList::Frequency | CodeList::Places)
    }

    /// How the message names what is accepted.
    pub fn expected(self) -> String {
        match self {
            CodeList::Answer => "1（困っているが、支援を受けている）、2（困っていて、まだ支援を受けていない）、0（困っていない）、9（わからない）".into(),
            CodeList::Frequency => "「週2回」「月1回」の形".into(),
            CodeList::Item => "A1〜F5、O1、O2".into(),
            CodeList::Places => format!("{}（複数は「、」で区切る）", Place::choices().join("、")),
            other => other.choices().join("、"),
        }
    }
}

/// The comparison key of a heading: width-folded, no spaces, a trailing （必須） removed.
pub fn heading_key(raw: &str) -> String {
    let f = fold(raw);
    let f = f.strip_suffix("(必須)").unwrap_or(&f);
    f.to_string()
}

/// Finds which column of `sheet` a heading names.
pub fn match_heading(sheet: Sheet, raw: &str) -> Option<usize> {
    let key = heading_key(raw);
    if key.is_empty() {
        return None;
    }
    sheet
        .columns()
        .iter()
        .position(|c| heading_key(&c.ja) == key || c.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_in_any_width() {
        assert_eq!(match_heading(Sheet::Cases, "ケースＩＤ（必須）"), Some(0));
        assert_eq!(match_heading(Sheet::Cases, " case_id "), Some(0));
        assert_eq!(match_heading(Sheet::Plans, "参加者　本人"), Some(6));
        assert_eq!(match_heading(Sheet::Plans, "参加者本人"), Some(6));
        assert_eq!(match_heading(Sheet::Questionnaires, "Ａ１"), Some(3));
        assert_eq!(match_heading(Sheet::Questionnaires, "o1内容"), Some(28));
        assert_eq!(match_heading(Sheet::Needs, "氏名"), None);
    }

    #[test]
    fn sheets_by_either_name() {
        assert_eq!(Sheet::from_name("ニーズ"), Some(Sheet::Needs));
        assert_eq!(
            Sheet::from_name("crisis_supporters"),
            Some(Sheet::CrisisSupporters)
        );
        assert_eq!(Sheet::from_name("説明"), None);
    }

    #[test]
    fn keys_are_unique_per_sheet() {
        for s in Sheet::ALL {
            let cols = s.columns();
            for (i, a) in cols.iter().enumerate() {
                for b in &cols[i + 1..] {
                    assert_ne!(a.key, b.key);
                    assert_ne!(heading_key(&a.ja), heading_key(&b.ja));
                }
            }
        }
    }
}
