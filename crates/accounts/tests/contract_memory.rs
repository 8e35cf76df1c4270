//! The accounts contract suite on the in-memory adapters.

use schoolbrug_accounts::memory::InMemoryAccountsStore;

schoolbrug_accounts::accounts_contract_tests!(async { InMemoryAccountsStore::new() });
schoolbrug_accounts::second_factor_contract_tests!(async { InMemoryAccountsStore::new() });
