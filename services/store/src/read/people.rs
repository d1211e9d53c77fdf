//! Person reads: ListPeople, optionally those acting for one
//! organisation.

use tipwatch_proto::{pb, raw};

use super::output::{encode_page, value_as, Basic, Output, Stored};
use super::page::{tag, Page, PageRequest, Scan};
use crate::error::Result;
use crate::keys::{index_key, trailing_id};
use crate::{Store, T};

impl Store {
    /// Lists people, optionally those acting for one organisation.
    pub fn list_people(&self, organisation: &str, req: &PageRequest) -> Result<Page<pb::Person>> {
        self.people_page(organisation, req)
    }

    /// [`Store::list_people`], encoded as stored: every field when
    /// `full`, otherwise without `documents`, `evidence` and `merges`.
    pub fn list_people_encoded(
        &self,
        organisation: &str,
        req: &PageRequest,
        full: bool,
    ) -> Result<raw::ListPeopleResponse> {
        Ok(if full {
            encode_page(&self.people_page::<Stored>(organisation, req)?)
        } else {
            encode_page(&self.people_page::<Basic>(organisation, req)?)
        })
    }

    fn people_page<O: Output<pb::Person>>(
        &self,
        organisation: &str,
        req: &PageRequest,
    ) -> Result<Page<O>> {
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
        self.page_entries(scan, req, |k, v| {
            if primary {
                value_as::<pb::Person, O>(v, T::People, &String::from_utf8_lossy(k), None)
            } else {
                let id = trailing_id(k).unwrap_or_default();
                self.load_as::<pb::Person, O>(T::People, &id, None)
            }
        })
    }
}
