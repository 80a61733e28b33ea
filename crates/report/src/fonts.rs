//! Fonts found at run time in a list of directories. Only the metadata is kept after the scan; a
//! font file is mapped into memory when a document first uses one of its faces, so the ~90 MB of
//! Noto CJK collections are not copied onto the heap.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

use crate::ReportError;

/// Where Debian's `fonts-noto-cjk` and `fonts-wqy-microhei` put their files.
pub const DEFAULT_FONT_DIRS: &[&str] = &["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/wqy"];

/// Overrides [`DEFAULT_FONT_DIRS`]: directories separated by `:`.
pub const FONT_DIRS_ENV: &str = "ZONEOPS_FONT_DIRS";

/// Characters a face must have to count as Chinese (common ones of every meeting document).
const CJK_PROBE: [char; 4] = ['会', '议', '纪', '要'];

struct FontFile {
    path: PathBuf,
    data: OnceLock<Option<Bytes>>,
}

struct Slot {
    file: usize,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// The fonts of some directories: a Typst font book and the faces behind it, loaded lazily.
pub struct Fonts {
    pub(crate) book: LazyHash<FontBook>,
    files: Vec<FontFile>,
    slots: Vec<Slot>,
}

impl Fonts {
    /// Scans `dirs` (and their subdirectories) for `.ttf`, `.otf`, `.ttc` and `.otc` files.
    /// Fails when none of the faces found has Chinese glyphs.
    pub fn load(dirs: &[PathBuf]) -> Result<Fonts, ReportError> {
        let mut paths = Vec::new();
        for dir in dirs {
            collect(dir, 3, &mut paths);
        }
        paths.sort();
        let mut book = FontBook::new();
        let mut files = Vec::new();
        let mut slots = Vec::new();
        let mut cjk = false;
        for path in paths {
            let Some(data) = map(&path) else { continue };
            let file = files.len();
            // The faces are parsed here for their metadata, then dropped with the mapping.
            for face in Font::iter(data) {
                let info: FontInfo = face.info().clone();
                cjk |= CJK_PROBE.iter().all(|c| info.coverage.contains(*c as u32));
                book.push(info);
                slots.push(Slot { file, index: face.index(), font: OnceLock::new() });
            }
            files.push(FontFile { path, data: OnceLock::new() });
        }
        if !cjk {
            let searched = dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join("、");
            return Err(ReportError::NoCjkFont { searched });
        }
        Ok(Fonts { book: LazyHash::new(book), files, slots })
    }

    /// The directories of [`FONT_DIRS_ENV`], or [`DEFAULT_FONT_DIRS`].
    pub fn configured_dirs() -> Vec<PathBuf> {
        match std::env::var(FONT_DIRS_ENV) {
            Ok(v) if !v.trim().is_empty() => {
                v.split(':').filter(|s| !s.trim().is_empty()).map(|s| PathBuf::from(s.trim())).collect()
            }
            _ => DEFAULT_FONT_DIRS.iter().map(PathBuf::from).collect(),
        }
    }

    /// The fonts of the configured directories, scanned once per process. A failed scan is not
    /// remembered: installing the fonts later works without a restart.
    pub fn shared() -> Result<Arc<Fonts>, ReportError> {
        static SHARED: Mutex<Option<Arc<Fonts>>> = Mutex::new(None);
        let mut guard = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = guard.as_ref() {
            return Ok(f.clone());
        }
        let fonts = Arc::new(Fonts::load(&Fonts::configured_dirs())?);
        *guard = Some(fonts.clone());
        Ok(fonts)
    }

    /// Number of faces found.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let file = &self.files[slot.file];
                let data = file.data.get_or_init(|| map(&file.path)).clone()?;
                Font::new(data, slot.index)
            })
            .clone()
    }
}

/// The file's bytes, memory-mapped: the pages live in the page cache (shared, reclaimable)
/// rather than on the heap; read into memory when mapping is refused.
fn map(path: &Path) -> Option<Bytes> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: font files are not written in place while the server runs; a package upgrade
    // replaces them with new files (a new inode), which leaves this mapping intact.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(m) => Some(Bytes::new(m)),
        Err(_) => std::fs::read(path).ok().map(Bytes::new),
    }
}

fn collect(dir: &Path, depth: u8, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if depth > 0 {
                collect(&path, depth - 1, out);
            }
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
            out.push(path);
        }
    }
}
