//! The `squad` command.
fn main() {}
