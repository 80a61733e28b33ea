//! The languages the server answers in. Chinese is the default: the zone's staff read it.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}
