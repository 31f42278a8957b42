//! Where evidence files are kept: through the `object_store` crate, a local
//! folder under the data directory by default, or S3-compatible storage when
//! `THIDUA_EVIDENCE_STORE=s3://bucket/prefix` (credentials, region and
//! endpoint from the usual `AWS_*` variables).

use std::sync::Arc;

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::EvidenceStore;

/// The evidence store.
#[derive(Clone, Debug)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    prefix: String,
}

impl Files {
    pub fn open(config: &EvidenceStore) -> Result<Self, String> {
        match config {
            EvidenceStore::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(dir).map_err(|e| e.to_string())?;
                Ok(Self { store: Arc::new(store), prefix: String::new() })
            }
            EvidenceStore::S3 { bucket, prefix } => {
                let store = object_store::aws::AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(|e| e.to_string())?;
                Ok(Self { store: Arc::new(store), prefix: prefix.clone() })
            }
        }
    }

    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() { Path::from(key) } else { Path::from(format!("{}/{key}", self.prefix)) }
    }

    /// Stores `bytes` under `key` (atomically: all or nothing).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), String> {
        self.store.put(&self.path(key), PutPayload::from(bytes)).await.map(|_| ()).map_err(|e| e.to_string())
    }

    /// Removes the file under `key` (used only for a file whose record was never written).
    pub async fn delete(&self, key: &str) -> Result<(), String> {
        self.store.delete(&self.path(key)).await.map_err(|e| e.to_string())
    }

    /// The bytes stored under `key`.
    pub async fn get(&self, key: &str) -> Result<actix_web::web::Bytes, String> {
        let found = self.store.get(&self.path(key)).await.map_err(|e| e.to_string())?;
        found.bytes().await.map_err(|e| e.to_string())
    }
}
