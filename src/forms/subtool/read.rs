//! Reading a 様式ブック's 補助ツール (別紙3): the services, places and the people relied on.

use crate::contract::codes::Code;
use crate::contract::sheets::{Key, Sheet};
use crate::contract::text::trim;
use crate::contract::Form;
use crate::finding::Location;
use crate::forms::book::fields::*;
use crate::forms::book::grid::{self, Grid, Pos};
use crate::forms::book::labels::{self as l, form_of_sheet_name, label_key};
use crate::forms::book::marks::{options_of, Option_};
use crate::forms::book::reader::{all_labels, FormSheet, Reader, Rec, Value};
use crate::model::raw::Cell;

impl Reader<'_> {
    pub(crate) fn subtool(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        plans: &[(u32, &str, Value)],
        latest: Option<u32>,
    ) {
        let g = f.g;
        let labels = all_labels(Form::Subtool);
        let title_at = g
            .filled()
            .next()
            .map_or_else(|| Location::file(&g.origin), |p| g.location(p));
        // Which plan version: its own 作成番号, the version in its sheet name, else the latest.
        let own = self.field(f, &l::PLAN_NO, labels).filter(|v| !v.is_empty());
        let named = form_of_sheet_name(f.name).and_then(|(_, rest)| version_in(&rest));
        let plan_no = match (&own, named, latest) {
            (Some(v), _, _) => v.clone(),
            (None, Some(n), _) => Value {
                cell: Cell::Number(n as f64),
                at: Location::file(&g.origin),
            },
            (None, None, Some(n)) => plans
                .iter()
                .find(|p| p.0 == n)
                .map(|p| p.2.clone())
                .expect("latest is one of the plans"),
            (None, None, None) => {
                self.error("E503", Location::file(&g.origin), "補助ツールがどの版の支援計画シートのものか分かりません。このシートに「作成番号」を入力するか、支援計画シートを同じブックに入れてください。".into());
                self.refuse(g);
                return;
            }
        };
        let mut rec = self.start(Sheet::Subtool, f, case, title_at.clone());
        rec.put(Key::PlanNo, &plan_no);
        places(g, &mut rec, labels);
        self.frequencies(g, &mut rec, labels);
        if let Some(v) = self.block(f, &l::S_WISHES, labels) {
            rec.put(Key::WishesWhenHard, &v);
        }
        for (who, tel, label) in [
            (Key::Contact1, Key::Contact1Tel, &l::S_CONTACT1),
            (Key::Contact2, Key::Contact2Tel, &l::S_CONTACT2),
        ] {
            let Some((p, inline)) = g.find(label) else {
                continue;
            };
            rec.put(who, &value_at(g, p, inline, labels));
            if let Some(v) = self.field_in(f, &l::S_TEL, labels, p.row..p.row + 1) {
                rec.put(tel, &v);
            }
        }
        self.services(f, &mut rec, labels);
        self.beside(f, &mut rec, labels);
        // A sheet of 頼りにしている人 only: no 補助ツール row, as in the tabular intake.
        if rec.has_values() {
            self.recs.push(rec);
        }
        self.supporters(f, case, &plan_no, labels);
    }

    /// 訪問頻度 and 通所・来所頻度: one of 週 or 月 with its number, each.
    fn frequencies(&mut self, g: &Grid, rec: &mut Rec, labels: &[String]) {
        for (key, label) in [
            (Key::Frequency, &l::S_FREQUENCY),
            (Key::VisitFrequency, &l::S_VISIT_FREQUENCY),
        ] {
            let Some((p, _)) = g.find(label) else {
                continue;
            };
            let parts = row_parts(g, p, labels);
            let (texts, place) = group_at(g, p, &parts);
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            rec.place(key, place.clone());
            g.consume_all(&parts);
            let all = options_of(&refs, l::FREQUENCY_WORDS);
            let mut chosen: Vec<&Option_> = all.iter().filter(|o| o.ticked).collect();
            if chosen.is_empty() {
                chosen = all.iter().filter(|o| o.number.is_some()).collect();
            }
            match chosen.as_slice() {
                [] => {}
                [o] => {
                    let unit = o.key.chars().next().unwrap_or('週');
                    let value = match o.number {
                        Some(n) => format!("{unit}{n}回"),
                        None => texts.get(o.part).cloned().unwrap_or_default(),
                    };
                    rec.set(key, Cell::Text(value), place);
                }
                [_, o, ..] => {
                    let heading = Sheet::Subtool.column(key).ja.clone();
                    let at = parts.get(o.part).map_or(place, |&q| g.location(q));
                    self.error(
                        "E501",
                        at,
                        format!("「{heading}」は週か月のどちらか1つに印を付けてください。"),
                    );
                }
            }
        }
    }

    pub(crate) fn services(&mut self, f: &FormSheet, rec: &mut Rec, labels: &[String]) {
        let g = f.g;
        let Some((head, _)) = g.find(&l::S_SERVICES) else {
            return;
        };
        let agency_col = g
            .find_in(&l::S_AGENCY, head.row..head.row + 1)
            .map(|(p, _)| g.area(p));
        let detail_col = g
            .find_in(&l::S_DETAIL, head.row..head.row + 1)
            .map(|(p, _)| g.area(p));

        let below = g.area(head).bottom + 1..g.rows().end;
        for (label, (key, agency_key, detail_key)) in l::S_SERVICE_ROWS.iter().zip(Key::SERVICES) {
            let Some((p, _)) = g.find_in(label, below.clone()) else {
                continue;
            };
            let row_cells: Vec<Pos> = g
                .filled_in_row(p.row)
                .filter(|q| q.col > g.area(p).right)
                .collect();
            let in_band = |q: &Pos, band: Option<grid::Area>| {
                band.is_some_and(|a| q.col >= a.left && q.col <= a.right)
            };
            let boxes: Vec<Pos> = row_cells
                .iter()
                .copied()
                .filter(|q| !in_band(q, agency_col) && !in_band(q, detail_col))
                .collect();
            let texts: Vec<String> = boxes
                .iter()
                .map(|&q| g.text(q).unwrap_or_default().into_owned())
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let place = boxes.first().map_or_else(
                || {
                    g.location(Pos {
                        row: p.row,
                        col: g.area(p).right + 1,
                    })
                },
                |&q| g.location(q),
            );
            rec.place(key, place.clone());
            g.consume_all(&boxes);
            let ticked: Vec<Option_> = options_of(&refs, l::PRESENCE_WORDS)
                .into_iter()
                .filter(|o| o.ticked && (o.key == "有" || o.key == "無"))
                .collect();
            match ticked.as_slice() {
                [] => {}
                [o] => rec.set(key, Cell::Text(o.key.clone()), place),
                _ => self.error(
                    "E501",
                    place,
                    format!(
                        "「{}」の有・無は、どちらか1つに印を付けてください。",
                        label.text
                    ),
                ),
            }
            for (column, band) in [(agency_key, agency_col), (detail_key, detail_col)] {
                let cells: Vec<Pos> = row_cells
                    .iter()
                    .copied()
                    .filter(|q| in_band(q, band))
                    .collect();
                let at = band.map(|a| {
                    g.location(Pos {
                        row: p.row,
                        col: a.left,
                    })
                });
                put_joined(g, rec, column, &cells, at);
            }
            let _ = labels;
        }
    }

    /// 頼りにしている人, in either layout the spec names: the seed's slots, three to a row,
    /// 「氏名 | name | 関係性（ イ ）」 with the relationship typed in the brackets; or a table whose
    /// heading row holds 氏名 and 関係性 and whose rows below hold one person per slot.
    pub(crate) fn supporters(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        plan_no: &Value,
        labels: &[String],
    ) {
        let g = f.g;
        let Some((title, _)) = g.find(&l::S_SUPPORTERS) else {
            return;
        };
        let title_area = g.area(title);
        let end = g
            .find_in(&l::S_LEGEND, title.row..g.rows().end)
            .map_or(g.rows().end, |(p, _)| p.row);
        let is_name = |q: &Pos| grid::match_label(g.key(*q), &l::S_NAME).is_some();
        let is_relation = |q: &Pos| grid::match_label(g.key(*q), &l::S_RELATION).is_some();
        let in_title = |q: &Pos| {
            q.row >= title_area.top
                && q.row <= title_area.bottom
                && q.col >= title_area.left
                && q.col <= title_area.right
        };
        let is_other_label = |q: &Pos| {
            !is_name(q) && !is_relation(q) && labels.iter().any(|lb| is_label_key(g.key(*q), lb))
        };
        // The table ends two columns past its last 氏名 or 関係性 (a relationship typed after its
        // label, 「関係性（」「イ」「）」): what stands further right on the same rows (the fields
        // the paper has no place for, 終了理由…) is not the table's.
        let right_edge = (title.row..end)
            .flat_map(|r| g.filled_in_row(r).collect::<Vec<_>>())
            .filter(|q| is_name(q) || is_relation(q))
            .map(|q| g.area(q).right + 2)
            .max()
            .unwrap_or(u32::MAX);
        // The slots of a heading row of the table layout: (name columns, relation columns).
        let mut table_slots: Vec<SlotColumns> = Vec::new();
        for row in title.row..end {
            let cells: Vec<Pos> = g
                .filled_in_row(row)
                .filter(|q| !(in_title(q) || row == title.row && q.col < title.col))
                .filter(|q| q.col <= right_edge)
                .collect();
            if row > title_area.bottom && cells.iter().any(is_other_label) {
                break;
            }
            // A row with 氏名 labels holds its own slots (the seed's layout) or heads a table; any
            // other row is a row of the table below the last heading.
            let names: Vec<Pos> = cells.iter().copied().filter(is_name).collect();
            let own = (!names.is_empty()).then(|| slot_ranges(g, &names, &cells, &is_relation));
            let before = self.recs.len();
            for &(name_from, name_to, relation) in own.as_ref().unwrap_or(&table_slots) {
                self.supporter(
                    f,
                    case,
                    plan_no,
                    row,
                    (name_from, name_to),
                    relation,
                    &cells,
                );
            }
            if let Some(slots) = own.filter(|_| self.recs.len() == before) {
                // Labels and no values: the heading row of the table layout.
                table_slots = slots;
            }
        }
    }

    /// One supporter from the cells of a slot on `row`: the name between the 氏名 label (or the
    /// slot's start) and the 関係性 label, the relationship in the label's brackets and the
    /// cells after it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn supporter(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        plan_no: &Value,
        row: u32,
        (name_from, name_to): (u32, u32),
        relation: Option<(u32, u32)>,
        cells: &[Pos],
    ) {
        let g = f.g;
        let is_label = |q: &Pos| {
            grid::match_label(g.key(*q), &l::S_NAME).is_some()
                || (g.key(*q) == label_key(l::S_RELATION.text) || g.key(*q) == label_key("関係性"))
        };
        let name_cells: Vec<Pos> = cells
            .iter()
            .copied()
            .filter(|q| q.row == row && q.col >= name_from && q.col <= name_to)
            .filter(|q| grid::match_label(g.key(*q), &l::S_NAME).is_none())
            .collect();
        let rel_cells: Vec<Pos> = relation.map_or(Vec::new(), |(a, b)| {
            cells
                .iter()
                .copied()
                .filter(|q| q.row == row && q.col >= a && q.col <= b)
                .collect()
        });
        // The relationship as typed: the label's bracketed part and the cells after it.
        let mut rel_text = String::new();
        let mut rel_at = None;
        for &q in &rel_cells {
            let text = g.text(q).unwrap_or_default().into_owned();
            let own = if grid::match_label(g.key(q), &l::S_RELATION).is_some() {
                relation_after_label(&text)
            } else {
                text
            };
            if !trim(&own)
                .trim_matches(['（', '(', '）', ')'])
                .trim()
                .is_empty()
            {
                rel_at.get_or_insert(q);
            }
            rel_text.push_str(&own);
        }
        let rel_text = unbracket(&rel_text);
        if name_cells.is_empty() && rel_text.is_empty() {
            return;
        }
        g.consume_all(&name_cells);
        for q in &rel_cells {
            if !is_label(q) {
                g.consume(*q);
            }
        }
        let anchor = g.location(Pos {
            row,
            col: name_from,
        });
        let mut rec = self.start(Sheet::Supporters, f, case, anchor.clone());
        rec.put(Key::PlanNo, plan_no);
        put_joined(g, &mut rec, Key::Name, &name_cells, Some(anchor.clone()));
        let blank_at = relation.map_or(anchor, |(a, _)| g.location(Pos { row, col: a }));
        rec.place(Key::Relation, blank_at.clone());
        rec.place(Key::RelationText, blank_at);
        if let Some(q) = rel_at.or_else(|| rel_cells.first().copied()) {
            let (code, extra) = match rel_text.find(['（', '(']) {
                Some(i) => (
                    rel_text[..i].to_string(),
                    rel_text[i..]
                        .trim_matches(['（', '(', '）', ')', ' ', '　'])
                        .to_string(),
                ),
                None => (rel_text.clone(), String::new()),
            };
            if !rel_text.is_empty() {
                rec.set(
                    Key::Relation,
                    Cell::Text(trim(&code).to_string()),
                    g.location(q),
                );
            }
            let extra = if extra.is_empty() {
                self.legend_text(g, &code).unwrap_or_default()
            } else {
                extra
            };
            if !extra.is_empty() {
                rec.set(Key::RelationText, Cell::Text(extra), g.location(q));
            }
        }
        self.recs.push(rec);
    }

    /// The legend's bracketed text for リ and ヌ (「リ：行政機関の職員（ 市役所 ）」), which the
    /// office may fill once for the sheet.
    pub(crate) fn legend_text(&self, g: &Grid, code: &str) -> Option<String> {
        use crate::contract::codes::Relation;
        let kana = Relation::parse(code)
            .filter(|r| matches!(r, Relation::Ri | Relation::Nu))?
            .kana()
            .chars()
            .next()?;
        let (p, _) = g.find(&l::S_LEGEND)?;
        (p.row..g.rows().end)
            .flat_map(|r| g.filled_in_row(r).collect::<Vec<_>>())
            .filter_map(|q| g.text(q).map(|t| (q, t.into_owned())))
            .find_map(|(q, t)| {
                let rest = &t[t.find(kana)?..];
                let after = &rest[rest.find(['（', '('])?..];
                let inner = &after[after.chars().next()?.len_utf8()..];
                let inner = trim(&inner[..inner.find(['）', ')'])?]).to_string();
                (!inner.is_empty()).then(|| {
                    g.consume(q);
                    inner
                })
            })
    }
}

