//! The schema is ready to be distributed by school (Citus), read from PostgreSQL's own
//! catalogue on a fresh database after every migration, and the adapter's row locks are
//! each bound to one school (read from this crate's source).
//!
//! What Citus needs, and what these tests check:
//! * every table of a school has `school_id NOT NULL` (its distribution column); a table
//!   that is not per school says what it is in a comment starting `citus: ` (a reference
//!   table copied to every node, a table distributed by a key of its own, or a local
//!   table);
//! * every primary key, unique constraint and unique index of a school table includes
//!   `school_id` (a shard can only check uniqueness within itself);
//! * every foreign key between school tables pairs `school_id` with `school_id` (both
//!   rows then live in the same shard); a school table may also refer to a reference
//!   table;
//! * every row lock (`FOR UPDATE` and its kin) names one school, so that it is routed to
//!   one shard.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::path::Path;

use schoolbrug_store_postgres::test_support::fresh_database;
use sqlx::PgPool;

/// How a table is placed in a cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Class {
    /// Distributed by `school_id`, colocated with every other school table.
    School,
    /// `citus: reference table…`: one copy on every node.
    Reference,
    /// `citus: distributed by <column>…`: by a key of its own, colocated with nothing.
    DistributedBy(String),
    /// `citus: local table…`: stays on the coordinator.
    Local,
}

/// The class a table comment gives, `None` for a table without a `citus: ` comment,
/// `Err` for a `citus: ` comment that says nothing known.
fn class_of_comment(comment: Option<&str>) -> Result<Option<Class>, String> {
    let Some(rest) = comment.and_then(|c| c.strip_prefix("citus: ")) else {
        return Ok(None);
    };
    if rest.starts_with("reference table") {
        Ok(Some(Class::Reference))
    } else if rest.starts_with("local table") {
        Ok(Some(Class::Local))
    } else if let Some(after) = rest.strip_prefix("distributed by ") {
        let column: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if column.is_empty() {
            Err(format!("no column after `distributed by`: {rest:?}"))
        } else {
            Ok(Some(Class::DistributedBy(column)))
        }
    } else {
        Err(format!("unknown class: {rest:?}"))
    }
}

/// One table of the application's schema.
#[derive(Debug)]
struct Table {
    name: String,
    comment: Option<String>,
    /// Column numbers by name, with whether the column is NOT NULL.
    columns: HashMap<String, (i16, bool)>,
    /// `d` default (primary key), `f` full, `i` an index, `n` nothing.
    replica_identity: String,
}

impl Table {
    fn column(&self, name: &str) -> Option<i16> {
        self.columns.get(name).map(|(n, _)| *n)
    }

    fn name_of(&self, attnum: i16) -> String {
        self.columns
            .iter()
            .find(|(_, (n, _))| *n == attnum)
            .map_or_else(|| format!("#{attnum}"), |(name, _)| name.clone())
    }
}

/// The tables of the application (sqlx's own bookkeeping table excepted: it belongs to
/// the migration tool, lives where the migrations run, the coordinator, and is no part of
/// the schema the migrations make).
async fn tables(pool: &PgPool) -> Vec<Table> {
    let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
        "SELECT c.oid::int8, c.relname::text, obj_description(c.oid, 'pg_class'), \
                c.relreplident::text \
         FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') \
           AND c.relname <> '_sqlx_migrations' \
         ORDER BY c.relname",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for (oid, name, comment, replica_identity) in rows {
        let columns: Vec<(String, i16, bool)> = sqlx::query_as(
            "SELECT attname::text, attnum, attnotnull FROM pg_attribute \
             WHERE attrelid = $1::int8::oid AND attnum > 0 AND NOT attisdropped",
        )
        .bind(oid)
        .fetch_all(pool)
        .await
        .unwrap();
        out.push(Table {
            name,
            comment,
            columns: columns
                .into_iter()
                .map(|(n, num, nn)| (n, (num, nn)))
                .collect(),
            replica_identity,
        });
    }
    out
}

