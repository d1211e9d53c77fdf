use super::*;

#[test]
fn trigger_families_expand_to_their_word_forms() {
    let v = Regex::new(&family_pattern("v:launch").unwrap()).unwrap();
    for w in ["launch", "launches", "launched", "launching"] {
        assert!(v.is_match(w), "{w}");
    }
    assert!(!v.is_match("launcher"));
    let v = Regex::new(&family_pattern("v:donate").unwrap()).unwrap();
    for w in ["donate", "donates", "donated", "donating"] {
        assert!(v.is_match(w), "{w}");
    }
    let n = Regex::new(&family_pattern("n:workshop").unwrap()).unwrap();
    assert!(n.is_match("two workshops") && !n.is_match("workshopping"));
    assert_eq!(family_pattern("x:odd"), None);
}

#[test]
fn every_kind_has_a_trigger_family() {
    let kinds: Vec<EventKind> = patterns().triggers.iter().map(|t| t.0).collect();
    assert_eq!(kinds.len(), 8, "{kinds:?}");
    // A training is looked for before a workshop.
    let t = kinds.iter().position(|k| *k == EventKind::Training);
    let w = kinds.iter().position(|k| *k == EventKind::Workshop);
    assert!(t < w);
}
