//! Workers: one killed after its claim loses nothing, two on one store send every row once,
//! a stopping one releases what it did not send.

use super::*;

#[tokio::test]
async fn a_worker_killed_after_its_claim_loses_nothing_and_the_row_is_sent_once_after_the_lease() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    let lease = ForwarderSettings::DEFAULT_LEASE;
    // A worker claims the rows, then dies before sending or recording anything.
    let held = w.store.claim_due(w.clock.now(), 50, lease).await.unwrap();
    assert_eq!(held.len(), 3);

    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    w.clock.advance(lease - Duration::seconds(1));
    assert!(forwarder.run_once().await.unwrap().is_idle(), "still held");
    w.clock.advance(Duration::seconds(1));
    assert_eq!(forwarder.run_once().await.unwrap().sent, 3);
    w.clock.advance(lease * 2);
    assert!(forwarder.run_once().await.unwrap().is_idle());
    let mut ids: Vec<String> = mailer.handed().into_iter().map(|m| m.message_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    assert_eq!(mailer.handed().len(), 3, "each sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_forwarders_on_one_store_send_every_row_exactly_once() {
    let w = world().await;
    for i in 0..20 {
        w.to_parents(&format!("Bericht {i}"), false).await;
    }
    let mailer = RecordingMailer::answering(Vec::new());
    let settings = ForwarderSettings {
        batch_size: 7,
        ..ForwarderSettings::new(BASE_URL)
    };
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let forwarder = w.forwarder_with(mailer.clone(), settings.clone());
            tokio::spawn(async move {
                let mut sent = 0;
                loop {
                    let report = forwarder.run_once().await.unwrap();
                    if report.is_idle() {
                        return sent;
                    }
                    sent += report.sent;
                }
            })
        })
        .collect();
    let mut total = 0;
    for worker in workers {
        total += worker.await.unwrap();
    }
    assert_eq!(total, 60);
    let mut per_id: HashMap<String, usize> = HashMap::new();
    for mail in mailer.handed() {
        *per_id.entry(mail.message_id).or_default() += 1;
    }
    assert_eq!(per_id.len(), 60);
    assert!(per_id.values().all(|&n| n == 1), "no row sent twice");
    assert_eq!(w.rows(OutboxStatus::Sent).await.len(), 60);
    assert!(w.rows(OutboxStatus::Waiting).await.is_empty());
}

#[tokio::test]
async fn a_stopping_worker_releases_the_rows_it_has_not_sent() {
    let w = world().await;
    w.to_parents("Uitstap", false).await;
    let mailer = RecordingMailer::answering(Vec::new());
    let forwarder = w.forwarder(mailer.clone());
    let report = forwarder
        .run_once_or_stop(&AtomicBool::new(true))
        .await
        .unwrap();
    assert_eq!((report.claimed, report.released, report.sent), (3, 3, 0));
    assert!(mailer.handed().is_empty());
    assert_eq!(
        forwarder.run_once().await.unwrap().sent,
        3,
        "claimable at once, no lease to wait for"
    );
}
