//! Writes the SQL that seeds a school for the messaging benchmarks
//! (`tests/bench/messages.sh`) straight into a fresh, migrated database, in the tables
//! and columns of `migrations/{postgres,sqlite}/0001_accounts.sql`:
//!
//! * `--pupils` pupils (main accounts with the pupil role) and one co-account each (slot 1,
//!   "mother", active): `2 × --pupils` accounts;
//! * the class `bench-alle` holding every pupil, and the class `bench-3000` holding the
//!   first `--group-pupils` pupils (with `"audience": "both"`: twice as many recipients);
//! * a session for each account of `bench-3000` (its pupils and their co-accounts), whose
//!   tokens are written next to the SQL (the `sessions` table keeps the SHA-256 of the
//!   token's bytes, as the server does).
//!
//! ```text
//! bench-msg-seed --dialect postgres|sqlite --school SCHOOL_UUID --out DIR \
//!                [--pupils 2500] [--group-pupils 1500]
//! ```
//!
//! The ids are fixed, so that SQL run beside the server (the raw bulk insert of
//! `messages.sh`, the seeded inboxes) can compute them with `generate_series`:
//!
//! * pupil `n` (1-based): `00000001-0000-7000-8000-` + `n` as 12 hex digits, named
//!   `Leerling NNNN` (first name `Leerling`, last name `n` with four digits);
//! * its co-account: `00000002-0000-7000-8000-…`, named `Ouder NNNN`;
//! * the classes: `00000003-0000-7000-8000-000000000001` (`bench-alle`) and
//!   `…-000000000002` (`bench-3000`).
//!
//! Writes to `DIR`: `seed.sql`; `tokens-3000.txt` (one token per line, the pupils of
//! `bench-3000` first, then their co-accounts), `tokens-parents.txt` (the co-accounts of
//! pupils 1–100), `tokens-heavy.txt` and `hashes-heavy.txt` (the co-accounts of pupils
//! 1–20, and their tokens' SHA-256 in hex).

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

use sha2::{Digest as _, Sha256};
use uuid::Uuid;

type Fallible<T> = Result<T, Box<dyn Error + Send + Sync>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    Postgres,
    Sqlite,
}

struct Settings {
    dialect: Dialect,
    school: Uuid,
    pupils: u32,
    group_pupils: u32,
    out: PathBuf,
}

fn settings() -> Fallible<Settings> {
    let mut dialect = None;
    let mut school = None;
    let (mut pupils, mut group_pupils) = (2_500_u32, 1_500_u32);
    let mut out = PathBuf::from(".");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--dialect" => {
                dialect = Some(match value.as_str() {
                    "postgres" => Dialect::Postgres,
                    "sqlite" => Dialect::Sqlite,
                    other => return Err(format!("unknown dialect {other:?}").into()),
                });
            }
            "--school" => school = Some(Uuid::parse_str(&value)?),
            "--pupils" => pupils = value.parse()?,
            "--group-pupils" => group_pupils = value.parse()?,
            "--out" => out = PathBuf::from(value),
            other => return Err(format!("unknown argument {other:?}").into()),
        }
    }
    let (Some(dialect), Some(school)) = (dialect, school) else {
        return Err("--dialect and --school are required".into());
    };
    if pupils == 0 || group_pupils > pupils {
        return Err("--pupils must be at least 1 and --group-pupils at most --pupils".into());
    }
    Ok(Settings {
        dialect,
        school,
        pupils,
        group_pupils,
        out,
    })
}

/// The fixed id of kind `kind` (1 pupil, 2 co-account, 3 class) number `n`.
fn fixed_id(kind: u32, n: u32) -> Uuid {
    let text = format!("{kind:08x}-0000-7000-8000-{n:012x}");
    Uuid::parse_str(&text).unwrap_or_default()
}

/// A session token: 256 bits of the v7 generator's randomness, as hex.
fn token() -> String {
    let (a, b, c) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    format!("bench{}{}{}", a.simple(), b.simple(), c.simple())
}

struct Sql {
    dialect: Dialect,
    text: String,
}

impl Sql {
    fn id(&self, id: Uuid) -> String {
        match self.dialect {
            Dialect::Postgres => format!("'{id}'"),
            Dialect::Sqlite => format!("X'{}'", id.simple()),
        }
    }

    fn bytes(&self, hex: &str) -> String {
        match self.dialect {
            Dialect::Postgres => format!("'\\x{hex}'::bytea"),
            Dialect::Sqlite => format!("X'{hex}'"),
        }
    }

