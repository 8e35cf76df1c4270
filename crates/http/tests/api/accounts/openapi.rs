//! `GET /api/v1/openapi.json`: the description lists every endpoint of the API, and
//! every endpoint it lists is routed.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use crate::support::{TestApp, admin, body_json, description, empty_request, json_request};

const ENDPOINTS: &[(&str, &str)] = &[
    ("post", "/api/v1/session"),
    ("delete", "/api/v1/session"),
    ("get", "/api/v1/me"),
    ("put", "/api/v1/me/password"),
    ("delete", "/api/v1/me/sessions"),
    ("post", "/api/v1/me/terms"),
    ("post", "/api/v1/password-reset"),
    ("get", "/api/v1/me/totp"),
    ("post", "/api/v1/me/totp"),
    ("delete", "/api/v1/me/totp"),
    ("post", "/api/v1/me/totp/confirm"),
    ("delete", "/api/v1/admin/accounts/{id}/totp"),
    ("get", "/api/v1/admin/sign-in/second-factor"),
    ("put", "/api/v1/admin/sign-in/second-factor"),
    ("post", "/api/v1/admin/accounts"),
    ("get", "/api/v1/admin/accounts"),
    ("get", "/api/v1/admin/accounts/{id}"),
    ("delete", "/api/v1/admin/accounts/{id}"),
    ("post", "/api/v1/admin/accounts/{id}/co-accounts"),
    ("post", "/api/v1/admin/accounts/{id}/reset-code"),
    ("post", "/api/v1/admin/co-accounts/{id}/reset"),
    ("get", "/api/v1/me/links"),
    ("post", "/api/v1/me/links"),
    ("delete", "/api/v1/me/links/{id}"),
    ("post", "/api/v1/admin/accounts/{id}/links"),
    ("delete", "/api/v1/admin/accounts/{id}/links/{other}"),
    ("post", "/api/v1/admin/groups"),
    ("get", "/api/v1/admin/groups"),
    ("put", "/api/v1/admin/groups/{id}/members"),
    ("get", "/api/v1/admin/audit"),
    ("get", "/api/v1/admin/sign-in/oidc"),
    ("put", "/api/v1/admin/sign-in/oidc"),
    ("get", "/api/v1/admin/accounts/{id}/external-id"),
    ("put", "/api/v1/admin/accounts/{id}/external-id"),
    ("post", "/api/v1/messages"),
    ("get", "/api/v1/messages"),
    ("get", "/api/v1/messages/unread-count"),
    ("get", "/api/v1/messages/address-book"),
    ("get", "/api/v1/messages/{id}"),
    ("delete", "/api/v1/messages/{id}"),
    ("get", "/api/v1/messages/{id}/receipts"),
    ("post", "/api/v1/messages/{id}/misdirected"),
    ("post", "/api/v1/messages/{id}/restore"),
    ("get", "/api/v1/calendar"),
    ("get", "/api/v1/start"),
    ("get", "/api/v1/admin/school-year"),
    ("put", "/api/v1/admin/school-year"),
    ("post", "/api/v1/calendar/activities"),
    ("get", "/api/v1/calendar/activities/{id}"),
    ("put", "/api/v1/calendar/activities/{id}"),
    ("delete", "/api/v1/calendar/activities/{id}"),
    ("get", "/api/v1/calendar/feeds"),
    ("post", "/api/v1/calendar/feeds"),
    ("delete", "/api/v1/calendar/feeds/{id}"),
    ("post", "/api/v1/calendar/feeds/{id}/renew"),
    ("get", "/api/v1/admin/free-days"),
    ("put", "/api/v1/admin/free-days"),
    ("get", "/api/v1/admin/quiet-hours"),
    ("put", "/api/v1/admin/quiet-hours"),
    ("get", "/api/v1/admin/outbox"),
    ("get", "/api/v1/me/notification-settings"),
    ("put", "/api/v1/me/notification-settings"),
    ("post", "/api/v1/me/forward-email/confirm"),
    ("get", "/api/v1/news"),
    ("post", "/api/v1/news"),
    ("get", "/api/v1/news/{id}"),
    ("put", "/api/v1/news/{id}"),
    ("delete", "/api/v1/news/{id}"),
    ("get", "/api/v1/absence-codes"),
    ("put", "/api/v1/admin/absence-codes"),
    ("get", "/api/v1/admin/absence-administrators"),
    ("put", "/api/v1/admin/absence-administrators"),
    ("get", "/api/v1/classes"),
    ("get", "/api/v1/classes/{group_id}/register/{date}/{half}"),
    ("put", "/api/v1/classes/{group_id}/register/{date}/{half}"),
    ("put", "/api/v1/absences/{pupil_id}/{date}/{half}"),
    ("delete", "/api/v1/absences/{pupil_id}/{date}/{half}"),
    ("get", "/api/v1/absences"),
    ("get", "/api/v1/absences/{pupil_id}/changes"),
    ("get", "/api/v1/absences/follow-up"),
    ("get", "/api/v1/absences/export.csv"),
    ("get", "/api/v1/children"),
    ("get", "/api/v1/children/{pupil_id}/absences"),
    ("post", "/api/v1/children/{pupil_id}/absence-notes"),
    ("get", "/api/v1/openapi.json"),
];

