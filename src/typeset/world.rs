//! The sealed Typst [`World`]: embedded templates, embedded fonts, one data file.
//!
//! Nothing else exists in it: no file system, no packages, no network, no system fonts.
//! Every case is served at the same virtual path `/data.json` (one [`FileId`] for the whole
//! process: file ids are interned and capped at 65,535), and `today()` is a fixed date.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::fonts;

/// The virtual path every case's JSON is served at.
pub(crate) const DATA_PATH: &str = "/data.json";

/// The template files, embedded in the binary, with the virtual path they are served at.
static TEMPLATE_FILES: &[(&str, &str)] = &[
    (
        "/typst-templates/questionnaire.typ",
        include_str!("../../typst-templates/questionnaire.typ"),
    ),
    (
        "/typst-templates/plan.typ",
        include_str!("../../typst-templates/plan.typ"),
    ),
    (
        "/typst-templates/subtool.typ",
        include_str!("../../typst-templates/subtool.typ"),
    ),
    (
        "/typst-templates/crisis.typ",
        include_str!("../../typst-templates/crisis.typ"),
    ),
    (
        "/typst-templates/packet.typ",
        include_str!("../../typst-templates/packet.typ"),
    ),
    (
        "/typst-templates/report.typ",
        include_str!("../../typst-templates/report.typ"),
    ),
    (
        "/typst-templates/schedule.typ",
        include_str!("../../typst-templates/schedule.typ"),
    ),
    (
        "/typst-templates/lib/common.typ",
        include_str!("../../typst-templates/lib/common.typ"),
    ),
    (
        "/typst-templates/lib/questionnaire.typ",
        include_str!("../../typst-templates/lib/questionnaire.typ"),
    ),
    (
        "/typst-templates/lib/plan.typ",
        include_str!("../../typst-templates/lib/plan.typ"),
    ),
    (
        "/typst-templates/lib/subtool.typ",
        include_str!("../../typst-templates/lib/subtool.typ"),
    ),
    (
        "/typst-templates/lib/crisis.typ",
        include_str!("../../typst-templates/lib/crisis.typ"),
    ),
    (
        "/typst-templates/lib/packet.typ",
        include_str!("../../typst-templates/lib/packet.typ"),
    ),
    (
        "/typst-templates/lib/review.typ",
        include_str!("../../typst-templates/lib/review.typ"),
    ),
    (
        "/typst-templates/lib/summary.typ",
        include_str!("../../typst-templates/lib/summary.typ"),
    ),
    (
        "/typst-templates/lib/report.typ",
        include_str!("../../typst-templates/lib/report.typ"),
    ),
    (
        "/typst-templates/lib/schedule.typ",
        include_str!("../../typst-templates/lib/schedule.typ"),
    ),
];

/// Interns a project path. Only called for the fixed set of paths above (once each).
pub(crate) fn project_file(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("fixed virtual paths are valid");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// Process-wide, immutable parts of the world: the library, the parsed templates and
/// the file ids. Built once, shared by every thread.
pub(crate) struct Shared {
    library: LazyHash<Library>,
    sources: Vec<Source>,
    data_id: FileId,
}

pub(crate) fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| Shared {
        library: LazyHash::new(Library::default()),
        sources: TEMPLATE_FILES
            .iter()
            .map(|(path, text)| Source::new(project_file(path), (*text).to_owned()))
            .collect(),
        data_id: project_file(DATA_PATH),
    })
}

impl Shared {
    /// The file id of a top-level template, e.g. `/typst-templates/plan.typ`.
    pub(crate) fn main_id(&self, key: &str) -> FileId {
        let path = format!("/typst-templates/{key}.typ");
        self.sources
            .iter()
            .find(|s| s.id().vpath().get_with_slash() == path)
            .map(|s| s.id())
            .expect("every template key has an embedded file")
    }

    fn source(&self, id: FileId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id() == id)
    }

    /// The virtual path of a template file, for error messages.
    pub(crate) fn template_source(&self, id: FileId) -> Option<&Source> {
        self.source(id)
    }

    pub(crate) fn data_id(&self) -> FileId {
        self.data_id
    }
}

/// One compilation's world: the shared parts plus this case's data and date.
pub(crate) struct CaseWorld {
    shared: &'static Shared,
    main: FileId,
    data: Bytes,
    today: Datetime,
    /// A main file that is not one of the embedded templates (tests only).
    probe: Option<Source>,
}

impl CaseWorld {
    pub(crate) fn new(main: FileId, data: Bytes, today: Datetime) -> Self {
        Self {
            shared: shared(),
            main,
            data,
            today,
            probe: None,
        }
    }

    /// A world whose main file is `text`, served at `/typst-templates/probe.typ`, beside
    /// the real templates (for tests of what a template can and cannot reach).
    #[cfg(test)]
    pub(crate) fn probe(text: &str, data: Bytes, today: Datetime) -> Self {
        let id = project_file("/typst-templates/probe.typ");
        let source = Source::new(id, text.to_owned());
        Self {
            shared: shared(),
            main: id,
            data,
            today,
            probe: Some(source),
        }
    }

    fn find_source(&self, id: FileId) -> Option<&Source> {
        match &self.probe {
            Some(p) if p.id() == id => Some(p),
            _ => self.shared.source(id),
        }
    }
}

fn denied(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(spec) => FileError::Package(PackageError::NotFound(spec.clone())),
        VirtualRoot::Project => FileError::AccessDenied,
    }
}

impl World for CaseWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.find_source(id) {
            Some(source) => Ok(source.clone()),
            None if id == self.shared.data_id => Err(FileError::NotSource),
            None => Err(denied(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data_id {
            return Ok(self.data.clone());
        }
        match self.find_source(id) {
            Some(source) => Ok(Bytes::from_string(source.clone())),
            None => Err(denied(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
