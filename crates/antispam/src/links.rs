//! Links and contact details: extraction for the app, and the link/contact signals.
//!
//! Extraction works on the original text (normalisation would destroy the dots and slashes
//! that make a URL), with byte ranges so the app can highlight what it found.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::gate::Prepared;
use crate::verdict::Signal;

/// A link found in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The URL as written (without trailing punctuation).
    pub url: String,
    /// Lowercased host without `www.`.
    pub host: String,
    /// For HTML/Markdown links, the visible text.
    pub display: Option<String>,
    /// Byte range in the text.
    pub range: Range<usize>,
}

/// Kind of contact detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
}

/// A phone number or e-mail address found in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Phone or e-mail.
    pub kind: ContactKind,
    /// Canonical form: digits only for phones, lowercase for e-mails. Compare these.
    pub value: String,
    /// As written.
    pub original: String,
    /// Byte range in the text.
    pub range: Range<usize>,
}

/// Top-level domains accepted for bare domains without `http://` (a short list keeps
/// "e.g." and "R4.50" from looking like links).
const TLDS: &str = "com|net|org|info|biz|io|co|ly|gl|gd|me|ru|cn|xyz|top|online|site|club|shop|store|za|uk|de|fr|nl|us|ca|au|in|app|link|click|live|tk|ml|ga|cf|at|ch|be|es|it|pl|ng|ke|to|cc|ws|do|ae|id|li|ink|is";

static URL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?i)\b(?:https?://[^\s<>"'\]\)]+|www\.[^\s<>"'\]\)]+|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{TLDS})\b(?:/[^\s<>"'\]\)]*)?)"#
    ))
    .expect("static regex")
});
static HTML_A_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)["']?[^>]*>(.*?)</a\s*>"#)
        .expect("static regex")
});
static MD_LINK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]\n]{1,200})\]\(([^)\s]+)\)").expect("static regex"));
static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b")
        .expect("static regex")
});
static EMAIL_WORDS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z0-9._-]+)\s*[\[(]?\s*(?:at|@)\s*[\])]?\s*([a-z0-9-]+)\s*[\[(]?\s*dot\s*[\])]?\s*([a-z]{2,6})\b")
        .expect("static regex")
});
static PHONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+|\b)\(?\d{2,4}\)?(?:[ .\-]?\(?\d{2,5}\)?){2,4}\b").expect("static regex")
});

const SHORTENERS: &[&str] = &[
    "bit.ly",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "cutt.ly",
    "rebrand.ly",
    "buff.ly",
    "rb.gy",
    "shorturl.at",
    "tiny.cc",
    "bl.ink",
    "t.ly",
    "s.id",
    "v.gd",
    "short.io",
    "lnkd.in",
    "adf.ly",
    "shorte.st",
    "bit.do",
    "tr.im",
    "x.co",
    "soo.gd",
    "qr.ae",
    "cli.gs",
    "tiny.one",
    "shorturl.com",
];

/// Top-level domains that cost next to nothing and host most throwaway scam pages.
const RISKY_TLDS: &[&str] = &[
    "xyz", "top", "click", "online", "site", "bet", "win", "loan", "icu", "buzz", "tk", "ml", "ga",
    "cf", "gq", "rest", "fun", "monster", "cyou", "sbs", "cfd", "quest", "bond", "vip", "casino",
    "work", "racing", "party", "review", "country", "stream", "download", "trade",
];

/// Link-in-bio pages, which collect a spammer's links in one place.
const LINK_IN_BIO: &[&str] = &[
    "linktr.ee",
    "beacons.ai",
    "lnk.bio",
    "campsite.bio",
    "linkin.bio",
    "taplink.cc",
    "bio.link",
    "solo.to",
    "allmylinks.com",
    "hoo.be",
];

