//! The sheets and columns of the intake contract (spec/intake.md). Readers match headings against
//! this table; `cmsheets template` writes it out as the blank workbook.

use super::codes::ITEMS;
use super::text::fold;
use std::sync::OnceLock;

pub use super::columns::{heading_key, CodeList, Column, InBook, Kind, CASE_ID_ALIASES};
pub use super::keys::Key;

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

    pub fn column(self, key: Key) -> &'static Column {
        &self.columns()[self.index(key)]
    }

    /// Where column `key` stands among the sheet's columns; None when the sheet has no such column.
    pub fn index_of(self, key: Key) -> Option<usize> {
        self.columns().iter().position(|c| c.key == key)
    }

    /// [`Sheet::index_of`] for a column the code knows the sheet has: asking a sheet for a
    /// column it lacks is a bug, caught by the tests that read every sheet.
    pub fn index(self, key: Key) -> usize {
        self.index_of(key)
            .unwrap_or_else(|| panic!("{key} is not a column of {}", self.key()))
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
        let c = |ja: &'static str, key: Key, req: bool, kind: Kind, help: &'static str| Column {
            ja: ja.into(),
            key,
            aliases: &[],
            in_book: InBook::OnForm,
            required: req,
            kind,
            help: help.into(),
        };
        let case_ref =
            || c("ケースID", Key::CaseId, true, Ref, "ケースシートのケースID").or(CASE_ID_ALIASES);
        let plan_ref = || {
            c(
                "作成番号",
                Key::PlanNo,
                true,
                Int,
                "支援計画シートの作成番号（版）",
            )
        };
        // 同意・交付 of a version (the plan's, the crisis plan's), beside the form: the seed's
        // forms have no place for them, so they print at the foot only when entered.
        let agreement_columns = |what: &str| -> Vec<Column> {
            let with = |col: Column, help: String| Column { help, ..col }.beside();
            vec![
                with(
                    c("同意日", Key::Agreed, false, Date, ""),
                    format!("本人（または代理人）が{what}に同意した日（任意。入力すると様式の下に印刷されます）"),
                ),
                with(
                    c("同意した人", Key::AgreedBy, false, Choice(CodeList::AgreedBy), ""),
                    "本人 または 代理（任意）".into(),
                ),
                with(
                    c("同意した人の続柄", Key::AgreedRelation, false, Text, ""),
                    "代理のときの本人との続柄（母、後見人 など）".into(),
                ),
                with(
                    c("交付日", Key::HandedOn, false, Date, ""),
                    format!("{what}を本人などに渡した日（任意）"),
                ),
                with(
                    c("交付先", Key::HandedTo, false, Text, ""),
                    "渡した相手（本人、母、グループホーム など。任意）".into(),
                ),
            ]
        };
        match self {
            Sheet::Cases => vec![
                c(
                    "ケースID",
                    Key::CaseId,
                    true,
                    Id,
                    "英数字・ハイフン・下線のみ。重複不可。ファイル名に使われます",
                )
                .or(CASE_ID_ALIASES),
                c(
                    "本人氏名",
                    Key::Name,
                    true,
                    Text,
                    "印刷にのみ使われ、ファイル名・集計には出ません",
                )
                .or(&["氏名", "本人の氏名"]),
                c("ふりがな", Key::Kana, false, Text, ""),
                c(
                    "地域",
                    Key::Region,
                    true,
                    Text,
                    "集計の単位（保健所または市町村）",
                ),
                c(
                    "担当機関",
                    Key::Agency,
                    false,
                    Text,
                    "マネジメント担当者の所属",
                )
                .or(&["所属機関"]),
                c(
                    "マネジメント担当者",
                    Key::Manager,
                    true,
                    Text,
                    "ケースマネジメント担当者（CM）",
                ),
                c(
                    "CM開始日",
                    Key::CmStart,
                    false,
                    Date,
                    "ケースマネジメントの開始日",
                )
                .or(&["ケースマネジメント開始日"]),
                c(
                    "CM終了日",
                    Key::CmEnd,
                    false,
                    Date,
                    "支援の終了日（CM開始日以降）",
                )
                .or(&["ケースマネジメント終了日"]),
                c("終了理由", Key::EndReason, false, Text, ""),
            ],
            Sheet::Questionnaires => {
                let mut v = vec![
                    case_ref(),
                    c("記入日", Key::Date, true, Date, "アンケートの記入日"),
                    c(
                        "生活上の希望または困っていること",
                        Key::Wishes,
                        false,
                        Text,
                        "生活上の希望または困っていることは何ですか",
                    ),
                ];
                for (i, item) in ITEMS.iter().enumerate().filter(|(_, i)| i.group != 'O') {
                    v.push(Column {
                        ja: item.id.into(),
                        key: Key::Item(i),
                        aliases: &[],
                        in_book: InBook::OnForm,
                        required: false,
                        kind: Choice(CodeList::Answer),
                        help: item.text.into(),
                    });
                }
                v.push(c("O1内容", Key::O1Text, false, Text, "その他1（　）の内容"));
                v.push(c("O2内容", Key::O2Text, false, Text, "その他2（　）の内容"));
                v.push(c(
                    "O1",
                    Key::Item(ITEMS.len() - 2),
                    false,
                    Choice(CodeList::Answer),
                    "その他1の回答",
                ));
                v.push(c(
                    "O2",
                    Key::Item(ITEMS.len() - 1),
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
                    Key::PlanNo,
                    true,
                    Int,
                    "版の番号（1から）。ケース内で重複不可",
                ),
                c("作成日", Key::Created, true, Date, "").or(&["計画作成日"]),
                c(
                    "次回見直し予定時期",
                    Key::ReviewDue,
                    true,
                    Date,
                    "作成日より後",
                ),
                c(
                    "私の長期目標",
                    Key::LongGoal,
                    true,
                    Text,
                    "本人の希望を「～したい」という表現で",
                )
                .or(&["長期目標"]),
                c(
                    "短期目標",
                    Key::ShortGoal,
                    true,
                    Text,
                    "今回の支援計画における短期目標（数か月で実現可能なもの）",
                ),
                c(
                    "参加者 本人",
                    Key::PSelf,
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c("参加者 家族", Key::PFamily, false, Int, "人数"),
                c("参加者 同僚・上司", Key::PColleague, false, Int, "人数"),
                c("参加者 友人", Key::PFriend, false, Int, "人数"),
                c(
                    "参加者 主治医",
                    Key::PDoctor,
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "参加者 当該医療機関職員",
                    Key::PHospitalStaff,
                    false,
                    Int,
                    "人数",
                ),
                c("参加者 地域援助事業者", Key::PCommunity, false, Int, "人数"),
                c(
                    "参加者 行政機関の職員",
                    Key::PGovernment,
                    false,
                    Int,
                    "人数",
                ),
                c("参加者 その他", Key::POther, false, Int, "人数"),
                c(
                    "参加者 その他内容",
                    Key::POtherText,
                    false,
                    Text,
                    "その他の参加者（　）",
                ),
            ]
            .into_iter()
            .chain(agreement_columns("この版の計画"))
            .collect(),
            Sheet::Monitoring => vec![
                case_ref(),
                plan_ref(),
                c("実施日", Key::Date, true, Date, "その版の作成日以降"),
                c("評価時期", Key::Timing, true, Choice(CodeList::Timing), ""),
                c(
                    "評価時期ヵ月",
                    Key::TimingMonths,
                    false,
                    Int,
                    "退院ヵ月後・CMヵ月後の月数",
                ),
                c(
                    "更新/モニタリング",
                    Key::Kind,
                    true,
                    Choice(CodeList::ReviewKind),
                    "",
                ),
                c(
                    "更新/モニタリングその他",
                    Key::KindText,
                    false,
                    Text,
                    "その他（　）の内容",
                ),
                c(
                    "セッティング",
                    Key::Setting,
                    true,
                    Choice(CodeList::Setting),
                    "",
                ),
                c(
                    "セッティングその他",
                    Key::SettingText,
                    false,
                    Text,
                    "その他（　）の内容",
                ),
                c(
                    "具体的内容",
                    Key::Notes,
                    false,
                    Text,
                    "具体的内容、場所、特記、前回の評価内容など",
                ),
                c(
                    "短期目標の達成",
                    Key::ShortGoalMet,
                    false,
                    Choice(CodeList::GoalMet),
                    "",
                ),
            ],
            Sheet::Needs => vec![
                case_ref(),
                plan_ref(),
                c("No", Key::No, true, Int, "版の中での番号（印刷順）"),
                c("ニーズ/課題", Key::Need, true, Text, ""),
                c(
                    "何を（本人）",
                    Key::SelfAction,
                    false,
                    Text,
                    "本人が取り組むこと",
                ),
                c(
                    "何を（支援者）",
                    Key::SupporterAction,
                    false,
                    Text,
                    "支援者が行うこと",
                ),
                c(
                    "支援者",
                    Key::Supporter,
                    false,
                    Text,
                    "機関名・担当者名・連絡先",
                ),
                c(
                    "評価",
                    Key::Evaluation,
                    false,
                    Choice(CodeList::Evaluation),
                    "◎終結 〇円滑 △課題あり ×中止・困難（未評価は空欄）",
                ),
                c(
                    "領域",
                    Key::Domain,
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
                    Key::Places,
                    false,
                    Choice(CodeList::Places),
                    "自宅訪問／職場・学校等の活動場訪問／医療機関／その他 を「、」で区切って",
                ),
                c(
                    "主な支援場所その他",
                    Key::PlacesText,
                    false,
                    Text,
                    "その他（　）の内容",
                ),
                c(
                    "支援頻度",
                    Key::Frequency,
                    false,
                    Choice(CodeList::Frequency),
                    "例: 週2回、月1回",
                ),
                c(
                    "訪問支援の頻度",
                    Key::VisitFrequency,
                    false,
                    Choice(CodeList::Frequency),
                    "例: 週1回、月2回",
                ),
                c(
                    "支援者にしてほしいこと/してもよいこと",
                    Key::WishesWhenHard,
                    false,
                    Text,
                    "支援を受けることが難しくなった場合",
                ),
                c("連絡してもよい人1", Key::Contact1, false, Text, ""),
                c("連絡先1", Key::Contact1Tel, false, Text, ""),
                c("連絡してもよい人2", Key::Contact2, false, Text, ""),
                c("連絡先2", Key::Contact2Tel, false, Text, ""),
                c(
                    "相談支援",
                    Key::Consult,
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "相談支援機関",
                    Key::ConsultAgency,
                    false,
                    Text,
                    "機関名（担当者名）",
                ),
                c(
                    "相談支援内容",
                    Key::ConsultDetail,
                    false,
                    Text,
                    "具体的な内容および特記",
                ),
                c(
                    "学校/職場での支援",
                    Key::SchoolWork,
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "学校/職場での支援機関",
                    Key::SchoolWorkAgency,
                    false,
                    Text,
                    "機関名（担当者名）",
                ),
                c(
                    "学校/職場での支援内容",
                    Key::SchoolWorkDetail,
                    false,
                    Text,
                    "具体的な内容および特記",
                ),
                c(
                    "その他のサービス",
                    Key::OtherService,
                    false,
                    Choice(CodeList::YesNo),
                    "有/無",
                ),
                c(
                    "その他のサービス機関",
                    Key::OtherServiceAgency,
                    false,
                    Text,
                    "機関名（担当者名）",
                ),
                c(
                    "その他のサービス内容",
                    Key::OtherServiceDetail,
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
                    Key::Name,
                    true,
                    Text,
                    "私が頼りにしている人、私を応援してくれる人",
                ),
                c(
                    "関係性",
                    Key::Relation,
                    true,
                    Choice(CodeList::Relation),
                    "イ〜ヌ",
                ),
                c(
                    "関係性補足",
                    Key::RelationText,
                    false,
                    Text,
                    "リ（どの行政機関）、ヌ（その他の内容）",
                ),
            ],
            Sheet::CrisisPlans => vec![
                case_ref(),
                c(
                    "作成日",
                    Key::Created,
                    true,
                    Date,
                    "同じ作成日の行が1つの版です",
                ),
                c(
                    "区分",
                    Key::Section,
                    true,
                    Choice(CodeList::CrisisSection),
                    "",
                ),
                c("内容", Key::Text, true, Text, "1行に1項目（・）"),
            ]
            .into_iter()
            .chain(agreement_columns(
                "この版のクライシスプラン（その版のどれか1行に）",
            ))
            .collect(),
            Sheet::CrisisSupporters => vec![
                case_ref(),
                c(
                    "作成日",
                    Key::Created,
                    true,
                    Date,
                    "クライシスプランの作成日",
                ),
                c("名前・機関", Key::Name, true, Text, ""),
                c("連絡先", Key::Contact, false, Text, ""),
                c("関係・役割", Key::Role, false, Text, ""),
            ],
            Sheet::Areas => vec![
                c(
                    "地域",
                    Key::Region,
                    true,
                    Text,
                    "ケースシートの「地域」と同じ書き方で",
                ),
                c(
                    "保健所",
                    Key::Centre,
                    true,
                    Text,
                    "その地域を管轄する保健所",
                ),
                c(
                    "圏域",
                    Key::Zone,
                    false,
                    Text,
                    "保健所をまとめる圏域（二次医療圏など）。なければ空欄",
                ),
            ],
        }
    }
}

/// Finds which column of `sheet` a heading names: by its heading or English key, else by one of
/// its aliases.
pub fn match_heading(sheet: Sheet, raw: &str) -> Option<usize> {
    match_named(sheet, raw).map(|(c, _)| c)
}

/// [`match_heading`], and whether the heading is the column's own (its heading or English key)
/// rather than an alias: a heading of the column's own wins over an alias in the same sheet.
pub fn match_named(sheet: Sheet, raw: &str) -> Option<(usize, bool)> {
    let key = heading_key(raw);
    if key.is_empty() {
        return None;
    }
    let columns = sheet.columns();
    let own = columns.iter().position(|c| c.is_own_name(&key));
    own.map(|c| (c, true)).or_else(|| {
        columns
            .iter()
            .position(|c| c.is_alias(&key))
            .map(|c| (c, false))
    })
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
    fn every_column_is_found_by_its_key() {
        for s in Sheet::ALL {
            for (i, c) in s.columns().iter().enumerate() {
                assert_eq!(s.index(c.key), i);
                assert_eq!(match_heading(s, c.key.as_str()), Some(i));
            }
        }
        assert_eq!(Key::Item(0).as_str(), "a1");
        assert_eq!(Key::Item(ITEMS.len() - 1).as_str(), "o2");
    }

    #[test]
    fn a_columns_own_heading_wins_over_an_alias() {
        assert_eq!(match_named(Sheet::Cases, "ケースID"), Some((0, true)));
        assert_eq!(match_named(Sheet::Cases, "ケース番号"), Some((0, false)));
        assert_eq!(match_named(Sheet::Cases, "case_id"), Some((0, true)));
    }

    #[test]
    fn aliases_name_their_column_and_no_other() {
        assert_eq!(match_heading(Sheet::Cases, "ケース番号"), Some(0));
        assert_eq!(match_heading(Sheet::Needs, "ケースＮｏ"), Some(0));
        assert_eq!(
            match_heading(Sheet::Plans, "長期目標"),
            Sheet::Plans.index_of(Key::LongGoal)
        );
        for s in Sheet::ALL {
            for (i, c) in s.columns().iter().enumerate() {
                for a in c.aliases {
                    assert_eq!(match_heading(s, a), Some(i), "{a} on {}", s.ja());
                }
            }
        }
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
