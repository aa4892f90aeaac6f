//! Money in ads: amounts written in the text ("R1 500", "$300", "1.5k", "ZAR 4500"),
//! converted to rand so one yardstick serves every currency, and what common items
//! usually cost, so "too good to be true" works on a fresh site before a category has
//! prices of its own.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::normalize;

/// Rand per unit of a currency (rough, mid-2026): good enough to tell R2 500 from
/// R25 000, never used for anything but judging prices.
pub(crate) fn to_rand(currency: &str) -> Option<f64> {
    Some(match currency.trim().to_ascii_uppercase().as_str() {
        "ZAR" | "R" | "RAND" | "RANDS" | "NAD" | "N$" | "LSL" | "SZL" => 1.0,
        "N" => return None,
        "USD" | "$" | "US$" | "DOLLAR" | "DOLLARS" => 18.0,
        "EUR" | "€" | "EURO" | "EUROS" => 20.0,
        "GBP" | "£" | "POUND" | "POUNDS" => 23.0,
        "AUD" | "A$" => 12.0,
        "CAD" | "C$" => 13.0,
        "NZD" => 11.0,
        "AED" => 5.0,
        "KES" | "KSH" | "KSHS" => 0.14,
        "NGN" | "₦" | "NAIRA" => 0.012,
        "GHS" | "GH₵" | "CEDI" | "CEDIS" => 1.2,
        "BWP" | "PULA" | "P" => 1.35,
        "ZMW" | "KWACHA" => 0.7,
        "MZN" | "MT" | "METICAL" | "METICAIS" => 0.28,
        "UGX" => 0.005,
        "TZS" => 0.007,
        "MWK" => 0.01,
        "INR" | "₹" => 0.21,
        "CHF" => 21.0,
        "BRL" | "R$" => 3.3,
        "AOA" | "KZ" => 0.02,
        _ => return None,
    })
}

static AMOUNT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<pre>\b(?:ZAR|USD|EUR|GBP|KES|KSH|NGN|BWP|NAD|AUD|CAD|AED|GHS|ZMW|MZN|UGX|INR|CHF|R\$|US\$|A\$|C\$|R|N\$|P)|\$|€|£|₦|₹)
        \s?
        (?P<num>\d{1,3}(?:[\s,.\u{a0}\u{202f}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)
        \s?(?P<k>k|m|mil|million)?\b
        |
        (?P<num2>\d{1,3}(?:[\s,\u{a0}]\d{3})+|\d+(?:[.,]\d+)?)\s?(?P<k2>k|m)?\s?
        (?P<post>rand|rands|zar|dollars|usd|euros?|eur|pounds|gbp|kes|ksh|shillings|naira|ngn|pula|bwp)\b
        ",
    )
    .expect("static regex")
});

/// A sum of money written in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amount {
    /// The value in rand.
    pub rand: f64,
    /// Where it stands in the text.
    pub range: Range<usize>,
}

fn parse_number(s: &str) -> Option<f64> {
    // "1 500", "1,500", "1.500" (thousands) and "1500.50", "1500,50" (decimals).
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let groups: Vec<&str> = cleaned.split([',', '.']).collect();
    if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
        return groups.concat().parse().ok();
    }
    if let Some((int, frac)) = cleaned.rsplit_once([',', '.']) {
        let int: String = int.chars().filter(char::is_ascii_digit).collect();
        return format!("{int}.{frac}").parse().ok();
    }
    cleaned.parse().ok()
}

fn multiplier(k: Option<&str>) -> f64 {
    match k.map(str::to_ascii_lowercase).as_deref() {
        Some("k") => 1_000.0,
        Some("m" | "mil" | "million") => 1_000_000.0,
        _ => 1.0,
    }
}

/// Every sum of money in `text` with a currency sign or word, in rand.
pub(crate) fn amounts(text: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    for c in AMOUNT_RE.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let (cur, num, k) = match (c.name("pre"), c.name("num"), c.name("post"), c.name("num2")) {
            (Some(p), Some(n), _, _) => (p.as_str(), n.as_str(), c.name("k")),
            (_, _, Some(p), Some(n)) => (p.as_str(), n.as_str(), c.name("k2")),
            _ => continue,
        };
        let Some(rate) = to_rand(cur) else { continue };
        let Some(n) = parse_number(num) else { continue };
        let value = n * multiplier(k.map(|m| m.as_str())) * rate;
        if value.is_finite() && value > 0.0 {
            out.push(Amount {
                rand: value,
                range: whole.range(),
            });
        }
    }
    out
}

