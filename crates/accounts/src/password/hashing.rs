//! argon2id hashing with OWASP parameters, run off the async threads, with a bound on
//! hashes in flight so a burst of sign-ins cannot exhaust memory (each takes 19 MiB), and
//! a bound on those waiting for one, so a flood is refused at once ([`HashError::Busy`])
//! instead of making every sign-in wait longer and longer. Verifications reuse their
//! 19 MiB between sign-ins ([`VerifierMemory`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash as Phc, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHasher as _, Version};
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
            .map_err(|e| HashError::Failed(e.to_string()))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

impl Default for HashingParams {
    fn default() -> Self {
        Self::OWASP
    }
}

/// The working memory of one argon2 verification, kept for the next one.
///
/// `argon2`'s own `verify_password` allocates and zeroes its blocks (19 MiB) for every
/// verification; a sign-in storm then spends a few percent of its CPU writing zeros
/// that argon2's first pass overwrites anyway. Verifying with a `VerifierMemory` writes
/// them once per buffer. Argon2 never reads a block before its first pass has written it,
/// so what an earlier verification left in the buffer does not change the result (a test
/// below compares with the library's own verification).
#[derive(Default)]
pub struct VerifierMemory {
    blocks: Vec<Block>,
}

impl std::fmt::Debug for VerifierMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifierMemory")
            .field("blocks", &self.blocks.len())
            .finish()
    }
}

impl VerifierMemory {
    /// Whether `password` matches the PHC string `stored`, recomputed with the algorithm,
    /// version and parameters stored in it, in this memory (grown when they need more).
    ///
    /// # Errors
    /// When `stored` is not a valid argon2 PHC string or its parameters are invalid.
    pub fn verify(&mut self, password: &[u8], stored: &Phc<'_>) -> Result<bool, HashError> {
        let params = Params::try_from(stored).map_err(|e| HashError::Failed(e.to_string()))?;
        let algorithm =
            Algorithm::try_from(stored.algorithm).map_err(|e| HashError::Failed(e.to_string()))?;
        let version = stored
            .version
            .map(Version::try_from)
            .transpose()
            .map_err(|e| HashError::Failed(e.to_string()))?
            .unwrap_or_default();
        let (Some(salt), Some(expected)) = (stored.salt, stored.hash) else {
            return Err(HashError::Failed(
                "the stored hash has no salt or no output".into(),
            ));
        };
        let mut salt_bytes = [0_u8; 64];
        let salt = salt
            .decode_b64(&mut salt_bytes)
            .map_err(|e| HashError::Failed(e.to_string()))?;
        let count = params.block_count();
        if self.blocks.len() < count {
            self.blocks.resize(count, Block::default());
        }
        let argon2 = Argon2::new(algorithm, version, params);
        let computed = Output::init_with(expected.len(), |out| {
            argon2
                .hash_password_into_with_memory(password, salt, out, &mut self.blocks[..count])
                .map_err(argon2::password_hash::Error::from)
        })
        .map_err(|e| HashError::Failed(e.to_string()))?;
        // `Output`'s equality is constant-time.
        Ok(computed == expected)
    }
}

/// The longest a sign-in should wait for its hash by default: the hasher lets wait as
/// many as its permits clear in this time, at the speed of a hash measured when it is
/// built; one more is refused at once.
pub const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Bounds on the waiting per permit that [`MAX_WAIT`] gives, whatever the measurement
/// (a very fast or very slow first hash must not make the line absurd).
const WAITING_PER_PERMIT_RANGE: (usize, usize) = (8, 1024);

/// Hashes a permit clears in [`MAX_WAIT`] at `hash_time` each, within
/// [`WAITING_PER_PERMIT_RANGE`].
fn waiting_per_permit(hash_time: std::time::Duration) -> usize {
    let (least, most) = WAITING_PER_PERMIT_RANGE;
    let nanos = hash_time.as_nanos().max(1);
    usize::try_from(MAX_WAIT.as_nanos() / nanos)
        .unwrap_or(most)
        .clamp(least, most)
}

/// How long a client refused with [`HashError::Busy`] waits before trying again.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

