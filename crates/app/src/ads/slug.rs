//! Readable ASCII slugs for any title, in any script.

/// Longest slug we make; long titles are cut at a word boundary.
pub const MAX_LEN: usize = 80;

/// `"Toyota Corolla 1.6 — low mileage!"` → `"toyota-corolla-1-6-low-mileage"`;
/// non-Latin titles are transliterated (`"Продам велосипед"` → `"prodam-velosiped"`).
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > MAX_LEN {
        let cut = out[..MAX_LEN]
            .rfind('-')
            .filter(|&i| i > 20)
            .unwrap_or(MAX_LEN);
        out.truncate(cut);
    }
    if out.is_empty() {
        "ad".to_string()
    } else {
        out
    }
}

/// The first of `base`, `base-2`, `base-3`… not in `taken`.
pub fn first_free(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.iter().any(|t| t == candidate))
        .expect("an unbounded range always has a free number")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_readable_ascii() {
        assert_eq!(
            slugify("Toyota Corolla 1.6 — low mileage!"),
            "toyota-corolla-1-6-low-mileage"
        );
        assert_eq!(slugify("Продам велосипед"), "prodam-velosiped");
        assert_eq!(slugify("Café & Crème brûlée"), "cafe-creme-brulee");
        assert_eq!(
            slugify("<script>alert(1)</script>"),
            "script-alert-1-script"
        );
        assert!(!slugify("二手自行车").is_empty());
        assert_eq!(slugify("!!!"), "ad");
        assert_eq!(slugify(""), "ad");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let s = slugify(&"word ".repeat(40));
        assert!(s.len() <= MAX_LEN);
        assert!(s.ends_with("word"));
    }

    #[test]
    fn collisions_get_the_next_number() {
        let taken = vec!["bike".to_string(), "bike-2".to_string()];
        assert_eq!(first_free("bike", &taken), "bike-3");
        assert_eq!(first_free("car", &taken), "car");
    }
}
