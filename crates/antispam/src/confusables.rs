//! Hand-written tables of look-alike characters.
//!
//! Unicode's full confusables list is large and mostly about rare scripts; spam in practice
//! uses a few dozen Cyrillic and Greek letters that render exactly like Latin ones. Keeping
//! the table here (instead of a dependency) keeps the mapping one-char-to-one-char, which the
//! offset map in [`crate::normalize`] relies on.

/// The Latin letter a lowercase look-alike from another script is read as.
pub(crate) fn homoglyph(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'а' => 'a',
        'в' => 'b',
        'ь' => 'b',
        'с' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'ҽ' => 'e',
        'һ' => 'h',
        'н' => 'h',
        'і' => 'i',
        'ӏ' => 'l',
        'ј' => 'j',
        'к' => 'k',
        'м' => 'm',
        'п' => 'n',
        'о' => 'o',
        'р' => 'p',
        'ԛ' => 'q',
        'г' => 'r',
        'ѕ' => 's',
        'т' => 't',
        'ц' => 'u',
        'ѵ' => 'v',
        'ԝ' => 'w',
        'х' => 'x',
        'у' => 'y',
        // Greek
        'α' => 'a',
        'β' => 'b',
        'ϲ' => 'c',
        'ε' => 'e',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'μ' => 'u',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'γ' => 'y',
        'ω' => 'w',
        // Armenian and Latin look-alikes that NFKD leaves alone
        'օ' => 'o',
        'ս' => 'u',
        'ı' => 'i',
        'ɑ' => 'a',
        'ɡ' => 'g',
        'ʏ' => 'y',
        _ => return None,
    })
}

/// Latin letters with strokes or ligatures that NFKD does not decompose but that readers
/// treat as their plain form. Not counted as obfuscation: they are ordinary spelling in
/// several European languages.
pub(crate) fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'đ' => "d",
        'ð' => "d",
        'ł' => "l",
        'ħ' => "h",
        'ŧ' => "t",
        'þ' => "th",
        _ => return None,
    })
}
