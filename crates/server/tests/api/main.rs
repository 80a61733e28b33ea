//! One integration binary for the whole API (each file under tests/ would be its own binary).

mod admin;
mod audit_chain;
mod auth;
mod cli;
mod cockpit;
mod durability;
mod enterprise;
mod enterprise_crud;
mod idempotency;
mod indicators;
mod invest;
mod meeting_pdf;
mod notify;
mod reference;
mod robustness;
mod route_matrix;
mod scope;
mod scope_leaks;
mod support;
mod ticket_attachments;
mod ticket_categories;
mod ticket_sla;
mod tickets;
mod trust_inputs;
mod trust_writes;
mod validation;
