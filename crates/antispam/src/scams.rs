//! Classifieds scam detectors: the patterns behind most marketplace fraud, each a named
//! signal whose evidence quotes the writer's own words.
//!
//! - `off_platform`: moving the buyer to WhatsApp, Telegram or e-mail ("WhatsApp only",
//!   "don't reply here").
//! - `spelled_number`: phone numbers spelled out or spaced to get past filters
//!   ("zero eight two…", "o82 555 l234", "0 8 2 5 5 5…").
//! - `number_in_photo`: "number in the photo".
//! - `advance_fee`: money before anything is delivered: a fee before a job, a deposit or
//!   viewing fee before seeing a property, courier or insurance fees for pets and goods,
//!   admin fees before a loan.
//! - `seller_abroad`: the seller or owner is far away and sends keys or goods.
//! - `risky_payment`: gift cards, crypto or money-transfer services as payment.
//! - `income_claim`: pay or returns no honest job or investment offers ("R3 000 a day",
//!   "double your money").
//! - `promo_spam`: promotion of the writer's channel, page or referral code.
//! - `tag_list`: keyword lists and hashtags written for search engines, not people.
//! - `price_outlier`: a price far below what the item usually sells for.
//!
//! Each detector is weak on its own where honest ads use the same words, and strong where
//! they do not; the weights are in [`crate::Weights`].

use std::ops::Range;

use crate::config::Config;
use crate::gate::Prepared;
use crate::lexicon::{Concept as C, Hit, Hits, quote};
use crate::links::{ContactKind, extract_contacts};
use crate::prices;
use crate::verdict::Signal;

/// Bytes within which two phrases count as one statement when they are not in the same
/// sentence.
const NEAR: usize = 60;

/// What the detectors look at beyond the prepared text.
struct Scan<'a> {
    input: &'a Prepared<'a>,
    hits: Hits,
    /// The category, lowercase.
    category: Option<&'a str>,
}

impl Scan<'_> {
    fn q(&self, h: &Hit) -> String {
        quote(&self.input.full, h).to_owned()
    }

    fn in_category(&self, slug: &str) -> bool {
        self.category.is_some_and(|c| c.eq_ignore_ascii_case(slug))
    }

    /// A signal quoting the given hits of the original text.
    fn signal(&self, name: &str, score: f64, why: &str, hits: &[&Hit]) -> Signal {
        let mut quotes: Vec<String> = Vec::new();
        for h in hits {
            let q = self.q(h);
            if !q.is_empty() && !quotes.contains(&q) {
                quotes.push(q);
            }
        }
        let evidence = if quotes.is_empty() {
            why.to_owned()
        } else {
            let listed: Vec<String> = quotes.iter().map(|q| format!("'{q}'")).collect();
            format!("{why}: {}", listed.join(" … "))
        };
        Signal::new(name, score, evidence).with_quotes(quotes)
    }
}

/// Runs every detector on one submission.
pub(crate) fn signals(config: &Config, input: &Prepared<'_>, out: &mut Vec<Signal>) {
    let mut hits = Hits::find(&input.readings(), &input.full);
    hits.drop_negated(
        &input.full,
        &[
            C::FeeName,
            C::Fee,
            C::Pay,
            C::Refundable,
            C::Before,
            C::Abroad,
            C::NoViewing,
            C::Courier,
        ],
    );
    let scan = Scan {
        input,
        hits,
        category: input.sub.category.as_deref(),
    };
    let w = &config.weights;
    let found = [
        off_platform(&scan, w.off_platform),
        spelled_number(&scan, w.spelled_number),
        number_in_photo(&scan, w.number_in_photo),
        advance_fee(&scan, w.advance_fee),
        seller_abroad(&scan, w.seller_abroad),
        risky_payment(&scan, w.risky_payment),
        income_claim(&scan, w.income_claim),
        promo_spam(&scan, w.promo_spam),
        tag_list(&scan, w.tag_list),
        counterfeit(&scan, w.counterfeit),
    ];
    out.extend(found.into_iter().flatten());
    if input.sub.kind.is_ad()
        && let Some(s) = reference_price(&scan, w.price_outlier)
    {
        // The site's own figures (quality.rs) win when they exist.
        if !out.iter().any(|o| o.name == "price_outlier") {
            out.push(s);
        }
    }
}

/// Social media handles ("@karoo_coons"), not e-mail addresses.
fn handles(full: &str) -> Vec<Range<usize>> {
    let bytes = full.as_bytes();
    let mut out = Vec::new();
    for (i, _) in full.match_indices('@') {
        let before_ok = i == 0 || !(bytes[i - 1] as char).is_ascii_alphanumeric();
        let len = full[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .map(char::len_utf8)
            .sum::<usize>();
        let name = full[i + 1..i + 1 + len].trim_end_matches('.');
        if before_ok && name.len() >= 3 && name.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push(i..i + 1 + name.len());
        }
    }
    out
}

