//! The server's log: text on stderr by default, one JSON object per line with
//! `SCHOOLBRUG_LOG_FORMAT=json`. Text logs escape every control character in every field
//! and message (`\n`, `\r`, `\u{1b}`…): text a user typed, a name or a mail body, cannot
//! start a forged log line or drive the terminal. JSON escapes them by itself.

use std::fmt::Write as _;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::field::MakeExt as _;
use tracing_subscriber::field::delimited::Delimited;
use tracing_subscriber::fmt::format::{FieldFn, Writer, debug_fn};

/// Starts logging to stderr.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("SCHOOLBRUG_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.fmt_fields(escaping_fields()).init();
    }
}

type FieldFormatter =
    fn(&mut Writer<'_>, &tracing::field::Field, &dyn std::fmt::Debug) -> std::fmt::Result;

/// The text format's fields as the default formatter writes them (`message name=value …`),
/// with control characters escaped.
pub fn escaping_fields() -> Delimited<&'static str, FieldFn<FieldFormatter>> {
    let field: FieldFormatter = |writer, field, value| {
        let raw = format!("{value:?}");
        let escaped = escape_controls(&raw);
        if field.name() == "message" {
            write!(writer, "{escaped}")
        } else {
            write!(writer, "{field}={escaped}")
        }
    };
    debug_fn(field).delimited(" ")
}

/// `raw` with each control character written as its Rust escape.
fn escape_controls(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_control() {
            let _ = write!(out, "{}", c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::escaping_fields;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn no_field_or_message_starts_a_new_text_log_line() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .fmt_fields(escaping_fields())
            .with_writer(move || writer.clone())
            .finish();
        let forged = "\n2026-01-01T00:00:00Z  INFO fake line";

        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(school = %format!("sint-jan{forged}"), name = ?"x\ry", "signed in{forged}");
        });

        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert_eq!(log.lines().count(), 1, "{log}");
        assert!(
            log.contains(r"signed in\n2026-01-01T00:00:00Z  INFO fake line"),
            "{log}"
        );
        assert!(log.contains(r"school=sint-jan\n2026-01-01"), "{log}");
        assert!(log.contains(r#"name="x\ry""#), "{log}");
    }
}
