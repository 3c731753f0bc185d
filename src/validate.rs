//! The rules across rows (spec/intake.md, Validation): references, duplicates, date order, dates
//! in the future, and the practice warnings drawn from the seed. Value-level rules run while
//! reading (`model::load`).

use crate::contract::codes::Evaluation;
use crate::contract::sheets::{Key, Sheet};
use crate::finding::Findings;
use crate::model::{CaseFile, Dataset, RowRef};
use chrono::{Days, NaiveDate};
use std::collections::{HashMap, HashSet};

/// A review counts as done when a monitoring of that version falls within this many days before
/// its 次回見直し予定時期 or any time after it.
pub const REVIEW_GRACE_DAYS: u64 = 30;

/// The plan version whose review is still to be done: the latest version of a case whose CM has
/// not ended by `as_of`, when no monitoring of it falls on or after [`REVIEW_GRACE_DAYS`] before
/// its 次回見直し予定時期. W404 warns when its due date has passed; `schedule` lists it.
pub fn review_pending<'f, 'd>(
    file: &'f CaseFile<'d>,
    as_of: NaiveDate,
) -> Option<&'f crate::model::PlanVersion<'d>> {
    let active = file.case.cm_end.is_none_or(|end| end > as_of);
    let latest = file.plans.last().filter(|_| active)?;
    let due = latest.plan.review_due;
    let window = due
        .checked_sub_days(Days::new(REVIEW_GRACE_DAYS))
        .unwrap_or(due);
    (!latest.monitoring.iter().any(|m| m.date >= window)).then_some(latest)
}

pub fn validate(ds: &Dataset, as_of: NaiveDate, f: &mut Findings) {
    references(ds, f);
    crate::interrupt::checkpoint();
    dates(ds, as_of, f);
    crate::interrupt::checkpoint();
    let areas = crate::model::areas::AreaMap::new(ds, f);
    crate::model::areas::check_regions(ds, &areas, f);
    // Once for the whole intake: whether the office records agreement at all.
    let agreement = records_agreement(ds);
    for file in ds.by_case() {
        crate::interrupt::checkpoint();
        practice(ds, &file, as_of, agreement, f);
    }
}

