//! The report's figures as plain numbers: one accumulator per group of every dimension, filled in
//! one pass over the cases that have no errors. How each record is dated and grouped is decided
//! here (and written down in docs/report.md).

use super::period::{fiscal_year, Period, PeriodKey};
use crate::contract::codes::{
    Answer, Code, Evaluation, GoalMet, ReviewKind, Setting, Timing, ITEMS,
};
use crate::model::{CaseFile, PlanVersion, Questionnaire};
use crate::validate::REVIEW_GRACE_DAYS;
use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the figures depend on besides the data.
#[derive(Debug, Clone)]
pub struct Scope {
    pub period: Period,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Reviews not yet done are overdue (未実施) when their date is before this day; an open case
    /// is active until this day.
    pub as_of: NaiveDate,
    /// Collect one 明細 row per need (left out under small-cell suppression).
    pub detail: bool,
}

impl Scope {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| d >= f) && self.to.is_none_or(|t| d <= t)
    }

    fn limited(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    /// Whether [a, b] meets the period chosen with --from / --to.
    fn overlaps(&self, a: NaiveDate, b: NaiveDate) -> bool {
        a <= b && self.from.is_none_or(|f| b >= f) && self.to.is_none_or(|t| a <= t)
    }
}

/// Index of an evaluation in [`Acc::needs`]: ◎ 〇 △ × then 未評価.
pub const UNEVALUATED: usize = 4;

pub fn eval_index(e: Option<Evaluation>) -> usize {
    match e {
        Some(Evaluation::Closed) => 0,
        Some(Evaluation::Smooth) => 1,
        Some(Evaluation::Issues) => 2,
        Some(Evaluation::Stopped) => 3,
        None => UNEVALUATED,
    }
}

/// Index of an answer in [`Acc::answers`]: 1 2 0 9 then 未回答.
pub const UNANSWERED: usize = 4;

pub fn answer_index(a: Option<Answer>) -> usize {
    match a {
        Some(Answer::Met) => 0,
        Some(Answer::Unmet) => 1,
        Some(Answer::NoNeed) => 2,
        Some(Answer::Unknown) => 3,
        None => UNANSWERED,
    }
}

/// Review outcome of a plan version, by its 次回見直し予定時期.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    OnTime = 0,
    Late = 1,
    Missed = 2,
    Pending = 3,
}

/// The domains of the 領域別 table in print order; the last row holds needs with no 領域.
pub const DOMAINS: [char; 7] = ['A', 'B', 'C', 'D', 'E', 'F', 'O'];
pub const NO_DOMAIN: usize = DOMAINS.len();

pub fn domain_of_item(item: usize) -> usize {
    let g = ITEMS[item].group;
    DOMAINS.iter().position(|&d| d == g).unwrap_or(NO_DOMAIN)
}

/// The 評価時期 of an evaluation: that of the monitoring that made it, with its months when
/// given (CM6ヵ月後 and CM12ヵ月後 are different stages), or none when the version had no
/// monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimingKey {
    At(Timing, Option<u32>),
    NoMonitoring,
}

impl TimingKey {
    pub fn label(self) -> String {
        match self {
            TimingKey::At(t, None) => t.label().to_string(),
            TimingKey::At(t, Some(m)) => t.label().replace("ヵ月後", &format!("{m}ヵ月後")),
            TimingKey::NoMonitoring => "モニタリングなし".to_string(),
        }
    }
}

