//! In-memory adapters of every attendance port, one lock over the state so that every
//! method is atomic: the reference the SQL adapters are checked against by the contract
//! suite. Also a [`RecordingAlertSender`] that keeps what it was asked to send.

mod directory;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use schoolbrug_kernel::{AbsenceAlertId, AccountId, SchoolId};

pub use directory::{InMemoryDirectory, Person, PersonKind};

use crate::error::conflicts;
use crate::model::{
    AbsenceAlert, AbsenceChange, AbsenceNote, AbsenceSettings, AlertText, Code, FollowUpRow, Half,
    HalfDay, Mark, Official, Registration, RegistrationKey, SchoolYear, Sheet, SheetOutcome,
};
use crate::ports::{
    AlertSender, AlertStore, NoteStore, RegisterStore, SettingsStore, StoreError, StoreResult,
};

type Key = (SchoolId, AccountId, NaiveDate, Half);

#[derive(Default)]
struct State {
    registrations: BTreeMap<Key, Registration>,
    notes: Vec<AbsenceNote>,
    changes: Vec<(SchoolId, AbsenceChange)>,
    alerts: HashMap<Key, (AbsenceAlert, Option<DateTime<Utc>>)>,
    settings: HashMap<SchoolId, AbsenceSettings>,
}

/// Every attendance repository port in memory.
#[derive(Default)]
pub struct InMemoryAttendanceStore {
    state: Mutex<State>,
}

impl InMemoryAttendanceStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl State {
    fn note_covering(
        &self,
        school: SchoolId,
        pupil: AccountId,
        date: NaiveDate,
    ) -> Option<&AbsenceNote> {
        self.notes
            .iter()
            .find(|n| n.school == school && n.pupil == pupil && n.covers(date))
    }

    fn change(
        &mut self,
        school: SchoolId,
        key: &Key,
        from: Option<&Code>,
        to: Option<&Code>,
        by: Option<AccountId>,
        at: DateTime<Utc>,
    ) {
        if from == to {
            return;
        }
        self.changes.push((
            school,
            AbsenceChange {
                pupil: key.1,
                date: key.2,
                half: key.3,
                from: from.map(|c| c.as_str().to_owned()),
                to: to.map(|c| c.as_str().to_owned()),
                by,
                at,
            },
        ));
    }
}

#[async_trait]
impl RegisterStore for InMemoryAttendanceStore {
    async fn record_sheet(&self, sheet: &Sheet) -> StoreResult<SheetOutcome> {
        Ok(self.with(|s| {
            let mut outcome = SheetOutcome::default();
            for entry in &sheet.entries {
                let key = (sheet.school, entry.pupil, sheet.date, sheet.half);
                let existing = s.registrations.get(&key).cloned();
                if existing.as_ref().is_some_and(|r| r.confirmed) && !sheet.confirms {
                    outcome.absent += 1;
                    continue;
                }
                match &entry.mark {
                    Mark::Present => {
                        if let Some(old) = s.registrations.remove(&key) {
                            s.change(
                                sheet.school,
                                &key,
                                Some(&old.code),
                                None,
                                Some(sheet.by),
                                sheet.at,
                            );
                        }
                    }
                    Mark::Absent { code, remark } => {
                        let justifiable = *code == Code::Unknown
                            || (!sheet.confirms && code.official() == Some(Official::B));
                        let note = s
                            .note_covering(sheet.school, entry.pupil, sheet.date)
                            .filter(|_| justifiable)
                            .map(|n| n.id);
                        let code = if note.is_some() {
                            Code::Official(Official::Z)
                        } else {
                            code.clone()
                        };
                        s.change(
                            sheet.school,
                            &key,
                            existing.as_ref().map(|r| &r.code),
                            Some(&code),
                            Some(sheet.by),
                            sheet.at,
                        );
                        if code.alerts_parents() && !s.alerts.contains_key(&key) {
                            let alert = AbsenceAlert {
                                id: entry.alert,
                                school: sheet.school,
                                pupil: entry.pupil,
                                date: sheet.date,
                                half: sheet.half,
                                raised_at: sheet.at,
                            };
                            s.alerts.insert(key, (alert.clone(), None));
                            outcome.alerts.push(alert);
                        }
                        s.registrations.insert(
                            key,
                            Registration {
                                school: sheet.school,
                                pupil: entry.pupil,
                                date: sheet.date,
                                half: sheet.half,
                                code,
                                remark: remark.clone(),
                                note,
                                confirmed: sheet.confirms,
                                registered_by: Some(sheet.by),
                                registered_at: sheet.at,
                            },
                        );
                        outcome.absent += 1;
                    }
                }
            }
            outcome
        }))
    }