/// Every table's class, or the reasons some have none.
fn classes(tables: &[Table]) -> (HashMap<String, Class>, Vec<String>) {
    let mut classes = HashMap::new();
    let mut problems = Vec::new();
    for table in tables {
        match class_of_comment(table.comment.as_deref()) {
            Err(e) => problems.push(format!("{}: table comment: {e}", table.name)),
            Ok(Some(class)) => {
                if let Class::DistributedBy(column) = &class
                    && table
                        .columns
                        .get(column)
                        .is_none_or(|(_, not_null)| !not_null)
                {
                    problems.push(format!(
                        "{}: distributed by {column}, which is not a NOT NULL column",
                        table.name
                    ));
                }
                classes.insert(table.name.clone(), class);
            }
            Ok(None) => match table.columns.get("school_id") {
                Some((_, true)) => {
                    classes.insert(table.name.clone(), Class::School);
                }
                Some((_, false)) => problems.push(format!(
                    "{}: school_id may be NULL and the table is not classified",
                    table.name
                )),
                None => problems.push(format!(
                    "{}: no school_id and no `citus: ` comment saying what it is",
                    table.name
                )),
            },
        }
    }
    (classes, problems)
}

/// The column a table is distributed by, if it is distributed.
fn distribution_column(class: &Class) -> Option<&str> {
    match class {
        Class::School => Some("school_id"),
        Class::DistributedBy(column) => Some(column),
        Class::Reference | Class::Local => None,
    }
}

/// A foreign key: its name, its table, the table it refers to, and the column numbers
/// of each side, pair by pair.
type ForeignKey = (String, String, String, Vec<i16>, Vec<i16>);

/// What is wrong with the schema for a cluster distributed by school; empty when ready.
async fn schema_problems(pool: &PgPool) -> Vec<String> {
    let tables = tables(pool).await;
    let by_name: HashMap<&str, &Table> = tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let (classes, mut problems) = classes(&tables);

    // Primary keys, unique constraints, exclusion constraints and unique indexes (also
    // those made without a constraint): a shard checks them within itself only.
    let unique: Vec<(String, String, Vec<i16>)> = sqlx::query_as(
        "SELECT c.relname::text, i.indexrelid::regclass::text, ARRAY(SELECT unnest(i.indkey::int2[])) \
         FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indrelid \
         JOIN pg_namespace AS n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND i.indisunique \
         UNION \
         SELECT c.relname::text, k.conname::text, k.conkey \
         FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid \
         JOIN pg_namespace AS n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND k.contype IN ('p', 'u', 'x')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, key, columns) in unique {
        let (Some(t), Some(class)) = (by_name.get(table.as_str()), classes.get(&table)) else {
            continue;
        };
        if let Some(column) = distribution_column(class)
            && !t.column(column).is_some_and(|n| columns.contains(&n))
        {
            problems.push(format!("{table}: key {key} does not include {column}"));
        }
    }

    // Foreign keys: within a school (school_id against school_id), or to a reference
    // table.
    let foreign: Vec<ForeignKey> = sqlx::query_as(
        "SELECT k.conname::text, c.relname::text, r.relname::text, k.conkey, k.confkey \
         FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid \
         JOIN pg_class AS r ON r.oid = k.confrelid \
         JOIN pg_namespace AS n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND k.contype = 'f'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (name, from, to, from_columns, to_columns) in foreign {
        let (Some(from_table), Some(to_table)) =
            (by_name.get(from.as_str()), by_name.get(to.as_str()))
        else {
            continue;
        };
        let (Some(from_class), Some(to_class)) = (classes.get(&from), classes.get(&to)) else {
            continue;
        };
        let pairs: Vec<(String, String)> = from_columns
            .iter()
            .zip(&to_columns)
            .map(|(f, t)| (from_table.name_of(*f), to_table.name_of(*t)))
            .collect();
        let ok = match (from_class, to_class) {
            (_, Class::Reference) => true,
            (Class::School, Class::School) => pairs
                .iter()
                .any(|(f, t)| f == "school_id" && t == "school_id"),
            _ => false,
        };
        if !ok {
            problems.push(format!(
                "{from}: foreign key {name} ({from_class:?} -> {to} {to_class:?}) pairs {pairs:?}"
            ));
        }
    }

    // A distributed table without a primary key must still name its rows, or a shard
    // move (logical replication) cannot carry their updates and deletes.
    let with_primary_key: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid \
         JOIN pg_namespace AS n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND k.contype = 'p'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for table in &tables {
        let distributed = classes
            .get(&table.name)
            .is_some_and(|c| distribution_column(c).is_some());
        if distributed
            && !with_primary_key.contains(&table.name)
            && !matches!(table.replica_identity.as_str(), "f" | "i")
        {
            problems.push(format!(
                "{}: no primary key and no replica identity (FULL or an index)",
                table.name
            ));
        }
    }
    problems.sort();
    problems
}

