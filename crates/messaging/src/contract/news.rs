//! Contract checks of the `NewsStore` port, and of the news parts of `Directory`
//! (`groups_of`) and `MessageReader` (`inbox_counts`).

use schoolbrug_kernel::NewsId;

use super::*;
use crate::model::{NewsAudience, NewsItem, NewsReach, NewsTitle, Publication};

/// An item of `w`'s school by `author`, published at `at`, reaching `audience`.
pub fn news_item(
    w: &World,
    author: &Person,
    title: &str,
    audience: Vec<NewsAudience>,
    at: DateTime<Utc>,
) -> NewsItem {
    NewsItem {
        id: NewsId::new(),
        school: w.school.id,
        author: Some(author.id),
        author_name: Some("Els Claes".into()),
        title: NewsTitle::parse(title).unwrap(),
        body: Body::parse("Tot dan!\nDe directie").unwrap(),
        audience,
        published_at: at,
        until: None,
        pinned: false,
        updated_at: at,
    }
}

/// The publication of `item` telling no one by e-mail.
pub fn alone(item: &NewsItem) -> Publication {
    Publication::new(item.clone(), Vec::new()).unwrap()
}

fn reach_of(groups: &[GroupId], roles: &[Role], author: Option<AccountId>) -> NewsReach {
    NewsReach {
        groups: groups.to_vec(),
        roles: roles.to_vec(),
        author,
    }
}

async fn seen<S: MessagingStores>(
    store: &S,
    w: &World,
    reader: &Person,
    reach: &NewsReach,
    at: DateTime<Utc>,
) -> Vec<NewsId> {
    store
        .visible_news(w.school.id, reader.id, reach, at, None, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.item.id)
        .collect()
}

/// `Directory::groups_of`: an account's groups by id, none of another school's.
pub async fn groups_of_lists_an_account_s_groups_in_its_school_only<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-groepen").await;
    let mut other = GroupInfo {
        id: GroupId::new(),
        name: "Koor".into(),
    };
    seed.add_group(w.school.id, &other, &[w.lotte.id]).await;
    let mut expected = vec![w.class.id, other.id];
    expected.sort();
    assert_eq!(
        store.groups_of(w.school.id, w.lotte.id).await.unwrap(),
        expected
    );
    assert_eq!(
        store.groups_of(w.school.id, w.teacher.id).await.unwrap(),
        [w.class.id]
    );
    assert!(
        store
            .groups_of(w.school.id, w.lotte_mama.id)
            .await
            .unwrap()
            .is_empty()
    );
    let x = world(seed, "nieuws-groepen-x").await;
    other.id = GroupId::new();
    seed.add_group(x.school.id, &other, &[x.lotte.id]).await;
    // Asked in the wrong school: nothing, whatever the account's own groups.
    assert!(
        store
            .groups_of(x.school.id, w.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .groups_of(w.school.id, x.lotte.id)
            .await
            .unwrap()
            .is_empty()
    );
}

/// `MessageReader::inbox_counts`: unread and awaiting reply, of the account's own copies
/// out of the trash.
pub async fn inbox_counts_count_only_the_account_s_own_copies<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-tellen").await;
    let asked = delivery(
        &w,
        &w.teacher,
        &[&w.lotte_mama, &w.lotte_papa],
        "Antwoord",
        "x",
        now(),
    );
    store.deliver(&asked.build()).await.unwrap();
    let mut told = delivery(&w, &w.teacher, &[&w.lotte_mama], "Info", "x", now());
    told.message.reply_requested = false;
    for copy in &mut told.copies {
        copy.reply_due_at = None;
    }
    store.deliver(&told.build()).await.unwrap();
    let trashed = delivery(&w, &w.teacher, &[&w.lotte_mama], "Weg", "x", now());
    store.deliver(&trashed.build()).await.unwrap();
    store
        .set_trashed(
            w.school.id,
            w.lotte_mama.id,
            trashed.message.id,
            Some(now()),
        )
        .await
        .unwrap();
    let counts = store
        .inbox_counts(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();
    assert_eq!((counts.unread, counts.replies_due), (2, 1));
    store
        .mark_read(w.school.id, w.lotte_mama.id, asked.message.id, now())
        .await
        .unwrap();
    store
        .mark_replied(w.school.id, w.lotte_papa.id, asked.message.id, now())
        .await
        .unwrap();
    let counts = store
        .inbox_counts(w.school.id, w.lotte_mama.id)
        .await
        .unwrap();
    assert_eq!((counts.unread, counts.replies_due), (1, 1));
    let papa = store
        .inbox_counts(w.school.id, w.lotte_papa.id)
        .await
        .unwrap();
    assert_eq!((papa.unread, papa.replies_due), (1, 0));
    let elsewhere = store
        .inbox_counts(SchoolId::new(), w.lotte_mama.id)
        .await
        .unwrap();
    assert_eq!((elsewhere.unread, elsewhere.replies_due), (0, 0));
}

