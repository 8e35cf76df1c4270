//! One [`OutgoingMail`] as an RFC 5322 message and its SMTP envelope.

use lettre::address::Envelope;
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, Message};
use schoolbrug_kernel::mail::{MailError, OutgoingMail};

/// The bytes to send and whom to send them to.
pub(crate) struct Prepared {
    pub envelope: Envelope,
    pub bytes: Vec<u8>,
}

/// Builds the message: `Message-ID`, `Date`, `From` (with display name), `To` (the one
/// recipient), `Subject`, `MIME-Version` and a `multipart/alternative` body with a
/// UTF-8 `text/plain` and `text/html` part. No `Cc`, no `Bcc`, no other header. The
/// bytes are 7-bit (headers RFC 2047-encoded, bodies quoted-printable or base64 where they
/// are not ASCII), so no server extension is needed.
///
/// # Errors
/// [`MailError::Permanent`] for anything a retry cannot fix: an invalid recipient or
/// sender address or `Message-ID`.
pub(crate) fn prepare(mail: &OutgoingMail, default_from: &Address) -> Result<Prepared, MailError> {
    let to: Address = mail.to.trim().parse().map_err(|e| {
        MailError::Permanent(format!("invalid recipient address {:?}: {e}", mail.to))
    })?;
    let from: Address = match mail.from_address.as_deref().map(str::trim) {
        Some(own) if !own.is_empty() => own
            .parse()
            .map_err(|e| MailError::Permanent(format!("invalid sender address {own:?}: {e}")))?,
        _ => default_from.clone(),
    };
    check_message_id(&mail.message_id)?;

    let name = one_line(&mail.from_name);
    let from_mailbox = Mailbox::new((!name.is_empty()).then_some(name), from.clone());
    let message = Message::builder()
        .message_id(Some(format!("<{}>", mail.message_id)))
        .from(from_mailbox)
        .to(Mailbox::new(None, to.clone()))
        .subject(one_line(&mail.subject))
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| MailError::Permanent(format!("cannot build the mail: {e}")))?;
    // The envelope is set by hand, not derived from the headers: one sender, one recipient.
    let envelope = Envelope::new(Some(from), vec![to])
        .map_err(|e| MailError::Permanent(format!("cannot build the envelope: {e}")))?;
    Ok(Prepared {
        envelope,
        bytes: message.formatted(),
    })
}

/// `id-left "@" id-right` of RFC 5322 without the angle brackets: printable ASCII, no
/// spaces or brackets, one `@` with something on both sides.
fn check_message_id(id: &str) -> Result<(), MailError> {
    let printable = id
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'\\'));
    let shaped = matches!(id.split_once('@'), Some((left, right))
        if !left.is_empty() && !right.is_empty() && !right.contains('@'));
    if printable && shaped && id.len() <= 250 {
        Ok(())
    } else {
        Err(MailError::Permanent(format!(
            "invalid Message-ID {id:?}: expected `left@right` in printable ASCII without brackets"
        )))
    }
}

/// A header value on one line: control characters (CR, LF, TAB …) become spaces, so no
/// text can start a header of its own.
fn one_line(value: &str) -> String {
    let replaced: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    replaced.trim().to_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn mail() -> OutgoingMail {
        OutgoingMail {
            school: schoolbrug_kernel::SchoolId::new(),
            message_id: "0190c6b2-7d8e-7f00-8000-000000000001@schoolbrug.example".to_owned(),
            from_name: "Els Claes via Sint-Jan".to_owned(),
            from_address: None,
            to: "ouder@example.org".to_owned(),
            subject: "Uitstap naar Brussel – vrijdag".to_owned(),
            text: "Beste ouder,\n\nVrijdag gaan we naar Brussel.\n".to_owned(),
            html: "<p>Beste ouder,</p><p>Vrijdag gaan we naar Brussel.</p>".to_owned(),
        }
    }

    fn default_from() -> Address {
        "noreply@schoolbrug.example".parse().unwrap()
    }

    #[test]
    fn message_is_seven_bit_with_the_stable_message_id() {
        let p = prepare(&mail(), &default_from()).unwrap();
        let raw = String::from_utf8(p.bytes).unwrap();
        assert!(raw.is_ascii());
        assert!(
            raw.contains(
                "Message-ID: <0190c6b2-7d8e-7f00-8000-000000000001@schoolbrug.example>\r\n"
            )
        );
        assert!(raw.contains("multipart/alternative"));
        assert_eq!(p.envelope.to().len(), 1);
        assert_eq!(
            p.envelope.from().map(ToString::to_string).as_deref(),
            Some("noreply@schoolbrug.example")
        );
    }
}
