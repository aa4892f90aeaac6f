//! Text normalisation that sees through obfuscation while remembering where every
//! normalised character came from.
//!
//! Spammers write "V1@gra", "v.i.a.g.r.a", "frеe" (Cyrillic е), "ｆｒｅｅ" or hide zero-width
//! spaces inside words so naive keyword lists miss them. [`normalize`] folds all of that to a
//! plain lowercase form ("viagra", "fre") that rules, the classifier and near-duplicate
//! fingerprints all share. Because moderators must see *what the user wrote*, every byte of
//! the normalised text keeps the byte range of the original text it came from
//! ([`Normalized::original_range`]).
//!
//! The output alphabet is: lowercase letters and digits of any script, single spaces between
//! words. Punctuation becomes word separators, doubled letters collapse to one ("free" →
//! "fre", "freeeee" → "fre"), so rule patterns must go through the same function — the rule
//! compiler does that for you.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::confusables::{fold_latin, homoglyph};
pub use crate::obfuscation::Obfuscation;

/// The normalised form of one text plus the way back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// For every byte of `text`, the byte range of the original text it came from.
    spans: Vec<(usize, usize)>,
    /// For every byte of `text`, how many times its letter was written in a row before
    /// doubled letters were collapsed ("ass" → "as" with a run of 2 on the `s`), so that
    /// rules can tell "as" from "ass" while "freeeee" still reads as "free".
    runs: Vec<u8>,
    /// Whether other readings differ: a leet character with two letters (`1` is `i` or
    /// `l`), and a short word ending in digits beside a disguised word ("f33").
    ambiguous: (bool, bool),
    /// What obfuscation was seen on the way.
    pub obfuscation: Obfuscation,
}

impl Normalized {
    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The original byte range that produced the normalised byte range `norm`.
    ///
    /// Always lies on char boundaries of the original. An empty or out-of-range `norm` gives
    /// an empty range.
    pub fn original_range(&self, norm: Range<usize>) -> Range<usize> {
        if norm.start >= norm.end || norm.end > self.spans.len() {
            return 0..0;
        }
        let start = self.spans[norm.start].0;
        let end = self.spans[norm.end - 1].1;
        start..end.max(start)
    }

    /// The original text behind the normalised byte range `norm`.
    pub fn quote<'a>(&self, original: &'a str, norm: Range<usize>) -> &'a str {
        original.get(self.original_range(norm)).unwrap_or("")
    }

    /// Per-byte original spans (for tests and invariants).
    pub fn spans(&self) -> &[(usize, usize)] {
        &self.spans
    }

    /// Per-byte letter run lengths (1 for a letter written once, 2 for a doubled one…).
    pub fn runs(&self) -> &[u8] {
        &self.runs
    }

    /// Whether another reading of the same original may differ from this one.
    pub fn is_ambiguous(&self) -> bool {
        self.ambiguous.0 || self.ambiguous.1
    }
}

/// Which way to read characters that stand for more than one letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// The usual reading, shared by rules, the classifier and fingerprints: `1` is `i`,
    /// and a digit that only ends a word ("ps5", "mp3", "a55") is a model number.
    Primary,
    /// Leet read the other way: `1` and `|` are `l`, `6` is `b` ("te1e9ram"); digits
    /// ending a word are letters ("fr33").
    Alternate,
    /// The primary letters, but digits ending a word are letters too ("re91strat|on f33").
    Suffixes,
}

impl Reading {
    fn folds_suffixes(self) -> bool {
        self != Reading::Primary
    }
}

/// One character of the intermediate stream, with the original byte range it came from.
#[derive(Debug, Clone, Copy)]
struct Item {
    c: char,
    s: usize,
    e: usize,
}

/// A word (run of letters/digits) and the separator characters that follow it.
#[derive(Debug, Clone, Default)]
struct Token {
    items: Vec<Item>,
    /// Separator characters after this token, up to the next token.
    sep: Vec<Item>,
}

/// Characters that render as nothing; dropped and counted.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{E0000}'..='\u{E007F}' | '\u{1D173}'..='\u{1D17A}')
}

