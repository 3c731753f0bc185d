//! Writing the クライシスプラン (別紙4) of a 様式ブック.

use crate::contract::codes::CrisisSection;
use crate::contract::sheets::Sheet;
use crate::contract::Form;
use crate::forms::book::labels::{self as l};
use crate::forms::book::write::*;
use crate::model::CrisisPlan;
use rust_xlsxwriter::{Workbook, XlsxError};

/// Rows the blank sheet offers for each list.
const MIN_CRISIS_ROWS: usize = 5;

pub(crate) fn sheet(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    c: Option<&CrisisPlan<'_>>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Crisis, h)?;
    p.beside(
        Sheet::CrisisPlans,
        c.map(|c| c.agreement().cells()).as_ref(),
    )?;
    p.label(3, 0, 1, l::C_CREATED.text)?;
    p.date(3, 2, 3, 4, c.map(|c| c.created))?;
    p.label(3, 5, 5, "氏名")?;
    p.text(3, 6, 3, LAST_COL, &h.name)?;
    p.section(4, &format!("{}：", l::C_SUPPORTERS.text))?;
    p.label_rows(5, 0, 5, 3, l::C_SUPPORTER_NAME.text)?;
    p.label_rows(5, 4, 5, 7, l::C_SUPPORTER_CONTACT.text)?;
    p.label_rows(5, 8, 5, LAST_COL, l::C_SUPPORTER_ROLE.text)?;
    let sups = c.map_or(&[][..], |c| c.supporters.as_slice());
    let mut r = 6;
    for i in 0..sups.len().max(MIN_CRISIS_ROWS) {
        let s = sups.get(i);
        p.text(r, 0, r, 3, s.map_or("", |s| s.name.as_str()))?;
        p.text(r, 4, r, 7, s.map_or("", |s| s.contact.as_str()))?;
        p.text(r, 8, r, LAST_COL, s.map_or("", |s| s.role.as_str()))?;
        r += 1;
    }
    for (title, pair) in [
        (
            &l::C_SIGNS,
            [
                (&l::C_SELF_SIGN, CrisisSection::SelfSign),
                (&l::C_OTHERS_SIGN, CrisisSection::OthersSign),
            ],
        ),
        (
            &l::C_ACTIONS,
            [
                (&l::C_SELF_ACTION, CrisisSection::SelfAction),
                (&l::C_OTHERS_ACTION, CrisisSection::OthersAction),
            ],
        ),
    ] {
        r += 1;
        p.section(r, &format!("{}：", title.text))?;
        p.label_rows(r + 1, 0, r + 1, 5, pair[0].0.text)?;
        p.label_rows(r + 1, 6, r + 1, LAST_COL, pair[1].0.text)?;
        let left: Vec<&str> = c.map_or(Vec::new(), |c| c.section(pair[0].1).collect());
        let right: Vec<&str> = c.map_or(Vec::new(), |c| c.section(pair[1].1).collect());
        r += 2;
        for i in 0..left.len().max(right.len()).max(MIN_CRISIS_ROWS) {
            p.text(r, 0, r, 5, left.get(i).copied().unwrap_or(""))?;
            p.text(r, 6, r, LAST_COL, right.get(i).copied().unwrap_or(""))?;
            p.height(r, 24.0);
            r += 1;
        }
    }
    p.done(r - 1, LAST_COL)
}
