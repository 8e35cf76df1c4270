//! Sending: who may write to whom, resolving recipients to inboxes (each account once,
//! only of the sender's school), blind copies, the 48-hour rules, and the forwarding
//! outbox rows, all committed in one delivery.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use schoolbrug_kernel::AuditEvent;
use schoolbrug_kernel::{AccountId, Actor, AuditEventId, FieldError, MessageId};

use super::{FORTY_EIGHT_SCHOOL_HOURS, Messaging};
use crate::error::MessagingError;
use crate::model::{
    Addressee, AddresseeKind, Body, Copy, Forwarded, GroupLabel, Message, MessageKind, Recipient,
    Subject, Via, Visibility,
};
use crate::ports::Delivery;

/// A message to send.
#[derive(Clone, Debug, Default)]
pub struct NewMessage {
    /// Subject: required, at most 200 characters.
    pub subject: String,
    /// Body: plain text, at most 100 kB.
    pub body: String,
    /// Recipients; may be left empty for a reply (it goes to the original sender).
    pub to: Vec<Recipient>,
    /// Ask for a reply within 48 school hours.
    pub reply_requested: bool,
    /// When an asked action or presence is due (at least 48 school hours ahead).
    pub action_deadline: Option<DateTime<Utc>>,
    /// The message this one answers.
    pub in_reply_to: Option<MessageId>,
    /// The sender knows the deadline is less than 48 school hours away.
    pub acknowledge_short_notice: bool,
    /// Staff only: forward at once, even in quiet hours.
    pub urgent: bool,
}

/// A delivered message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sent {
    /// The message.
    pub id: MessageId,
    /// How many inboxes received it.
    pub recipients: usize,
}

/// The recipients resolved so far: each account once; being named beats a blind copy.
#[derive(Default)]
struct Resolved {
    copies: BTreeMap<AccountId, (Addressee, Via)>,
    named: Vec<(AccountId, String)>,
    groups: Vec<GroupLabel>,
}

impl Resolved {
    fn named(&mut self, addressee: Addressee) {
        if !self.named.iter().any(|(id, _)| *id == addressee.id) {
            self.named.push((addressee.id, addressee.name.clone()));
        }
        self.copies.insert(addressee.id, (addressee, Via::Named));
    }

    fn blind(&mut self, label: GroupLabel, members: Vec<Addressee>) {
        for member in members {
            self.copies
                .entry(member.id)
                .or_insert_with(|| (member, Via::Group(label.clone())));
        }
        if !self.groups.contains(&label) {
            self.groups.push(label);
        }
    }
}

impl Messaging {
    /// Sends a message. Staff write to anyone in their school; pupils and co-accounts
    /// write to staff, and reply to what they received.
    ///
    /// # Errors
    /// `Invalid` per field: `subject` (blank, too long), `body` (too large), `to`
    /// (`required`, `no_recipients`), `to[i]` (`unknown_recipient`, `unknown_group`,
    /// `not_allowed` — another school's account is unknown here), `action_deadline`
    /// (`in_the_past`, `short_notice` unless acknowledged), `in_reply_to`
    /// (`unknown_message`), `urgent` (`staff_only`). Nothing is delivered then.
    /// `Unavailable` when a store is down, also the audit log that records an urgent
    /// message before it is delivered (nothing is delivered then either).
    ///
    /// Each forward (outbox row) is due at once when the message is urgent, else at the end
    /// of the school's quiet hours ([`next_allowed`]).
    pub async fn send(&self, actor: &Actor, new: NewMessage) -> Result<Sent, MessagingError> {
        let mut errors = Vec::new();
        let subject = Subject::parse(&new.subject)
            .map_err(|e| errors.push(e))
            .ok();
        let body = Body::parse(&new.body).map_err(|e| errors.push(e)).ok();
        let sender = self
            .directory
            .addressee(actor.school, actor.account)
            .await?
            .ok_or(MessagingError::NotFound)?;
        let staff = sender.is_staff();
        if new.urgent && !staff {
            errors.push(FieldError::new(
                "urgent",
                "staff_only",
                "only staff mark a message urgent",
            ));
        }

        // A reply goes to the original's sender when no recipient is given.
        let mut reply_target = None;
        if let Some(original) = new.in_reply_to {
            match self
                .reader
                .received(actor.school, actor.account, original)
                .await?
            {
                Some(received) => reply_target = received.message.sender,
                None if self
                    .reader
                    .sent(actor.school, actor.account, original)
                    .await?
                    .is_some() => {}
                None => errors.push(FieldError::new(
                    "in_reply_to",
                    "unknown_message",
                    "no such message in your folders",
                )),
            }
        }
        let mut to = new.to.clone();
        if to.is_empty()
            && let Some(target) = reply_target
        {
            to.push(Recipient::Account(target));
        }
        if to.is_empty() {
            errors.push(FieldError::new(
                "to",
                "required",
                "a message needs at least one recipient",
            ));
        }

        let resolved = self
            .resolve(actor, &sender, staff, reply_target, &to, &mut errors)
            .await?;
        if errors.is_empty() && resolved.copies.is_empty() {
            errors.push(FieldError::new(
                "to",
                "no_recipients",
                "these recipients reach nobody",
            ));
        }

        let now = self.clock.now();
        let days = self.calendar.school_days(actor.school).await?;
        if let Some(deadline) = new.action_deadline {
            if deadline <= now {
                errors.push(FieldError::new(
                    "action_deadline",
                    "in_the_past",
                    "the deadline has passed",
                ));
            } else if days.school_time_between(now, deadline) < FORTY_EIGHT_SCHOOL_HOURS
                && !new.acknowledge_short_notice
            {
                errors.push(FieldError::new(
                    "action_deadline",
                    "short_notice",
                    "less than 48 school hours ahead; acknowledge the short notice to send anyway",
                ));
            }
        }
        let (Some(subject), Some(body), true) = (subject, body, errors.is_empty()) else {
            return Err(MessagingError::Invalid(errors));
        };

        let id = MessageId::new();
        let reply_due_at = new
            .reply_requested
            .then(|| days.add_school_time(now, FORTY_EIGHT_SCHOOL_HOURS));
        let ids: Vec<AccountId> = resolved.copies.keys().copied().collect();
        let forwards = self.settings.forward_addresses(actor.school, &ids).await?;
        // Forwards wait for the end of the school's quiet hours, unless urgent.
        let outbox = self
            .outbox_rows(
                actor.school,
                forwards,
                Forwarded::Message(id),
                subject.as_str(),
                (now, now),
                !new.urgent,
            )
            .await?;
        let copies: Vec<Copy> = resolved
            .copies
            .into_values()
            .map(|(addressee, via)| Copy {
                message: id,
                school: actor.school,
                recipient: addressee.id,
                recipient_name: addressee.name,
                via,
                read_at: None,
                replied_at: None,
                reply_due_at,
                trashed_at: None,
                misdirected_at: None,
            })
            .collect();
        let recipients = copies.len();
        let delivery = Delivery::new(
            Message {
                id,
                school: actor.school,
                sender: Some(sender.id),
                sender_name: Some(sender.name),
                kind: MessageKind::Normal,
                subject,
                body,
                in_reply_to: new.in_reply_to,
                reply_requested: new.reply_requested,
                action_deadline: new.action_deadline,
                urgent: new.urgent,
                visibility: Visibility {
                    named: resolved.named,
                    groups: resolved.groups,
                },
                sent_at: now,
            },
            copies,
            outbox,
        )
        .map_err(|e| MessagingError::Unexpected(e.to_string()))?;
        if new.urgent
            && let Some(audit) = &self.audit
        {
            // Before the delivery: no urgent message goes out unaudited.
            audit
                .record(&AuditEvent {
                    id: AuditEventId::new(),
                    school: actor.school,
                    kind: crate::audit::URGENT_MESSAGE_SENT,
                    account: Some(actor.account),
                    actor: Some(actor.account),
                    username: None,
                    client: None,
                    at: now,
                })
                .await?;
        }
        self.store.deliver(&delivery).await?;
        if let Some(signal) = &self.outbox_signal
            && delivery
                .outbox()
                .iter()
                .any(|row| row.next_attempt_at <= now)
        {
            signal.rows_due();
        }
        if let Some(original) = new.in_reply_to {
            self.store
                .mark_replied(actor.school, actor.account, original, now)
                .await?;
        }
        Ok(Sent { id, recipients })
    }

