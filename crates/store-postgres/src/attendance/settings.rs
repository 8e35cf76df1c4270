//! The attendance `SettingsStore` on PostgreSQL: a school's rules and own codes
//! (`absence_settings`, the codes as a JSON array) and its absence administrators
//! (`absence_administrators`), each read and replaced in one statement.

use async_trait::async_trait;
use schoolbrug_attendance::model::{AbsenceSettings, SchoolCode};
use schoolbrug_attendance::ports::{SettingsStore, StoreError, StoreResult};
use schoolbrug_kernel::{AccountId, SchoolId};
use sqlx::types::Json;
use uuid::Uuid;

use super::PgAttendanceStore;
use crate::error::{corrupt, translate};

/// The school's row, all `None` when it saved none, with its administrators.
#[derive(sqlx::FromRow)]
struct SettingsRow {
    unknown_becomes_b_after_days: Option<i32>,
    note_max_days: Option<i32>,
    notes_per_year: Option<i32>,
    guidance_threshold: Option<i32>,
    allowance_threshold: Option<i32>,
    codes: Option<Json<Vec<SchoolCode>>>,
    administrators: Vec<Uuid>,
}

fn number(name: &str, n: i32) -> StoreResult<u32> {
    u32::try_from(n).map_err(|_| corrupt("absence_settings", format!("{name} {n}")))
}

fn column(name: &str, n: u32) -> StoreResult<i32> {
    i32::try_from(n).map_err(|_| StoreError::Unexpected(format!("{name} {n} out of range")))
}

#[async_trait]
impl SettingsStore for PgAttendanceStore {
    async fn absence_settings(&self, school: SchoolId) -> StoreResult<AbsenceSettings> {
        // The administrators are kept by account, not in the order they were named: they
        // come back by id.
        let row = sqlx::query_as::<_, SettingsRow>(
            "SELECT s.unknown_becomes_b_after_days, s.note_max_days, s.notes_per_year, \
                    s.guidance_threshold, s.allowance_threshold, s.codes, \
                    ARRAY(SELECT d.account_id FROM absence_administrators AS d \
                          WHERE d.school_id = $1 ORDER BY d.account_id) AS administrators \
             FROM (SELECT $1::uuid AS school_id) AS one \
             LEFT JOIN absence_settings AS s ON s.school_id = one.school_id",
        )
        .bind(school.as_uuid())
        .fetch_one(&self.pool)
        .await
        .map_err(translate)?;
        let administrators = row
            .administrators
            .into_iter()
            .map(AccountId::from_uuid)
            .collect();
        match (
            row.unknown_becomes_b_after_days,
            row.note_max_days,
            row.notes_per_year,
            row.guidance_threshold,
            row.allowance_threshold,
            row.codes,
        ) {
            (
                Some(unknown),
                Some(note_days),
                Some(per_year),
                Some(guidance),
                Some(allowance),
                Some(codes),
            ) => Ok(AbsenceSettings {
                codes: codes.0,
                unknown_becomes_b_after_days: number("unknown_becomes_b_after_days", unknown)?,
                note_max_days: number("note_max_days", note_days)?,
                notes_per_year: number("notes_per_year", per_year)?,
                guidance_threshold: number("guidance_threshold", guidance)?,
                allowance_threshold: number("allowance_threshold", allowance)?,
                administrators,
            }),
            _ => Ok(AbsenceSettings {
                administrators,
                ..AbsenceSettings::default()
            }),
        }
    }

    async fn save_absence_settings(
        &self,
        school: SchoolId,
        settings: &AbsenceSettings,
    ) -> StoreResult<()> {
        let administrators: Vec<Uuid> = settings
            .administrators
            .iter()
            .map(|a| a.as_uuid())
            .collect();
        // One statement, so all or nothing: the administrators no longer named go, the
        // new ones come (each once), those named again stay as they are.
        sqlx::query(
            "WITH saved AS ( \
               INSERT INTO absence_settings (school_id, unknown_becomes_b_after_days, \
                   note_max_days, notes_per_year, guidance_threshold, allowance_threshold, \
                   codes) \
               VALUES ($1, $2, $3, $4, $5, $6, $7) \
               ON CONFLICT (school_id) DO UPDATE SET \
                 unknown_becomes_b_after_days = excluded.unknown_becomes_b_after_days, \
                 note_max_days = excluded.note_max_days, \
                 notes_per_year = excluded.notes_per_year, \
                 guidance_threshold = excluded.guidance_threshold, \
                 allowance_threshold = excluded.allowance_threshold, \
                 codes = excluded.codes \
             ), dropped AS ( \
               DELETE FROM absence_administrators AS d \
               WHERE d.school_id = $1 AND NOT (d.account_id = ANY($8::uuid[])) \
             ) \
             INSERT INTO absence_administrators (school_id, account_id) \
             SELECT DISTINCT $1::uuid, u.id FROM unnest($8::uuid[]) AS u(id) \
             ON CONFLICT (school_id, account_id) DO NOTHING",
        )
        .bind(school.as_uuid())
        .bind(column(
            "unknown_becomes_b_after_days",
            settings.unknown_becomes_b_after_days,
        )?)
        .bind(column("note_max_days", settings.note_max_days)?)
        .bind(column("notes_per_year", settings.notes_per_year)?)
        .bind(column("guidance_threshold", settings.guidance_threshold)?)
        .bind(column("allowance_threshold", settings.allowance_threshold)?)
        .bind(Json(&settings.codes))
        .bind(&administrators)
        .execute(&self.pool)
        .await
        .map_err(translate)?;
        Ok(())
    }
}