/// Indexes of school tables that serve queries across schools and so do not start with
/// school_id, each for a reason.
const ACROSS_SCHOOLS: &[(&str, &str)] = &[
    (
        "messages_search_idx",
        "GIN: cannot start with school_id without btree_gin; joined with the copies",
    ),
    (
        "outbox_next_attempt_at_id_idx",
        "which schools have mail due: read without locks, then claimed per school",
    ),
    (
        "known_devices_last_used_at_idx",
        "the periodic purge of devices unused for months, in every school at once",
    ),
    (
        "sessions_token_hash_idx",
        "finds sessions of tokens issued before their school was in the token",
    ),
    (
        "calendar_feeds_token_hash_idx",
        "a calendar app fetches a feed by its token alone: the link names no school",
    ),
];

/// Indexes of school tables whose first column is not school_id, but for the
/// documented exceptions.
async fn index_problems(pool: &PgPool) -> Vec<String> {
    let tables = tables(pool).await;
    let (classes, _) = classes(&tables);
    let indexes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT c.relname::text, x.relname::text, coalesce(a.attname::text, '(expression)') \
         FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indrelid \
         JOIN pg_class AS x ON x.oid = i.indexrelid \
         JOIN pg_namespace AS n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] \
         WHERE n.nspname = current_schema()",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut problems: Vec<String> = indexes
        .into_iter()
        .filter(|(table, _, _)| classes.get(table) == Some(&Class::School))
        .filter(|(_, index, first)| {
            first != "school_id" && !ACROSS_SCHOOLS.iter().any(|(name, _)| name == index)
        })
        .map(|(table, index, first)| format!("{table}: index {index} starts with {first}"))
        .collect();
    problems.sort();
    problems
}

