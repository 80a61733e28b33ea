//! Reading uploaded workbooks behind guards (size, zip ratio, content), row by row.
