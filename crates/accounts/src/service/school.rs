//! Setting up a school with its first administrator.

use chrono::DateTime;
use chrono::Utc;
use chrono_tz::Tz;
use schoolbrug_kernel::{AccountId, FieldError, Role, SchoolId};

use super::{Accounts, AuditDraft};
use crate::error::AccountsError;
use crate::model::audit;
use crate::model::{
    Account, AccountKind, OneTimeCode, PersonName, ResetCode, School, SchoolName, SchoolSlug,
    Username,
};

/// A school to create, with its first administrator.
#[derive(Clone, Debug)]
pub struct NewSchool {
    /// Short name (`sint-jan`).
    pub slug: String,
    /// Display name.
    pub name: String,
    /// IANA time zone; `Europe/Brussels` when `None`.
    pub time_zone: Option<String>,
    /// The first administrator's username.
    pub admin_username: String,
    /// The administrator's first name (defaults to "Beheerder").
    pub admin_first_name: Option<String>,
    /// The administrator's last name (defaults to the school's name).
    pub admin_last_name: Option<String>,
}

/// A created school: the admin's one-time code is shown once, here.
#[derive(Debug)]
pub struct SchoolCreated {
    /// The school.
    pub school: School,
    /// Its first administrator.
    pub admin: Account,
    /// The administrator's one-time code.
    pub code: OneTimeCode,
    /// When the code stops working.
    pub expires_at: DateTime<Utc>,
}

impl Accounts {
    /// Creates a school and its first administrator, who sets a password with the
    /// returned one-time code. Used by the command line and the first-run setup page.
    ///
    /// # Errors
    /// `Invalid` per field; `Conflict(SlugTaken)`.
    pub async fn create_school(&self, new: NewSchool) -> Result<SchoolCreated, AccountsError> {
        let mut errors = Vec::new();
        let slug = SchoolSlug::parse(&new.slug)
            .map_err(|e| errors.push(e))
            .ok();
        let name = SchoolName::parse(&new.name)
            .map_err(|e| errors.push(e))
            .ok();
        let time_zone: Option<Tz> = match new.time_zone.as_deref().map(str::trim) {
            None | Some("") => Some(chrono_tz::Europe::Brussels),
            Some(raw) => raw
                .parse()
                .map_err(|_| {
                    errors.push(FieldError::new(
                        "time_zone",
                        "invalid",
                        "an IANA time zone such as Europe/Brussels",
                    ))
                })
                .ok(),
        };
        let username = Username::parse(&new.admin_username)
            .map_err(|e| errors.push(FieldError::new("admin", e.code, e.message)))
            .ok();
        let first = PersonName::parse(
            "admin_first_name",
            new.admin_first_name.as_deref().unwrap_or("Beheerder"),
        )
        .map_err(|e| errors.push(e))
        .ok();
        let last = PersonName::parse(
            "admin_last_name",
            new.admin_last_name.as_deref().unwrap_or(new.name.as_str()),
        )
        .map_err(|e| errors.push(e))
        .ok();
        let (Some(slug), Some(name), Some(time_zone), Some(username), Some(first), Some(last)) =
            (slug, name, time_zone, username, first, last)
        else {
            return Err(AccountsError::Invalid(errors));
        };
        let now = self.now();
        let school = School {
            id: SchoolId::new(),
            slug,
            name,
            time_zone,
            min_password_length: 12,
        };
        let admin = Account {
            id: AccountId::new(),
            school: school.id,
            username,
            first_name: first,
            last_name: last,
            kind: AccountKind::Main {
                roles: vec![Role::Admin],
                birth_date: None,
            },
            email: None,
            created_at: now,
            terms: None,
        };
        let code = OneTimeCode::generate();
        let expires_at = now + self.settings.sessions.code_lifetime;
        let reset = ResetCode {
            code_hash: code.hash(),
            school: school.id,
            account: admin.id,
            issued_at: now,
            expires_at,
        };
        self.schools.create_school(&school, &admin, &reset).await?;
        self.audit(AuditDraft::new(school.id, audit::SCHOOL_CREATED).account(&admin))
            .await?;
        self.audit(AuditDraft::new(school.id, audit::RESET_CODE_ISSUED).account(&admin))
            .await?;
        Ok(SchoolCreated {
            school,
            admin,
            code,
            expires_at,
        })
    }

    /// Every school of the installation, by slug.
    ///
    /// # Errors
    /// `Unavailable` when the store is down.
    pub async fn schools(&self) -> Result<Vec<School>, AccountsError> {
        Ok(self.schools.schools().await?)
    }
}
