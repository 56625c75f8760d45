//! Small text helpers shared by the validator, the model and the rules: interpolation,
//! durations, sizes and "did you mean" suggestions.

/// Whether a value uses compose interpolation (`${VAR}`, `${VAR:-x}`, `$VAR`). `$$` is an
/// escaped literal `$` and does not count.
pub(crate) fn has_interpolation(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            match bytes.get(i + 1) {
                Some(b'$') => {
                    i += 2;
                    continue;
                }
                Some(b'{') => return true,
                Some(c) if c.is_ascii_alphabetic() || *c == b'_' => return true,
                _ => {}
            }
        }
        i += 1;
    }
    false
}

/// `text` with every interpolation replaced by `VAR` and `$$` by `$`, so that the shape of
/// a value (an image reference, a path) can be read without the variable's content getting
/// in the way. `${A:-x/y}:1` becomes `VAR:1`.
pub(crate) fn mask_interpolations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.peek().map(|&(_, next)| next) {
            Some('$') => {
                chars.next();
                out.push('$');
            }
            Some('{') => {
                chars.next();
                let mut depth = 1usize;
                for (_, inner) in chars.by_ref() {
                    match inner {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                out.push_str("VAR");
            }
            Some(next) if next.is_ascii_alphabetic() || next == '_' => {
                while let Some(&(_, inner)) = chars.peek() {
                    if inner.is_ascii_alphanumeric() || inner == '_' {
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push_str("VAR");
            }
            _ => out.push('$'),
        }
    }
    out
}

/// Check a Go duration (`time.ParseDuration`, what compose uses): one or more
/// `<number><unit>` with units `ns`, `us`, `µs`, `ms`, `s`, `m`, `h`; `0` alone is allowed.
pub(crate) fn check_duration(text: &str) -> Result<(), String> {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    if body == "0" {
        return Ok(());
    }
    if body.is_empty() {
        return Err("an empty duration".to_string());
    }
    let mut rest = body;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (number, after) = rest.split_at(digits);
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(format!("`{text}` is not a duration"));
        }
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        if unit.is_empty() {
            return Err(format!("`{text}` has no unit"));
        }
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return Err(format!(
                "`{unit}` in `{text}` is not a duration unit (use ns, us, ms, s, m or h)"
            ));
        }
        rest = next;
    }
    Ok(())
}

/// Check a byte size as Docker reads it: an integer, or a number with a unit `b`, `k`, `m`,
/// `g` (optionally followed by `b`), e.g. `512m`, `1.5gb`.
pub(crate) fn check_size(text: &str) -> Result<(), String> {
    let lower = text.trim().to_ascii_lowercase();
    let digits = lower
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(digits);
    let number_ok = !number.is_empty()
        && number.matches('.').count() <= 1
        && number.bytes().any(|b| b.is_ascii_digit());
    let unit_ok = matches!(
        unit,
        "" | "b" | "k" | "m" | "g" | "t" | "kb" | "mb" | "gb" | "tb" | "kib" | "mib" | "gib"
    );
    if number_ok && unit_ok {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a size (use bytes or a unit: `512m`, `1g`)"
        ))
    }
}

/// The closest of `candidates` to `word`, when it is close enough to be a typo: the same
/// word in another case or with `-` for `_`, or at most two edits away (one for short words).
pub(crate) fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let normalized = word.to_ascii_lowercase().replace('-', "_");
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .iter()
        .map(|c| (crate::suggest::levenshtein(&normalized, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation() {
        assert!(has_interpolation("${A}"));
        assert!(has_interpolation("x-$HOME"));
        assert!(!has_interpolation("$$HOME"));
        assert!(!has_interpolation("cost: 5$"));
        assert_eq!(mask_interpolations("${A:-x/y}:1"), "VAR:1");
        assert_eq!(mask_interpolations("$$a $B_C/d"), "$a VAR/d");
        assert_eq!(mask_interpolations("${A:-${B}}x"), "VARx");
        assert_eq!(mask_interpolations("é$"), "é$");
    }

    #[test]
    fn durations() {
        for ok in ["30s", "1m30s", "1.5h", "0", "100ms", "2h45m", "-1s"] {
            assert!(check_duration(ok).is_ok(), "{ok}");
        }
        for bad in ["30", "1d", "", "s", "1..5s", "5 s", "ten"] {
            assert!(check_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes() {
        for ok in ["512m", "1g", "1024", "1.5gb", "64M"] {
            assert!(check_size(ok).is_ok(), "{ok}");
        }
        for bad in ["lots", "1x", "m"] {
            assert!(check_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        let keys = ["environment", "image", "ports", "depends_on"];
        assert_eq!(did_you_mean("enviroment", &keys), Some("environment"));
        assert_eq!(did_you_mean("port", &keys), Some("ports"));
        assert_eq!(did_you_mean("depends-on", &keys), Some("depends_on"));
        assert_eq!(did_you_mean("Image", &keys), Some("image"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }
}
