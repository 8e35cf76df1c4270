//! Checks of the [`SettingsStore`](crate::ports::SettingsStore) and
//! [`AlertStore`](crate::ports::AlertStore) ports.

use super::{AttendanceSeed, World, absent, at, dec, note, official, sheet};
use crate::model::{AbsenceSettings, Code, CodeName, Half, Official, SchoolCode, SchoolYear};
use crate::ports::{AttendanceStores, Directory};

/// Defaults until saved; saved settings come back whole, in their school only.
pub async fn settings_are_the_defaults_until_saved_and_stay_in_their_school<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    assert_eq!(
        store.absence_settings(w.school).await.unwrap(),
        AbsenceSettings::default()
    );
    let settings = AbsenceSettings {
        codes: vec![
            SchoolCode {
                code: CodeName::from_stored("TL".into()),
                label: "Te laat zonder geldige reden".into(),
                official: Official::B,
            },
            SchoolCode {
                code: CodeName::from_stored("DOK".into()),
                label: "Doktersbezoek".into(),
                official: Official::Z,
            },
        ],
        unknown_becomes_b_after_days: 5,
        note_max_days: 2,
        notes_per_year: 3,
        guidance_threshold: 6,
        allowance_threshold: 25,
        administrators: vec![w.teacher.id, w.counsellor.id],
    };
    store
        .save_absence_settings(w.school, &settings)
        .await
        .unwrap();
    let mut back = store.absence_settings(w.school).await.unwrap();
    back.administrators.sort();
    let mut expected = settings.clone();
    expected.administrators.sort();
    assert_eq!(back, expected);
    assert_eq!(
        store.absence_settings(w.other_school).await.unwrap(),
        AbsenceSettings::default()
    );
    let fewer = AbsenceSettings {
        codes: Vec::new(),
        administrators: vec![w.counsellor.id],
        ..settings
    };
    store.save_absence_settings(w.school, &fewer).await.unwrap();
    assert_eq!(store.absence_settings(w.school).await.unwrap(), fewer);
}

/// Unsent alerts of every school come oldest first until marked sent, each by its own
/// school.
pub async fn unsent_alerts_are_listed_oldest_first_until_marked_sent<S: AttendanceStores>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let late = store
        .record_sheet(&sheet(
            w.school,
            dec(3),
            Half::Am,
            vec![(w.lotte.id, absent(Code::Unknown))],
            w.teacher.id,
            5,
            false,
        ))
        .await
        .unwrap()
        .alerts;
    let early = store
        .record_sheet(&sheet(
            w.other_school,
            dec(3),
            Half::Am,
            vec![(w.other_pupil.id, absent(Code::Unknown))],
            w.other_teacher.id,
            1,
            false,
        ))
        .await
        .unwrap()
        .alerts;
    let unsent = store.unsent_alerts(10).await.unwrap();
    assert_eq!(unsent, vec![early[0].clone(), late[0].clone()]);
    assert_eq!(
        store.unsent_alerts(1).await.unwrap(),
        vec![early[0].clone()]
    );
    // Marked in the wrong school: nothing happens.
    store
        .mark_alert_sent(w.school, early[0].id, at(9))
        .await
        .unwrap();
    assert_eq!(store.unsent_alerts(10).await.unwrap().len(), 2);
    store
        .mark_alert_sent(w.other_school, early[0].id, at(9))
        .await
        .unwrap();
    assert_eq!(
        store.unsent_alerts(10).await.unwrap(),
        vec![late[0].clone()]
    );
}

/// Erasing a pupil removes its half-days, notes, alerts and audit; erasing a staff member
/// or a parent keeps what they wrote, by nobody, and drops them as administrators.
pub async fn erasure_removes_a_pupil_s_data_and_keeps_what_others_wrote_nameless<
    S: AttendanceStores,
>(
    store: &S,
    _directory: &dyn Directory,
    seed: &dyn AttendanceSeed,
) {
    let w = World::seed(seed).await;
    let s = w.school;
    let year = SchoolYear::of(dec(3));
    for pupil in [w.lotte.id, w.ella.id] {
        store
            .record_sheet(&sheet(
                s,
                dec(3),
                Half::Am,
                vec![(pupil, absent(Code::Unknown))],
                w.teacher.id,
                0,
                false,
            ))
            .await
            .unwrap();
        store
            .record_sheet(&sheet(
                s,
                dec(7),
                Half::Am,
                vec![(pupil, absent(official(Official::R)))],
                w.teacher.id,
                1,
                false,
            ))
            .await
            .unwrap();
    }
    store
        .insert_note(&note(s, &w.lotte, &w.lotte_mama, 3, 3), 4, year)
        .await
        .unwrap();
    store
        .insert_note(&note(s, &w.ella, &w.lotte_mama, 3, 3), 4, year)
        .await
        .unwrap();
    store
        .save_absence_settings(
            s,
            &AbsenceSettings {
                administrators: vec![w.teacher.id, w.counsellor.id],
                ..AbsenceSettings::default()
            },
        )
        .await
        .unwrap();
    store.erase_account(s, w.lotte.id).await.unwrap();
    assert!(
        store
            .registrations(s, Some(w.lotte.id), dec(1), dec(31))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.notes(s, w.lotte.id, year).await.unwrap().is_empty());
    assert!(store.changes(s, w.lotte.id).await.unwrap().is_empty());
    assert!(
        store
            .unsent_alerts(10)
            .await
            .unwrap()
            .iter()
            .all(|a| a.pupil != w.lotte.id)
    );
    // Ella's stay, until the teacher and the parent who wrote them go nameless.
    store.erase_account(s, w.teacher.id).await.unwrap();
    store.erase_account(s, w.lotte_mama.id).await.unwrap();
    let ella = store
        .registrations(s, Some(w.ella.id), dec(1), dec(31))
        .await
        .unwrap();
    assert_eq!(ella.len(), 2);
    assert!(ella.iter().all(|r| r.registered_by.is_none()));
    let notes = store.notes(s, w.ella.id, year).await.unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].by, None);
    let changes = store.changes(s, w.ella.id).await.unwrap();
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|c| c.by.is_none()));
    assert_eq!(
        store.absence_settings(s).await.unwrap().administrators,
        vec![w.counsellor.id]
    );
}