/// The password hasher: argon2id on tokio's blocking pool, at most `max_in_flight` at once
/// and at most `max_waiting` more waiting for their turn; beyond that a hash is refused at
/// once with [`HashError::Busy`].
#[derive(Clone)]
pub struct Argon2Passwords {
    params: HashingParams,
    permits: Arc<Semaphore>,
    max_in_flight: usize,
    /// Hashes running or waiting for a permit.
    occupied: Arc<AtomicUsize>,
    /// Permits plus the waiting allowed: `occupied` never goes past it.
    capacity: usize,
    /// How long one hash took when the hasher was built.
    hash_time: std::time::Duration,
    decoy: Arc<PasswordHash>,
    /// The lane of sign-ins from known devices (`verify_known_device`): its own permit
    /// and its own bound on waiting, so a flood from unknown devices never fills it.
    known_devices: Arc<Semaphore>,
    /// Known-device hashes running or waiting.
    known_devices_occupied: Arc<AtomicUsize>,
    /// At most one per permit (both lanes'): only a permit holder takes one. They stay
    /// allocated when idle, so the hasher holds up to (`max_in_flight` + 1) × 19 MiB of
    /// kept memory beside what the hashes in flight use (a new password's hash allocates
    /// its own).
    memories: Arc<Mutex<Vec<VerifierMemory>>>,
}

/// Hashes the known devices' lane runs at once: one beside the `max_in_flight` of the
/// shared lane, so an owner's sign-in during a flood costs one hash more of CPU at most.
pub const KNOWN_DEVICE_PERMITS: usize = 1;

/// Known-device hashes that may wait for the lane's permit; more are refused with
/// [`HashError::Busy`] (the lane is for owners, a handful at a time).
pub const KNOWN_DEVICE_WAITING: usize = 64;

impl std::fmt::Debug for Argon2Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Argon2Passwords")
            .field("params", &self.params)
            .field("available_permits", &self.permits.available_permits())
            .field("occupied", &self.occupied())
            .field("capacity", &self.capacity)
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
        // The decoy is hashed twice and the faster kept: the first may pay for warming up.
        let started = std::time::Instant::now();
        let _ = hash_now(params, &random_password())?;
        let first = started.elapsed();
        let started = std::time::Instant::now();
        let decoy = hash_now(params, &random_password())?;
        let hash_time = first.min(started.elapsed());
        let permits = max_in_flight.max(1);
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(permits)),
            max_in_flight: permits,
            occupied: Arc::new(AtomicUsize::new(0)),
            capacity: permits.saturating_mul(1 + waiting_per_permit(hash_time)),
            hash_time,
            decoy: Arc::new(decoy),
            known_devices: Arc::new(Semaphore::new(KNOWN_DEVICE_PERMITS)),
            known_devices_occupied: Arc::new(AtomicUsize::new(0)),
            memories: Arc::new(Mutex::new(Vec::new())),
        })
    }

    /// The hasher letting at most `max_waiting` hashes wait for a permit (instead of as
    /// many as clear in [`MAX_WAIT`]); one more is refused at once with
    /// [`HashError::Busy`]. Choose it as permits × the longest acceptable wait ÷ the
    /// time of one hash.
    #[must_use]
    pub fn with_max_waiting(mut self, max_waiting: usize) -> Self {
        self.capacity = self.max_in_flight.saturating_add(max_waiting);
        self
    }

    /// How many hashes run at once at most.
    #[must_use]
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight
    }

    /// How many hashes may wait for a permit; one more is refused at once.
    #[must_use]
    pub fn max_waiting(&self) -> usize {
        self.capacity.saturating_sub(self.max_in_flight)
    }

    /// How long one hash took when the hasher was built (what the default bound on
    /// waiting is computed from).
    #[must_use]
    pub fn hash_time(&self) -> std::time::Duration {
        self.hash_time
    }

    /// How many hashes run or wait right now.
    #[must_use]
    pub fn occupied(&self) -> usize {
        self.occupied.load(Ordering::SeqCst)
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
        lane: Lane,
        work: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let (occupied, capacity, permits) = match lane {
            Lane::Shared => (&self.occupied, self.capacity, &self.permits),
            Lane::KnownDevices => (
                &self.known_devices_occupied,
                KNOWN_DEVICE_PERMITS + KNOWN_DEVICE_WAITING,
                &self.known_devices,
            ),
        };
        // Taken before the first await, so a refusal never waits; given back when this
        // hash ends or its caller goes away.
        let _place = Place::take(occupied, capacity).ok_or(HashError::Busy {
            retry_after_secs: BUSY_RETRY_AFTER_SECS,
        })?;
        let _permit = permits
            .acquire()
            .await
            .map_err(|_| HashError::Failed("hashing pool closed".into()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| HashError::Failed(format!("hashing task failed: {e}")))?
    }
}