fn off_platform(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let h = &s.hits;
    // A handle someone is to be contacted on ("DM me @…", "Telegram @… only"), not one
    // shown as a portfolio ("see my IG @… for past work").
    let full = &s.input.full;
    let contact_handle = handles(full).into_iter().find(|hd| {
        let around = hd.start.saturating_sub(NEAR)..(hd.end + NEAR).min(full.len());
        h.within(C::ContactVerb, around.clone()).next().is_some()
            || h.within(C::OffSite, around.clone()).next().is_some()
            || h.within(C::OffSiteStrong, around).next().is_some()
    });
    if s.input.sub.category.as_deref() != Some("community")
        && let Some(handle) = contact_handle
    {
        let q = s.input.full[handle].to_owned();
        return Some(
            Signal::new(
                "off_platform",
                weight,
                format!("asks to be contacted on another app: '{q}'"),
            )
            .with_quotes(vec![q]),
        );
    }
    if let Some(strong) = h.of(C::OffSiteStrong).next() {
        return Some(s.signal(
            "off_platform",
            weight,
            "asks to be contacted away from the site",
            &[strong],
        ));
    }
    if let Some((app, only)) = h.near(C::App, C::OffSite, 25) {
        return Some(s.signal(
            "off_platform",
            weight,
            "asks to be contacted away from the site",
            &[app, only],
        ));
    }
    if let Some((verb, app)) = h.near(C::ContactVerb, C::AppRare, 40) {
        return Some(s.signal(
            "off_platform",
            weight * 0.6,
            "asks to move the conversation to another app",
            &[verb, app],
        ));
    }
    // A private mailbox with "e-mail me" or "only" beside it.
    let full = &s.input.full;
    let emails: Vec<_> = extract_contacts(full)
        .into_iter()
        .filter(|c| c.kind == ContactKind::Email)
        .collect();
    for e in &emails {
        let around = e.range.start.saturating_sub(NEAR)..(e.range.end + NEAR).min(full.len());
        let pushy = h.within(C::OffSite, around.clone()).next().is_some()
            || h.within(C::ContactVerb, around)
                .any(|v| quote(full, v).to_ascii_lowercase().contains("mail"));
        if pushy && is_private_mailbox(&e.value) {
            return Some(
                Signal::new(
                    "off_platform",
                    weight * 0.8,
                    format!("asks to be e-mailed directly: '{}'", e.original),
                )
                .with_quotes(vec![e.original.clone()]),
            );
        }
    }
    None
}

/// Free mailboxes: a business writes from its own domain.
fn is_private_mailbox(email: &str) -> bool {
    const FREE: &[&str] = &[
        "gmail.",
        "yahoo.",
        "ymail.",
        "hotmail.",
        "outlook.",
        "live.",
        "aol.",
        "icloud.",
        "proton",
        "mail.com",
        "gmx.",
        "yandex.",
        "zoho.",
        "mweb.co.za",
        "webmail.co.za",
        "telkomsa.net",
        "vodamail.co.za",
        "tutanota.",
    ];
    let domain = email.rsplit('@').next().unwrap_or("");
    FREE.iter()
        .any(|f| domain.starts_with(f) || domain.contains(f))
}

/// The digit a word stands for, in the site's languages and the common disguises.
fn digit_word(w: &str) -> Option<u8> {
    Some(match w {
        "zero" | "oh" | "o" | "nil" | "nul" | "zéro" | "nought" => 0,
        "one" | "een" | "un" | "um" | "uno" => 1,
        "two" | "twee" | "deux" | "dois" | "duas" | "dos" => 2,
        "three" | "drie" | "trois" | "três" | "tres" => 3,
        "four" | "vier" | "quatre" | "quatro" => 4,
        "five" | "vyf" | "cinq" | "cinco" => 5,
        "six" | "ses" | "seis" => 6,
        "seven" | "sewe" | "sept" | "sete" | "siete" => 7,
        "eight" | "agt" | "ag" | "huit" | "oito" | "ocho" => 8,
        "nine" | "nege" | "neuf" | "nove" | "nueve" => 9,
        _ => return None,
    })
}

/// How a token counts in a phone number: (digits, spelled out, disguised).
fn phone_token(tok: &str) -> Option<(usize, bool, bool)> {
    let lower = tok.to_lowercase();
    if digit_word(&lower).is_some() {
        return Some((1, true, false));
    }
    for m in ["double", "triple", "dubbel", "trippel"] {
        if lower == m {
            return Some((0, true, false));
        }
    }
    let digits = lower.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let lookalikes = lower
        .chars()
        .filter(|c| matches!(c, 'o' | 'l' | 'i' | 's' | 'b' | 'z'))
        .count();
    let others = lower.chars().count() - digits - lookalikes;
    if others > 0 || lookalikes > 2 {
        return None;
    }
    Some((digits + lookalikes, false, lookalikes > 0))
}