/// Every count of one group. Rates are built from these when the tables are made.
#[derive(Debug, Clone, Default)]
pub struct Acc {
    /// Distinct cases (see docs/report.md for when a case counts in a group).
    pub cases: u64,
    last_case: Option<u32>,
    /// ◎ 〇 △ × 未評価.
    pub needs: [u64; 5],
    pub monitorings: u64,
    /// 達成 一部達成 未達成 未記入.
    pub goals: [u64; 4],
    /// 個別面接 ケア会議等 その他.
    pub settings: [u64; 3],
    /// 作成/更新 微修正 モニタリング その他.
    pub kinds: [u64; 4],
    pub plans: u64,
    /// 期限内 遅れ 未実施 期限前.
    pub reviews: [u64; 4],
    pub crisis_cases: u64,
    last_crisis: Option<u32>,
    pub ended: u64,
    /// People whose questionnaire counts in the group (one each: their latest in it).
    pub q_persons: u64,
    /// Answers of those questionnaires: 1 2 0 9 未回答.
    pub answers: [u64; 5],
    /// 実人員: people with at least one evaluated need (◎〇△×) in the group.
    pub evaluated_persons: Distinct,
    /// 実人員: people with at least one ◎.
    pub closed_persons: Distinct,
    /// 実人員: people with a monitoring in the group.
    pub monitored_persons: Distinct,
}

/// A count of distinct people. Cases are counted one after another, so remembering the last one
/// counted is enough to count each once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Distinct {
    pub n: u64,
    last: Option<u32>,
}

impl Distinct {
    fn add(&mut self, case: u32) {
        if self.last != Some(case) {
            self.last = Some(case);
            self.n += 1;
        }
    }
}

impl Acc {
    fn touch(&mut self, case: u32) {
        if self.last_case != Some(case) {
            self.last_case = Some(case);
            self.cases += 1;
        }
    }

    /// The needs of one plan version of case `case`.
    fn add_needs(&mut self, case: u32, tally: &[u64; 5]) {
        for (a, t) in self.needs.iter_mut().zip(tally) {
            *a += t;
        }
        if tally[..UNEVALUATED].iter().any(|&n| n > 0) {
            self.evaluated_persons.add(case);
        }
        if tally[0] > 0 {
            self.closed_persons.add(case);
        }
    }

    /// Adds the counts of a group that shares no person with this one (a 地域 into its
    /// 保健所's 小計): counts of people add up too.
    pub fn merge(&mut self, o: &Acc) {
        fn add<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.cases += o.cases;
        add(&mut self.needs, &o.needs);
        self.monitorings += o.monitorings;
        add(&mut self.goals, &o.goals);
        add(&mut self.settings, &o.settings);
        add(&mut self.kinds, &o.kinds);
        self.plans += o.plans;
        add(&mut self.reviews, &o.reviews);
        self.crisis_cases += o.crisis_cases;
        self.ended += o.ended;
        self.q_persons += o.q_persons;
        add(&mut self.answers, &o.answers);
        self.evaluated_persons.n += o.evaluated_persons.n;
        self.closed_persons.n += o.closed_persons.n;
        self.monitored_persons.n += o.monitored_persons.n;
    }

    fn add_monitoring(
        &mut self,
        case: u32,
        goal: Option<GoalMet>,
        setting: Setting,
        kind: ReviewKind,
    ) {
        self.monitorings += 1;
        self.monitored_persons.add(case);
        self.goals[match goal {
            Some(GoalMet::Met) => 0,
            Some(GoalMet::Partly) => 1,
            Some(GoalMet::NotMet) => 2,
            None => 3,
        }] += 1;
        self.settings[match setting {
            Setting::Individual => 0,
            Setting::CareMeeting => 1,
            Setting::Other => 2,
        }] += 1;
        self.kinds[match kind {
            ReviewKind::CreateUpdate => 0,
            ReviewKind::Minor => 1,
            ReviewKind::Monitoring => 2,
            ReviewKind::Other => 3,
        }] += 1;
    }

    fn add_crisis(&mut self, case: u32) {
        if self.last_crisis != Some(case) {
            self.last_crisis = Some(case);
            self.crisis_cases += 1;
        }
    }

    fn add_questionnaire(&mut self, q: &Questionnaire) {
        self.q_persons += 1;
        for a in &q.answers {
            self.answers[answer_index(*a)] += 1;
        }
    }
}

