//! The messaging pages, on one school: class 3A with two pupils, each with a parent (a
//! co-account), a teacher, and the admin `beheerder`. The clock stands at Tuesday
//! 1 September 2026, 10:00 in Brussels (08:00 UTC).

mod forwarding;
mod messages;
mod news;

use schoolbrug_kernel::{AccountId, GroupId};

use crate::support::TestApp;

/// Class 3A: pupils Jonas Peeters (mother Marie Peeters) and Lotte Janssens (father Koen
/// Janssens), and their teacher An Leraar.
pub struct School {
    pub app: TestApp,
    pub class: GroupId,
    pub teacher: AccountId,
    pub jonas: AccountId,
    pub marie: AccountId,
    pub koen: AccountId,
}

pub async fn school() -> School {
    let app = TestApp::new().await;
    let teacher = app
        .main_account("teacher", "an.leraar", "An", "Leraar")
        .await;
    let jonas = app.main_account("pupil", "jonas", "Jonas", "Peeters").await;
    let lotte = app
        .main_account("pupil", "lotte", "Lotte", "Janssens")
        .await;
    let marie = app
        .co_account(jonas, "mother", "marie", "Marie", "Peeters")
        .await;
    let koen = app
        .co_account(lotte, "father", "koen", "Koen", "Janssens")
        .await;
    let admin = app.actor("beheerder").await;
    let class = app
        .accounts
        .create_group(&admin, "3A", "class")
        .await
        .unwrap();
    app.accounts
        .set_group_members(&admin, class.id, &[jonas, lotte])
        .await
        .unwrap();
    School {
        app,
        class: class.id,
        teacher,
        jonas,
        marie,
        koen,
    }
}
