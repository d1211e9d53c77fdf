//! ListMentions: every document that names or reports one record, read
//! from the mention index (`record id ++ 0x00 ++ document id`), one page
//! at a time. Records keep only their first few documents and spans.

use tipwatch_proto::pb;

use crate::codec;
use crate::error::{Result, StoreError};
use crate::keys::{index_key, norm_alias};
use crate::read::{Page, PageRequest};
use crate::{Store, T};

impl Store {
    /// Lists the mentions of the record `name` names: a resource name of
    /// any kind, or any name of an organisation.
    pub fn list_mentions(&self, name: &str, req: &PageRequest) -> Result<Page<pb::Mention>> {
        let name = name.trim();
        let kinds = [
            ("organisations/", T::Organisations),
            ("people/", T::People),
            ("funding-flows/", T::Flows),
            ("events/", T::Events),
        ];
        let id = match kinds.iter().find(|(p, _)| name.starts_with(p)) {
            Some((_, t)) => {
                if !self.tree(*t).contains_key(name.as_bytes())? {
                    return Err(StoreError::NotFound(name.to_owned()));
                }
                name.to_owned()
            }
            None if norm_alias(name).is_empty() => {
                return Err(StoreError::InvalidArgument {
                    field: "name",
                    reason: "must name a record".into(),
                })
            }
            None => self.get_organisation(name)?.id,
        };
        let prefix = index_key(id.as_bytes(), "");
        self.page(
            crate::read::Scan::prefix(T::Mention, crate::read::tag::MENTIONS, prefix),
            req,
            |k| match self.tree(T::Mention).get(k)? {
                Some(v) => Ok(Some(codec::decode::<pb::Mention>("idx_mention", k, &v)?)),
                None => Ok(None),
            },
        )
    }
}
