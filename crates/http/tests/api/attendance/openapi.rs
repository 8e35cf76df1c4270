//! Attendance's part of the OpenAPI description: its schemas and their fields, and its
//! parameters.

use crate::support::{TestApp, description};

#[tokio::test]
async fn the_attendance_schemas_are_described() {
    let app = TestApp::new().await;
    let doc = description(&app).await;
    let schemas = &doc["components"]["schemas"];
    let has = |name: &str, fields: &[&str]| {
        let schema = &schemas[name];
        assert!(schema.is_object(), "{name} is not described");
        for field in fields {
            assert!(
                schema["properties"][field].is_object(),
                "{name}.{field} is not described"
            );
        }
    };
    has(
        "AbsenceCodesView",
        &[
            "official",
            "codes",
            "unknown_becomes_b_after_days",
            "note_max_days",
            "notes_per_year",
            "guidance_threshold",
            "allowance_threshold",
        ],
    );
    has(
        "AbsenceCodesRequest",
        &[
            "codes",
            "unknown_becomes_b_after_days",
            "note_max_days",
            "notes_per_year",
            "guidance_threshold",
            "allowance_threshold",
        ],
    );
    has("SchoolCodeView", &["code", "label", "official"]);
    has("AdministratorsView", &["accounts"]);
    has("ClassesView", &["items"]);
    has("RegisterView", &["class", "date", "half", "pupils"]);
    has(
        "RegisterPupilView",
        &[
            "pupil_id",
            "first_name",
            "last_name",
            "code",
            "official",
            "remark",
            "note",
            "confirmed",
        ],
    );
    has("RegisterRequest", &["absent"]);
    has("AbsentRequest", &["pupil", "code", "remark"]);
    has("RegisteredView", &["absent"]);
    has("AbsenceRequest", &["code", "remark"]);
    has(
        "AbsenceView",
        &[
            "pupil",
            "date",
            "half",
            "code",
            "official",
            "remark",
            "note",
            "confirmed",
        ],
    );
    has("ChangeView", &["date", "half", "from", "to", "by", "at"]);
    has(
        "ChildPupilView",
        &["pupil_id", "first_name", "last_name", "class"],
    );
    has(
        "ChildAbsencesView",
        &["items", "totals", "notes", "notes_left"],
    );
    has("NoteView", &["id", "from", "to", "text"]);
    // Schemas are named by their type alone: the calendar's child label keeps its shape.
    has("ChildView", &["id", "name"]);
    has("NoteRequest", &["from", "to", "reason", "text"]);
    has(
        "FollowUpLineView",
        &[
            "pupil",
            "first_name",
            "last_name",
            "class",
            "problematic_half_days",
            "since",
            "half_days",
            "allowance_at_risk",
        ],
    );
    assert_eq!(schemas["HalfName"]["enum"], serde_json::json!(["am", "pm"]));
    assert_eq!(
        schemas["OfficialName"]["enum"],
        serde_json::json!(["R", "Z", "P", "H", "M", "A", "B"])
    );
    let register = &doc["paths"]["/api/v1/classes/{group_id}/register/{date}/{half}"]["get"];
    let names: Vec<&str> = register["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["group_id", "date", "half"]);
    let export = &doc["paths"]["/api/v1/absences/export.csv"]["get"]["responses"]["200"];
    assert!(
        export["content"]["text/csv; charset=utf-8"].is_object(),
        "{export}"
    );
}
