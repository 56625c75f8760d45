//! The `uses:` reference of a step (an action) or of a job (a reusable workflow).

/// What a `uses:` value refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Uses<'t> {
    /// `./path`: in the same repository, at the same commit.
    Local,
    /// `docker://image[:tag][@digest]`.
    Docker {
        /// The image reference after `docker://`.
        image: &'t str,
    },
    /// `owner/repo[/path]@ref`.
    Remote {
        /// `owner/repo[/path]`.
        name: &'t str,
        /// The ref after `@`.
        git_ref: &'t str,
        /// Byte offset of `@` in the value.
        at: usize,
    },
    /// Not a valid reference; the reason.
    Invalid(String),
}

/// Parse a `uses:` value.
pub(crate) fn parse(text: &str) -> Uses<'_> {
    let text = text.trim();
    if text.contains("${{") {
        return Uses::Invalid(
            "`uses` cannot contain a ${{ }} expression: it is read before expressions are evaluated"
                .to_string(),
        );
    }
    if text.starts_with("./") || text.starts_with(".\\") {
        return Uses::Local;
    }
    if let Some(image) = text.strip_prefix("docker://") {
        if image.is_empty() {
            return Uses::Invalid("`docker://` names no image".to_string());
        }
        return Uses::Docker { image };
    }
    let Some(at) = text.rfind('@') else {
        return Uses::Invalid(format!(
            "`{text}` has no `@ref`: write `owner/repo@<commit sha>` (or `./path` for a local action)"
        ));
    };
    let (name, git_ref) = (&text[..at], &text[at + 1..]);
    let mut parts = name.split('/');
    let owner = parts.next().unwrap_or("");
    let repo = parts.next().unwrap_or("");
    if owner.is_empty() || repo.is_empty() || parts.any(str::is_empty) {
        return Uses::Invalid(format!(
            "`{text}` is not `owner/repo[/path]@ref` (or `./path`, `docker://image`)"
        ));
    }
    if git_ref.is_empty() {
        return Uses::Invalid(format!("`{text}` has an empty ref after `@`"));
    }
    Uses::Remote { name, git_ref, at }
}

/// Whether a ref is a full commit SHA (40 hex digits, or 64 for SHA-256 repositories).
pub(crate) fn is_commit_sha(git_ref: &str) -> bool {
    matches!(git_ref.len(), 40 | 64) && git_ref.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a ref names a branch: a usual default or development branch name, or a
/// `refs/heads/…` or `feature/…`-style path.
pub(crate) fn is_branch(git_ref: &str) -> bool {
    const BRANCHES: &[&str] = &[
        "main",
        "master",
        "develop",
        "development",
        "dev",
        "trunk",
        "head",
        "stable",
        "nightly",
        "canary",
    ];
    let lower = git_ref.to_ascii_lowercase();
    BRANCHES.contains(&lower.as_str())
        || lower.starts_with("refs/heads/")
        || ["feature/", "feat/", "fix/", "release/", "hotfix/"]
            .iter()
            .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(parse("./.github/actions/x"), Uses::Local);
        assert_eq!(
            parse("docker://alpine:3.20"),
            Uses::Docker {
                image: "alpine:3.20"
            }
        );
        assert_eq!(
            parse("actions/cache/save@v4"),
            Uses::Remote {
                name: "actions/cache/save",
                git_ref: "v4",
                at: 18
            }
        );
        for bad in [
            "actions/checkout",
            "checkout@v4",
            "a//b@v1",
            "a/b@",
            "a/b@${{ x }}",
        ] {
            assert!(matches!(parse(bad), Uses::Invalid(_)), "{bad}");
        }
    }

    #[test]
    fn refs() {
        assert!(is_commit_sha("11bd71901bbe5b1630ceea73d27597364c9af683"));
        assert!(!is_commit_sha("11bd719"));
        assert!(is_branch("main") && is_branch("refs/heads/x") && is_branch("release/v1"));
        assert!(!is_branch("v4") && !is_branch("v4.2.2"));
    }
}
