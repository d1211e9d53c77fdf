//! Organisation reads: name look-ups, families (an organisation with its
//! offices and wings), GetOrganisation and ListOrganisations.

use tipwatch_proto::{pb, raw};

use super::output::{encode_page, value_as, Basic, Output, Stored};
use super::page::{tag, Page, PageRequest, Scan};
use crate::error::{Result, StoreError};
use crate::keys::{alias_prefix, id_of, index_key, norm_alias, trailing_id, SEP};
use crate::merge::name_forms;
use crate::{Store, T};

/// Filters of ListOrganisations.
#[derive(Clone, Debug, Default)]
pub struct OrganisationFilter {
    /// `OrganisationKind` value; 0 for any.
    pub kind: i32,
    /// Word prefixes that a name form must start with; empty for any.
    pub query: String,
}

/// Most organisations (itself, offices, their offices) that
/// `include_children` reads.
pub const MAX_FAMILY: usize = 64;

impl Store {
    /// Returns the ids of the organisations that `name` names: a resource
    /// name, or any name, acronym or alias (case-insensitive).
    pub fn find_organisations(&self, name: &str) -> Result<Vec<String>> {
        let name = name.trim();
        if name.starts_with("organisations/") {
            let exists = self.tree(T::Organisations).contains_key(name.as_bytes())?;
            return Ok(if exists {
                vec![name.to_owned()]
            } else {
                Vec::new()
            });
        }
        let mut ids = Vec::new();
        // The name as given, then its canonical name when it is a known
        // variant ("UN Migration Agency").
        let forms = std::iter::once(name).chain(crate::naming::canonical(name));
        for form in forms {
            for kv in self
                .tree(T::OrgAlias)
                .scan_prefix(alias_prefix(form))
                .take(MAX_FAMILY)
            {
                let (_, v) = kv?;
                let id = String::from_utf8_lossy(&v).into_owned();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if !ids.is_empty() {
                break;
            }
        }
        Ok(ids)
    }

    /// Returns an organisation and its offices and wings, to two levels
    /// and at most [`MAX_FAMILY`] ids, read from the parent index at query
    /// time (so a parent learnt from a later document counts at once).
    pub(super) fn family_members(&self, id: &str) -> Result<Vec<String>> {
        let mut out = vec![id.to_owned()];
        let mut i = 0;
        while i < out.len() && i <= MAX_FAMILY {
            let parent = out[i].clone();
            let depth_ok = i == 0 || self.parent_of(&parent)?.as_deref() == Some(id);
            if depth_ok {
                let prefix = index_key(parent.as_bytes(), "");
                for kv in self.tree(T::OrgParent).scan_prefix(&prefix) {
                    if out.len() >= MAX_FAMILY {
                        break;
                    }
                    let (k, _) = kv?;
                    if let Some(child) = trailing_id(&k) {
                        if !out.contains(&child) {
                            out.push(child);
                        }
                    }
                }
            }
            i += 1;
        }
        Ok(out)
    }

    /// Returns the parent of the organisation `id`, if it has one.
    fn parent_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .load::<pb::Organisation>(T::Organisations, id)?
            .map(|o| o.parent)
            .filter(|p| !p.is_empty()))
    }

    /// Resolves a name filter to one organisation id; `Ok(None)` when it
    /// names none (the list is then empty).
    pub(super) fn filter_org(&self, field: &'static str, name: &str) -> Result<Option<String>> {
        let mut ids = self.find_organisations(name)?;
        match ids.len() {
            0 => Ok(None),
            1 => Ok(ids.pop()),
            _ => Err(StoreError::Ambiguous {
                field,
                name: name.to_owned(),
                candidates: ids.join(", "),
            }),
        }
    }

    /// Returns one organisation by resource name or any of its names.
    pub fn get_organisation(&self, name: &str) -> Result<pb::Organisation> {
        self.organisation_as(name)
    }

    /// [`Store::get_organisation`], encoded as stored.
    pub fn get_organisation_encoded(&self, name: &str) -> Result<raw::Organisation> {
        let stored: Stored = self.organisation_as(name)?;
        Ok(raw::Organisation::from_encoded(stored.into_message()))
    }

    fn organisation_as<O: Output<pb::Organisation>>(&self, name: &str) -> Result<O> {
        if norm_alias(name).is_empty() {
            return Err(StoreError::InvalidArgument {
                field: "name",
                reason: "must name an organisation".into(),
            });
        }
        let id = self
            .filter_org("name", name)?
            .ok_or_else(|| StoreError::NotFound(format!("organisation {name:?}")))?;
        self.load_as::<pb::Organisation, O>(T::Organisations, &id, None)?
            .ok_or_else(|| StoreError::NotFound(id))
    }

    /// Lists organisations by kind and name query.
    pub fn list_organisations(
        &self,
        f: &OrganisationFilter,
        req: &PageRequest,
    ) -> Result<Page<pb::Organisation>> {
        self.organisations_page(f, req)
    }

    /// [`Store::list_organisations`], encoded as stored: every field when
    /// `full`, otherwise without `documents`, `evidence` and `merges`.
    pub fn list_organisations_encoded(
        &self,
        f: &OrganisationFilter,
        req: &PageRequest,
        full: bool,
    ) -> Result<raw::ListOrganisationsResponse> {
        Ok(if full {
            encode_page(&self.organisations_page::<Stored>(f, req)?)
        } else {
            encode_page(&self.organisations_page::<Basic>(f, req)?)
        })
    }

    fn organisations_page<O: Output<pb::Organisation>>(
        &self,
        f: &OrganisationFilter,
        req: &PageRequest,
    ) -> Result<Page<O>> {
        let words: Vec<String> = norm_alias(&f.query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        let kind_ok = |o: &pb::Organisation| f.kind == 0 || o.kind == f.kind;
        if let Some(first) = words.first() {
            let scan = Scan::prefix(T::OrgWord, tag::ORG_WORD, first.as_bytes().to_vec());
            return self.page(scan, req, |k| {
                let Some(sep) = k.iter().position(|b| *b == SEP) else {
                    return Ok(None);
                };
                let word = &k[..sep];
                let Some(id) = id_of(k, sep) else {
                    return Ok(None);
                };
                let keep = |o: &pb::Organisation| {
                    let own: Vec<String> = name_forms(o)
                        .flat_map(|n| {
                            norm_alias(n)
                                .split(' ')
                                .map(str::to_owned)
                                .collect::<Vec<_>>()
                        })
                        .collect();
                    let all_match = words
                        .iter()
                        .all(|w| own.iter().any(|x| x.starts_with(w.as_str())));
                    // Each organisation is listed once: under its smallest
                    // word that matches the first query word.
                    let smallest = own.iter().filter(|x| x.starts_with(first.as_str())).min();
                    let first_hit = smallest.is_some_and(|s| s.as_bytes() == word);
                    kind_ok(o) && all_match && first_hit
                };
                self.load_as::<pb::Organisation, O>(T::Organisations, &id, Some(&keep))
            });
        }
        if f.kind != 0 {
            let scan = Scan::prefix(T::OrgKind, tag::ORG_KIND, vec![f.kind as u8, SEP]);
            return self.page(scan, req, |k| {
                let id = trailing_id(k).unwrap_or_default();
                self.load_as::<pb::Organisation, O>(T::Organisations, &id, None)
            });
        }
        self.page_entries(Scan::all(T::Organisations, tag::ORGS), req, |k, v| {
            value_as::<pb::Organisation, O>(v, T::Organisations, &String::from_utf8_lossy(k), None)
        })
    }
}