/// First and latest questionnaire of the people who answered at least twice in the period.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub persons: u64,
    pub first_met: u64,
    pub first_unmet: u64,
    pub last_met: u64,
    pub last_unmet: u64,
    /// People whose unmet needs decreased, stayed, increased.
    pub fewer: u64,
    pub same: u64,
    pub more: u64,
}

fn met_unmet(q: &Questionnaire) -> (u64, u64) {
    let met = q
        .answers
        .iter()
        .filter(|a| **a == Some(Answer::Met))
        .count() as u64;
    let unmet = q
        .answers
        .iter()
        .filter(|a| **a == Some(Answer::Unmet))
        .count() as u64;
    (met, unmet)
}

impl Change {
    fn add(&mut self, first: &Questionnaire, last: &Questionnaire) {
        let (fm, fu) = met_unmet(first);
        let (lm, lu) = met_unmet(last);
        self.persons += 1;
        self.first_met += fm;
        self.first_unmet += fu;
        self.last_met += lm;
        self.last_unmet += lu;
        match lu.cmp(&fu) {
            std::cmp::Ordering::Less => self.fewer += 1,
            std::cmp::Ordering::Equal => self.same += 1,
            std::cmp::Ordering::Greater => self.more += 1,
        }
    }
}

/// One row of 明細: a need as evaluated (or not yet) on its plan version.
#[derive(Debug, Clone, Copy)]
pub struct DetailRow {
    /// Index into [`Detail::cases`].
    pub case: u32,
    /// Index into [`Figures::region_names`].
    pub region: u32,
    /// The day the evaluation is dated (see [`evaluation_time`]).
    pub date: NaiveDate,
    pub plan_no: u32,
    pub no: u32,
    pub timing: TimingKey,
    /// Index into [`ITEMS`].
    pub item: Option<u8>,
    /// As [`eval_index`].
    pub eval: u8,
}

#[derive(Debug, Default)]
pub struct Detail {
    /// The ケースID of each case with rows, as read (pseudonymised later, when asked).
    pub cases: Vec<String>,
    pub rows: Vec<DetailRow>,
}

#[derive(Debug, Default)]
pub struct Figures {
    pub total: Acc,
    /// Region names by the id used in [`DetailRow::region`].
    pub region_names: Vec<String>,
    /// By region name.
    pub regions: Vec<(String, Acc)>,
    pub periods: Vec<(PeriodKey, Acc)>,
    pub plan_nos: Vec<(u32, Acc)>,
    pub timings: Vec<(TimingKey, Acc)>,
    /// Indexed by [`DOMAINS`], then [`NO_DOMAIN`].
    pub domains: Vec<Acc>,
    /// Per item of [`ITEMS`]: q_persons and answers of each person's latest questionnaire.
    pub items: Vec<Acc>,
    pub change_total: Change,
    pub change: Vec<(String, Change)>,
    /// By 年度, and by 地域 and 年度: the year-over-year table.
    pub years: Vec<(i32, Acc)>,
    pub region_years: BTreeMap<(String, i32), Acc>,
    /// Cases read from the ケース sheets with no error.
    pub cases_valid: usize,
    /// The earliest and latest date of anything counted.
    pub span: Option<(NaiveDate, NaiveDate)>,
    pub detail: Option<Detail>,
}

/// When an evaluation happened, and at which 評価時期: the latest monitoring of the version (its
/// needs are evaluated at that review), or the version's 作成日 when it has none yet.
pub fn evaluation_time(v: &PlanVersion<'_>) -> (NaiveDate, TimingKey) {
    match v.monitoring.last() {
        Some(m) => (m.date, TimingKey::At(m.timing, m.timing_months)),
        None => (v.plan.created, TimingKey::NoMonitoring),
    }
}