fn spelled_number(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let full = &s.input.full;
    // Tokens with their byte ranges; separators are anything but letters and digits.
    let mut tokens: Vec<(Range<usize>, &str)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in full
        .char_indices()
        .chain(std::iter::once((full.len(), ' ')))
    {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            tokens.push((st..i, &full[st..i]));
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        let (mut digits, mut spelled, mut disguised, mut singles) = (0, 0, 0, 0);
        while j < tokens.len() {
            // Only spaces and light punctuation between the parts of one number.
            if j > i {
                let gap = &full[tokens[j - 1].0.end..tokens[j].0.start];
                if gap.chars().count() > 3 || gap.contains('\n') {
                    break;
                }
            }
            let Some((d, sp, dis)) = phone_token(tokens[j].1) else {
                break;
            };
            digits += d;
            spelled += usize::from(sp);
            disguised += usize::from(dis);
            singles += usize::from(d == 1 && !sp);
            j += 1;
        }
        // Letters for digits only where a phone number starts ("o82…", "+27…"): "i20
        // 1.4 2013" is a car, not a disguised number.
        let first = tokens[i].1.to_lowercase();
        let phone_start = first.starts_with(['0', 'o', '+']) || first.starts_with("27");
        if j > i
            && (9..=15).contains(&digits)
            && (spelled >= 2 || (disguised >= 1 && phone_start) || singles >= 7)
        {
            let range = tokens[i].0.start..tokens[j - 1].0.end;
            let q = full[range].to_owned();
            return Some(
                Signal::new(
                    "spelled_number",
                    weight,
                    format!("a phone number written to get past filters: '{q}'"),
                )
                .with_quotes(vec![q]),
            );
        }
        i = j.max(i + 1);
    }
    None
}

fn number_in_photo(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let hit = s.hits.of(C::InPhoto).next()?;
    Some(s.signal(
        "number_in_photo",
        weight,
        "puts contact details in a picture",
        &[hit],
    ))
}

