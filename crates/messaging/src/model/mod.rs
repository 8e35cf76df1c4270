//! The messaging module's values: messages, recipients, copies in inboxes, folders,
//! deliveries, notification settings, outbox rows and news items.

pub mod body;
pub mod delivery;
pub mod message;
pub mod news;
pub mod recipient;
pub mod settings;

pub use body::{Body, Subject, render_body_html};
pub use delivery::{Delivery, DeliveryError, Publication};
pub use message::{
    Copy, Folder, Message, MessageKind, Receipt, ReceivedMessage, SentSummary, Summary, Via,
    Visibility,
};
pub use news::{InboxCounts, NewsAudience, NewsEntry, NewsItem, NewsReach, NewsTitle};
pub use recipient::{Addressee, AddresseeKind, Audience, GroupInfo, GroupLabel, Recipient};
pub use settings::{Forwarded, NotificationSettings, OutboxRow, OutboxStatus};