fn references(ds: &Dataset, f: &mut Findings) {
    // A sheet that could not be read at all is already an error of its own; checking every row
    // against it would bury that one finding under thousands.
    let loaded = |sheet: Sheet| ds.tables.iter().any(|t| t.sheet == sheet);
    let (cases_loaded, plans_loaded) = (loaded(Sheet::Cases), loaded(Sheet::Plans));
    let mut cases: HashMap<&str, RowRef> = HashMap::with_capacity(ds.cases.len());
    for c in &ds.cases {
        if let Some(first) = cases.get(c.case_id.as_str()) {
            f.error("E203", ds.loc(c.at, Key::CaseId), Some(&c.case_id), format!(
                "ケースID「{}」が重複しています（{}と同じ）。別の人ならIDを変え、同じ人なら行を1つにまとめてください。",
                c.case_id, ds.describe(*first)
            ));
        } else {
            cases.insert(&c.case_id, c.at);
        }
    }
    let unknown_case = |f: &mut Findings, id: &str, at: RowRef| {
        if !cases_loaded {
            return;
        }
        f.error("E201", ds.loc(at, Key::CaseId), Some(id), format!(
            "ケースID「{id}」はケースシートにありません。ケースシートに追加するか、IDの誤りを直してください。"
        ));
    };
    for q in &ds.questionnaires {
        if !cases.contains_key(q.case_id.as_str()) {
            unknown_case(f, &q.case_id, q.at);
        }
    }
    let mut plans: HashMap<(&str, u32), RowRef> = HashMap::with_capacity(ds.plans.len());
    for p in &ds.plans {
        if !cases.contains_key(p.case_id.as_str()) {
            unknown_case(f, &p.case_id, p.at);
        }
        if let Some(first) = plans.get(&(p.case_id.as_str(), p.plan_no)) {
            f.error("E204", ds.loc(p.at, Key::PlanNo), Some(&p.case_id), format!(
                "ケースID「{}」の作成番号 {} が重複しています（{}と同じ）。版ごとに別の作成番号にしてください。",
                p.case_id, p.plan_no, ds.describe(*first)
            ));
        } else {
            plans.insert((&p.case_id, p.plan_no), p.at);
        }
    }
    let unreadable: HashSet<(&str, u32)> = ds
        .unreadable_plans
        .iter()
        .map(|(c, n)| (c.as_str(), *n))
        .collect();
    let version_ref = |f: &mut Findings, id: &str, no: u32, at: RowRef| {
        if !cases.contains_key(id) {
            unknown_case(f, id, at);
        } else if plans_loaded && !plans.contains_key(&(id, no)) && !unreadable.contains(&(id, no))
        {
            f.error("E202", ds.loc(at, Key::PlanNo), Some(id), format!(
                "ケースID「{id}」に作成番号 {no} の支援計画がありません。支援計画シートにその版を追加するか、作成番号を直してください。"
            ));
        }
    };
    for m in &ds.monitoring {
        version_ref(f, &m.case_id, m.plan_no, m.at);
    }
    let mut need_nos: HashMap<(&str, u32, u32), RowRef> = HashMap::with_capacity(ds.needs.len());
    for n in &ds.needs {
        version_ref(f, &n.case_id, n.plan_no, n.at);
        if let Some(first) = need_nos.insert((&n.case_id, n.plan_no, n.no), n.at) {
            need_nos.insert((&n.case_id, n.plan_no, n.no), first);
            f.error("E205", ds.loc(n.at, Key::No), Some(&n.case_id), format!(
                "ケースID「{}」作成番号 {} の No {} が重複しています（{}と同じ）。No を付け直してください。",
                n.case_id, n.plan_no, n.no, ds.describe(first)
            ));
        }
    }
    let mut subtools: HashMap<(&str, u32), RowRef> = HashMap::new();
    for s in &ds.subtools {
        version_ref(f, &s.case_id, s.plan_no, s.at);
        if let Some(first) = subtools.get(&(s.case_id.as_str(), s.plan_no)) {
            f.error("E206", ds.loc(s.at, Key::PlanNo), Some(&s.case_id), format!(
                "ケースID「{}」作成番号 {} の補助ツールが2行あります（{}と同じ）。1つの版に1行にまとめてください。",
                s.case_id, s.plan_no, ds.describe(*first)
            ));
        } else {
            subtools.insert((&s.case_id, s.plan_no), s.at);
        }
    }
    for s in &ds.supporters {
        version_ref(f, &s.case_id, s.plan_no, s.at);
    }
    let mut crisis: HashSet<(&str, NaiveDate)> = HashSet::new();
    for c in &ds.crisis_items {
        if !cases.contains_key(c.case_id.as_str()) {
            unknown_case(f, &c.case_id, c.at);
        }
        crisis.insert((&c.case_id, c.created));
    }
    for s in &ds.crisis_supporters {
        if !cases.contains_key(s.case_id.as_str()) {
            unknown_case(f, &s.case_id, s.at);
        } else if loaded(Sheet::CrisisPlans) && !crisis.contains(&(s.case_id.as_str(), s.created)) {
            f.error("E207", ds.loc(s.at, Key::Created), Some(&s.case_id), format!(
                "ケースID「{}」に作成日 {} のクライシスプランがありません。クライシスプランシートの作成日と同じ日付にしてください。",
                s.case_id, s.created
            ));
        }
    }
}

