//! 地域区分: which 保健所 and 圏域 a 地域 belongs to.

use super::{Cells, Value};
use crate::contract::sheets::Key;
use crate::model::load::RowReader;
use crate::model::RowRef;

/// A row of 地域区分: the 保健所 and 圏域 a 地域 belongs to.
#[derive(Debug, Clone)]
pub struct Area {
    pub region: String,
    pub centre: String,
    /// Empty when the office does not group its 保健所.
    pub zone: String,
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn area(&mut self) -> Option<Area> {
        let region = self.text(Key::Region, true);
        let centre = self.text(Key::Centre, true);
        let zone = self.text_or_empty(Key::Zone);
        Some(Area {
            region: region?,
            centre: centre?,
            zone,
            at: self.at(),
        })
    }
}

impl Area {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let a = self;
        vec![
            (Key::Region, Value::text(&a.region)),
            (Key::Centre, Value::text(&a.centre)),
            (Key::Zone, Value::text(&a.zone)),
        ]
    }
}
