//! The `Messaging` service: every messaging use case, each taking the acting principal and
//! deciding there whether it may happen. Blind copies, receipts and the 48-hour rules
//! live here, so an embedder gets them without the HTTP adapter.

mod forwards;
mod news;
mod notices;
mod outbox;
mod read;
mod send;
mod settings;

use std::sync::Arc;

use chrono::Duration;
use schoolbrug_kernel::AuditLog;
use schoolbrug_kernel::{Clock, SchoolCalendar};

pub use news::{NEWS_FOR_START, NEWS_LIST, NewNews, NewsView};
pub use read::MessageView;
pub use send::{NewMessage, Sent};
pub use settings::{AddressBook, CONFIRMATION_MAILS, SettingsChange};

use crate::ports::{
    Directory, MessageReader, MessageStore, MessagingStores, NewsStore, QuietHoursStore,
    SettingsStore,
};

/// The school time a reply or a short notice is measured in: 48 hours of school days.
pub const FORTY_EIGHT_SCHOOL_HOURS: Duration = Duration::hours(48);

/// The messaging module's use cases.
#[derive(Clone)]
pub struct Messaging {
    directory: Arc<dyn Directory>,
    store: Arc<dyn MessageStore>,
    reader: Arc<dyn MessageReader>,
    news: Arc<dyn NewsStore>,
    settings: Arc<dyn SettingsStore>,
    calendar: Arc<dyn SchoolCalendar>,
    clock: Arc<dyn Clock>,
    /// The schools' quiet hours; none without it ([`Messaging::with_quiet_hours`]).
    pub(crate) quiet_hours: Option<Arc<dyn QuietHoursStore>>,
    /// Where urgent messages are recorded; see [`Messaging::with_audit_log`].
    pub(crate) audit: Option<Arc<dyn AuditLog>>,
    /// Who to tell when forwards are due at once; see [`Messaging::with_outbox_signal`].
    pub(crate) outbox_signal: Option<Arc<dyn crate::mailer::OutboxSignal>>,
    /// How many confirmation mails an account may be sent; see
    /// [`Messaging::with_confirmation_mails`].
    pub(crate) confirmation_mails: crate::ports::MailAllowance,
}

impl std::fmt::Debug for Messaging {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Messaging").finish_non_exhaustive()
    }
}

impl Messaging {
    /// The service over one store that implements every messaging port.
    pub fn new<S: MessagingStores + 'static>(store: Arc<S>, clock: Arc<dyn Clock>) -> Self {
        Self {
            directory: store.clone(),
            store: store.clone(),
            reader: store.clone(),
            news: store.clone(),
            settings: store.clone(),
            calendar: Arc::new(crate::school_days::WeekendsOnly::new(store)),
            clock,
            quiet_hours: None,
            audit: None,
            outbox_signal: None,
            confirmation_mails: settings::CONFIRMATION_MAILS,
        }
    }

    /// The service reading school days (time zone and free days, for the 48-hour rules)
    /// from `calendar`: the calendar module keeps the free days. Without it, only
    /// weekends do not count.
    #[must_use]
    pub fn with_school_calendar(mut self, calendar: Arc<dyn SchoolCalendar>) -> Self {
        self.calendar = calendar;
        self
    }

    /// The service allowing `allowance` forward-address confirmation mails per account
    /// instead of [`CONFIRMATION_MAILS`](settings::CONFIRMATION_MAILS) (at least one per
    /// window).
    #[must_use]
    pub fn with_confirmation_mails(mut self, allowance: crate::ports::MailAllowance) -> Self {
        self.confirmation_mails = crate::ports::MailAllowance {
            mails: allowance.mails.max(1),
            ..allowance
        };
        self
    }

    /// The service telling `signal` whenever a delivery wrote forwards due at once (a
    /// worker in the same process then starts without waiting for its poll).
    #[must_use]
    pub fn with_outbox_signal(mut self, signal: Arc<dyn crate::mailer::OutboxSignal>) -> Self {
        self.outbox_signal = Some(signal);
        self
    }

    /// The service with the schools' quiet hours (usually the same store as in
    /// [`Messaging::new`]): forwards of messages that are not urgent wait until quiet hours
    /// end, and admins may read and set them. Without it a school has no quiet hours and
    /// setting them answers `Unavailable`.
    #[must_use]
    pub fn with_quiet_hours(mut self, store: Arc<dyn QuietHoursStore>) -> Self {
        self.quiet_hours = Some(store);
        self
    }

    /// The service recording every urgent message in the school's audit log
    /// ([`URGENT_MESSAGE_SENT`](crate::audit::URGENT_MESSAGE_SENT)). Without
    /// it urgent messages are not audited.
    #[must_use]
    pub fn with_audit_log(mut self, audit: Arc<dyn AuditLog>) -> Self {
        self.audit = Some(audit);
        self
    }

    /// The erasure hook the accounts service calls when an account's data must go.
    #[must_use]
    pub fn erasure_hook(&self) -> Arc<dyn schoolbrug_kernel::ErasureHook> {
        Arc::new(crate::erasure::MessagingErasure::new(
            self.store.clone(),
            self.news.clone(),
        ))
    }
}
