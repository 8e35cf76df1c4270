//! The security events the messaging module records in the shared audit log.

use schoolbrug_kernel::audit::AuditKind;

/// A member of staff sent a message marked urgent, forwarded even in quiet hours.
pub const URGENT_MESSAGE_SENT: AuditKind = AuditKind::named("urgent_message_sent");

/// Every kind this module records.
pub const ALL: [AuditKind; 1] = [URGENT_MESSAGE_SENT];