/// `publish_news` and `news_item`: an item comes back as stored, its audience in order;
/// an id twice is refused and changes nothing; another school's item is `None`.
pub async fn a_published_item_comes_back_and_an_id_twice_is_refused<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-publiceren").await;
    let mut item = news_item(
        &w,
        &w.admin,
        "Sportdag",
        vec![
            NewsAudience::Role(Role::Teacher),
            NewsAudience::Group(w.class.id),
            NewsAudience::School,
        ],
        now(),
    );
    item.until = Some(now() + Duration::days(3));
    item.pinned = true;
    store.publish_news(&alone(&item)).await.unwrap();
    let mut expected = item.clone();
    expected.audience.sort();
    assert_eq!(
        store.news_item(w.school.id, item.id).await.unwrap(),
        Some(expected.clone())
    );
    let twice = NewsItem {
        title: NewsTitle::parse("Anders").unwrap(),
        ..item.clone()
    };
    assert!(store.publish_news(&alone(&twice)).await.is_err());
    assert_eq!(
        store.news_item(w.school.id, item.id).await.unwrap(),
        Some(expected)
    );
    let x = world(seed, "nieuws-publiceren-x").await;
    assert_eq!(store.news_item(x.school.id, item.id).await.unwrap(), None);
}

/// `update_news`: the content and the audience are replaced as a whole, the author is
/// kept; another school's item is not changed.
pub async fn an_update_replaces_the_content_keeps_the_author_and_stays_in_its_school<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-wijzigen").await;
    let item = news_item(
        &w,
        &w.teacher,
        "Toets",
        vec![NewsAudience::Group(w.class.id), NewsAudience::School],
        now(),
    );
    store.publish_news(&alone(&item)).await.unwrap();
    let edited = NewsItem {
        author: Some(w.admin.id),
        author_name: Some("Iemand anders".into()),
        title: NewsTitle::parse("Toets verplaatst").unwrap(),
        body: Body::parse("").unwrap(),
        audience: vec![NewsAudience::Role(Role::Pupil)],
        published_at: now() + Duration::hours(1),
        until: Some(now() + Duration::days(1)),
        pinned: true,
        updated_at: now() + Duration::minutes(5),
        ..item.clone()
    };
    assert!(store.update_news(&alone(&edited)).await.unwrap());
    let stored = store
        .news_item(w.school.id, item.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored,
        NewsItem {
            author: item.author,
            author_name: item.author_name.clone(),
            ..edited.clone()
        }
    );
    let x = world(seed, "nieuws-wijzigen-x").await;
    let hijack = NewsItem {
        school: x.school.id,
        title: NewsTitle::parse("Gekaapt").unwrap(),
        ..edited.clone()
    };
    assert!(!store.update_news(&alone(&hijack)).await.unwrap());
    assert_eq!(
        store
            .news_item(w.school.id, item.id)
            .await
            .unwrap()
            .unwrap()
            .title,
        edited.title
    );
    let unknown = NewsItem {
        id: NewsId::new(),
        ..edited
    };
    assert!(!store.update_news(&alone(&unknown)).await.unwrap());
    assert_eq!(
        store.news_item(w.school.id, unknown.id).await.unwrap(),
        None
    );
}