/// Variation selectors are invisible but legitimately used by emoji, so they are dropped
/// without counting as obfuscation.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Full-width, mathematical alphanumeric and enclosed letters: legitimate text almost never
/// uses them for ordinary words.
fn is_styled(c: char) -> bool {
    matches!(c,
        '\u{FF01}'..='\u{FF5E}' | '\u{1D400}'..='\u{1D7FF}' | '\u{2460}'..='\u{24FF}'
        | '\u{1F130}'..='\u{1F189}')
}

/// Digits and symbols that stand for letters inside a word, in the primary reading.
fn leet_letter(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '6' => 'g',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        '$' => 's',
        '@' => 'a',
        '|' => 'i',
        '!' => 'i',
        '€' => 'e',
        _ => return None,
    })
}

/// The letter a leet character stands for in the given reading.
fn leet_in(c: char, reading: Reading) -> Option<char> {
    if reading == Reading::Alternate {
        match c {
            '1' | '|' => return Some('l'),
            '6' => return Some('b'),
            _ => {}
        }
    }
    leet_letter(c)
}

/// Leet characters whose reading differs between the two readings.
fn is_ambiguous_leet(c: char) -> bool {
    matches!(c, '1' | '|' | '6')
}

/// Symbols that may stand for letters inside a word (digits are decided by [`fold_leet`]).
fn is_leet_symbol(c: char) -> bool {
    matches!(c, '$' | '@' | '|' | '!' | '€')
}

/// Normalise `original` for matching; see the module docs for what is folded.
pub fn normalize(original: &str) -> Normalized {
    normalize_with(original, Reading::Primary)
}

/// The other readings of `original` that keyword rules also try, given its primary one:
/// ambiguous leet characters with their other letter (`te1e9ram` → "telegram"), and
/// words that end in digits read as letters (`fr33` → "free"; "f33" beside a disguised
/// word, as in `re9istrat1on f33` → "registration fee"). Empty when nothing is ambiguous.
pub fn other_readings(original: &str, primary: &Normalized) -> Vec<Normalized> {
    let (leet, suffixes) = primary.ambiguous;
    let mut out = Vec::new();
    if leet {
        out.push(normalize_with(original, Reading::Alternate));
    }
    if suffixes {
        out.push(normalize_with(original, Reading::Suffixes));
    }
    out
}

fn normalize_with(original: &str, reading: Reading) -> Normalized {
    let mut obf = Obfuscation::default();
    let items = decompose(original, &mut obf);
    let latin_majority = {
        let (mut latin, mut other) = (0usize, 0usize);
        for it in &items {
            if it.c.is_ascii_lowercase() {
                latin += 1;
            } else if it.c.is_alphabetic() && homoglyph(it.c).is_none() {
                other += 1;
            }
        }
        latin >= other
    };
    let mut tokens = tokenize(&items);
    let mut ambiguous = (false, false);
    let mut disguised = vec![false; tokens.len()];
    for (i, tok) in tokens.iter_mut().enumerate() {
        fold_homoglyphs(tok, latin_majority, &mut obf);
        let folded = fold_leet(tok, original, reading, &mut obf);
        disguised[i] = folded.disguised;
        ambiguous.0 |= folded.ambiguous;
        ambiguous.1 |= folded.suffix;
    }
    // A short word that only ends in digits ("f33") reads as letters next to a disguised
    // word; alone it is a model number ("Samsung A55").
    for i in 0..tokens.len() {
        let beside = (i > 0 && disguised[i - 1]) || disguised.get(i + 1).copied().unwrap_or(false);
        if beside && digit_suffixed(&tokens[i]) {
            ambiguous.1 = true;
            if reading.folds_suffixes() {
                for it in &mut tokens[i].items {
                    if let Some(l) = leet_in(it.c, reading) {
                        it.c = l;
                    }
                }
            }
        }
    }
    let tokens = join_spaced(split_symbols(tokens), reading, &mut obf);
    let mut out = emit(&tokens, &mut obf);
    out.ambiguous = ambiguous;
    out
}

