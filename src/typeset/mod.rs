//! Typesetting the forms with embedded Typst 0.15.1.
//!
//! The templates of `typst-templates/` and the fonts of `fonts/` are compiled into the
//! binary. A [`Typesetter`] compiles one template against one case's JSON (served at the
//! virtual path `/data.json`, see `typst-templates/README.md`) and exports a PDF.
//! Output is deterministic: the same data and [`PdfSettings`] give byte-identical PDFs.
//!
//! Data values only ever reach Typst as JSON data: they are never spliced into markup,
//! and error messages never echo them.

mod fonts;
mod world;

use std::fmt::Write as _;

use typst::comemo;
use typst::diag::{SourceDiagnostic, SourceResult};
use typst::foundations::{Bytes, Datetime, Output, Smart};
use typst::WorldExt;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use self::world::{shared, CaseWorld};

/// Memoized results unused in this many compilations (counted over all workers) are evicted
/// after each one. Two keeps what the next case reuses (parsed templates, fonts, the layout of
/// headings and labels); a longer memory costs more than it saves, because every eviction walks
/// the whole cache: measured on 200 cases × 4 forms (2 workers), 10 took 8 % more CPU than 2
/// and a fifth more memory (docs/benchmarks.md §7).
const CACHE_MAX_AGE: usize = 2;

/// The templates of `typst-templates/`: one per printed form, the packet, and the two summaries
/// (the report's, the review schedule's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    Questionnaire,
    Plan,
    Subtool,
    Crisis,
    Packet,
    Report,
    Schedule,
}

impl Template {
    /// All templates.
    pub const ALL: [Template; 7] = [
        Template::Questionnaire,
        Template::Plan,
        Template::Subtool,
        Template::Crisis,
        Template::Packet,
        Template::Report,
        Template::Schedule,
    ];

    /// The form key: the template's file stem and the `form` field of its data.
    pub fn key(&self) -> &'static str {
        match self {
            Template::Questionnaire => "questionnaire",
            Template::Plan => "plan",
            Template::Subtool => "subtool",
            Template::Crisis => "crisis",
            Template::Packet => "packet",
            Template::Report => "report",
            Template::Schedule => "schedule",
        }
    }
}

/// PDF export settings.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    /// A stable identifier of the document (e.g. `"cmsheets/plan/C-0001/2"`); hashed into
    /// the PDF's document ID. Must not contain personal data.
    pub ident: String,
    /// The creation date written into the PDF (at 00:00 UTC) and returned by `today()`.
    pub date: chrono::NaiveDate,
    /// Produce PDF/A-2b for archiving.
    pub pdfa: bool,
}

/// A typesetting failure. Messages are Japanese (the batch names the case and form) and quote
/// Typst's own diagnostic (for whoever fixes the template) with every data value masked: a
/// failure here is a template or Typst bug, never the user's data, and the message says so and
/// what to do.
#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    /// The template failed to compile (including malformed data JSON).
    #[error("組版できませんでした（テンプレート {template}.typ の不具合です。入力を直す必要はありません。管理者に連絡してください。Typst の報告: {message}）")]
    Compile {
        template: &'static str,
        message: String,
    },
    /// The laid-out document could not be exported as PDF.
    #[error("PDF を書き出せませんでした（テンプレート {template}.typ または Typst の不具合です。管理者に連絡してください。Typst の報告: {message}）")]
    Pdf {
        template: &'static str,
        message: String,
    },
    /// The settings are unusable (e.g. a date Typst cannot represent).
    #[error("PDF の設定が不正です（{template}: {message}）。日付を確かめ、続くときは管理者に連絡してください")]
    Settings {
        template: &'static str,
        message: String,
    },
    /// Typst panicked (a bug in Typst or a template); the case is skipped.
    #[error("組版中に Typst が異常終了しました（テンプレート {template}.typ または Typst の不具合です）。この様式は出力していません。管理者に連絡してください")]
    Panicked { template: &'static str },
}

/// Compiles templates to PDF. Cheap to create (fonts, library and parsed templates are
/// shared process-wide); create one per worker thread.
pub struct Typesetter {
    warnings: Vec<String>,
}

impl Default for Typesetter {
    fn default() -> Self {
        Self::new()
    }
}

impl Typesetter {
    pub fn new() -> Self {
        // Parse the fonts and templates now rather than inside the first case.
        let _ = shared();
        let _ = fonts::fonts();
        Self {
            warnings: Vec::new(),
        }
    }

    /// Typesets `data_json` (the UTF-8 JSON object of `typst-templates/README.md` for that
    /// template) and returns the PDF bytes.
    pub fn pdf(
        &mut self,
        template: Template,
        data_json: &[u8],
        settings: &PdfSettings,
    ) -> Result<Vec<u8>, TypesetError> {
        let key = template.key();
        let date = datetime(settings.date).ok_or_else(|| TypesetError::Settings {
            template: key,
            message: "date out of range".into(),
        })?;
        let standards = if settings.pdfa {
            PdfStandards::new(&[PdfStandard::A_2b])
        } else {
            PdfStandards::new(&[])
        }
        .map_err(|e| TypesetError::Settings {
            template: key,
            message: e.message().to_string(),
        })?;
        let options = PdfOptions {
            ident: Smart::Custom(settings.ident.clone()),
            creator: Smart::Auto,
            timestamp: Some(Timestamp::new_utc(date)),
            standards,
            ..PdfOptions::default()
        };
        self.run(template, data_json, date, |world, doc| {
            typst_pdf::pdf(doc, &options).map_err(|diags| TypesetError::Pdf {
                template: key,
                message: describe(world, &diags, data_json),
            })
        })
    }