    async fn registrations(
        &self,
        school: SchoolId,
        pupil: Option<AccountId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Registration>> {
        Ok(self.with(|s| {
            s.registrations
                .values()
                .filter(|r| {
                    r.school == school
                        && pupil.is_none_or(|p| p == r.pupil)
                        && from <= r.date
                        && r.date <= to
                })
                .cloned()
                .collect()
        }))
    }

    async fn registrations_page(
        &self,
        school: SchoolId,
        pupils: Option<Vec<AccountId>>,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<RegistrationKey>,
        limit: u32,
    ) -> StoreResult<Vec<Registration>> {
        Ok(self.with(|s| {
            s.registrations
                .values()
                .filter(|r| {
                    r.school == school
                        && pupils.as_ref().is_none_or(|p| p.contains(&r.pupil))
                        && from <= r.date
                        && r.date <= to
                        && after.is_none_or(|a| r.key() > a)
                })
                .take(usize::try_from(limit).unwrap_or(usize::MAX))
                .cloned()
                .collect()
        }))
    }

    async fn half_day(
        &self,
        school: SchoolId,
        date: NaiveDate,
        half: Half,
        pupils: &[AccountId],
    ) -> StoreResult<Vec<Registration>> {
        Ok(self.with(|s| {
            pupils
                .iter()
                .filter_map(|p| s.registrations.get(&(school, *p, date, half)).cloned())
                .collect()
        }))
    }

    async fn follow_up(
        &self,
        school: SchoolId,
        from: NaiveDate,
        to: NaiveDate,
        threshold: u32,
    ) -> StoreResult<Vec<FollowUpRow>> {
        Ok(self.with(|s| {
            let mut per_pupil: BTreeMap<AccountId, Vec<HalfDay>> = BTreeMap::new();
            for r in s.registrations.values().filter(|r| {
                r.school == school
                    && r.code.official() == Some(Official::B)
                    && from <= r.date
                    && r.date <= to
            }) {
                per_pupil.entry(r.pupil).or_default().push(HalfDay {
                    date: r.date,
                    half: r.half,
                });
            }
            let threshold = usize::try_from(threshold).unwrap_or(usize::MAX);
            let mut rows: Vec<FollowUpRow> = per_pupil
                .into_iter()
                .filter(|(_, days)| days.len() >= threshold)
                .map(|(pupil, mut half_days)| {
                    half_days.sort();
                    FollowUpRow { pupil, half_days }
                })
                .collect();
            rows.sort_by(|a, b| {
                b.half_days
                    .len()
                    .cmp(&a.half_days.len())
                    .then(a.pupil.cmp(&b.pupil))
            });
            rows
        }))
    }

    async fn changes(&self, school: SchoolId, pupil: AccountId) -> StoreResult<Vec<AbsenceChange>> {
        Ok(self.with(|s| {
            s.changes
                .iter()
                .rev()
                .filter(|(sc, c)| *sc == school && c.pupil == pupil)
                .map(|(_, c)| c.clone())
                .collect()
        }))
    }

    async fn settle_unknown(
        &self,
        school: SchoolId,
        up_to: NaiveDate,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        Ok(self.with(|s| {
            let keys: Vec<Key> = s
                .registrations
                .iter()
                .filter(|(k, r)| k.0 == school && r.date <= up_to && r.code == Code::Unknown)
                .map(|(k, _)| *k)
                .collect();
            let b = Code::Official(Official::B);
            for key in &keys {
                s.change(school, key, Some(&Code::Unknown), Some(&b), None, at);
                if let Some(r) = s.registrations.get_mut(key) {
                    r.code = b.clone();
                    r.registered_by = None;
                    r.registered_at = at;
                }
            }
            keys.len() as u64
        }))
    }

    async fn schools_with_unknown(&self, before: NaiveDate) -> StoreResult<Vec<SchoolId>> {
        Ok(self.with(|s| {
            let mut schools: Vec<SchoolId> = s
                .registrations
                .values()
                .filter(|r| r.date < before && r.code == Code::Unknown)
                .map(|r| r.school)
                .collect();
            schools.sort();
            schools.dedup();
            schools
        }))
    }
}

#[async_trait]
impl NoteStore for InMemoryAttendanceStore {
    async fn insert_note(
        &self,
        note: &AbsenceNote,
        per_year: u32,
        year: SchoolYear,
    ) -> StoreResult<u64> {
        self.with(|s| {
            let of_pupil = || {
                s.notes
                    .iter()
                    .filter(|n| n.school == note.school && n.pupil == note.pupil)
            };
            let used = of_pupil().filter(|n| year.contains(n.from)).count();
            if used >= usize::try_from(per_year).unwrap_or(usize::MAX) {
                return Err(StoreError::Conflict(conflicts::NOTE_QUOTA_REACHED));
            }
            if of_pupil().any(|n| n.from <= note.to && note.from <= n.to) {
                return Err(StoreError::Conflict(conflicts::NOTE_OVERLAPS));
            }
            s.notes.push(note.clone());
            let keys: Vec<Key> = s
                .registrations
                .iter()
                .filter(|(k, r)| {
                    k.0 == note.school
                        && k.1 == note.pupil
                        && note.covers(r.date)
                        && !r.confirmed
                        && matches!(r.code.official(), None | Some(Official::B))
                })
                .map(|(k, _)| *k)
                .collect();
            let z = Code::Official(Official::Z);
            for key in &keys {
                let old = s.registrations.get(key).map(|r| r.code.clone());
                s.change(note.school, key, old.as_ref(), Some(&z), None, note.at);
                if let Some(r) = s.registrations.get_mut(key) {
                    r.code = z.clone();
                    r.note = Some(note.id);
                }
            }
            Ok(keys.len() as u64)
        })
    }

