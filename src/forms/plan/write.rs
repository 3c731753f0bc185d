//! Writing the 支援計画シート (別紙2) of a 様式ブック: header, goals, monitoring rows, participants, needs.

use crate::contract::codes::{Code, Evaluation, GoalMet, ReviewKind, Setting, Timing, ITEMS};
use crate::contract::sheets::Sheet;
use crate::contract::Form;
use crate::forms::book::labels::{self as l};
use crate::forms::book::write::*;
use crate::model::{Monitoring, PlanVersion};
use rust_xlsxwriter::{Workbook, XlsxError};

/// Blank rows the blank plan sheet offers for monitorings; each takes five sheet rows.
const BLANK_MONITORINGS: usize = 2;

pub(crate) fn sheet(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    v: Option<&PlanVersion<'_>>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Plan, h)?;
    let plan = v.map(|v| v.plan);
    p.beside(Sheet::Plans, plan.map(|p| p.cells()).as_ref())?;
    p.label(3, 0, 0, l::P_CREATED.text)?;
    p.date(3, 1, 3, 2, plan.map(|p| p.created))?;
    p.label(3, 3, 4, l::P_REVIEW_DUE.text)?;
    p.date(3, 5, 3, 6, plan.map(|p| p.review_due))?;
    p.label(3, 7, 7, l::NAME.text)?;
    p.text(3, 8, 3, 9, &h.name)?;
    p.label(3, 10, 10, l::MANAGER.text)?;
    p.text(3, 11, 3, 11, &h.manager)?;
    p.height(3, 30.0);
    p.label(
        4,
        0,
        LAST_COL,
        &format!("{}{}", l::P_LONG_GOAL.text, l::P_LONG_GOAL_NOTE),
    )?;
    p.text(5, 0, 6, LAST_COL, plan.map_or("", |p| p.long_goal.as_str()))?;
    p.label(7, 0, LAST_COL, l::P_SHORT_GOAL.text)?;
    p.text(
        8,
        0,
        9,
        LAST_COL,
        plan.map_or("", |p| p.short_goal.as_str()),
    )?;
    p.section(10, l::P_MONITORING.text)?;
    p.label(11, 0, 2, l::M_DATE_TIMING.text)?;
    p.label(11, 3, 4, l::M_KIND.text)?;
    p.label(11, 5, 6, l::M_SETTING.text)?;
    p.label(11, 7, LAST_COL, l::M_NOTES.text)?;
    p.label(11, 12, 12, l::M_GOAL_MET.text)?;
    let monitorings: Vec<Option<&Monitoring>> = match v {
        Some(v) if !v.monitoring.is_empty() => v.monitoring.iter().map(|m| Some(*m)).collect(),
        _ => vec![None; BLANK_MONITORINGS],
    };
    let mut r = 12;
    for m in monitorings {
        monitoring_rows(&mut p, r, m)?;
        r += 5;
    }
    p.section(r, l::P_PARTICIPANTS.text)?;
    participants(&mut p, r + 1, plan.map(|p| &p.participants))?;
    p.note(r + 3, l::P_CM_NOTE)?;
    r += 4;
    p.section(r, l::P_NEEDS.text)?;
    let (h1, h2) = (r + 1, r + 2);
    p.label_rows(h1, 0, h2, 0, l::N_NO.text)?;
    p.label_rows(h1, 1, h2, 2, l::N_NEED.text)?;
    p.label_rows(h1, 3, h1, 9, l::N_MEASURES)?;
    p.label_rows(h2, 3, h2, 4, l::N_SELF.text)?;
    p.label_rows(h2, 5, h2, 7, l::N_SUPPORTER_ACTION.text)?;
    p.label_rows(h2, 8, h2, 9, l::N_SUPPORTER.text)?;
    p.label_rows(h1, 10, h2, LAST_COL, l::N_EVALUATION.text)?;
    p.label_rows(h1, 12, h2, 12, l::N_DOMAIN.text)?;
    r = h2 + 1;
    let needs = v.map_or(&[][..], |v| v.needs.as_slice());
    let rows = needs.len().max(super::MIN_NEEDS);
    for i in 0..rows {
        let n = needs.get(i);
        p.number(r, 0, r, 0, Some(n.map_or(i as u32 + 1, |n| n.no)))?;
        p.text(r, 1, r, 2, n.map_or("", |n| n.need.as_str()))?;
        p.text(r, 3, r, 4, n.map_or("", |n| n.self_action.as_str()))?;
        p.text(r, 5, r, 7, n.map_or("", |n| n.supporter_action.as_str()))?;
        p.text(r, 8, r, 9, n.map_or("", |n| n.supporter.as_str()))?;
        p.centered(
            r,
            10,
            r,
            LAST_COL,
            n.and_then(|n| n.evaluation).map_or("", |e| e.label()),
        )?;
        p.dropdown(r, 10, r, 10, &Evaluation::choices(), "評価")?;
        p.centered(
            r,
            12,
            r,
            12,
            n.and_then(|n| n.domain).map_or("", |d| ITEMS[d].id),
        )?;
        let items: Vec<&str> = ITEMS.iter().map(|i| i.id).collect();
        p.dropdown(r, 12, r, 12, &items, "領域")?;
        p.height(r, 45.0);
        r += 1;
    }
    p.note(r, l::P_FOOTNOTE)?;
    p.height(r, 24.0);
    p.label(r + 1, 9, 10, l::PLAN_NO.text)?;
    p.number(r + 1, 11, r + 1, 11, plan.map(|p| p.plan_no))?;
    p.done(r + 1, LAST_COL)
}