/// A supporter slot's columns: (first name column, last name column, relationship columns).
type SlotColumns = (u32, u32, Option<(u32, u32)>);

/// The slots of a row of 頼りにしている人 from its 氏名 labels: each slot runs from its 氏名 to the
/// cell before the next 氏名; its relationship starts at its 関係性 label.
fn slot_ranges(
    g: &Grid,
    names: &[Pos],
    cells: &[Pos],
    is_relation: &dyn Fn(&Pos) -> bool,
) -> Vec<SlotColumns> {
    let last_col = g.cols().end.saturating_sub(1);
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let slot_end = names
                .get(i + 1)
                .map_or(last_col, |next| next.col.saturating_sub(1));
            let relation = cells
                .iter()
                .find(|q| q.col > n.col && q.col <= slot_end && is_relation(q))
                .map(|r| (r.col, slot_end));
            let name_to = relation.map_or(slot_end, |(a, _)| a.saturating_sub(1));
            (n.col, name_to, relation)
        })
        .collect()
}

/// What follows 「関係性」 in its own cell: 「関係性（ イ ）」 → 「（ イ ）」.
fn relation_after_label(text: &str) -> String {
    let t = trim(text);
    match t.find("関係性") {
        Some(i) => t[i + "関係性".len()..].to_string(),
        None => String::new(),
    }
}

