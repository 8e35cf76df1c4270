//! Signing in with the school's identity provider (Office 365 / OpenID Connect): the
//! provider's settings, subject links, the round trip and its refusals, on a fake
//! provider.

use schoolbrug_accounts::memory::{FakeIdentityProvider, InMemoryExternalIdentities};
use schoolbrug_accounts::model::external_identity as ext;
use schoolbrug_accounts::{
    CallbackError, Completed, ExternalSignIns, ProviderAnswer, ProviderInput,
};

use super::*;

const REDIRECT: &str = "https://school.example/auth/oidc/callback";

struct Oidc {
    w: World,
    oidc: ExternalSignIns,
    erasing: Accounts,
}

async fn oidc_world() -> Oidc {
    let w = world().await;
    let store = Arc::new(InMemoryExternalIdentities::new());
    let oidc = ExternalSignIns::new(
        w.accounts.clone(),
        store.clone(),
        store.clone(),
        Arc::new(FakeIdentityProvider::new()),
    );
    let erasing = w
        .accounts
        .clone()
        .with_erasure_hook(ExternalSignIns::erasure_hook(store));
    Oidc { w, oidc, erasing }
}

fn input(issuer: &str, secret: Option<&str>) -> ProviderInput {
    ProviderInput {
        issuer: issuer.into(),
        client_id: "client-1".into(),
        client_secret: secret.map(str::to_owned),
    }
}

impl Oidc {
    async fn with_provider(self) -> Self {
        self.oidc
            .set_provider(
                &self.w.admin,
                Some(input("https://idp.example/tenant", Some("s3cret"))),
            )
            .await
            .unwrap();
        self
    }

    /// Goes to the provider and back with `code`, as the browser would.
    async fn round_trip(
        &self,
        code: &str,
        signed_in_as: Option<AccountId>,
    ) -> Result<Completed, CallbackError> {
        let (_url, state) = self.oidc.start_sign_in(None, REDIRECT).await.unwrap();
        self.answer(&state, code, signed_in_as).await
    }

    async fn answer(
        &self,
        state: &str,
        code: &str,
        signed_in_as: Option<AccountId>,
    ) -> Result<Completed, CallbackError> {
        self.oidc
            .complete(ProviderAnswer {
                state: state.into(),
                code: code.into(),
                signed_in_as,
                client: Some("198.51.100.7".into()),
                redirect: REDIRECT.into(),
            })
            .await
    }

    async fn kinds(&self, account: Option<AccountId>) -> Vec<AuditKind> {
        self.w
            .accounts
            .audit_events(&self.w.admin, account, &PageRequest::first())
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.kind)
            .collect()
    }
}

#[tokio::test]
async fn an_admin_sets_the_provider_and_never_sees_the_secret_back() {
    let o = oidc_world().await;
    assert_eq!(o.oidc.provider(&o.w.admin).await.unwrap(), None);
    let o = o.with_provider().await;
    let view = o.oidc.provider(&o.w.admin).await.unwrap().unwrap();
    assert_eq!(view.issuer, "https://idp.example/tenant");
    assert_eq!(view.client_id, "client-1");
    assert!(view.client_secret_set);
    assert!(!format!("{view:?}").contains("s3cret"));
    // A blank secret keeps the stored one.
    o.oidc
        .set_provider(&o.w.admin, Some(input("https://idp.example/other", None)))
        .await
        .unwrap();
    assert!(
        o.oidc
            .provider(&o.w.admin)
            .await
            .unwrap()
            .unwrap()
            .client_secret_set
    );
    assert!(o.kinds(None).await.contains(&ext::SIGN_IN_PROVIDER_CHANGED));
    o.oidc.set_provider(&o.w.admin, None).await.unwrap();
    assert_eq!(o.oidc.provider(&o.w.admin).await.unwrap(), None);
    assert!(o.oidc.school_with_provider(None).await.unwrap().is_none());
}

