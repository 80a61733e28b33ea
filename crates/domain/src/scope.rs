//! Data scope: which slice of the zone a user may see.

use serde::{Deserialize, Serialize};

use crate::ids::{DeptId, EnterpriseId, ParkId, UserId, ZoneId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reach {
    /// The whole zone (leaders, administrators).
    Zone,
    /// Only enterprises located in these parks.
    Parks { parks: Vec<ParkId> },
    /// Items assigned to one department (tickets, tasks).
    Department { department: DeptId },
    /// Only what the user created or is assigned to.
    Own,
    /// An enterprise account: that enterprise only.
    Enterprise { enterprise: EnterpriseId },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub zone: ZoneId,
    pub user: UserId,
    pub reach: Reach,
}

impl Scope {
    pub fn is_zone_wide(&self) -> bool {
        matches!(self.reach, Reach::Zone)
    }

    /// Whether an item in `park` (or in no park) is visible by park.
    /// Park-less items are only visible zone-wide.
    pub fn allows_park(&self, park: Option<ParkId>) -> bool {
        match &self.reach {
            Reach::Zone => true,
            Reach::Parks { parks } => park.is_some_and(|p| parks.contains(&p)),
            _ => false,
        }
    }

    /// Whether this scope is pinned to exactly `enterprise`.
    pub fn is_enterprise(&self, enterprise: EnterpriseId) -> bool {
        matches!(self.reach, Reach::Enterprise { enterprise: e } if e == enterprise)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(reach: Reach) -> Scope {
        Scope { zone: 1, user: 7, reach }
    }

    #[test]
    fn park_visibility() {
        let zone = scope(Reach::Zone);
        assert!(zone.is_zone_wide());
        assert!(zone.allows_park(Some(3)));
        assert!(zone.allows_park(None));

        let parks = scope(Reach::Parks { parks: vec![2, 3] });
        assert!(!parks.is_zone_wide());
        assert!(parks.allows_park(Some(3)));
        assert!(!parks.allows_park(Some(4)));
        assert!(!parks.allows_park(None));

        for r in [Reach::Own, Reach::Department { department: 1 }, Reach::Enterprise { enterprise: 9 }] {
            let s = scope(r);
            assert!(!s.allows_park(Some(3)));
            assert!(!s.is_zone_wide());
        }
        assert!(scope(Reach::Enterprise { enterprise: 9 }).is_enterprise(9));
        assert!(!scope(Reach::Enterprise { enterprise: 9 }).is_enterprise(8));
        assert!(!zone.is_enterprise(9));
    }
}
