//! A streaming .xlsx writer: rows go out as they come, in constant memory.
