//! argon2id hashing with OWASP parameters, run off the async threads, with a bound on
//! hashes in flight so a burst of sign-ins cannot exhaust memory (each takes 19 MiB).

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash as Phc, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use async_trait::async_trait;
use tokio::sync::Semaphore;

use crate::model::PasswordHash;
use crate::ports::{HashError, PasswordHasher, Verification};

/// argon2id cost parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashingParams {
    /// Memory in KiB (OWASP: 19 MiB = 19456).
    pub memory_kib: u32,
    /// Passes (OWASP: 2).
    pub iterations: u32,
    /// Lanes (OWASP: 1).
    pub parallelism: u32,
}

impl HashingParams {
    /// The OWASP recommendation for argon2id: m=19 MiB, t=2, p=1.
    pub const OWASP: Self = Self {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    fn argon2(self) -> Result<Argon2<'static>, HashError> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(|e| HashError(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

impl Default for HashingParams {
    fn default() -> Self {
        Self::OWASP
    }
}

/// The password hasher: argon2id on tokio's blocking pool, at most `max_in_flight` at once.
#[derive(Clone)]
pub struct Argon2Passwords {
    params: HashingParams,
    permits: Arc<Semaphore>,
    decoy: Arc<PasswordHash>,
}

impl std::fmt::Debug for Argon2Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Argon2Passwords")
            .field("params", &self.params)
            .field("available_permits", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

impl Argon2Passwords {
    /// A hasher with `params`, running at most `max_in_flight` hashes at once (each holds
    /// `params.memory_kib` of memory while it runs).
    ///
    /// # Errors
    /// When the parameters are not valid argon2 parameters.
    pub fn new(params: HashingParams, max_in_flight: usize) -> Result<Self, HashError> {
        let decoy = hash_now(params, &random_password())?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(max_in_flight.max(1))),
            decoy: Arc::new(decoy),
        })
    }

    /// The OWASP parameters with a bound of one hash per core: more only queues the
    /// request threads behind argon2 (docs/benchmarks.md measured the /me tail).
    ///
    /// # Errors
    /// Never in practice (the OWASP parameters are valid).
    pub fn owasp() -> Result<Self, HashError> {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        Self::new(HashingParams::OWASP, cores)
    }

    /// The parameters in use.
    #[must_use]
    pub fn params(&self) -> HashingParams {
        self.params
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| HashError("hashing pool closed".into()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| HashError(format!("hashing task failed: {e}")))?
    }
}

fn random_password() -> String {
    crate::model::SessionToken::generate().expose().to_owned()
}

fn hash_now(params: HashingParams, password: &str) -> Result<PasswordHash, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    let phc = params
        .argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| HashError(e.to_string()))?;
    Ok(PasswordHash::from_phc(phc.to_string()))
}

/// Verifies with the parameters stored in the hash; reports whether they differ from ours.
fn verify_now(
    params: HashingParams,
    password: &str,
    stored: &PasswordHash,
) -> Result<Verification, HashError> {
    let phc = Phc::new(stored.as_phc()).map_err(|e| HashError(e.to_string()))?;
    match Argon2::default().verify_password(password.as_bytes(), &phc) {
        Ok(()) => {
            let current = Params::try_from(&phc).ok().map(|p| HashingParams {
                memory_kib: p.m_cost(),
                iterations: p.t_cost(),
                parallelism: p.p_cost(),
            });
            let same_algorithm = phc.algorithm.as_str() == "argon2id";
            Ok(Verification::Valid {
                needs_rehash: !same_algorithm || current != Some(params),
            })
        }
        Err(argon2::password_hash::Error::Password) => Ok(Verification::Invalid),
        Err(e) => Err(HashError(e.to_string())),
    }
}

#[async_trait]
impl PasswordHasher for Argon2Passwords {
    async fn hash(&self, password: &str) -> Result<PasswordHash, HashError> {
        let params = self.params;
        let password = password.to_owned();
        self.run(move || hash_now(params, &password)).await
    }

    async fn verify(&self, password: &str, hash: &PasswordHash) -> Result<Verification, HashError> {
        let params = self.params;
        let password = password.to_owned();
        let hash = hash.clone();
        self.run(move || verify_now(params, &password, &hash)).await
    }

    async fn verify_nothing(&self, password: &str) -> Result<(), HashError> {
        let params = self.params;
        let password = password.to_owned();
        let decoy = Arc::clone(&self.decoy);
        self.run(move || verify_now(params, &password, &decoy).map(|_| ()))
            .await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const FAST: HashingParams = HashingParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hasher = Argon2Passwords::new(FAST, 2).unwrap();
        let hash = hasher.hash("paarse olifant danst").await.unwrap();
        assert!(hash.as_phc().starts_with("$argon2id$"));
        assert_eq!(
            hasher.verify("paarse olifant danst", &hash).await.unwrap(),
            Verification::Valid {
                needs_rehash: false
            }
        );
        assert_eq!(
            hasher.verify("paarse olifant", &hash).await.unwrap(),
            Verification::Invalid
        );
    }

    #[tokio::test]
    async fn owasp_parameters_are_the_default() {
        let hasher = Argon2Passwords::owasp().unwrap();
        let hash = hasher.hash("correct horse battery").await.unwrap();
        assert!(hash.as_phc().contains("m=19456,t=2,p=1"));
    }

    #[tokio::test]
    async fn a_hash_with_old_parameters_asks_to_be_rehashed() {
        let old = Argon2Passwords::new(FAST, 1).unwrap();
        let hash = old.hash("correct horse battery").await.unwrap();
        let new = Argon2Passwords::new(
            HashingParams {
                memory_kib: 128,
                ..FAST
            },
            1,
        )
        .unwrap();
        assert_eq!(
            new.verify("correct horse battery", &hash).await.unwrap(),
            Verification::Valid { needs_rehash: true }
        );
    }

    #[tokio::test]
    async fn verifying_nothing_does_the_same_work_and_succeeds() {
        let hasher = Argon2Passwords::new(FAST, 1).unwrap();
        hasher.verify_nothing("whatever").await.unwrap();
    }
}
