//! Rebuilds the crate when a migration changes: `sqlx::migrate!` embeds them at compile
//! time, and Cargo does not see files outside the crate otherwise.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations/sqlite");
}