/// A token of letters followed only by leet digits, such as "f33" or "a55".
fn digit_suffixed(tok: &Token) -> bool {
    let first_digit = tok.items.iter().position(|i| !i.c.is_alphabetic());
    match first_digit {
        Some(k) if k > 0 => tok.items[k..]
            .iter()
            .all(|i| i.c.is_ascii_digit() && leet_letter(i.c).is_some()),
        _ => false,
    }
}

/// Stage 1: drop invisibles, NFKD-decompose, strip combining marks, lowercase.
fn decompose(original: &str, obf: &mut Obfuscation) -> Vec<Item> {
    let mut items = Vec::with_capacity(original.len());
    let mut prev_was_mark = false;
    let mut prev_alnum = false;
    let mut pending_invisible = 0usize;
    for (s, ch) in original.char_indices() {
        let e = s + ch.len_utf8();
        // Plain ASCII, by far the most common, needs no tables.
        if ch.is_ascii() {
            prev_was_mark = false;
            let l = ch.to_ascii_lowercase();
            items.push(Item { c: l, s, e });
            prev_alnum = l.is_ascii_alphanumeric();
            if prev_alnum {
                obf.invisible += pending_invisible;
            }
            pending_invisible = 0;
            continue;
        }
        if is_variation_selector(ch) {
            continue;
        }
        if is_invisible(ch) {
            // Only invisible characters inside a word are a trick; soft hyphens and joiners
            // between words or emoji are ordinary typography.
            if prev_alnum {
                pending_invisible += 1;
            }
            continue;
        }
        if is_combining_mark(ch) {
            if prev_was_mark {
                obf.stacked_marks += 1;
            }
            prev_was_mark = true;
            continue;
        }
        prev_was_mark = false;
        if is_styled(ch) {
            obf.styled += 1;
        }
        let before = items.len();
        decompose_compatible(ch, |d| {
            if is_combining_mark(d) {
                return;
            }
            for l in d.to_lowercase() {
                if is_combining_mark(l) {
                    continue;
                }
                match fold_latin(l) {
                    Some(folded) => {
                        for f in folded.chars() {
                            items.push(Item { c: f, s, e });
                        }
                    }
                    None => items.push(Item { c: l, s, e }),
                }
            }
        });
        prev_alnum = items[before..].iter().any(|i| i.c.is_alphanumeric());
        if prev_alnum {
            obf.invisible += pending_invisible;
        }
        pending_invisible = 0;
    }
    items
}

/// Whether the symbol at `i` (`$`, `@`, `|`, `!`, `€`) stands for a letter: "ca$h",
/// "v!agra", "|ogin", "fr€€", but not "$20", "a | b", "Hi!" or an e-mail address.
fn symbol_is_letter(items: &[Item], i: usize) -> bool {
    let c = items[i].c;
    if !is_leet_symbol(c) {
        return false;
    }
    // The run of symbols this one belongs to ("$$" in "ca$$h").
    let mut start = i;
    while start > 0 && is_leet_symbol(items[start - 1].c) {
        start -= 1;
    }
    let mut end = i + 1;
    while end < items.len() && is_leet_symbol(items[end].c) {
        end += 1;
    }
    let prev = start.checked_sub(1).map(|p| items[p].c);
    let next = items.get(end).map(|n| n.c);
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let alpha = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let after_next = items.get(end + 1).map(|n| n.c);
    let inside = alnum(prev) && alnum(next) && (alpha(prev) || alpha(next));
    let ok = match c {
        // "!!!" between words is emphasis, not a letter.
        '!' => end - start == 1 && alpha(prev) && alpha(next),
        // "|ogin": a bar can start a word, before two letters.
        '|' => inside || (!alnum(prev) && alpha(next) && alpha(after_next)),
        // "fr€€": euro signs can end a word after letters; "A$$", "cla$$" too.
        '€' => inside || (alpha(prev) && !alnum(next)),
        '$' => inside || (alpha(prev) && !alnum(next) && end - start >= 2),
        _ => inside,
    };
    if !ok {
        return false;
    }
    if c == '@' {
        let mut j = i + 1;
        while j < items.len() && !items[j].c.is_whitespace() {
            if items[j].c == '.' && items.get(j + 1).is_some_and(|n| n.c.is_alphabetic()) {
                return false;
            }
            j += 1;
        }
    }
    true
}

