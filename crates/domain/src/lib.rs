//! ZoneOps domain rules: pure, deterministic, no I/O.
//!
//! Every module here is plain data and functions so that the database, the
//! HTTP layer and the demo-data generator all agree on one definition.

pub mod attachment;
pub mod calendar;
pub mod cockpit;
pub mod credit_code;
pub mod ids;
pub mod invest;
pub mod lang;
pub mod meeting;
pub mod metric;
pub mod money;
pub mod notification;
pub mod outbound;
pub mod password;
pub mod period;
pub mod permission;
pub mod phone;
pub mod project;
pub mod scope;
pub mod second_factor;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod tier;
pub mod vocabulary;
pub mod zone_time;

pub use calendar::WorkCalendar;
pub use credit_code::{CreditCode, CreditCodeError};
pub use ids::{ChainId, DeptId, EnterpriseId, ParkId, UserId, ZoneId};
pub use lang::Lang;
pub use metric::{Metric, MetricValueError};
pub use money::{AmountError, Money};
pub use password::{PasswordError, PasswordPolicy};
pub use period::{Period, PeriodError};
pub use permission::{DEFAULT_ROLES, Permission, RoleDef, is_known_permission};
pub use phone::{Phone, PhoneError, PhoneRule};
pub use scope::{Reach, Scope};
pub use text::{Text, TextError, TextKind};
pub use tier::{Tier, TierThresholds};
pub use vocabulary::{Labeled, UnknownCode, Vocabulary};
