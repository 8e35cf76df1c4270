//! The reference for sign-in throughput: how many argon2id password verifications per
//! second this machine does in-process, on all cores, with the server's parameters
//! (m = 19456 KiB, t = 2, p = 1, the OWASP recommendation). A sign-in costs exactly one
//! such verification, so this is the ceiling for sign-ins per second.
//!
//! ```text
//! argon2-rate [--seconds 10] [--threads N] [--library]
//! ```
//!
//! Prints one JSON line on stdout: `{"threads","seconds","hashes","rate","way"}` (`rate`
//! in hashes per second); a sentence for people on stderr. Every thread verifies the same
//! PHC string the way the server does: with the server's own function
//! (`VerifierMemory::verify`, which recomputes the hash with the parameters stored in it
//! in memory it keeps from one verification to the next), and stops by itself after the
//! given time. `--library` verifies with the argon2 crate's `verify_password` instead,
//! which allocates and zeroes 19 MiB for every verification (for comparison).

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use schoolbrug_accounts::password::VerifierMemory;

const PASSWORD: &str = "Kwik-zonnebloem-Rivier-73";

fn main() -> Result<(), Box<dyn Error>> {
    let mut seconds = 10.0_f64;
    let mut threads = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let mut library = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--library" => library = true,
            "--seconds" => seconds = args.next().ok_or("--seconds needs a value")?.parse()?,
            "--threads" => threads = args.next().ok_or("--threads needs a value")?.parse()?,
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    if !(seconds > 0.0 && seconds <= 600.0) || threads == 0 {
        return Err("--seconds must be in (0, 600] and --threads at least 1".into());
    }

    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| e.to_string())?;
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    // A fixed salt: only the stored hash is made here, its cost does not depend on it.
    let salt = SaltString::encode_b64(b"schoolbrug-bench").map_err(|e| e.to_string())?;
    let phc = hasher
        .hash_password(PASSWORD.as_bytes(), &salt)
        .map_err(|e| e.to_string())?
        .to_string();

    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (stop, done, failed, phc) =
                (stop.clone(), done.clone(), failed.clone(), phc.clone());
            std::thread::spawn(move || {
                let Ok(parsed) = PasswordHash::new(&phc) else {
                    failed.store(true, Ordering::Relaxed);
                    return;
                };
                let mut memory = VerifierMemory::default();
                while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                    let verified = if library {
                        Argon2::default()
                            .verify_password(PASSWORD.as_bytes(), &parsed)
                            .is_ok()
                    } else {
                        // As the server verifies: parameters read from the hash.
                        memory.verify(PASSWORD.as_bytes(), &parsed).unwrap_or(false)
                    };
                    if !verified {
                        failed.store(true, Ordering::Relaxed);
                        return;
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for worker in workers {
        if worker.join().is_err() {
            failed.store(true, Ordering::Relaxed);
        }
    }
    stop.store(true, Ordering::Relaxed);
    if failed.load(Ordering::Relaxed) {
        return Err("a verification failed".into());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let hashes = done.load(Ordering::Relaxed);
    #[allow(clippy::cast_precision_loss)]
    let rate = hashes as f64 / elapsed;
    let way = if library { "library" } else { "server" };
    eprintln!(
        "argon2id m=19456 KiB t=2 p=1 ({way}'s verification): {hashes} verifications in {elapsed:.1} s on {threads} threads = {rate:.1}/s"
    );
    println!(
        "{}",
        serde_json::json!({
            "threads": threads,
            "seconds": elapsed,
            "hashes": hashes,
            "rate": rate,
            "way": way,
        })
    );
    Ok(())
}
