//! Accounts seeded through the domain, with the password [`PASSWORD`]: fast, and with the
//! ids the pages tests need. The API tests seed theirs through the admin API itself
//! (`api::accounts`).

use schoolbrug_accounts::{NewAccount, NewCoAccount, SignIn};
use schoolbrug_kernel::{AccountId, Actor};

use super::app::{PASSWORD, TestApp};

impl TestApp {
    /// An account of `sint-jan` (password [`PASSWORD`]) as the domain's actor.
    pub async fn actor(&self, username: &str) -> Actor {
        let signed_in = self
            .accounts
            .sign_in(SignIn {
                school: Some("sint-jan".into()),
                username: username.into(),
                password: PASSWORD.into(),
                client: None,
                device: None,
                second_factor: None,
            })
            .await
            .unwrap();
        self.accounts.authenticate(&signed_in.token).await.unwrap()
    }

    /// A main account of `sint-jan` with one role, whose password is [`PASSWORD`].
    pub async fn main_account(
        &self,
        role: &str,
        username: &str,
        first: &str,
        last: &str,
    ) -> AccountId {
        let admin = self.actor("beheerder").await;
        let account = self
            .accounts
            .create_account(
                &admin,
                NewAccount {
                    username: username.into(),
                    first_name: first.into(),
                    last_name: last.into(),
                    roles: vec![role.into()],
                    ..NewAccount::default()
                },
            )
            .await
            .unwrap();
        self.give_password(&admin, account.id, username).await;
        account.id
    }

    /// A co-account (slot 1) of `pupil`, whose password is [`PASSWORD`].
    pub async fn co_account(
        &self,
        pupil: AccountId,
        relation: &str,
        username: &str,
        first: &str,
        last: &str,
    ) -> AccountId {
        let admin = self.actor("beheerder").await;
        let account = self
            .accounts
            .add_co_account(
                &admin,
                pupil,
                NewCoAccount {
                    slot: 1,
                    relation: relation.into(),
                    username: username.into(),
                    first_name: first.into(),
                    last_name: last.into(),
                    ..NewCoAccount::default()
                },
            )
            .await
            .unwrap();
        self.give_password(&admin, account.id, username).await;
        account.id
    }

    /// Sets [`PASSWORD`] for a new account, through a reset code as its owner would.
    async fn give_password(&self, admin: &Actor, account: AccountId, username: &str) {
        let (code, _) = self
            .accounts
            .issue_reset_code(admin, account)
            .await
            .unwrap();
        self.set_password_with_code("sint-jan", username, code.expose())
            .await;
    }
}
