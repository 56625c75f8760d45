//! Baseline Terraform configurations: a minimal, production-sane starting point per cloud,
//! deterministic (no dates, no random names) and clean under every Terraform rule.
//!
//! Both clouds get the same four files under `infra/`: `versions.tf` (Terraform and provider
//! versions), `main.tf` (the resources), `variables.tf` (inputs; secrets are `sensitive` and
//! `ephemeral`, without defaults, and reach the cloud through write-only arguments so they are
//! never stored in the state) and `outputs.tf`.

use std::fmt;
use std::str::FromStr;

/// A cloud provider the Terraform baseline targets.
///
/// ```
/// use infra_agent::terraform::Cloud;
/// assert_eq!(Cloud::parse("Google"), Ok(Cloud::Gcp));
/// assert!(Cloud::parse("azure").unwrap_err().to_string().contains("aws"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cloud {
    /// Amazon Web Services.
    Aws,
    /// Google Cloud.
    Gcp,
}

impl Cloud {
    /// Every cloud, in a stable order.
    pub const ALL: [Cloud; 2] = [Self::Aws, Self::Gcp];

    /// Parse a cloud name, case-insensitively: `aws|amazon`, `gcp|google|gcloud`.
    pub fn parse(name: &str) -> Result<Cloud, UnknownCloud> {
        match name.trim().to_ascii_lowercase().as_str() {
            "aws" | "amazon" => Ok(Self::Aws),
            "gcp" | "google" | "gcloud" | "google-cloud" => Ok(Self::Gcp),
            _ => Err(UnknownCloud {
                given: name.to_string(),
            }),
        }
    }

    /// The canonical name, accepted by [`Cloud::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::Gcp => "gcp",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Cloud {
    type Err = UnknownCloud;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A cloud name that is not one of [`Cloud::ALL`] or their aliases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown cloud {given:?}: use one of aws (amazon), gcp (google, gcloud)")]
pub struct UnknownCloud {
    /// The name that was given.
    pub given: String,
}

/// The baseline Terraform files for `cloud`, as `(relative path, content)` pairs under
/// `infra/`.
///
/// ```
/// use infra_agent::terraform::{Cloud, TerraformChecker, terraform_baseline};
/// use squad_core::check::Checker;
///
/// for (path, content) in terraform_baseline(Cloud::Aws) {
///     assert!(path.starts_with("infra/"));
///     assert!(TerraformChecker.check(&path, &content).is_empty(), "{path}");
/// }
/// ```
pub fn terraform_baseline(cloud: Cloud) -> Vec<(String, String)> {
    let files: [(&str, &str); 4] = match cloud {
        Cloud::Aws => [
            ("infra/versions.tf", AWS_VERSIONS),
            ("infra/main.tf", AWS_MAIN),
            ("infra/variables.tf", AWS_VARIABLES),
            ("infra/outputs.tf", AWS_OUTPUTS),
        ],
        Cloud::Gcp => [
            ("infra/versions.tf", GCP_VERSIONS),
            ("infra/main.tf", GCP_MAIN),
            ("infra/variables.tf", GCP_VARIABLES),
            ("infra/outputs.tf", GCP_OUTPUTS),
        ],
    };
    files
        .into_iter()
        .map(|(path, content)| (path.to_string(), content.to_string()))
        .collect()
}

const AWS_VERSIONS: &str = r#"# Terraform and provider versions. Commit .terraform.lock.hcl next to this file.
terraform {
  # 1.11 brings ephemeral variables and write-only arguments, used for the app secret.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }

  # Keep the state remote and locked, e.g.:
  # backend "s3" {
  #   bucket       = "<state bucket>"
  #   key          = "app/terraform.tfstate"
  #   region       = "<region>"
  #   encrypt      = true
  #   use_lockfile = true
  # }
}
"#;

const AWS_MAIN: &str = r#"provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project   = var.project
      ManagedBy = "terraform"
    }
  }
}

data "aws_caller_identity" "current" {}

# One customer-managed key for the artifacts bucket, the image registry and the app secret.
resource "aws_kms_key" "main" {
  description             = "${var.project}: artifacts, images and secrets"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_alias" "main" {
  name          = "alias/${var.project}"
  target_key_id = aws_kms_key.main.key_id
}

# Build artifacts: private, versioned, encrypted with the key above, TLS only.
resource "aws_s3_bucket" "artifacts" {
  bucket_prefix = "${var.project}-artifacts-"
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

data "aws_iam_policy_document" "artifacts_tls_only" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket     = aws_s3_bucket.artifacts.id
  policy     = data.aws_iam_policy_document.artifacts_tls_only.json
  depends_on = [aws_s3_bucket_public_access_block.artifacts]
}