/// `withdraw_news`: the item, its audience and its read states go; another school's
/// item stays.
pub async fn a_withdrawn_item_is_gone_with_its_read_states_in_its_school_only<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-intrekken").await;
    let item = news_item(&w, &w.admin, "Weg", vec![NewsAudience::School], now());
    store.publish_news(&alone(&item)).await.unwrap();
    assert!(
        store
            .mark_news_read(w.school.id, w.lotte.id, item.id, now())
            .await
            .unwrap()
    );
    let x = world(seed, "nieuws-intrekken-x").await;
    assert!(!store.withdraw_news(x.school.id, item.id).await.unwrap());
    assert!(
        store
            .news_item(w.school.id, item.id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.withdraw_news(w.school.id, item.id).await.unwrap());
    assert_eq!(store.news_item(w.school.id, item.id).await.unwrap(), None);
    assert!(!store.withdraw_news(w.school.id, item.id).await.unwrap());
    let everyone = reach_of(&[w.class.id], &[Role::Pupil], Some(w.admin.id));
    assert!(seen(store, &w, &w.lotte, &everyone, now()).await.is_empty());
    // The same id published again starts unread: no read state was left behind.
    store.publish_news(&alone(&item)).await.unwrap();
    let entries = store
        .visible_news(w.school.id, w.lotte.id, &everyone, now(), None, 10)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert!(!entries[0].read);
}

/// `visible_news`: the window, the audience (school, group, role), the author's own
/// items, the order (pinned, newest, id), `since` and `limit`; never another school's.
pub async fn visible_news_follows_window_audience_author_order_and_school<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-zien").await;
    let t = now();
    let school = news_item(&w, &w.admin, "School", vec![NewsAudience::School], t);
    let class = news_item(
        &w,
        &w.teacher,
        "3A",
        vec![NewsAudience::Group(w.class.id)],
        t + Duration::minutes(1),
    );
    let teachers = news_item(
        &w,
        &w.admin,
        "Leerkrachten",
        vec![NewsAudience::Role(Role::Teacher)],
        t + Duration::minutes(2),
    );
    let mut pinned = news_item(
        &w,
        &w.admin,
        "Vast",
        vec![NewsAudience::Role(Role::Pupil)],
        t - Duration::days(1),
    );
    pinned.pinned = true;
    let mut later = news_item(
        &w,
        &w.teacher,
        "Later",
        vec![NewsAudience::Group(w.class.id)],
        t + Duration::hours(2),
    );
    later.until = Some(t + Duration::hours(3));
    let mut expired = news_item(
        &w,
        &w.admin,
        "Voorbij",
        vec![NewsAudience::School],
        t - Duration::days(2),
    );
    expired.until = Some(t);
    let x = world(seed, "nieuws-zien-x").await;
    let elsewhere = news_item(&x, &x.admin, "Elders", vec![NewsAudience::School], t);
    for item in [
        &school, &class, &teachers, &pinned, &later, &expired, &elsewhere,
    ] {
        store.publish_news(&alone(item)).await.unwrap();
    }
    let at = t + Duration::minutes(10);
    let pupil = reach_of(&[w.class.id], &[Role::Pupil], None);
    assert_eq!(
        seen(store, &w, &w.lotte, &pupil, at).await,
        [pinned.id, class.id, school.id]
    );
    let outsider = reach_of(&[], &[Role::Pupil], None);
    assert_eq!(
        seen(store, &w, &w.lotte, &outsider, at).await,
        [pinned.id, school.id]
    );
    // The teacher: their roles and groups, and every item they wrote whatever its window.
    let teacher = reach_of(&[w.class.id], &[Role::Teacher], Some(w.teacher.id));
    assert_eq!(
        seen(store, &w, &w.teacher, &teacher, at).await,
        [later.id, teachers.id, class.id, school.id]
    );
    // From publish_at (inclusive) to until (exclusive).
    assert_eq!(
        seen(store, &w, &w.lotte, &pupil, t + Duration::hours(2)).await,
        [pinned.id, later.id, class.id, school.id]
    );
    assert_eq!(
        seen(store, &w, &w.lotte, &pupil, t + Duration::hours(3)).await,
        [pinned.id, class.id, school.id]
    );
    assert_eq!(
        seen(store, &w, &w.lotte, &pupil, t - Duration::days(2)).await,
        [expired.id]
    );
    // since: the pinned ones and those published after it; limit.
    let start = store
        .visible_news(w.school.id, w.lotte.id, &pupil, at, Some(t), 10)
        .await
        .unwrap();
    assert_eq!(
        start.iter().map(|e| e.item.id).collect::<Vec<_>>(),
        [pinned.id, class.id]
    );
    let first = store
        .visible_news(w.school.id, w.lotte.id, &pupil, at, None, 2)
        .await
        .unwrap();
    assert_eq!(
        first.iter().map(|e| e.item.id).collect::<Vec<_>>(),
        [pinned.id, class.id]
    );
    // Another school's reader, however wide its reach, sees its own school's only.
    let wide = reach_of(&[w.class.id], &Role::ALL, Some(w.admin.id));
    assert_eq!(seen(store, &x, &x.lotte, &wide, at).await, [elsewhere.id]);
    // The items come back whole.
    let entries = store
        .visible_news(w.school.id, w.lotte.id, &pupil, at, None, 50)
        .await
        .unwrap();
    assert_eq!(entries[1].item, class);
}

