//! The OpenAPI description covers the message, free-days and notification-settings
//! endpoints, each routed, with the contract's field names in their schemas.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{PASSWORD, TestApp, call, description};

const ENDPOINTS: &[(&str, &str)] = &[
    ("post", "/api/v1/messages"),
    ("get", "/api/v1/messages"),
    ("get", "/api/v1/messages/unread-count"),
    ("get", "/api/v1/messages/address-book"),
    ("get", "/api/v1/messages/{id}"),
    ("delete", "/api/v1/messages/{id}"),
    ("get", "/api/v1/messages/{id}/receipts"),
    ("post", "/api/v1/messages/{id}/misdirected"),
    ("post", "/api/v1/messages/{id}/restore"),
    ("get", "/api/v1/admin/free-days"),
    ("put", "/api/v1/admin/free-days"),
    ("get", "/api/v1/me/notification-settings"),
    ("put", "/api/v1/me/notification-settings"),
    ("post", "/api/v1/me/forward-email/confirm"),
];

#[tokio::test]
async fn every_message_endpoint_is_described_and_routed() {
    let app = TestApp::new().await;
    let admin = app.sign_in("sint-jan", "beheerder", PASSWORD).await;
    let doc = description(&app).await;
    let id = uuid::Uuid::now_v7().to_string();

    for (method, path) in ENDPOINTS {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is not described");
        assert!(
            operation["responses"]
                .as_object()
                .unwrap()
                .keys()
                .any(|s| s.starts_with('2')),
            "{method} {path} has no success answer"
        );
        let body = ["post", "put"].contains(method).then(|| json!({}));
        let (status, answer) = call(
            &app,
            &method.to_uppercase(),
            &path.replace("{id}", &id),
            &admin,
            body,
        )
        .await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !status.is_server_error(),
            "{method} {path} answered {status}"
        );
        assert_ne!(
            answer["detail"], "no such endpoint",
            "{method} {path} is not routed"
        );
    }
}

#[tokio::test]
async fn the_message_schemas_name_the_contracts_fields() {
    let app = TestApp::new().await;

    let doc = description(&app).await;

    let schemas = &doc["components"]["schemas"];
    let has = |schema: &str, fields: &[&str]| {
        let properties = schemas[schema]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no schema {schema}"));
        for field in fields {
            assert!(properties.contains_key(*field), "{schema} lacks {field}");
        }
    };
    has(
        "NewMessageRequest",
        &[
            "subject",
            "body",
            "to",
            "reply_requested",
            "action_deadline",
            "in_reply_to",
            "acknowledge_short_notice",
            "urgent",
        ],
    );
    has("MessageSent", &["id", "recipients"]);
    has(
        "MessageSummaryView",
        &[
            "id",
            "subject",
            "from",
            "from_deleted",
            "system",
            "received_at",
            "read_at",
            "reply_due_at",
            "recipients",
            "read",
        ],
    );
    has("MessageList", &["items", "next"]);
    has(
        "MessageView",
        &[
            "id",
            "subject",
            "body",
            "body_html",
            "from",
            "sent_at",
            "reply_requested",
            "reply_due_at",
            "action_deadline",
            "in_reply_to",
            "read_at",
            "recipients",
            "groups",
            "mine",
        ],
    );
    has(
        "GroupLabelView",
        &[
            "label_nl", "label_en", "kind", "name", "audience", "pupil", "role",
        ],
    );
    has("ReceiptView", &["recipient", "name", "read_at"]);
    has("UnreadCount", &["unread"]);
    has("AddressBookView", &["staff", "pupils", "groups"]);
    has("FreeDaysView", &["periods"]);
    has("FreeDayPeriodView", &["from", "to", "name"]);
    has(
        "NotificationSettingsRequest",
        &["forward_email", "forward_messages", "notify_news", "push"],
    );
    has(
        "NotificationSettingsView",
        &[
            "forward_email",
            "forward_messages",
            "notify_news",
            "push",
            "forward_email_confirmed",
        ],
    );
    has("ConfirmForwardEmail", &["token"]);
    let recipient = schemas["RecipientSchema"]["oneOf"].as_array().unwrap();
    assert_eq!(recipient.len(), 4);
}
