//! Plain integer identifiers shared by every layer (database primary keys).

pub type ZoneId = i64;
pub type ParkId = i64;
pub type DeptId = i64;
pub type UserId = i64;
pub type EnterpriseId = i64;
pub type ChainId = i64;