/// Whether a link carries a referral or affiliate code, or is a link-in-bio page.
fn is_referral(l: &Link) -> bool {
    if LINK_IN_BIO.iter().any(|d| domain_matches(&l.host, d)) {
        return true;
    }
    let lower = l.url.to_ascii_lowercase();
    let query = lower.split_once('?').map_or("", |(_, q)| q);
    const KEYS: &[&str] = &[
        "ref",
        "aff",
        "affid",
        "aff_id",
        "affiliate",
        "refid",
        "ref_id",
        "referral",
        "referrer",
        "invite",
        "invitecode",
        "invite_code",
        "promo",
        "promocode",
        "code",
        "partner",
        "tag",
        "clickid",
        "subid",
    ];
    query.split('&').any(|kv| {
        let k = kv.split('=').next().unwrap_or("");
        KEYS.contains(&k)
    }) || ["/ref/", "/invite/", "/referral/", "/aff/", "/r/"]
        .iter()
        .any(|p| lower.contains(p))
}

/// Lowercased host of a URL, without scheme, credentials, port and `www.`.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_owned).unwrap_or(host)
}

/// Whether `host` is `domain` or a subdomain of it.
pub fn domain_matches(host: &str, domain: &str) -> bool {
    let domain = domain
        .trim()
        .trim_start_matches("*.")
        .trim_start_matches('.');
    let domain = domain.strip_prefix("www.").unwrap_or(domain);
    let (h, d) = (host.as_bytes(), domain.as_bytes());
    !d.is_empty()
        && (h.eq_ignore_ascii_case(d)
            || (h.len() > d.len()
                && h[h.len() - d.len()..].eq_ignore_ascii_case(d)
                && h[h.len() - d.len() - 1] == b'.'))
}

/// All links in `text`: plain URLs, bare domains, HTML anchors and Markdown links. For
/// anchors and Markdown links the visible text is kept in [`Link::display`].
pub fn extract_links(text: &str) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    for caps in HTML_A_RE
        .captures_iter(text)
        .chain(MD_LINK_RE.captures_iter(text))
    {
        let whole = caps.get(0).map_or(0..0, |m| m.range());
        let (href, display) = if whole.start < text.len() && text[whole.start..].starts_with('[') {
            (caps.get(2), caps.get(1))
        } else {
            (caps.get(1), caps.get(2))
        };
        let (Some(href), Some(display)) = (href, display) else {
            continue;
        };
        links.push(Link {
            url: href.as_str().to_owned(),
            host: host_of(href.as_str()),
            display: Some(display.as_str().to_owned()),
            range: whole.clone(),
        });
        covered.push(whole);
    }
    for m in URL_RE.find_iter(text) {
        if covered
            .iter()
            .any(|c| c.start <= m.start() && m.end() <= c.end)
        {
            continue;
        }
        // Part of an e-mail address, not a link.
        if m.start() > 0 && text.as_bytes()[m.start() - 1] == b'@' {
            continue;
        }
        let url = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
        links.push(Link {
            url: url.to_owned(),
            host: host_of(url),
            display: None,
            range: m.start()..m.start() + url.len(),
        });
    }
    links.sort_by_key(|l| l.range.start);
    links
}

/// Canonical digits of a phone number (9 to 15 digits), or `None` if it is not one.
fn phone_digits(s: &str) -> Option<String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    (9..=15).contains(&digits.len()).then_some(digits)
}