    async fn resolve(
        &self,
        actor: &Actor,
        sender: &Addressee,
        staff: bool,
        reply_target: Option<AccountId>,
        to: &[Recipient],
        errors: &mut Vec<FieldError>,
    ) -> Result<Resolved, MessagingError> {
        let school = actor.school;
        let mut resolved = Resolved::default();
        for (i, recipient) in to.iter().enumerate() {
            let field = format!("to[{i}]");
            let not_allowed = || {
                FieldError::new(
                    field.clone(),
                    "not_allowed",
                    "pupils and co-accounts write to staff, and reply to what they received",
                )
            };
            if !staff && !matches!(recipient, Recipient::Account(_)) {
                errors.push(not_allowed());
                continue;
            }
            match *recipient {
                Recipient::Account(id) => match self.directory.addressee(school, id).await? {
                    Some(addressee) => {
                        if !staff && !addressee.is_staff() && Some(addressee.id) != reply_target {
                            errors.push(not_allowed());
                        } else if addressee.id != sender.id {
                            resolved.named(addressee);
                        }
                    }
                    None => errors.push(FieldError::new(
                        field,
                        "unknown_recipient",
                        "no such account in your school",
                    )),
                },
                Recipient::CoAccountsOf(pupil) => {
                    match self.directory.addressee(school, pupil).await? {
                        Some(p) if matches!(&p.kind, AddresseeKind::Main(roles) if roles.contains(&schoolbrug_kernel::Role::Pupil)) =>
                        {
                            let members = self.directory.co_accounts_of(school, pupil).await?;
                            resolved.blind(
                                GroupLabel::CoAccountsOf { pupil: p.name },
                                without(members, sender.id),
                            );
                        }
                        _ => errors.push(FieldError::new(
                            field,
                            "unknown_recipient",
                            "no such pupil in your school",
                        )),
                    }
                }
                Recipient::Group(group, audience) => {
                    match self.directory.group(school, group).await? {
                        Some(info) => {
                            let members = self
                                .directory
                                .group_audience(school, group, audience)
                                .await?;
                            resolved.blind(
                                GroupLabel::Group {
                                    name: info.name,
                                    audience,
                                },
                                without(members, sender.id),
                            );
                        }
                        None => errors.push(FieldError::new(
                            field,
                            "unknown_group",
                            "no such group in your school",
                        )),
                    }
                }
                Recipient::Role(role) => {
                    let members = self.directory.with_role(school, role).await?;
                    resolved.blind(GroupLabel::Role { role }, without(members, sender.id));
                }
            }
        }
        Ok(resolved)
    }
}

fn without(members: Vec<Addressee>, sender: AccountId) -> Vec<Addressee> {
    members.into_iter().filter(|m| m.id != sender).collect()
}
