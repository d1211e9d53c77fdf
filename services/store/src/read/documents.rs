//! Document reads: GetDocument and ListDocuments (without their text).

use tipwatch_proto::{pb, raw};

use super::output::{encode_page, value_as, Basic, Output, Stored};
use super::page::{tag, Page, PageRequest, Scan};
use crate::error::{Result, StoreError};
use crate::{Store, T};

impl Store {
    /// Returns one document by resource name.
    pub fn get_document(&self, name: &str) -> Result<pb::Document> {
        self.document_as(name)
    }

    /// [`Store::get_document`], encoded as stored.
    pub fn get_document_encoded(&self, name: &str) -> Result<raw::Document> {
        let stored: Stored = self.document_as(name)?;
        Ok(raw::Document::from_encoded(stored.into_message()))
    }

    fn document_as<O: Output<pb::Document>>(&self, name: &str) -> Result<O> {
        if !name.starts_with("documents/") {
            return Err(StoreError::InvalidArgument {
                field: "name",
                reason: "must be documents/{id}".into(),
            });
        }
        self.load_as::<pb::Document, O>(T::Documents, name, None)?
            .ok_or_else(|| StoreError::NotFound(name.to_owned()))
    }

    /// Lists documents by id, without their text.
    pub fn list_documents(&self, req: &PageRequest) -> Result<Page<pb::Document>> {
        let page = self.documents_page::<pb::Document>(req)?;
        Ok(Page {
            items: page
                .items
                .into_iter()
                .map(|d| pb::Document {
                    text: String::new(),
                    ..d
                })
                .collect(),
            next_page_token: page.next_page_token,
        })
    }

    /// [`Store::list_documents`], encoded: the stored records without
    /// their text.
    pub fn list_documents_encoded(&self, req: &PageRequest) -> Result<raw::ListDocumentsResponse> {
        Ok(encode_page(&self.documents_page::<Basic>(req)?))
    }

    fn documents_page<O: Output<pb::Document>>(&self, req: &PageRequest) -> Result<Page<O>> {
        self.page_entries(Scan::all(T::Documents, tag::DOCUMENTS), req, |k, v| {
            value_as::<pb::Document, O>(v, T::Documents, &String::from_utf8_lossy(k), None)
        })
    }
}