/// All phone numbers and e-mail addresses in `text`, including "name at example dot com".
pub fn extract_contacts(text: &str) -> Vec<Contact> {
    let mut out: Vec<Contact> = Vec::new();
    for m in EMAIL_RE.find_iter(text) {
        out.push(Contact {
            kind: ContactKind::Email,
            value: m.as_str().to_lowercase(),
            original: m.as_str().to_owned(),
            range: m.range(),
        });
    }
    for caps in EMAIL_WORDS_RE.captures_iter(text) {
        let (Some(m), Some(user), Some(dom), Some(tld)) =
            (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
        else {
            continue;
        };
        if out
            .iter()
            .any(|c| c.range.start < m.end() && m.start() < c.range.end)
        {
            continue;
        }
        let value = format!("{}@{}.{}", user.as_str(), dom.as_str(), tld.as_str()).to_lowercase();
        out.push(Contact {
            kind: ContactKind::Email,
            value,
            original: m.as_str().to_owned(),
            range: m.range(),
        });
    }
    for m in PHONE_RE.find_iter(text) {
        if out
            .iter()
            .any(|c| c.range.start < m.end() && m.start() < c.range.end)
        {
            continue;
        }
        if let Some(value) = phone_digits(m.as_str()) {
            out.push(Contact {
                kind: ContactKind::Phone,
                value,
                original: m.as_str().trim().to_owned(),
                range: m.range(),
            });
        }
    }
    out.sort_by_key(|c| c.range.start);
    out
}

/// Canonical form of a contact typed into a form field or a config list.
pub fn canonical_contact(s: &str) -> Option<(ContactKind, String)> {
    let t = s.trim();
    if t.contains('@') {
        return Some((ContactKind::Email, t.to_lowercase()));
    }
    phone_digits(t).map(|d| (ContactKind::Phone, d))
}

/// Phone numbers match when their last nine digits agree, so "+27 82 555 1234" and
/// "082 555 1234" are the same number.
fn same_contact(kind: ContactKind, a: &str, b: &str) -> bool {
    match kind {
        ContactKind::Email => a == b,
        ContactKind::Phone => {
            let tail = |s: &str| s[s.len().saturating_sub(9)..].to_owned();
            tail(a) == tail(b)
        }
    }
}

/// Link and contact signals for one submission.
pub(crate) fn signals(config: &Config, input: &Prepared<'_>, out: &mut Vec<Signal>) {
    let (title, full_text) = (&input.sub.title, &input.full);
    let (extra_links, extra_contacts) = (&input.sub.links, &input.sub.contacts);
    let is_ad = input.sub.kind.is_ad();
    let w = &config.weights;
    let mut links = extract_links(full_text);
    // In an ad, every link counts: honest sellers describe the item here.
    let free = if is_ad {
        config.free_links.min(1)
    } else {
        config.free_links
    };
    for l in extra_links {
        links.push(Link {
            url: l.clone(),
            host: host_of(l),
            display: None,
            range: 0..0,
        });
    }
    if links.len() > free {
        let extra = (links.len() - free) as f64;
        out.push(Signal::new(
            "links",
            w.link * extra.min(5.0),
            format!("{} links", links.len()),
        ));
    }
    let mut shorteners: Vec<&str> = Vec::new();
    let mut blocked: Vec<&str> = Vec::new();
    let mut mismatched: Vec<String> = Vec::new();
    let mut referral: Vec<&str> = Vec::new();
    let mut risky: Vec<&str> = Vec::new();
    for l in &links {
        if is_referral(l) && !referral.contains(&l.url.as_str()) {
            referral.push(&l.url);
        }
        let tld = l.host.rsplit('.').next().unwrap_or("");
        if RISKY_TLDS.contains(&tld) && !risky.contains(&l.url.as_str()) {
            risky.push(&l.url);
        }
        if SHORTENERS.iter().any(|s| domain_matches(&l.host, s))
            && !shorteners.contains(&l.url.as_str())
        {
            shorteners.push(&l.url);
        }
        if config
            .blocked_domains
            .iter()
            .any(|d| domain_matches(&l.host, d))
            && !blocked.contains(&l.url.as_str())
        {
            blocked.push(&l.url);
        }
        if let Some(display) = &l.display {
            for shown in URL_RE.find_iter(display) {
                let shown_host = host_of(shown.as_str());
                if !shown_host.is_empty()
                    && !l.host.is_empty()
                    && !domain_matches(&l.host, &shown_host)
                    && !domain_matches(&shown_host, &l.host)
                {
                    mismatched.push(format!(
                        "shows '{}' but goes to '{}'",
                        shown.as_str(),
                        l.host
                    ));
                }
            }
        }
    }
    if !shorteners.is_empty() {
        out.push(
            Signal::new("link_shortener", w.link_shortener, shorteners.join(", "))
                .with_quotes(shorteners.iter().map(|u| u.to_string()).collect()),
        );
    }
    if !referral.is_empty() {
        out.push(
            Signal::new(
                "referral_link",
                w.referral_link,
                format!("referral or affiliate link: {}", referral.join(", ")),
            )
            .with_quotes(referral.iter().map(|u| u.to_string()).collect()),
        );
    }
    if !risky.is_empty() {
        out.push(
            Signal::new(
                "risky_domain",
                w.risky_domain,
                format!("link to a throwaway domain: {}", risky.join(", ")),
            )
            .with_quotes(risky.iter().map(|u| u.to_string()).collect()),
        );
    }
    if !blocked.is_empty() {
        out.push(Signal::new(
            "blocked_domain",
            w.blocked_domain,
            blocked.join(", "),
        ));
    }
    if !mismatched.is_empty() {
        out.push(Signal::new(
            "link_mismatch",
            w.link_mismatch,
            mismatched.join("; "),
        ));
    }
    if is_ad {
        let mut quoted: Vec<String> = extract_contacts(title)
            .iter()
            .map(|c| c.original.clone())
            .collect();
        // "@handle" next to an app name in a title is a contact detail too.
        let lower = title.to_lowercase();
        let apps = [
            "whatsapp",
            "telegram",
            "signal",
            "instagram",
            "insta",
            "snapchat",
            "wechat",
            "tiktok",
            "ig:",
            "ig ",
        ];
        if apps.iter().any(|a| lower.contains(a)) {
            for w in title.split_whitespace() {
                if w.starts_with('@') && w.len() > 3 {
                    quoted.push(w.trim_end_matches([',', '.', ')']).to_owned());
                }
            }
        }
        if !quoted.is_empty() {
            let listed: Vec<String> = quoted.iter().map(|q| format!("'{q}'")).collect();
            out.push(
                Signal::new("contact_in_title", w.contact_in_title, listed.join(", "))
                    .with_quotes(quoted),
            );
        }
    }
    if !config.rejected_contacts.is_empty() {
        let rejected: Vec<(ContactKind, String)> = config
            .rejected_contacts
            .iter()
            .filter_map(|c| canonical_contact(c))
            .collect();
        let mut found: Vec<Contact> = extract_contacts(full_text);
        for c in extra_contacts {
            if let Some((kind, value)) = canonical_contact(c) {
                found.push(Contact {
                    kind,
                    value,
                    original: c.clone(),
                    range: 0..0,
                });
            }
        }
        let mut hits: Vec<String> = Vec::new();
        for c in &found {
            if rejected
                .iter()
                .any(|(k, v)| *k == c.kind && same_contact(c.kind, v, &c.value))
            {
                let q = format!("'{}'", c.original);
                if !hits.contains(&q) {
                    hits.push(q);
                }
            }
        }
        if !hits.is_empty() {
            out.push(Signal::new(
                "rejected_contact",
                w.rejected_contact,
                hits.join(", "),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_bare_domains_and_anchors() {
        let t = "Visit https://Shop.Example.com/x?y=1, or www.deals.net. Also bit.ly/abc and <a href=\"http://evil.ru/p\">paypal.com</a> [here](https://ok.org)";
        let links = extract_links(t);
        let hosts: Vec<&str> = links.iter().map(|l| l.host.as_str()).collect();
        assert_eq!(
            hosts,
            vec![
                "shop.example.com",
                "deals.net",
                "bit.ly",
                "evil.ru",
                "ok.org"
            ]
        );
        assert_eq!(links[0].url, "https://Shop.Example.com/x?y=1");
        assert_eq!(links[3].display.as_deref(), Some("paypal.com"));
    }

    #[test]
    fn prices_and_abbreviations_are_not_links() {
        assert!(extract_links("R4.50 each, e.g. two for R9.00. Version 2.0").is_empty());
    }

    #[test]
    fn extracts_contacts_canonically() {
        let c = extract_contacts(
            "Call +27 82 555 1234 or mail John.Doe@Example.COM, or jane at example dot com. Price R 4500, year 2019",
        );
        let values: Vec<(ContactKind, &str)> =
            c.iter().map(|c| (c.kind, c.value.as_str())).collect();
        assert_eq!(
            values,
            vec![
                (ContactKind::Phone, "27825551234"),
                (ContactKind::Email, "john.doe@example.com"),
                (ContactKind::Email, "jane@example.com"),
            ]
        );
        assert_eq!(c[0].original, "+27 82 555 1234");
    }

    #[test]
    fn parent_domains_match_subdomains_only() {
        assert!(domain_matches("a.b.evil.com", "evil.com"));
        assert!(domain_matches("evil.com", "*.evil.com"));
        assert!(!domain_matches("notevil.com", "evil.com"));
        assert!(!domain_matches("e-dowell.com\u{fffd}\u{435}", "ok.com"));
    }
}
