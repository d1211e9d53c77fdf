//! Person reads: ListPeople, optionally those acting for one
//! organisation.

use tipwatch_proto::pb;

use super::page::{tag, Page, PageRequest, Scan};
use crate::error::Result;
use crate::keys::{index_key, trailing_id};
use crate::{Store, T};

impl Store {
    /// Lists people, optionally those acting for one organisation.
    pub fn list_people(&self, organisation: &str, req: &PageRequest) -> Result<Page<pb::Person>> {
        let scan = match organisation.trim() {
            "" => Scan::all(T::People, tag::PEOPLE),
            n => match self.filter_org("organisation", n)? {
                Some(id) => {
                    Scan::prefix(T::PersonOrg, tag::PERSON_ORG, index_key(id.as_bytes(), ""))
                }
                None => return Ok(Page::default()),
            },
        };
        let primary = scan.tree == T::People;
        self.page(scan, req, |k| {
            let id = if primary {
                String::from_utf8_lossy(k).into_owned()
            } else {
                trailing_id(k).unwrap_or_default()
            };
            self.load(T::People, &id)
        })
    }
}
