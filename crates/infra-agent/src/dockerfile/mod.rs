//! Dockerfiles: parser, rules and checker.

mod parser;

pub use parser::{Dockerfile, Instruction, Keyword, Stage, SyntaxError, parse};