/// What something usually costs at the least, second-hand, in rand (2026).
struct Reference {
    /// Words of the item as they appear in a title (normalised, whole words).
    item: &'static str,
    /// Categories where the words mean this item (`None`: any).
    category: Option<&'static str>,
    /// The least a working, used one sells for.
    min: f64,
}

const fn r(item: &'static str, category: Option<&'static str>, min: f64) -> Reference {
    Reference {
        item,
        category,
        min,
    }
}

const E: Option<&str> = Some("electronics");
const V: Option<&str> = Some("vehicles");
const P: Option<&str> = Some("pets");

/// Most specific first: the first item found in a title is the one judged.
const REFERENCES: &[Reference] = &[
    r("iphone 17 pro max", None, 16_000.0),
    r("iphone 17 pro", None, 14_000.0),
    r("iphone 17", None, 10_000.0),
    r("iphone 16 pro max", None, 13_000.0),
    r("iphone 16 pro", None, 11_000.0),
    r("iphone 16", None, 8_000.0),
    r("iphone 15 pro max", None, 10_000.0),
    r("iphone 15 pro", None, 8_500.0),
    r("iphone 15", None, 6_500.0),
    r("iphone 14 pro max", None, 7_500.0),
    r("iphone 14 pro", None, 6_500.0),
    r("iphone 14", None, 5_000.0),
    r("iphone 13 pro max", None, 6_000.0),
    r("iphone 13 pro", None, 5_000.0),
    r("iphone 13", None, 3_800.0),
    r("iphone 12 pro max", None, 4_500.0),
    r("iphone 12 pro", None, 3_800.0),
    r("iphone 12", None, 2_800.0),
    r("s25 ultra", None, 12_000.0),
    r("s24 ultra", None, 9_000.0),
    r("s23 ultra", None, 7_000.0),
    r("s22 ultra", None, 5_000.0),
    r("galaxy s25", None, 8_000.0),
    r("galaxy s24", None, 6_000.0),
    r("galaxy s23", None, 4_500.0),
    r("z fold", None, 7_000.0),
    r("z flip", None, 4_000.0),
    r("pixel 9", None, 6_000.0),
    r("pixel 8", None, 4_500.0),
    r("ps5", None, 5_000.0),
    r("playstation 5", None, 5_000.0),
    r("xbox series x", None, 5_000.0),
    r("xbox series s", None, 2_800.0),
    r("nintendo switch", None, 2_200.0),
    r("steam deck", None, 5_000.0),
    r("macbook pro", None, 7_000.0),
    r("macbook air", None, 5_000.0),
    r("ipad pro", None, 5_000.0),
    r("ipad air", None, 3_500.0),
    r("apple watch ultra", None, 6_000.0),
    r("airpods pro", None, 1_500.0),
    r("airpods max", None, 4_500.0),
    r("rtx 5090", None, 30_000.0),
    r("rtx 5080", None, 16_000.0),
    r("rtx 4090", None, 22_000.0),
    r("rtx 4080", None, 12_000.0),
    r("rtx 4070", None, 7_000.0),
    r("rtx 3090", None, 8_000.0),
    r("rtx 3080", None, 5_500.0),
    r("dji mavic", None, 8_000.0),
    r("dji mini", None, 4_000.0),
    r("dji air", None, 7_000.0),
    r("gopro", None, 2_000.0),
    r("canon eos r", E, 10_000.0),
    r("sony a7", E, 10_000.0),
    r("rolex", None, 40_000.0),
    r("krugerrand", None, 25_000.0),
    r("moncler", None, 3_000.0),
    r("canada goose", None, 4_000.0),
    r("louis vuitton", None, 5_000.0),
    r("gucci", None, 3_000.0),
    r("chanel", None, 6_000.0),
    r("hermes", None, 12_000.0),
    r("prada", None, 4_000.0),
    r("tiffany", None, 2_000.0),
    r("cartier", None, 8_000.0),
    r("omega", None, 20_000.0),
    r("tag heuer", None, 10_000.0),
    r("ray ban", None, 700.0),
    r("oakley", None, 700.0),
    r("timberland", None, 900.0),
    r("dr martens", None, 900.0),
    r("yeezy", None, 1_500.0),
    r("air jordan", None, 1_200.0),
    r("jordan 4", None, 1_500.0),
    r("jordan 1", None, 1_200.0),
    r("nike tech", None, 900.0),
    r("lululemon", None, 500.0),
    r("versace", None, 1_500.0),
    r("ralph lauren", None, 400.0),
    r("tom ford", None, 1_500.0),
    r("creed", None, 2_500.0),
    r("dior", None, 1_200.0),
    r("stanley quencher", None, 350.0),
    r("smeg", None, 1_200.0),
    r("le creuset", None, 1_000.0),
    r("beats studio", None, 2_000.0),
    r("wh 1000xm5", None, 2_500.0),
    r("wh 1000xm4", None, 1_800.0),
    r("jbl charge", None, 1_000.0),
    r("jbl flip", None, 800.0),
    r("galaxy buds", None, 700.0),
    r("dyson", None, 2_500.0),
    r("garmin fenix", None, 4_000.0),
    r("meta quest 3", None, 4_500.0),
    r("land cruiser", V, 150_000.0),
    r("range rover", V, 100_000.0),
    r("toyota fortuner", V, 90_000.0),
    r("fortuner", V, 90_000.0),
    r("toyota hilux", V, 70_000.0),
    r("hilux", V, 70_000.0),
    r("ford ranger", V, 70_000.0),
    r("ford everest", V, 120_000.0),
    r("isuzu d max", V, 70_000.0),
    r("isuzu dmax", V, 70_000.0),
    r("nissan navara", V, 70_000.0),
    r("vw amarok", V, 120_000.0),
    r("amarok", V, 120_000.0),
    r("jeep wrangler", V, 120_000.0),
    r("jeep grand cherokee", V, 80_000.0),
    r("golf gti", V, 70_000.0),
    r("golf r", V, 120_000.0),
    r("mercedes benz", V, 50_000.0),
    r("mercedes", V, 50_000.0),
    r("bmw", V, 45_000.0),
    r("audi", V, 45_000.0),
    r("porsche", V, 250_000.0),
    r("toyota corolla", V, 35_000.0),
    r("corolla", V, 35_000.0),
    r("toyota rav4", V, 90_000.0),
    r("rav4", V, 90_000.0),
    r("vw polo", V, 35_000.0),
    r("polo vivo", V, 35_000.0),
    r("vw golf", V, 35_000.0),
    r("honda civic", V, 35_000.0),
    r("hyundai tucson", V, 80_000.0),
    r("kia sportage", V, 80_000.0),
    r("suzuki swift", V, 45_000.0),
    r("suzuki jimny", V, 120_000.0),
    r("harley davidson", V, 70_000.0),
    r("french bulldog", P, 5_000.0),
    r("frenchie", P, 5_000.0),
    r("english bulldog", P, 6_000.0),
    r("bulldog", P, 4_000.0),
    r("cavoodle", P, 5_000.0),
    r("maltipoo", P, 4_000.0),
    r("yorkshire terrier", P, 3_000.0),
    r("yorkie", P, 3_000.0),
    r("pomeranian", P, 3_000.0),
    r("siberian husky", P, 3_000.0),
    r("husky", P, 3_000.0),
    r("golden retriever", P, 3_000.0),
    r("german shepherd", P, 2_500.0),
    r("rottweiler", P, 2_500.0),
    r("boerboel", P, 2_500.0),
    r("maltese", P, 2_500.0),
    r("chihuahua", P, 2_000.0),
    r("dachshund", P, 2_500.0),
    r("shih tzu", P, 2_000.0),
    r("pug", P, 3_000.0),
    r("labrador", P, 2_000.0),
    r("poodle", P, 3_000.0),
    r("sphynx", P, 5_000.0),
    r("maine coon", P, 4_000.0),
    r("ragdoll", P, 3_000.0),
    r("british shorthair", P, 3_000.0),
    r("bengal", P, 4_000.0),
    r("african grey", P, 5_000.0),
    r("macaw", P, 10_000.0),
    r("cockatoo", P, 6_000.0),
];

