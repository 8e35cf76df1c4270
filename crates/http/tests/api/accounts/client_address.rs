//! The client address the sign-in throttle counts against: the TCP peer, or what a
//! trusted proxy forwarded in `X-Forwarded-For` (issue 9, row 2); and overlong input
//! refused before it is counted (row 4).

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use schoolbrug_http::HttpConfig;
use schoolbrug_http::core::proxies::TrustedProxies;
use serde_json::json;

use crate::support::{PASSWORD, TestApp, body_json, json_request};

/// A sign-in of a made-up username, as it arrives from `peer` forwarding `forwarded`.
fn sign_in_from(peer: &str, forwarded: &str, username: &str) -> Request<Body> {
    let mut request = json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": "sint-jan", "username": username, "password": "verkeerd wachtwoord" }),
    );
    request
        .headers_mut()
        .insert("x-forwarded-for", forwarded.parse().unwrap());
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

async fn behind(proxies: &str) -> TestApp {
    TestApp::with_config(HttpConfig {
        trusted_proxies: TrustedProxies::parse(proxies).unwrap(),
        ..HttpConfig::default()
    })
    .await
}

#[tokio::test]
async fn a_forwarded_address_from_an_untrusted_peer_is_ignored() {
    let app = behind("10.0.0.0/8").await;
    for i in 0..5 {
        let response = app
            .send(sign_in_from(
                "198.51.100.7",
                &format!("203.0.113.{i}"),
                &format!("niemand{i}"),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // A new forwarded address each time changed nothing: the peer itself is throttled.
    let response = app
        .send(sign_in_from("198.51.100.7", "203.0.113.99", "niemand99"))
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_count() {
    let app = behind("10.0.0.0/8").await;
    for i in 0..5 {
        let response = app
            .send(sign_in_from(
                "10.0.0.1",
                &format!("198.51.100.7, 203.0.113.{i}"),
                &format!("niemand{i}"),
            ))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Five failures behind the proxy do not throttle the next user behind it.
    let mut right = json_request(
        "POST",
        "/api/v1/session",
        None,
        &json!({ "school": "sint-jan", "username": "beheerder", "password": PASSWORD }),
    );
    right
        .headers_mut()
        .insert("x-forwarded-for", "203.0.113.200".parse().unwrap());
    right
        .extensions_mut()
        .insert(ConnectInfo("10.0.0.1:40000".parse::<SocketAddr>().unwrap()));
    assert_eq!(app.send(right).await.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_username_longer_than_any_is_refused_422_before_it_is_counted() {
    let app = TestApp::new().await;
    let long = "a".repeat(200_000);
    for _ in 0..6 {
        let response = app.send(sign_in_from("198.51.100.7", "", &long)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = body_json(response).await;
        assert_eq!(body["errors"][0]["field"], "username");
        assert_eq!(body["errors"][0]["code"], "too_long");
    }
}
