//! Writing the 補助ツール (別紙3) of a 様式ブック: services, places, the people relied on.

use crate::contract::codes::{Code, Place, Relation};
use crate::contract::sheets::Sheet;
use crate::contract::Form;
use crate::forms::book::labels::{self as l};
use crate::forms::book::write::*;
use crate::model::{PlanVersion, Subtool, Supporter};
use rust_xlsxwriter::{Workbook, XlsxError};

/// Rows of 頼りにしている人 on a blank sheet (three people to a row).
const MIN_SUPPORTER_ROWS: usize = 2;

pub(crate) fn sheet(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    v: Option<&PlanVersion<'_>>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Subtool, h)?;
    let s = v.and_then(|v| v.subtool);
    p.beside(Sheet::Subtool, s.map(|s| s.cells()).as_ref())?;
    p.label(3, 9, 10, l::PLAN_NO.text)?;
    p.number(3, 11, 3, 11, v.map(|v| v.plan.plan_no))?;
    p.section(4, l::S_SUPPORTERS.text)?;
    let r = supporters(&mut p, st, v.map_or(&[][..], |v| v.supporters.as_slice()))?;
    places_and_frequencies(&mut p, r, s)?;
    let r = r + 5;
    when_hard(&mut p, r, s)?;
    let r = r + 4;
    services(&mut p, r, s)?;
    p.done(r + 3, LAST_COL)
}

/// 私が頼りにしている人: three to a row of 氏名｜関係性 slots, at least two rows, then the legend.
/// Returns the row after the legend.
fn supporters(p: &mut Page<'_>, st: &Styles, supporters: &[&Supporter]) -> Result<u32, XlsxError> {
    for k in 0..3u16 {
        p.label(5, k * 4, k * 4 + 1, l::S_NAME.text)?;
        p.label(5, k * 4 + 2, k * 4 + 3, l::S_RELATION.text)?;
    }
    let rows = supporters.len().div_ceil(3).max(MIN_SUPPORTER_ROWS);
    let relations: Vec<&str> = Relation::choices();
    let mut r = 6;
    for row in 0..rows {
        for k in 0..3u16 {
            let sup = supporters.get(row * 3 + k as usize);
            p.text(r, k * 4, r, k * 4 + 1, sup.map_or("", |s| s.name.as_str()))?;
            let rel = sup.map_or(String::new(), |s| match s.relation_text.as_str() {
                "" => s.relation.label().to_string(),
                t => format!("{}（{t}）", s.relation.label()),
            });
            p.text(r, k * 4 + 2, r, k * 4 + 3, &rel)?;
            p.dropdown(r, k * 4 + 2, r, k * 4 + 3, &relations, "関係性")?;
        }
        r += 1;
    }
    p.label(r, 0, 1, l::S_LEGEND.text)?;
    let legend = Relation::ALL
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join("　");
    let f = st.note.clone();
    p.merge(r, 2, r + 1, LAST_COL, &legend, &f)?;
    r += 3;
    Ok(r)
}

/// 主な支援場所 and the two frequencies, on the four rows from `r`.
fn places_and_frequencies(p: &mut Page<'_>, r: u32, s: Option<&Subtool>) -> Result<(), XlsxError> {
    p.label_rows(r, 0, r + 3, 1, l::S_PLACES_FREQ.text)?;
    p.label(r, 2, 3, l::S_PLACES.text)?;
    let places = s.map_or(&[][..], |s| s.places.as_slice());
    let place_other = s.map_or("", |s| s.places_text.as_str());
    let place_opts: [(Place, String, bool, u32, u16, u16); 4] = [
        (Place::Home, "自宅訪問".into(), false, r, 4, 5),
        (
            Place::WorkSchool,
            "職場・学校等の活動場訪問".into(),
            false,
            r,
            6,
            8,
        ),
        (Place::Medical, "医療機関".into(), false, r, 9, 11),
        (
            Place::Other,
            format!(
                "その他（{}）",
                if place_other.is_empty() {
                    "　　　"
                } else {
                    place_other
                }
            ),
            true,
            r + 1,
            4,
            8,
        ),
    ];
    for (place, words, editable, row, c1, c2) in place_opts {
        p.option(row, c1, c2, places.contains(&place), &words, editable)?;
    }
    use crate::contract::codes::FrequencyUnit;
    for (row, label, freq) in [
        (r + 2, &l::S_FREQUENCY, s.and_then(|s| s.frequency)),
        (
            r + 3,
            &l::S_VISIT_FREQUENCY,
            s.and_then(|s| s.visit_frequency),
        ),
    ] {
        p.label(row, 2, 3, label.text)?;
        for (unit, word, c1, c2) in [
            (FrequencyUnit::Week, "週", 4, 5),
            (FrequencyUnit::Month, "月", 6, 8),
        ] {
            let chosen = freq.filter(|f| f.unit == unit);
            let words = format!(
                "{word}{}回",
                chosen.map_or("　　".to_string(), |f| format!(" {} ", f.count))
            );
            p.option(row, c1, c2, chosen.is_some(), &words, true)?;
        }
    }
    Ok(())
}

/// 調子が悪くなったとき: the wishes and the two contacts, on the three rows from `r`.
fn when_hard(p: &mut Page<'_>, r: u32, s: Option<&Subtool>) -> Result<(), XlsxError> {
    p.label_rows(r, 0, r + 2, 1, l::S_WHEN_HARD.text)?;
    p.label(r, 2, 5, l::S_WISHES.text)?;
    p.text(
        r,
        6,
        r,
        LAST_COL,
        s.map_or("", |s| s.wishes_when_hard.as_str()),
    )?;
    p.height(r, 40.0);
    for (i, (label, who, tel)) in [
        (
            &l::S_CONTACT1,
            s.map_or("", |s| s.contact1.as_str()),
            s.map_or("", |s| s.contact1_tel.as_str()),
        ),
        (
            &l::S_CONTACT2,
            s.map_or("", |s| s.contact2.as_str()),
            s.map_or("", |s| s.contact2_tel.as_str()),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let row = r + 1 + i as u32;
        p.label(row, 2, 3, label.text)?;
        p.text(row, 4, row, 7, who)?;
        p.label(row, 8, 8, l::S_TEL.text)?;
        p.text(row, 9, row, LAST_COL, tel)?;
    }
    Ok(())
}

/// その他のサービス: the heading row at `r` and one row per service.
fn services(p: &mut Page<'_>, r: u32, s: Option<&Subtool>) -> Result<(), XlsxError> {
    p.label(r, 0, 5, l::S_SERVICES.text)?;
    p.label(r, 6, 8, l::S_AGENCY.text)?;
    p.label(r, 9, LAST_COL, l::S_DETAIL.text)?;
    for (i, label) in l::S_SERVICE_ROWS.iter().enumerate() {
        let row = r + 1 + i as u32;
        let service = s.map(|s| &s.services[i]);
        p.label(row, 0, 1, label.text)?;
        p.option(
            row,
            2,
            2,
            service.and_then(|x| x.has) == Some(true),
            "有",
            false,
        )?;
        p.option(
            row,
            4,
            4,
            service.and_then(|x| x.has) == Some(false),
            "無",
            false,
        )?;
        p.text(row, 6, row, 8, service.map_or("", |x| x.agency.as_str()))?;
        p.text(
            row,
            9,
            row,
            LAST_COL,
            service.map_or("", |x| x.detail.as_str()),
        )?;
        p.height(row, 30.0);
    }
    Ok(())
}