/// Normalised item words, computed once.
static NORMALISED: LazyLock<Vec<String>> = LazyLock::new(|| {
    REFERENCES
        .iter()
        .map(|r| normalize(r.item).text().to_owned())
        .collect()
});

/// Words that mean a cross-breed, an older animal or a rehoming: cheap for good reasons.
const PET_EXCEPTIONS: &[&str] = &[
    "x",
    "cross",
    "crossbreed",
    "mix",
    "mixed",
    "rehoming",
    "rehome",
    "adoption",
    "adopt",
    "adult",
    "old",
    "senior",
    "retired",
    "sterilised",
    "spayed",
    "neutered",
    "shelter",
    "spca",
    "rescue",
    "stud",
];

/// The item a title names and the least it usually sells for, in rand.
pub(crate) fn reference(title: &str, category: Option<&str>) -> Option<(&'static str, f64)> {
    let norm = normalize(title);
    let text = norm.text();
    let words: Vec<&str> = text.split(' ').collect();
    let has_word = |w: &str| words.contains(&w);
    for (i, re) in REFERENCES.iter().enumerate() {
        if re.category.is_some_and(|c| Some(c) != category) {
            continue;
        }
        let item = &NORMALISED[i];
        let found = text.match_indices(item.as_str()).any(|(s, m)| {
            let e = s + m.len();
            (s == 0 || text.as_bytes()[s - 1] == b' ')
                && (e == text.len() || text.as_bytes()[e] == b' ')
        });
        if !found {
            continue;
        }
        if re.category == Some("pets") && PET_EXCEPTIONS.iter().any(|w| has_word(w)) {
            return None;
        }
        return Some((re.item, re.min));
    }
    None
}

