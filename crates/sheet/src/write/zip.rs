//! A zip archive written front to back, for a sink that cannot seek (an HTTP body): each entry is
//! deflated as it is written and followed by a data descriptor carrying its CRC and sizes
//! (general-purpose flag bit 3), the central directory comes last. Only what an .xlsx needs:
//! deflate, UTF-8 names, no zip64 (an entry or archive past 4 GiB is an error, far beyond any
//! list the product exports).

use std::io::{self, Write};

use flate2::Compression;
use flate2::write::DeflateEncoder;

/// Flag bits: 3 = sizes and CRC follow the data; 11 = the name is UTF-8.
const FLAGS: u16 = 0x0808;
const DEFLATE: u16 = 8;
const VERSION: u16 = 20;
/// 1980-01-01 00:00 in DOS form: the parts carry no meaningful time, and a fixed one keeps two
/// exports of the same rows byte-identical.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

/// A writer that counts what passes, so entries know their offsets and compressed sizes.
struct Counted<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

struct Finished {
    name: String,
    offset: u64,
    crc: u32,
    compressed: u64,
    size: u64,
}

struct Open<W: Write> {
    name: String,
    offset: u64,
    crc: crc32fast::Hasher,
    size: u64,
    start: u64,
    encoder: DeflateEncoder<Counted<W>>,
}

enum State<W: Write> {
    Between(Counted<W>),
    InEntry(Open<W>),
    /// Only while moving from one state to the other.
    Moving,
}

pub struct ZipStream<W: Write> {
    state: State<W>,
    done: Vec<Finished>,
}

fn too_big() -> io::Error {
    io::Error::other("zip entry past 4 GiB (no zip64)")
}

fn u32_of(n: u64) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| too_big())
}

impl<W: Write> ZipStream<W> {
    pub fn new(out: W) -> Self {
        ZipStream { state: State::Between(Counted { inner: out, written: 0 }), done: Vec::new() }
    }

    /// The sink, to drain what was written so far (a `Vec<u8>` handed to an HTTP body).
    pub fn sink(&mut self) -> &mut W {
        match &mut self.state {
            State::Between(c) => &mut c.inner,
            State::InEntry(open) => &mut open.encoder.get_mut().inner,
            State::Moving => unreachable!("ZipStream is never observed while moving"),
        }
    }

    /// Starts an entry; what follows goes into it until [`Self::end_entry`].
    pub fn start_entry(&mut self, name: &str) -> io::Result<()> {
        self.end_entry()?;
        let State::Between(mut out) = std::mem::replace(&mut self.state, State::Moving) else {
            unreachable!("end_entry leaves the stream between entries")
        };
        let offset = out.written;
        let mut header = Vec::with_capacity(30 + name.len());
        header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header.extend_from_slice(&VERSION.to_le_bytes());
        header.extend_from_slice(&FLAGS.to_le_bytes());
        header.extend_from_slice(&DEFLATE.to_le_bytes());
        header.extend_from_slice(&DOS_TIME.to_le_bytes());
        header.extend_from_slice(&DOS_DATE.to_le_bytes());
        // CRC and sizes are in the data descriptor.
        header.extend_from_slice(&[0u8; 12]);
        header.extend_from_slice(&(name.len() as u16).to_le_bytes());
        header.extend_from_slice(&0u16.to_le_bytes());
        header.extend_from_slice(name.as_bytes());
        let written = out.write_all(&header);
        let start = out.written;
        self.state = State::InEntry(Open {
            name: name.to_owned(),
            offset,
            crc: crc32fast::Hasher::new(),
            size: 0,
            start,
            // Level 1: an export is mostly repeated markup, where fast deflate already shrinks
            // it ~10×; higher levels cost CPU per row for little.
            encoder: DeflateEncoder::new(out, Compression::fast()),
        });
        written
    }

    /// Ends the open entry, if any: flushes the deflate stream and writes the data descriptor.
    pub fn end_entry(&mut self) -> io::Result<()> {
        if !matches!(self.state, State::InEntry(_)) {
            return Ok(());
        }
        let State::InEntry(open) = std::mem::replace(&mut self.state, State::Moving) else { unreachable!() };
        let mut out = open.encoder.finish()?;
        let crc = open.crc.finalize();
        let compressed = out.written - open.start;
        let mut descriptor = Vec::with_capacity(16);
        descriptor.extend_from_slice(&0x0807_4b50u32.to_le_bytes());
        descriptor.extend_from_slice(&crc.to_le_bytes());
        descriptor.extend_from_slice(&u32_of(compressed)?.to_le_bytes());
        descriptor.extend_from_slice(&u32_of(open.size)?.to_le_bytes());
        out.write_all(&descriptor)?;
        self.done.push(Finished { name: open.name, offset: open.offset, crc, compressed, size: open.size });
        self.state = State::Between(out);
        Ok(())
    }

    /// Ends the last entry, writes the central directory and gives the sink back.
    pub fn finish(mut self) -> io::Result<W> {
        self.end_entry()?;
        let State::Between(mut out) = std::mem::replace(&mut self.state, State::Moving) else { unreachable!() };
        let directory_at = out.written;
        for f in &self.done {
            let mut entry = Vec::with_capacity(46 + f.name.len());
            entry.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            entry.extend_from_slice(&VERSION.to_le_bytes()); // made by
            entry.extend_from_slice(&VERSION.to_le_bytes()); // needed
            entry.extend_from_slice(&FLAGS.to_le_bytes());
            entry.extend_from_slice(&DEFLATE.to_le_bytes());
            entry.extend_from_slice(&DOS_TIME.to_le_bytes());
            entry.extend_from_slice(&DOS_DATE.to_le_bytes());
            entry.extend_from_slice(&f.crc.to_le_bytes());
            entry.extend_from_slice(&u32_of(f.compressed)?.to_le_bytes());
            entry.extend_from_slice(&u32_of(f.size)?.to_le_bytes());
            entry.extend_from_slice(&(f.name.len() as u16).to_le_bytes());
            // extra, comment, disk number, internal and external attributes
            entry.extend_from_slice(&[0u8; 12]);
            entry.extend_from_slice(&u32_of(f.offset)?.to_le_bytes());
            entry.extend_from_slice(f.name.as_bytes());
            out.write_all(&entry)?;
        }
        let directory_size = out.written - directory_at;
        let count = u16::try_from(self.done.len()).map_err(|_| too_big())?;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0u8; 4]); // this disk, the directory's disk
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&u32_of(directory_size)?.to_le_bytes());
        end.extend_from_slice(&u32_of(directory_at)?.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        out.write_all(&end)?;
        out.flush()?;
        Ok(out.inner)
    }
}

impl<W: Write> Write for ZipStream<W> {
    /// Writes into the open entry (an error between entries: nothing would hold the bytes).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let State::InEntry(open) = &mut self.state else {
            return Err(io::Error::other("zip: write outside an entry"));
        };
        let n = open.encoder.write(buf)?;
        open.crc.update(&buf[..n]);
        open.size += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.state {
            State::InEntry(open) => open.encoder.flush(),
            State::Between(out) => out.flush(),
            State::Moving => Ok(()),
        }
    }
}
