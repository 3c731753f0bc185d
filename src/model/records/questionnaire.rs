//! アンケート (別紙1): one person's answers on one date.

use super::{Cells, Value};
use crate::contract::codes::{Answer, ITEMS};
use crate::contract::sheets::Key;
use crate::model::load::RowReader;
use crate::model::RowRef;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub case_id: String,
    pub date: NaiveDate,
    pub wishes: String,
    /// Indexed like [`ITEMS`]; None = 未回答.
    pub answers: [Option<Answer>; ITEMS.len()],
    /// What その他 1 / その他 2 are.
    pub other_text: [String; 2],
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn questionnaire(&mut self) -> Option<Questionnaire> {
        let case_id = self.case_id(false)?;
        let date = self.date(Key::Date, true);
        let wishes = self.free_text_or_empty(Key::Wishes);
        let mut answers = [None; ITEMS.len()];
        for (i, answer) in answers.iter_mut().enumerate() {
            *answer = self.code(Key::Item(i), false);
        }
        let other_text = [
            self.text_or_empty(Key::O1Text),
            self.text_or_empty(Key::O2Text),
        ];
        for (k, key) in [Key::Item(ITEMS.len() - 2), Key::Item(ITEMS.len() - 1)]
            .into_iter()
            .enumerate()
        {
            if answers[ITEMS.len() - 2 + k].is_some() && other_text[k].is_empty() {
                let idx = self.col(key);
                self.warn(
                    "W109",
                    idx,
                    format!(
                    "{} に回答がありますが「{}内容」が空欄です。その他の内容を入力してください。",
                    key.as_str().to_ascii_uppercase(),
                    key.as_str().to_ascii_uppercase()
                ),
                );
            }
        }
        Some(Questionnaire {
            case_id,
            date: date?,
            wishes,
            answers,
            other_text,
            at: self.at(),
        })
    }
}

impl Questionnaire {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let mut cells = vec![
            (Key::CaseId, Value::text(&self.case_id)),
            (Key::Date, Value::date(Some(self.date))),
            (Key::Wishes, Value::text(&self.wishes)),
            (Key::O1Text, Value::text(&self.other_text[0])),
            (Key::O2Text, Value::text(&self.other_text[1])),
        ];
        for (i, answer) in self.answers.iter().enumerate() {
            cells.push((Key::Item(i), answer.map(|a| Value::Text(a.code().into()))));
        }
        cells
    }
}
