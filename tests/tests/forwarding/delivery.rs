//! What a parent receives: one mail per message, with nothing of the other parents.

use std::collections::BTreeSet;
use std::time::Duration;

use mail_parser::MessageParser;
use schoolbrug_tests::smtp::{Received, SmtpServer};
use serde_json::json;

use crate::helpers::{arrivals, eventually, forwarded};
use crate::school::{MAIL_FROM, PUBLIC_URL, School, TEACHER};

#[tokio::test]
async fn a_parent_gets_one_mail_per_message_from_the_teacher_and_nothing_of_the_other_parents() {
    let smtp = SmtpServer::start().await;
    let school = School::open(&smtp, 3, &[]).await;
    let to_class = json!([{ "group": school.class, "audience": "co_accounts" }]);

    // Every parent asks for forwarding; the addresses are not confirmed yet.
    for parent in &school.parents {
        school.ask_forwarding(parent).await;
    }
    eventually("three confirmation mails", Duration::from_secs(10), || {
        smtp.mails().len() == 3
    })
    .await;
    let early = school
        .send("Vooraf", "Dit gaat niet per e-mail.", to_class.clone())
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(
        forwarded(&smtp).is_empty(),
        "nothing is forwarded to an unconfirmed address"
    );
    for status in ["waiting", "sent", "failed"] {
        assert!(
            school.outbox(status).await.is_empty(),
            "no {status} row for an unconfirmed address"
        );
    }

    // They confirm; the teacher writes to the parents of 3A.
    for parent in &school.parents {
        school.confirm_forwarding(&smtp, parent).await;
    }
    let subject = "Zwemles vrijdag";
    let body = "Beste ouders,\n\nVergeet de zwemzak niet.\nTot vrijdag!";
    let message = school.send(subject, body, to_class).await;
    eventually("three forwarded mails", Duration::from_secs(15), || {
        forwarded(&smtp).len() == 3
    })
    .await;
    school.wait_until_sent(3, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mails = forwarded(&smtp);
    assert_eq!(mails.len(), 3, "one mail per parent, none twice");
    assert_eq!(
        arrivals(&mails).keys().cloned().collect::<BTreeSet<_>>(),
        school.outbox_ids("sent").await,
        "the Message-ID of each mail is its outbox row's"
    );

    let link = format!("{PUBLIC_URL}/messages/{message}");
    for parent in &school.parents {
        let mine: Vec<&Received> = mails
            .iter()
            .filter(|m| m.rcpt_to.contains(&parent.email))
            .collect();
        assert_eq!(mine.len(), 1, "{} gets exactly one mail", parent.email);
        let mail = mine[0];
        assert_eq!(mail.rcpt_to, [parent.email.as_str()], "one recipient each");
        assert_eq!(mail.mail_from, MAIL_FROM);

        let parsed = MessageParser::default().parse(&mail.data).unwrap();
        let from = parsed.from().and_then(|a| a.first()).unwrap();
        assert_eq!(
            from.name(),
            Some(format!("{} {}", TEACHER.0, TEACHER.1).as_str()),
            "the teacher's name as sender name"
        );
        assert_eq!(from.address(), Some(MAIL_FROM));
        let to: Vec<_> = parsed.to().unwrap().iter().collect();
        assert_eq!(to.len(), 1);
        assert_eq!(to[0].address(), Some(parent.email.as_str()));
        assert!(parsed.cc().is_none() && parsed.bcc().is_none());
        assert_eq!(parsed.subject(), Some(subject));
        let text = parsed.body_text(0).unwrap().replace("\r\n", "\n");
        assert!(text.contains(body), "the text: {text}");
        assert!(text.contains(&link), "the link {link}: {text}");
        let html = parsed.body_html(0).unwrap();
        assert!(html.contains("Vergeet de zwemzak niet."), "{html}");
        assert!(html.contains(&link), "{html}");
        assert!(
            !text.contains(&early) && !html.contains(&early),
            "the message sent before confirmation is not in it"
        );

        // Nothing of the other parents: not their address, not their name, not their
        // child's, not in the raw mail nor in any decoded part.
        let raw = mail.raw();
        let decoded = format!("{text}\n{html}\n{:?}", parsed.headers());
        for other in school.parents.iter().filter(|p| p.id != parent.id) {
            for secret in [
                &other.email,
                &other.username,
                &other.first,
                &other.last,
                &other.child_first,
                &other.child_last,
            ] {
                assert!(
                    !raw.contains(secret.as_str()),
                    "{secret} is in the raw mail to {}:\n{raw}",
                    parent.email
                );
                assert!(
                    !decoded.contains(secret.as_str()),
                    "{secret} is in the mail to {}:\n{decoded}",
                    parent.email
                );
            }
        }
    }
}