#[tokio::test]
async fn every_table_is_a_school_table_or_classified_and_every_key_holds_school_id() {
    let db = fresh_database().await;
    let problems = schema_problems(db.pool()).await;
    assert!(
        problems.is_empty(),
        "not ready for Citus:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn indexes_of_school_tables_start_with_school_id_but_the_documented_ones() {
    let db = fresh_database().await;
    let problems = index_problems(db.pool()).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn the_catalogue_check_finds_a_key_a_foreign_key_and_a_table_that_break_the_rules() {
    // The check itself can fail: a table with a key without school_id, a foreign key
    // that crosses schools, and a table that is neither per school nor classified.
    let db = fresh_database().await;
    sqlx::raw_sql(
        "CREATE TABLE notes (school_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid, \
           CONSTRAINT notes_pkey PRIMARY KEY (id), \
           CONSTRAINT notes_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES notes (id)); \
         CREATE TABLE counters (key text PRIMARY KEY, n integer NOT NULL); \
         CREATE TABLE hits (key text PRIMARY KEY, school_id uuid NOT NULL); \
         COMMENT ON TABLE hits IS 'citus: distributed by key'; \
         CREATE UNIQUE INDEX hits_school_id_key ON hits (school_id);",
    )
    .execute(db.pool())
    .await
    .unwrap();
    let problems = schema_problems(db.pool()).await;
    let found = |what: &str| problems.iter().any(|p| p.contains(what));
    assert!(
        found("notes: key notes_pkey does not include school_id"),
        "{problems:#?}"
    );
    assert!(
        found("notes: foreign key notes_parent_id_fkey"),
        "{problems:#?}"
    );
    assert!(found("counters: no school_id"), "{problems:#?}");
    assert!(
        found("hits: key hits_school_id_key does not include key"),
        "{problems:#?}"
    );
}

// ---- Row locks in the adapter's SQL ----

/// The row-locking clauses of PostgreSQL.
const LOCKS: &[&str] = &[
    "FOR UPDATE",
    "FOR NO KEY UPDATE",
    "FOR SHARE",
    "FOR KEY SHARE",
];

/// The contents of the string literals of Rust source, outside comments: every SQL
/// statement of the adapter is one literal (`\` continues it on the next line, which
/// drops the next line's leading blanks, as Rust does).
fn string_literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            // A char literal such as '"' or '\'' (not a lifetime: a quote two or three on).
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
            '\'' if chars.get(i + 1) == Some(&'\\') && chars.get(i + 3) == Some(&'\'') => i += 4,
            'r' if matches!(chars.get(i + 1), Some('"' | '#'))
                && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')) =>
            {
                let mut hashes = 0;
                let mut j = i + 1;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    i += 1;
                    continue;
                }
                j += 1;
                let start = j;
                let end = loop {
                    if j >= chars.len() {
                        break j;
                    }
                    if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                        break j;
                    }
                    j += 1;
                };
                out.push(chars[start..end.min(chars.len())].iter().collect());
                i = end + 1 + hashes;
            }
            '"' => {
                let mut text = String::new();
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        match chars.get(j + 1) {
                            Some('\n') => {
                                j += 2;
                                while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                                    j += 1;
                                }
                                continue;
                            }
                            Some(c) => {
                                text.push(match c {
                                    'n' => '\n',
                                    't' => '\t',
                                    other => *other,
                                });
                                j += 2;
                                continue;
                            }
                            None => break,
                        }
                    }
                    text.push(chars[j]);
                    j += 1;
                }
                out.push(text);
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The production source of a file: what comes before its first test module (test
/// modules close this crate's files; their assertions quote SQL, they are not SQL).
fn production_part(source: &str) -> &str {
    let cut = ["#[cfg(test)]", "#[cfg(all(test"]
        .iter()
        .filter_map(|marker| source.find(marker))
        .min()
        .unwrap_or(source.len());
    &source[..cut]
}

/// The row locks of some source that are not bound to one school: for each lock clause
/// in a literal, the locked query (from its nearest `SELECT` on) must name the school:
/// `school_id = $n`, or `schools WHERE id = $n` for the school's own row.
fn unbound_locks(file: &str, source: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for literal in string_literals(production_part(source)) {
        let flat = literal.split_whitespace().collect::<Vec<_>>().join(" ");
        for lock in LOCKS {
            let mut from = 0;
            while let Some(at) = flat[from..].find(lock).map(|i| i + from) {
                from = at + lock.len();
                let query = flat[..at].rfind("SELECT").map(|s| &flat[s..at]);
                let bound = query.is_some_and(|q| {
                    ["school_id = $", "schools WHERE id = $"]
                        .iter()
                        .any(|needle| {
                            q.match_indices(needle).any(|(i, n)| {
                                q[i + n.len()..].starts_with(|c: char| c.is_ascii_digit())
                            })
                        })
                });
                if !bound {
                    problems.push(format!(
                        "{file}: `{lock}` not bound to one school in {flat:?}"
                    ));
                }
            }
        }
    }
    problems
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_row_lock_of_the_adapter_is_bound_to_one_school() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut locks = 0;
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let literals = string_literals(production_part(&source));
        locks += literals
            .iter()
            .map(|l| LOCKS.iter().filter(|k| l.contains(*k)).count())
            .sum::<usize>();
        problems.extend(unbound_locks(&file.display().to_string(), &source));
    }
    // The scan reads SQL at all: the adapter locks rows in several places.
    assert!(locks >= 3, "only {locks} row locks found in {files:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_lock_scan_tells_a_bound_lock_from_an_unbound_one() {
    let source = r#"
        // FOR UPDATE in a comment is no query.
        const A: &str = "SELECT 1 FROM groups WHERE school_id = $1 AND id = $2 FOR UPDATE";
        const B: &str = "WITH due AS (SELECT id FROM outbox \
            WHERE status = 'waiting' ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED) \
            UPDATE outbox SET x = 1 WHERE school_id = $1";
        const C: &str = concat!("SELECT 1 FROM schools WHERE id = $1 FOR NO KEY UPDATE");
        let c = '"';
        #[cfg(test)]
        mod tests { const D: &str = "SELECT 1 FROM t FOR SHARE"; }
    "#;
    let problems = unbound_locks("x.rs", source);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("FROM outbox"), "{problems:#?}");
}
