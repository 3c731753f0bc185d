//! Writing the アンケート (別紙1) of a 様式ブック.

use crate::contract::codes::{Answer, ITEMS};
use crate::contract::sheets::Sheet;
use crate::contract::Form;
use crate::forms::book::labels::{self as l};
use crate::forms::book::write::*;
use crate::model::Questionnaire;
use rust_xlsxwriter::{Workbook, XlsxError};

pub(crate) fn sheet(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    q: Option<&&Questionnaire>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Questionnaire, h)?;
    p.beside(Sheet::Questionnaires, q.map(|q| q.cells()).as_ref())?;
    p.label(3, 0, 1, l::Q_DATE.text)?;
    p.date(3, 2, 3, 4, q.map(|q| q.date))?;
    p.label(3, 5, 5, "氏名")?;
    p.text(3, 6, 3, LAST_COL, &h.name)?;
    p.label(4, 0, LAST_COL, l::Q_WISHES.text)?;
    p.text(5, 0, 7, LAST_COL, q.map_or("", |q| q.wishes.as_str()))?;
    for r in 5..=7 {
        p.height(r, 22.0);
    }
    p.note(8, l::Q_INSTRUCTION)?;
    let heads = [Answer::Met, Answer::Unmet, Answer::NoNeed, Answer::Unknown];
    for (i, a) in heads.iter().enumerate() {
        p.label_rows(9, 8 + i as u16, 9, 8 + i as u16, a.default_heading())?;
    }
    p.height(9, 80.0);
    let mut r = 10;
    let mut group = ITEMS[0].group;
    for (i, item) in ITEMS.iter().enumerate() {
        if item.group != group {
            group = item.group;
            r += 1; // the rule between groups
        }
        p.label(r, 0, 0, item.id)?;
        if item.group == 'O' {
            p.label(r, 1, 2, &format!("{}（", item.text))?;
            let other = q.map_or("", |q| q.other_text[i + 2 - ITEMS.len()].as_str());
            p.text(r, 3, r, 5, other)?;
            p.label(r, 6, 7, "）で悩んでいる・困っている")?;
        } else {
            p.label(r, 1, 7, item.text)?;
        }
        let answer = q.and_then(|q| q.answers[i]);
        for (k, a) in heads.iter().enumerate() {
            let c = 8 + k as u16;
            p.centered(r, c, r, c, if answer == Some(*a) { "〇" } else { "" })?;
        }
        p.dropdown(r, 8, r, 11, &["〇"], "回答")?;
        r += 1;
    }
    p.done(r - 1, LAST_COL)
}
