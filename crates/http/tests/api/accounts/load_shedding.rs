//! Sign-ins while the password hasher sheds load: `POST /api/v1/session` answers 503 with
//! `Retry-After` at once, and requests that hash nothing are served as before.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use axum::http::{StatusCode, header};
use schoolbrug_accounts::model::PasswordHash;
use schoolbrug_accounts::ports::{HashError, PasswordHasher, Verification};
use serde_json::json;

use crate::support::{PASSWORD, TestApp, body_json, fast_hasher, json_request, me_status};

/// A real hasher that answers `Busy`, as a full queue does, while told to.
struct Shedding {
    inner: Arc<dyn PasswordHasher>,
    busy: AtomicBool,
}

impl Shedding {
    fn check(&self) -> Result<(), HashError> {
        if self.busy.load(Ordering::SeqCst) {
            Err(HashError::Busy {
                retry_after_secs: 2,
            })
        } else {
            Ok(())
        }
    }
}

#[async_trait]
impl PasswordHasher for Shedding {
    async fn hash(&self, password: &str) -> Result<PasswordHash, HashError> {
        self.check()?;
        self.inner.hash(password).await
    }

    async fn verify(&self, password: &str, hash: &PasswordHash) -> Result<Verification, HashError> {
        self.check()?;
        self.inner.verify(password, hash).await
    }

    async fn verify_nothing(&self, password: &str) -> Result<(), HashError> {
        self.check()?;
        self.inner.verify_nothing(password).await
    }
}

#[tokio::test]
async fn a_sign_in_the_hasher_cannot_take_answers_503_with_retry_after_and_others_are_served() {
    let hasher = Arc::new(Shedding {
        inner: fast_hasher(),
        busy: AtomicBool::new(false),
    });
    let app = TestApp::with_hasher(hasher.clone()).await;
    let token = app.sign_in("sint-jan", "beheerder", PASSWORD).await;
    hasher.busy.store(true, Ordering::SeqCst);

    let shed = app
        .send(json_request(
            "POST",
            "/api/v1/session",
            None,
            &json!({ "school": "sint-jan", "username": "beheerder", "password": PASSWORD }),
        ))
        .await;

    assert_eq!(shed.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(shed.headers()[header::RETRY_AFTER], "2");
    assert_eq!(
        shed.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert_eq!(body_json(shed).await["type"], "/problems/busy");
    assert_eq!(me_status(&app, &token).await, StatusCode::OK);

    hasher.busy.store(false, Ordering::SeqCst);
    let again = app.sign_in("sint-jan", "beheerder", PASSWORD).await;
    assert!(
        !again.is_empty(),
        "the sign-in was not counted as a failure"
    );
}