# Container images: immutable tags, scanned on push, old untagged images expire.
resource "aws_ecr_repository" "app" {
  name                 = var.project
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.main.arn
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Expire untagged images after 14 days"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = 14
      }
      action = { type = "expire" }
    }]
  })
}

# The application secret. Its value is write-only: sent to Secrets Manager, never stored in
# the Terraform state. Bump app_secret_version to push a new value.
resource "aws_secretsmanager_secret" "app" {
  name_prefix             = "${var.project}/app-secret-"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id                = aws_secretsmanager_secret.app.id
  secret_string_wo         = var.app_secret
  secret_string_wo_version = var.app_secret_version
}

# CI pushes images with short-lived credentials (GitHub OIDC), limited to this repository's
# main branch and to this registry.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "ci_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name_prefix        = "${var.project}-ci-"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

data "aws_iam_policy_document" "ci_push" {
  statement {
    sid       = "RegistryLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid = "PushImages"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [aws_ecr_repository.app.arn]
  }
  statement {
    sid       = "EncryptLayers"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.main.arn]
  }
}

resource "aws_iam_role_policy" "ci_push" {
  name   = "push-images"
  role   = aws_iam_role.ci.id
  policy = data.aws_iam_policy_document.ci_push.json
}
"#;

const AWS_VARIABLES: &str = r#"variable "region" {
  description = "AWS region of every resource."
  type        = string
  default     = "eu-west-1"
}

variable "project" {
  description = "Short name of the project: prefixes resource names."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.project))
    error_message = "Use 2 to 31 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "github_repository" {
  description = "The GitHub repository (owner/name) whose main branch may push images."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "Use the owner/name form, e.g. example-org/example-app."
  }
}

# Secrets: no default, never printed, never stored in the state (ephemeral + write-only).
# Pass them with TF_VAR_app_secret in the environment, not on the command line.
variable "app_secret" {
  description = "The application's secret, stored in Secrets Manager."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "app_secret_version" {
  description = "Increment to send a new value of app_secret."
  type        = number
  default     = 1
}
"#;

const AWS_OUTPUTS: &str = r#"output "artifacts_bucket" {
  description = "Name of the artifacts bucket."
  value       = aws_s3_bucket.artifacts.bucket
}

output "ecr_repository_url" {
  description = "Registry URL to tag and push images to."
  value       = aws_ecr_repository.app.repository_url
}

output "app_secret_arn" {
  description = "ARN of the application secret (reference it, never copy its value)."
  value       = aws_secretsmanager_secret.app.arn
}

output "ci_role_arn" {
  description = "Role for GitHub Actions (aws-actions/configure-aws-credentials role-to-assume)."
  value       = aws_iam_role.ci.arn
}

output "kms_key_arn" {
  description = "Customer-managed key of the artifacts, images and secret."
  value       = aws_kms_key.main.arn
}
"#;

const GCP_VERSIONS: &str = r#"# Terraform and provider versions. Commit .terraform.lock.hcl next to this file.
terraform {
  # 1.11 brings ephemeral variables and write-only arguments, used for the app secret.
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
  }

  # Keep the state remote and locked, e.g.:
  # backend "gcs" {
  #   bucket = "<state bucket>"
  #   prefix = "app"
  # }
}
"#;

const GCP_MAIN: &str = r#"provider "google" {
  project = var.project_id
  region  = var.region
}

locals {
  services = [
    "artifactregistry.googleapis.com",
    "run.googleapis.com",
    "secretmanager.googleapis.com",
  ]
}

resource "google_project_service" "enabled" {
  for_each           = toset(local.services)
  service            = each.value
  disable_on_destroy = false
}

# Container images: immutable tags, untagged images cleaned up.
resource "google_artifact_registry_repository" "app" {
  location      = var.region
  repository_id = var.service_name
  description   = "Container images of ${var.service_name}"
  format        = "DOCKER"

  docker_config {
    immutable_tags = true
  }

  cleanup_policies {
    id     = "delete-untagged"
    action = "DELETE"
    condition {
      tag_state  = "UNTAGGED"
      older_than = "1209600s"
    }
  }

  depends_on = [google_project_service.enabled]
}

# The service runs as its own account, allowed to read its one secret and nothing else.
resource "google_service_account" "run" {
  account_id   = "${var.service_name}-run"
  display_name = "Cloud Run runtime of ${var.service_name}"
}

# The application secret. Its value is write-only: sent to Secret Manager, never stored in
# the Terraform state. Bump app_secret_version to push a new value.
resource "google_secret_manager_secret" "app" {
  secret_id = "${var.service_name}-app-secret"

  replication {
    auto {}
  }

  depends_on = [google_project_service.enabled]
}