/// Suburbs and towns where rents are far above the national norm: a cheap flat there is
/// the classic rental-scam bait.
const PREMIUM_AREAS: &[&str] = &[
    "sandton",
    "bryanston",
    "rosebank",
    "melrose",
    "morningside",
    "illovo",
    "houghton",
    "parkhurst",
    "fourways",
    "waterfall",
    "sea point",
    "green point",
    "camps bay",
    "clifton",
    "bantry bay",
    "tamboerskloof",
    "gardens",
    "oranjezicht",
    "constantia",
    "claremont",
    "newlands",
    "rondebosch",
    "kenilworth",
    "stellenbosch",
    "umhlanga",
    "ballito",
    "la lucia",
    "hermanus",
    "plettenberg",
    "knysna",
    "franschhoek",
    "waterkloof",
    "menlyn",
    "brooklyn",
    "century city",
    "v a waterfront",
    "waterfront",
    "lekki",
    "ikoyi",
    "victoria island",
    "westlands",
    "kilimani",
    "karen",
    "borrowdale",
    "shoreditch",
    "chelsea",
    "kensington",
    "mayfair",
    "dubai marina",
    "sandhurst",
    "dainfern",
    "summerstrand",
    "durbanville",
];

/// [`PREMIUM_AREAS`] normalised, once.
static PREMIUM_NORMALISED: LazyLock<Vec<String>> = LazyLock::new(|| {
    PREMIUM_AREAS
        .iter()
        .map(|a| normalize(a).text().to_owned())
        .collect()
});

/// Whether normalised `text` holds the normalised words `phrase` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(s, m)| {
        let e = s + m.len();
        (s == 0 || text.as_bytes()[s - 1] == b' ')
            && (e == text.len() || text.as_bytes()[e] == b' ')
    })
}