    fn now(&self) -> &'static str {
        match self.dialect {
            Dialect::Postgres => "now()",
            Dialect::Sqlite => "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')",
        }
    }

    fn roles(&self, pupil: bool) -> &'static str {
        match (self.dialect, pupil) {
            (Dialect::Postgres, true) => "'{pupil}'",
            (Dialect::Postgres, false) => "'{}'",
            (Dialect::Sqlite, true) => "'pupil'",
            (Dialect::Sqlite, false) => "''",
        }
    }

    /// `INSERT INTO table (columns) VALUES …` in statements of at most 500 rows.
    fn insert(&mut self, table: &str, columns: &str, rows: &[String]) {
        for chunk in rows.chunks(500) {
            let _ = writeln!(
                self.text,
                "INSERT INTO {table} ({columns}) VALUES\n  {};",
                chunk.join(",\n  ")
            );
        }
    }
}

fn main() -> Fallible<()> {
    let s = settings()?;
    let mut sql = Sql {
        dialect: s.dialect,
        text: String::new(),
    };
    let school = sql.id(s.school);
    let now = sql.now();
    sql.text.push_str("BEGIN;\n");

    let columns = "school_id, id, username, first_name, last_name, kind, roles, pupil_id, \
                   slot, relation, status, created_at";
    let pupils: Vec<String> = (1..=s.pupils)
        .map(|n| {
            format!(
                "({school}, {}, 'leerling-{n:04}', 'Leerling', '{n:04}', 'main', {}, NULL, \
                 NULL, NULL, NULL, {now})",
                sql.id(fixed_id(1, n)),
                sql.roles(true)
            )
        })
        .collect();
    sql.insert("accounts", columns, &pupils);
    let co_accounts: Vec<String> = (1..=s.pupils)
        .map(|n| {
            format!(
                "({school}, {}, 'ouder-{n:04}', 'Ouder', '{n:04}', 'co', {}, {}, 1, 'mother', \
                 'active', {now})",
                sql.id(fixed_id(2, n)),
                sql.roles(false),
                sql.id(fixed_id(1, n))
            )
        })
        .collect();
    sql.insert("accounts", columns, &co_accounts);

    let (all, three_thousand) = (fixed_id(3, 1), fixed_id(3, 2));
    let groups = vec![
        format!("({school}, {}, 'bench-alle', 'class')", sql.id(all)),
        format!(
            "({school}, {}, 'bench-3000', 'class')",
            sql.id(three_thousand)
        ),
    ];
    sql.insert("groups", "school_id, id, name, kind", &groups);
    let members: Vec<String> = (1..=s.pupils)
        .map(|n| (all, n))
        .chain((1..=s.group_pupils).map(|n| (three_thousand, n)))
        .map(|(group, n)| format!("({school}, {}, {})", sql.id(group), sql.id(fixed_id(1, n))))
        .collect();
    sql.insert("group_members", "school_id, group_id, account_id", &members);

    // Sessions: the pupils of bench-3000, then their co-accounts.
    let mut tokens = Vec::new();
    let mut sessions = Vec::new();
    for kind in [1, 2] {
        for n in 1..=s.group_pupils {
            let t = token();
            let hash = hex::encode(Sha256::digest(t.as_bytes()));
            sessions.push(format!(
                "({}, {school}, {}, {now}, {now})",
                sql.bytes(&hash),
                sql.id(fixed_id(kind, n))
            ));
            tokens.push((kind, n, t, hash));
        }
    }
    sql.insert(
        "sessions",
        "token_hash, school_id, account_id, created_at, last_seen_at",
        &sessions,
    );
    sql.text.push_str("COMMIT;\n");

    std::fs::create_dir_all(&s.out)?;
    std::fs::write(s.out.join("seed.sql"), &sql.text)?;
    let lines = |pick: &dyn Fn(u32, u32) -> bool, hashes: bool| -> String {
        tokens
            .iter()
            .filter(|(kind, n, _, _)| pick(*kind, *n))
            .map(|(_, _, t, h)| format!("{}\n", if hashes { h } else { t }))
            .collect()
    };
    std::fs::write(s.out.join("tokens-3000.txt"), lines(&|_, _| true, false))?;
    std::fs::write(
        s.out.join("tokens-parents.txt"),
        lines(&|kind, n| kind == 2 && n <= 100, false),
    )?;
    std::fs::write(
        s.out.join("tokens-heavy.txt"),
        lines(&|kind, n| kind == 2 && n <= 20, false),
    )?;
    std::fs::write(
        s.out.join("hashes-heavy.txt"),
        lines(&|kind, n| kind == 2 && n <= 20, true),
    )?;
    eprintln!(
        "bench-msg-seed: {} accounts, 2 classes, {} sessions written to {}",
        2 * s.pupils,
        tokens.len(),
        s.out.display()
    );
    Ok(())
}
