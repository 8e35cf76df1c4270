//! The JSON shapes of the kernel's values, shared by every module's API.

use schoolbrug_kernel::Role;
use serde::Serialize;
use utoipa::ToSchema;

/// A role of a main account.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    /// Leerling.
    Pupil,
    /// Leerkracht.
    Teacher,
    /// Leerlingenbegeleider.
    Counsellor,
    /// School administrator.
    Admin,
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::Pupil => Self::Pupil,
            Role::Teacher => Self::Teacher,
            Role::Counsellor => Self::Counsellor,
            Role::Admin => Self::Admin,
        }
    }
}
