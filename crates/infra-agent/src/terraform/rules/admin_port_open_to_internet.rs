//! TF007 `admin-port-open-to-internet`: SSH (22) or RDP (3389) reachable from `0.0.0.0/0` or
//! `::/0`.

use hcl::edit::expr::Expression;
use hcl::edit::structure::Body;

use crate::terraform::Ctx;
use crate::terraform::model::{Module, array, attr, bool_value, int_value, object_get, str_value};

declare_rule! {
    code: "TF007",
    name: "admin-port-open-to-internet",
    severity: Error,
    summary: "A security group or firewall rule opens SSH (22) or RDP (3389) to the whole internet.",
    help: "Restrict the source to known ranges (a VPN, a bastion's security group) or drop the rule and use SSM Session Manager / IAP TCP forwarding.",
    references: ["checkov:CKV_AWS_24", "checkov:CKV_AWS_25", "checkov:CKV_GCP_2", "checkov:CKV_GCP_3"],
    doc: r#"## What it does
Checks ingress rules whose source is `0.0.0.0/0` or `::/0` and whose ports include 22 (SSH)
or 3389 (RDP), over TCP or all protocols:
- `ingress` blocks (or the `ingress = [...]` list) of `aws_security_group`;
- `aws_security_group_rule` with `type = "ingress"`;
- `aws_vpc_security_group_ingress_rule` (`cidr_ipv4`, `cidr_ipv6`);
- `google_compute_firewall` with `source_ranges` and `allow` blocks (no `ports` means all).

Ports, protocols and ranges given by variables are not evaluated.

## Why is this bad?
Internet-wide scanners find an open SSH or RDP port within minutes and start guessing
passwords and trying exploits. Administrative access should come from a small, known set of
addresses, or through a broker (AWS Systems Manager Session Manager, Google IAP) that needs
no open inbound port at all.

## Example
```hcl
resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
```

Use instead:
```hcl
resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"] # the office VPN
  }
}
```

## References
- [checkov CKV_AWS_24, CKV_AWS_25](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [checkov CKV_GCP_2, CKV_GCP_3](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [AWS Systems Manager Session Manager](https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html)
- [Google Cloud IAP TCP forwarding](https://cloud.google.com/iap/docs/using-tcp-forwarding)
"#,
}

const ADMIN_PORTS: [(i64, &str); 2] = [(22, "SSH"), (3389, "RDP")];
const WORLD: [&str; 2] = ["0.0.0.0/0", "::/0"];

/// Attributes read either from a block body or from an object in an `ingress = [...]` list.
#[derive(Clone, Copy)]
enum Fields<'a> {
    Body(&'a Body),
    Object(&'a Expression),
}

impl<'a> Fields<'a> {
    fn get(self, key: &str) -> Option<&'a Expression> {
        match self {
            Fields::Body(body) => attr(body, key).map(|a| &a.value),
            Fields::Object(object) => object_get(object, key),
        }
    }

    fn str(self, key: &str) -> Option<String> {
        self.get(key).and_then(str_value).map(|s| s.trim().to_ascii_lowercase())
    }
}

/// The admin ports an AWS rule opens, or `None` when its ports or protocol are not literals.
fn aws_ports(rule: Fields<'_>, protocol_key: &str) -> Option<Vec<(i64, &'static str)>> {
    let protocol = rule.str(protocol_key)?;
    if protocol == "-1" || protocol == "all" {
        return Some(ADMIN_PORTS.to_vec());
    }
    if protocol != "tcp" && protocol != "6" {
        return Some(Vec::new());
    }
    let from = int_value(rule.get("from_port")?)?;
    let to = int_value(rule.get("to_port")?)?;
    Some(
        ADMIN_PORTS
            .into_iter()
            .filter(|&(port, _)| from <= port && port <= to)
            .collect(),
    )
}

fn describe(ports: &[(i64, &str)]) -> String {
    let parts: Vec<String> = ports.iter().map(|(p, n)| format!("{p} ({n})")).collect();
    match parts.len() {
        1 => format!("port {}", parts[0]),
        _ => format!("ports {}", parts.join(" and ")),
    }
}

/// Report each world CIDR among the values of `keys` (lists or single strings).
fn report_world(
    module: &Module<'_>,
    ctx: &mut Ctx<'_>,
    rule: Fields<'_>,
    keys: &[&str],
    what: &str,
    ports: &[(i64, &str)],
) {
    if ports.is_empty() {
        return;
    }
    for key in keys {
        let Some(value) = rule.get(key) else {
            continue;
        };
        let items: Vec<&Expression> = match array(value) {
            Some(list) => list.iter().collect(),
            None => vec![value],
        };
        for item in items {
            let Some(cidr) = str_value(item) else {
                continue;
            };
            if WORLD.contains(&cidr.trim()) {
                ctx.report(
                    &RULE,
                    module.span(item),
                    format!("{what} allows {} from {} (the whole internet)", describe(ports), cidr.trim()),
                );
            }
        }
    }
}

fn check_aws_security_groups(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for (group, name) in module.resources("aws_security_group") {
        let what = format!("`aws_security_group.{name}` ingress");
        let mut rules: Vec<Fields<'_>> = group
            .body
            .get_blocks("ingress")
            .map(|b| Fields::Body(&b.body))
            .collect();
        if let Some(list) = attr(&group.body, "ingress").and_then(|a| array(&a.value)) {
            rules.extend(list.iter().map(Fields::Object));
        }
        for rule in rules {
            if let Some(ports) = aws_ports(rule, "protocol") {
                report_world(module, ctx, rule, &["cidr_blocks", "ipv6_cidr_blocks"], &what, &ports);
            }
        }
    }
    for (block, name) in module.resources("aws_security_group_rule") {
        let rule = Fields::Body(&block.body);
        if rule.str("type").as_deref() != Some("ingress") {
            continue;
        }
        if let Some(ports) = aws_ports(rule, "protocol") {
            let what = format!("`aws_security_group_rule.{name}`");
            report_world(module, ctx, rule, &["cidr_blocks", "ipv6_cidr_blocks"], &what, &ports);
        }
    }
    for (block, name) in module.resources("aws_vpc_security_group_ingress_rule") {
        let rule = Fields::Body(&block.body);
        if let Some(ports) = aws_ports(rule, "ip_protocol") {
            let what = format!("`aws_vpc_security_group_ingress_rule.{name}`");
            report_world(module, ctx, rule, &["cidr_ipv4", "cidr_ipv6"], &what, &ports);
        }
    }
}

/// Whether a GCP port spec (`"22"`, `"20-30"`) covers `port`; unknown specs do not.
fn gcp_port_covers(spec: &str, port: i64) -> bool {
    let spec = spec.trim();
    match spec.split_once('-') {
        Some((from, to)) => match (from.trim().parse::<i64>(), to.trim().parse::<i64>()) {
            (Ok(from), Ok(to)) => from <= port && port <= to,
            _ => false,
        },
        None => spec.parse::<i64>() == Ok(port),
    }
}

fn check_gcp_firewalls(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for (block, name) in module.resources("google_compute_firewall") {
        let rule = Fields::Body(&block.body);
        if rule.str("direction").is_some_and(|d| d != "ingress")
            || rule.get("disabled").and_then(bool_value) == Some(true)
        {
            continue;
        }
        let mut ports: Vec<(i64, &'static str)> = Vec::new();
        for allow in block.body.get_blocks("allow") {
            let allow = Fields::Body(&allow.body);
            let Some(protocol) = allow.str("protocol") else {
                continue;
            };
            if protocol != "tcp" && protocol != "all" && protocol != "6" {
                continue;
            }
            // No `ports` (or an empty list) means every port; a computed list is unknown.
            let covers = |port: i64| match allow.get("ports") {
                None => true,
                Some(value) => array(value).is_some_and(|items| {
                    items.is_empty()
                        || items
                            .iter()
                            .filter_map(str_value)
                            .any(|spec| gcp_port_covers(&spec, port))
                }),
            };
            for admin in ADMIN_PORTS {
                if covers(admin.0) && !ports.contains(&admin) {
                    ports.push(admin);
                }
            }
        }
        ports.sort_unstable();
        let what = format!("`google_compute_firewall.{name}`");
        report_world(module, ctx, rule, &["source_ranges"], &what, &ports);
    }
}

/// Report ingress rules that open SSH or RDP to the internet.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    check_aws_security_groups(module, ctx);
    check_gcp_firewalls(module, ctx);
}

#[cfg(test)]
mod tests {
    use super::gcp_port_covers;

    #[test]
    fn gcp_port_specs() {
        assert!(gcp_port_covers("22", 22));
        assert!(gcp_port_covers("20-30", 22));
        assert!(gcp_port_covers(" 3000-4000 ", 3389));
        assert!(!gcp_port_covers("80", 22));
        assert!(!gcp_port_covers("x-y", 22));
    }
}