/// The least a home to rent usually costs a month in rand, from its size and place, when
/// the (normalised) text says it is to rent.
pub(crate) fn rent_reference(text: &str, location: &str) -> Option<(String, f64)> {
    let words: Vec<&str> = text.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let renting = has("rent")
        || has("let")
        || has("lease")
        || has("rental")
        || has("pm")
        || has_phrase(text, "per month");
    if !renting || has("sale") && !has("rent") {
        return None;
    }
    let bedrooms = words.windows(2).find_map(|w| {
        let n = match w[0] {
            "1" | "one" => 1,
            "2" | "two" => 2,
            "3" | "three" => 3,
            "4" | "four" | "5" | "five" => 4,
            _ => return None,
        };
        matches!(
            w[1],
            "bed" | "bedroom" | "bedrom" | "bedrooms" | "bedroms" | "br" | "bd" | "beds"
        )
        .then_some(n)
    });
    let (what, min) = if has("room") && bedrooms.is_none() || has("backroom") {
        ("a room".to_owned(), 1_500.0)
    } else if has("bachelor") || has("studio") || has("bedsitter") {
        ("a studio".to_owned(), 2_500.0)
    } else if let Some(n) = bedrooms {
        (
            format!("a {n}-bedroom home"),
            [0.0, 3_000.0, 4_000.0, 5_000.0, 6_000.0][n],
        )
    } else if has("house") || has("townhouse") || has("duplex") || has("cottage") {
        ("a house".to_owned(), 4_500.0)
    } else if has("flat") || has("apartment") || has("unit") || has("loft") {
        ("a flat".to_owned(), 3_000.0)
    } else {
        return None;
    };
    let location = normalize(location);
    let premium = PREMIUM_AREAS
        .iter()
        .zip(PREMIUM_NORMALISED.iter())
        .find(|(_, a)| has_phrase(text, a) || has_phrase(location.text(), a));
    Some(match premium {
        Some((area, _)) => (format!("{what} in {area}"), min * 2.5),
        None => (what, min),
    })
}

/// The least a whole vehicle of a model year usually sells for, when no model is known.
pub(crate) fn vehicle_reference(title: &str) -> Option<(&'static str, f64)> {
    let year = model_year(title)?;
    let t = normalize(title);
    let small = [
        "scooter",
        "motorbike",
        "motorcycle",
        "bike",
        "bicycle",
        "quad",
        "trailer",
        "moped",
        "boat",
        "jetski",
        "ski",
        "golf cart",
        "kart",
        "bakkie canopy",
    ];
    if small.iter().any(|w| t.text().split(' ').any(|x| x == *w)) {
        return None;
    }
    let min = match year {
        2022.. => 90_000.0,
        2019..=2021 => 60_000.0,
        2015..=2018 => 35_000.0,
        2010..=2014 => 18_000.0,
        _ => return None,
    };
    Some(("a vehicle of that year", min))
}

/// A year in a vehicle title ("2019", "2021 model").
pub(crate) fn model_year(title: &str) -> Option<u32> {
    title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u32>().ok())
        .find(|y| (1980..=2027).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rands(t: &str) -> Vec<f64> {
        amounts(t).into_iter().map(|a| a.rand.round()).collect()
    }

    #[test]
    fn reads_amounts_in_many_spellings() {
        assert_eq!(rands("R1 500 or R1,500.00 or R 1500"), vec![1500.0; 3]);
        assert_eq!(rands("asking R1.5k, was R2.2k"), vec![1500.0, 2200.0]);
        assert_eq!(rands("$300 ono"), vec![5400.0]);
        assert_eq!(rands("ZAR 4 500 pm"), vec![4500.0]);
        assert_eq!(rands("KES 20,000"), vec![2800.0]);
        assert_eq!(rands("500 rand"), vec![500.0]);
        // Numbers without money are not money.
        assert!(amounts("2019 model, 120 000 km, 4x4").is_empty());
        assert!(amounts("looking for 3 cashiers").is_empty());
    }

    #[test]
    fn references_need_the_item_and_skip_cross_breeds() {
        assert_eq!(
            reference("iPhone 15 Pro Max 256GB", Some("electronics")),
            Some(("iphone 15 pro max", 10_000.0))
        );
        assert_eq!(
            reference("iPhone 15 case", Some("electronics")).map(|r| r.0),
            Some("iphone 15")
        );
        assert!(reference("Labrador x puppies", Some("pets")).is_none());
        assert!(reference("Hilux tow bar", Some("electronics")).is_none());
        assert_eq!(model_year("2019 Toyota Hilux 2.8"), Some(2019));
        assert_eq!(
            rent_reference(
                normalize("Newly renovated 2 bedroom apartment to rent").text(),
                "Bryanston, Johannesburg"
            ),
            Some(("a 2-bedroom home in bryanston".to_owned(), 10_000.0))
        );
        assert!(rent_reference(normalize("2 bedroom house for sale").text(), "Soweto").is_none());
    }
}
