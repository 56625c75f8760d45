//! Parser tests: one per syntax feature of BuildKit's Dockerfile frontend.

use super::*;

fn errors(df: &Dockerfile<'_>) -> Vec<String> {
    df.errors
        .iter()
        .map(|e| format!("{}:{} {}", e.span.line, e.span.column, e.message))
        .collect()
}

fn kw(df: &Dockerfile<'_>) -> Vec<(Keyword, u32, u32)> {
    df.instructions
        .iter()
        .map(|i| (i.keyword, i.start_line, i.end_line))
        .collect()
}

fn shell_text<'d>(df: &'d Dockerfile<'_>, inst: &Instruction) -> &'d str {
    match df.command(inst) {
        Some(CommandLine::Shell(r)) => df.text(r),
        _ => panic!("not shell form: {inst:?}"),
    }
}

fn exec_values(df: &Dockerfile<'_>, inst: &Instruction) -> Vec<String> {
    match df.command(inst) {
        Some(CommandLine::Exec(items)) => items.iter().map(|t| df.value(t).into_owned()).collect(),
        _ => panic!("not exec form: {inst:?}"),
    }
}

#[test]
fn empty_file_is_an_error_not_a_panic() {
    let df = parse("");
    assert!(df.instructions.is_empty());
    assert_eq!(
        errors(&df),
        ["1:1 file with no instructions: a Dockerfile needs at least a FROM"]
    );
}

#[test]
fn syntax_and_escape_directives() {
    let df = parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.20\n");
    assert_eq!(df.escape(), '`');
    assert_eq!(df.directives.len(), 2);
    assert_eq!(df.src(df.directives[0].value), "docker/dockerfile:1");
    assert!(errors(&df).is_empty());
}

#[test]
fn escape_directive_is_case_and_space_insensitive() {
    let df = parse("#  ESCAPE = `\nFROM alpine:3.20\n");
    assert_eq!(df.escape(), '`');
}

#[test]
fn directives_only_at_the_top() {
    // After a comment that is not a directive, or after an instruction, `# escape=` is a comment.
    let df = parse("# a comment\n# escape=`\nFROM alpine:3.20\n");
    assert_eq!(df.escape(), '\\');
    let df = parse("FROM alpine:3.20\n# escape=`\n");
    assert_eq!(df.escape(), '\\');
    // An empty line ends the directives too.
    let df = parse("\n# escape=`\nFROM alpine:3.20\n");
    assert_eq!(df.escape(), '\\');
    // A shebang line 1 is allowed before directives.
    let df = parse("#!/usr/bin/env docker-build\n# escape=`\nFROM alpine:3.20\n");
    assert_eq!(df.escape(), '`');
}

#[test]
fn duplicate_and_invalid_directives_are_errors() {
    let df = parse("# escape=`\n# escape=\\\nFROM alpine:3.20\n");
    assert_eq!(
        errors(&df),
        ["2:1 only one escape parser directive can be used"]
    );
    let df = parse("# escape=x\nFROM alpine:3.20\n");
    assert_eq!(df.errors.len(), 1);
    assert!(df.errors[0].message.contains("invalid escape token"));
}