/// `mark_news_read`: once per reader, never another reader's, never another school's.
pub async fn read_state_is_kept_per_reader<S: MessagingStores, D: DirectorySeed + ?Sized>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-gelezen").await;
    let item = news_item(&w, &w.admin, "Lezen", vec![NewsAudience::School], now());
    store.publish_news(&alone(&item)).await.unwrap();
    let x = world(seed, "nieuws-gelezen-x").await;
    assert!(
        !store
            .mark_news_read(x.school.id, w.lotte_mama.id, item.id, now())
            .await
            .unwrap()
    );
    assert!(
        store
            .mark_news_read(w.school.id, w.lotte_mama.id, item.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_news_read(w.school.id, w.lotte_mama.id, item.id, now())
            .await
            .unwrap()
    );
    assert!(
        !store
            .mark_news_read(w.school.id, w.lotte.id, NewsId::new(), now())
            .await
            .unwrap()
    );
    let pupil = reach_of(&[w.class.id], &[Role::Pupil], None);
    let read = |reader: AccountId| {
        let pupil = pupil.clone();
        async move {
            store
                .visible_news(w.school.id, reader, &pupil, now(), None, 10)
                .await
                .unwrap()[0]
                .read
        }
    };
    assert!(read(w.lotte_mama.id).await);
    assert!(!read(w.lotte_papa.id).await);
    assert!(!read(w.lotte.id).await);
}

/// `erase_news_account`: the account's read states go; its items stay without author.
pub async fn erasing_an_account_forgets_its_reads_and_keeps_its_items<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-wissen").await;
    let by_teacher = news_item(&w, &w.teacher, "Van mij", vec![NewsAudience::School], now());
    let by_admin = news_item(
        &w,
        &w.admin,
        "Van de directie",
        vec![NewsAudience::School],
        now(),
    );
    store.publish_news(&alone(&by_teacher)).await.unwrap();
    store.publish_news(&alone(&by_admin)).await.unwrap();
    for reader in [w.teacher.id, w.lotte.id] {
        store
            .mark_news_read(w.school.id, reader, by_admin.id, now())
            .await
            .unwrap();
    }
    store
        .erase_news_account(w.school.id, w.teacher.id)
        .await
        .unwrap();
    store
        .erase_news_account(w.school.id, w.teacher.id)
        .await
        .unwrap();
    let kept = store
        .news_item(w.school.id, by_teacher.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((kept.author, kept.author_name), (None, None));
    assert_eq!(
        store
            .news_item(w.school.id, by_admin.id)
            .await
            .unwrap()
            .unwrap()
            .author,
        Some(w.admin.id)
    );
    let everyone = reach_of(&[], &[Role::Teacher, Role::Pupil], None);
    let read_by = |reader: AccountId| {
        let everyone = everyone.clone();
        async move {
            store
                .visible_news(w.school.id, reader, &everyone, now(), None, 10)
                .await
                .unwrap()
                .into_iter()
                .find(|e| e.item.id == by_admin.id)
                .unwrap()
                .read
        }
    };
    assert!(!read_by(w.teacher.id).await);
    assert!(read_by(w.lotte.id).await);
}

