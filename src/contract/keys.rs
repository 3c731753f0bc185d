//! [`Key`]: every column of the contract as code names it, declared once.

use super::codes::ITEMS;

/// Declares [`Key`]: every column key of the contract once, with the English key a heading may
/// also be written as (and the CSV and JSON name of the column).
macro_rules! keys {
    ($($variant:ident = $key:literal,)*) => {
        /// A column of the intake, as code names it: readers, checks, writers and print data index
        /// columns by this, so a misspelt column is a compile error, never a cell silently lost.
        /// The same key may be a column of several sheets (ケースID, 作成番号, 日付…).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Key {
            $($variant,)*
            /// An item of the アンケート (A1…F5), by its index in [`ITEMS`].
            Item(usize),
        }

        impl Key {
            /// The English key: a heading may be written so, and CSV and JSON name the column so.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Key::$variant => $key,)*
                    Key::Item(i) => ITEM_KEYS[i].as_str(),
                }
            }
        }
    };
}

keys! {
    CaseId = "case_id",
    PlanNo = "plan_no",
    Name = "name",
    Kana = "kana",
    Region = "region",
    Agency = "agency",
    Manager = "manager",
    CmStart = "cm_start",
    CmEnd = "cm_end",
    EndReason = "end_reason",
    Date = "date",
    Wishes = "wishes",
    O1Text = "o1_text",
    O2Text = "o2_text",
    Created = "created",
    ReviewDue = "review_due",
    LongGoal = "long_goal",
    ShortGoal = "short_goal",
    PSelf = "p_self",
    PFamily = "p_family",
    PColleague = "p_colleague",
    PFriend = "p_friend",
    PDoctor = "p_doctor",
    PHospitalStaff = "p_hospital_staff",
    PCommunity = "p_community",
    PGovernment = "p_government",
    POther = "p_other",
    POtherText = "p_other_text",
    Agreed = "agreed",
    AgreedBy = "agreed_by",
    AgreedRelation = "agreed_relation",
    HandedOn = "handed_on",
    HandedTo = "handed_to",
    Timing = "timing",
    TimingMonths = "timing_months",
    Kind = "kind",
    KindText = "kind_text",
    Setting = "setting",
    SettingText = "setting_text",
    Notes = "notes",
    ShortGoalMet = "short_goal_met",
    No = "no",
    Need = "need",
    SelfAction = "self_action",
    SupporterAction = "supporter_action",
    Supporter = "supporter",
    Evaluation = "evaluation",
    Domain = "domain",
    Places = "places",
    PlacesText = "places_text",
    Frequency = "frequency",
    VisitFrequency = "visit_frequency",
    WishesWhenHard = "wishes_when_hard",
    Contact1 = "contact1",
    Contact1Tel = "contact1_tel",
    Contact2 = "contact2",
    Contact2Tel = "contact2_tel",
    Consult = "consult",
    ConsultAgency = "consult_agency",
    ConsultDetail = "consult_detail",
    SchoolWork = "school_work",
    SchoolWorkAgency = "school_work_agency",
    SchoolWorkDetail = "school_work_detail",
    OtherService = "other_service",
    OtherServiceAgency = "other_service_agency",
    OtherServiceDetail = "other_service_detail",
    Relation = "relation",
    RelationText = "relation_text",
    Section = "section",
    Text = "text",
    Contact = "contact",
    Role = "role",
    Centre = "centre",
    Zone = "zone",
}

/// The English keys of the アンケート's items (a1…o2), in the order of [`ITEMS`].
static ITEM_KEYS: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(|| ITEMS.iter().map(|i| i.id.to_ascii_lowercase()).collect());

impl Key {
    /// The 「その他（　）」 text column of an O item (O1, O2); None for the other items.
    pub fn other_text_of(item: usize) -> Option<Key> {
        match ITEMS.len().checked_sub(item) {
            Some(2) => Some(Key::O1Text),
            Some(1) => Some(Key::O2Text),
            _ => None,
        }
    }

    /// The services of the 補助ツール, each with its 機関名 and 内容 columns, in the form's order.
    pub const SERVICES: [(Key, Key, Key); 3] = [
        (Key::Consult, Key::ConsultAgency, Key::ConsultDetail),
        (
            Key::SchoolWork,
            Key::SchoolWorkAgency,
            Key::SchoolWorkDetail,
        ),
        (
            Key::OtherService,
            Key::OtherServiceAgency,
            Key::OtherServiceDetail,
        ),
    ];
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
