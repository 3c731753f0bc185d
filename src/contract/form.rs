//! The four paper forms of the seed (別紙1〜4): what each is called, numbered and built from.
//! The one table every part of cmsheets names a form by: its sheets in the intake, its sheet in a
//! 様式ブック, its template and its file.

use super::sheets::Sheet;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// 別紙1 支援ニーズに関するアンケート
    Questionnaire,
    /// 別紙2 支援計画シート
    Plan,
    /// 別紙3 補助ツール
    Subtool,
    /// 別紙4 クライシスプラン
    Crisis,
}

impl Form {
    pub const ALL: [Form; 4] = [Form::Questionnaire, Form::Plan, Form::Subtool, Form::Crisis];

    /// The file stem and template name.
    pub fn key(self) -> &'static str {
        match self {
            Form::Questionnaire => "questionnaire",
            Form::Plan => "plan",
            Form::Subtool => "subtool",
            Form::Crisis => "crisis",
        }
    }

    /// The sheets whose records the form prints (ケース aside, which every form heads with).
    pub fn sheets(self) -> &'static [Sheet] {
        match self {
            Form::Questionnaire => &[Sheet::Questionnaires],
            Form::Plan => &[Sheet::Plans, Sheet::Monitoring, Sheet::Needs],
            Form::Subtool => &[Sheet::Plans, Sheet::Subtool, Sheet::Supporters],
            Form::Crisis => &[Sheet::CrisisPlans, Sheet::CrisisSupporters],
        }
    }

    /// The heading printed on the form, as in the seed.
    pub fn title(self) -> &'static str {
        match self {
            Form::Questionnaire => "支援ニーズに関するアンケート",
            Form::Plan => "支援計画シート",
            Form::Subtool => "支援計画シート（追加項目：補助ツール）",
            Form::Crisis => "クライシスプラン",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Form::Questionnaire => "別紙1",
            Form::Plan => "別紙2",
            Form::Subtool => "別紙3",
            Form::Crisis => "別紙4",
        }
    }

    /// How contents lists and bookmarks name the form.
    pub fn short_title(self) -> &'static str {
        match self {
            Form::Questionnaire => "別紙1 支援ニーズに関するアンケート",
            Form::Plan => "別紙2 支援計画シート",
            Form::Subtool => "別紙3 補助ツール",
            Form::Crisis => "別紙4 クライシスプラン",
        }
    }

    /// How a file of the form is named for an office's folders: 「別紙2_支援計画シート」.
    pub fn file_title(self) -> String {
        self.short_title().replace(' ', "_")
    }

    pub fn from_key(key: &str) -> Option<Form> {
        Form::ALL.into_iter().find(|f| f.key() == key)
    }
}
