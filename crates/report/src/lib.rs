//! Printable documents rendered with Typst embedded as a library: no external program runs.
//!
//! Each document is a pure function over a plain struct (no database, no HTTP): the caller fills
//! the struct, this crate lays it out. User text never becomes Typst markup: the data goes to the
//! template as a virtual JSON file read with `json()`, so a `#`, `*` or `[` in a title is text.
//!
//! Fonts are read at run time from directories (`ZONEOPS_FONT_DIRS`, `:`-separated, default
//! Debian's `fonts-noto-cjk` and `fonts-wqy-microhei` folders); none are compiled in.

mod document;
mod fonts;
mod meeting;
mod world;

pub use document::{Letterhead, Paper, render_paper, render_paper_with};
pub use fonts::{DEFAULT_FONT_DIRS, FONT_DIRS_ENV, Fonts};
pub use meeting::{ActionLine, AgendaLine, MeetingDoc, render_meeting, render_meeting_with};

/// Why a document could not be produced. Messages are Chinese: they may reach the user.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No font with Chinese glyphs in the font directories: a PDF would show empty boxes.
    #[error("未找到中文字体（已查找：{searched}），无法生成 PDF；请安装 fonts-noto-cjk 或设置 ZONEOPS_FONT_DIRS")]
    NoCjkFont { searched: String },
    /// The template failed to compile or export (a bug in this crate, not the user's data).
    #[error("PDF 排版失败：{0}")]
    Typeset(String),
}
