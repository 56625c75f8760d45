//! Silencing findings with comments, as checkov and the Dockerfile checker allow.
//!
//! - `# squad-ignore=TF010,TF011` (or `//`) on the lines right above a top-level block, or
//!   inside it, silences those rules for that block;
//! - `#checkov:skip=CKV_AWS_20:reason` does the same through each rule's `checkov:` reference;
//! - `# squad-ignore-file=TF003` anywhere silences a rule for the whole file.
//!
//! Syntax errors (TF000) cannot be silenced: there is no block to attach the comment to.

use squad_core::findings::Finding;

use super::model::Module;

/// The ignore comments of one file.
#[derive(Debug, Default)]
pub(crate) struct Ignores {
    /// (first line, last line, codes) of each top-level block with ignore comments.
    blocks: Vec<(u32, u32, Vec<String>)>,
    file: Vec<String>,
}

impl Ignores {
    /// Read the ignore comments of `src`, attached to the top-level blocks of `module`.
    pub(crate) fn of(src: &str, module: &Module<'_>) -> Self {
        let mut out = Self::default();
        // (1-based line, codes) of every comment line that names codes.
        let mut pragmas: Vec<(u32, Vec<String>)> = Vec::new();
        let mut comment_lines: Vec<u32> = Vec::new();
        for (i, line) in src.lines().enumerate() {
            let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let trimmed = line.trim_start();
            let Some(body) = trimmed
                .strip_prefix('#')
                .or_else(|| trimmed.strip_prefix("//"))
            else {
                continue;
            };
            comment_lines.push(number);
            if let Some(codes) = codes_after(body, "squad-ignore-file") {
                out.file.extend(codes);
            } else if let Some(codes) =
                codes_after(body, "squad-ignore").or_else(|| checkov_skip(body))
            {
                pragmas.push((number, codes));
            }
        }
        if pragmas.is_empty() {
            return out;
        }
        for block in module.body.blocks() {
            let span = module.span(block);
            // The comment lines right above the block belong to it.
            let mut first = span.line;
            while first > 1 && comment_lines.contains(&(first - 1)) {
                first -= 1;
            }
            let codes: Vec<String> = pragmas
                .iter()
                .filter(|(line, _)| (first..=span.end_line).contains(line))
                .flat_map(|(_, codes)| codes.iter().cloned())
                .collect();
            if !codes.is_empty() {
                out.blocks.push((span.line, span.end_line, codes));
            }
        }
        out
    }

    /// Whether a finding is silenced.
    pub(crate) fn suppresses(&self, finding: &Finding) -> bool {
        let matches = |code: &String| {
            code.eq_ignore_ascii_case(&finding.rule)
                || finding.references.iter().any(|r| {
                    r.strip_prefix("checkov:")
                        .is_some_and(|id| id.eq_ignore_ascii_case(code))
                })
        };
        self.file.iter().any(matches)
            || self.blocks.iter().any(|(start, end, codes)| {
                (*start..=*end).contains(&finding.line) && codes.iter().any(matches)
            })
    }
}

/// The codes of `<key>=A,B` when the comment body starts with `key`.
fn codes_after(body: &str, key: &str) -> Option<Vec<String>> {
    let body = body.trim();
    let head = body.get(..key.len())?;
    if !head.eq_ignore_ascii_case(key) {
        return None;
    }
    let rest = body.get(key.len()..)?.trim_start().strip_prefix('=')?;
    let codes: Vec<String> = rest
        .split(',')
        .filter_map(|piece| piece.split_whitespace().next())
        .map(str::to_string)
        .collect();
    (!codes.is_empty()).then_some(codes)
}

/// checkov's `checkov:skip=CKV_AWS_20:the reason`.
fn checkov_skip(body: &str) -> Option<Vec<String>> {
    let rest = body.trim().strip_prefix("checkov:skip=")?;
    let id = rest.split([':', ' ', ',']).next()?.trim();
    (!id.is_empty()).then(|| vec![id.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas() {
        assert_eq!(
            codes_after(
                " squad-ignore=TF010, TF011 handled elsewhere",
                "squad-ignore"
            ),
            Some(vec!["TF010".to_string(), "TF011".to_string()])
        );
        assert_eq!(codes_after("squad-ignore-file=TF003", "squad-ignore"), None);
        assert_eq!(
            checkov_skip("checkov:skip=CKV_AWS_20:public website"),
            Some(vec!["CKV_AWS_20".to_string()])
        );
        assert_eq!(checkov_skip("checkov is great"), None);
    }
}
