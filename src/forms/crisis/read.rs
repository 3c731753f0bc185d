//! Reading a 様式ブック's クライシスプラン (別紙4): its signs, actions and supporters.

use crate::contract::codes::{Code, CrisisSection};
use crate::contract::date::parse_date;
use crate::contract::sheets::{Key, Sheet};
use crate::contract::text::trim;
use crate::contract::Form;
use crate::finding::Location;
use crate::forms::book::fields::*;
use crate::forms::book::grid::Pos;
use crate::forms::book::labels::{self as l, form_of_sheet_name};
use crate::forms::book::reader::{all_labels, FormSheet, Reader, Rec, Value};
use crate::model::raw::Cell;
use chrono::NaiveDate;

impl Reader<'_> {
    pub(crate) fn crisis(&mut self, f: &FormSheet, case: &Rec, fallback: Option<NaiveDate>) {
        let g = f.g;
        let labels = all_labels(Form::Crisis);
        // What the sheet holds, before its date is settled: a blank sheet needs none.
        // Each supporter row: where it starts, and per column its cells and where a blank is.
        type SupporterRow = (Location, [(Vec<Pos>, Option<Location>); 3]);
        let mut supporters: Vec<SupporterRow> = Vec::new();
        if let Some(table) = Bands::find(
            g,
            &[
                &l::C_SUPPORTER_NAME,
                &l::C_SUPPORTER_CONTACT,
                &l::C_SUPPORTER_ROLE,
            ],
            2,
            labels,
        ) {
            for row in table.body(g, labels) {
                let cells = [0, 1, 2].map(|b| (table.cells(g, row, b), table.head_at(g, b, row)));
                if cells.iter().all(|c| c.0.is_empty()) {
                    continue;
                }
                supporters.push((
                    g.location(Pos {
                        row,
                        col: table.bands[0].map_or(0, |b| b.0),
                    }),
                    cells,
                ));
            }
        }
        let mut items: Vec<(CrisisSection, Pos, String)> = Vec::new();
        for (pair, sections) in [
            (
                [&l::C_SELF_SIGN, &l::C_OTHERS_SIGN],
                [CrisisSection::SelfSign, CrisisSection::OthersSign],
            ),
            (
                [&l::C_SELF_ACTION, &l::C_OTHERS_ACTION],
                [CrisisSection::SelfAction, CrisisSection::OthersAction],
            ),
        ] {
            // Side by side as the seed prints them, or one under the other: each read alone.
            let mut parts: Vec<(Bands, usize, CrisisSection)> = Vec::new();
            match Bands::find(g, &pair, 2, labels) {
                Some(t) => {
                    parts.push((t.clone(), 0, sections[0]));
                    parts.push((t, 1, sections[1]));
                }
                None => {
                    for (head, section) in pair.iter().zip(sections) {
                        if let Some(t) = Bands::find(g, &[*head], 1, labels) {
                            parts.push((t, 0, section));
                        }
                    }
                }
            }
            for (table, b, section) in &parts {
                for row in table.body(g, labels) {
                    for q in table.cells(g, row, *b) {
                        g.consume(q);
                        items.extend(
                            bullets(&g.text(q).unwrap_or_default())
                                .into_iter()
                                .map(|t| (*section, q, t)),
                        );
                    }
                }
            }
        }
        let own = self
            .field(f, &l::C_CREATED, labels)
            .filter(|v| !v.is_empty());
        if supporters.is_empty() && items.is_empty() && own.is_none() {
            return;
        }
        let created = match own {
            Some(v) => v,
            None => match (date_in_name(f.name), fallback) {
                (Some(d), _) => Value {
                    cell: Cell::Date(d),
                    at: Location::file(&g.origin),
                },
                (None, Some(d)) => {
                    self.warn("W508", Location::file(&g.origin), format!("クライシスプランに作成日がないため、このブックの最新の様式の日付 {d} の版として扱います。「作成日」欄に作成日を入力してください。"));
                    Value {
                        cell: Cell::Date(d),
                        at: Location::file(&g.origin),
                    }
                }
                (None, None) => {
                    self.label_missing(g, &l::C_CREATED);
                    self.refuse(g);
                    return;
                }
            },
        };
        for (anchor, cells) in supporters {
            let mut rec = self.start(Sheet::CrisisSupporters, f, case, anchor);
            rec.put(Key::Created, &created);
            for ((found, blank_at), key) in cells.iter().zip([Key::Name, Key::Contact, Key::Role]) {
                put_joined(g, &mut rec, key, found, blank_at.clone());
            }
            self.recs.push(rec);
        }
        // 同意・交付 stand once beside the sheet and belong to every item of the version.
        let agreement = items.first().map(|(_, q, _)| {
            let mut rec = self.start(Sheet::CrisisPlans, f, case, g.location(*q));
            self.beside(f, &mut rec, labels);
            rec
        });
        for (section, q, text) in items {
            let mut rec = self.start(Sheet::CrisisPlans, f, case, g.location(q));
            if let Some(agreed) = &agreement {
                rec.take_beside(agreed);
            }
            rec.put(Key::Created, &created);
            rec.set(
                Key::Section,
                Cell::Text(section.label().into()),
                g.location(q),
            );
            rec.set(Key::Text, Cell::Text(text), g.location(q));
            self.recs.push(rec);
        }
    }
}

/// The bullets of a crisis-plan cell: one per 「・」 line when the cell lists several, else the
/// cell as one.
fn bullets(text: &str) -> Vec<String> {
    let t = trim(text).trim_start_matches(['・', '･']);
    let t = trim(t);
    if t.is_empty() {
        return Vec::new();
    }
    if text.lines().filter(|l| trim(l).starts_with('・')).count() >= 2 {
        return text
            .lines()
            .map(|l| trim(trim(l).trim_start_matches('・')).to_string())
            .filter(|l| !l.is_empty())
            .collect();
    }
    vec![t.to_string()]
}

/// A date in a sheet name: 「クライシスプラン R6.9.2」, 「クライシスプラン(2024-09-02)」.
fn date_in_name(name: &str) -> Option<NaiveDate> {
    let (_, rest) = form_of_sheet_name(name)?;
    let inner = rest.trim_matches(['(', ')']);
    parse_date(inner).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_names() {
        assert_eq!(
            date_in_name("クライシスプラン(2024-09-02)"),
            NaiveDate::from_ymd_opt(2024, 9, 2)
        );
        assert_eq!(
            date_in_name("クライシスプラン R6.9.2"),
            NaiveDate::from_ymd_opt(2024, 9, 2)
        );
    }

    #[test]
    fn crisis_bullets() {
        assert_eq!(bullets("・眠れない"), vec!["眠れない"]);
        assert_eq!(
            bullets("・眠れない\n・食欲がない"),
            vec!["眠れない", "食欲がない"]
        );
        assert!(bullets("  ").is_empty());
    }
}
