//! The case data of the intake contract, read from [`Table`]s. Each value is checked as it is read
//! (dates, codes, numbers, control characters, 外字); the cross-row rules live in `validate`.

pub mod areas;

mod load;
pub mod raw;
mod records;

pub use records::*;

use crate::contract::codes::CrisisSection;
use crate::contract::sheets::{Key, Sheet};
use crate::finding::{Location, Origin};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

pub use load::{add_table, load, supporter_key, text_key, valid_case_id};

/// Where a record came from, to point findings at its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef {
    pub table: u32,
    pub line: u32,
}

/// What is kept of a table once its rows are read: enough to name a cell.
#[derive(Debug, Clone)]
pub struct TableMeta {
    pub sheet: Sheet,
    pub origin: Arc<Origin>,
    pub layout: raw::Layout,
}

/// Everything read from all inputs.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    pub tables: Vec<TableMeta>,
    pub cases: Vec<Case>,
    pub questionnaires: Vec<Questionnaire>,
    pub plans: Vec<Plan>,
    pub monitoring: Vec<Monitoring>,
    pub needs: Vec<Need>,
    pub subtools: Vec<Subtool>,
    pub supporters: Vec<Supporter>,
    pub crisis_items: Vec<CrisisItem>,
    pub crisis_supporters: Vec<CrisisSupporter>,
    pub areas: Vec<Area>,
    /// Free texts (needs and what is done for them, monitoring notes, goals, wishes, crisis plan
    /// items, supporters' names and contacts) are checked as read but not kept: check, report and schedule never print them, and
    /// a million need rows then take a fraction of the memory. Set before reading.
    pub drop_texts: bool,
    /// 支援計画 rows whose key was read but whose other values were not (already reported).
    pub unreadable_plans: Vec<(String, u32)>,
}

impl Dataset {
    /// The cell of column `key` in the row a record came from.
    /// The record's sheet must have the column: asking for one it lacks is a bug (the tests that
    /// check every sheet would panic on it), never a finding quietly pointed at the whole row.
    pub fn loc(&self, at: RowRef, key: Key) -> Location {
        let t = &self.tables[at.table as usize];
        t.layout.locate(&t.origin, at.line, t.sheet.index(key))
    }

    /// How a message names the row (or form cell) a record came from.
    pub fn describe(&self, at: RowRef) -> String {
        let t = &self.tables[at.table as usize];
        t.layout.describe(&t.origin, at.line)
    }

    /// Drops the records of the sheets not in `keep` (ケース is always kept). For after the checks,
    /// when a command prints only some forms: a large batch then holds only what it prints.
    pub fn retain_sheets(&mut self, keep: &[Sheet]) {
        fn clear<T>(records: &mut Vec<T>, sheet: Sheet, keep: &[Sheet]) {
            if !keep.contains(&sheet) {
                *records = Vec::new();
            }
        }
        clear(&mut self.questionnaires, Sheet::Questionnaires, keep);
        clear(&mut self.plans, Sheet::Plans, keep);
        clear(&mut self.monitoring, Sheet::Monitoring, keep);
        clear(&mut self.needs, Sheet::Needs, keep);
        clear(&mut self.subtools, Sheet::Subtool, keep);
        clear(&mut self.supporters, Sheet::Supporters, keep);
        clear(&mut self.crisis_items, Sheet::CrisisPlans, keep);
        clear(&mut self.crisis_supporters, Sheet::CrisisSupporters, keep);
    }

