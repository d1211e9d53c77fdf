//! The index entries a record implies, and the composite merge keys that
//! the write path looks reports up by (see the key table in the crate doc).

use tipwatch_proto::pb;

use crate::keys::{alias_key, date_key, index_key, norm_alias, SEP};
use crate::merge;
use crate::T;

/// Index entries `(tree, key, value)`.
pub(crate) type Entries = Vec<(T, Vec<u8>, Vec<u8>)>;

/// Returns the alias scope of an organisation: its country for national
/// bodies with generic names, empty otherwise.
pub(crate) fn scope(o: &pb::Organisation) -> &str {
    use pb::OrganisationKind as K;
    match K::try_from(o.kind).unwrap_or(K::Unspecified) {
        K::GovernmentBody | K::LawEnforcement => &o.country,
        _ => "",
    }
}

/// Entries of an organisation: one alias key per name form, one word key
/// per word of them, its kind and its parent.
pub(crate) fn organisation(o: &pb::Organisation) -> Entries {
    let mut out = Entries::new();
    let mut words: Vec<String> = Vec::new();
    for form in merge::name_forms(o) {
        out.push((
            T::OrgAlias,
            alias_key(form, scope(o)),
            o.id.as_bytes().to_vec(),
        ));
        for w in norm_alias(form).split(' ') {
            if !words.iter().any(|x| x == w) {
                words.push(w.to_owned());
            }
        }
    }
    for w in words {
        out.push((T::OrgWord, index_key(w.as_bytes(), &o.id), Vec::new()));
    }
    out.push((T::OrgKind, index_key(&[o.kind as u8], &o.id), Vec::new()));
    if !o.parent.is_empty() {
        out.push((
            T::OrgParent,
            index_key(o.parent.as_bytes(), &o.id),
            Vec::new(),
        ));
    }
    out
}

/// Entries of a person: the organisation they act for.
pub(crate) fn person(p: &pb::Person) -> Entries {
    if p.organisation.is_empty() {
        return Entries::new();
    }
    vec![(
        T::PersonOrg,
        index_key(p.organisation.as_bytes(), &p.id),
        Vec::new(),
    )]
}

/// The giving side of a flow: the funder and the office it gave through.
pub(crate) fn flow_funders(f: &pb::FundingFlow) -> impl Iterator<Item = &String> {
    [&f.funder, &f.funder_office]
        .into_iter()
        .filter(|s| !s.is_empty())
}

/// The receiving side of a flow: the recipient and its office.
pub(crate) fn flow_recipients(f: &pb::FundingFlow) -> impl Iterator<Item = &String> {
    [&f.recipient, &f.recipient_office]
        .into_iter()
        .filter(|s| !s.is_empty())
}

/// Every organisation a flow is filed under: both parties and their
/// offices.
pub(crate) fn flow_parties(f: &pb::FundingFlow) -> impl Iterator<Item = &String> {
    flow_funders(f).chain(flow_recipients(f))
}

/// Every organisation an event is filed under: its participants and the
/// offices they took part through.
pub(crate) fn event_parties(e: &pb::Event) -> impl Iterator<Item = &String> {
    e.participants.iter().chain(e.offices.iter())
}

/// Entries of a funding flow: funder, recipient, either party (offices
/// included, see `offices`), date and amount.
pub(crate) fn flow(f: &pb::FundingFlow) -> Entries {
    let amount = f.amount.as_ref().map_or(0u128, |m| {
        (m.units.max(0) as u128) * 1_000_000_000 + m.nanos.max(0) as u128
    });
    let e = |t: T, field: &[u8]| (t, index_key(field, &f.id), Vec::new());
    let mut out: Entries = Vec::with_capacity(8);
    out.extend(flow_funders(f).map(|p| e(T::FlowFunder, p.as_bytes())));
    out.extend(flow_recipients(f).map(|p| e(T::FlowRecipient, p.as_bytes())));
    out.push(e(T::FlowDate, &date_key(f.date.as_ref())));
    let mut parties: Vec<&String> = flow_parties(f).collect();
    parties.dedup();
    out.extend(parties.iter().map(|p| e(T::FlowParty, p.as_bytes())));
    out.push(e(T::FlowAmount, &amount.to_be_bytes()));
    out
}

/// Entries of an event: each participant and office, kind and date, date.
pub(crate) fn event(e: &pb::Event) -> Entries {
    let mut out: Entries = event_parties(e)
        .map(|p| {
            (
                T::EventParticipant,
                index_key(p.as_bytes(), &e.id),
                Vec::new(),
            )
        })
        .collect();
    let date = date_key(e.date.as_ref());
    let mut kd = vec![e.kind as u8];
    kd.extend_from_slice(&date);
    out.push((T::EventKindDate, index_key(&kd, &e.id), Vec::new()));
    out.push((T::EventDate, index_key(&date, &e.id), Vec::new()));
    out
}

/// The year of a date as 4 big-endian bytes (0 when unknown).
pub(crate) fn year_key(d: Option<&pb::Date>) -> [u8; 4] {
    (d.map_or(0, |d| d.year.clamp(0, 9999)) as u32).to_be_bytes()
}

/// Prefix of the flow merge keys of a funder family and recipient family:
/// `funder family ++ 0x00 ++ recipient family ++ 0x00`.
pub(crate) fn flow_pair(funder_family: &str, recipient_family: &str) -> Vec<u8> {
    let mut k = funder_family.as_bytes().to_vec();
    k.push(SEP);
    k.extend_from_slice(recipient_family.as_bytes());
    k.push(SEP);
    k
}

/// Appends `year (4 bytes) ++ 0x00` to a merge key prefix.
pub(crate) fn with_year(prefix: &[u8], year: [u8; 4]) -> Vec<u8> {
    let mut k = prefix.to_vec();
    k.extend_from_slice(&year);
    k.push(SEP);
    k
}

/// Prefix of the event merge keys of one participant:
/// `kind (1 byte) ++ participant id ++ 0x00`.
pub(crate) fn event_participant(kind: i32, participant: &str) -> Vec<u8> {
    let mut k = vec![kind as u8];
    k.extend_from_slice(participant.as_bytes());
    k.push(SEP);
    k
}

/// Prefix of the event merge keys of a place (its first comma-separated
/// part, normalised): `kind (1 byte) ++ "@" ++ place ++ 0x00`.
pub(crate) fn event_place(kind: i32, location: &str) -> Option<Vec<u8>> {
    let place = norm_alias(location.split(',').next().unwrap_or(""));
    if place.is_empty() {
        return None;
    }
    let mut k = vec![kind as u8, b'@'];
    k.extend_from_slice(place.as_bytes());
    k.push(SEP);
    Some(k)
}

/// The merge keys of an event: one per participant (at most
/// [`merge::MAX_PARTICIPANTS`]) and one for its place, each ending in its
/// year and id.
pub(crate) fn event_merge_keys(e: &pb::Event) -> Vec<Vec<u8>> {
    let year = year_key(e.date.as_ref());
    let mut out: Vec<Vec<u8>> = e
        .participants
        .iter()
        .map(|p| {
            let mut k = with_year(&event_participant(e.kind, p), year);
            k.extend_from_slice(e.id.as_bytes());
            k
        })
        .collect();
    if let Some(place) = event_place(e.kind, &e.location) {
        let mut k = with_year(&place, year);
        k.extend_from_slice(e.id.as_bytes());
        out.push(k);
    }
    out
}

/// Key of one document's mention of one record: `record ++ 0x00 ++ document`.
pub(crate) fn mention_key(record: &str, document: &str) -> Vec<u8> {
    index_key(record.as_bytes(), document)
}
