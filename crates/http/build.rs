//! Finds the pages' translation files, `locales/<language>/<module>.ftl`, checks their
//! syntax, and writes `$OUT_DIR/locales.rs`: every language with its files, compiled into
//! the binary with `include_str!`. A new language is a new folder: this script finds it,
//! and Cargo runs it again whenever anything under `locales/` changes (a directory given
//! to `rerun-if-changed` is scanned whole), so no Rust code names the languages.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The language pages fall back on; its folder must exist. Keep in step with
/// `src/core/i18n/mod.rs`, which documents it.
const DEFAULT_LANGUAGE: &str = "nl";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    if let Err(problems) = run() {
        // A build script reports through its exit: the message names each file and line.
        eprintln!("\nThe translation files under crates/http/locales have problems:\n");
        for problem in &problems {
            eprintln!("  {problem}");
        }
        eprintln!("\nSee crates/http/locales/README.md.\n");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Vec<String>> {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or_else(no_env)?);
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or_else(no_env)?);
    let root = manifest.join("locales");
    let mut problems = Vec::new();
    let mut languages = Vec::new();
    for dir in sorted_entries(&root).map_err(|e| vec![e])? {
        if !dir.is_dir() {
            continue;
        }
        let code = file_name(&dir);
        if !is_language_code(&code) {
            problems.push(format!(
                "locales/{code}: a language folder is named by its language code in lowercase \
                 (2 or 3 letters, e.g. fr), like the nl and en folders"
            ));
            continue;
        }
        let mut files = Vec::new();
        for file in sorted_entries(&dir).map_err(|e| vec![e])? {
            if file.extension().is_none_or(|e| e != "ftl") {
                continue;
            }
            let module = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match fs::read_to_string(&file) {
                Ok(source) => check_syntax(&format!("locales/{code}/{module}.ftl"), &source)
                    .unwrap_or_else(|mut found| problems.append(&mut found)),
                Err(e) => problems.push(format!("locales/{code}/{module}.ftl: {e}")),
            }
            files.push((module, file));
        }
        languages.push((code, files));
    }
    // The default language comes first: `Lang::default()` is the first language.
    match languages
        .iter()
        .position(|(code, _)| code == DEFAULT_LANGUAGE)
    {
        Some(at) => {
            let default = languages.remove(at);
            languages.insert(0, default);
        }
        None => problems.push(format!(
            "locales/{DEFAULT_LANGUAGE}: the default language's folder is missing"
        )),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut code = String::from(
        "// Written by build.rs from the folders under locales/.\n\
         /// Every language's code and its files: (module, the file's text). The default first.\n\
         pub static LANGUAGES: &[(&str, &[(&str, &str)])] = &[\n",
    );
    for (lang, files) in &languages {
        let _ = writeln!(code, "    ({lang:?}, &[");
        for (module, path) in files {
            let _ = writeln!(code, "        ({module:?}, include_str!({path:?})),");
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    fs::write(out.join("locales.rs"), code).map_err(|e| vec![format!("writing locales.rs: {e}")])
}

/// Parses one file; each syntax error becomes "file:line: what".
fn check_syntax(name: &str, source: &str) -> Result<(), Vec<String>> {
    match fluent_syntax::parser::parse(source) {
        Ok(_) => Ok(()),
        Err((_, errors)) => Err(errors
            .iter()
            .map(|e| {
                let line = source[..e.pos.start.min(source.len())]
                    .matches('\n')
                    .count()
                    + 1;
                format!("{name}, near line {line}: {e}")
            })
            .collect()),
    }
}

fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries = fs::read_dir(dir)
        .and_then(|it| {
            it.map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<_>, _>>()
        })
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn no_env() -> Vec<String> {
    vec!["Cargo did not set CARGO_MANIFEST_DIR and OUT_DIR".to_owned()]
}
