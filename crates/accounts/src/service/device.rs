//! Known devices in the sign-in: which throttle keys an attempt counts against, and the
//! device token a successful sign-in hands out.

use schoolbrug_kernel::SchoolId;

use super::{Accounts, AuditDraft};
use crate::error::AccountsError;
use crate::model::audit;
use crate::model::{Account, Attempt, DeviceToken, KnownDevice, ThrottleKey, ThrottlePolicy};

/// A device token that is trusted for this attempt: its one attempt is already taken
/// against the device's own key.
pub(super) struct TrustedDevice {
    pub(super) token: DeviceToken,
    pub(super) key: ThrottleKey,
}

impl Accounts {
    /// The device the attempt comes from, if it is known for the account the username
    /// names, not expired, and has failures to spare: then this attempt is taken against
    /// the device alone. A device past its allowance is forgotten, and the attempt falls
    /// back to the keys of unknown devices.
    pub(super) async fn trusted_device(
        &self,
        school: SchoolId,
        username: &str,
        token: Option<&DeviceToken>,
        client: Option<&str>,
    ) -> Result<Option<TrustedDevice>, AccountsError> {
        let Some(token) = token else {
            return Ok(None);
        };
        let hash = token.hash();
        let Some(device) = self.devices.known_device(school, &hash).await? else {
            return Ok(None);
        };
        let now = self.now();
        let policy = self.settings.devices;
        if device.is_expired(now, &policy) {
            return Ok(None);
        }
        // The token vouches for one account: another username from the same browser is
        // an unknown device for that account.
        match self.accounts_by_typed_name(school, username).await? {
            Some(account) if account.id == device.account => {}
            _ => return Ok(None),
        }
        let key = ThrottleKey::device(school, &hash);
        let allowance = ThrottlePolicy {
            free_failures: policy.failures_allowed,
            ..self.settings.throttle
        };
        match self.throttle.take_attempt(&key, now, &allowance).await? {
            Attempt::Allowed(state) if state.failures <= policy.failures_allowed => {
                Ok(Some(TrustedDevice {
                    token: token.clone(),
                    key,
                }))
            }
            _ => {
                self.forget_device(school, &device, client).await?;
                Ok(None)
            }
        }
    }

    async fn forget_device(
        &self,
        school: SchoolId,
        device: &KnownDevice,
        client: Option<&str>,
    ) -> Result<(), AccountsError> {
        self.devices
            .forget_device(school, &device.token_hash)
            .await?;
        let mut draft = AuditDraft::new(school, audit::DEVICE_FORGOTTEN).client(client);
        draft.account = Some(device.account);
        self.audit(draft).await
    }

    /// After a successful sign-in: the trusted device is marked as used, or a new one is
    /// remembered for the account. Returns the token the client keeps.
    pub(super) async fn device_after_sign_in(
        &self,
        account: &Account,
        trusted: Option<TrustedDevice>,
    ) -> Result<DeviceToken, AccountsError> {
        let now = self.now();
        if let Some(trusted) = trusted {
            self.throttle.clear_throttle(&trusted.key).await?;
            self.devices
                .touch_device(account.school, &trusted.token.hash(), now)
                .await?;
            return Ok(trusted.token);
        }
        let token = DeviceToken::generate();
        self.devices
            .remember_device(
                &KnownDevice {
                    token_hash: token.hash(),
                    school: account.school,
                    account: account.id,
                    created_at: now,
                    last_used_at: now,
                },
                self.settings.devices.per_account,
            )
            .await?;
        Ok(token)
    }

    /// Forgets every device of an account (log out everywhere).
    pub(super) async fn forget_devices_of(
        &self,
        school: SchoolId,
        account: schoolbrug_kernel::AccountId,
    ) -> Result<u64, AccountsError> {
        Ok(self.devices.forget_devices(school, account).await?)
    }
}
