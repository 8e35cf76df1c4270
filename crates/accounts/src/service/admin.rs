//! School administration: accounts, co-accounts, codes, erasure, groups, the audit log.
//! Every use case here requires the `admin` role; anyone else is told "not found".

use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_kernel::audit::AuditKind;
use schoolbrug_kernel::{
    AccountId, Actor, Cursor, FieldError, GroupId, Page, PageRequest, Role, parse_mailbox,
};

use super::{Accounts, AuditDraft};
use crate::error::AccountsError;
use crate::model::audit;
use crate::model::{
    Account, AccountFilter, AccountKind, AuditEvent, CoAccountStatus, Group, GroupKind, GroupName,
    OneTimeCode, PersonName, Relation, ResetCode, Slot, Username,
};

/// A main account to create.
#[derive(Clone, Debug, Default)]
pub struct NewAccount {
    /// Username, unique in the school.
    pub username: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Role names: `pupil` alone, or any of `teacher`, `counsellor`, `admin`.
    pub roles: Vec<String>,
    /// Birth date (pupils).
    pub birth_date: Option<NaiveDate>,
    /// Contact address.
    pub email: Option<String>,
}

impl NewAccount {
    /// Every field of this account the domain refuses, found without asking a store: the
    /// fields [`Accounts::create_account`] answers `Invalid` with (names, roles: `pupil`
    /// alone and at least one, e-mail). A form that refused a field of its own shows these
    /// with it.
    #[must_use]
    pub fn refused_fields(&self) -> Vec<FieldError> {
        let mut f = Fields::default();
        f.take(Username::parse(&self.username));
        f.take(PersonName::parse("first_name", &self.first_name));
        f.take(PersonName::parse("last_name", &self.last_name));
        f.take(parse_roles(&self.roles));
        f.take(parse_email(self.email.as_deref()));
        f.0
    }
}

/// A co-account to add to a pupil.
#[derive(Clone, Debug, Default)]
pub struct NewCoAccount {
    /// Slot 1–6.
    pub slot: i64,
    /// Relation name (`mother`, `father`, `guardian`…).
    pub relation: String,
    /// Username, unique in the school.
    pub username: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Contact address.
    pub email: Option<String>,
    /// Last day it may sign in, if limited.
    pub active_until: Option<NaiveDate>,
}

fn parse_email(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|e| parse_mailbox("email", e))
        .transpose()
}