#[tokio::test]
async fn a_shared_microsoft_issuer_or_plain_http_is_refused() {
    let o = oidc_world().await;
    for (issuer, code) in [
        (
            "https://login.microsoftonline.com/common/v2.0",
            "multi_tenant_issuer",
        ),
        (
            "https://login.microsoftonline.com/organizations/v2.0",
            "multi_tenant_issuer",
        ),
        (
            "https://login.microsoftonline.com/{tenantid}/v2.0",
            "multi_tenant_issuer",
        ),
        ("http://idp.example", "insecure"),
    ] {
        let e = o
            .oidc
            .set_provider(&o.w.admin, Some(input(issuer, Some("s"))))
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AccountsError::Invalid(f) if f[0].field == "issuer" && f[0].code == code),
            "{issuer}: {e:?}"
        );
    }
    let e = o
        .oidc
        .set_provider(&o.w.admin, Some(input("https://idp.example", None)))
        .await
        .unwrap_err();
    assert!(matches!(&e, AccountsError::Invalid(f) if f[0].field == "client_secret"));
    assert_eq!(o.oidc.provider(&o.w.admin).await.unwrap(), None);
}

#[tokio::test]
async fn only_admins_manage_the_provider_and_links() {
    let o = oidc_world().await.with_provider().await;
    let pupil = o.w.pupil("lotte").await;
    let (actor, _) = o.w.actor("lotte").await;
    assert!(matches!(
        o.oidc.provider(&actor).await,
        Err(AccountsError::NotFound)
    ));
    assert!(matches!(
        o.oidc.set_provider(&actor, None).await,
        Err(AccountsError::NotFound)
    ));
    assert!(matches!(
        o.oidc.set_external_id(&actor, pupil, Some("sub")).await,
        Err(AccountsError::NotFound)
    ));
    assert!(matches!(
        o.oidc
            .set_external_id(&o.w.admin, AccountId::new(), Some("sub"))
            .await,
        Err(AccountsError::NotFound)
    ));
}