resource "google_secret_manager_secret_version" "app" {
  secret                 = google_secret_manager_secret.app.id
  secret_data_wo         = var.app_secret
  secret_data_wo_version = var.app_secret_version
}

resource "google_secret_manager_secret_iam_member" "run_reads_app_secret" {
  secret_id = google_secret_manager_secret.app.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.run.email}"
}

resource "google_cloud_run_v2_service" "app" {
  name                = var.service_name
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = true

  template {
    service_account = google_service_account.run.email

    scaling {
      min_instance_count = 0
      max_instance_count = var.max_instances
    }

    containers {
      image = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.app.repository_id}/${var.service_name}:${var.image_tag}"

      ports {
        container_port = var.container_port
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        cpu_idle = true
      }

      env {
        name = "APP_SECRET"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.app.secret_id
            version = "latest"
          }
        }
      }

      startup_probe {
        tcp_socket {
          port = var.container_port
        }
      }
    }
  }

  depends_on = [google_secret_manager_secret_iam_member.run_reads_app_secret]
}

# Public access is opt-in: by default only authenticated callers with run.invoker can call.
resource "google_cloud_run_v2_service_iam_member" "public" {
  count    = var.allow_unauthenticated ? 1 : 0
  name     = google_cloud_run_v2_service.app.name
  location = google_cloud_run_v2_service.app.location
  role     = "roles/run.invoker"
  member   = "allUsers"
}

# Build artifacts: private (uniform access, public access prevented), versioned.
resource "google_storage_bucket" "artifacts" {
  name                        = "${var.project_id}-${var.service_name}-artifacts"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      num_newer_versions = 5
    }
    action {
      type = "Delete"
    }
  }
}
"#;

const GCP_VARIABLES: &str = r#"variable "project_id" {
  description = "Google Cloud project id."
  type        = string
}

variable "region" {
  description = "Region of every resource."
  type        = string
  default     = "europe-west1"
}

variable "service_name" {
  description = "Name of the Cloud Run service; prefixes the other resources."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.service_name))
    error_message = "Use 2 to 21 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "image_tag" {
  description = "Tag of the image to run (a release tag or a commit SHA, never latest)."
  type        = string
}

variable "container_port" {
  description = "Port the container listens on."
  type        = number
  default     = 8080
}

variable "max_instances" {
  description = "Upper bound of Cloud Run instances."
  type        = number
  default     = 10
}

variable "allow_unauthenticated" {
  description = "Whether anyone on the internet may invoke the service."
  type        = bool
  default     = false
}

# Secrets: no default, never printed, never stored in the state (ephemeral + write-only).
# Pass them with TF_VAR_app_secret in the environment, not on the command line.
variable "app_secret" {
  description = "The application's secret, stored in Secret Manager."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "app_secret_version" {
  description = "Increment to send a new value of app_secret."
  type        = number
  default     = 1
}
"#;

const GCP_OUTPUTS: &str = r#"output "service_url" {
  description = "URL of the Cloud Run service."
  value       = google_cloud_run_v2_service.app.uri
}

output "image_repository" {
  description = "Artifact Registry path to tag and push images to."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.app.repository_id}"
}

output "runtime_service_account" {
  description = "Service account the service runs as."
  value       = google_service_account.run.email
}

output "artifacts_bucket" {
  description = "Name of the artifacts bucket."
  value       = google_storage_bucket.artifacts.name
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_parses_and_errors_list_the_clouds() {
        for (name, cloud) in [
            ("aws", Cloud::Aws),
            ("Amazon", Cloud::Aws),
            ("gcp", Cloud::Gcp),
            (" google ", Cloud::Gcp),
            ("gcloud", Cloud::Gcp),
        ] {
            assert_eq!(Cloud::parse(name), Ok(cloud));
        }
        for cloud in Cloud::ALL {
            assert_eq!(cloud.as_str().parse::<Cloud>(), Ok(cloud));
        }
        let msg = Cloud::parse("azure").unwrap_err().to_string();
        assert!(msg.contains("\"azure\"") && msg.contains("aws") && msg.contains("gcp"));
    }

    #[test]
    fn baselines_are_deterministic_and_complete() {
        for cloud in Cloud::ALL {
            let files = terraform_baseline(cloud);
            let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
            assert_eq!(
                paths,
                [
                    "infra/versions.tf",
                    "infra/main.tf",
                    "infra/variables.tf",
                    "infra/outputs.tf"
                ]
            );
            assert_eq!(files, terraform_baseline(cloud));
        }
    }
}
