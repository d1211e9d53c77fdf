//! Document reads: GetDocument and ListDocuments (without their text).

use tipwatch_proto::pb;

use super::page::{tag, Page, PageRequest, Scan};
use crate::error::{Result, StoreError};
use crate::{Store, T};

impl Store {
    /// Returns one document by resource name.
    pub fn get_document(&self, name: &str) -> Result<pb::Document> {
        if !name.starts_with("documents/") {
            return Err(StoreError::InvalidArgument {
                field: "name",
                reason: "must be documents/{id}".into(),
            });
        }
        self.load(T::Documents, name)?
            .ok_or_else(|| StoreError::NotFound(name.to_owned()))
    }

    /// Lists documents by id, without their text.
    pub fn list_documents(&self, req: &PageRequest) -> Result<Page<pb::Document>> {
        self.page(Scan::all(T::Documents, tag::DOCUMENTS), req, |k| {
            let id = String::from_utf8_lossy(k);
            let doc: Option<pb::Document> = self.load(T::Documents, &id)?;
            Ok(doc.map(|d| pb::Document {
                text: String::new(),
                ..d
            }))
        })
    }
}
