//! The one rule for an e-mail address every module accepts: exactly one bare mailbox
//! (`local@domain.tld`). A list (`a@b.c,victim@evil.example`), a display name
//! (`Name <a@b.c>`), a quoted local part, whitespace or a control character is refused
//! when it is typed, so that it can never reach a mail header or fail later at send time.

use crate::FieldError;

/// The longest address SMTP carries (RFC 5321: a 256-octet path less the brackets).
const MAX_LEN: usize = 254;
/// The longest local part (RFC 5321).
const MAX_LOCAL: usize = 64;
/// The longest domain label (RFC 1035).
const MAX_LABEL: usize = 63;

/// Parses one mailbox typed into `field`: trimmed, refused with a `FieldError` on `field`.
///
/// Codes: `not_one_address` for a list or a display name (`,`, `;`, `<`, `>`), `invalid`
/// for anything else that is not one bare `local@domain.tld`.
///
/// # Errors
/// The `FieldError` saying why.
pub fn parse_mailbox(field: &str, raw: &str) -> Result<String, FieldError> {
    let e = raw.trim();
    if e.chars().any(|c| matches!(c, ',' | ';' | '<' | '>')) {
        return Err(FieldError::new(
            field,
            "not_one_address",
            "one e-mail address only, without a name or a second address",
        ));
    }
    if is_mailbox(e) {
        Ok(e.to_owned())
    } else {
        Err(FieldError::new(
            field,
            "invalid",
            "not an e-mail address (like name@school.example)",
        ))
    }
}

fn is_mailbox(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    e.len() <= MAX_LEN && is_local_part(local) && is_domain(domain)
}

/// A dot-atom (RFC 5322) local part; letters beyond ASCII are allowed (RFC 6531).
fn is_local_part(local: &str) -> bool {
    let atom_char = |c: char| {
        c.is_alphanumeric()
            || matches!(
                c,
                '!' | '#'
                    | '$'
                    | '%'
                    | '&'
                    | '\''
                    | '*'
                    | '+'
                    | '-'
                    | '/'
                    | '='
                    | '?'
                    | '^'
                    | '_'
                    | '`'
                    | '{'
                    | '|'
                    | '}'
                    | '~'
            )
    };
    !local.is_empty()
        && local.len() <= MAX_LOCAL
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atom_char))
}

/// A host name with at least two labels of letters, digits and inner hyphens.
fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= MAX_LABEL
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::parse_mailbox;

    fn code(raw: &str) -> Option<String> {
        parse_mailbox("email", raw).err().map(|e| e.code)
    }

    #[test]
    fn one_bare_mailbox_is_accepted_trimmed() {
        for ok in [
            "an@example.org",
            " els.peeters+school@mail.example.be ",
            "o'brien@sub.example.co.uk",
            "zoë@exämple.be",
        ] {
            assert_eq!(parse_mailbox("email", ok), Ok(ok.trim().to_owned()), "{ok}");
        }
    }

    #[test]
    fn a_list_or_a_display_name_is_refused_as_not_one_address() {
        for list in [
            "a@b.c,victim@evil.example",
            "a@b.c;victim@evil.example",
            "Els <els@example.org>",
            "<els@example.org>",
        ] {
            assert_eq!(code(list).as_deref(), Some("not_one_address"), "{list}");
        }
    }

    #[test]
    fn whitespace_control_characters_quotes_and_malformed_addresses_are_invalid() {
        for bad in [
            "",
            "geen adres",
            "a@b.c victim@evil.example",
            "a@b.c\nBcc: victim@evil.example",
            "a\u{0}@b.c",
            "\"a b\"@example.org",
            "\"a\"@example.org",
            "a@@example.org",
            "a@b@example.org",
            "@example.org",
            "a@example",
            "a@.example.org",
            "a@example.org.",
            "a@-example.org",
            ".a@example.org",
            "a..b@example.org",
            "a(comment)@example.org",
            "a@[127.0.0.1]",
            "a\\b@example.org",
        ] {
            assert_eq!(code(bad).as_deref(), Some("invalid"), "{bad:?}");
        }
    }

    #[test]
    fn overlong_addresses_are_invalid() {
        let long_local = format!("{}@example.org", "a".repeat(65));
        let long_total = format!("a@{}.org", "b.".repeat(130));
        assert_eq!(code(&long_local).as_deref(), Some("invalid"));
        assert_eq!(code(&long_total).as_deref(), Some("invalid"));
    }
}