/// Stage 2: split the stream into words and separators.
fn tokenize(items: &[Item]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut cur = Token::default();
    for (i, it) in items.iter().enumerate() {
        let wordish = it.c.is_alphanumeric() || symbol_is_letter(items, i);
        if wordish {
            if !cur.sep.is_empty() {
                tokens.push(std::mem::take(&mut cur));
            }
            cur.items.push(*it);
        } else if !cur.items.is_empty() {
            cur.sep.push(*it);
        }
        // Leading separators (before the first word) are dropped.
    }
    if !cur.items.is_empty() {
        tokens.push(cur);
    }
    tokens
}

/// Replace look-alike letters from other scripts when a word mixes them with Latin letters
/// (or consists only of look-alikes in a mostly Latin text). Genuine Cyrillic or Greek
/// words are left alone.
fn fold_homoglyphs(tok: &mut Token, latin_majority: bool, obf: &mut Obfuscation) {
    let (mut latin, mut conf, mut other) = (0, 0, 0);
    for it in &tok.items {
        if it.c.is_ascii_lowercase() {
            latin += 1;
        } else if homoglyph(it.c).is_some() {
            conf += 1;
        } else if it.c.is_alphabetic() {
            other += 1;
        }
    }
    if conf == 0 || other > 0 || (latin == 0 && !latin_majority) {
        return;
    }
    for it in &mut tok.items {
        if let Some(l) = homoglyph(it.c) {
            obf.homoglyphs.push((it.c, l));
            it.c = l;
        }
    }
}

/// What [`fold_leet`] did to a token.
#[derive(Debug, Clone, Copy, Default)]
struct Folded {
    /// The token is a disguised word ("v1agra"), flagged as leetspeak.
    disguised: bool,
    /// The alternate reading would read this token's leet differently.
    ambiguous: bool,
    /// The token ends in digits that other readings take for letters.
    suffix: bool,
}

/// Read digits and symbols as letters inside words like "v1agra", "fr33", "ca$h",
/// "te1e9ram", while leaving numbers, prices and model numbers ("4500", "R4500",
/// "iphone13", "ps5") alone.
fn fold_leet(tok: &mut Token, original: &str, reading: Reading, obf: &mut Obfuscation) -> Folded {
    let n = tok.items.len();
    let letters = tok.items.iter().filter(|i| i.c.is_alphabetic()).count();
    let leet: Vec<usize> = (0..n)
        .filter(|&i| leet_letter(tok.items[i].c).is_some())
        .collect();
    let other_digits = tok
        .items
        .iter()
        .filter(|i| i.c.is_numeric() && leet_letter(i.c).is_none())
        .count();
    // Symbols ("A$$", "c@sh") are disguise more surely than digits, which are often part
    // of a model number, so one letter is enough beside them.
    let symbols_only = leet.iter().all(|&i| !tok.items[i].c.is_ascii_digit());
    let too_few_letters = if symbols_only {
        letters < 1
    } else {
        letters < 2 || leet.len() > letters
    };
    if leet.is_empty() || other_digits > 0 || too_few_letters {
        return Folded::default();
    }
    let contiguous = leet.windows(2).all(|w| w[1] == w[0] + 1);
    let at_start = leet[0] == 0;
    let at_end = leet[leet.len() - 1] == n - 1;
    let digits_only = leet.iter().all(|&i| tok.items[i].c.is_ascii_digit());
    // "ps5", "mp3", "galaxy9": a word that ends in a number is a model, in the primary
    // reading; "fr33" is caught by the alternate one.
    let model_suffix = contiguous && at_end && digits_only;
    // "4sale", "3door": a number before a word, also read as letters by other readings
    // ("8itcoin").
    let number_prefix = contiguous && at_start && letters >= 4 && digits_only;
    if (number_prefix || model_suffix) && !reading.folds_suffixes() {
        return Folded {
            suffix: true,
            ..Folded::default()
        };
    }
    // Flag only word-like disguises ("v1agra", "c4sh"): a digit between letters, letters at
    // both ends, few digits, no random capitals. Identifiers like "md5", "eth0", "30pm",
    // "B00005NEBW" or "root@host" are read the same way but are not evidence.
    let interior = leet.iter().any(|&i| i > 0 && i + 1 < n);
    let word_like = interior
        && tok.items[0].c.is_alphabetic()
        && tok.items[n - 1].c.is_alphabetic()
        && leet.len() <= 3
        && letters >= 3
        && !tok.items.iter().any(|i| i.c == '@' && leet.len() == 1)
        && !mixed_case(original_word(tok, original));
    let ambiguous = leet.iter().any(|&i| is_ambiguous_leet(tok.items[i].c));
    for &i in &leet {
        if let Some(l) = leet_in(tok.items[i].c, reading) {
            tok.items[i].c = l;
        }
    }
    if word_like {
        obf.leetspeak.push(tok.items[0].s..tok.items[n - 1].e);
    }
    Folded {
        disguised: word_like,
        ambiguous,
        suffix: model_suffix || number_prefix,
    }
}

