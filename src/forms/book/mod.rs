//! 様式ブック (spec/formbook.md): one person's workbook with each form on its own sheet, laid out
//! like the paper. What every form shares lives here: the forms' words (`labels`, used by the
//! reader and the writer alike), the sheet as a grid of cells (`grid`, `marks`, `fields`), the
//! reader's frame (`reader`) and what it did not read (`account`), the writer's page (`write`),
//! and the picture of how a book was read (`view`, `inspect`). Each form's own fields are read and
//! written in its home: `forms::plan::{read, write}` and so on.

mod account;
pub(crate) mod fields;
pub(crate) mod grid;
pub mod inspect;
pub mod labels;
pub(crate) mod marks;
pub(crate) mod reader;
pub mod view;
pub mod write;

pub use grid::Area;
pub use reader::{is_formbook, read, RawSheet};
pub use write::{blank_workbook, filled_workbook};

#[cfg(test)]
mod tests {
    use crate::contract::sheets::{InBook, Sheet};

    /// A column beside the print area is read and written by the forms whose sheet has one record
    /// per form sheet (the plan, the questionnaire, the 補助ツール) or shares it over the sheet's
    /// records (the crisis plan's items): declared anywhere else, it would be lost on the way
    /// through a 様式ブック.
    #[test]
    fn beside_columns_stand_where_a_form_reads_and_writes_them() {
        let handled = [
            Sheet::Plans,
            Sheet::Questionnaires,
            Sheet::Subtool,
            Sheet::CrisisPlans,
        ];
        for sheet in Sheet::ALL {
            for c in sheet
                .columns()
                .iter()
                .filter(|c| c.in_book == InBook::Beside)
            {
                assert!(handled.contains(&sheet), "{} on {}", c.ja, sheet.ja());
            }
        }
    }
}
