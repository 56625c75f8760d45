//! The monitoring agent of devops-squad.
