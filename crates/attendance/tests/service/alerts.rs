//! Alerts to the parents: one per pupil per half-day, none when a note came first, and
//! sent later when they could not be sent at once.

use schoolbrug_attendance::Half;

use crate::{actor, dec, fixture, gone};

#[tokio::test]
async fn the_parents_are_told_once_per_half_day_however_often_it_is_edited() {
    let f = fixture().await;
    let w = &f.w;
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, Some("B"))])
        .await;
    f.register_3a(dec(3), Half::Am, vec![]).await;
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    let sent = f.alerts.sent();
    assert_eq!(sent.len(), 1);
    let (alert, text) = &sent[0];
    assert_eq!(
        (alert.pupil, alert.date, alert.half),
        (w.lotte.id, dec(3), Half::Am)
    );
    assert!(
        text.subject
            .starts_with("Lotte is afwezig: donderdag 3 december, voormiddag")
    );
    assert!(
        text.body
            .contains("Lotte is not at school on the morning of Thursday 3 December 2026")
    );
    // The afternoon is another half-day.
    f.register_3a(dec(3), Half::Pm, vec![gone(&w.lotte, None)])
        .await;
    assert_eq!(f.alerts.sent().len(), 2);
    assert!(f.store_unsent().await.is_empty());
}

#[tokio::test]
async fn no_alert_for_a_justified_half_day_or_when_the_parents_told_the_school_first() {
    let f = fixture().await;
    let w = &f.w;
    f.register_3a(
        dec(3),
        Half::Am,
        vec![gone(&w.ella, Some("Z")), gone(&w.lotte, Some("R"))],
    )
    .await;
    f.attendance
        .hand_in_note(
            &actor(&w.lotte_mama),
            w.lotte.id,
            dec(3),
            dec(4),
            "illness",
            None,
        )
        .await
        .unwrap();
    f.register_3a(dec(3), Half::Pm, vec![gone(&w.lotte, None)])
        .await;
    assert!(f.alerts.sent().is_empty());
    assert_eq!(
        f.december(&w.lotte).await,
        vec![(3, Half::Am, "R".into()), (3, Half::Pm, "Z".into())]
    );
}

#[tokio::test]
async fn an_alert_that_could_not_be_sent_goes_later_and_only_once() {
    let f = fixture().await;
    let w = &f.w;
    f.alerts.fail(true);
    f.register_3a(dec(3), Half::Am, vec![gone(&w.lotte, None)])
        .await;
    assert_eq!(
        f.december(&w.lotte).await.len(),
        1,
        "the half-day is written all the same"
    );
    assert!(f.alerts.sent().is_empty());
    assert_eq!(f.attendance.send_unsent_alerts().await.unwrap(), 0);
    f.alerts.fail(false);
    assert_eq!(f.attendance.send_unsent_alerts().await.unwrap(), 1);
    assert_eq!(f.attendance.send_unsent_alerts().await.unwrap(), 0);
    assert_eq!(f.alerts.sent().len(), 1);
}

impl crate::Fixture {
    async fn store_unsent(&self) -> Vec<schoolbrug_attendance::AbsenceAlert> {
        use schoolbrug_attendance::ports::AlertStore as _;
        self.store.unsent_alerts(100).await.unwrap()
    }
}
