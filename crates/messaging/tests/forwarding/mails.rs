//! What each forwarded mail holds: the subject, the sender and a link, and nobody else's
//! name or address.

use super::*;

#[tokio::test]
async fn each_forwarding_parent_gets_one_mail_with_the_subject_the_sender_and_a_link_and_nobody_elses_name_or_address()
 {
    let w = world().await;
    let id = w.to_parents("Uitstap naar Brugge", false).await;
    let mailer = RecordingMailer::answering(Vec::new());
    let report = w.forwarder(mailer.clone()).run_once().await.unwrap();
    assert_eq!((report.claimed, report.sent), (3, 3));

    let mails = mailer.accepted();
    assert_eq!(mails.len(), 3);
    let rows = w.rows(OutboxStatus::Sent).await;
    let link = format!("{BASE_URL}/messages/{id}");
    for parent in &w.parents {
        let mine: Vec<&OutgoingMail> = mails.iter().filter(|m| m.to == address(parent)).collect();
        assert_eq!(mine.len(), 1, "one mail for {}", full_name(parent));
        let mail = mine[0];
        let row = rows.iter().find(|r| r.recipient == parent.id).unwrap();
        assert_eq!(mail.message_id, format!("{}@schoolbrug", row.id));
        assert_eq!(mail.subject, "Uitstap naar Brugge");
        assert_eq!(mail.from_name, "Els Claes");
        assert_eq!(mail.school, w.school);
        for part in [&mail.text, &mail.html] {
            assert!(part.contains(&link), "the link to the message");
            assert!(part.contains("Breng een lunchpakket mee."));
            assert!(part.contains(&full_name(parent)), "its own recipient");
            assert!(part.contains("co-accounts van 3A"));
        }
        for other in w.parents.iter().filter(|o| o.id != parent.id) {
            let everything = format!(
                "{}\n{}\n{}\n{}\n{}\n{}",
                mail.to, mail.from_name, mail.subject, mail.text, mail.html, mail.message_id
            );
            assert!(!everything.contains(&address(other)));
            assert!(!everything.contains(&full_name(other)));
            assert!(!everything.contains(other.first_name.as_str()));
        }
    }
    assert!(
        w.forwarder(mailer.clone())
            .run_once()
            .await
            .unwrap()
            .is_idle()
    );
}