fn parse_roles(raw: &[String]) -> Result<Vec<Role>, FieldError> {
    let mut roles = Vec::new();
    for name in raw {
        let role = Role::parse(name.trim()).ok_or_else(|| {
            FieldError::new("roles", "unknown_role", format!("unknown role {name:?}"))
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    if roles.is_empty() {
        return Err(FieldError::new("roles", "required", "at least one role"));
    }
    if roles.contains(&Role::Pupil) && roles.len() > 1 {
        return Err(FieldError::new(
            "roles",
            "pupil_alone",
            "a pupil holds no other role",
        ));
    }
    roles.sort();
    Ok(roles)
}

/// Collects field errors so a request reports every bad field at once.
#[derive(Default)]
struct Fields(Vec<FieldError>);

impl Fields {
    fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }
}

impl Accounts {
    fn require_admin(actor: &Actor) -> Result<(), AccountsError> {
        if actor.is_admin() {
            Ok(())
        } else {
            Err(AccountsError::NotFound)
        }
    }

    /// Creates a main account (without a password: issue a code next).
    ///
    /// # Errors
    /// `NotFound` for a non-admin; `Invalid` per field; `Conflict(UsernameTaken)`.
    pub async fn create_account(
        &self,
        actor: &Actor,
        new: NewAccount,
    ) -> Result<Account, AccountsError> {
        Self::require_admin(actor)?;
        let mut f = Fields::default();
        let username = f.take(Username::parse(&new.username));
        let first = f.take(PersonName::parse("first_name", &new.first_name));
        let last = f.take(PersonName::parse("last_name", &new.last_name));
        let roles = f.take(parse_roles(&new.roles));
        let email = f.take(parse_email(new.email.as_deref()));
        let (Some(username), Some(first_name), Some(last_name), Some(roles), Some(email)) =
            (username, first, last, roles, email)
        else {
            return Err(AccountsError::Invalid(f.0));
        };
        let account = Account {
            id: AccountId::new(),
            school: actor.school,
            username,
            first_name,
            last_name,
            kind: AccountKind::Main {
                roles,
                birth_date: new.birth_date,
            },
            email,
            created_at: self.now(),
            terms: None,
        };
        self.insert_audited(&account, audit::ACCOUNT_CREATED, actor)
            .await?;
        Ok(account)
    }

    /// Lists the school's accounts.
    ///
    /// # Errors
    /// `NotFound` for a non-admin; `Invalid` on `after` for a malformed cursor.
    pub async fn list_accounts(
        &self,
        actor: &Actor,
        filter: &AccountFilter,
        page: &PageRequest,
    ) -> Result<Page<Account>, AccountsError> {
        Self::require_admin(actor)?;
        check_id_cursor(page.after())?;
        Ok(self
            .accounts
            .list_accounts(actor.school, filter, page)
            .await?)
    }

    /// One account of the school, with its co-accounts when it is a pupil.
    ///
    /// # Errors
    /// `NotFound` for a non-admin or an account of another school.
    pub async fn account(
        &self,
        actor: &Actor,
        id: AccountId,
    ) -> Result<(Account, Vec<Account>), AccountsError> {
        Self::require_admin(actor)?;
        let account = self
            .accounts
            .account(actor.school, id)
            .await?
            .ok_or(AccountsError::NotFound)?;
        let co = if account.is_pupil() {
            self.accounts.co_accounts(actor.school, id).await?
        } else {
            Vec::new()
        };
        Ok((account, co))
    }

    async fn pupil(&self, actor: &Actor, id: AccountId) -> Result<Account, AccountsError> {
        self.accounts
            .account(actor.school, id)
            .await?
            .filter(Account::is_pupil)
            .ok_or(AccountsError::NotFound)
    }

    /// Adds a co-account to a pupil, in a free slot 1–6.
    ///
    /// # Errors
    /// `NotFound` for a non-admin or when `pupil` is not a pupil of the school;
    /// `Invalid` per field (a slot outside 1–6, an unknown relation);
    /// `Conflict(SlotTaken | UsernameTaken)`.
    pub async fn add_co_account(
        &self,
        actor: &Actor,
        pupil: AccountId,
        new: NewCoAccount,
    ) -> Result<Account, AccountsError> {
        Self::require_admin(actor)?;
        let pupil = self.pupil(actor, pupil).await?;
        let mut f = Fields::default();
        let slot = f.take(Slot::parse(new.slot));
        let relation = f.take(Relation::parse(new.relation.trim()).ok_or_else(|| {
            FieldError::new(
                "relation",
                "unknown_relation",
                "one of mother, father, guardian, foster_parent, step_parent, homework_tutor, boarding_educator, other",
            )
        }));
        let username = f.take(Username::parse(&new.username));
        let first = f.take(PersonName::parse("first_name", &new.first_name));
        let last = f.take(PersonName::parse("last_name", &new.last_name));
        let email = f.take(parse_email(new.email.as_deref()));
        let (
            Some(slot),
            Some(relation),
            Some(username),
            Some(first_name),
            Some(last_name),
            Some(email),
        ) = (slot, relation, username, first, last, email)
        else {
            return Err(AccountsError::Invalid(f.0));
        };
        let account = Account {
            id: AccountId::new(),
            school: actor.school,
            username,
            first_name,
            last_name,
            kind: AccountKind::Co {
                pupil: pupil.id,
                slot,
                relation,
                status: new
                    .active_until
                    .map_or(CoAccountStatus::Active, CoAccountStatus::ActiveUntil),
            },
            email,
            created_at: self.now(),
            terms: None,
        };
        self.insert_audited(&account, audit::CO_ACCOUNT_CREATED, actor)
            .await?;
        Ok(account)
    }

    /// Inserts a new account and records its creation. The two are separate ports, so
    /// when the audit log refuses, the account just inserted is erased again: an account
    /// whose creation is not in the log must not exist (and a retry must not find its
    /// username or slot taken). A new account holds nothing else yet, so erasing it
    /// loses nothing.
    async fn insert_audited(
        &self,
        account: &Account,
        kind: AuditKind,
        actor: &Actor,
    ) -> Result<(), AccountsError> {
        self.accounts.insert_account(account).await?;
        let recorded = self
            .audit(
                AuditDraft::new(actor.school, kind)
                    .account(account)
                    .by(actor),
            )
            .await;
        if let Err(refused) = recorded {
            if let Err(e) = self
                .accounts
                .erase_accounts(account.school, &[account.id])
                .await
            {
                return Err(AccountsError::Unexpected(format!(
                    "account {} was created, its creation could not be audited ({refused}) \
                     and it could not be removed again ({e})",
                    account.id
                )));
            }
            return Err(refused);
        }
        Ok(())
    }

    async fn issue_code_for(
        &self,
        actor: &Actor,
        account: &Account,
    ) -> Result<(OneTimeCode, DateTime<Utc>), AccountsError> {
        let code = OneTimeCode::generate();
        let now = self.now();
        let expires_at = now + self.settings.sessions.code_lifetime;
        self.credentials
            .issue_reset_code(&ResetCode {
                code_hash: code.hash(),
                school: actor.school,
                account: account.id,
                issued_at: now,
                expires_at,
            })
            .await?;
        self.audit(
            AuditDraft::new(actor.school, audit::RESET_CODE_ISSUED)
                .account(account)
                .by(actor),
        )
        .await?;
        Ok((code, expires_at))
    }

    /// Issues a one-time code for a main account or a co-account (shown once). Earlier
    /// codes of the account stop working; its password keeps working until a new one is set.
    ///
    /// # Errors
    /// `NotFound` for a non-admin or an account of another school.
    pub async fn issue_reset_code(
        &self,
        actor: &Actor,
        account: AccountId,
    ) -> Result<(OneTimeCode, DateTime<Utc>), AccountsError> {
        Self::require_admin(actor)?;
        let account = self
            .accounts
            .account(actor.school, account)
            .await?
            .ok_or(AccountsError::NotFound)?;
        self.issue_code_for(actor, &account).await
    }

    /// Resets a co-account whose owner lost control of it: its data in every module is
    /// erased, its password and sessions end, and a one-time code lets the owner set it
    /// up again.
    ///
    /// # Errors
    /// `NotFound` for a non-admin or when `id` is not a co-account of the school.
    pub async fn reset_co_account(
        &self,
        actor: &Actor,
        id: AccountId,
    ) -> Result<(OneTimeCode, DateTime<Utc>), AccountsError> {
        Self::require_admin(actor)?;
        let account = self
            .accounts
            .account(actor.school, id)
            .await?
            .filter(|a| a.pupil().is_some())
            .ok_or(AccountsError::NotFound)?;
        for hook in &self.erasure_hooks {
            hook.erase_account_data(actor.school, account.id).await?;
        }
        self.credentials
            .clear_password(actor.school, account.id)
            .await?;
        self.audit(
            AuditDraft::new(actor.school, audit::CO_ACCOUNT_RESET)
                .account(&account)
                .by(actor),
        )
        .await?;
        self.issue_code_for(actor, &account).await
    }

    /// Erases an account for good: a pupil who leaves school takes every co-account with
    /// it; every module's data of each goes (through the erasure hooks), then the
    /// accounts, passwords, sessions and codes. Audit events stay.
    ///
    /// # Errors
    /// `NotFound` for a non-admin or an account of another school or a co-account
    /// (reset those instead); `Invalid` when an admin tries to erase their own account.
    pub async fn erase_account(
        &self,
        actor: &Actor,
        id: AccountId,
    ) -> Result<Vec<AccountId>, AccountsError> {
        Self::require_admin(actor)?;
        if id == actor.account {
            return Err(AccountsError::invalid(
                "id",
                "own_account",
                "you cannot erase your own account",
            ));
        }
        let account = self
            .accounts
            .account(actor.school, id)
            .await?
            .filter(|a| a.pupil().is_none())
            .ok_or(AccountsError::NotFound)?;
        let mut doomed = vec![account.clone()];
        if account.is_pupil() {
            doomed.extend(self.accounts.co_accounts(actor.school, id).await?);
        }
        for one in &doomed {
            for hook in &self.erasure_hooks {
                hook.erase_account_data(actor.school, one.id).await?;
            }
        }
        let ids: Vec<AccountId> = doomed.iter().map(|a| a.id).collect();
        self.accounts.erase_accounts(actor.school, &ids).await?;
        for one in &doomed {
            self.audit(
                AuditDraft::new(actor.school, audit::ACCOUNT_ERASED)
                    .account(one)
                    .by(actor),
            )
            .await?;
        }
        Ok(ids)
    }

    /// Creates a class or group.
    ///
    /// # Errors
    /// `NotFound` for a non-admin; `Invalid` on `name`/`kind`; `Conflict(GroupNameTaken)`.
    pub async fn create_group(
        &self,
        actor: &Actor,
        name: &str,
        kind: &str,
    ) -> Result<Group, AccountsError> {
        Self::require_admin(actor)?;
        let mut f = Fields::default();
        let name = f.take(GroupName::parse(name));
        let kind = f.take(
            GroupKind::parse(kind)
                .ok_or_else(|| FieldError::new("kind", "invalid", "class or group")),
        );
        let (Some(name), Some(kind)) = (name, kind) else {
            return Err(AccountsError::Invalid(f.0));
        };
        let group = Group {
            id: GroupId::new(),
            school: actor.school,
            name,
            kind,
        };
        self.groups.create_group(&group).await?;
        Ok(group)
    }

    /// The school's groups.
    ///
    /// # Errors
    /// `NotFound` for a non-admin.
    pub async fn groups(&self, actor: &Actor) -> Result<Vec<Group>, AccountsError> {
        Self::require_admin(actor)?;
        Ok(self.groups.groups(actor.school).await?)
    }

    /// Replaces a group's members.
    ///
    /// # Errors
    /// `NotFound` for a non-admin, or a group or member outside the school (nothing changes).
    pub async fn set_group_members(
        &self,
        actor: &Actor,
        group: GroupId,
        members: &[AccountId],
    ) -> Result<(), AccountsError> {
        Self::require_admin(actor)?;
        Ok(self
            .groups
            .set_members(actor.school, group, members)
            .await?)
    }

    /// The school's security events, newest first, optionally for one account.
    ///
    /// # Errors
    /// `NotFound` for a non-admin; `Invalid` on `after` for a malformed cursor.
    pub async fn audit_events(
        &self,
        actor: &Actor,
        account: Option<AccountId>,
        page: &PageRequest,
    ) -> Result<Page<AuditEvent>, AccountsError> {
        Self::require_admin(actor)?;
        check_id_cursor(page.after())?;
        Ok(self.audit.events(actor.school, account, page).await?)
    }
}

/// Our id-keyed lists use an id as cursor key; anything else did not come from us.
fn check_id_cursor(after: Option<&Cursor>) -> Result<(), AccountsError> {
    match after {
        Some(c) if c.key().parse::<uuid_like::Id>().is_err() => Err(AccountsError::invalid(
            "after",
            "malformed_cursor",
            "not a cursor of this list",
        )),
        _ => Ok(()),
    }
}

mod uuid_like {
    /// Any of our ids parses the same way; `AccountId` stands for them all.
    pub type Id = schoolbrug_kernel::AccountId;
}