    /// Groups the records by case, each in print order. Records of unknown cases are left out
    /// (validation reports them).
    pub fn by_case(&self) -> Vec<CaseFile<'_>> {
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(self.cases.len());
        let mut files: Vec<CaseFile<'_>> = Vec::with_capacity(self.cases.len());
        for case in &self.cases {
            if index.contains_key(case.case_id.as_str()) {
                continue; // duplicate ケースID: reported; the first row wins
            }
            index.insert(&case.case_id, files.len());
            files.push(CaseFile {
                case,
                questionnaires: Vec::new(),
                plans: Vec::new(),
                crisis_plans: Vec::new(),
            });
        }
        for q in &self.questionnaires {
            if let Some(&i) = index.get(q.case_id.as_str()) {
                files[i].questionnaires.push(q);
            }
        }
        for p in &self.plans {
            if let Some(&i) = index.get(p.case_id.as_str()) {
                if files[i].plans.iter().all(|v| v.plan.plan_no != p.plan_no) {
                    files[i].plans.push(PlanVersion {
                        plan: p,
                        monitoring: Vec::new(),
                        needs: Vec::new(),
                        subtool: None,
                        supporters: Vec::new(),
                    });
                }
            }
        }
        let mut plan_index: HashMap<(&str, u32), (usize, usize)> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            for (j, v) in f.plans.iter().enumerate() {
                plan_index.insert((f.case.case_id.as_str(), v.plan.plan_no), (i, j));
            }
        }
        let version = |case: &str, no: u32| plan_index.get(&(case, no)).copied();
        for m in &self.monitoring {
            if let Some((i, j)) = version(&m.case_id, m.plan_no) {
                files[i].plans[j].monitoring.push(m);
            }
        }
        for n in &self.needs {
            if let Some((i, j)) = version(&n.case_id, n.plan_no) {
                files[i].plans[j].needs.push(n);
            }
        }
        for s in &self.subtools {
            if let Some((i, j)) = version(&s.case_id, s.plan_no) {
                files[i].plans[j].subtool.get_or_insert(s);
            }
        }
        for s in &self.supporters {
            if let Some((i, j)) = version(&s.case_id, s.plan_no) {
                files[i].plans[j].supporters.push(s);
            }
        }
        for item in &self.crisis_items {
            if let Some(&i) = index.get(item.case_id.as_str()) {
                crisis_version(&mut files[i].crisis_plans, item.created)
                    .items
                    .push(item);
            }
        }
        for s in &self.crisis_supporters {
            if let Some(&i) = index.get(s.case_id.as_str()) {
                if let Some(v) = files[i]
                    .crisis_plans
                    .iter_mut()
                    .find(|v| v.created == s.created)
                {
                    v.supporters.push(s);
                }
            }
        }
        for f in &mut files {
            f.questionnaires.sort_by_key(|q| (q.date, q.at.line));
            f.plans.sort_by_key(|v| v.plan.plan_no);
            for v in &mut f.plans {
                v.monitoring.sort_by_key(|m| (m.date, m.at.line));
                v.needs.sort_by_key(|n| n.no);
            }
            f.crisis_plans.sort_by_key(|c| c.created);
        }
        files
    }
}

fn crisis_version<'a, 'b>(
    list: &'b mut Vec<CrisisPlan<'a>>,
    created: NaiveDate,
) -> &'b mut CrisisPlan<'a> {
    let pos = match list.iter().position(|v| v.created == created) {
        Some(p) => p,
        None => {
            list.push(CrisisPlan {
                created,
                items: Vec::new(),
                supporters: Vec::new(),
            });
            list.len() - 1
        }
    };
    &mut list[pos]
}

/// One person's records, ready to print or count.
#[derive(Debug)]
pub struct CaseFile<'a> {
    pub case: &'a Case,
    /// Oldest first.
    pub questionnaires: Vec<&'a Questionnaire>,
    /// By 作成番号.
    pub plans: Vec<PlanVersion<'a>>,
    /// Oldest first.
    pub crisis_plans: Vec<CrisisPlan<'a>>,
}

#[derive(Debug, Clone)]
pub struct PlanVersion<'a> {
    pub plan: &'a Plan,
    /// By 実施日.
    pub monitoring: Vec<&'a Monitoring>,
    /// By No.
    pub needs: Vec<&'a Need>,
    pub subtool: Option<&'a Subtool>,
    pub supporters: Vec<&'a Supporter>,
}

#[derive(Debug)]
pub struct CrisisPlan<'a> {
    pub created: NaiveDate,
    pub items: Vec<&'a CrisisItem>,
    pub supporters: Vec<&'a CrisisSupporter>,
}

impl CrisisPlan<'_> {
    /// 同意・交付 of the version, typed on any of its rows.
    pub fn agreement(&self) -> Agreement {
        Agreement::first_of(self.items.iter().map(|i| &i.agreement))
    }

    pub fn section(&self, s: CrisisSection) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter(move |i| i.section == s)
            .map(|i| i.text.as_str())
    }
}

impl<'a> CaseFile<'a> {
    /// The plan version to print: `plan_no` if given, else the latest made on or before `as_of`.
    pub fn plan(&self, plan_no: Option<u32>, as_of: Option<NaiveDate>) -> Option<&PlanVersion<'a>> {
        match plan_no {
            Some(n) => self.plans.iter().find(|v| v.plan.plan_no == n),
            None => self
                .plans
                .iter()
                .filter(|v| as_of.is_none_or(|d| v.plan.created <= d))
                .max_by_key(|v| (v.plan.created, v.plan.plan_no)),
        }
    }

    pub fn questionnaire(&self, as_of: Option<NaiveDate>) -> Option<&'a Questionnaire> {
        self.questionnaires
            .iter()
            .rev()
            .find(|q| as_of.is_none_or(|d| q.date <= d))
            .copied()
    }

    pub fn crisis_plan(&self, as_of: Option<NaiveDate>) -> Option<&CrisisPlan<'a>> {
        self.crisis_plans
            .iter()
            .rev()
            .find(|c| as_of.is_none_or(|d| c.created <= d))
    }
}