/// How the review due on a version's 次回見直し予定時期 went: the first monitoring of the version
/// inside the grace window before the due date (the same window as the W404 warning), or the
/// next version's 作成日 (a version replaced early was reviewed early), whichever comes first.
/// None when the case ended before the due date without a review.
pub fn review_of(
    v: &PlanVersion<'_>,
    next: Option<&PlanVersion<'_>>,
    cm_end: Option<NaiveDate>,
    as_of: NaiveDate,
) -> Option<Review> {
    let due = v.plan.review_due;
    let window = due
        .checked_sub_days(Days::new(REVIEW_GRACE_DAYS))
        .unwrap_or(due);
    let by_monitoring = v.monitoring.iter().map(|m| m.date).find(|d| *d >= window);
    let by_next = next.map(|n| n.plan.created);
    let done = [by_monitoring, by_next].into_iter().flatten().min();
    match done {
        Some(d) if d <= due => Some(Review::OnTime),
        Some(_) => Some(Review::Late),
        None if cm_end.is_some_and(|e| e <= due) => None,
        None if due < as_of => Some(Review::Missed),
        None => Some(Review::Pending),
    }
}

struct Builder<'s> {
    scope: &'s Scope,
    total: Acc,
    region_ids: HashMap<String, u32>,
    regions: Vec<Acc>,
    region_names: Vec<String>,
    periods: BTreeMap<PeriodKey, Acc>,
    plan_nos: BTreeMap<u32, Acc>,
    timings: BTreeMap<TimingKey, Acc>,
    domains: Vec<Acc>,
    items: Vec<Acc>,
    change_total: Change,
    change: BTreeMap<u32, Change>,
    span: Option<(NaiveDate, NaiveDate)>,
    /// By 地域 and 年度 (whatever --period is), for the year-over-year table.
    region_years: BTreeMap<(u32, i32), Acc>,
    years: BTreeMap<i32, Acc>,
    /// Activity span of each counted case, for its ケース数 by period.
    case_spans: Vec<(u32, NaiveDate, NaiveDate)>,
    detail: Option<Detail>,
}