#[tokio::test]
async fn a_linked_pupil_signs_in_with_the_provider_like_with_a_password() {
    let o = oidc_world().await.with_provider().await;
    let pupil = o.w.pupil("lotte").await;
    o.oidc
        .set_external_id(&o.w.admin, pupil, Some("sub-lotte"))
        .await
        .unwrap();
    let Completed::SignedIn(signed_in) = o.round_trip("sub:sub-lotte", None).await.unwrap() else {
        panic!("not signed in");
    };
    assert_eq!(signed_in.me.account.id, pupil);
    let actor = o.w.accounts.authenticate(&signed_in.token).await.unwrap();
    assert_eq!(actor.account, pupil);
    // The password still works too.
    sign_in(&o.w.accounts, "lotte", PASSWORD).await.unwrap();
    let kinds = o.kinds(Some(pupil)).await;
    assert!(kinds.contains(&ext::EXTERNAL_ID_LINKED), "{kinds:?}");
    assert!(
        kinds.contains(&ext::SIGN_IN_SUCCEEDED_WITH_PROVIDER),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn an_unknown_subject_is_refused_and_never_created() {
    let o = oidc_world().await.with_provider().await;
    let before =
        o.w.accounts
            .list_accounts(&o.w.admin, &Default::default(), &PageRequest::first())
            .await
            .unwrap()
            .items
            .len();
    let e = o.round_trip("sub:stranger", None).await.unwrap_err();
    assert!(matches!(e, CallbackError::UnknownSubject), "{e:?}");
    let after =
        o.w.accounts
            .list_accounts(&o.w.admin, &Default::default(), &PageRequest::first())
            .await
            .unwrap()
            .items
            .len();
    assert_eq!(before, after);
    assert!(
        o.kinds(None)
            .await
            .contains(&ext::SIGN_IN_FAILED_WITH_PROVIDER)
    );
}

#[tokio::test]
async fn a_state_not_issued_reused_or_expired_is_refused() {
    let o = oidc_world().await.with_provider().await;
    let pupil = o.w.pupil("lotte").await;
    o.oidc
        .set_external_id(&o.w.admin, pupil, Some("sub-lotte"))
        .await
        .unwrap();
    let e = o
        .answer("made-up", "sub:sub-lotte", None)
        .await
        .unwrap_err();
    assert!(matches!(e, CallbackError::StateRefused), "{e:?}");

    let (_, state) = o.oidc.start_sign_in(None, REDIRECT).await.unwrap();
    assert!(o.answer(&state, "sub:sub-lotte", None).await.is_ok());
    let reused = o.answer(&state, "sub:sub-lotte", None).await.unwrap_err();
    assert!(matches!(reused, CallbackError::StateRefused), "{reused:?}");

    let (_, state) = o.oidc.start_sign_in(None, REDIRECT).await.unwrap();
    o.w.clock.advance(Duration::minutes(10));
    let expired = o.answer(&state, "sub:sub-lotte", None).await.unwrap_err();
    assert!(
        matches!(expired, CallbackError::StateRefused),
        "{expired:?}"
    );
}

#[tokio::test]
async fn a_refused_code_signs_nobody_in() {
    let o = oidc_world().await.with_provider().await;
    let e = o.round_trip("wrong", None).await.unwrap_err();
    assert!(matches!(e, CallbackError::Provider(_)), "{e:?}");
}

#[tokio::test]
async fn a_school_without_a_provider_has_no_round_trip() {
    let o = oidc_world().await;
    assert!(matches!(
        o.oidc.start_sign_in(None, REDIRECT).await,
        Err(AccountsError::NotFound)
    ));
    let pupil = o.w.pupil("lotte").await;
    let e = o
        .oidc
        .set_external_id(&o.w.admin, pupil, Some("sub"))
        .await
        .unwrap_err();
    assert!(matches!(&e, AccountsError::Invalid(f) if f[0].code == "no_provider"));
}

#[tokio::test]
async fn co_accounts_cannot_be_linked_and_a_subject_links_one_account() {
    let o = oidc_world().await.with_provider().await;
    let pupil = o.w.pupil("lotte").await;
    let other = o.w.pupil("jonas").await;
    let co = o.w.co_account(pupil, "mama.lotte", 1).await.unwrap();
    let e = o
        .oidc
        .set_external_id(&o.w.admin, co, Some("sub-mama"))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AccountsError::Invalid(f) if f[0].field == "subject" && f[0].code == "co_account"),
        "{e:?}"
    );
    let (co_actor, _) = o.w.actor("mama.lotte").await;
    assert!(matches!(
        o.oidc.start_link(&co_actor, REDIRECT).await,
        Err(AccountsError::Invalid(_))
    ));
    o.oidc
        .set_external_id(&o.w.admin, pupil, Some("sub-1"))
        .await
        .unwrap();
    let taken = o
        .oidc
        .set_external_id(&o.w.admin, other, Some("sub-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&taken, AccountsError::Conflict(c) if c.code() == "subject_linked"),
        "{taken:?}"
    );
    assert_eq!(o.oidc.external_id(&o.w.admin, other).await.unwrap(), None);
    o.oidc
        .set_external_id(&o.w.admin, pupil, None)
        .await
        .unwrap();
    assert_eq!(o.oidc.external_id(&o.w.admin, pupil).await.unwrap(), None);
    assert!(
        o.kinds(Some(pupil))
            .await
            .contains(&ext::EXTERNAL_ID_UNLINKED)
    );
}

#[tokio::test]
async fn a_user_links_their_own_account_in_their_own_session_only() {
    let o = oidc_world().await.with_provider().await;
    let pupil = o.w.pupil("lotte").await;
    let (actor, _) = o.w.actor("lotte").await;

    // Completed in another browser (no session, or someone else's): refused.
    let (_, state) = o.oidc.start_link(&actor, REDIRECT).await.unwrap();
    let e = o.answer(&state, "sub:sub-lotte", None).await.unwrap_err();
    assert!(matches!(e, CallbackError::StateRefused), "{e:?}");
    assert_eq!(o.oidc.external_id(&o.w.admin, pupil).await.unwrap(), None);

    let (_, state) = o.oidc.start_link(&actor, REDIRECT).await.unwrap();
    let done = o
        .answer(&state, "sub:sub-lotte", Some(pupil))
        .await
        .unwrap();
    assert!(matches!(done, Completed::Linked));
    assert_eq!(
        o.oidc
            .external_id(&o.w.admin, pupil)
            .await
            .unwrap()
            .unwrap()
            .as_str(),
        "sub-lotte"
    );
    assert!(matches!(
        o.round_trip("sub:sub-lotte", None).await.unwrap(),
        Completed::SignedIn(_)
    ));
}

#[tokio::test]
async fn erasing_an_account_removes_its_link() {
    let o = oidc_world().await.with_provider().await;
    let pupil = o.w.pupil("lotte").await;
    o.oidc
        .set_external_id(&o.w.admin, pupil, Some("sub-lotte"))
        .await
        .unwrap();
    o.erasing.erase_account(&o.w.admin, pupil).await.unwrap();
    let e = o.round_trip("sub:sub-lotte", None).await.unwrap_err();
    assert!(matches!(e, CallbackError::UnknownSubject), "{e:?}");
    let again = o.w.pupil("lotte2").await;
    o.oidc
        .set_external_id(&o.w.admin, again, Some("sub-lotte"))
        .await
        .unwrap();
}
