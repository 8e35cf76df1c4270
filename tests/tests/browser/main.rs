//! A real headless Chromium, driven through chromedriver, against the real binary: sign
//! in, change the password, log out, and find the start page closed afterwards.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use schoolbrug_tests::{Server, run};
use serde_json::json;

mod absences;
mod calendar;
mod oidc;

const PASSWORD: &str = "paarse olifant danst op het dak";
const NEW_PASSWORD: &str = "groene kikker zwemt in de vijver";

struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is not installed: apt-get install chromium chromium-driver (see .ci/run)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, port }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &ChromeDriver, profile: &std::path::Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=nl",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a chromium session")
}

async fn fill(browser: &Client, id: &str, value: &str) {
    let field = browser
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"));
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

async fn click(browser: &Client, id: &str) {
    browser
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Clicks a submit button and waits (up to 20 s) until the browser has landed on a page
/// whose URL satisfies `landed`: a click returns before the navigation it starts is done.
async fn submit(browser: &Client, id: &str, landed: impl Fn(&url::Url) -> bool) {
    click(browser, id).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let url = browser.current_url().await.unwrap();
        if landed(&url) {
            // The new page is there; let it finish loading before it is read.
            let _ = browser.find(Locator::Css("footer")).await;
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "#{id} did not lead on from {url}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn body_text(browser: &Client) -> String {
    browser
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_user_signs_in_changes_the_password_and_logs_out_in_chromium() {
    // Arrange: a school whose admin has a password, on the real binary.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    let out = run(
        &[
            "school",
            "create",
            "--slug",
            "sint-jan",
            "--name",
            "Sint-Jan",
            "--admin",
            "beheerder",
            "--json",
        ],
        &[("SCHOOLBRUG_DATA_DIR", data)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let server = Server::start(&["--data-dir", data], &[]);
    let base = server.base();
    let driver = ChromeDriver::start();
    let browser = browser(&driver, &dir.path().join("chromium-profile")).await;

    // The admin sets the first password with the one-time code, in the browser.
    browser
        .goto(&format!("{base}/password/reset"))
        .await
        .unwrap();
    fill(&browser, "username", "beheerder").await;
    fill(&browser, "code", created["code"].as_str().unwrap()).await;
    fill(&browser, "new", PASSWORD).await;
    fill(&browser, "repeat", PASSWORD).await;
    submit(&browser, "reset-submit", |u| u.path() == "/login").await;

    // Sign in.
    browser.goto(&format!("{base}/login")).await.unwrap();
    fill(&browser, "username", "beheerder").await;
    fill(&browser, "password", PASSWORD).await;
    submit(&browser, "login-submit", |u| u.path() == "/").await;
    let start = body_text(&browser).await;
    assert!(
        start.contains("beheerder") || start.contains("Beheerder"),
        "start page: {start}"
    );
    assert_eq!(browser.current_url().await.unwrap().path(), "/");

    // Change the password.
    browser.goto(&format!("{base}/password")).await.unwrap();
    fill(&browser, "current", PASSWORD).await;
    fill(&browser, "new", NEW_PASSWORD).await;
    fill(&browser, "repeat", NEW_PASSWORD).await;
    submit(&browser, "password-submit", |u| {
        u.query().is_some_and(|q| q.contains("changed"))
    })
    .await;
    let changed = body_text(&browser).await;
    assert!(
        !changed.contains("too_short") && !changed.to_lowercase().contains("fout"),
        "{changed}"
    );

    // Log out; the start page is closed afterwards.
    browser.goto(&format!("{base}/")).await.unwrap();
    submit(&browser, "logout-submit", |u| u.path() == "/login").await;
    browser.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(browser.current_url().await.unwrap().path(), "/login");

    // The new password works, the old one does not.
    let client = reqwest::Client::new();
    let old = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "beheerder", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), reqwest::StatusCode::UNAUTHORIZED);
    let new = client
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "beheerder", "password": NEW_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), reqwest::StatusCode::CREATED);
    browser.close().await.unwrap();
}

/// The password of every account of the demo school.
const DEMO_PASSWORD: &str = "zonnige fiets over de brug";

/// The demo school (classes, pupils, co-accounts, staff) in `dir`, served by the real
/// binary.
fn demo_school(dir: &std::path::Path) -> Server {
    let data = dir.join("data");
    let data = data.to_str().unwrap();
    let demo = run(&["demo"], &[("SCHOOLBRUG_DATA_DIR", data)]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    Server::start(&["--data-dir", data], &[])
}

async fn sign_in_as(browser: &Client, base: &str, username: &str, password: &str) {
    browser.goto(&format!("{base}/login")).await.unwrap();
    fill(browser, "username", username).await;
    fill(browser, "password", password).await;
    submit(browser, "login-submit", |u| u.path() == "/").await;
    assert_eq!(
        browser.current_url().await.unwrap().path(),
        "/",
        "{username} signed in"
    );
}

async fn log_out(browser: &Client, base: &str) {
    browser.goto(&format!("{base}/")).await.unwrap();
    submit(browser, "logout-submit", |u| u.path() == "/login").await;
}

#[tokio::test]
async fn a_teacher_writes_to_the_parents_of_a_class_a_parent_reads_it_and_the_teacher_sees_the_receipt()
 {
    // Arrange: the demo school (classes, pupils, co-accounts, staff) on the real binary.
    let dir = tempfile::tempdir().unwrap();
    let server = demo_school(dir.path());
    let password = DEMO_PASSWORD;
    let base = server.base();
    let driver = ChromeDriver::start();
    let browser = browser(&driver, &dir.path().join("chromium-profile")).await;

    // The teacher writes to the co-accounts of 3A, asking for a reply.
    sign_in_as(&browser, &base, "mevrouw.claes", password).await;
    browser.goto(&format!("{base}/messages/new")).await.unwrap();
    browser
        .find(Locator::XPath(
            "//select[@id='to_groups']/option[contains(text(),'3A')]",
        ))
        .await
        .expect("class 3A in the recipient picker")
        .click()
        .await
        .unwrap();
    browser
        .find(Locator::Css("#audience option[value='co_accounts']"))
        .await
        .expect("the co-accounts audience")
        .click()
        .await
        .unwrap();
    fill(&browser, "subject", "Zwemles vrijdag").await;
    fill(
        &browser,
        "body",
        "Vergeet de zwemzak niet. Info: https://example.org/zwemmen",
    )
    .await;
    click(&browser, "reply_requested").await;
    submit(&browser, "send-submit", |u| {
        u.path().starts_with("/messages/") && u.path() != "/messages/new"
    })
    .await;
    let sent_url = browser.current_url().await.unwrap();
    assert!(sent_url.path().starts_with("/messages/"), "{sent_url}");
    let message_path = sent_url.path().to_owned();
    log_out(&browser, &base).await;

    // A parent of 3A finds it unread in the inbox and opens it; it shows only the class
    // label and the parent, no other parent.
    sign_in_as(&browser, &base, "noah.janssens.ouder1", password).await;
    browser.goto(&format!("{base}/messages")).await.unwrap();
    let inbox = body_text(&browser).await;
    assert!(inbox.contains("Zwemles vrijdag"), "inbox: {inbox}");
    browser
        .find(Locator::LinkText("Zwemles vrijdag"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let read = body_text(&browser).await;
    assert!(read.contains("Vergeet de zwemzak niet"), "{read}");
    let to = browser
        .find(Locator::Id("message-to"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(to.contains("3A"), "to: {to}");
    assert!(
        !read.contains("Ouder van Lotte"),
        "a blind copy shows no other parent: {read}"
    );
    assert!(
        browser
            .find(Locator::Css(
                "#message-body a[href='https://example.org/zwemmen']"
            ))
            .await
            .is_ok()
    );
    log_out(&browser, &base).await;

    // The teacher sees who read it.
    sign_in_as(&browser, &base, "mevrouw.claes", password).await;
    browser
        .goto(&format!("{base}{message_path}/receipts"))
        .await
        .unwrap();
    let rows = browser
        .find_all(Locator::Css("#receipts tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "two parents in 3A");
    let mut read_by = Vec::new();
    for row in rows {
        let class = row.attr("class").await.unwrap().unwrap_or_default();
        let text = row.text().await.unwrap();
        if class.contains("read") && !class.contains("unread") {
            read_by.push(text);
        }
    }
    assert_eq!(read_by.len(), 1, "exactly one parent read it");
    assert!(read_by[0].contains("Noah"), "{read_by:?}");
    browser.close().await.unwrap();
}

/// Waits (up to 20 s) until the page has an element matching `css` (the language of the
/// page is the headless browser's, so the tests look for elements, not words).
async fn wait_for(browser: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while browser.find(Locator::Css(css)).await.is_err() {
        if Instant::now() >= deadline {
            let url = browser.current_url().await.unwrap();
            let source = browser.source().await.unwrap_or_default();
            panic!("{css} never showed on {url}: {source}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the TOTP time step after `step` has begun (at most 30 s): a code is
/// accepted once, so the next sign-in needs the next step's code.
async fn next_step_after(step: i64) {
    while schoolbrug_accounts::model::second_factor::step_of(chrono::Utc::now()) <= step {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_teacher_enrols_a_second_factor_signs_in_with_its_code_and_a_replayed_code_is_refused() {
    use schoolbrug_accounts::model::TotpSecret;
    use schoolbrug_accounts::model::second_factor::step_of;

    // Arrange: the demo school on the real binary.
    let dir = tempfile::tempdir().unwrap();
    let server = demo_school(dir.path());
    let password = DEMO_PASSWORD;
    let base = server.base();
    let driver = ChromeDriver::start();
    let browser = browser(&driver, &dir.path().join("chromium-profile")).await;

    // The teacher sets up an authenticator app: a QR code, the link and the key.
    sign_in_as(&browser, &base, "mevrouw.claes", password).await;
    browser
        .goto(&format!("{base}/settings/second-factor"))
        .await
        .unwrap();
    // The answer has the same path as the form: wait for what only the answer holds.
    click(&browser, "second-factor-start-submit").await;
    wait_for(&browser, "#totp-qr").await;
    let qr = browser
        .find(Locator::Id("totp-qr"))
        .await
        .expect("the QR code")
        .attr("src")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(qr.starts_with("data:image/svg+xml;base64,"), "{qr}");
    let link = browser
        .find(Locator::Id("totp-link"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(link.starts_with("otpauth://totp/"), "{link}");
    let key = browser
        .find(Locator::Id("totp-key"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The test is the authenticator app: the same TOTP code as the server computes.
    let secret = TotpSecret::from_base32(&key).expect("a base32 key");
    let confirmed_at = chrono::Utc::now();
    fill(&browser, "code", &secret.code_at(confirmed_at)).await;
    submit(&browser, "second-factor-confirm-submit", |u| {
        u.path() == "/settings/second-factor/confirm"
    })
    .await;
    let codes = browser
        .find_all(Locator::Css("#recovery-codes code"))
        .await
        .unwrap();
    assert_eq!(codes.len(), 10, "ten recovery codes, shown once");
    log_out(&browser, &base).await;

    // Signing in: the password, then the code in a second step (with the password again).
    next_step_after(step_of(confirmed_at)).await;
    browser.goto(&format!("{base}/login")).await.unwrap();
    fill(&browser, "username", "mevrouw.claes").await;
    fill(&browser, "password", password).await;
    click(&browser, "login-submit").await;
    wait_for(&browser, "#totp").await;
    let signed_in_at = chrono::Utc::now();
    let code = secret.code_at(signed_in_at);
    fill(&browser, "password", password).await;
    fill(&browser, "totp", &code).await;
    submit(&browser, "login-submit", |u| u.path() == "/").await;
    assert_eq!(browser.current_url().await.unwrap().path(), "/");
    log_out(&browser, &base).await;

    // The same code again is refused, even with the right password.
    browser.goto(&format!("{base}/login")).await.unwrap();
    fill(&browser, "username", "mevrouw.claes").await;
    fill(&browser, "password", password).await;
    click(&browser, "login-submit").await;
    wait_for(&browser, "#totp").await;
    fill(&browser, "password", password).await;
    fill(&browser, "totp", &code).await;
    click(&browser, "login-submit").await;
    // Refused: the code's field shows its error, and no session was made.
    wait_for(&browser, "#totp-error").await;
    browser.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(browser.current_url().await.unwrap().path(), "/login");
    browser.close().await.unwrap();
}
