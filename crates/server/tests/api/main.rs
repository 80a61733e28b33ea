//! One integration binary for the whole API (each file under tests/ would be its own binary).

mod admin;
mod auth;
mod cli;
mod cockpit;
mod durability;
mod enterprise;
mod enterprise_crud;
mod indicators;
mod invest;
mod meeting_pdf;
mod notify;
mod reference;
mod robustness;
mod scope;
mod second_factor;
mod separation;
mod support;
mod ticket_attachments;
mod ticket_categories;
mod ticket_sla;
mod tickets;
mod validation;