impl Builder<'_> {
    fn seen(&mut self, d: NaiveDate) {
        self.span = Some(match self.span {
            Some((a, b)) => (a.min(d), b.max(d)),
            None => (d, d),
        });
    }

    /// The accumulators a dated record of case `ci` in `region` adds to.
    fn each(&mut self, region: u32, date: NaiveDate, mut f: impl FnMut(&mut Acc)) {
        self.seen(date);
        f(&mut self.total);
        f(&mut self.regions[region as usize]);
        f(self.periods.entry(self.scope.period.key(date)).or_default());
        let year = fiscal_year(date);
        f(self.years.entry(year).or_default());
        f(self.region_years.entry((region, year)).or_default());
    }

    fn case(&mut self, ci: u32, file: &CaseFile<'_>) {
        let scope = self.scope;
        let case = file.case;
        let region = match self.region_ids.get(&case.region) {
            Some(&r) => r,
            None => {
                let r = self.regions.len() as u32;
                self.region_ids.insert(case.region.clone(), r);
                self.regions.push(Acc::default());
                self.region_names.push(case.region.clone());
                r
            }
        };
        let detail_case = self.detail.as_mut().map(|d| {
            d.cases.push(case.case_id.clone());
            d.cases.len() as u32 - 1
        });
        for j in 0..file.plans.len() {
            self.plan_version(ci, region, detail_case, file, j);
        }
        for c in file
            .crisis_plans
            .iter()
            .filter(|c| scope.contains(c.created))
        {
            self.each(region, c.created, |a| a.add_crisis(ci));
        }
        if let Some(end) = case.cm_end.filter(|d| scope.contains(*d)) {
            self.each(region, end, |a| a.ended += 1);
        }
        self.questionnaires(region, file);
        self.in_care(ci, region, file);
    }

    /// A plan version: its creation, its needs' evaluations, its monitoring and its review.
    fn plan_version(
        &mut self,
        ci: u32,
        region: u32,
        detail_case: Option<u32>,
        file: &CaseFile<'_>,
        j: usize,
    ) {
        let scope = self.scope;
        let case = file.case;
        let v = &file.plans[j];
        let no = v.plan.plan_no;
        if scope.contains(v.plan.created) {
            self.each(region, v.plan.created, |a| a.plans += 1);
            let a = self.plan_nos.entry(no).or_default();
            a.plans += 1;
            a.touch(ci);
        }

        let (date, timing) = evaluation_time(v);
        if !v.needs.is_empty() && scope.contains(date) {
            let mut tally = [[0u64; 5]; NO_DOMAIN + 1];
            for n in &v.needs {
                let e = eval_index(n.evaluation);
                tally[n.domain.map_or(NO_DOMAIN, domain_of_item)][e] += 1;
                if let (Some(d), Some(c)) = (self.detail.as_mut(), detail_case) {
                    d.rows.push(DetailRow {
                        case: c,
                        region,
                        date,
                        plan_no: no,
                        no: n.no,
                        timing,
                        item: n.domain.map(|i| i as u8),
                        eval: e as u8,
                    });
                }
            }
            let mut sum = [0u64; 5];
            for (dom, t) in tally.iter().enumerate() {
                if t.iter().any(|&x| x > 0) {
                    self.domains[dom].add_needs(ci, t);
                    self.domains[dom].touch(ci);
                    for (s, x) in sum.iter_mut().zip(t) {
                        *s += x;
                    }
                }
            }
            self.each(region, date, |a| a.add_needs(ci, &sum));
            for a in [
                self.plan_nos.entry(no).or_default(),
                self.timings.entry(timing).or_default(),
            ] {
                a.add_needs(ci, &sum);
                a.touch(ci);
            }
        }

        for m in v.monitoring.iter().filter(|m| scope.contains(m.date)) {
            let add = |a: &mut Acc| a.add_monitoring(ci, m.goal_met, m.setting, m.kind);
            self.each(region, m.date, add);
            let key = TimingKey::At(m.timing, m.timing_months);
            for a in [
                self.plan_nos.entry(no).or_default(),
                self.timings.entry(key).or_default(),
            ] {
                add(a);
                a.touch(ci);
            }
        }

        let due = v.plan.review_due;
        if scope.contains(due) {
            if let Some(r) = review_of(v, file.plans.get(j + 1), case.cm_end, scope.as_of) {
                self.each(region, due, |a| a.reviews[r as usize] += 1);
                let a = self.plan_nos.entry(no).or_default();
                a.reviews[r as usize] += 1;
                a.touch(ci);
            }
        }
    }

    /// The person's questionnaires in scope: the latest counts, per region and per period, and
    /// the change from the first to the last.
    fn questionnaires(&mut self, region: u32, file: &CaseFile<'_>) {
        let scope = self.scope;
        let qs: Vec<&Questionnaire> = file
            .questionnaires
            .iter()
            .copied()
            .filter(|q| scope.contains(q.date))
            .collect();
        if let (Some(first), Some(last)) = (qs.first(), qs.last()) {
            self.seen(first.date);
            self.seen(last.date);
            self.total.add_questionnaire(last);
            self.regions[region as usize].add_questionnaire(last);
            for (i, a) in last.answers.iter().enumerate() {
                self.items[i].q_persons += 1;
                self.items[i].answers[answer_index(*a)] += 1;
                let dom = &mut self.domains[domain_of_item(i)];
                dom.answers[answer_index(*a)] += 1;
            }
            // The latest of each period: the list is in date order.
            for (k, q) in qs.iter().enumerate() {
                let key = scope.period.key(q.date);
                let later_in_same = qs
                    .get(k + 1)
                    .is_some_and(|n| scope.period.key(n.date) == key);
                if !later_in_same {
                    self.periods.entry(key).or_default().add_questionnaire(q);
                }
            }
            if qs.len() >= 2 {
                self.change_total.add(first, last);
                self.change.entry(region).or_default().add(first, last);
            }
        }
    }

    /// Whether the case was in care within the scope (cases are counted so), and its span.
    fn in_care(&mut self, ci: u32, region: u32, file: &CaseFile<'_>) {
        let scope = self.scope;
        let case = file.case;
        // A case is in care from CM開始日 (or its first record) to CM終了日 (or today).
        let dates = file
            .plans
            .iter()
            .map(|v| v.plan.created)
            .chain(file.questionnaires.iter().map(|q| q.date))
            .chain(
                file.plans
                    .iter()
                    .flat_map(|v| v.monitoring.iter().map(|m| m.date)),
            )
            .chain(file.crisis_plans.iter().map(|c| c.created));
        let first = case.cm_start.into_iter().chain(dates.clone()).min();
        let last = dates.max();
        let span = first.map(|f| (f, case.cm_end.unwrap_or(scope.as_of.max(last.unwrap_or(f)))));
        let counted = match span {
            Some((a, b)) => scope.overlaps(a, b),
            None => !scope.limited(),
        };
        if counted {
            self.total.cases += 1;
            self.regions[region as usize].cases += 1;
        }
        if let Some((a, b)) = span {
            self.case_spans.push((ci, a, b));
        }
    }

    /// ケース数 by period: the cases in care during the part of the period inside --from/--to.
    /// Only periods with records get a row.
    fn period_cases(&mut self) {
        let scope = self.scope;
        let unit = scope.period;
        for &(_, a, b) in &self.case_spans {
            let (ka, kb) = (unit.key(a), unit.key(b));
            if ka > kb {
                continue;
            }
            for (k, acc) in self.periods.range_mut(ka..=kb) {
                let (ps, pe) = unit.bounds(*k);
                let start = [Some(a), Some(ps), scope.from]
                    .into_iter()
                    .flatten()
                    .max()
                    .unwrap_or(a);
                let end = [Some(b), Some(pe), scope.to]
                    .into_iter()
                    .flatten()
                    .min()
                    .unwrap_or(b);
                if start <= end {
                    acc.cases += 1;
                }
            }
        }
    }

    fn finish(mut self, cases_valid: usize) -> Figures {
        self.period_cases();
        let mut regions: Vec<(String, Acc)> = self
            .region_names
            .iter()
            .cloned()
            .zip(self.regions)
            .collect();
        regions.sort_by(|a, b| a.0.cmp(&b.0));
        let names = &self.region_names;
        let mut change: Vec<(String, Change)> = self
            .change
            .into_iter()
            .map(|(r, c)| (names[r as usize].clone(), c))
            .collect();
        change.sort_by(|a, b| a.0.cmp(&b.0));
        let region_years = self
            .region_years
            .into_iter()
            .map(|((r, y), a)| ((names[r as usize].clone(), y), a))
            .collect();
        Figures {
            years: self.years.into_iter().collect(),
            region_years,
            total: self.total,
            region_names: self.region_names,
            regions,
            periods: self.periods.into_iter().collect(),
            plan_nos: self.plan_nos.into_iter().collect(),
            timings: self.timings.into_iter().collect(),
            domains: self.domains,
            items: self.items,
            change_total: self.change_total,
            change,
            cases_valid,
            span: self.span,
            detail: self.detail,
        }
    }
}

/// Counts every case of `files` that is not in `excluded`.
pub fn aggregate(files: &[CaseFile<'_>], excluded: &BTreeSet<String>, scope: &Scope) -> Figures {
    let mut b = Builder {
        scope,
        total: Acc::default(),
        region_ids: HashMap::new(),
        regions: Vec::new(),
        region_names: Vec::new(),
        periods: BTreeMap::new(),
        plan_nos: BTreeMap::new(),
        timings: BTreeMap::new(),
        domains: vec![Acc::default(); NO_DOMAIN + 1],
        items: vec![Acc::default(); ITEMS.len()],
        change_total: Change::default(),
        change: BTreeMap::new(),
        span: None,
        region_years: BTreeMap::new(),
        years: BTreeMap::new(),
        case_spans: Vec::new(),
        detail: scope.detail.then(Detail::default),
    };
    let mut valid = 0;
    for file in files.iter().filter(|f| !excluded.contains(&f.case.case_id)) {
        b.case(valid as u32, file);
        valid += 1;
    }
    b.finish(valid)
}