/// Which permits a hash waits for.
#[derive(Clone, Copy)]
enum Lane {
    /// Every hash but a known device's sign-in.
    Shared,
    /// Sign-ins from known devices.
    KnownDevices,
}

/// One place among the hashes running or waiting.
struct Place<'a>(&'a AtomicUsize);

impl<'a> Place<'a> {
    /// A place when fewer than `capacity` are taken.
    fn take(occupied: &'a AtomicUsize, capacity: usize) -> Option<Self> {
        occupied
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < capacity).then_some(n + 1)
            })
            .ok()
            .map(|_| Self(occupied))
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
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
        .map_err(|e| HashError::Failed(e.to_string()))?;
    Ok(PasswordHash::from_phc(phc.to_string()))
}

/// Verifies with the parameters stored in the hash, in `memory`; reports whether they
/// differ from ours.
fn verify_now(
    params: HashingParams,
    password: &str,
    stored: &PasswordHash,
    memory: &mut VerifierMemory,
) -> Result<Verification, HashError> {
    let phc = Phc::new(stored.as_phc()).map_err(|e| HashError::Failed(e.to_string()))?;
    if !memory.verify(password.as_bytes(), &phc)? {
        return Ok(Verification::Invalid);
    }
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

impl Argon2Passwords {
    /// Verifies on the blocking pool in a kept [`VerifierMemory`] (a new one when none is
    /// free, which happens only until every permit has run once).
    async fn verify_in_memory(
        &self,
        lane: Lane,
        password: &str,
        stored: Arc<PasswordHash>,
    ) -> Result<Verification, HashError> {
        let params = self.params;
        let password = password.to_owned();
        let memories = Arc::clone(&self.memories);
        self.run(lane, move || {
            let taken = memories.lock().ok().and_then(|mut free| free.pop());
            let mut memory = taken.unwrap_or_default();
            let verified = verify_now(params, &password, &stored, &mut memory);
            if let Ok(mut free) = memories.lock() {
                free.push(memory);
            }
            verified
        })
        .await
    }
}

#[async_trait]
impl PasswordHasher for Argon2Passwords {
    fn check_capacity(&self) -> Result<(), HashError> {
        if self.occupied() >= self.capacity {
            return Err(HashError::Busy {
                retry_after_secs: BUSY_RETRY_AFTER_SECS,
            });
        }
        Ok(())
    }

    async fn hash(&self, password: &str) -> Result<PasswordHash, HashError> {
        let params = self.params;
        let password = password.to_owned();
        self.run(Lane::Shared, move || hash_now(params, &password))
            .await
    }

    async fn verify(&self, password: &str, hash: &PasswordHash) -> Result<Verification, HashError> {
        self.verify_in_memory(Lane::Shared, password, Arc::new(hash.clone()))
            .await
    }

    async fn verify_known_device(
        &self,
        password: &str,
        hash: &PasswordHash,
    ) -> Result<Verification, HashError> {
        self.verify_in_memory(Lane::KnownDevices, password, Arc::new(hash.clone()))
            .await
    }

    async fn verify_nothing(&self, password: &str) -> Result<(), HashError> {
        self.verify_in_memory(Lane::Shared, password, Arc::clone(&self.decoy))
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_default_line_is_what_the_permits_clear_in_two_seconds() {
        use std::time::Duration;
        assert_eq!(waiting_per_permit(Duration::from_millis(25)), 80);
        assert_eq!(waiting_per_permit(Duration::from_millis(15)), 133);
        // A first hash far off either way still gives a line of sensible length.
        assert_eq!(waiting_per_permit(Duration::from_nanos(1)), 1024);
        assert_eq!(waiting_per_permit(Duration::from_secs(1)), 8);
        let hasher = Argon2Passwords::new(FAST, 3).unwrap();
        assert_eq!(
            hasher.max_waiting(),
            3 * waiting_per_permit(hasher.hash_time())
        );
        assert_eq!(hasher.with_max_waiting(5).max_waiting(), 5);
    }

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

    #[test]
    fn a_reused_memory_verifies_as_the_library_does() {
        use argon2::PasswordVerifier as _;
        let small = HashingParams {
            memory_kib: 256,
            ..FAST
        };
        let right = hash_now(small, "paarse olifant danst").unwrap();
        let fast = hash_now(FAST, "paarse olifant danst").unwrap();
        let mut memory = VerifierMemory::default();
        // Larger, smaller, then larger parameters again in one memory that keeps what the
        // verification before it left; right and wrong passwords alike.
        for (stored, password) in [
            (&right, "paarse olifant danst"),
            (&fast, "paarse olifant danst"),
            (&right, "paarse olifant danst"),
            (&right, "paarse olifant"),
            (&fast, "groene olifant danst"),
        ] {
            let phc = Phc::new(stored.as_phc()).unwrap();
            let library = Argon2::default()
                .verify_password(password.as_bytes(), &phc)
                .is_ok();
            assert_eq!(memory.verify(password.as_bytes(), &phc).unwrap(), library);
        }
        assert!(
            memory
                .verify(
                    b"x",
                    &Phc::new("$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHQ").unwrap()
                )
                .is_err(),
            "a hash without output is an error, not a match"
        );
    }

    #[tokio::test]
    async fn a_hash_past_the_waiting_bound_is_refused_at_once_and_passes_again_after() {
        let hasher = Argon2Passwords::new(FAST, 1).unwrap().with_max_waiting(2);
        let hash = hasher.hash("paarse olifant danst").await.unwrap();
        // One hash runs (held at a gate) and two wait for the one permit.
        let (open, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(Mutex::new(gate));
        let held: Vec<_> = (0..3)
            .map(|_| {
                let hasher = hasher.clone();
                let gate = Arc::clone(&gate);
                tokio::spawn(async move {
                    hasher
                        .run(Lane::Shared, move || {
                            gate.lock().unwrap().recv().unwrap();
                            Ok(())
                        })
                        .await
                })
            })
            .collect();
        while hasher.occupied() < 3 {
            tokio::task::yield_now().await;
        }

        assert!(matches!(
            hasher.check_capacity(),
            Err(HashError::Busy { .. })
        ));
        let refused = hasher.verify("paarse olifant danst", &hash).await;
        let refused_nothing = hasher.verify_nothing("whatever").await;
        let refused_new = hasher.hash("groene olifant").await;

        assert!(
            matches!(refused, Err(HashError::Busy { retry_after_secs }) if retry_after_secs >= 1),
            "{refused:?}"
        );
        assert!(matches!(refused_nothing, Err(HashError::Busy { .. })));
        assert!(matches!(refused_new, Err(HashError::Busy { .. })));
        assert_eq!(hasher.occupied(), 3, "a refusal takes no place");
        // The known devices' lane is not full: the owner's sign-in passes at once.
        assert_eq!(
            hasher
                .verify_known_device("paarse olifant danst", &hash)
                .await
                .unwrap(),
            Verification::Valid {
                needs_rehash: false
            }
        );
        for _ in 0..3 {
            open.send(()).unwrap();
        }
        for h in held {
            h.await.unwrap().unwrap();
        }
        assert_eq!(hasher.occupied(), 0);
        assert!(hasher.check_capacity().is_ok());
        assert_eq!(
            hasher.verify("paarse olifant danst", &hash).await.unwrap(),
            Verification::Valid {
                needs_rehash: false
            }
        );
    }

    #[tokio::test]
    async fn verifying_nothing_does_the_same_work_and_succeeds() {
        let hasher = Argon2Passwords::new(FAST, 1).unwrap();
        hasher.verify_nothing("whatever").await.unwrap();
    }
}