    async fn notes(
        &self,
        school: SchoolId,
        pupil: AccountId,
        year: SchoolYear,
    ) -> StoreResult<Vec<AbsenceNote>> {
        Ok(self.with(|s| {
            let mut notes: Vec<AbsenceNote> = s
                .notes
                .iter()
                .filter(|n| n.school == school && n.pupil == pupil && year.contains(n.from))
                .cloned()
                .collect();
            notes.sort_by_key(|n| (n.from, n.id));
            notes
        }))
    }
}

#[async_trait]
impl SettingsStore for InMemoryAttendanceStore {
    async fn absence_settings(&self, school: SchoolId) -> StoreResult<AbsenceSettings> {
        Ok(self.with(|s| s.settings.get(&school).cloned().unwrap_or_default()))
    }

    async fn save_absence_settings(
        &self,
        school: SchoolId,
        settings: &AbsenceSettings,
    ) -> StoreResult<()> {
        self.with(|s| s.settings.insert(school, settings.clone()));
        Ok(())
    }
}

#[async_trait]
impl AlertStore for InMemoryAttendanceStore {
    async fn unsent_alerts(&self, limit: u32) -> StoreResult<Vec<AbsenceAlert>> {
        Ok(self.with(|s| {
            let mut unsent: Vec<AbsenceAlert> = s
                .alerts
                .values()
                .filter(|(_, sent)| sent.is_none())
                .map(|(a, _)| a.clone())
                .collect();
            unsent.sort_by_key(|a| (a.raised_at, a.id));
            unsent.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            unsent
        }))
    }

    async fn mark_alert_sent(
        &self,
        school: SchoolId,
        id: AbsenceAlertId,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.with(|s| {
            for (alert, sent) in s.alerts.values_mut() {
                if alert.school == school && alert.id == id && sent.is_none() {
                    *sent = Some(at);
                }
            }
        });
        Ok(())
    }

    async fn erase_account(&self, school: SchoolId, account: AccountId) -> StoreResult<()> {
        self.with(|s| {
            s.registrations
                .retain(|k, _| !(k.0 == school && k.1 == account));
            s.alerts.retain(|k, _| !(k.0 == school && k.1 == account));
            s.notes
                .retain(|n| !(n.school == school && n.pupil == account));
            s.changes
                .retain(|(sc, c)| !(*sc == school && c.pupil == account));
            for r in s.registrations.values_mut() {
                if r.school == school && r.registered_by == Some(account) {
                    r.registered_by = None;
                }
            }
            for n in &mut s.notes {
                if n.school == school && n.by == Some(account) {
                    n.by = None;
                }
            }
            for (sc, c) in &mut s.changes {
                if *sc == school && c.by == Some(account) {
                    c.by = None;
                }
            }
            if let Some(settings) = s.settings.get_mut(&school) {
                settings.administrators.retain(|a| *a != account);
            }
        });
        Ok(())
    }
}

/// An [`AlertSender`] that keeps every alert it is asked to send, once per alert id (as a
/// message store keeps a message once per id), for tests.
#[derive(Default)]
pub struct RecordingAlertSender {
    sent: Mutex<Vec<(AbsenceAlert, AlertText)>>,
    failing: std::sync::atomic::AtomicBool,
}

impl RecordingAlertSender {
    /// A sender that has sent nothing.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// What it sent, in order.
    #[must_use]
    pub fn sent(&self) -> Vec<(AbsenceAlert, AlertText)> {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Makes every send fail (a mail server or message store that is down) or work again.
    pub fn fail(&self, failing: bool) {
        self.failing
            .store(failing, std::sync::atomic::Ordering::SeqCst);
    }
}

#[async_trait]
impl AlertSender for RecordingAlertSender {
    async fn send_alert(&self, alert: &AbsenceAlert, text: &AlertText) -> StoreResult<()> {
        if self.failing.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(StoreError::Unavailable("the alert sender is down".into()));
        }
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        if !sent.iter().any(|(a, _)| a.id == alert.id) {
            sent.push((alert.clone(), text.clone()));
        }
        Ok(())
    }
}
