//! The start page `/`: the coming two weeks of the calendar, marked new since the previous
//! visit, for the class and its parents only.

use super::{html, school, uitstap};
use crate::support::{ENGLISH, PASSWORD, body_text, page_in};

#[tokio::test]
async fn the_start_page_shows_the_coming_fortnight_marked_new_and_not_to_another_class() {
    let school = school().await;
    uitstap(&school).await;

    let lotte = school.app.log_in("lotte", PASSWORD).await;
    let page = html(&school.app, "/", &lotte).await;
    assert!(page.contains(r#"id="start-upcoming""#), "{page}");
    assert!(page.contains("De komende twee weken"));
    assert!(page.contains("10/09 08:15</span> Uitstap naar Brugge"));
    assert!(page.contains("nieuw of gewijzigd"));
    assert!(page.contains(r#"id="start-news""#));
    // Seen once, no longer new.
    let again = html(&school.app, "/", &lotte).await;
    assert!(again.contains("Uitstap naar Brugge") && !again.contains("nieuw of gewijzigd"));

    let koen = school.app.log_in("koen", PASSWORD).await;
    let page = html(&school.app, "/", &koen).await;
    assert!(
        page.contains("Uitstap naar Brugge <span class=\"child\">(Lotte Janssens)</span>"),
        "{page}"
    );

    let noor = school.app.log_in("noor", PASSWORD).await;
    let page = html(&school.app, "/", &noor).await;
    assert!(!page.contains("Uitstap naar Brugge"));
    assert!(page.contains("Er staat de komende twee weken niets in de kalender."));

    let english = body_text(school.app.send(page_in("/", Some(&noor), ENGLISH)).await).await;
    assert!(english.contains("The coming two weeks"));
}