async fn wants<S: MessagingStores>(
    store: &S,
    w: &World,
    who: &Person,
    confirmed: bool,
    notify_news: bool,
) {
    store
        .put_settings(
            w.school.id,
            who.id,
            &NotificationSettings {
                forward_email: Some(format!("{}@example.org", who.username)),
                forward_email_confirmed: confirmed,
                forward_messages: true,
                notify_news,
                push: false,
            },
            None,
        )
        .await
        .unwrap();
}

/// `SettingsStore::news_addresses`: whom an audience reaches (a co-account through its
/// pupil), with `notify_news` on and a confirmed address, each once, by id, never of
/// another school.
pub async fn news_addresses_are_those_reached_who_asked_for_news<
    S: MessagingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-adressen").await;
    wants(store, &w, &w.lotte_mama, true, true).await;
    wants(store, &w, &w.lotte_papa, true, false).await;
    wants(store, &w, &w.noah_mama, false, true).await;
    wants(store, &w, &w.teacher, true, true).await;
    wants(store, &w, &w.admin, true, true).await;
    let x = world(seed, "nieuws-adressen-x").await;
    wants(store, &x, &x.lotte_mama, true, true).await;
    let ids = |found: Vec<(AccountId, String)>| -> Vec<AccountId> {
        found.into_iter().map(|(id, _)| id).collect()
    };
    let school = store
        .news_addresses(w.school.id, &[NewsAudience::School])
        .await
        .unwrap();
    assert_eq!(
        ids(school.clone()),
        sorted(vec![w.lotte_mama.id, w.teacher.id, w.admin.id])
    );
    assert!(
        school
            .iter()
            .any(|(id, to)| *id == w.lotte_mama.id && to == "lotte-mama@example.org")
    );
    // 3A holds lotte, noah and the teacher: lotte's mother through lotte, the teacher
    // as a member; asked twice, each once.
    assert_eq!(
        ids(store
            .news_addresses(
                w.school.id,
                &[NewsAudience::Group(w.class.id), NewsAudience::School],
            )
            .await
            .unwrap()),
        sorted(vec![w.lotte_mama.id, w.teacher.id, w.admin.id])
    );
    assert_eq!(
        ids(store
            .news_addresses(w.school.id, &[NewsAudience::Group(w.class.id)])
            .await
            .unwrap()),
        sorted(vec![w.lotte_mama.id, w.teacher.id])
    );
    assert_eq!(
        ids(store
            .news_addresses(w.school.id, &[NewsAudience::Role(Role::Pupil)])
            .await
            .unwrap()),
        [w.lotte_mama.id]
    );
    assert_eq!(
        ids(store
            .news_addresses(w.school.id, &[NewsAudience::Role(Role::Admin)])
            .await
            .unwrap()),
        [w.admin.id]
    );
    assert!(
        store
            .news_addresses(w.school.id, &[NewsAudience::Group(GroupId::new())])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ids(store
            .news_addresses(x.school.id, &[NewsAudience::School])
            .await
            .unwrap()),
        [x.lotte_mama.id]
    );
}

