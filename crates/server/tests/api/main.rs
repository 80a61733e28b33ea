//! One integration binary for the whole API (each file under tests/ would be its own binary).

mod auth;
mod enterprise;
mod support;
