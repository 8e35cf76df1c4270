//! The `Messaging` service: every messaging use case, each taking the acting principal and
//! deciding there whether it may happen. Blind copies, receipts and the 48-hour rules
//! live here, so an embedder gets them without the HTTP adapter.

mod read;
mod send;
mod settings;

use std::sync::Arc;

use chrono::Duration;
use schoolbrug_kernel::{Clock, SchoolCalendar};

pub use read::MessageView;
pub use send::{NewMessage, Sent};
pub use settings::{AddressBook, SettingsChange};

use crate::ports::{
    Directory, FreeDaysStore, MessageReader, MessageStore, MessagingStores, SettingsStore,
};

/// The school time a reply or a short notice is measured in: 48 hours of school days.
pub const FORTY_EIGHT_SCHOOL_HOURS: Duration = Duration::hours(48);

/// The messaging module's use cases.
#[derive(Clone)]
pub struct Messaging {
    directory: Arc<dyn Directory>,
    store: Arc<dyn MessageStore>,
    reader: Arc<dyn MessageReader>,
    settings: Arc<dyn SettingsStore>,
    free_days: Arc<dyn FreeDaysStore>,
    calendar: Arc<dyn SchoolCalendar>,
    clock: Arc<dyn Clock>,
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
            settings: store.clone(),
            free_days: store.clone(),
            calendar: store,
            clock,
        }
    }

    /// The erasure hook the accounts service calls when an account's data must go.
    #[must_use]
    pub fn erasure_hook(&self) -> Arc<dyn schoolbrug_accounts::ports::ErasureHook> {
        Arc::new(crate::erasure::MessagingErasure::new(self.store.clone()))
    }
}
