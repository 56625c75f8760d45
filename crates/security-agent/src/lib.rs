//! The security agent of devops-squad.
