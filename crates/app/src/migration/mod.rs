//! Schema migrations, written once for both SQLite and PostgreSQL. Each migration is
//! frozen once it has shipped: a change to the schema is a new migration.

use sea_orm_migration::prelude::*;

mod m20261120_000001_init;
mod m20261121_000002_gate;
mod m20261121_000003_gate_store;
mod m20261121_000004_audit;
mod m20261121_000005_shield;
mod m20261121_000006_moderation;
mod m20261121_000007_messaging;
mod m20261121_000008_office;
mod m20261202_000009_gate_learning;
mod m20261202_000010_hardening;

/// Creates an index (a helper the migrations share; what it creates is fixed by each
/// migration's arguments, so sharing it does not unfreeze them).
pub(crate) async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    if unique {
        idx.unique();
    }
    for c in cols {
        idx.col(*c);
    }
    m.create_index(idx.to_owned()).await
}

/// All migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261120_000001_init::Migration),
            Box::new(m20261121_000002_gate::Migration),
            Box::new(m20261121_000003_gate_store::Migration),
            Box::new(m20261121_000004_audit::Migration),
            Box::new(m20261121_000005_shield::Migration),
            Box::new(m20261121_000006_moderation::Migration),
            Box::new(m20261121_000007_messaging::Migration),
            Box::new(m20261121_000008_office::Migration),
            Box::new(m20261202_000009_gate_learning::Migration),
            Box::new(m20261202_000010_hardening::Migration),
        ]
    }
}
