//! A starter rule list for a new site: common scam and spam vocabulary, global and for the
//! seeded categories. Moderators are expected to edit it; it is data, not policy.

use crate::rules::{MatchKind, Rule, RuleAction};

/// Rule list a fresh site starts with (global plus per seeded category: vehicles, property,
/// jobs, electronics, home-garden, services, community, pets).
///
/// Blocks are kept for terms with no legitimate use on a classifieds site; money-transfer
/// services and advance-fee vocabulary hold for review because honest users mention them too.
pub fn starter_rules() -> Vec<Rule> {
    use MatchKind::{Phrase, Regex, Word};
    use RuleAction::{Block, Hold, Score};
    let g = None;
    let table: &[(&str, MatchKind, Option<&str>, RuleAction, f64)] = &[
        // Global: pharma, gambling, crypto and payment-fraud vocabulary.
        ("viagra", Word, g, Block, 10.0),
        ("cialis", Word, g, Block, 10.0),
        ("casino", Word, g, Score, 3.0),
        ("online casino", Phrase, g, Block, 10.0),
        ("bitcoin doubling", Phrase, g, Block, 10.0),
        ("double your bitcoin", Phrase, g, Block, 10.0),
        ("crypto investment", Phrase, g, Hold, 4.0),
        ("guaranteed profit", Phrase, g, Hold, 4.0),
        ("western union", Phrase, g, Hold, 4.0),
        ("moneygram", Word, g, Hold, 4.0),
        ("gift card", Phrase, g, Score, 2.5),
        ("itunes card", Phrase, g, Hold, 4.0),
        ("steam card", Phrase, g, Score, 2.5),
        ("wire transfer only", Phrase, g, Hold, 4.0),
        ("make money fast", Phrase, g, Hold, 4.0),
        ("earn money from home", Phrase, g, Score, 3.0),
        ("100% free", Phrase, g, Score, 1.5),
        ("act now", Phrase, g, Score, 1.5),
        ("limited time offer", Phrase, g, Score, 1.5),
        ("click here", Phrase, g, Score, 1.5),
        ("you have won", Phrase, g, Score, 3.0),
        ("claim your prize", Phrase, g, Hold, 4.0),
        ("congratulations you", Phrase, g, Score, 2.0),
        ("loan approval guaranteed", Phrase, g, Hold, 4.0),
        ("no credit check", Phrase, g, Score, 2.0),
        ("escort", Word, g, Hold, 4.0),
        ("adult dating", Phrase, g, Block, 10.0),
        ("onlyfans", Word, g, Hold, 4.0),
        ("whatsapp only", Phrase, g, Score, 2.0),
        ("telegram only", Phrase, g, Score, 2.0),
        ("pay with crypto", Phrase, g, Score, 2.0),
        ("paypal friends and family", Phrase, g, Score, 2.5),
        (r"\b(?:seo|backlinks?)\s+services?\b", Regex, g, Score, 2.0),
        (r"\bwa\.me/\d+", Regex, g, Score, 1.5),
        // Vehicles
        ("shipping agent", Phrase, Some("vehicles"), Hold, 4.0),
        (
            "vehicle is with the shipping company",
            Phrase,
            Some("vehicles"),
            Hold,
            4.0,
        ),
        (
            "ebay motors protection",
            Phrase,
            Some("vehicles"),
            Hold,
            4.0,
        ),
        ("deployed overseas", Phrase, Some("vehicles"), Score, 3.0),
        // Property
        (
            "guaranteed rental income",
            Phrase,
            Some("property"),
            Hold,
            4.0,
        ),
        ("wire the deposit", Phrase, Some("property"), Hold, 5.0),
        ("western union", Phrase, Some("property"), Block, 6.0),
        (
            "i am out of the country",
            Phrase,
            Some("property"),
            Score,
            3.0,
        ),
        ("keys will be mailed", Phrase, Some("property"), Hold, 4.0),
        (
            "deposit before viewing",
            Phrase,
            Some("property"),
            Hold,
            4.0,
        ),
        // Jobs
        ("work from home", Phrase, Some("jobs"), Score, 2.0),
        ("no experience required", Phrase, Some("jobs"), Score, 1.5),
        ("upfront fee", Phrase, Some("jobs"), Hold, 4.0),
        ("registration fee", Phrase, Some("jobs"), Hold, 4.0),
        ("training fee", Phrase, Some("jobs"), Hold, 4.0),
        ("earn r5000 per day", Phrase, Some("jobs"), Hold, 4.0),
        ("mystery shopper", Phrase, Some("jobs"), Score, 3.0),
        ("reshipping", Word, Some("jobs"), Hold, 4.0),
        ("pyramid", Word, Some("jobs"), Score, 2.0),
        // Electronics and products
        ("replica", Word, Some("electronics"), Hold, 4.0),
        (
            "miracle weight loss",
            Phrase,
            Some("electronics"),
            Block,
            10.0,
        ),
        ("unlocked icloud", Phrase, Some("electronics"), Hold, 4.0),
        ("icloud bypass", Phrase, Some("electronics"), Hold, 4.0),
        ("brand new sealed", Phrase, Some("electronics"), Score, 1.0),
        ("replica", Word, Some("home-garden"), Hold, 4.0),
        (
            "miracle weight loss",
            Phrase,
            Some("home-garden"),
            Block,
            10.0,
        ),
        // Services
        ("hacking services", Phrase, Some("services"), Block, 10.0),
        ("fake documents", Phrase, Some("services"), Block, 10.0),
        ("spell caster", Phrase, Some("services"), Hold, 4.0),
        ("lost love", Phrase, Some("services"), Score, 3.0),
        ("traditional healer", Phrase, Some("services"), Score, 2.0),
        ("essay writing", Phrase, Some("services"), Score, 2.0),
        // Community
        (
            "investment opportunity",
            Phrase,
            Some("community"),
            Score,
            3.0,
        ),
        ("join our network", Phrase, Some("community"), Score, 2.0),
        ("sugar daddy", Phrase, Some("community"), Hold, 4.0),
        // Pets
        ("shipping only", Phrase, Some("pets"), Hold, 4.0),
        ("pay for delivery", Phrase, Some("pets"), Hold, 4.0),
        ("pet delivery agent", Phrase, Some("pets"), Hold, 4.0),
        ("free to good home", Phrase, Some("pets"), Score, 0.5),
        ("teacup", Word, Some("pets"), Score, 1.0),
    ];
    table
        .iter()
        .map(|&(p, m, c, a, s)| Rule::new(p, m, c, a, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::CompiledRules;

    #[test]
    fn starter_rules_compile_and_cover_seeded_categories() {
        let rules = starter_rules();
        assert!(rules.len() >= 40);
        for slug in [
            "vehicles",
            "property",
            "jobs",
            "electronics",
            "home-garden",
            "services",
            "community",
            "pets",
        ] {
            assert!(
                rules.iter().any(|r| r.category.as_deref() == Some(slug)),
                "{slug}"
            );
        }
        CompiledRules::new(rules).unwrap();
    }
}
