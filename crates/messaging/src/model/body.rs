//! A message's subject and body: validated on the way in, rendered safely on the way out.

use schoolbrug_kernel::FieldError;

/// A subject: required, trimmed, not blank, at most 200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject(String);

impl Subject {
    /// The longest subject.
    pub const MAX_CHARS: usize = 200;

    /// Parses a subject.
    ///
    /// # Errors
    /// A [`FieldError`] on `subject`: `blank` or `too_long`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(
                "subject",
                "blank",
                "a message needs a short, clear subject",
            ));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                "subject",
                "too_long",
                "at most 200 characters",
            ));
        }
        if s.chars().any(char::is_control) {
            return Err(FieldError::new(
                "subject",
                "invalid",
                "a subject is one line of text",
            ));
        }
        Ok(Self(s.to_owned()))
    }

    /// The subject.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A body: plain text, at most 100 kB (UTF-8 bytes); may be empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Body(String);

impl Body {
    /// The largest body in bytes.
    pub const MAX_BYTES: usize = 100 * 1024;

    /// Parses a body; line endings are normalised to `\n`.
    ///
    /// # Errors
    /// A [`FieldError`] on `body`: `too_large`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.len() > Self::MAX_BYTES {
            return Err(FieldError::new(
                "body",
                "too_large",
                "at most 100 kB of text",
            ));
        }
        Ok(Self(raw.replace("\r\n", "\n")))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>\n"),
            _ => out.push(c),
        }
    }
}

/// Renders a plain-text body as HTML: everything escaped, line breaks kept, and
/// `http(s)://` links made clickable (opening without a referrer).
#[must_use]
pub fn render_body_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while let Some(start) = find_link(rest) {
        escape(&rest[..start], &mut out);
        let link = &rest[start..];
        let end = link
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
            .unwrap_or(link.len());
        // Trailing punctuation belongs to the sentence, not the link.
        let trimmed = link[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        let url = if trimmed.len() > "https://".len() {
            trimmed
        } else {
            &link[..end]
        };
        out.push_str("<a href=\"");
        escape(url, &mut out);
        out.push_str("\" rel=\"noopener noreferrer nofollow\">");
        escape(url, &mut out);
        out.push_str("</a>");
        rest = &link[url.len()..];
    }
    escape(rest, &mut out);
    out
}

fn find_link(text: &str) -> Option<usize> {
    let http = text.find("http://");
    let https = text.find("https://");
    match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_subject_is_refused() {
        assert_eq!(Subject::parse("   ").unwrap_err().code, "blank");
    }

    #[test]
    fn a_subject_is_trimmed_and_at_most_200_characters() {
        assert_eq!(Subject::parse("  Uitstap  ").unwrap().as_str(), "Uitstap");
        assert!(Subject::parse(&"é".repeat(200)).is_ok());
        assert_eq!(
            Subject::parse(&"é".repeat(201)).unwrap_err().code,
            "too_long"
        );
    }

    #[test]
    fn a_body_over_100_kb_is_refused() {
        assert!(Body::parse(&"a".repeat(100 * 1024)).is_ok());
        assert_eq!(
            Body::parse(&"a".repeat(100 * 1024 + 1)).unwrap_err().code,
            "too_large"
        );
    }

    #[test]
    fn html_in_a_body_is_escaped() {
        let html = render_body_html("<script>alert('x')</script> & co");
        assert_eq!(
            html,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"
        );
    }

    #[test]
    fn links_become_clickable_without_their_trailing_period() {
        let html = render_body_html("Zie https://school.be/uitstap.\nTot dan");
        assert_eq!(
            html,
            "Zie <a href=\"https://school.be/uitstap\" rel=\"noopener noreferrer nofollow\">https://school.be/uitstap</a>.<br>\nTot dan"
        );
    }

    #[test]
    fn a_javascript_link_is_never_made_clickable() {
        let html = render_body_html("javascript:alert(1) and \"https://x.be/a\"onmouseover=1");
        assert!(!html.contains("href=\"javascript"));
        assert!(!html.contains("\"onmouseover"));
    }
}