/// A relationship typed in the paper's brackets, without them: 「（ ヌ：その他（近所）） 」 →
/// 「ヌ：その他（近所）」.
fn unbracket(text: &str) -> String {
    let t = trim(text);
    let t = t.strip_prefix(['（', '(']).unwrap_or(t);
    let t = trim(t);
    let t = match t.strip_suffix(['）', ')']) {
        // Only the outer bracket: 「ヌ：その他（近所）」 keeps its own.
        Some(inner) if inner.matches(['（', '(']).count() == inner.matches(['）', ')']).count() => {
            inner
        }
        _ => t,
    };
    trim(t).to_string()
}

/// The cells right of a label on its row and on the rows below it that hold no label (a group of
/// boxes wrapped onto a second line).
fn region_parts(g: &Grid, p: Pos, labels: &[String]) -> Vec<Pos> {
    let mut parts = row_parts(g, p, labels);
    let right = g.area(p).right;
    for row in g.area(p).bottom + 1..g.rows().end {
        let cells: Vec<Pos> = g.filled_in_row(row).collect();
        if cells.is_empty()
            || cells
                .iter()
                .any(|q| labels.iter().any(|lb| is_label_key(g.key(*q), lb)))
        {
            break;
        }
        parts.extend(cells.into_iter().filter(|q| q.col > right));
    }
    parts
}

