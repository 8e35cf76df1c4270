//! The `DeviceStore` in memory.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use schoolbrug_kernel::{AccountId, SchoolId};

use super::InMemoryAccountsStore;
use crate::model::{KnownDevice, SecretHash};
use crate::ports::{DeviceStore, StoreError, StoreResult};

#[async_trait]
impl DeviceStore for InMemoryAccountsStore {
    async fn remember_device(&self, device: &KnownDevice, keep: u32) -> StoreResult<()> {
        let mut state = self.lock();
        if !state.has_account(device.school, device.account) {
            return Err(StoreError::NotFound);
        }
        state.devices.insert(device.token_hash, device.clone());
        let mut own: Vec<(DateTime<Utc>, DateTime<Utc>, SecretHash)> = state
            .devices
            .values()
            .filter(|d| d.school == device.school && d.account == device.account)
            .map(|d| (d.last_used_at, d.created_at, d.token_hash))
            .collect();
        // Most recently used first; the ones after `keep` go.
        own.sort_by_key(|d| std::cmp::Reverse((d.0, d.1)));
        for (_, _, hash) in own
            .into_iter()
            .skip(usize::try_from(keep).unwrap_or(usize::MAX))
        {
            state.devices.remove(&hash);
        }
        Ok(())
    }

    async fn known_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
    ) -> StoreResult<Option<KnownDevice>> {
        Ok(self
            .lock()
            .devices
            .get(token_hash)
            .filter(|d| d.school == school)
            .cloned())
    }

    async fn touch_device(
        &self,
        school: SchoolId,
        token_hash: &SecretHash,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        if let Some(device) = self
            .lock()
            .devices
            .get_mut(token_hash)
            .filter(|d| d.school == school)
        {
            device.last_used_at = at;
        }
        Ok(())
    }

    async fn forget_device(&self, school: SchoolId, token_hash: &SecretHash) -> StoreResult<()> {
        let mut state = self.lock();
        if state
            .devices
            .get(token_hash)
            .is_some_and(|d| d.school == school)
        {
            state.devices.remove(token_hash);
        }
        Ok(())
    }

    async fn forget_devices(&self, school: SchoolId, account: AccountId) -> StoreResult<u64> {
        let mut state = self.lock();
        let before = state.devices.len();
        state
            .devices
            .retain(|_, d| d.school != school || d.account != account);
        Ok(u64::try_from(before - state.devices.len()).unwrap_or(u64::MAX))
    }

    async fn purge_devices(&self, unused_before: DateTime<Utc>) -> StoreResult<u64> {
        let mut state = self.lock();
        let before = state.devices.len();
        state.devices.retain(|_, d| d.last_used_at >= unused_before);
        Ok(u64::try_from(before - state.devices.len()).unwrap_or(u64::MAX))
    }
}