/// `publish_news` with outbox rows: the rows are written with the item (and claimed as
/// any row), go when it is withdrawn, and a publication breaking its rule writes nothing.
pub async fn a_publication_writes_its_outbox_rows_with_the_item_and_withdrawal_takes_them<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-outbox").await;
    let item = news_item(&w, &w.admin, "Sportdag", vec![NewsAudience::School], now());
    let row = |id: NewsId, recipient: &Person| OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        forwards: Forwarded::News(id),
        recipient: recipient.id,
        to: format!("{}@example.org", recipient.username),
        subject: "Sportdag".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: now(),
        created_at: now(),
    };
    // Refused: a row of another item; nothing written.
    let stray = Publication::unchecked(item.clone(), vec![row(NewsId::new(), &w.lotte_mama)]);
    assert!(store.publish_news(&stray).await.is_err());
    assert_eq!(store.news_item(w.school.id, item.id).await.unwrap(), None);
    let twice = Publication::unchecked(
        item.clone(),
        vec![row(item.id, &w.lotte_mama), row(item.id, &w.lotte_mama)],
    );
    assert!(store.publish_news(&twice).await.is_err());
    assert_eq!(store.news_item(w.school.id, item.id).await.unwrap(), None);

    let rows = vec![row(item.id, &w.lotte_mama), row(item.id, &w.teacher)];
    store
        .publish_news(&Publication::new(item.clone(), rows.clone()).unwrap())
        .await
        .unwrap();
    let mut stored_rows = Vec::new();
    for r in &rows {
        stored_rows.push(stored(store, &w, r.id).await.unwrap());
    }
    assert_eq!(stored_rows, rows);
    let claimed = store
        .claim_due(now(), 10, Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(
        sorted_rows(claimed.iter().map(|r| r.id).collect()),
        sorted_rows(rows.iter().map(|r| r.id).collect())
    );
    assert!(
        claimed
            .iter()
            .all(|r| r.forwards == Forwarded::News(item.id))
    );
    assert!(store.withdraw_news(w.school.id, item.id).await.unwrap());
    for r in &rows {
        assert_eq!(stored(store, &w, r.id).await, None);
    }
}

fn sorted_rows(mut ids: Vec<OutboxId>) -> Vec<OutboxId> {
    ids.sort();
    ids
}

/// `update_news` with outbox rows: waiting mails to those no longer reached go, the others
/// move to the new time, the newly reached get theirs, and a mail already sent is never
/// written again.
pub async fn an_update_brings_the_waiting_forwards_in_line<
    S: MessagingStores + ForwardingStores,
    D: DirectorySeed + ?Sized,
>(
    store: &S,
    seed: &D,
) {
    let w = world(seed, "nieuws-bijwerken").await;
    let item = news_item(&w, &w.admin, "Sportdag", vec![NewsAudience::School], now());
    let row = |recipient: &Person, due: DateTime<Utc>| OutboxRow {
        id: OutboxId::new(),
        school: w.school.id,
        forwards: Forwarded::News(item.id),
        recipient: recipient.id,
        to: format!("{}@example.org", recipient.username),
        subject: "Sportdag".into(),
        status: OutboxStatus::Waiting,
        attempts: 0,
        last_error: None,
        next_attempt_at: due,
        created_at: now(),
    };
    let dropped = row(&w.lotte_mama, now());
    let moved = row(&w.teacher, now());
    let sent = row(&w.noah_mama, now());
    store
        .publish_news(
            &Publication::new(
                item.clone(),
                vec![dropped.clone(), moved.clone(), sent.clone()],
            )
            .unwrap(),
        )
        .await
        .unwrap();
    assert!(
        store
            .record_sent(w.school.id, sent.id, now())
            .await
            .unwrap()
    );

    let later = now() + Duration::hours(2);
    let added = row(&w.lotte_papa, later);
    let edited = NewsItem {
        published_at: later,
        ..item.clone()
    };
    let publication = Publication::new(
        edited,
        vec![
            row(&w.teacher, later),
            row(&w.noah_mama, later),
            added.clone(),
        ],
    )
    .unwrap();
    assert!(store.update_news(&publication).await.unwrap());

    assert_eq!(stored(store, &w, dropped.id).await, None);
    assert_eq!(
        stored(store, &w, moved.id).await,
        Some(OutboxRow {
            next_attempt_at: later,
            ..moved
        })
    );
    assert_eq!(stored(store, &w, added.id).await, Some(added));
    assert_eq!(
        stored(store, &w, sent.id).await.unwrap().status,
        OutboxStatus::Sent
    );
    // Nothing new for the one already told.
    let waiting = store
        .outbox(
            w.school.id,
            OutboxStatus::Waiting,
            &PageRequest::new(Some(200), None),
        )
        .await
        .unwrap()
        .items;
    assert_eq!(waiting.len(), 2);
    assert!(waiting.iter().all(|r| r.recipient != w.noah_mama.id));
}
