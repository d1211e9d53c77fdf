//! The read path: point lookups and paged lists, each list reading the
//! one index that its most selective filter names, never a full scan of
//! another kind's records. One module per job:
//!
//! | module | job |
//! |---|---|
//! | `page` | index ranges, page tokens and the reader of one page |
//! | `output` | a record decoded, or as stored for answers spliced from stored bytes |
//! | `filter` | result order and date range checks shared by flows and events |
//! | `organisations` | name look-ups, families, GetOrganisation, ListOrganisations |
//! | `documents` | GetDocument, ListDocuments |
//! | `flows` | ListFundingFlows |
//! | `events` | ListEvents |
//! | `people` | ListPeople |

mod documents;
mod events;
mod filter;
mod flows;
mod organisations;
mod output;
mod page;
mod people;

pub use events::EventFilter;
pub use filter::Order;
pub use flows::FlowFilter;
pub use organisations::{OrganisationFilter, MAX_FAMILY};
pub(crate) use page::{tag, Scan};
pub use page::{Page, PageRequest, DEFAULT_PAGE_SIZE, MAX_KEYS_READ, MAX_PAGE_SIZE};
