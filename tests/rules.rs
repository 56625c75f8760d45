//! Every rule of the product, across agents: stable unique codes, documentation in ruff's
//! sections, and a kind that a registered checker handles.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

#[test]
fn every_rule_is_registered_once_and_well_described() {
    let checkers = devops_squad::all_checkers();
    let mut registry = devops_squad::core::findings::RuleRegistry::new();
    registry
        .register(devops_squad::core::generate::rules::CORE_RULES)
        .unwrap();
    registry.register(&checkers.rules()).unwrap();
    assert_eq!(registry.len(), devops_squad::all_rules().len());

    let problems: Vec<String> = registry
        .iter()
        .flat_map(|r| r.description_problems())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");

    // Names describe the pattern, so families share some (`syntax-error`); within one kind a
    // name is unique.
    let mut names: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for rule in registry.iter() {
        names
            .entry((rule.kinds[0], rule.name))
            .or_default()
            .push(rule.code);
    }
    let clashes: Vec<_> = names.iter().filter(|(_, codes)| codes.len() > 1).collect();
    assert!(
        clashes.is_empty(),
        "names shared by several rules of one kind: {clashes:?}"
    );
    assert_eq!(
        registry.find_by_name("syntax-error").len(),
        checkers.kinds().len()
    );

    // One code prefix per kind, and every checker's rules carry its kind.
    let kinds = checkers.kinds();
    for rule in checkers.rules() {
        assert!(
            rule.kinds.iter().all(|k| kinds.contains(k)),
            "{} has an unknown kind {:?}",
            rule.code,
            rule.kinds
        );
    }
    let mut prefixes: BTreeMap<&str, &str> = BTreeMap::new();
    for rule in checkers.rules() {
        let prefix = &rule.code[..2];
        let previous = prefixes.insert(prefix, rule.kinds[0]);
        assert!(
            previous.is_none_or(|k| k == rule.kinds[0]),
            "{prefix} spans kinds"
        );
    }
}
