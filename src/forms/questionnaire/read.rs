//! Reading a 様式ブック's アンケート (別紙1): the date, the answers per item and the wishes.

use crate::contract::codes::{Answer, Code, ITEMS};
use crate::contract::sheets::{Key, Sheet};
use crate::contract::Form;
use crate::finding::Location;
use crate::forms::book::fields::*;
use crate::forms::book::grid::{Grid, Pos};
use crate::forms::book::labels::{self as l};
use crate::forms::book::marks::{self, answer_mark};
use crate::forms::book::reader::{all_labels, FormSheet, Reader, Rec};
use crate::model::raw::Cell;
use chrono::NaiveDate;

impl Reader<'_> {
    pub(crate) fn questionnaire(&mut self, f: &FormSheet, case: &Rec) -> Option<NaiveDate> {
        let g = f.g;
        let labels = all_labels(Form::Questionnaire);
        let anchor = g
            .find(&l::Q_DATE)
            .map_or_else(|| Location::file(&g.origin), |(p, _)| g.location(p));
        let mut rec = self.start(Sheet::Questionnaires, f, case, anchor);
        let mut date = None;
        match self.field(f, &l::Q_DATE, labels) {
            Some(v) => {
                date = cell_date(&v.cell, self.date1904);
                rec.put(Key::Date, &v);
            }
            None => self.label_missing(g, &l::Q_DATE),
        }
        if let Some(v) = self.block(f, &l::Q_WISHES, labels) {
            rec.put(Key::Wishes, &v);
        }
        // The item rows, by their codes A1…O2.
        let mut rows: Vec<(usize, Pos)> = Vec::new();
        for p in g.filled() {
            if let Some(i) = item_code(g.key(p)) {
                if rows.iter().all(|r| r.0 != i) {
                    rows.push((i, p));
                }
            }
        }
        let (columns, guessed) = answer_columns(g, &rows);
        if guessed {
            let at = columns
                .first()
                .map_or(Location::file(&g.origin), |&(col, _)| {
                    g.location(Pos {
                        row: rows[0].1.row,
                        col,
                    })
                });
            self.warn("W511", at, "アンケートの回答欄に見出し（困っているが、支援を受けている／困っていて、まだ支援を受けていない／困っていない／わからない）がないため、どの列がどの回答かを印の位置から推定しました。回答が正しいか確かめ、回答欄の上に見出しの行を入れてください。".into());
        }
        for (i, p) in rows {
            let item = &ITEMS[i];
            let key = Key::Item(i);
            let here = g.location(p);
            // The code's cell is the item's heading (its wording may be the office's own).
            g.consume(p);
            let mut marked: Vec<(Answer, Pos)> = Vec::new();
            for &(col, answer) in &columns {
                let q = Pos { row: p.row, col };
                let text = g.text(q).unwrap_or_default();
                match answer_mark(&text) {
                    Some(true) => {
                        g.consume(q);
                        marked.push((answer, q))
                    }
                    Some(false) => {}
                    None => {
                        g.consume(q);
                        let shown: String = text.chars().take(5).collect();
                        self.error("E502", g.location(q), format!("{} の回答欄の「{shown}」は印として読めません。あてはまる欄に「〇」を1つだけ付けてください。", item.id));
                    }
                }
            }
            match marked.as_slice() {
                [] => rec.place(
                    key,
                    columns.first().map_or(here.clone(), |c| {
                        g.location(Pos {
                            row: p.row,
                            col: c.0,
                        })
                    }),
                ),
                [(a, q)] => rec.set(key, Cell::Text(a.code().into()), g.location(*q)),
                [_, (_, q), ..] => {
                    self.error("E501", g.location(*q), format!("{} に{}つの回答に印があります。あてはまる欄に「〇」を1つだけ付けてください。", item.id, marked.len()));
                    rec.place(key, g.location(*q));
                }
            }
            if let Some(text_key) = Key::other_text_of(i) {
                // The item's own cells, wherever the answer columns stand (left or right of the
                // wording), and a column of its own for the text.
                let text_cells: Vec<Pos> = g
                    .filled_in_row(p.row)
                    .filter(|q| columns.iter().all(|c| c.0 != q.col))
                    .collect();
                if let Some((text, at)) = other_text(g, &text_cells) {
                    g.consume(at);
                    rec.set(text_key, Cell::Text(text), g.location(at));
                } else {
                    rec.place(text_key, here);
                }
            }
        }
        self.beside(f, &mut rec, labels);
        self.recs.push(rec);
        date
    }
}

/// The answer columns and the answer each stands for: by their headings, else the four columns
/// after the first item's text, in the order 1, 2, 0, 9.
/// Also whether the columns were guessed: no headings, and the marks do not fill all four.
fn answer_columns(g: &Grid, items: &[(usize, Pos)]) -> (Vec<(u32, Answer)>, bool) {
    let Some(&(_, first)) = items.first() else {
        return (Vec::new(), false);
    };
    for row in (first.row.saturating_sub(4)..first.row).rev() {
        let found: Vec<(u32, Answer)> = g
            .filled_in_row(row)
            .filter_map(|q| {
                let t = g.text(q)?;
                let t = t.replace(['\n', ' ', '　'], "");
                Answer::parse(&t).map(|a| (q.col, a))
            })
            .collect();
        if found.len() >= 2 {
            return (found, false);
        }
    }
    // No headings: four columns in the order 1, 2, 0, 9, beside the item's wording, on the side
    // where the marks are, and holding every mark of the item rows (the wording may be unmerged,
    // or a blank spacer column may stand between it and the answers).
    let marks: Vec<u32> = items
        .iter()
        .flat_map(|&(_, p)| g.filled_in_row(p.row).filter(move |q| q.col != p.col))
        .filter(|&q| marks::is_lone_mark(&g.text(q).unwrap_or_default()) || g.key(q) == "1")
        .map(|q| q.col)
        .collect();
    let after = g.area(first).right + 1;
    let text_end = g
        .filled_in_row(first.row)
        .filter(|q| q.col >= after)
        .map(|q| g.area(q).right)
        .next()
        .unwrap_or(first.col);
    let start = match (marks.iter().min(), marks.iter().max()) {
        (Some(&lo), Some(_)) if lo < first.col => first.col.saturating_sub(4).min(lo),
        (Some(&lo), Some(&hi)) => (text_end + 1).max(hi.saturating_sub(3)).min(lo),
        _ => text_end + 1,
    };
    let order = [Answer::Met, Answer::Unmet, Answer::NoNeed, Answer::Unknown];
    let columns = (0..4).map(|i| (start + i, order[i as usize])).collect();
    let pinned = (0..4).all(|i| marks.contains(&(start + i)));
    (columns, !marks.is_empty() && !pinned)
}