/// Money asked before anything is delivered, judged by what the ad is about.
fn advance_fee(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let h = &s.hits;
    let full = &s.input.full;
    let money = prices::amounts(full);
    let money_near = |hit: &Hit| {
        money
            .iter()
            .any(|m| m.range.start <= hit.range.end + NEAR && hit.range.start <= m.range.end + NEAR)
    };
    let is_delivery_fee = |hit: &Hit| {
        let q = quote(full, hit).to_ascii_lowercase();
        ["delivery", "courier", "shipping", "transport"]
            .iter()
            .any(|w| q.contains(w))
    };
    // Refundable fees are the classic advance-fee line (auctions take refundable
    // registration deposits honestly).
    let auction = full.to_ascii_lowercase().contains("auction");
    if !auction
        && let Some((fee, refund)) = h
            .near(C::FeeName, C::Refundable, NEAR)
            .or_else(|| h.near(C::Fee, C::Refundable, NEAR))
    {
        return Some(s.signal(
            "advance_fee",
            weight,
            "asks for a fee it promises to refund",
            &[fee, refund],
        ));
    }
    let jobs = s.in_category("jobs") || h.count(C::JobWord) >= 3;
    if jobs {
        // Honest employers never charge applicants.
        let fee = h
            .of(C::FeeName)
            .find(|f| !is_delivery_fee(f))
            .or_else(|| h.of(C::Fee).find(|f| money_near(f)))
            .or_else(|| {
                h.of(C::Pay)
                    .find(|p| money_near(p) && h.near(C::Pay, C::Before, NEAR).is_some())
            });
        if let Some(fee) = fee {
            return Some(s.signal(
                "advance_fee",
                weight,
                "asks job seekers to pay before they start",
                &[fee],
            ));
        }
        if let Some(m) = money.iter().find(|m| applicant_pays(full, m)) {
            let hit = Hit {
                concept: C::Pay,
                range: m.range.clone(),
            };
            return Some(s.signal(
                "advance_fee",
                weight,
                "asks job seekers to pay before they start",
                &[&hit],
            ));
        }
    }
    let loans = h.has(C::Loan) && (s.in_category("services") || h.count(C::Loan) >= 2);
    if loans {
        let fee = h
            .of(C::FeeName)
            .find(|f| !is_delivery_fee(f))
            .or_else(|| h.of(C::Fee).find(|f| money_near(f)))
            .or_else(|| h.of(C::CourierExtra).find(|f| money_near(f)))
            .or_else(|| {
                // "pay R800", not "paid back over six months".
                h.of(C::Pay).find(|p| {
                    money
                        .iter()
                        .any(|m| m.range.start >= p.range.end && m.range.start <= p.range.end + 12)
                })
            });
        if let Some(fee) = fee {
            let before = h.of(C::Before).next();
            let mut quoted = vec![fee];
            quoted.extend(before);
            return Some(s.signal(
                "advance_fee",
                weight * if before.is_some() { 1.0 } else { 0.9 },
                "asks for a fee before a loan is paid out",
                &quoted,
            ));
        }
    }
    let property = s.in_category("property") || h.has(C::Rent);
    if property {
        let viewing_fee = h.of(C::FeeName).find(|f| {
            let q = quote(full, f).to_ascii_lowercase();
            [
                "viewing",
                "holding",
                "booking",
                "reservation",
                "key",
                "security fee",
            ]
            .iter()
            .any(|w| q.contains(w))
        });
        if let Some(fee) = viewing_fee {
            return Some(s.signal(
                "advance_fee",
                weight,
                "asks for a fee before the property is seen",
                &[fee],
            ));
        }
        let pay_before = h.near(C::Pay, C::Before, NEAR);
        let unseen = h.of(C::NoViewing).next().or_else(|| h.of(C::Keys).next());
        if let (Some((pay, before)), Some(unseen)) = (pay_before, unseen) {
            return Some(s.signal(
                "advance_fee",
                weight,
                "asks for money before the property can be seen",
                &[pay, before, unseen],
            ));
        }
        if let Some((pay, before)) = pay_before
            && quote(full, before).to_ascii_lowercase().contains("view")
        {
            return Some(s.signal(
                "advance_fee",
                weight,
                "asks for money before a viewing",
                &[pay, before],
            ));
        }
    }
    let pets = (s.in_category("pets") && h.has(C::Pet)) || h.count(C::Pet) >= 2;
    if pets {
        let courier_money = h
            .near(C::Courier, C::Pay, NEAR)
            .or_else(|| h.near(C::Courier, C::Fee, NEAR))
            .or_else(|| h.near(C::Courier, C::FeeName, NEAR));
        if let Some((courier, pay)) = courier_money {
            // Buyers who may come and see the animal first are not being scammed.
            let collect = full.to_ascii_lowercase().contains("collect") || h.has(C::Viewing);
            let free = h.near(C::Free, C::Courier, NEAR * 2).is_some();
            let factor = if free || h.has(C::CourierExtra) || h.has(C::NoViewing) {
                1.0
            } else if collect {
                0.3
            } else {
                0.75
            };
            return Some(s.signal(
                "advance_fee",
                weight * factor,
                "asks for courier, transport or insurance money for an animal",
                &[courier, pay],
            ));
        }
    }
    // Goods: insurance, customs or clearance fees on top of delivery.
    if let Some((courier, extra)) = h.near(C::Courier, C::CourierExtra, NEAR)
        && (h.near(C::Pay, C::CourierExtra, NEAR).is_some()
            || h.near(C::Fee, C::CourierExtra, NEAR).is_some())
        && !s.in_category("services")
    {
        return Some(s.signal(
            "advance_fee",
            weight * 0.8,
            "asks for insurance, customs or clearance fees on a delivery",
            &[courier, extra],
        ));
    }
    // Pay, then it is couriered or the keys are sent: weak alone (honest sellers courier
    // at the buyer's cost), telling beside other signs.
    if let Some((pay, then)) = h
        .near(C::Pay, C::Courier, NEAR)
        .or_else(|| h.near(C::Pay, C::Keys, NEAR))
        && !full.to_ascii_lowercase().contains("collect")
    {
        let unseen = h.of(C::NoViewing).next();
        let before = h.near(C::Pay, C::Before, NEAR).map(|b| b.1);
        let mut quoted = vec![pay, then];
        quoted.extend(unseen);
        quoted.extend(before);
        let factor = match (unseen.is_some(), before.is_some()) {
            (true, _) => 0.8,
            (false, true) => 0.45,
            (false, false) => 0.25,
        };
        return Some(s.signal(
            "advance_fee",
            weight * factor,
            "asks for payment before the goods or keys are handed over",
            &quoted,
        ));
    }
    // Anything: pay before it is sent, with no way to see it.
    if let (Some((pay, before)), Some(unseen)) =
        (h.near(C::Pay, C::Before, NEAR), h.of(C::NoViewing).next())
    {
        return Some(s.signal(
            "advance_fee",
            weight * 0.8,
            "asks for payment before delivery, with no chance to see it",
            &[pay, before, unseen],
        ));
    }
    None
}

/// The largest char boundary of `s` at or below `i`.
fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text around a byte range, lowercase: (before, after), up to `n` bytes each.
fn around(full: &str, range: &Range<usize>, n: usize) -> (String, String) {
    let b = floor(full, range.start.saturating_sub(n));
    let a = floor(full, range.end + n);
    (
        full[b..range.start].to_lowercase(),
        full[range.end..a].to_lowercase(),
    )
}

