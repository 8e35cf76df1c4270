//! The school's mail queue as its admins see it: the forwards waiting, sent, and failed
//! for good with the mail server's answer.

use schoolbrug_kernel::{Actor, OutboxId, Page, PageRequest};

use super::Messaging;
use crate::error::MessagingError;
use crate::model::{OutboxRow, OutboxStatus};

impl Messaging {
    /// One page of the school's outbox rows with `status`, newest first (admins).
    ///
    /// # Errors
    /// `NotFound` for anyone but an admin; `Invalid` on `after` (`malformed_cursor`) for a
    /// cursor that is not one of this list; `Unavailable` when the store is down.
    pub async fn outbox(
        &self,
        actor: &Actor,
        status: OutboxStatus,
        page: &PageRequest,
    ) -> Result<Page<OutboxRow>, MessagingError> {
        if !actor.is_admin() {
            return Err(MessagingError::NotFound);
        }
        if let Some(cursor) = page.after()
            && cursor.key().parse::<OutboxId>().is_err()
        {
            return Err(MessagingError::invalid(
                "after",
                "malformed_cursor",
                "not a cursor of this list",
            ));
        }
        Ok(self.settings.outbox(actor.school, status, page).await?)
    }
}

#[cfg(all(test, feature = "memory"))]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use chrono::{TimeZone as _, Utc};
    use schoolbrug_kernel::{AccountId, ActorKind, Cursor, FixedClock, Role, SchoolId};

    use super::*;
    use crate::memory::{InMemoryDirectory, InMemoryMessageStore};

    fn service() -> Messaging {
        let store = Arc::new(InMemoryMessageStore::new(
            Arc::new(InMemoryDirectory::new()),
        ));
        let clock = Arc::new(FixedClock::at(
            Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).unwrap(),
        ));
        Messaging::new(store, clock)
    }

    fn actor(school: SchoolId, roles: Vec<Role>) -> Actor {
        Actor {
            school,
            account: AccountId::new(),
            kind: ActorKind::Main { roles },
        }
    }

    #[tokio::test]
    async fn only_an_admin_reads_the_mail_queue() {
        let messaging = service();
        let school = SchoolId::new();
        let first = PageRequest::first();

        let admin = messaging
            .outbox(
                &actor(school, vec![Role::Admin]),
                OutboxStatus::Waiting,
                &first,
            )
            .await
            .unwrap();
        assert!(admin.items.is_empty());
        assert_eq!(admin.next, None);
        for roles in [
            vec![Role::Teacher],
            vec![Role::Pupil],
            vec![Role::Counsellor],
        ] {
            let refused = messaging
                .outbox(&actor(school, roles), OutboxStatus::Failed, &first)
                .await;
            assert!(matches!(refused, Err(MessagingError::NotFound)));
        }
    }

    #[tokio::test]
    async fn a_cursor_of_another_list_is_refused_on_after() {
        let messaging = service();
        let admin = actor(SchoolId::new(), vec![Role::Admin]);
        let page = PageRequest::new(None, Some(Cursor::after_key("not an id")));

        let refused = messaging
            .outbox(&admin, OutboxStatus::Sent, &page)
            .await
            .unwrap_err();

        match refused {
            MessagingError::Invalid(errors) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].field, "after");
                assert_eq!(errors[0].code, "malformed_cursor");
            }
            other => panic!("expected Invalid, got {other:?}"),
        }
        let ours = PageRequest::new(None, Some(Cursor::after_key(&OutboxId::new().to_string())));
        assert!(
            messaging
                .outbox(&admin, OutboxStatus::Sent, &ours)
                .await
                .is_ok()
        );
    }
}
