//! The in-memory `SecondFactorStore`: second factors and recovery codes by account, and
//! the schools that require one, under the store's one lock.

use std::collections::{HashMap, HashSet};

use async_trait::async_trait;
use schoolbrug_kernel::{AccountId, SchoolId};

use super::InMemoryAccountsStore;
use crate::model::{SecondFactor, SecretHash, TotpSecret};
use crate::ports::{SecondFactorStore, StoreError, StoreResult, conflicts};

#[derive(Default)]
pub(super) struct SecondFactors {
    factors: HashMap<AccountId, Stored>,
    required: HashSet<SchoolId>,
}

struct Stored {
    school: SchoolId,
    secret: TotpSecret,
    active: bool,
    last_step: i64,
    recovery: HashSet<SecretHash>,
}

impl SecondFactors {
    /// Forgets an erased account's second factor.
    pub(super) fn erase(&mut self, account: AccountId) {
        self.factors.remove(&account);
    }

    fn of(&mut self, school: SchoolId, account: AccountId) -> Option<&mut Stored> {
        self.factors
            .get_mut(&account)
            .filter(|f| f.school == school)
    }
}

#[async_trait]
impl SecondFactorStore for InMemoryAccountsStore {
    async fn begin_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        secret: &TotpSecret,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if !state.has_account(school, account) {
            return Err(StoreError::NotFound);
        }
        if state
            .second_factors
            .of(school, account)
            .is_some_and(|f| f.active)
        {
            return Err(StoreError::Conflict(conflicts::SECOND_FACTOR_ACTIVE));
        }
        state.second_factors.factors.insert(
            account,
            Stored {
                school,
                secret: secret.clone(),
                active: false,
                last_step: -1,
                recovery: HashSet::new(),
            },
        );
        Ok(())
    }

    async fn totp(
        &self,
        school: SchoolId,
        account: AccountId,
    ) -> StoreResult<Option<SecondFactor>> {
        let mut state = self.lock();
        Ok(state
            .second_factors
            .of(school, account)
            .map(|f| SecondFactor {
                school,
                account,
                secret: f.secret.clone(),
                active: f.active,
                last_step: f.last_step,
                recovery_codes_left: u32::try_from(f.recovery.len()).unwrap_or(u32::MAX),
            }))
    }

    async fn confirm_totp(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
        recovery_codes: &[SecretHash],
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state.second_factors.of(school, account) {
            Some(f) if !f.active => {
                f.active = true;
                f.last_step = step;
                f.recovery = recovery_codes.iter().copied().collect();
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn accept_totp_step(
        &self,
        school: SchoolId,
        account: AccountId,
        step: i64,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        match state.second_factors.of(school, account) {
            Some(f) if f.active && f.last_step < step => {
                f.last_step = step;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn use_recovery_code(
        &self,
        school: SchoolId,
        account: AccountId,
        code_hash: &SecretHash,
    ) -> StoreResult<bool> {
        let mut state = self.lock();
        Ok(state
            .second_factors
            .of(school, account)
            .is_some_and(|f| f.active && f.recovery.remove(code_hash)))
    }

    async fn remove_totp(&self, school: SchoolId, account: AccountId) -> StoreResult<bool> {
        let mut state = self.lock();
        if state.second_factors.of(school, account).is_none() {
            return Ok(false);
        }
        state.second_factors.factors.remove(&account);
        Ok(true)
    }

    async fn second_factor_required(&self, school: SchoolId) -> StoreResult<bool> {
        Ok(self.lock().second_factors.required.contains(&school))
    }

    async fn set_second_factor_required(
        &self,
        school: SchoolId,
        required: bool,
    ) -> StoreResult<()> {
        let mut state = self.lock();
        if !state.schools.contains_key(&school) {
            return Err(StoreError::NotFound);
        }
        if required {
            state.second_factors.required.insert(school);
        } else {
            state.second_factors.required.remove(&school);
        }
        Ok(())
    }
}