fn dates(ds: &Dataset, as_of: NaiveDate, f: &mut Findings) {
    let future = |f: &mut Findings, d: NaiveDate, at: RowRef, key: Key, case: &str, what: &str| {
        if d > as_of {
            f.error("E304", ds.loc(at, key), Some(case), format!(
                "{what}（{d}）が基準日 {as_of} より後の日付です。日付の誤り（年の打ち間違いなど）を直してください。"
            ));
        }
    };
    for c in &ds.cases {
        if let (Some(start), Some(end)) = (c.cm_start, c.cm_end) {
            if end < start {
                f.error("E303", ds.loc(c.at, Key::CmEnd), Some(&c.case_id), format!(
                    "CM終了日（{end}）がCM開始日（{start}）より前です。どちらかの日付を直してください。"
                ));
            }
        }
        if let Some(d) = c.cm_start {
            future(f, d, c.at, Key::CmStart, &c.case_id, "CM開始日");
        }
        if let Some(d) = c.cm_end {
            future(f, d, c.at, Key::CmEnd, &c.case_id, "CM終了日");
        }
    }
    for q in &ds.questionnaires {
        future(f, q.date, q.at, Key::Date, &q.case_id, "記入日");
    }
    let mut created: HashMap<(&str, u32), NaiveDate> = HashMap::with_capacity(ds.plans.len());
    for p in &ds.plans {
        future(f, p.created, p.at, Key::Created, &p.case_id, "作成日");
        if p.review_due <= p.created {
            f.error("E301", ds.loc(p.at, Key::ReviewDue), Some(&p.case_id), format!(
                "次回見直し予定時期（{}）が作成日（{}）より後になっていません。見直しの予定日を作成日より後にしてください。",
                p.review_due, p.created
            ));
        }
        created.entry((&p.case_id, p.plan_no)).or_insert(p.created);
    }
    for m in &ds.monitoring {
        future(f, m.date, m.at, Key::Date, &m.case_id, "実施日");
        if let Some(&c) = created.get(&(m.case_id.as_str(), m.plan_no)) {
            if m.date < c {
                f.error("E302", ds.loc(m.at, Key::Date), Some(&m.case_id), format!(
                    "実施日（{}）が作成番号 {} の作成日（{}）より前です。作成番号か実施日を直してください。",
                    m.date, m.plan_no, c
                ));
            }
        }
    }
    for c in &ds.crisis_items {
        future(
            f,
            c.created,
            c.at,
            Key::Created,
            &c.case_id,
            "クライシスプランの作成日",
        );
    }
}

/// The supporters of a version's needs: one per distinct 支援者 cell. A cell holds 機関名・担当者名・
/// 連絡先, often over several lines and with 「、」 inside, so it is not split further.
pub fn distinct_supporters(needs: &[&crate::model::Need]) -> usize {
    needs
        .iter()
        .map(|n| n.supporter_key)
        .filter(|k| *k != 0)
        .collect::<HashSet<u64>>()
        .len()
}

