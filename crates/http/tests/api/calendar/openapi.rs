//! The calendar's part of the OpenAPI description: its schemas and their fields.

use crate::support::{TestApp, description};

#[tokio::test]
async fn the_calendar_schemas_are_described() {
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
        "OccurrenceView",
        &[
            "activity_id",
            "kind",
            "title",
            "description",
            "location",
            "start",
            "end",
            "all_day",
            "child",
        ],
    );
    has(
        "ActivityRequest",
        &[
            "title",
            "description",
            "location",
            "start",
            "end",
            "all_day",
            "audience",
            "repeat",
        ],
    );
    has(
        "RepeatRequest",
        &["every_weeks", "until", "except", "skip_free_days"],
    );
    has("FeedView", &["id", "child", "created_at", "last_used_at"]);
    has("NewFeedView", &["id", "url"]);
    has("CalendarView", &["items"]);
    for path in [
        "/api/v1/calendar",
        "/api/v1/calendar/activities",
        "/api/v1/calendar/activities/{id}",
        "/api/v1/calendar/feeds",
        "/api/v1/calendar/feeds/{id}",
        "/api/v1/calendar/feeds/{id}/renew",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not described");
    }
}
