//! The dependency rule of docs/architecture.md, read from `cargo metadata`: domain crates
//! know no database, network or web framework and depend on the kernel only, never on
//! another domain crate; adapters never depend on each other.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashMap};

use cargo_metadata::{DependencyKind, MetadataCommand, Package};

const DOMAIN: &[&str] = &[
    "schoolbrug-kernel",
    "schoolbrug-accounts",
    "schoolbrug-messaging",
    "schoolbrug-calendar",
    "schoolbrug-attendance",
    "schoolbrug-documents",
];
const ADAPTERS: &[&str] = &[
    "schoolbrug-store-sqlite",
    "schoolbrug-store-postgres",
    "schoolbrug-blob-store",
    "schoolbrug-mail-smtp",
    "schoolbrug-oidc",
    "schoolbrug-http",
];
const IO_CRATES: &[&str] = &[
    "sqlx",
    "axum",
    "hyper",
    "lettre",
    "object_store",
    "reqwest",
    "openidconnect",
    "tower",
    "tower-http",
    "askama",
];
/// tokio features that do I/O; a domain crate may use tokio only for `sync` and `rt`.
const TOKIO_IO_FEATURES: &[&str] = &[
    "net", "fs", "io-util", "io-std", "process", "signal", "full",
];

fn workspace() -> (HashMap<String, Package>, cargo_metadata::Metadata) {
    let metadata = MetadataCommand::new()
        .manifest_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
        .exec()
        .expect("cargo metadata");
    let members: HashMap<String, Package> = metadata
        .workspace_packages()
        .into_iter()
        .map(|p| (p.name.to_string(), p.clone()))
        .collect();
    (members, metadata)
}

/// Every crate a package pulls in at run time (normal dependencies, transitively). The
/// resolved graph unifies features across the workspace, so tokio looks as if it had
/// every feature everywhere; it is not followed here but checked by its declared
/// features in the next test.
fn runtime_closure(metadata: &cargo_metadata::Metadata, root: &Package) -> BTreeSet<String> {
    let resolve = metadata.resolve.as_ref().expect("resolved graph");
    let nodes: HashMap<_, _> = resolve.nodes.iter().map(|n| (n.id.clone(), n)).collect();
    let names: HashMap<_, _> = metadata
        .packages
        .iter()
        .map(|p| (p.id.clone(), p.name.to_string()))
        .collect();
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.id.clone()];
    let mut visited = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !visited.insert(id.clone()) {
            continue;
        }
        let Some(node) = nodes.get(&id) else { continue };
        for dep in &node.deps {
            let runtime = dep
                .dep_kinds
                .iter()
                .any(|k| k.kind == DependencyKind::Normal);
            if runtime {
                let name = names[&dep.pkg].clone();
                if name != "tokio" {
                    stack.push(dep.pkg.clone());
                }
                seen.insert(name);
            }
        }
    }
    seen
}

#[test]
fn domain_crates_depend_on_no_io_crate() {
    let (members, metadata) = workspace();
    let mut violations = Vec::new();
    for name in DOMAIN {
        let Some(package) = members.get(*name) else {
            continue;
        };
        let closure = runtime_closure(&metadata, package);
        for io in IO_CRATES {
            if closure.contains(*io) {
                violations.push(format!("{name} pulls in {io}"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "dependency rule broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn domain_crates_use_tokio_only_for_sync_and_blocking_tasks() {
    let (members, _) = workspace();
    let mut violations = Vec::new();
    for name in DOMAIN {
        let Some(package) = members.get(*name) else {
            continue;
        };
        for dep in &package.dependencies {
            if dep.name == "tokio" && dep.kind == DependencyKind::Normal {
                for feature in &dep.features {
                    if TOKIO_IO_FEATURES.contains(&feature.as_str()) {
                        violations.push(format!("{name} enables tokio/{feature}"));
                    }
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "dependency rule broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn adapters_never_depend_on_each_other() {
    let (members, _) = workspace();
    let mut violations = Vec::new();
    for name in ADAPTERS {
        let Some(package) = members.get(*name) else {
            continue;
        };
        for dep in &package.dependencies {
            if dep.kind == DependencyKind::Normal
                && ADAPTERS.contains(&dep.name.as_str())
                && dep.name != *name
            {
                violations.push(format!("{name} depends on {}", dep.name));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "dependency rule broken:\n{}",
        violations.join("\n")
    );
}

/// What a domain crate depends on of ours besides the kernel and itself, in any kind of
/// dependency: a test or a contract suite that needs another module is a port and a seed
/// of its own, not that module.
fn other_modules_of(name: &str, dependencies: &[(&str, DependencyKind)]) -> Vec<String> {
    dependencies
        .iter()
        .filter(|(dep, _)| DOMAIN.contains(dep) && *dep != "schoolbrug-kernel" && *dep != name)
        .map(|(dep, kind)| format!("{name} depends on {dep} ({kind:?})"))
        .collect()
}

#[test]
fn domain_crates_depend_on_the_kernel_and_no_other_module() {
    let (members, _) = workspace();
    let mut violations = Vec::new();
    for name in DOMAIN {
        let Some(package) = members.get(*name) else {
            continue;
        };
        let dependencies: Vec<(&str, DependencyKind)> = package
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.kind))
            .collect();
        violations.extend(other_modules_of(name, &dependencies));
    }
    assert!(
        violations.is_empty(),
        "dependency rule broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn a_domain_crate_depending_on_another_module_is_caught_in_every_kind_of_dependency() {
    for kind in [
        DependencyKind::Normal,
        DependencyKind::Development,
        DependencyKind::Build,
    ] {
        let found = other_modules_of(
            "schoolbrug-messaging",
            &[
                ("schoolbrug-kernel", DependencyKind::Normal),
                ("schoolbrug-messaging", DependencyKind::Development),
                ("schoolbrug-accounts", kind),
            ],
        );
        assert_eq!(found.len(), 1, "{kind:?}: {found:?}");
        assert!(found[0].contains("schoolbrug-accounts"));
    }
}

#[test]
fn the_kernel_depends_on_nothing_of_ours() {
    let (members, _) = workspace();
    let kernel = &members["schoolbrug-kernel"];
    let ours: Vec<_> = kernel
        .dependencies
        .iter()
        .filter(|d| d.name.starts_with("schoolbrug") && d.kind == DependencyKind::Normal)
        .map(|d| d.name.clone())
        .collect();
    assert!(ours.is_empty(), "kernel depends on {ours:?}");
}

#[test]
fn every_domain_crate_is_checked() {
    let (members, _) = workspace();
    for name in members.keys() {
        let known = DOMAIN.contains(&name.as_str())
            || ADAPTERS.contains(&name.as_str())
            || ["schoolbrug", "schoolbrug-tests"].contains(&name.as_str());
        assert!(
            known,
            "{name} is in neither list: add it to DOMAIN or ADAPTERS in this test"
        );
    }
}