/// In a jobs ad, whether a sum is one the applicant must pay rather than a wage.
fn applicant_pays(full: &str, m: &prices::Amount) -> bool {
    let (before, after) = around(full, &m.range, 40);
    const WAGE_AFTER: &[&str] = &[
        "per",
        "/",
        "a month",
        "a day",
        "an hour",
        "a week",
        "pm",
        "p.m",
        "p/m",
        "ph",
        "p/h",
        "weekly",
        "daily",
        "monthly",
        "salary",
        "basic",
        "plus",
        "+",
        "commission",
        "tips",
        "net",
        "gross",
        "take home",
        "to r",
        "- r",
        "-r",
        "to ",
    ];
    const WAGE_BEFORE: &[&str] = &[
        "salary",
        "earn",
        "wage",
        "we pay",
        "paid",
        "pays",
        "rate",
        "income",
        "from r",
        "between",
        "up to",
        "stipend",
        "allowance",
        "bonus",
        "package",
        "ctc",
        "cost to company",
    ];
    let trimmed = after.trim_start();
    if WAGE_AFTER.iter().any(|w| trimmed.starts_with(w))
        || WAGE_BEFORE.iter().any(|w| before.contains(w))
    {
        return false;
    }
    const PAY_BEFORE: &[&str] = &[
        "pay ",
        "pay:",
        "fee",
        "deposit",
        "bring",
        "cost",
        "charge",
        "send ",
        "only r",
        "once-off",
        "once off",
        "registration",
        "admin",
        "training",
        "uniform",
        "kit",
        "medical",
        "permit",
    ];
    const PAY_AFTER: &[&str] = &[
        "for registration",
        "for training",
        "for the training",
        "for uniform",
        "for the uniform",
        "for the course",
        "for visa",
        "for the visa",
        "for processing",
        "for the kit",
        "for medical",
        "for the medical",
        "for your",
        "registration",
        "fee",
        "admin",
        "once-off",
        "once off",
        "refundable",
        "deposit",
        "upfront",
        "up front",
        "in advance",
        "cash",
    ];
    PAY_BEFORE.iter().any(|w| before.contains(w)) || PAY_AFTER.iter().any(|w| after.contains(w))
}

fn seller_abroad(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let h = &s.hits;
    let away = h.of(C::Abroad).next()?;
    let follows = h
        .of(C::Keys)
        .next()
        .or_else(|| h.of(C::Courier).next())
        .or_else(|| h.of(C::NoViewing).next())
        .or_else(|| h.near(C::Abroad, C::Pay, NEAR * 2).map(|p| p.1));
    match follows {
        Some(f) => Some(s.signal(
            "seller_abroad",
            weight,
            "the seller is far away and sends it after payment",
            &[away, f],
        )),
        None if s.in_category("services")
            || s.in_category("community")
            || s.in_category("jobs") =>
        {
            None
        }
        None => Some(s.signal(
            "seller_abroad",
            weight * 0.4,
            "the seller is far away",
            &[away],
        )),
    }
}

fn risky_payment(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let h = &s.hits;
    let title = &s.input.sub.title;
    let in_title = |hit: &Hit| hit.range.end <= title.len();
    // Selling a gift card or talking about crypto is not asking to be paid with one.
    if let Some((card, pay)) = h.near(C::GiftCard, C::Pay, NEAR)
        && !in_title(card)
    {
        return Some(s.signal(
            "risky_payment",
            weight * 1.2,
            "asks to be paid with gift cards or vouchers",
            &[card, pay],
        ));
    }
    if let Some(m) = h.of(C::MoneyTransfer).next() {
        return Some(s.signal(
            "risky_payment",
            weight,
            "asks for payment by money transfer",
            &[m],
        ));
    }
    if let Some((coin, pay)) = h.near(C::Crypto, C::Pay, 40)
        && !in_title(coin)
    {
        return Some(s.signal(
            "risky_payment",
            weight * 0.8,
            "asks to be paid in cryptocurrency",
            &[coin, pay],
        ));
    }
    None
}

