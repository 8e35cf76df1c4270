//! The attendance `SettingsStore` on SQLite: a school's settings are one row of
//! `absence_settings` (its own codes a JSON array) and its absence administrators the rows
//! of `absence_administrators`, read in one statement and replaced in one `BEGIN
//! IMMEDIATE` transaction.

use async_trait::async_trait;
use schoolbrug_attendance::model::{AbsenceSettings, CodeName, Official, SchoolCode};
use schoolbrug_attendance::ports::{SettingsStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, QueryBuilder, Sqlite};
use uuid::Uuid;

use super::{IDS_PER_QUERY, SqliteAttendanceStore, count_from};
use crate::error::{corrupt, translate};

/// One of the school's codes as the `codes` column keeps it: the stored shape is this
/// crate's, whatever the domain's types serialise to.
#[derive(Serialize, Deserialize)]
struct CodeRow {
    code: String,
    label: String,
    official: String,
}

#[derive(FromRow)]
struct SettingsRow {
    unknown_becomes_b_after_days: i64,
    note_max_days: i64,
    notes_per_year: i64,
    guidance_threshold: i64,
    allowance_threshold: i64,
    codes: String,
    administrators: String,
}

impl TryFrom<SettingsRow> for AbsenceSettings {
    type Error = StoreError;

    fn try_from(row: SettingsRow) -> StoreResult<Self> {
        let codes: Vec<CodeRow> =
            serde_json::from_str(&row.codes).map_err(|e| corrupt(format!("absence codes: {e}")))?;
        let codes = codes
            .into_iter()
            .map(|c| {
                Ok(SchoolCode {
                    official: Official::parse(&c.official)
                        .ok_or_else(|| corrupt(format!("official code {:?}", c.official)))?,
                    code: CodeName::from_stored(c.code),
                    label: c.label,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let administrators: Vec<Uuid> = serde_json::from_str(&row.administrators)
            .map_err(|e| corrupt(format!("absence administrators: {e}")))?;
        let mut administrators: Vec<AccountId> = administrators
            .into_iter()
            .map(AccountId::from_uuid)
            .collect();
        // The table keeps no order; ids give a stable one.
        administrators.sort();
        Ok(AbsenceSettings {
            codes,
            unknown_becomes_b_after_days: count_from(row.unknown_becomes_b_after_days)?,
            note_max_days: count_from(row.note_max_days)?,
            notes_per_year: count_from(row.notes_per_year)?,
            guidance_threshold: count_from(row.guidance_threshold)?,
            allowance_threshold: count_from(row.allowance_threshold)?,
            administrators,
        })
    }
}

#[async_trait]
impl SettingsStore for SqliteAttendanceStore {
    async fn absence_settings(&self, school: SchoolId) -> StoreResult<AbsenceSettings> {
        // One statement, so the administrators are those saved with the numbers.
        let row = sqlx::query_as::<_, SettingsRow>(
            "SELECT s.unknown_becomes_b_after_days, s.note_max_days, s.notes_per_year, \
                    s.guidance_threshold, s.allowance_threshold, s.codes, \
                    (SELECT json_group_array(lower(hex(a.account_id))) \
                     FROM absence_administrators AS a \
                     WHERE a.school_id = s.school_id) AS administrators \
             FROM absence_settings AS s WHERE s.school_id = ?1",
        )
        .bind(school.as_uuid())
        .fetch_optional(&self.pool)
        .await
        .map_err(translate)?;
        row.map_or_else(|| Ok(AbsenceSettings::default()), AbsenceSettings::try_from)
    }

    async fn save_absence_settings(
        &self,
        school: SchoolId,
        settings: &AbsenceSettings,
    ) -> StoreResult<()> {
        let codes: Vec<CodeRow> = settings
            .codes
            .iter()
            .map(|c| CodeRow {
                code: c.code.as_str().to_owned(),
                label: c.label.clone(),
                official: c.official.as_str().to_owned(),
            })
            .collect();
        let codes = serde_json::to_string(&codes)
            .map_err(|e| StoreError::Unexpected(format!("cannot encode absence codes: {e}")))?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO absence_settings (school_id, unknown_becomes_b_after_days, \
             note_max_days, notes_per_year, guidance_threshold, allowance_threshold, codes) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (school_id) DO UPDATE SET \
             unknown_becomes_b_after_days = excluded.unknown_becomes_b_after_days, \
             note_max_days = excluded.note_max_days, \
             notes_per_year = excluded.notes_per_year, \
             guidance_threshold = excluded.guidance_threshold, \
             allowance_threshold = excluded.allowance_threshold, codes = excluded.codes",
        )
        .bind(school.as_uuid())
        .bind(i64::from(settings.unknown_becomes_b_after_days))
        .bind(i64::from(settings.note_max_days))
        .bind(i64::from(settings.notes_per_year))
        .bind(i64::from(settings.guidance_threshold))
        .bind(i64::from(settings.allowance_threshold))
        .bind(codes)
        .execute(&mut *tx)
        .await
        .map_err(translate)?;
        sqlx::query("DELETE FROM absence_administrators WHERE school_id = ?1")
            .bind(school.as_uuid())
            .execute(&mut *tx)
            .await
            .map_err(translate)?;
        // An administrator who is no account of the school breaks the reference:
        // `NotFound`, and nothing is saved.
        for chunk in settings.administrators.chunks(IDS_PER_QUERY) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO absence_administrators (school_id, account_id) ",
            );
            insert.push_values(chunk, |mut row, account| {
                row.push_bind(school.as_uuid()).push_bind(account.as_uuid());
            });
            insert.push(" ON CONFLICT DO NOTHING");
            insert.build().execute(&mut *tx).await.map_err(translate)?;
        }
        tx.commit().await.map_err(translate)
    }
}
