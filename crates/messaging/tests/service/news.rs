//! News: who may publish to whom, who sees which item (and who does not, whatever they
//! try), the window of `publish_at` and `until`, edits and withdrawals by the author or
//! an admin only, read state per person, and the start page's counts.

use chrono::Duration;
use schoolbrug_kernel::{Clock as _, NewsId, Role};
use schoolbrug_messaging::model::{GroupInfo, NewsAudience, Recipient};
use schoolbrug_messaging::{MessagingError, NewNews};

use super::*;

fn news(title: &str, audience: Vec<NewsAudience>) -> NewNews {
    NewNews {
        title: title.into(),
        body: "Zie de bijlage op het prikbord.".into(),
        audience,
        ..NewNews::default()
    }
}

impl World {
    /// Class 3B with noah only, and the teacher as a member of 3A.
    fn teacher_in_3a(&self) -> GroupId {
        let members = [self.lotte.id, self.noah.id, self.teacher.id];
        self.directory.add_group(
            self.lotte.school,
            &GroupInfo {
                id: self.class,
                name: "3A".into(),
            },
            &members,
        );
        let b = GroupInfo {
            id: GroupId::new(),
            name: "3B".into(),
        };
        self.directory
            .add_group(self.lotte.school, &b, &[self.noah.id]);
        b.id
    }

    async fn publish(&self, by: &Person, new: NewNews) -> NewsId {
        self.messaging.publish_news(&actor(by), new).await.unwrap()
    }

    async fn seen(&self, by: &Person) -> Vec<NewsId> {
        self.messaging
            .list_news(&actor(by))
            .await
            .unwrap()
            .iter()
            .map(|v| v.item.id)
            .collect()
    }

