//! `squad rules [RULE] [--format text|json]`: list rules, or print one rule's documentation.

use clap::{Args, ValueEnum};
use squad_core::findings::render::rules_json;

use crate::{EXIT_OK, Fatal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// A rule code (e.g. DF007) or name (e.g. image-tag-latest) to explain.
    rule: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

pub(crate) fn run(args: RulesArgs) -> Result<u8, Fatal> {
    let registry = devops_squad::all_rules();
    match args.rule {
        Some(code) if registry.find_by_name(&code).len() > 1 => {
            // A name several families use: list them, each explained by its code.
            let rules = registry.find_by_name(&code);
            match args.format {
                RulesFormat::Json => outln!("{}", rules_json(rules)),
                RulesFormat::Text => {
                    outln!(
                        "{} rules are named {code}; explain one with `squad rules CODE`:",
                        rules.len()
                    );
                    for rule in rules {
                        outln!(
                            "  {:<7} {:<16} {}",
                            rule.code,
                            rule.kinds.join(","),
                            rule.summary
                        );
                    }
                }
            }
        }
        Some(code) => {
            let rule = registry
                .get(&code)
                .ok_or_else(|| Fatal(format!("no rule {code:?}; `squad rules` lists them all")))?;
            match args.format {
                RulesFormat::Json => outln!("{}", rules_json([rule])),
                RulesFormat::Text => {
                    outln!("# {} {} ({})\n", rule.code, rule.name, rule.severity);
                    outln!("{}\n", rule.summary);
                    outln!("Applies to: {}", rule.kinds.join(", "));
                    if !rule.references.is_empty() {
                        outln!("Peer rules: {}", rule.references.join(", "));
                    }
                    outln!("\n{}", rule.doc.trim_end());
                }
            }
        }
        None => match args.format {
            RulesFormat::Json => outln!("{}", rules_json(registry.iter())),
            RulesFormat::Text => {
                for rule in registry.iter() {
                    let refs = if rule.references.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", rule.references.join(", "))
                    };
                    outln!(
                        "{:<7} {:<8} {:<40} {}{refs}",
                        rule.code,
                        rule.severity.as_str(),
                        rule.name,
                        rule.summary
                    );
                }
            }
        },
    }
    Ok(EXIT_OK)
}
