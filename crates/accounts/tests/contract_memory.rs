//! The accounts contract suite on the in-memory adapters.

use schoolbrug_accounts::memory::InMemoryAccountsStore;

schoolbrug_accounts::accounts_contract_tests!(async { InMemoryAccountsStore::new() });

mod external_identity {
    use schoolbrug_accounts::memory::{InMemoryAccountsStore, InMemoryExternalIdentities};

    schoolbrug_accounts::external_identity_contract_tests!(async {
        (
            InMemoryAccountsStore::new(),
            InMemoryExternalIdentities::new(),
        )
    });
}
schoolbrug_accounts::second_factor_contract_tests!(async { InMemoryAccountsStore::new() });
