//! The infrastructure agent of devops-squad.

#[allow(dead_code)]
mod yaml;