#[test]
fn backtick_escape_continues_lines_and_keeps_backslashes() {
    let src = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ `\n    && echo done\nCOPY app C:\\app\\\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    assert_eq!(
        kw(&df),
        [
            (Keyword::From, 2, 2),
            (Keyword::Run, 3, 4),
            (Keyword::Copy, 5, 5)
        ]
    );
    assert_eq!(
        shell_text(&df, &df.instructions[1]),
        "dir C:\\     && echo done"
    );
    // With the backtick escape, a trailing backslash is just a character.
    let copy = &df.instructions[2];
    assert_eq!(df.text(df.operands(copy)[1].range), "C:\\app\\");
}

#[test]
fn continuation_joins_lines_like_buildkit() {
    let src = "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\n";
    let df = parse(src);
    let run = &df.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 3));
    // The escape and the newline are removed, nothing is inserted.
    assert_eq!(
        shell_text(&df, run),
        "apt-get update     && apt-get install -y curl"
    );
}

#[test]
fn comments_and_empty_lines_inside_a_continuation_are_skipped() {
    let src = "FROM debian:12\nRUN apt-get update \\\n# a comment\n    # an indented comment\n\n    && apt-get install -y curl\nUSER app\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    assert_eq!(
        kw(&df),
        [
            (Keyword::From, 1, 1),
            (Keyword::Run, 2, 6),
            (Keyword::User, 7, 7)
        ]
    );
    assert_eq!(
        shell_text(&df, &df.instructions[1]),
        "apt-get update     && apt-get install -y curl"
    );
}

#[test]
fn spans_map_back_through_continuations() {
    let src = "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\n";
    let df = parse(src);
    let run = &df.instructions[1];
    let Some(CommandLine::Shell(r)) = df.command(run) else {
        panic!()
    };
    let text = df.text(r);
    let at = text.find("curl").unwrap();
    let span = df.span(TextRange::new(r.start + at, r.start + at + 4));
    assert_eq!(span, Span::new(3, 27, 3, 31));
    // A range ending at a segment boundary ends on the earlier line.
    let upd = text.find("update").unwrap();
    let span = df.span(TextRange::new(r.start + upd, r.start + upd + 7));
    assert_eq!(span, Span::new(2, 13, 2, 20));
}

#[test]
fn columns_count_characters_not_bytes() {
    let df = parse("FROM alpine:3.20\nLABEL description=\"héhé\" version=1\n");
    let label = &df.instructions[1];
    let version = df.pairs(label)[1];
    assert_eq!(df.span(version.key), Span::new(2, 26, 2, 33));
}

#[test]
fn continuation_at_end_of_file_is_an_error() {
    let df = parse("FROM alpine:3.20\nRUN echo a \\");
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.errors.len(), 1);
    assert_eq!(df.errors[0].span.line, 2);
    assert!(df.errors[0].message.contains("line continuation"));
    // Only comments after the escape: the same.
    let df = parse("FROM alpine:3.20\nRUN echo a \\\n# trailing\n");
    assert_eq!(df.errors.len(), 1);
    assert_eq!(df.errors[0].span.line, 2);
}

#[test]
fn keywords_are_case_insensitive() {
    let df = parse("from alpine:3.20\nrun echo hi\nCopy a /b\n");
    assert!(errors(&df).is_empty());
    assert_eq!(
        kw(&df).iter().map(|k| k.0).collect::<Vec<_>>(),
        [Keyword::From, Keyword::Run, Keyword::Copy]
    );
    assert_eq!(df.keyword_text(&df.instructions[2]), "Copy");
}

#[test]
fn exec_form_and_shell_form() {
    let df = parse(
        "FROM node:22\nCMD [\"node\", \"server.js\"]\nENTRYPOINT node server.js\nRUN [ \"sh\" , \"-c\", \"echo \\\"hi\\\" \\u00e9\" ]\n",
    );
    assert!(errors(&df).is_empty());
    assert_eq!(exec_values(&df, &df.instructions[1]), ["node", "server.js"]);
    assert!(df.instructions[1].is_exec_form());
    assert_eq!(shell_text(&df, &df.instructions[2]), "node server.js");
    assert!(!df.instructions[2].is_exec_form());
    assert_eq!(
        exec_values(&df, &df.instructions[3]),
        ["sh", "-c", "echo \"hi\" é"]
    );
}

#[test]
fn unterminated_json_array_is_reported_and_kept_as_shell() {
    let df = parse("FROM node:22\nCMD [\"node\", \"server.js\"\nUSER node\n");
    assert_eq!(df.errors.len(), 1);
    assert_eq!(df.errors[0].span.line, 2);
    assert!(df.errors[0].message.contains("not a valid JSON array"));
    assert_eq!(
        shell_text(&df, &df.instructions[1]),
        "[\"node\", \"server.js\""
    );
    assert_eq!(df.instructions[2].keyword, Keyword::User);
}

#[test]
fn json_array_of_non_strings_is_an_error() {
    let df = parse("FROM node:22\nCMD [\"sleep\", 5]\n");
    assert_eq!(
        errors(&df),
        ["2:5 when using JSON array syntax, arrays must be comprised of strings only"]
    );
}

#[test]
fn shell_must_be_json() {
    let df = parse(
        "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL /bin/bash -c\n",
    );
    assert_eq!(df.errors.len(), 1);
    assert_eq!(df.errors[0].span.line, 3);
}

#[test]
fn heredoc_run() {
    let src = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nUSER app\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    assert_eq!(
        kw(&df),
        [
            (Keyword::From, 1, 1),
            (Keyword::Run, 2, 5),
            (Keyword::User, 6, 6)
        ]
    );
    let run = &df.instructions[1];
    assert_eq!(run.heredocs.len(), 1);
    let h = &df.heredocs(run)[0];
    assert_eq!(
        (h.name.as_str(), h.chomp, h.quoted, h.body_line),
        ("EOF", false, false, 3)
    );
    assert_eq!(
        df.heredoc_body(h),
        "apt-get update\napt-get install -y curl\n"
    );
    assert_eq!(df.span(h.word), Span::new(2, 5, 2, 10));
}

#[test]
fn heredoc_chomp_strips_leading_tabs() {
    let src = "FROM debian:12\nRUN <<-EOT\n\techo one\n\t\techo two\n\tEOT\nUSER app\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    let h = &df.heredocs(&df.instructions[1])[0];
    assert!(h.chomp);
    assert_eq!(df.heredoc_body(h), "echo one\necho two\n");
    assert_eq!(df.instructions[1].end_line, 5);
    // Without `-`, a tab-indented terminator does not close the heredoc.
    let df = parse("FROM debian:12\nRUN <<EOT\n\techo one\n\tEOT\n");
    assert_eq!(df.errors.len(), 1);
    assert!(df.errors[0].message.contains("unterminated heredoc"));
}

#[test]
fn heredoc_quoted_delimiters() {
    for (opener, name) in [
        ("<<\"EOF\"", "EOF"),
        ("<<'EOF'", "EOF"),
        ("<<-'END'", "END"),
    ] {
        let src = format!("FROM debian:12\nRUN {opener}\necho $HOME\n{name}\n");
        let df = parse(&src);
        assert!(errors(&df).is_empty(), "{opener}: {:?}", errors(&df));
        let h = &df.heredocs(&df.instructions[1])[0];
        assert_eq!(h.name, name);
        assert!(h.quoted, "{opener}");
        assert_eq!(df.heredoc_body(h), "echo $HOME\n");
    }
}

#[test]
fn several_heredocs_in_one_instruction() {
    let src = "FROM debian:12\nRUN <<A <<B cat /dev/stdin\nfirst\nA\nsecond\nB\nUSER app\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    let run = &df.instructions[1];
    assert_eq!(run.heredocs.len(), 2);
    assert_eq!(df.heredoc_body(&df.heredocs(run)[0]), "first\n");
    assert_eq!(df.heredoc_body(&df.heredocs(run)[1]), "second\n");
    assert_eq!((df.heredocs(run)[1].body_line, run.end_line), (5, 6));
    assert_eq!(df.instructions[2].start_line, 7);
}

#[test]
fn copy_heredoc_and_the_next_instruction_right_after() {
    let src = "FROM nginx:1.27\nCOPY <<EOF /etc/nginx/conf.d/default.conf\nserver { listen 80; }\nEOF\nEXPOSE 80\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    let copy = &df.instructions[1];
    assert_eq!(df.operands(copy).len(), 2);
    assert_eq!(df.heredocs(copy)[0].word, df.operands(copy)[0].range);
    assert_eq!(
        kw(&df),
        [
            (Keyword::From, 1, 1),
            (Keyword::Copy, 2, 4),
            (Keyword::Expose, 5, 5)
        ]
    );
}

#[test]
fn heredoc_opened_on_a_continuation_line() {
    // As `docker init` writes it: flags on continuation lines, then the heredoc.
    let src = "FROM rust:1.82.0-slim-bookworm\nRUN --mount=type=cache,target=/src/target \\\n    --mount=type=cache,target=/usr/local/cargo/registry \\\n<<EOF\nset -e\ncargo build --locked --release\nEOF\nUSER 1000\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    let run = &df.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 7));
    assert_eq!(df.flags(run).len(), 2);
    assert_eq!(
        df.heredoc_body(&df.heredocs(run)[0]),
        "set -e\ncargo build --locked --release\n"
    );
    assert_eq!(df.span(df.heredocs(run)[0].word), Span::new(4, 1, 4, 6));
    assert_eq!(df.instructions[2].start_line, 8);
}

#[test]
fn heredoc_words_inside_quotes_are_not_heredocs() {
    let df = parse("FROM debian:12\nRUN echo \"<<EOF\"\nUSER app\n");
    assert!(errors(&df).is_empty());
    assert!(df.instructions[1].heredocs.is_empty());
    // `<< EOF` with a space is not a heredoc either (as in BuildKit).
    let df = parse("FROM debian:12\nRUN cat << EOF\nUSER app\n");
    assert!(df.instructions[1].heredocs.is_empty());
}

#[test]
fn missing_heredoc_terminator_is_an_error() {
    let df = parse("FROM debian:12\nRUN <<EOF\necho hi\nUSER app\n");
    assert_eq!(
        errors(&df),
        ["2:5 unterminated heredoc: no line `EOF` closes the heredoc opened here"]
    );
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.instructions[1].end_line, 4);
}

#[test]
fn heredocs_only_on_run_copy_add() {
    let df = parse("FROM debian:12\nLABEL x=\"<<EOF\"\nENV a=<<EOF\nUSER app\n");
    assert_eq!(df.instructions.len(), 4);
    assert!(df.instructions.iter().all(|i| i.heredocs.is_empty()));
}

#[test]
fn flags() {
    let src = "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n\
RUN --mount=type=cache,target=/root/.cache/go-build --network=none --security=insecure go build\n\
COPY --from=build --chown=app:app --chmod=0755 --link /out/app /app\n\
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD [\"/app\", \"-health\"]\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    let names = |i: usize| {
        df.flags(&df.instructions[i])
            .iter()
            .map(|f| df.text(f.name).to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(0), ["platform"]);
    assert_eq!(names(1), ["mount", "network", "security"]);
    assert_eq!(names(2), ["from", "chown", "chmod", "link"]);
    assert_eq!(names(3).len(), 5);
    assert_eq!(df.flag_value(&df.instructions[2], "from"), Some("build"));
    assert_eq!(df.flag_value(&df.instructions[2], "link"), Some(""));
    assert_eq!(
        df.flag_value(&df.instructions[1], "mount"),
        Some("type=cache,target=/root/.cache/go-build")
    );
    assert_eq!(shell_text(&df, &df.instructions[1]), "go build");
    assert_eq!(exec_values(&df, &df.instructions[3]), ["/app", "-health"]);
    assert_eq!(df.stages[0].base_image(), Some("golang:1.23"));
}

#[test]
fn unknown_flags_and_flags_without_value_are_errors() {
    let df = parse("FROM alpine:3.20\nRUN --mnt=type=cache,target=/x echo\nCOPY --from a /b\n");
    assert_eq!(
        errors(&df),
        [
            "2:5 unknown flag `--mnt` for RUN",
            "3:6 flag `--from` needs a value: `--from=…`"
        ]
    );
}

#[test]
fn onbuild_wraps_an_instruction() {
    let df =
        parse("FROM node:22\nONBUILD COPY --chown=node . /app\nONBUILD RUN <<EOF\nnpm ci\nEOF\n");
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    let copy = df.instructions[1].onbuild_trigger().unwrap();
    assert_eq!(copy.keyword, Keyword::Copy);
    assert_eq!(df.flag_value(copy, "chown"), Some("node"));
    let run = df.instructions[2].onbuild_trigger().unwrap();
    assert_eq!(run.keyword, Keyword::Run);
    assert_eq!(run.heredocs.len(), 1);
    assert_eq!((df.instructions[2].end_line, run.end_line), (5, 5));
}

#[test]
fn onbuild_cannot_chain_or_wrap_from() {
    let df = parse("FROM node:22\nONBUILD ONBUILD RUN x\nONBUILD FROM alpine\nONBUILD\n");
    assert_eq!(df.errors.len(), 3, "{:?}", errors(&df));
}

#[test]
fn healthcheck_forms() {
    let df = parse(
        "FROM node:22\nHEALTHCHECK NONE\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK --interval=5s cmd [\"true\"]\n",
    );
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    assert_eq!(
        df.instructions[1].args,
        Args::Healthcheck(Healthcheck::None)
    );
    assert_eq!(
        shell_text(&df, &df.instructions[2]),
        "curl -f http://localhost/"
    );
    assert_eq!(exec_values(&df, &df.instructions[3]), ["true"]);
    let df = parse("FROM node:22\nHEALTHCHECK NONE now\nHEALTHCHECK RUN x\nHEALTHCHECK CMD\n");
    assert_eq!(df.errors.len(), 3, "{:?}", errors(&df));
}

#[test]
fn from_with_global_args() {
    let src = "ARG BASE=node:20\nARG TAG\nARG REG=docker.io\nFROM ${BASE} AS a\nFROM $BASE\nFROM ${TAGGED:-python:3.12}\nFROM alpine:${TAG}\nFROM ${REG}/library/${BASE}\nFROM ${BASE:+x}y\n";
    let df = parse(src);
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    let imgs: Vec<(&str, bool)> = df
        .stages
        .iter()
        .map(|s| {
            let i = s.image.as_ref().unwrap();
            (i.resolved.as_str(), i.exact)
        })
        .collect();
    assert_eq!(
        imgs,
        [
            ("node:20", true),
            ("node:20", true),
            ("python:3.12", true),
            ("alpine:", false),
            ("docker.io/library/node:20", true),
            ("xy", true),
        ]
    );
    assert!(df.stages[0].image.as_ref().unwrap().templated);
}

#[test]
fn image_reference_parts() {
    let df = parse(
        "FROM registry.example.com:5000/team/app:1.2.3@sha256:abc AS Build\nFROM localhost:5000/app\nFROM build\n",
    );
    let img = df.stages[0].image.as_ref().unwrap();
    assert_eq!(img.tag(), Some("1.2.3"));
    assert_eq!(img.digest(), Some("sha256:abc"));
    assert_eq!(df.stages[0].name(), Some("build"));
    let img = df.stages[1].image.as_ref().unwrap();
    assert_eq!(img.tag(), None, "a registry port is not a tag");
    assert_eq!(df.stages[2].parent, Some(0));
    assert_eq!(df.stages[0].end, 1);
}

#[test]
fn from_errors() {
    let df = parse("FROM\nFROM a b\nFROM alpine AS 1st\nFROM alpine:3 AS ok\n");
    assert_eq!(df.errors.len(), 3, "{:?}", errors(&df));
    assert_eq!(df.stages.len(), 4);
    assert!(df.stages[0].image.is_none());
}

#[test]
fn env_label_arg_pairs() {
    let src = "FROM alpine:3.20\nENV A=1 B=\"two words\" C='x y'\nENV LEGACY some value here\nARG NAME NAME2=v\nLABEL org.opencontainers.image.title=\"app\"\nENV broken\nENV A=1 B\n";
    let df = parse(src);
    let pairs = |i: usize| {
        df.pairs(&df.instructions[i])
            .iter()
            .map(|p| {
                (
                    df.text(p.key).to_string(),
                    p.value.map(|v| df.value(&v).into_owned()),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(1),
        [
            ("A".into(), Some("1".into())),
            ("B".into(), Some("two words".into())),
            ("C".into(), Some("x y".into()))
        ]
    );
    assert_eq!(
        pairs(2),
        [("LEGACY".into(), Some("some value here".into()))]
    );
    assert_eq!(
        pairs(3),
        [("NAME".into(), None), ("NAME2".into(), Some("v".into()))]
    );
    assert_eq!(pairs(4)[0].1.as_deref(), Some("app"));
    assert_eq!(df.errors.len(), 2, "{:?}", errors(&df));
    assert_eq!((df.errors[0].span.line, df.errors[1].span.line), (6, 7));
}

#[test]
fn unknown_instruction_suggests_and_parsing_goes_on() {
    let df = parse("FROM alpine:3.20\nRUNN echo\nFOO bar\nUSER app\n");
    assert_eq!(
        errors(&df),
        [
            "2:1 unknown instruction: RUNN (did you mean RUN?)",
            "3:1 unknown instruction: FOO"
        ]
    );
    assert_eq!(df.instructions[3].keyword, Keyword::User);
}

#[test]
fn instructions_before_from() {
    let df = parse("ARG X=1\nRUN echo\nFROM alpine:3.20\n");
    assert_eq!(
        errors(&df),
        ["2:1 RUN before the first FROM: only ARG may come before FROM"]
    );
    let df = parse("RUN echo\n");
    assert!(errors(&df).iter().any(|e| e.contains("no FROM")));
}

#[test]
fn crlf_and_bom() {
    let df = parse("\u{feff}FROM alpine:3.20\r\nRUN echo a \\\r\n  b\r\nUSER app\r\n");
    assert!(errors(&df).is_empty(), "{:?}", errors(&df));
    assert_eq!(
        kw(&df),
        [
            (Keyword::From, 1, 1),
            (Keyword::Run, 2, 3),
            (Keyword::User, 4, 4)
        ]
    );
    assert_eq!(shell_text(&df, &df.instructions[1]), "echo a   b");
    assert_eq!(
        df.span(df.instructions[0].keyword_range),
        Span::new(1, 1, 1, 5)
    );
}

#[test]
fn stages_cover_their_instructions() {
    let df =
        parse("ARG V=1\nFROM a:1 AS one\nRUN x\nFROM b:2\nCOPY --from=one /a /b\nCMD [\"b\"]\n");
    assert_eq!(df.stages.len(), 2);
    assert_eq!((df.stages[0].from, df.stages[0].end), (1, 3));
    assert_eq!((df.stages[1].from, df.stages[1].end), (3, 6));
    assert_eq!(df.instructions[0].stage, None);
    assert_eq!(df.instructions[4].stage, Some(1));
}

#[test]
fn keyword_of_knows_every_keyword_in_any_case() {
    for k in Keyword::KNOWN {
        let name = k.as_str();
        assert_eq!(Keyword::of(name), k);
        assert_eq!(Keyword::of(&name.to_ascii_lowercase()), k);
        assert_eq!(
            Keyword::of(&format!(
                "{}{}",
                &name[..1],
                &name[1..].to_ascii_lowercase()
            )),
            k
        );
    }
    // Bytes that differ from a keyword's letters only in bit 0x20 (the one the key sets) are
    // not letters, and no keyword.
    for word in [
        "",
        "RUNS",
        "RU",
        "HEALTHCHECKS",
        "ÉNV",
        "unknown",
        "R5N",
        "@DD",
        "FR\x0fM",
        "COP\x19",
    ] {
        assert_eq!(Keyword::of(word), Keyword::Unknown, "{word}");
    }
}

#[test]
fn keyword_at_reads_only_the_keyword_of_a_line() {
    // Lines long enough for the wide read, just long enough for the narrow one, and short.
    for (line, start, end, k) in [
        (
            "HEALTHCHECK --interval=30s CMD true",
            0,
            11,
            Keyword::Healthcheck,
        ),
        (
            "  run --mount=type=cache,target=/x make",
            2,
            5,
            Keyword::Run,
        ),
        ("COPY . .", 0, 4, Keyword::Copy),
        ("USER node", 0, 4, Keyword::User),
        ("USER", 0, 4, Keyword::User),
        ("ENTRYPOINT", 0, 10, Keyword::Entrypoint),
        ("ENTRYPOINTS and more text", 0, 10, Keyword::Entrypoint),
        ("RUNS x", 0, 4, Keyword::Unknown),
        ("RU", 0, 2, Keyword::Unknown),
    ] {
        assert_eq!(Keyword::at(line.as_bytes(), start, end), k, "{line:?}");
    }
}

#[test]
fn line_starts_match_a_plain_scan() {
    let texts = [
        "",
        "\n",
        "a",
        "FROM a\n",
        "FROM a\nRUN b",
        "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n",
        "\u{b}\n\u{b}\n12345678\n1234567\n\u{e9}t\u{e9}\r\n\u{b}\u{b}\n",
    ];
    for text in texts {
        let expected: Vec<usize> = if text.is_empty() {
            Vec::new()
        } else {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&s| s < text.len())
                .collect()
        };
        assert_eq!(parse(text).line_starts, expected, "{text:?}");
    }
}

#[test]
fn shell_words_split_on_unicode_whitespace_and_skip_escaped_characters() {
    let words = |s: &str, escape: u8| -> Vec<String> {
        words::split_shell_words(s, 0, escape)
            .map(|r| s[r.start..r.end].to_string())
            .collect()
    };
    assert_eq!(words("a\u{a0}b\u{3000}c", b'\\'), ["a", "b", "c"]);
    assert_eq!(words("a\\\u{a0}b c", b'\\'), ["a\\\u{a0}b", "c"]);
    assert_eq!(
        words("k=\"x y\" 'p q' é\\", b'\\'),
        ["k=\"x y\"", "'p q'", "é\\"]
    );
    assert_eq!(words("a` b c`\u{e9}", b'`'), ["a` b", "c`\u{e9}"]);
    assert_eq!(words("\"a\\\" b\" c", b'\\'), ["\"a\\\" b\"", "c"]);
}

#[test]
fn json_strings_stop_at_a_special_byte_at_any_offset() {
    // The string scan skips eight plain bytes at a time: a quote, an escape, a control byte or
    // a non-ASCII character at any offset of a chunk must be seen as serde_json sees it.
    for special in ["\\\"", "\\\\", "\\u00e9", "\\q", "\t", "\"", "é", "\u{7f}"] {
        for k in 0..20 {
            let body = format!("{}{special}{}", "a".repeat(k), "b".repeat(20 - k));
            let s = format!("[\"{body}\", \"x\"]");
            let mut tokens = Vec::new();
            let ours = match words::json_array(s.as_bytes(), 0, &mut tokens) {
                words::JsonArray::Strings(items) => Some(items.len()),
                _ => None,
            };
            let theirs = serde_json::from_str::<Vec<String>>(&s)
                .ok()
                .map(|v| v.len());
            assert_eq!(ours, theirs, "{s:?}");
        }
    }
}
