//! Rebuild when the prompts change: include_dir alone does not see added files on stable Rust.
fn main() {
    println!("cargo:rerun-if-changed=../../prompts");
}
