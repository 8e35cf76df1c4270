//! The translation files, compiled in by `build.rs`, as one Fluent bundle per language,
//! read once on first use; and the one place a text is looked up, where a missing or
//! broken text is reported loudly.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

use super::texts::Texts;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// Every language's code and files, `(module, text)`; the default language first.
pub(super) use generated::LANGUAGES;

/// The bundles, by the language's place in [`LANGUAGES`].
pub(super) static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);

/// The fixed texts, by the language's place in [`LANGUAGES`]; built once, so a page reads
/// plain `&'static str` fields as it did when the texts were Rust tables.
pub(super) static TEXTS: LazyLock<Vec<Texts>> = LazyLock::new(|| {
    let catalog: &'static Catalog = &CATALOG;
    (0..LANGUAGES.len())
        .map(|lang| {
            Texts::build(|id| match catalog.format(lang, id, None) {
                Cow::Borrowed(text) => text,
                // A one-line text borrows from its file; another (a text over several
                // lines) is made once per language and process, so it is kept for good.
                Cow::Owned(text) => String::leak(text),
            })
        })
        .collect()
});

/// One bundle per language: all of that language's files.
pub(super) struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
}

/// Why a text could not be given.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TextError {
    /// No file of the language has the message, or it has no value.
    Missing { lang: &'static str, id: String },
    /// The message exists but did not format (e.g. it names a variable the code does not
    /// give); the text would show `{$name}`.
    Broken {
        lang: &'static str,
        id: String,
        errors: String,
    },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Missing { lang, id } => {
                write!(f, "the text {id:?} is missing in locales/{lang}/")
            }
            TextError::Broken { lang, id, errors } => {
                write!(f, "the text {id:?} in locales/{lang}/ is broken: {errors}")
            }
        }
    }
}

impl Catalog {
    fn load() -> Self {
        let bundles = LANGUAGES
            .iter()
            .map(|(code, files)| {
                let id = code.parse::<LanguageIdentifier>().unwrap_or_else(|e| {
                    report(&format_args!("locales/{code}: not a language code: {e}"));
                    LanguageIdentifier::default()
                });
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Fluent wraps each value it puts into a text in invisible Unicode
                // isolation marks (FSI … PDI), so that a right-to-left name cannot turn a
                // left-to-right sentence around. Our languages are left-to-right and the
                // values are names, numbers and dates; the marks would only reach pages,
                // form errors and e-mail subjects as invisible characters that break
                // copying, searching and the tests' text comparisons.
                bundle.set_use_isolating(false);
                for (module, source) in *files {
                    let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(
                        |(resource, errors)| {
                            report(&format_args!("locales/{code}/{module}.ftl: {errors:?}"));
                            resource
                        },
                    );
                    if let Err(errors) = bundle.add_resource(resource) {
                        report(&format_args!(
                            "locales/{code}/{module}.ftl repeats ids of another file: {errors:?}"
                        ));
                    }
                }
                bundle
            })
            .collect();
        Catalog { bundles }
    }

    /// The text `id` in the language at `lang`, formatted with `args`.
    pub(super) fn try_format(
        &'static self,
        lang: usize,
        id: &str,
        args: Option<&FluentArgs<'_>>,
    ) -> Result<Cow<'static, str>, TextError> {
        let code = LANGUAGES.get(lang).map_or("?", |(code, _)| *code);
        let missing = || TextError::Missing {
            lang: code,
            id: id.to_owned(),
        };
        let bundle = self.bundles.get(lang).ok_or_else(missing)?;
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(missing)?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if errors.is_empty() {
            Ok(text)
        } else {
            Err(TextError::Broken {
                lang: code,
                id: id.to_owned(),
                errors: format!("{errors:?}"),
            })
        }
    }

    /// The text `id`; a missing or broken one is reported (see [`report`]) and replaced by
    /// the default language's, or at worst by its id.
    pub(super) fn format(
        &'static self,
        lang: usize,
        id: &str,
        args: Option<&FluentArgs<'_>>,
    ) -> Cow<'static, str> {
        self.try_format(lang, id, args).unwrap_or_else(|error| {
            report(&error);
            if lang == 0 {
                Cow::Owned(id.to_owned())
            } else {
                self.try_format(0, id, args)
                    .unwrap_or_else(|_| Cow::Owned(id.to_owned()))
            }
        })
    }
}

/// A translation problem is a bug: the tests hold every language complete. It panics in
/// debug builds (every test, `cargo run`), so it cannot pass unseen as a page showing an
/// id; a release build logs it and keeps serving the page.
fn report(problem: &dyn fmt::Display) {
    tracing::error!(%problem, "a page text is missing or broken");
    if cfg!(debug_assertions) {
        panic!("{problem}");
    }
}