    /// Compiles without exporting and returns the number of pages.
    pub fn page_count(
        &mut self,
        template: Template,
        data_json: &[u8],
        date: chrono::NaiveDate,
    ) -> Result<usize, TypesetError> {
        let key = template.key();
        let date = datetime(date).ok_or_else(|| TypesetError::Settings {
            template: key,
            message: "date out of range".into(),
        })?;
        self.run(template, data_json, date, |_, doc| {
            // `typst` does not re-export `typst_layout`: name its `PagedDocument` through
            // the signature of `typst_pdf::pdf`.
            let doc = paged(typst_pdf::pdf, doc);
            Ok(doc.pages().len())
        })
    }

    /// Compiles without exporting and returns the text of each page (text runs in
    /// layout order, footer included), for tests that look for printed values.
    pub fn page_texts(
        &mut self,
        template: Template,
        data_json: &[u8],
        date: chrono::NaiveDate,
    ) -> Result<Vec<String>, TypesetError> {
        let key = template.key();
        let date = datetime(date).ok_or_else(|| TypesetError::Settings {
            template: key,
            message: "date out of range".into(),
        })?;
        self.run(template, data_json, date, |_, doc| {
            let doc = paged(typst_pdf::pdf, doc);
            Ok(doc
                .pages()
                .iter()
                .map(|page| {
                    let mut out = String::new();
                    frame_text(&page.frame, &mut out);
                    out
                })
                .collect())
        })
    }

    /// Warnings of the last compilation (template-side only; no data values).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    fn run<D: Output, T>(
        &mut self,
        template: Template,
        data_json: &[u8],
        today: Datetime,
        export: impl FnOnce(&CaseWorld, &D) -> Result<T, TypesetError>,
    ) -> Result<T, TypesetError> {
        let world = CaseWorld::new(
            shared().main_id(template.key()),
            Bytes::new(data_json.to_vec()),
            today,
        );
        self.run_world(template.key(), &world, data_json, export)
    }

    fn run_world<D: Output, T>(
        &mut self,
        key: &'static str,
        world: &CaseWorld,
        data_json: &[u8],
        export: impl FnOnce(&CaseWorld, &D) -> Result<T, TypesetError>,
    ) -> Result<T, TypesetError> {
        self.warnings.clear();
        let result = crate::panics::catch(|| {
            let warned = typst::compile::<D>(world);
            self.warnings = warned
                .warnings
                .iter()
                .map(|w| describe_one(world, w, data_json))
                .collect();
            match warned.output {
                Ok(doc) => export(world, &doc),
                Err(diags) => Err(TypesetError::Compile {
                    template: key,
                    message: describe(world, &diags, data_json),
                }),
            }
        });
        // Evict after every compilation, failed ones included, so memory stays flat.
        comemo::evict(CACHE_MAX_AGE);
        result.unwrap_or(Err(TypesetError::Panicked { template: key }))
    }
}

fn frame_text(frame: &typst::layout::Frame, out: &mut String) {
    use typst::layout::FrameItem;
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => frame_text(&group.frame, out),
            FrameItem::Text(text) => out.push_str(&text.text),
            _ => {}
        }
    }
}

/// Identity on the document, typed by the exporter that takes it.
fn paged<D>(_export: fn(&D, &PdfOptions) -> SourceResult<Vec<u8>>, doc: &D) -> &D {
    doc
}

fn datetime(date: chrono::NaiveDate) -> Option<Datetime> {
    use chrono::Datelike;
    Datetime::from_ymd_hms(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
        0,
        0,
        0,
    )
}

/// Formats diagnostics as `message (at file:line)`, redacting any data value.
fn describe(world: &CaseWorld, diags: &[SourceDiagnostic], data_json: &[u8]) -> String {
    let mut out = String::new();
    for (i, diag) in diags.iter().take(5).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&describe_one(world, diag, data_json));
    }
    if diags.len() > 5 {
        let _ = write!(out, "; and {} more", diags.len() - 5);
    }
    out
}

fn describe_one(world: &CaseWorld, diag: &SourceDiagnostic, data_json: &[u8]) -> String {
    let mut msg = redact(&diag.message, data_json);
    if let Some(id) = diag.span.id() {
        if id == shared().data_id() {
            msg.push_str(" (in /data.json)");
        } else if let Some(source) = shared().template_source(id) {
            let line = world
                .range(diag.span)
                .and_then(|r| source.lines().byte_to_line(r.start))
                .map(|l| l + 1);
            let path = id.vpath().get_with_slash();
            match line {
                Some(line) => {
                    let _ = write!(msg, " (at {path}:{line})");
                }
                None => {
                    let _ = write!(msg, " (in {path})");
                }
            }
        }
    }
    msg
}

/// Replaces every string value of the data (and every number) that occurs in `message`
/// with `…`, and caps the length, so that no personal value leaks into logs.
fn redact(message: &str, data_json: &[u8]) -> String {
    let mut msg: String = message.to_owned();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data_json) {
        let mut values = Vec::new();
        collect_strings(&value, &mut values);
        // Longest first, so that a value containing another is replaced whole.
        values.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
        values.dedup();
        for v in values {
            if v.chars().count() >= 2 && msg.contains(v.as_str()) {
                msg = msg.replace(v.as_str(), "…");
            }
        }
    }
    // Typst quotes offending strings in its messages; cut whatever is long anyway.
    const MAX: usize = 300;
    if msg.chars().count() > MAX {
        msg = msg.chars().take(MAX).collect::<String>() + "…";
    }
    msg
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => {
            out.push(s.clone());
            // Typst may show a string through its repr (escaped) or by line.
            out.push(format!("{s:?}").trim_matches('"').to_owned());
            out.extend(s.lines().map(str::to_owned));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