/// The cells to the right of a label on its row, up to the next label.
fn row_parts(g: &Grid, p: Pos, labels: &[String]) -> Vec<Pos> {
    let start = g.area(p).right + 1;
    g.filled_in_row(p.row)
        .filter(|q| q.col >= start)
        .take_while(|q| !labels.iter().any(|lb| is_label_key(g.key(*q), lb)))
        .collect()
}

/// 「（第2版）」, 「(2)」 in a sheet name after the form's name.
fn version_in(rest: &str) -> Option<u32> {
    let digits: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let before: String = rest.chars().take_while(|c| !c.is_ascii_digit()).collect();
    (!digits.is_empty() && (before == "(第" || before == "(" || before == "第"))
        .then(|| digits.parse().ok())
        .flatten()
}

/// The texts of a group of option cells, and where the group stands: its first cell, or right of
/// its label at `label` when the group is empty.
fn group_at(g: &Grid, label: Pos, parts: &[Pos]) -> (Vec<String>, Location) {
    let texts = parts
        .iter()
        .map(|&q| g.text(q).unwrap_or_default().into_owned())
        .collect();
    let place = parts
        .first()
        .map_or_else(|| g.location(label), |&q| g.location(q));
    (texts, place)
}

/// 主な支援場所: any number of boxes, and the その他 text in its brackets.
fn places(g: &Grid, rec: &mut Rec, labels: &[String]) {
    if let Some((p, _)) = g.find(&l::S_PLACES) {
        let parts = region_parts(g, p, labels);
        let (texts, place) = group_at(g, p, &parts);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        rec.place(Key::Places, place.clone());
        rec.place(Key::PlacesText, place.clone());
        g.consume_all(&parts);
        let chosen: Vec<Option_> = options_of(&refs, l::PLACE_WORDS)
            .into_iter()
            .filter(|o| o.ticked)
            .collect();
        if !chosen.is_empty() {
            let names: Vec<String> = chosen
                .iter()
                .map(|o| {
                    crate::contract::codes::Place::parse(&o.key)
                        .map_or_else(|| texts[o.part].clone(), |p| p.label().to_string())
                })
                .collect();
            rec.set(Key::Places, Cell::Text(names.join("、")), place.clone());
            if let Some(text) = chosen
                .iter()
                .find(|o| o.key == "その他")
                .and_then(|o| o.bracketed.first())
                .filter(|t| !t.is_empty())
            {
                rec.set(Key::PlacesText, Cell::Text(text.clone()), place);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_in_names() {
        assert_eq!(version_in("(第2版)"), Some(2));
        assert_eq!(version_in("(3)"), Some(3));
        assert_eq!(version_in(""), None);
    }
}