/// The seed's practice, case by case. `agreement`: the office records 同意日 (W405).
fn practice(
    ds: &Dataset,
    file: &CaseFile<'_>,
    as_of: NaiveDate,
    agreement: bool,
    f: &mut Findings,
) {
    let id = file.case.case_id.as_str();
    for (i, v) in file.plans.iter().enumerate() {
        // 「◎」の項目については支援計画シートから削除
        if let Some(next) = file.plans.get(i + 1) {
            let closed: HashSet<u64> = v
                .needs
                .iter()
                .filter(|n| n.evaluation == Some(Evaluation::Closed))
                .map(|n| n.need_key)
                .collect();
            for n in next.needs.iter().filter(|n| closed.contains(&n.need_key)) {
                f.warning("W401", ds.loc(n.at, Key::Need), Some(id), format!(
                    "作成番号 {} で「◎」（終結）と評価したニーズが作成番号 {} に再び載っています。終結した項目は支援計画シートから削除します（続ける場合は評価を見直してください）。",
                    v.plan.plan_no, next.plan.plan_no
                ));
            }
        }
        // 支援者が４名以上になる場合は、補助ツールを使用する
        let distinct = distinct_supporters(&v.needs);
        if distinct >= 4 && v.subtool.is_none() {
            f.warning("W402", ds.loc(v.plan.at, Key::PlanNo), Some(id), format!(
                "作成番号 {} の支援者が{}名（機関）います。支援者が4名以上になる場合は補助ツール（別紙3）を使用します。補助ツールシートに行を追加してください。",
                v.plan.plan_no, distinct
            ));
        }
        if v.monitoring.is_empty() {
            for n in v.needs.iter().filter(|n| n.evaluation.is_some()) {
                f.warning("W403", ds.loc(n.at, Key::Evaluation), Some(id), format!(
                    "作成番号 {} にはモニタリングの記録がないのに評価が入っています。評価はモニタリング時に本人と一緒に行うものです。モニタリングの行を追加するか、評価を空欄にしてください。",
                    v.plan.plan_no
                ));
            }
        }
    }
    if agreement {
        for v in &file.plans {
            let monitored =
                !v.monitoring.is_empty() || v.needs.iter().any(|n| n.evaluation.is_some());
            if monitored && v.plan.agreement.agreed.is_none() {
                f.warning("W405", ds.loc(v.plan.at, Key::Agreed), Some(id), format!(
                    "作成番号 {} はモニタリングまで進んでいますが、同意日が入っていません。本人（または代理人）がこの版に同意した日を入力してください。",
                    v.plan.plan_no
                ));
            }
        }
    }
    for v in &file.plans {
        let a = &v.plan.agreement;
        if a.by == Some(crate::contract::codes::AgreedBy::Proxy) && a.relation.trim().is_empty() {
            f.warning("W406", ds.loc(v.plan.at, Key::AgreedRelation), Some(id), format!(
                "作成番号 {} は代理の人が同意していますが、続柄が入っていません。「同意した人の続柄」に本人との続柄（母、後見人 など）を入力してください。",
                v.plan.plan_no
            ));
        }
    }
    for c in &file.crisis_plans {
        let used = c.agreement();
        let created = c.created;
        // Typed on several rows of the version, the values must agree: the first is used.
        let other = c.items.iter().find(|i| {
            let a = &i.agreement;
            (a.agreed.is_some() && a.agreed != used.agreed)
                || (a.by.is_some() && a.by != used.by)
                || (!a.relation.is_empty() && a.relation != used.relation)
                || (a.handed_on.is_some() && a.handed_on != used.handed_on)
                || (!a.handed_to.is_empty() && a.handed_to != used.handed_to)
        });
        if let Some(item) = other {
            f.warning("W407", ds.loc(item.at, Key::Agreed), Some(id), format!(
                "作成日 {created} のクライシスプランの行で、同意・交付の記入がほかの行と違います。最初に記入した行の値を使います。その版のどれか1行にだけ入れてください。"
            ));
        }
        let proxy = c
            .items
            .iter()
            .find(|i| i.agreement.by == Some(crate::contract::codes::AgreedBy::Proxy));
        if let (Some(item), true) = (proxy, used.relation.trim().is_empty()) {
            f.warning("W406", ds.loc(item.at, Key::AgreedRelation), Some(id), format!(
                "作成日 {created} のクライシスプランは代理の人が同意していますが、続柄が入っていません。「同意した人の続柄」に本人との続柄（母、後見人 など）を入力してください。"
            ));
        }
    }
    if let Some(latest) = review_pending(file, as_of) {
        let due = latest.plan.review_due;
        if due < as_of {
            f.warning("W404", ds.loc(latest.plan.at, Key::ReviewDue), Some(id), format!(
                "次回見直し予定時期（{}）を過ぎていますが、作成番号 {} の見直し（モニタリング）の記録がありません。モニタリングを行い、記録してください。",
                due, latest.plan.plan_no
            ));
        }
    }
}

/// W405 is for offices that record agreement: it is given only when some plan version has a
/// 同意日, and an office can turn it off (CMSHEETS_AGREEMENT_WARNING=off) where only some
/// versions are agreed in writing.
fn records_agreement(ds: &Dataset) -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let on = *ON.get_or_init(|| {
        let v = std::env::var("CMSHEETS_AGREEMENT_WARNING").unwrap_or_default();
        !matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "off" | "0" | "no" | "false"
        )
    });
    on && ds.plans.iter().any(|p| p.agreement.agreed.is_some())
}