/// One monitoring: five sheet rows, one per 評価時期 box, with the date, the notes and the goal
/// merged down the five.
fn monitoring_rows(p: &mut Page<'_>, r: u32, m: Option<&Monitoring>) -> Result<(), XlsxError> {
    p.date(r, 0, r + 4, 0, m.map(|m| m.date))?;
    let months = |t: Timing| match m {
        Some(m) if m.timing == t => m
            .timing_months
            .map_or("　　".to_string(), |n| format!(" {n} ")),
        _ => "　　".to_string(),
    };
    let timing: [(Timing, String, bool); 5] = [
        (Timing::Inpatient, "入院中".into(), false),
        (Timing::JustDischarged, "退院直後".into(), false),
        (
            Timing::AfterDischarge,
            format!("退院{}ヵ月後", months(Timing::AfterDischarge)),
            true,
        ),
        (Timing::CmStart, "CM導入時".into(), false),
        (
            Timing::CmAfter,
            format!("CM{}ヵ月後", months(Timing::CmAfter)),
            true,
        ),
    ];
    for (i, (t, words, editable)) in timing.iter().enumerate() {
        p.option(
            r + i as u32,
            1,
            2,
            m.is_some_and(|m| m.timing == *t),
            words,
            *editable,
        )?;
    }
    let other = |text: &str| {
        format!(
            "その他（{}）",
            if text.is_empty() { "　　　" } else { text }
        )
    };
    let kinds: [(ReviewKind, String, bool); 4] = [
        (ReviewKind::CreateUpdate, "作成/更新".into(), false),
        (ReviewKind::Minor, "微修正".into(), false),
        (
            ReviewKind::Monitoring,
            "モニタリング（内容の確認）".into(),
            false,
        ),
        (
            ReviewKind::Other,
            other(m.map_or("", |m| m.kind_text.as_str())),
            true,
        ),
    ];
    for (i, (k, words, editable)) in kinds.iter().enumerate() {
        p.option(
            r + i as u32,
            3,
            4,
            m.is_some_and(|m| m.kind == *k),
            words,
            *editable,
        )?;
    }
    let settings: [(Setting, String, bool); 3] = [
        (Setting::Individual, "個別面接".into(), false),
        (Setting::CareMeeting, "ケア会議等".into(), false),
        (
            Setting::Other,
            other(m.map_or("", |m| m.setting_text.as_str())),
            true,
        ),
    ];
    for (i, (s, words, editable)) in settings.iter().enumerate() {
        p.option(
            r + i as u32,
            5,
            6,
            m.is_some_and(|m| m.setting == *s),
            words,
            *editable,
        )?;
    }
    p.text(r, 7, r + 4, LAST_COL, m.map_or("", |m| m.notes.as_str()))?;
    p.centered(
        r,
        12,
        r + 4,
        12,
        m.and_then(|m| m.goal_met).map_or("", |g| g.label()),
    )?;
    p.dropdown(r, 12, r, 12, &GoalMet::choices(), "短期目標の達成")?;
    Ok(())
}

fn participants(
    p: &mut Page<'_>,
    r: u32,
    who: Option<&crate::model::Participants>,
) -> Result<(), XlsxError> {
    let counted = |n: Option<u32>| n.filter(|&n| n > 0);
    // A count of 0 is written as 0 (unticked), so it reads back as the 0 it was.
    let blank = |n: Option<u32>| n.map_or("　".to_string(), |n| format!(" {n} "));
    let w = who.cloned().unwrap_or_default();
    let other_text = if w.other_text.is_empty() {
        "　　　".to_string()
    } else {
        w.other_text.clone()
    };
    let first: [(bool, String, bool); 5] = [
        (w.self_, "本人".into(), false),
        (
            counted(w.family).is_some(),
            format!("家族（{}名）", blank(w.family)),
            true,
        ),
        (
            counted(w.colleague).is_some(),
            format!("同僚・上司（{}名）", blank(w.colleague)),
            true,
        ),
        (
            counted(w.friend).is_some(),
            format!("友人（{}名）", blank(w.friend)),
            true,
        ),
        (w.doctor, "主治医".into(), false),
    ];
    let second: [(bool, String, bool); 4] = [
        (
            counted(w.hospital_staff).is_some(),
            format!("当該医療機関職員（{}名）", blank(w.hospital_staff)),
            true,
        ),
        (
            counted(w.community).is_some(),
            format!("地域援助事業者（{}名）", blank(w.community)),
            true,
        ),
        (
            counted(w.government).is_some(),
            format!("行政機関の職員（{}名）", blank(w.government)),
            true,
        ),
        (
            counted(w.other).is_some() || !w.other_text.is_empty(),
            format!("その他（{other_text}）（{}名）", blank(w.other)),
            true,
        ),
    ];
    let slots: [(u16, u16); 5] = [(1, 2), (3, 4), (5, 6), (7, 8), (9, 11)];
    for (row, opts) in [(r, &first[..]), (r + 1, &second[..])] {
        for ((ticked, words, editable), (c1, c2)) in opts.iter().zip(slots) {
            p.option(row, c1, c2, *ticked, words, *editable)?;
        }
    }
    Ok(())
}
