//! Edit distances for "did you mean" suggestions, shared by every checker family.
//!
//! Typos are short: inputs over [`MAX_CHARS`] characters are "far" (`usize::MAX`), so a
//! hostile key never costs quadratic time.

/// Longer words are never typos of a known key.
pub(crate) const MAX_CHARS: usize = 64;

/// Levenshtein distance in characters (insert, delete, substitute).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    distance(a, b, false)
}

/// Optimal string alignment distance: Levenshtein where swapping two neighbours is one edit.
pub(crate) fn osa(a: &str, b: &str) -> usize {
    distance(a, b, true)
}

fn distance(a: &str, b: &str, transpositions: bool) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > MAX_CHARS || b.len() > MAX_CHARS {
        return usize::MAX;
    }
    let width = b.len() + 1;
    let mut d: Vec<usize> = (0..(a.len() + 1) * width)
        .map(|k| if k < width { k } else { 0 })
        .collect();
    for i in 1..=a.len() {
        d[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if transpositions && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("imgae", "image"), 2);
        assert_eq!(osa("imgae", "image"), 1);
        assert_eq!(osa("same", "same"), 0);
        assert_eq!(osa(&"x".repeat(65), "x"), usize::MAX);
        assert_eq!(levenshtein("é", "e"), 1, "characters, not bytes");
    }
}