/// Symbols that did not turn out to be letters separate words.
fn split_symbols(tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    for tok in tokens {
        if !tok.items.iter().any(|i| is_leet_symbol(i.c)) {
            out.push(tok);
            continue;
        }
        let mut cur = Token::default();
        for it in tok.items {
            if is_leet_symbol(it.c) {
                if cur.items.is_empty() {
                    // Only possible mid-token, so a previous part exists.
                    if let Some(last) = out.last_mut() {
                        last.sep.push(it);
                    }
                } else {
                    cur.sep.push(it);
                    out.push(std::mem::take(&mut cur));
                }
            } else {
                cur.items.push(it);
            }
        }
        if cur.items.is_empty() {
            if let Some(last) = out.last_mut() {
                last.sep.extend(tok.sep);
            }
        } else {
            cur.sep = tok.sep;
            out.push(cur);
        }
    }
    out
}

/// The original text of a token.
fn original_word<'a>(tok: &Token, original: &'a str) -> &'a str {
    match (tok.items.first(), tok.items.last()) {
        (Some(a), Some(b)) => original.get(a.s..b.e).unwrap_or(""),
        _ => "",
    }
}

/// Capitals after a lowercase letter ("ruqVa5jbuS"): random identifiers, not words.
fn mixed_case(word: &str) -> bool {
    let mut seen_lower = false;
    for c in word.chars() {
        if c.is_lowercase() {
            seen_lower = true;
        } else if c.is_uppercase() && seen_lower {
            return true;
        }
    }
    false
}

/// Stage 3: join runs of single letters: 3+ with the same separator ("v.i.a.g.r.a",
/// "f r e e", "v-i-a-g-r-a"), or 4+ with mixed short separators ("w.h-a t.s").
fn join_spaced(mut tokens: Vec<Token>, reading: Reading, obf: &mut Obfuscation) -> Vec<Token> {
    let single = |t: &Token| t.items.len() == 1;
    let sep_key = |t: &Token| -> String { t.sep.iter().map(|i| i.c).collect() };
    let short_sep = |key: &str| !key.is_empty() && key.chars().count() <= 2 && !key.contains('\n');
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let (mut same, mut mixed) = (i, i);
        if single(&tokens[i]) {
            let key = sep_key(&tokens[i]);
            if short_sep(&key) {
                while same + 1 < tokens.len()
                    && single(&tokens[same + 1])
                    && sep_key(&tokens[same]) == key
                {
                    same += 1;
                }
                while mixed + 1 < tokens.len()
                    && single(&tokens[mixed + 1])
                    && short_sep(&sep_key(&tokens[mixed]))
                {
                    mixed += 1;
                }
            }
        }
        let j = if same - i + 1 >= 3 || mixed - i + 1 < 4 {
            same
        } else {
            mixed
        };
        let run = &tokens[i..=j];
        let letters = run.iter().filter(|t| t.items[0].c.is_alphabetic()).count();
        let all_letterlike = run
            .iter()
            .all(|t| t.items[0].c.is_alphabetic() || leet_letter(t.items[0].c).is_some());
        if run.len() >= 3 && letters >= 2 && letters * 2 > run.len() && all_letterlike {
            let mut merged = Token::default();
            for t in run {
                let mut it = t.items[0];
                if let Some(l) = leet_in(it.c, reading) {
                    it.c = l;
                }
                merged.items.push(it);
            }
            merged.sep = run[run.len() - 1].sep.clone();
            // "W.H.O" and "I.E.E.E" are acronyms; dots are only suspicious in long runs.
            let key = sep_key(&run[0]);
            if run.len() >= 5 || !key.trim().chars().all(|c| c == '.') {
                obf.spaced
                    .push(run[0].items[0].s..run[run.len() - 1].items[0].e);
            }
            out.push(merged);
            i = j + 1;
        } else {
            out.push(std::mem::take(&mut tokens[i]));
            i += 1;
        }
    }
    out
}

