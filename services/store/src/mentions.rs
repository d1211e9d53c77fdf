//! ListMentions: every document that names or reports one record, read
//! from the mention index (`record id ++ 0x00 ++ document id`), one page
//! at a time. Records keep only their first few documents and spans.

use tipwatch_proto::pb;

use crate::codec;
use crate::error::{Result, StoreError};
use crate::keys::{index_key, norm_alias, SEP};
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
                Some(v) => Ok(Some(decode(k, &v)?)),
                None => Ok(None),
            },
        )
    }
}

/// Encodes a mention for the value of its key `record ++ 0x00 ++ document`:
/// the record and document, which the key holds, are left out, and so is
/// each span's document when it is the mention's own.
pub(crate) fn encode(m: &pb::Mention) -> Vec<u8> {
    let slim = pb::Mention {
        record: String::new(),
        document: String::new(),
        evidence: m
            .evidence
            .iter()
            .map(|e| pb::Evidence {
                document: if e.document == m.document {
                    String::new()
                } else {
                    e.document.clone()
                },
                ..e.clone()
            })
            .collect(),
        agreed: m.agreed.clone(),
    };
    codec::encode(&slim)
}

/// Decodes the value of the mention key `k`, putting back the record and
/// document from the key.
pub(crate) fn decode(k: &[u8], v: &[u8]) -> Result<pb::Mention> {
    let mut m: pb::Mention = codec::decode("idx_mention", k, v)?;
    let corrupt = || StoreError::Corrupt {
        tree: "idx_mention",
        key: String::from_utf8_lossy(k).into_owned(),
        reason: "key is not record ++ 0x00 ++ document".into(),
    };
    let sep = k.iter().position(|b| *b == SEP).ok_or_else(corrupt)?;
    m.record = String::from_utf8(k[..sep].to_vec()).map_err(|_| corrupt())?;
    m.document = String::from_utf8(k[sep + 1..].to_vec()).map_err(|_| corrupt())?;
    for e in &mut m.evidence {
        if e.document.is_empty() {
            e.document.clone_from(&m.document);
        }
    }
    Ok(m)
}
