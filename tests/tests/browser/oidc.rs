//! Signing in with the school's identity provider, in Chromium, against a real OpenID
//! Connect provider (node-oidc-provider, `tests/oidc`) on loopback: an unknown subject is
//! refused, a teacher links the account from the password page, and signs in with the
//! provider afterwards.

use std::path::PathBuf;

use super::*;

/// `node tests/oidc/provider.mjs`, killed when dropped. Every sign-in at it logs in as
/// `subject` without a form.
struct OidcProvider {
    child: Child,
    issuer: String,
}

impl OidcProvider {
    fn start(redirect_uri: &str, subject: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("oidc/provider.mjs");
        let child = Command::new("node")
            .arg(&script)
            .env("OIDC_PORT", port.to_string())
            .env("OIDC_REDIRECT_URI", redirect_uri)
            .env("OIDC_SUBJECT", subject)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node is not installed, or tests/oidc has no node_modules: see .ci/run");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the OpenID provider did not start (npm ci --prefix tests/oidc?)"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            child,
            issuer: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (up to 20 s) until the browser is on `path` of `base` and its body holds one of
/// `texts`; the body.
async fn landed_on(browser: &Client, base: &str, path: &str, texts: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = browser.current_url().await.unwrap();
        if url.as_str().starts_with(base) && url.path() == path {
            let body = body_text(browser).await;
            if texts.iter().any(|t| body.contains(t)) {
                return body;
            }
            assert!(Instant::now() < deadline, "{url}: {body}");
        }
        assert!(Instant::now() < deadline, "did not reach {path}, at {url}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_teacher_links_the_account_and_signs_in_with_the_schools_provider_in_chromium() {
    // Arrange: the demo school on the real binary, and a provider whose user is "claes-at-the-tenant".
    let dir = tempfile::tempdir().unwrap();
    let server = demo_school(dir.path());
    let password = DEMO_PASSWORD;
    let base = server.base();
    let provider =
        OidcProvider::start(&format!("{base}/auth/oidc/callback"), "claes-at-the-tenant");

    // The admin enters the school's provider through the API.
    let client = reqwest::Client::new();
    let signed_in: serde_json::Value = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "beheerder", "password": password }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin = signed_in["token"].as_str().unwrap();
    let put = client
        .put(format!("{base}/api/v1/admin/sign-in/oidc"))
        .bearer_auth(admin)
        .json(&json!({
            "issuer": provider.issuer,
            "client_id": "schoolbrug",
            "client_secret": "test-secret",
        }))
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success(), "{}", put.text().await.unwrap());

    let driver = ChromeDriver::start();
    let browser = browser(&driver, &dir.path().join("chromium-profile")).await;

    // Nobody is linked to the provider's user yet: refused, no session.
    browser.goto(&format!("{base}/login")).await.unwrap();
    click(&browser, "oidc-sign-in").await;
    landed_on(
        &browser,
        &base,
        "/auth/oidc/callback",
        &["No account linked", "Geen account gekoppeld"],
    )
    .await;
    browser.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(browser.current_url().await.unwrap().path(), "/login");

    // The teacher signs in with the password and links the account on the password page.
    sign_in_as(&browser, &base, "mevrouw.claes", password).await;
    browser.goto(&format!("{base}/password")).await.unwrap();
    click(&browser, "oidc-link-submit").await;
    landed_on(
        &browser,
        &base,
        "/auth/oidc/callback",
        &["Account linked", "Account gekoppeld"],
    )
    .await;
    log_out(&browser, &base).await;

    // From now on the provider signs her in: a session, on the start page.
    browser.goto(&format!("{base}/login")).await.unwrap();
    click(&browser, "oidc-sign-in").await;
    landed_on(&browser, &base, "/", &["Claes", "claes"]).await;
    // The session the provider's sign-in gave is hers, through the API too.
    let session = browser
        .get_named_cookie("schoolbrug_session")
        .await
        .unwrap();
    let me: serde_json::Value = client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(session.value())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "mevrouw.claes", "{me}");
    browser.close().await.unwrap();
}
