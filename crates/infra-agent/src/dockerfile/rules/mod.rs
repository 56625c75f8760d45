//! The Dockerfile rules: one file per rule, each with its `RULE` description (whose `doc` is
//! the user documentation, in ruff's sections) and a `check` function.
//!
//! Codes are stable: a new rule takes the next free code, a retired code is never reused.

use std::borrow::Cow;

use squad_core::findings::Rule;

use super::context::Ctx;
use super::parser::{Dockerfile, Flag, ImageRef, Instruction, Keyword, Stage};

/// Declare a rule's `RULE` static with this family's kind (see `squad_core::declare_rule!`).
macro_rules! declare_rule {
    ($($field:tt)*) => {
        squad_core::declare_rule!(kinds: ["dockerfile"], $($field)*);
    };
}

/// A rule's check.
pub(crate) type CheckFn = fn(&Dockerfile<'_>, &mut Ctx<'_>);

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        $(pub(crate) mod $rule;)*

        /// Every rule, in code order.
        pub(crate) static RULES: &[&Rule] = &[$(&$rule::RULE),*];

        /// Every rule's check, in the order of `RULES`.
        pub(crate) static CHECKS: &[CheckFn] = &[$($rule::check),*];
    };
}

/// The top-level instructions of a stage, its FROM first.
pub(crate) fn stage_instructions<'d>(df: &'d Dockerfile<'_>, stage: &Stage) -> &'d [Instruction] {
    df.instructions().get(stage.from..stage.end).unwrap_or(&[])
}

/// The final stage, then the stages it builds on (`FROM <earlier stage>`), nearest first.
/// An iterator (cheap to clone) rather than a vector: four rules walk it on every check.
pub(crate) fn final_stage_chain<'d>(df: &'d Dockerfile<'_>) -> StageChain<'d> {
    StageChain {
        stages: df.stages(),
        next: df.stages().last(),
        taken: 0,
    }
}

/// The stages of [`final_stage_chain`].
#[derive(Debug, Clone)]
pub(crate) struct StageChain<'d> {
    stages: &'d [Stage],
    next: Option<&'d Stage>,
    taken: usize,
}

impl<'d> Iterator for StageChain<'d> {
    type Item = &'d Stage;

    fn next(&mut self) -> Option<&'d Stage> {
        let stage = self.next.take()?;
        if self.taken > self.stages.len() {
            return None;
        }
        self.taken += 1;
        self.next = stage.parent.and_then(|p| self.stages.get(p));
        Some(stage)
    }
}

/// The value the ENV variable `name` has for an instruction on `line` of `stage`: the last ENV
/// of that stage before the line, else of the stages it builds on.
pub(crate) fn stage_env<'d>(
    df: &'d Dockerfile<'_>,
    stage: Option<usize>,
    line: u32,
    name: &str,
) -> Option<Cow<'d, str>> {
    let mut next = stage;
    let mut first = true;
    let mut hops = 0;
    while let Some(index) = next {
        let current = df.stages().get(index)?;
        for inst in stage_instructions(df, current).iter().rev() {
            if (first && inst.start_line() >= line) || inst.keyword() != Keyword::Env {
                continue;
            }
            if let Some(pair) = df.pairs(inst).iter().rev().find(|p| df.text(p.key) == name) {
                return Some(pair.value.map_or(Cow::Borrowed(""), |v| df.value(&v)));
            }
        }
        first = false;
        hops += 1;
        if hops > df.stages().len() {
            break;
        }
        next = current.parent;
    }
    None
}

/// A base image as findings show it: as resolved, and as written when it has variables.
pub(crate) fn shown_image(df: &Dockerfile<'_>, image: &ImageRef) -> String {
    if image.templated {
        format!(
            "`{}` (resolved to `{}`)",
            df.text(image.range),
            image.resolved
        )
    } else {
        format!("`{}`", image.resolved)
    }
}

/// The last flag of `inst` named `name` (the one BuildKit uses). Searched from the end:
/// `flags_named(…).last()` walks every flag, through a fold that is not inlined.
#[inline]
pub(crate) fn last_flag<'d>(
    df: &'d Dockerfile<'_>,
    inst: &'d Instruction,
    name: &str,
) -> Option<&'d Flag> {
    if inst.flags.is_empty() {
        // Most instructions have no flag (`COPY . .`).
        return None;
    }
    // The names' bytes: `df.text` checks character boundaries on every flag.
    df.flags(inst)
        .iter()
        .rev()
        .find(|f| df.text_bytes(f.name) == name.as_bytes())
}

/// Report every `keyword` of a stage but the last: only the last one takes effect.
#[inline]
pub(crate) fn report_overridden(
    df: &Dockerfile<'_>,
    ctx: &mut Ctx<'_>,
    rule: &'static Rule,
    keyword: Keyword,
) {
    // The usual case (one CMD, one HEALTHCHECK): nothing can be overridden. Tested inline,
    // before the call to the walk.
    if !ctx.facts.at_most_one(keyword) {
        report_overridden_walk(df, ctx, rule, keyword);
    }
}

/// [`report_overridden`] when the keyword appears more than once.
fn report_overridden_walk(
    df: &Dockerfile<'_>,
    ctx: &mut Ctx<'_>,
    rule: &'static Rule,
    keyword: Keyword,
) {
    let facts = ctx.facts;
    let mut instructions = facts.instructions(keyword);
    while let Some(inst) = instructions.next() {
        // In file order, the instructions of a stage are next to each other: the last of them
        // is the last of the run that follows. One before the first FROM is in no stage.
        let same_stage = |next: &&Instruction| inst.stage.is_some() && next.stage == inst.stage;
        let Some(last) = instructions.clone().take_while(same_stage).last() else {
            continue;
        };
        ctx.report(
            rule,
            df.keyword_span(inst),
            format!(
                "this {} has no effect: the {} on line {} replaces it",
                keyword.as_str(),
                keyword.as_str(),
                last.start_line()
            ),
        );
    }
}

register! {
    syntax_error,
    image_untagged,
    duplicate_stage_name,
    copy_from_unknown_stage,
    maintainer_deprecated,
    relative_workdir,
    last_user_root,
    image_tag_latest,
    sudo_in_run,
    cd_in_run,
    pipe_without_pipefail,
    apt_get_install_unpinned,
    apt_lists_not_deleted,
    apt_get_missing_no_install_recommends,
    apt_instead_of_apt_get,
    apk_add_unpinned,
    apk_add_missing_no_cache,
    pip_install_unpinned,
    pip_install_missing_no_cache_dir,
    npm_install_unpinned,
    wget_without_progress_flag,
    consecutive_run_instructions,
    add_instead_of_copy,
    shell_form_cmd_entrypoint,
    multiple_cmd,
    multiple_entrypoint,
    multiple_healthcheck,
    expose_invalid_port,
    missing_healthcheck,
    missing_user,
    secret_in_env_or_arg,
    apt_get_install_missing_yes,
    copy_from_own_stage,
    copy_multiple_sources_dest_not_dir,
    expose_ssh_port,
    tls_verification_disabled,
    apt_get_update_alone,
}
