//! Reading the command lines of package managers and download tools inside RUN: options,
//! option values, subcommands and positional arguments.

use super::shell::{Command, Word};

/// The positional arguments of `args`: options skipped, and so are the values of the options
/// listed in `takes_value` (`-o`, `--option`) when given as a separate word. After `--`,
/// everything is positional.
pub(crate) fn positionals<'a, 's>(
    args: &'a [Word<'s>],
    takes_value: &'a [&'a str],
) -> impl Iterator<Item = (usize, &'a Word<'s>)> + 'a {
    let mut skip_next = false;
    let mut only_positionals = false;
    args.iter().enumerate().filter(move |(_, w)| {
        if skip_next {
            skip_next = false;
            return false;
        }
        if only_positionals {
            return true;
        }
        if w.raw == "--" {
            only_positionals = true;
            return false;
        }
        if w.is_option() {
            skip_next = takes_value.contains(&w.raw);
            return false;
        }
        true
    })
}

/// The first positional argument (the subcommand) and the arguments after it.
pub(crate) fn subcommand<'a, 's>(
    args: &'a [Word<'s>],
    takes_value: &'a [&'a str],
) -> Option<(&'a Word<'s>, &'a [Word<'s>])> {
    let (i, word) = positionals(args, takes_value).next()?;
    Some((word, args.get(i + 1..).unwrap_or(&[])))
}

/// Whether `args` has the long option `--name` or `--name=…` (pass `name` with its dashes).
pub(crate) fn has_long(args: &[Word<'_>], name: &str) -> bool {
    args.iter().any(|w| {
        w.raw == name
            || w.raw
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('='))
    })
}

/// Whether `args` has the short option `-c`, alone or in a cluster such as `-qyc`.
pub(crate) fn has_short(args: &[Word<'_>], letter: char) -> bool {
    args.iter().any(|w| {
        w.raw.strip_prefix('-').is_some_and(|cluster| {
            !cluster.starts_with('-')
                && cluster.bytes().all(|b| b.is_ascii_alphabetic())
                && cluster.contains(letter)
        })
    })
}

/// The options of `apt-get`/`apt` that take a value.
pub(crate) const APT_VALUE_OPTIONS: &[&str] = &[
    "-o",
    "-c",
    "-t",
    "-a",
    "--option",
    "--config-file",
    "--target-release",
    "--default-release",
    "--host-architecture",
];

/// `apt-get …` or `apt …` (which one) with its subcommand and the arguments after it.
pub(crate) fn apt<'a, 's>(cmd: &'a Command<'s>) -> Option<(&'s str, &'a Word<'s>, &'a [Word<'s>])> {
    let name = cmd.name()?;
    if name != "apt-get" && name != "apt" {
        return None;
    }
    let (sub, rest) = subcommand(cmd.args(), APT_VALUE_OPTIONS)?;
    Some((name, sub, rest))
}

/// `apt-get install …`: the `install` word and every argument of the command (options may
/// come before or after the subcommand).
pub(crate) fn apt_get_install<'a, 's>(
    cmd: &'a Command<'s>,
) -> Option<(&'s str, &'a Word<'s>, &'a [Word<'s>])> {
    let (name, sub, _) = apt(cmd)?;
    (sub.is("install")).then_some((name, sub, cmd.args()))
}

/// The options of `apk` that take a value.
pub(crate) const APK_VALUE_OPTIONS: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--arch",
    "--keys-dir",
    "--repositories-file",
    "--cache-dir",
    "--cache-max-age",
];

/// `apk add …`: the `add` word and every argument of the command.
pub(crate) fn apk_add<'a, 's>(cmd: &'a Command<'s>) -> Option<(&'a Word<'s>, &'a [Word<'s>])> {
    if cmd.name()? != "apk" {
        return None;
    }
    let args = cmd.args();
    let (sub, _) = subcommand(args, APK_VALUE_OPTIONS)?;
    sub.is("add").then_some((sub, args))
}

/// The options of `pip install` that take a value.
pub(crate) const PIP_VALUE_OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--progress-bar",
    "--cache-dir",
    "--trusted-host",
    "--proxy",
    "--retries",
    "--timeout",
    "--log",
    "--upgrade-strategy",
    "--only-binary",
    "--no-binary",
    "-C",
    "--config-settings",
    "--global-option",
    "--exists-action",
    "--python",
    "--report",
];

/// Whether `name` is a pip executable: `pip`, `pip3`, `pip3.12`.
fn is_pip(name: &str) -> bool {
    name.strip_prefix("pip")
        .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// Whether `name` is a Python interpreter: `python`, `python3`, `python3.12`.
fn is_python(name: &str) -> bool {
    name.strip_prefix("python")
        .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// `pip install …`, `python -m pip install …` or `uv pip install …`: whether it is uv, the
/// `install` word and the arguments of pip (after `pip`).
pub(crate) fn pip_install<'a, 's>(
    cmd: &'a Command<'s>,
) -> Option<(bool, &'a Word<'s>, &'a [Word<'s>])> {
    let name = cmd.name()?;
    let args = cmd.args();
    let (uv, pip_args) = if is_pip(name) {
        (false, args)
    } else if is_python(name) {
        let m = args.iter().position(|w| w.raw == "-m")?;
        let module = args.get(m + 1)?;
        if !is_pip(module.raw) {
            return None;
        }
        (false, args.get(m + 2..).unwrap_or(&[]))
    } else if name == "uv" {
        let first = args.first()?;
        if first.raw != "pip" {
            return None;
        }
        (true, args.get(1..).unwrap_or(&[]))
    } else {
        return None;
    };
    let (sub, _) = subcommand(pip_args, PIP_VALUE_OPTIONS)?;
    sub.is("install").then_some((uv, sub, pip_args))
}

/// The programs of RUN commands that rules look for by name; [`super::context::Facts`] notes
/// which ones a file runs, so that the rules about the others return at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Program {
    /// `apt-get` or `apt`.
    Apt = 1,
    /// `apk`.
    Apk = 2,
    /// `pip`, `pip3.12`, `python -m pip` or `uv pip`: any pip, python or uv command.
    Pip = 4,
    /// `npm`.
    Npm = 8,
    /// `wget`.
    Wget = 16,
}

impl Program {
    /// The program `cmd` runs, if it is one of these.
    pub(crate) fn of(cmd: &Command<'_>) -> Option<Self> {
        let name = cmd.name()?;
        match name {
            "apt-get" | "apt" => Some(Self::Apt),
            "apk" => Some(Self::Apk),
            "npm" => Some(Self::Npm),
            "wget" => Some(Self::Wget),
            _ if is_pip(name) || is_python(name) || name == "uv" => Some(Self::Pip),
            _ => None,
        }
    }

    /// The bit of this program in a set of programs.
    pub(crate) fn bit(self) -> u8 {
        self as u8
    }
}

/// Whether a word passes `--name=false`-like values: `false`, `0`, `no`, `off`.
pub(crate) fn is_falsy(value: &str) -> bool {
    matches!(
        value.to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off" | ""
    )
}
