//! Rebuilds the crate when a migration is added: `sqlx::migrate!` embeds the files it
//! finds at compile time but does not tell Cargo to watch the directory.

fn main() {
    println!("cargo:rerun-if-changed=../../migrations/postgres");
}
