//! Reading a 様式ブック's 支援計画シート (別紙2): the plan, its monitoring rows, participants and needs.

use crate::contract::codes::{Code, ReviewKind, Setting, Timing};
use crate::contract::sheets::{Key, Sheet};
use crate::contract::text::{fold, trim};
use crate::contract::Form;
use crate::finding::Location;
use crate::forms::book::fields::*;
use crate::forms::book::grid::{Grid, Pos};
use crate::forms::book::labels::{self as l, label_key};
use crate::forms::book::marks::{count_in, options_of, Option_};
use crate::forms::book::reader::{all_labels, FormSheet, Reader, Rec, Value};
use crate::model::raw::Cell;
use chrono::NaiveDate;

impl Reader<'_> {
    /// A 支援計画シート: the plan, its monitoring rows and its needs. Returns its 作成番号 (and
    /// where it is) and its 作成日.
    pub(crate) fn plan(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        earlier: &[(u32, &str, Value)],
    ) -> Option<(u32, Value, Option<NaiveDate>)> {
        let g = f.g;
        let labels = all_labels(Form::Plan);
        let Some(no) = self.field(f, &l::PLAN_NO, labels) else {
            self.label_missing(g, &l::PLAN_NO);
            self.refuse(g);
            return None;
        };
        let plan_no = crate::contract::text::parse_uint(&no.text());
        if let Some(n) = plan_no {
            if let Some((_, other, _)) = earlier.iter().find(|e| e.0 == n) {
                let other = other.to_string();
                self.error("E505", no.at.clone(), format!("作成番号 {n} がシート「{other}」と同じです。コピーしたシートなら作成番号を次の番号に直してください。このシートは読み込みません。"));
                self.refuse(g);
                return None;
            }
        }
        let mut rec = self.start(Sheet::Plans, f, case, no.at.clone());
        rec.put(Key::PlanNo, &no);
        let mut created = None;
        for (key, label) in [
            (Key::Created, &l::P_CREATED),
            (Key::ReviewDue, &l::P_REVIEW_DUE),
        ] {
            match self.field(f, label, labels) {
                Some(v) => {
                    if key == Key::Created {
                        created = cell_date(&v.cell, self.date1904);
                    }
                    rec.put(key, &v)
                }
                None => self.label_missing(g, label),
            }
        }
        for (key, label) in [
            (Key::LongGoal, &l::P_LONG_GOAL),
            (Key::ShortGoal, &l::P_SHORT_GOAL),
        ] {
            match self.block(f, label, labels) {
                Some(v) => rec.put(key, &v),
                None => self.label_missing(g, label),
            }
        }
        self.participants(f, &mut rec, labels);
        self.beside(f, &mut rec, labels);
        let no_ref = Value {
            cell: no.cell.clone(),
            at: no.at.clone(),
        };
        self.recs.push(rec);
        self.monitoring(f, case, &no_ref, labels);
        self.needs(f, case, &no_ref, labels);
        plan_no.map(|n| (n, no, created))
    }

    pub(crate) fn participants(&mut self, f: &FormSheet, rec: &mut Rec, labels: &[String]) {
        let g = f.g;
        let Some((p, _)) = g.find(&l::P_PARTICIPANTS) else {
            return;
        };
        // The boxes end at the CM note or the needs table (their words, 本人 among them, are not
        // labels here).
        let stop: Vec<String> = [l::P_CM_NOTE]
            .into_iter()
            .map(label_key)
            .chain(
                [&l::P_NEEDS, &l::N_NO, &l::N_NEED, &l::M_KIND]
                    .iter()
                    .flat_map(|lb| lb.spellings().map(label_key)),
            )
            .collect();
        let is_stop = |k: &str| stop.iter().any(|s| is_label_key(k, s));
        let _ = labels;
        let mut parts: Vec<(Pos, String)> = Vec::new();
        let area = g.area(p);
        for row in area.top..g.rows().end {
            let cells: Vec<Pos> = g
                .filled_in_row(row)
                .filter(|q| !(row <= area.bottom && q.col <= area.right))
                .collect();
            if row > area.bottom && cells.iter().any(|&q| is_stop(g.key(q))) {
                break;
            }
            parts.extend(
                cells
                    .into_iter()
                    .filter(|&q| !is_stop(g.key(q)))
                    .map(|q| (q, g.text(q).unwrap_or_default().into_owned())),
            );
        }
        for (q, _) in &parts {
            g.consume(*q);
        }
        let texts: Vec<&str> = parts.iter().map(|(_, t)| t.as_str()).collect();
        let here = |o: &Option_| {
            parts
                .get(o.part)
                .map_or_else(|| g.location(p), |(q, _)| g.location(*q))
        };
        let people: [(&str, Key, bool); 9] = [
            ("本人", Key::PSelf, false),
            ("家族", Key::PFamily, true),
            ("同僚・上司", Key::PColleague, true),
            ("友人", Key::PFriend, true),
            ("主治医", Key::PDoctor, false),
            ("当該医療機関職員", Key::PHospitalStaff, true),
            ("地域援助事業者", Key::PCommunity, true),
            ("行政機関の職員", Key::PGovernment, true),
            ("その他", Key::POther, true),
        ];
        let first = g.location(Pos {
            row: p.row,
            col: area.right + 1,
        });
        for (_, key, _) in people {
            rec.place(key, first.clone());
        }
        rec.place(Key::POtherText, first);
        for o in options_of(&texts, l::PARTICIPANT_WORDS) {
            let Some(&(word, key, counted)) = people.iter().find(|(w, _, _)| fold(w) == o.key)
            else {
                continue;
            };
            let at = here(&o);
            if !counted {
                if o.ticked {
                    rec.set(key, Cell::Text("有".into()), at);
                }
                continue;
            }
            if key == Key::POther {
                if let Some(text) = o.bracketed.first().filter(|t| {
                    !trim(t).is_empty()
                        && count_in(std::slice::from_ref(t)).is_none_or(|c| c.is_err())
                }) {
                    rec.set(Key::POtherText, Cell::Text(text.clone()), at.clone());
                }
            }
            match count_in(&o.bracketed) {
                Some(Ok(n)) => rec.set(key, Cell::Number(n as f64), at),
                Some(Err(_)) if key == Key::POther && o.bracketed.len() == 1 => {}
                Some(Err(raw)) => rec.set(key, Cell::Text(raw), at),
                None if o.ticked => self.warn("W509", at, format!("「{word}」に印がありますが人数が空欄です。（　名）に人数を入力してください（人数がないと印刷では印なしになります）。")),
                None => {}
            }
        }
    }

    pub(crate) fn monitoring(&mut self, f: &FormSheet, case: &Rec, no: &Value, labels: &[String]) {
        let g = f.g;
        let Some(mut table) = Bands::find(
            g,
            &[
                &l::M_DATE_TIMING,
                &l::M_KIND,
                &l::M_SETTING,
                &l::M_NOTES,
                &l::M_GOAL_MET,
            ],
            2,
            labels,
        ) else {
            if g.find(&l::P_MONITORING).is_some() {
                self.label_missing(g, &l::M_KIND);
            }
            return;
        };
        table.boxed = 3;
        for rows in self.monitoring_entries(g, &table, labels) {
            self.monitoring_entry(f, case, no, &table, &rows);
        }
    }

    /// The sheet rows of each monitoring entry under the table's headings. An entry begins at its
    /// date (or the blank 「　年　月　日」 of a pre-printed one), where the merged date cell of a
    /// blank entry begins, or where 評価時期's options begin again.
    fn monitoring_entries(&self, g: &Grid, table: &Bands, labels: &[String]) -> Vec<Vec<u32>> {
        let mut entries: Vec<Vec<u32>> = Vec::new();
        // Whether an entry's rows already hold the first option of 評価時期 (入院中).
        let mut has_first_option = false;
        let first_option = |q: &Pos| {
            options_of(&[&g.text(*q).unwrap_or_default()], l::TIMING_WORDS)
                .first()
                .is_some_and(|o| Timing::parse(&o.key) == Some(Timing::Inpatient))
        };
        for row in table.body(g, labels) {
            let first_col = table.bands[0].map_or(0, |b| b.0);
            let area = g.area(Pos {
                row,
                col: first_col,
            });
            let band0 = table.cells(g, row, 0);
            let dated = band0.iter().any(|&q| {
                looks_like_date(g.cell(q), self.date1904)
                    || g.text(q).is_some_and(|t| blank_skeleton(&t))
            });
            let opens = band0.iter().any(first_option);
            let again = has_first_option && opens;
            let starts = dated || again || (area.top == row && area.bottom > row);
            match entries.last_mut() {
                Some(e) if !starts => e.push(row),
                _ => {
                    entries.push(vec![row]);
                    has_first_option = false;
                }
            }
            has_first_option |= opens;
        }
        entries
    }

    /// One monitoring entry's record, unless the entry is one of the form's blank ones.
    fn monitoring_entry(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        no: &Value,
        table: &Bands,
        rows: &[u32],
    ) {
        let g = f.g;
        let filled = |band: usize| rows.iter().any(|&r| !table.cells(g, r, band).is_empty());
        let group_words = [l::TIMING_WORDS, l::KIND_WORDS, l::SETTING_WORDS];
        let ticked = (0..3).any(|band| {
            let texts: Vec<String> = rows
                .iter()
                .flat_map(|&r| table.cells(g, r, band))
                .filter_map(|q| g.text(q).map(|t| t.into_owned()))
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            options_of(&refs, group_words[band])
                .iter()
                .any(|o| o.ticked && !looks_like_date(&Cell::Text(o.key.clone()), false))
        });
        let dated = rows
            .iter()
            .flat_map(|&r| table.cells(g, r, 0))
            .any(|q| looks_like_date(g.cell(q), self.date1904));
        if !dated && !ticked && !filled(3) && !filled(4) {
            return; // a blank entry of the form
        }
        let cells_of = |band: usize| -> Vec<Pos> {
            rows.iter().flat_map(|&r| table.cells(g, r, band)).collect()
        };
        let anchor = g.location(Pos {
            row: rows[0],
            col: table.bands[0].map_or(0, |b| b.0),
        });
        let mut rec = self.start(Sheet::Monitoring, f, case, anchor.clone());
        rec.put(Key::PlanNo, no);
        // 実施日＆評価時期: the date, then the boxes of 評価時期.
        let date_band = cells_of(0);
        let date_cell = date_band
            .iter()
            .copied()
            .find(|&q| looks_like_date(g.cell(q), self.date1904));
        match date_cell {
            Some(q) => {
                g.consume(q);
                rec.set(Key::Date, g.cell(q).clone(), g.location(q))
            }
            None => rec.place(Key::Date, anchor.clone()),
        }
        // The blank 「　年　月　日」 of the paper is the form's, not an option's words.
        let timing_parts: Vec<Pos> = date_band
            .iter()
            .copied()
            .filter(|&q| Some(q) != date_cell && !g.text(q).is_some_and(|t| blank_skeleton(&t)))
            .collect();
        self.choice(
            g,
            &mut rec,
            &timing_parts,
            &anchor,
            Key::Timing,
            (Some(Key::TimingMonths), None),
            l::TIMING_WORDS,
            |k| Timing::parse(k).map(|t| t.label()),
        );
        let kind_parts = cells_of(1);
        self.choice(
            g,
            &mut rec,
            &kind_parts,
            &anchor,
            Key::Kind,
            (None, Some(Key::KindText)),
            l::KIND_WORDS,
            |k| ReviewKind::parse(k).map(|t| t.label()),
        );
        let setting_parts = cells_of(2);
        self.choice(
            g,
            &mut rec,
            &setting_parts,
            &anchor,
            Key::Setting,
            (None, Some(Key::SettingText)),
            l::SETTING_WORDS,
            |k| Setting::parse(k).map(|t| t.label()),
        );
        put_joined(
            g,
            &mut rec,
            Key::Notes,
            &cells_of(3),
            table.head_at(g, 3, rows[0]),
        );
        put_joined(
            g,
            &mut rec,
            Key::ShortGoalMet,
            &cells_of(4),
            table.head_at(g, 4, rows[0]),
        );
        self.recs.push(rec);
    }

    /// A single-choice group of boxes into its code (and the months or その他 text it carries).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn choice(
        &mut self,
        g: &Grid,
        rec: &mut Rec,
        parts: &[Pos],
        anchor: &Location,
        key: Key,
        (months, other_text): (Option<Key>, Option<Key>),
        words: &'static [&'static str],
        code: impl Fn(&str) -> Option<&'static str>,
    ) {
        g.consume_all(parts);
        let texts: Vec<String> = parts
            .iter()
            .map(|&q| g.text(q).unwrap_or_default().into_owned())
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let at_part = |o: &Option_| {
            parts
                .get(o.part)
                .map_or_else(|| anchor.clone(), |&q| g.location(q))
        };
        let place = parts
            .first()
            .map_or_else(|| anchor.clone(), |&q| g.location(q));
        rec.place(key, place.clone());
        if let Some(m) = months {
            rec.place(m, place.clone());
        }
        if let Some(t) = other_text {
            rec.place(t, place.clone());
        }
        let all = options_of(&refs, words);
        let ticked: Vec<&Option_> = all.iter().filter(|o| o.ticked).collect();
        if ticked.len() > 1 {
            let heading = rec.sheet.column(key).ja.clone();
            self.error("E501", at_part(ticked[1]), format!("「{heading}」は1つだけ選ぶ欄ですが、{}つに印があります。1つだけに印を付けてください。", ticked.len()));
            return;
        }
        let Some(o) = ticked.first() else { return };
        let at = at_part(o);
        match code(&o.key) {
            Some(label) => {
                rec.set(key, Cell::Text(label.to_string()), at.clone());
                if let (Some(m), Some(n)) = (months, o.number) {
                    rec.set(m, Cell::Number(n as f64), at.clone());
                }
                if let (Some(t), Some(text)) =
                    (other_text, o.bracketed.first().filter(|t| !t.is_empty()))
                {
                    if label == "その他" {
                        rec.set(t, Cell::Text(text.clone()), at);
                    }
                }
            }
            None => {
                // Not one of the options: the value goes on as typed, so the usual E104 names
                // what is accepted.
                let raw = texts.get(o.part).cloned().unwrap_or_default();
                rec.set(key, Cell::Text(raw), at);
            }
        }
    }

    pub(crate) fn needs(&mut self, f: &FormSheet, case: &Rec, no: &Value, labels: &[String]) {
        let g = f.g;
        let Some(table) = Bands::find(
            g,
            &[
                &l::N_NO,
                &l::N_NEED,
                &l::N_SELF,
                &l::N_SUPPORTER_ACTION,
                &l::N_SUPPORTER,
                &l::N_EVALUATION,
                &l::N_DOMAIN,
            ],
            3,
            labels,
        ) else {
            if g.find(&l::P_NEEDS).is_some() {
                self.label_missing(g, &l::N_NEED);
            }
            return;
        };
        let keys = [
            Key::No,
            Key::Need,
            Key::SelfAction,
            Key::SupporterAction,
            Key::Supporter,
            Key::Evaluation,
            Key::Domain,
        ];
        let mut ordinal = 0;
        for row in table.body(g, labels) {
            let content = (1..keys.len()).any(|b| !table.cells(g, row, b).is_empty());
            if !content {
                // The paper's numbered blank rows: their numbers are the form's.
                g.consume_all(&table.cells(g, row, 0));
                continue;
            }
            ordinal += 1;
            let anchor = g.location(Pos {
                row,
                col: table.bands.iter().flatten().map(|b| b.0).min().unwrap_or(0),
            });
            let mut rec = self.start(Sheet::Needs, f, case, anchor.clone());
            rec.put(Key::PlanNo, no);
            for (b, &key) in keys.iter().enumerate() {
                put_joined(
                    g,
                    &mut rec,
                    key,
                    &table.cells(g, row, b),
                    table.head_at(g, b, row),
                );
            }
            let no_idx = rec.idx(Key::No);
            if rec.cells[no_idx].is_empty() {
                rec.cells[no_idx] = Cell::Number(ordinal as f64);
            }
            self.recs.push(rec);
        }
    }
}
