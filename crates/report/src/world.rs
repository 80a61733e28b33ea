//! The smallest Typst world: one template as the main source, one JSON file of data next to it,
//! the fonts of [`Fonts`] and a fixed "today". No file system, no packages, no network.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDateTime, Timelike};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::{Fonts, ReportError};

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Path of the data file in the template's virtual project: `json("/data.json")`.
pub(crate) const DATA_PATH: &str = "/data.json";

struct DocWorld<'a> {
    fonts: &'a Fonts,
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a constant absolute path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(not_found(id)) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}

/// Compiles `template` (named `name` in messages) with `data` as `/data.json` and exports a PDF.
/// `now` is the document's "today" and its creation time, on the zone's clock (UTC+8).
pub(crate) fn typeset(
    fonts: &Fonts,
    name: &str,
    template: &str,
    data: Vec<u8>,
    now: NaiveDateTime,
) -> Result<Vec<u8>, ReportError> {
    let main = Source::new(file_id(&format!("/{name}")), template.to_owned());
    let today = Datetime::from_ymd(now.year(), now.month() as u8, now.day() as u8)
        .ok_or_else(|| ReportError::Typeset(format!("日期超出范围：{now}")))?;
    let world = DocWorld { fonts, main, data_id: file_id(DATA_PATH), data: Bytes::new(data), today };
    let result = typst::compile::<PagedDocument>(&world).output;
    let document = result.map_err(|errors| ReportError::Typeset(describe(&errors)))?;
    let stamp = Datetime::from_ymd_hms(
        now.year(),
        now.month() as u8,
        now.day() as u8,
        now.hour() as u8,
        now.minute() as u8,
        now.second() as u8,
    )
    .and_then(|t| typst_pdf::Timestamp::new_local(t, 8 * 60));
    let options = typst_pdf::PdfOptions { timestamp: stamp, ..Default::default() };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| ReportError::Typeset(describe(&errors)));
    // Typst memoizes across compilations; keep only what recent documents used.
    typst::comemo::evict(10);
    pdf
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("；")
}