    async fn opens(&self, by: &Person, id: NewsId) -> bool {
        match self.messaging.read_news(&actor(by), id).await {
            Ok(view) => {
                assert_eq!(view.item.id, id);
                true
            }
            Err(MessagingError::NotFound) => false,
            Err(other) => panic!("expected the item or NotFound, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn pupils_and_co_accounts_may_not_publish() {
    let w = world().await;
    for who in [&w.lotte, &w.lotte_mama] {
        let err = w
            .messaging
            .publish_news(
                &actor(who),
                news("Feest", vec![NewsAudience::Group(w.class)]),
            )
            .await
            .unwrap_err();
        assert!(matches!(err, MessagingError::Forbidden), "{err:?}");
    }
    assert!(w.seen(&w.admin).await.is_empty());
}

#[tokio::test]
async fn only_admins_reach_the_whole_school_or_a_role() {
    let w = world().await;
    w.teacher_in_3a();
    let err = w
        .messaging
        .publish_news(
            &actor(&w.teacher),
            news(
                "Feest",
                vec![NewsAudience::School, NewsAudience::Role(Role::Pupil)],
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        [
            ("audience[0]".to_owned(), "admin_only".to_owned()),
            ("audience[1]".to_owned(), "admin_only".to_owned()),
        ]
    );
    w.publish(&w.admin, news("Feest", vec![NewsAudience::School]))
        .await;
}

#[tokio::test]
async fn a_teacher_reaches_only_groups_they_are_a_member_of() {
    let w = world().await;
    let b = w.teacher_in_3a();
    let err = w
        .messaging
        .publish_news(
            &actor(&w.teacher),
            news(
                "Toets",
                vec![
                    NewsAudience::Group(b),
                    NewsAudience::Group(GroupId::new()),
                    NewsAudience::Group(w.class),
                ],
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        [
            ("audience[0]".to_owned(), "not_a_member".to_owned()),
            ("audience[1]".to_owned(), "unknown_group".to_owned()),
        ]
    );
    w.publish(
        &w.teacher,
        news("Toets", vec![NewsAudience::Group(w.class)]),
    )
    .await;
}

#[tokio::test]
async fn a_blank_title_no_audience_and_a_bad_window_are_refused_together() {
    let w = world().await;
    let now = w.clock.now();
    let err = w
        .messaging
        .publish_news(
            &actor(&w.admin),
            NewNews {
                title: "   ".into(),
                publish_at: Some(now + Duration::days(2)),
                until: Some(now + Duration::days(1)),
                ..NewNews::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        [
            ("title".to_owned(), "blank".to_owned()),
            ("audience".to_owned(), "required".to_owned()),
            ("until".to_owned(), "before_publish_at".to_owned()),
        ]
    );
    let err = w
        .messaging
        .publish_news(
            &actor(&w.admin),
            NewNews {
                until: Some(now - Duration::hours(1)),
                publish_at: Some(now - Duration::days(1)),
                ..news("Oud", vec![NewsAudience::School])
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        [("until".to_owned(), "in_the_past".to_owned())]
    );
}

#[tokio::test]
async fn a_group_item_reaches_its_members_and_their_co_accounts_only() {
    let w = world().await;
    let b = w.teacher_in_3a();
    let to_b = w
        .publish(&w.admin, news("Alleen 3B", vec![NewsAudience::Group(b)]))
        .await;
    // noah is in 3B; lotte (another class) and her co-accounts are not.
    assert_eq!(w.seen(&w.noah).await, [to_b]);
    assert_eq!(w.seen(&w.noah_mama).await, [to_b]);
    for who in [&w.lotte, &w.lotte_mama, &w.lotte_papa, &w.teacher] {
        assert!(w.seen(who).await.is_empty());
        assert!(!w.opens(who, to_b).await);
    }
    // The admin wrote it: they see it in their list.
    assert_eq!(w.seen(&w.admin).await, [to_b]);
}

#[tokio::test]
async fn a_co_account_sees_its_own_pupil_s_news_labelled_with_the_child() {
    let w = world().await;
    let b = w.teacher_in_3a();
    w.publish(&w.admin, news("3B", vec![NewsAudience::Group(b)]))
        .await;
    let pupils = w
        .publish(
            &w.admin,
            news("Leerlingen", vec![NewsAudience::Role(Role::Pupil)]),
        )
        .await;
    let mama = w.messaging.list_news(&actor(&w.lotte_mama)).await.unwrap();
    assert_eq!(mama.len(), 1);
    assert_eq!(mama[0].item.id, pupils);
    assert_eq!(
        mama[0].child,
        Some((w.lotte.id, "lotte Peeters".to_owned()))
    );
    // The pupil itself is not labelled.
    let lotte = w.messaging.list_news(&actor(&w.lotte)).await.unwrap();
    assert_eq!(lotte[0].child, None);
}

#[tokio::test]
async fn a_role_item_reaches_that_role_only() {
    let w = world().await;
    let staff = w
        .publish(
            &w.admin,
            news("Personeel", vec![NewsAudience::Role(Role::Teacher)]),
        )
        .await;
    assert_eq!(w.seen(&w.teacher).await, [staff]);
    for who in [&w.lotte, &w.lotte_mama, &w.noah] {
        assert!(w.seen(who).await.is_empty());
        assert!(!w.opens(who, staff).await);
    }
}

#[tokio::test]
async fn another_school_never_sees_or_touches_an_item() {
    let w = world().await;
    let all = w
        .publish(&w.admin, news("Iedereen", vec![NewsAudience::School]))
        .await;
    let other = &w.other_school_parent;
    assert!(w.seen(other).await.is_empty());
    assert!(!w.opens(other, all).await);
    let other_admin = Actor {
        school: other.school,
        account: w.admin.id,
        kind: ActorKind::Main {
            roles: vec![Role::Admin],
        },
    };
    for result in [
        w.messaging.withdraw_news(&other_admin, all).await,
        w.messaging
            .edit_news(
                &other_admin,
                all,
                news("Gekaapt", vec![NewsAudience::School]),
            )
            .await,
    ] {
        assert!(matches!(result, Err(MessagingError::NotFound)));
    }
    assert!(w.opens(&w.lotte, all).await);
}

#[tokio::test]
async fn an_item_shows_from_publish_at_until_until() {
    let w = world().await;
    let now = w.clock.now();
    let later = w
        .publish(
            &w.admin,
            NewNews {
                publish_at: Some(now + Duration::hours(2)),
                until: Some(now + Duration::hours(4)),
                ..news("Straks", vec![NewsAudience::School])
            },
        )
        .await;
    assert!(w.seen(&w.lotte).await.is_empty());
    assert!(!w.opens(&w.lotte, later).await);
    // Its author sees it before it is published.
    assert_eq!(w.seen(&w.admin).await, [later]);
    w.clock.advance(Duration::hours(2));
    assert_eq!(w.seen(&w.lotte).await, [later]);
    assert!(w.opens(&w.lotte, later).await);
    w.clock.advance(Duration::hours(2));
    assert!(w.seen(&w.lotte).await.is_empty());
    assert!(!w.opens(&w.lotte, later).await);
}

#[tokio::test]
async fn a_withdrawn_item_is_gone_for_everyone() {
    let w = world().await;
    let all = w
        .publish(&w.admin, news("Iedereen", vec![NewsAudience::School]))
        .await;
    assert!(w.opens(&w.lotte, all).await);
    w.messaging
        .withdraw_news(&actor(&w.admin), all)
        .await
        .unwrap();
    assert!(w.seen(&w.lotte).await.is_empty());
    assert!(w.seen(&w.admin).await.is_empty());
    assert!(!w.opens(&w.lotte, all).await);
    assert!(matches!(
        w.messaging.withdraw_news(&actor(&w.admin), all).await,
        Err(MessagingError::NotFound)
    ));
}

#[tokio::test]
async fn only_the_author_or_an_admin_edits_or_withdraws() {
    let w = world().await;
    w.teacher_in_3a();
    let colleague = Person::main(w.lotte.school, "collega", &[Role::Teacher]);
    w.directory.add_person(&colleague);
    let item = w
        .publish(
            &w.teacher,
            news("Toets", vec![NewsAudience::Group(w.class)]),
        )
        .await;
    for who in [&colleague, &w.lotte, &w.lotte_mama] {
        assert!(matches!(
            w.messaging
                .edit_news(
                    &actor(who),
                    item,
                    news("Anders", vec![NewsAudience::Group(w.class)])
                )
                .await,
            Err(MessagingError::NotFound)
        ));
        assert!(matches!(
            w.messaging.withdraw_news(&actor(who), item).await,
            Err(MessagingError::NotFound)
        ));
        assert!(matches!(
            w.messaging.news_for_edit(&actor(who), item).await,
            Err(MessagingError::NotFound)
        ));
    }
    w.messaging
        .edit_news(
            &actor(&w.teacher),
            item,
            NewNews {
                pinned: true,
                ..news("Toets verplaatst", vec![NewsAudience::Group(w.class)])
            },
        )
        .await
        .unwrap();
    let seen = w.messaging.read_news(&actor(&w.lotte), item).await.unwrap();
    assert_eq!(seen.item.title.as_str(), "Toets verplaatst");
    assert!(seen.item.pinned);
    assert_eq!(seen.item.author, Some(w.teacher.id));
    assert!(!seen.editable);
    // An admin of the school edits and withdraws it too.
    w.messaging
        .edit_news(
            &actor(&w.admin),
            item,
            news("Toets", vec![NewsAudience::School]),
        )
        .await
        .unwrap();
    assert_eq!(
        w.messaging
            .news_for_edit(&actor(&w.admin), item)
            .await
            .unwrap()
            .author,
        Some(w.teacher.id)
    );
    w.messaging
        .withdraw_news(&actor(&w.admin), item)
        .await
        .unwrap();
    assert!(w.seen(&w.teacher).await.is_empty());
}

#[tokio::test]
async fn read_state_is_kept_per_person() {
    let w = world().await;
    let all = w
        .publish(&w.admin, news("Iedereen", vec![NewsAudience::School]))
        .await;
    assert!(w.opens(&w.lotte_mama, all).await);
    let read = |v: Vec<schoolbrug_messaging::NewsView>| v[0].read;
    assert!(read(
        w.messaging.list_news(&actor(&w.lotte_mama)).await.unwrap()
    ));
    for who in [&w.lotte, &w.lotte_papa, &w.noah] {
        assert!(!read(w.messaging.list_news(&actor(who)).await.unwrap()));
    }
}

#[tokio::test]
async fn pinned_items_come_first_then_the_newest() {
    let w = world().await;
    let first = w
        .publish(&w.admin, news("Eerst", vec![NewsAudience::School]))
        .await;
    w.clock.advance(Duration::minutes(1));
    let pinned = w
        .publish(
            &w.admin,
            NewNews {
                pinned: true,
                ..news("Vast", vec![NewsAudience::School])
            },
        )
        .await;
    w.clock.advance(Duration::minutes(1));
    let newest = w
        .publish(&w.admin, news("Nieuwst", vec![NewsAudience::School]))
        .await;
    assert_eq!(w.seen(&w.lotte).await, [pinned, newest, first]);
}

#[tokio::test]
async fn the_start_page_gets_pinned_and_new_items() {
    let w = world().await;
    let since = w.clock.now();
    let old_pinned = w
        .publish(
            &w.admin,
            NewNews {
                pinned: true,
                ..news("Vast", vec![NewsAudience::School])
            },
        )
        .await;
    w.publish(&w.admin, news("Oud", vec![NewsAudience::School]))
        .await;
    w.clock.advance(Duration::hours(1));
    let since_later = w.clock.now();
    w.clock.advance(Duration::hours(1));
    let new = w
        .publish(&w.admin, news("Nieuw", vec![NewsAudience::School]))
        .await;
    let start: Vec<NewsId> = w
        .messaging
        .news_for_start(&actor(&w.lotte), since_later)
        .await
        .unwrap()
        .iter()
        .map(|v| v.item.id)
        .collect();
    assert_eq!(start, [old_pinned, new]);
    assert_eq!(
        w.messaging
            .news_for_start(&actor(&w.lotte), since - Duration::minutes(1))
            .await
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn inbox_counts_tell_unread_messages_and_replies_due() {
    let w = world().await;
    let asked = w.to_parents_of_3a().await;
    w.messaging
        .send(
            &actor(&w.teacher),
            NewMessage {
                reply_requested: false,
                ..message(vec![Recipient::Group(w.class, Audience::CoAccounts)])
            },
        )
        .await
        .unwrap();
    let counts = w
        .messaging
        .inbox_counts(&actor(&w.lotte_mama))
        .await
        .unwrap();
    assert_eq!((counts.unread, counts.replies_due), (2, 1));
    w.messaging
        .open(&actor(&w.lotte_mama), asked)
        .await
        .unwrap();
    let counts = w
        .messaging
        .inbox_counts(&actor(&w.lotte_mama))
        .await
        .unwrap();
    assert_eq!((counts.unread, counts.replies_due), (1, 1));
    w.messaging
        .send(
            &actor(&w.lotte_mama),
            NewMessage {
                in_reply_to: Some(asked),
                ..message(Vec::new())
            },
        )
        .await
        .unwrap();
    let counts = w
        .messaging
        .inbox_counts(&actor(&w.lotte_mama))
        .await
        .unwrap();
    assert_eq!((counts.unread, counts.replies_due), (1, 0));
    // Another parent's counts are their own.
    let papa = w
        .messaging
        .inbox_counts(&actor(&w.lotte_papa))
        .await
        .unwrap();
    assert_eq!((papa.unread, papa.replies_due), (2, 1));
}

#[tokio::test]
async fn erasing_a_reader_forgets_their_read_state_and_keeps_the_item() {
    let w = world().await;
    let all = w
        .publish(&w.admin, news("Iedereen", vec![NewsAudience::School]))
        .await;
    assert!(w.opens(&w.lotte, all).await);
    let hook = w.messaging.erasure_hook();
    hook.erase_account_data(w.admin.school, w.admin.id)
        .await
        .unwrap();
    hook.erase_account_data(w.lotte.school, w.lotte.id)
        .await
        .unwrap();
    let view = w.messaging.read_news(&actor(&w.noah), all).await.unwrap();
    assert_eq!(view.item.author, None);
    assert_eq!(view.item.author_name, None);
    assert!(!w.messaging.list_news(&actor(&w.lotte)).await.unwrap()[0].read);
}