/// Pay or returns far beyond what honest work or investments give.
fn income_claim(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let h = &s.hits;
    let full = &s.input.full;
    if let Some(m) = h.of(C::Multiply).next() {
        let backed = h.has(C::Crypto) || h.has(C::Guarantee) || h.has(C::Earn) || h.has(C::Pay);
        if backed {
            return Some(s.signal("income_claim", weight, "promises to multiply money", &[m]));
        }
    }
    if let Some((g, e)) = h
        .near(C::Guarantee, C::Earn, NEAR)
        .or_else(|| h.near(C::Guarantee, C::Crypto, NEAR))
    {
        return Some(s.signal(
            "income_claim",
            weight,
            "guarantees income or returns",
            &[g, e],
        ));
    }
    // Large sums per day or week.
    for m in prices::amounts(full) {
        let after = m.range.end..(m.range.end + 25).min(full.len());
        let Some(period) = h.within(C::PerShortPeriod, after).next() else {
            continue;
        };
        let p = quote(full, period).to_ascii_lowercase();
        let (before, _) = around(full, &m.range, 20);
        if (p.contains("hour") || p.contains("hr"))
            && (before.contains("rate") || before.contains("invoice"))
        {
            continue;
        }
        let per_day = if p.contains("hour") || p.contains("hr") {
            m.rand * 8.0
        } else if p.contains("week") || p == "pw" || p == "p w" {
            m.rand / 5.0
        } else if p.contains("month") {
            m.rand / 22.0
        } else {
            m.rand
        };
        let earning = h
            .of(C::Earn)
            .any(|e| e.range.end + NEAR >= m.range.start && e.range.start <= m.range.end + NEAR)
            || h.has(C::JobWord)
            || h.has(C::Crypto);
        if per_day >= 1_500.0 && earning && !s.in_category("property") {
            let hit = Hit {
                concept: C::Earn,
                range: m.range.start..period.range.end,
            };
            return Some(s.signal(
                "income_claim",
                weight,
                "promises pay or returns far above the usual",
                &[&hit],
            ));
        }
    }
    // "Invest R500 get R5 000", "R1 000 becomes R1 800".
    let money = prices::amounts(full);
    for pair in money.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.rand < a.rand * 1.5 || b.range.start > a.range.end + 80 {
            continue;
        }
        let between = full[a.range.end..b.range.start].to_lowercase();
        const TURNS: &[&str] = &[
            "get", "receive", "becomes", "become", "turn", "returns", "earn", "back", "make",
            "into", "->", "→", "=", "profit", "payout", "withdraw", "grows", "cash out",
        ];
        let invest = h.has(C::Earn) || h.has(C::Multiply) || h.has(C::Crypto) || {
            let l = full.to_lowercase();
            ["invest", "gift", "deposit", "put in", "start with"]
                .iter()
                .any(|w| l.contains(w))
        };
        if invest && TURNS.iter().any(|t| between.contains(t)) {
            let hit = Hit {
                concept: C::Multiply,
                range: a.range.start..b.range.end,
            };
            return Some(s.signal(
                "income_claim",
                weight,
                "promises to multiply money",
                &[&hit],
            ));
        }
    }
    // "30% per week", "5% daily", "40% monthly", "50% in 2 weeks".
    let lower = full.to_ascii_lowercase();
    for (i, _) in lower.match_indices('%') {
        let digits: String = lower[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .chars()
            .rev()
            .collect();
        let Ok(pct) = digits.parse::<f64>() else {
            continue;
        };
        let after = i..floor(full, i + 30);
        let returns = h.has(C::Earn) || h.has(C::Crypto) || h.has(C::Guarantee) || {
            lower.contains("invest") || lower.contains("return")
        };
        if !returns {
            continue;
        }
        let per_month = if let Some(p) = h.within(C::PerShortPeriod, after.clone()).next() {
            let q = quote(full, p).to_ascii_lowercase();
            let factor = if q.contains("week") || q == "pw" || q == "p w" {
                4.0
            } else {
                20.0
            };
            Some((pct * factor, p.range.end))
        } else if let Some(p) = h.within(C::PerMonth, after.clone()).next() {
            Some((pct, p.range.end))
        } else {
            in_period(&lower[after.clone()]).map(|months| (pct / months, after.end))
        };
        if let Some((monthly, end)) = per_month
            && monthly >= 8.0
        {
            let hit = Hit {
                concept: C::Earn,
                range: i - digits.len()..end,
            };
            return Some(s.signal(
                "income_claim",
                weight,
                "promises returns no honest investment gives",
                &[&hit],
            ));
        }
    }
    None
}

/// "in 2 weeks", "in 30 days", "in 3 months": the period in months.
fn in_period(text: &str) -> Option<f64> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in words.windows(3) {
        if w[0] != "in" && w[0] != "within" && w[0] != "after" {
            continue;
        }
        let n: f64 = match w[1] {
            "one" | "a" => 1.0,
            "two" => 2.0,
            "three" => 3.0,
            x => x.parse().ok()?,
        };
        let unit = w[2].trim_end_matches(|c: char| !c.is_alphabetic());
        let months = match unit {
            "day" | "days" | "hrs" | "hours" => n / 30.0,
            "week" | "weeks" => n / 4.3,
            "month" | "months" => n,
            "year" | "years" => n * 12.0,
            _ => continue,
        };
        if months > 0.0 {
            return Some(months.max(1.0 / 30.0));
        }
    }
    None
}

fn promo_spam(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let h = &s.hits;
    let promos: Vec<&Hit> = h.of(C::Promo).collect();
    let referral = h.of(C::Referral).next();
    let links = crate::links::extract_links(&s.input.full);
    let words = s.input.norm.text().split(' ').count();
    let mut distinct: Vec<String> = Vec::new();
    for p in &promos {
        let q = s.q(p).to_lowercase();
        if !distinct.contains(&q) {
            distinct.push(q);
        }
    }
    if let Some(r) = referral {
        let mut quoted: Vec<&Hit> = vec![r];
        quoted.extend(promos.first());
        return Some(s.signal(
            "promo_spam",
            weight,
            "promotes a referral code or bonus",
            &quoted,
        ));
    }
    let handle = handles(&s.input.full).into_iter().next();
    if let Some(hd) = &handle
        && !distinct.is_empty()
    {
        let q = s.input.full[hd.clone()].to_owned();
        let mut quotes = vec![q.clone()];
        quotes.extend(distinct.iter().take(2).cloned());
        // A business pointing at its portfolio is not a community post begging for
        // followers.
        let factor = if s.in_category("community") { 1.2 } else { 0.6 };
        return Some(
            Signal::new(
                "promo_spam",
                weight * factor,
                format!("promotes an account: '{q}' … '{}'", distinct[0]),
            )
            .with_quotes(quotes),
        );
    }
    let factor = match (distinct.len(), links.is_empty(), words < 40) {
        (0, _, _) => return None,
        (1, true, false) => return None,
        (1, true, true) => 0.6,
        (1, false, _) => 0.6,
        (2, _, _) => 1.0,
        _ => 1.3,
    };
    Some(s.signal(
        "promo_spam",
        weight * factor,
        "promotes a channel, page or code",
        &promos.iter().take(3).copied().collect::<Vec<_>>(),
    ))
}