/// Stage 4: collapse repeated letters and write the final text and span map.
fn emit(tokens: &[Token], obf: &mut Obfuscation) -> Normalized {
    let mut text = String::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut runs: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4];
    for (ti, tok) in tokens.iter().enumerate() {
        if ti > 0 {
            let prev = &tokens[ti - 1];
            let (s, e) = match (prev.sep.first(), prev.sep.last()) {
                (Some(a), Some(b)) => (a.s, b.e),
                _ => (prev.items[prev.items.len() - 1].e, tok.items[0].s),
            };
            text.push(' ');
            spans.push((s, e.max(s)));
            runs.push(1);
        }
        let mut k = 0;
        while k < tok.items.len() {
            let it = tok.items[k];
            let mut end = it.e;
            let mut m = k + 1;
            if it.c.is_alphabetic() {
                while m < tok.items.len() && tok.items[m].c == it.c {
                    end = end.max(tok.items[m].e);
                    m += 1;
                }
                // "www", "zzzz", "III" are words of their own, not stretched ones.
                if m - k >= 3 && !(k == 0 && m == tok.items.len()) {
                    obf.repeated.push(it.s..end);
                }
            }
            let enc = it.c.encode_utf8(&mut buf);
            text.push_str(enc);
            let run = u8::try_from(m - k).unwrap_or(u8::MAX);
            for _ in 0..enc.len() {
                spans.push((it.s, end));
                runs.push(run);
            }
            k = m;
        }
    }
    Normalized {
        text,
        spans,
        runs,
        ambiguous: (false, false),
        obfuscation: std::mem::take(obf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).text().to_owned()
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(n("Café, CRÈME!  brûlée..."), "cafe creme brule");
        assert_eq!(n("  Hello   World  "), "helo world");
    }

    #[test]
    fn keeps_prices_and_model_numbers() {
        assert_eq!(n("R 4500 or R4500"), "r 4500 or r4500");
        assert_eq!(n("iPhone13 4x4 covid19 2019"), "iphone13 4x4 covid19 2019");
    }

    #[test]
    fn reads_leetspeak_inside_words() {
        let out = normalize("V1@gra and fr33 ca$h");
        // "fr33" ends in digits like "mp3" and "ps5": a model number in the primary
        // reading, "free" in the alternate one, never flagged.
        assert_eq!(out.text(), "viagra and fr33 cash");
        assert_eq!(out.obfuscation.leetspeak, vec![0..6, 16..20]);
        let texts = |t: &str| -> Vec<String> {
            other_readings(t, &normalize(t))
                .iter()
                .map(|n| n.text().to_owned())
                .collect()
        };
        assert_eq!(
            texts("V1@gra and fr33 ca$h"),
            vec!["vlagra and fre cash", "viagra and fre cash"]
        );
    }

    #[test]
    fn complete_leet_map_with_two_readings() {
        assert_eq!(n("v1a9r4"), "viagra");
        let texts = |t: &str| -> Vec<String> {
            other_readings(t, &normalize(t))
                .iter()
                .map(|n| n.text().to_owned())
                .collect()
        };
        assert_eq!(texts("te1e9ram"), vec!["telegram"]);
        assert_eq!(n("re91strat|on f33"), "registration f33");
        assert!(texts("re91strat|on f33").contains(&"registration fe".to_owned()));
        assert_eq!(n("v!agra |ogin ca$$h"), "viagra iogin cash");
        assert_eq!(texts("|ogin"), vec!["login"]);
        assert_eq!(n("wh@ts@pp 8itcoin"), "whatsap 8itcoin");
        assert_eq!(texts("8itcoin"), vec!["bitcoin"]);
        // Model numbers, prices and symbols between words stay as they are.
        assert_eq!(
            n("PS5 mp3 A55 i7 R4500 2019 4x4"),
            "ps5 mp3 a55 i7 r4500 2019 4x4"
        );
        assert!(!normalize("Samsung A55 for sale").is_ambiguous());
        assert_eq!(n("a | b, Hi! $20"), "a b hi 20");
    }

    #[test]
    fn mixed_separators_join_only_in_long_runs() {
        assert_eq!(n("w.h-a t.s a-p.p"), "whatsap");
        assert_eq!(n("a.b-c"), "a b c");
    }

    #[test]
    fn email_at_sign_is_not_leet() {
        assert_eq!(n("mail john@example.com"), "mail john example com");
    }

    #[test]
    fn joins_spaced_letters_only_with_same_separator() {
        assert_eq!(n("buy v.i.a.g.r.a now"), "buy viagra now");
        assert_eq!(n("f r e e  m o n e y"), "fre money");
        assert_eq!(n("v-i-a-g-r-a"), "viagra");
        assert_eq!(n("a.b-c"), "a b c");
        assert_eq!(n("size S M"), "size s m");
    }

    #[test]
    fn drops_invisible_and_counts_them() {
        let out = normalize("vi\u{200B}ag\u{200C}ra\u{FEFF}");
        assert_eq!(out.text(), "viagra");
        // The trailing one is outside any word: typography, not a trick.
        assert_eq!(out.obfuscation.invisible, 2);
    }

    #[test]
    fn maps_homoglyphs_in_latin_words_only() {
        let out = normalize("frее саsino");
        assert_eq!(out.text(), "fre casino");
        assert!(!out.obfuscation.homoglyphs.is_empty());
        // Genuine Russian text stays Russian.
        let ru = normalize("Продаю велосипед");
        assert_eq!(ru.text(), "продаю велосипед");
        assert!(ru.obfuscation.homoglyphs.is_empty());
    }

    #[test]
    fn full_width_and_styled() {
        let out = normalize("ｆｒｅｅ 𝐜𝐚𝐬𝐡");
        assert_eq!(out.text(), "fre cash");
        assert_eq!(out.obfuscation.styled, 8);
    }

    #[test]
    fn offsets_quote_the_original() {
        let original = "Get FREEEE V1@gra via W.E.S.T.E.R.N union";
        let out = normalize(original);
        let t = out.text();
        let pos = t.find("viagra").unwrap();
        assert_eq!(out.quote(original, pos..pos + 6), "V1@gra");
        let pos = t.find("fre").unwrap();
        assert_eq!(out.quote(original, pos..pos + 3), "FREEEE");
        let pos = t.find("western union").unwrap();
        assert_eq!(
            out.quote(original, pos..pos + "western union".len()),
            "W.E.S.T.E.R.N union"
        );
    }

    #[test]
    fn describes_findings() {
        let original = "fr\u{200B}ее viiiiagra";
        let out = normalize(original);
        let d = out.obfuscation.describe(original);
        assert!(d.iter().any(|s| s == "homoglyphs: е→e"), "{d:?}");
        assert!(d.iter().any(|s| s == "zero-width characters: 1"), "{d:?}");
        assert!(d.iter().any(|s| s == "repeated letters: 'iiii'"), "{d:?}");
    }
}
