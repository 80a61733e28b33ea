//! Excel in and out, as a zone's staff meet it: lists leave as `.xlsx` streamed row by row
//! ([`write`]), ledgers and 月报 arrive as `.xlsx` uploads read behind size, ratio and content
//! guards ([`read`]). The crate knows nothing of the database or HTTP.

pub mod read;
pub mod write;