/// Branded goods with words that admit a copy ("Gucci belts, same logo", "Chanel bag,
/// 1:1 grade").
fn counterfeit(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let h = &s.hits;
    let fake = h.of(C::Fake).next()?;
    let title = &s.input.sub.title;
    let brand = prices::reference(title, s.category)
        .or_else(|| prices::reference(&s.input.sub.body, s.category))?;
    if s.in_category("vehicles") || s.in_category("pets") || s.in_category("property") {
        return None;
    }
    let brand_hit = Hit {
        concept: C::Fake,
        range: 0..0,
    };
    let _ = brand_hit;
    Some(s.signal(
        "counterfeit",
        weight,
        &format!("'{}' sold with words that admit a copy", brand.0),
        &[fake],
    ))
}

/// Keyword lists and hashtags: text for search engines, not for people.
fn tag_list(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let full = &s.input.full;
    let title = &s.input.sub.title;
    let hashtags: Vec<&str> = full
        .split_whitespace()
        .filter(|w| w.len() > 2 && w.starts_with('#') && w[1..].chars().any(char::is_alphabetic))
        .collect();
    if hashtags.len() >= 4 {
        let q = hashtags
            .iter()
            .take(5)
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        return Some(
            Signal::new(
                "tag_list",
                weight * if hashtags.len() >= 6 { 1.2 } else { 0.8 },
                format!("{} hashtags: '{q}'", hashtags.len()),
            )
            .with_quotes(vec![q]),
        );
    }
    // "Tags: a, b, c, d, e" or "keywords: …".
    for label in s.hits.of(C::TagsLabel) {
        let rest = &full[label.range.end..];
        if !rest.trim_start().starts_with([':', '-', '=']) {
            continue;
        }
        let line = rest.lines().next().unwrap_or("");
        let items = line
            .split([',', '|', '/', ';'])
            .filter(|i| !i.trim().is_empty())
            .count();
        if items >= 4 {
            let q: String = line
                .trim_start_matches([':', '-', '=', ' '])
                .chars()
                .take(80)
                .collect();
            return Some(
                Signal::new(
                    "tag_list",
                    weight * 1.2,
                    format!("a list of search words: '{q}'"),
                )
                .with_quotes(vec![q]),
            );
        }
    }
    // A title that is a list of search terms: "iPhone | Samsung | Huawei | cheap".
    let parts: Vec<&str> = title
        .split(['|', ',', '/', '•', '·'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() >= 5 && parts.iter().all(|p| p.split_whitespace().count() <= 3) {
        return Some(
            Signal::new(
                "tag_list",
                weight * 0.8,
                format!("a title made of {} search words: '{title}'", parts.len()),
            )
            .with_quotes(vec![title.clone()]),
        );
    }
    // Long lists of search terms in the text: many short comma-separated items that repeat
    // the same words ("cheap plumber, plumber near me, best plumber, 24 hour plumber").
    for line in full.lines() {
        let items: Vec<&str> = line
            .split([',', '|', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if items.len() < 8 || items.iter().any(|i| i.split_whitespace().count() > 4) {
            continue;
        }
        let mut words: Vec<String> = Vec::new();
        let mut repeats = 0;
        for item in &items {
            for w in item.split_whitespace() {
                let w = w.to_lowercase();
                if w.len() < 4 {
                    continue;
                }
                if words.contains(&w) {
                    repeats += 1;
                } else {
                    words.push(w);
                }
            }
        }
        if repeats * 3 >= items.len() {
            let q: String = line.chars().take(80).collect();
            return Some(
                Signal::new(
                    "tag_list",
                    weight,
                    format!("{} search phrases in a row: '{q}'", items.len()),
                )
                .with_quotes(vec![q]),
            );
        }
    }
    None
}

/// A price far below what the item usually sells for, by the built-in yardsticks.
fn reference_price(s: &Scan<'_>, weight: f64) -> Option<Signal> {
    let sub = s.input.sub;
    let title = &sub.title;
    let h = &s.hits;
    let title_end = title.len();
    let cheap_for_a_reason = h.of(C::PartWord).any(|p| p.range.end <= title_end)
        || h.has(C::Broken)
        || h.of(C::PartWord).any(|p| {
            let q = quote(&s.input.full, p).to_ascii_lowercase();
            q.contains("for parts") || q.contains("spares") || q.contains("stripping")
        });
    let (item, min) = if s.in_category("property") {
        prices::rent_reference(s.input.norm.text(), &sub.location)?
    } else {
        if cheap_for_a_reason {
            return None;
        }
        let (item, mut min) = prices::reference(title, s.category).or_else(|| {
            s.in_category("vehicles")
                .then(|| prices::vehicle_reference(title))
                .flatten()
        })?;
        if s.in_category("vehicles")
            && let Some(year) = prices::model_year(title)
            && item != "a vehicle of that year"
        {
            // Newer vehicles are worth more, older ones less.
            min *= match year {
                2022.. => 3.0,
                2019..=2021 => 2.0,
                2015..=2018 => 1.2,
                2010..=2014 => 0.8,
                _ => 0.4,
            };
        }
        (item.to_owned(), min)
    };
    let price = price_in_rand(s)?;
    if price <= 0.0 {
        return None;
    }
    let ratio = price / min;
    let factor = if ratio < 0.3 {
        1.0
    } else if ratio < 0.55 {
        0.6
    } else {
        return None;
    };
    Some(
        Signal::new(
            "price_outlier",
            weight * factor,
            format!(
                "price R{} is far below what {item} usually costs (from about R{}): too good to be true",
                group(price),
                group(min)
            ),
        )
        .with_quotes(vec![item]),
    )
}

/// The asking price in rand: the price field in its currency, else the first sum in the
/// title or text.
fn price_in_rand(s: &Scan<'_>) -> Option<f64> {
    let sub = s.input.sub;
    if let Some(p) = sub.price.filter(|p| p.is_finite()) {
        let rate = sub
            .currency
            .as_deref()
            .and_then(prices::to_rand)
            .unwrap_or(1.0);
        return Some(p * rate);
    }
    prices::amounts(&sub.title)
        .into_iter()
        .chain(prices::amounts(&sub.body))
        .map(|a| a.rand)
        .next()
}

/// 12500 → "12 500".
fn group(x: f64) -> String {
    let n = x.round() as i64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Config, Gate, NearDupIndex, Submission};

    fn check(title: &str, body: &str, cat: &str) -> crate::Verdict {
        let gate = Gate::new(Config::default(), vec![], None).unwrap();
        gate.check(
            &Submission::ad(title, body, Some(cat)),
            &NearDupIndex::new(),
        )
    }

    fn fired(v: &crate::Verdict, name: &str) -> bool {
        v.signal(name).is_some()
    }

    #[test]
    fn spelled_and_spaced_numbers() {
        for t in [
            "call zero eight two five five five one two three four",
            "whatsapp o82 555 l234 now",
            "0 7 2 1 2 3 4 5 6 7",
            "nul agt twee 555 1234",
        ] {
            let v = check("Sofa for sale", t, "home-garden");
            assert!(fired(&v, "spelled_number"), "{t}: {}", v.explain());
        }
        for t in [
            "Call 082 555 1234 after five",
            "Two bedrooms, one bathroom, three parking bays",
            "Sizes 6 7 8 9 10 11 available",
        ] {
            let v = check("Sofa for sale", t, "home-garden");
            assert!(!fired(&v, "spelled_number"), "{t}: {}", v.explain());
        }
    }

    #[test]
    fn advance_fees_by_context() {
        let v = check(
            "Data capturers needed",
            "Work from home. A once-off registration fee of R350 secures your spot.",
            "jobs",
        );
        assert!(fired(&v, "advance_fee"), "{}", v.explain());
        let v = check(
            "Cosy 2 bed flat",
            "I am working overseas. Pay the deposit and the keys will be couriered to you.",
            "property",
        );
        assert!(fired(&v, "advance_fee"), "{}", v.explain());
        assert!(fired(&v, "seller_abroad"), "{}", v.explain());
        let honest = check(
            "Sunny 2 bed flat",
            "Deposit and first month's rent payable on signing the lease. Viewing by appointment.",
            "property",
        );
        assert!(!fired(&honest, "advance_fee"), "{}", honest.explain());
        let honest_job = check(
            "Waitron wanted",
            "Busy restaurant needs an experienced waitron. Salary R6 500 per month plus tips.",
            "jobs",
        );
        assert!(
            !fired(&honest_job, "advance_fee"),
            "{}",
            honest_job.explain()
        );
    }

    #[test]
    fn prices_too_good_to_be_true() {
        let mut sub = Submission::ad(
            "iPhone 15 Pro Max 256GB",
            "Brand new sealed, urgent sale",
            Some("electronics"),
        );
        sub.price = Some(2500.0);
        let gate = Gate::new(Config::default(), vec![], None).unwrap();
        let v = gate.check(&sub, &NearDupIndex::new());
        assert!(fired(&v, "price_outlier"), "{}", v.explain());
        sub.price = Some(12_000.0);
        assert!(!fired(
            &gate.check(&sub, &NearDupIndex::new()),
            "price_outlier"
        ));
        sub.price = Some(150.0);
        sub.currency = Some("USD".into());
        assert!(fired(
            &gate.check(&sub, &NearDupIndex::new()),
            "price_outlier"
        ));
        sub.title = "iPhone 15 Pro Max case".into();
        sub.price = Some(150.0);
        sub.currency = None;
        assert!(!fired(
            &gate.check(&sub, &NearDupIndex::new()),
            "price_outlier"
        ));
    }
}
