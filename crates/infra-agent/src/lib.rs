//! The infra agent of devops-squad.