fn operations(doc: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch"] {
            if item.get(method).is_some() {
                found.push((method.to_owned(), path.clone()));
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn the_description_lists_exactly_the_endpoints_of_the_api() {
    let app = TestApp::new().await;

    let doc = description(&app).await;

    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut expected: Vec<(String, String)> = ENDPOINTS
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(operations(&doc), expected);
}

#[tokio::test]
async fn every_operation_documents_a_success_answer_and_its_problems() {
    let app = TestApp::new().await;

    let doc = description(&app).await;

    for (method, path) in operations(&doc) {
        let operation = &doc["paths"][&path][&method];
        let responses = operation["responses"].as_object().unwrap();
        assert!(
            responses.keys().any(|status| status.starts_with('2')),
            "{method} {path} has no success answer"
        );
        for (status, response) in responses {
            if status.starts_with('4') {
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{method} {path} {status} is not described as a problem"
                );
            }
        }
        if ["post", "put"].contains(&method.as_str()) && operation.get("requestBody").is_some() {
            assert!(
                operation["requestBody"]["content"]["application/json"]["schema"].is_object(),
                "{method} {path} has no request schema"
            );
        }
    }
}

#[tokio::test]
async fn the_schemas_name_the_contracts_fields() {
    let app = TestApp::new().await;

    let doc = description(&app).await;

    let schemas = &doc["components"]["schemas"];
    let me = schemas["MeView"]["properties"].as_object().unwrap();
    for field in [
        "id",
        "school",
        "school_name",
        "username",
        "first_name",
        "last_name",
        "kind",
        "roles",
        "pupil",
        "slot",
        "relation",
        "terms_accepted",
    ] {
        assert!(me.contains_key(field), "Me lacks {field}");
    }
    let account = schemas["AccountView"]["properties"].as_object().unwrap();
    for field in [
        "id",
        "username",
        "first_name",
        "last_name",
        "kind",
        "roles",
        "birth_date",
        "email",
        "pupil_id",
        "slot",
        "relation",
        "active_until",
        "created_at",
    ] {
        assert!(account.contains_key(field), "Account lacks {field}");
    }
    let problem = schemas["Problem"]["properties"].as_object().unwrap();
    for field in ["type", "title", "status", "detail", "errors"] {
        assert!(problem.contains_key(field), "Problem lacks {field}");
    }
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert!(schemes.contains_key("bearer") && schemes.contains_key("cookie"));
}

#[tokio::test]
async fn every_described_operation_is_routed() {
    let app = TestApp::new().await;
    let token = admin(&app).await;
    let doc = description(&app).await;
    let id = uuid::Uuid::now_v7().to_string();

    for (method, path) in operations(&doc) {
        if method == "delete" && ["/api/v1/session", "/api/v1/me/sessions"].contains(&path.as_str())
        {
            // Would end the admin's session; covered by session.rs and logout_everywhere.rs.
            continue;
        }
        let uri = path
            .replace("{id}", &id)
            .replace("{group_id}", &id)
            .replace("{pupil_id}", &id)
            .replace("{date}", "2026-09-01")
            .replace("{half}", "am");
        let request = if ["post", "put"].contains(&method.as_str()) {
            json_request(&method.to_uppercase(), &uri, Some(&token), &json!({}))
        } else {
            empty_request(&method.to_uppercase(), &uri, Some(&token))
        };
        let response = app.send(request).await;
        let status = response.status();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if status == StatusCode::NOT_FOUND {
            assert_ne!(
                body_json(response).await["detail"],
                "no such endpoint",
                "{method} {path} is described but not routed"
            );
        }
    }
}

/// Every `$ref` in `value`, wherever it is.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                found.push(r.clone());
            }
            map.values().for_each(|v| references(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_of_the_description_resolves() {
    let app = TestApp::new().await;

    let doc = description(&app).await;

    let mut found = Vec::new();
    references(&doc, &mut found);
    assert!(
        found.contains(&"#/components/schemas/FolderName".to_owned()),
        "the folder parameter names its schema"
    );
    for reference in found {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{reference} is not a schema reference"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{reference} points nowhere"
        );
    }
}

#[tokio::test]
async fn every_request_body_is_required_and_carries_the_servers_constraints() {
    let app = TestApp::new().await;

    let doc = description(&app).await;

    for (method, path) in operations(&doc) {
        let operation = &doc["paths"][&path][&method];
        if let Some(body) = operation.get("requestBody") {
            assert_eq!(
                body["required"], true,
                "{method} {path}: a body is required"
            );
        }
    }
    let schemas = &doc["components"]["schemas"];
    let new_account = &schemas["NewAccountRequest"]["properties"];
    assert!(new_account["username"]["pattern"].is_string());
    assert!(new_account["first_name"]["pattern"].is_string());
    assert_eq!(new_account["roles"]["anyOf"].as_array().unwrap().len(), 2);
    assert_eq!(
        schemas["NewCoAccountRequest"]["properties"]["slot"]["maximum"],
        6
    );
    assert!(schemas["NewMessageRequest"]["properties"]["subject"]["pattern"].is_string());
    assert_eq!(
        schemas["MembersRequest"]["properties"]["members"]["maxItems"],
        5000
    );
    assert_eq!(schemas["AccountRecipient"]["additionalProperties"], false);
}

#[tokio::test]
async fn a_query_value_the_description_refuses_answers_422_on_its_field() {
    let app = TestApp::new().await;
    let token = admin(&app).await;

    for (uri, field, code) in [
        ("/api/v1/admin/accounts?limit=0", "limit", "out_of_range"),
        ("/api/v1/admin/accounts?limit=201", "limit", "out_of_range"),
        ("/api/v1/admin/accounts?limit=", "limit", "invalid"),
        ("/api/v1/admin/accounts?role=", "role", "unknown_role"),
        ("/api/v1/admin/accounts?after=", "after", "malformed_cursor"),
        ("/api/v1/admin/audit?account=", "account", "invalid"),
        ("/api/v1/admin/outbox?status=", "status", "unknown_status"),
        ("/api/v1/messages?folder=", "folder", "unknown_folder"),
        ("/api/v1/messages?folder=Inbox", "folder", "unknown_folder"),
    ] {
        let response = app.send(empty_request("GET", uri, Some(&token))).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        let problem = body_json(response).await;
        assert_eq!(problem["errors"][0]["field"], field, "{uri}");
        assert_eq!(problem["errors"][0]["code"], code, "{uri}");
    }
    // Counted as sent: 100 letters after a space are 101 characters.
    let long = "a".repeat(100);
    let response = app
        .send(empty_request(
            "GET",
            &format!("/api/v1/admin/accounts?q=%20{long}"),
            Some(&token),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A blank search is no filter at all.
    let response = app
        .send(empty_request(
            "GET",
            "/api/v1/admin/accounts?q=",
            Some(&token),
        ))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_reference_page_lists_every_operation() {
    let app = TestApp::new().await;
    let doc = description(&app).await;

    let response = app.send(empty_request("GET", "/api/docs", None)).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = crate::support::body_text(response).await;
    assert!(html.contains("<code class=\"api-method\">POST</code> <code>/api/v1/messages</code>"));
    assert!(!html.contains("<script"), "the page needs no script");
    for (method, path) in operations(&doc) {
        let shown = format!(
            "<code class=\"api-method\">{}</code> <code>{path}</code>",
            method.to_uppercase()
        );
        assert!(html.contains(&shown), "{method} {path} is not on the page");
    }
    assert!(html.contains("id=\"schema-NewMessageRequest\""));
}
