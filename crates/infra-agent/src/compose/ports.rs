//! Published ports: the short syntax `[HOST_IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/PROTO]`
//! (IPv6 host addresses in brackets), the long syntax, and `expose` entries.

use std::net::IpAddr;

use super::text::has_interpolation;
use crate::yaml::Node;

/// An inclusive range of ports; a single port is a range of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PortRange {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl PortRange {
    fn len(self) -> u32 {
        self.end - self.start + 1
    }

    /// Whether two ranges share a port.
    pub(crate) fn overlaps(self, other: PortRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// One port mapping, as compose reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PortMapping {
    /// The host address it binds, when given (`127.0.0.1`, `::1`).
    pub(crate) host_ip: Option<String>,
    /// The host port(s), when published on fixed ones (none: an ephemeral port).
    pub(crate) host: Option<PortRange>,
    /// The container port(s).
    pub(crate) container: PortRange,
    /// `tcp`, `udp` or `sctp`.
    pub(crate) protocol: String,
}

impl PortMapping {
    /// Whether the host ports are fixed: a single host port, or a host range mapped one to
    /// one onto a container range. `8000-8010:80` lets Docker pick one and is not fixed.
    pub(crate) fn fixed_host(&self) -> Option<PortRange> {
        let host = self.host?;
        (host.len() == 1 || host.len() == self.container.len()).then_some(host)
    }

    /// The host address with the "all interfaces" spellings folded into `None`.
    pub(crate) fn bound_address(&self) -> Option<&str> {
        match self.host_ip.as_deref() {
            None | Some("" | "0.0.0.0" | "::" | "[::]") => None,
            Some(ip) => Some(ip),
        }
    }
}

/// What reading a port gave: a mapping, an interpolated value that cannot be judged, or
/// what is wrong with it.
pub(crate) type Parsed = Result<Option<PortMapping>, String>;

/// Read a short-syntax port (a string or an integer).
pub(crate) fn parse_short(text: &str) -> Parsed {
    if has_interpolation(text) {
        return Ok(None);
    }
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty port".to_string());
    }
    let (spec, protocol) = match text.rsplit_once('/') {
        Some((spec, proto)) => (spec, check_protocol(proto)?),
        None => (text, "tcp".to_string()),
    };
    let (host_ip, rest) = split_host_ip(spec)?;
    let parts: Vec<&str> = rest.split(':').collect();
    let (host, container) = match parts.as_slice() {
        [container] if host_ip.is_none() => (None, *container),
        [host, container] => (Some(*host), *container),
        _ => {
            return Err(format!(
                "`{text}` is not a port: use `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`"
            ));
        }
    };
    if container.is_empty() {
        return Err(format!("`{text}` has no container port"));
    }
    let container = parse_range(container, "container")?;
    let host = match host {
        None | Some("") => None,
        Some(h) => Some(parse_range(h, "host")?),
    };
    if let Some(h) = host
        && container.len() > 1
        && h.len() != container.len()
    {
        return Err(format!(
            "`{text}` maps {} host ports onto {} container ports: the ranges must have the same size",
            h.len(),
            container.len()
        ));
    }
    Ok(Some(PortMapping {
        host_ip,
        host,
        container,
        protocol,
    }))
}

/// Read a long-syntax port mapping (`target`, `published`, `host_ip`, `protocol`).
pub(crate) fn parse_long(node: &Node) -> Parsed {
    let field = |key: &str| node.get(key).and_then(Node::as_str);
    let values = [field("target"), field("published"), field("host_ip")];
    if values.iter().flatten().any(|v| has_interpolation(v)) {
        return Ok(None);
    }
    let Some(target) = field("target") else {
        return Err("a long-syntax port needs a `target` (the container port)".to_string());
    };
    let container = parse_range(target, "target")?;
    if container.len() > 1 {
        return Err(format!("`target: {target}` must be a single port"));
    }
    let host = match field("published") {
        None | Some("") => None,
        Some(p) => Some(parse_range(p, "published")?),
    };
    let host_ip = match field("host_ip") {
        None => None,
        Some(ip) => Some(check_ip(ip)?),
    };
    let protocol = match field("protocol") {
        None => "tcp".to_string(),
        // `protocol` values are checked by the schema (invalid-value).
        Some(p) => p.to_ascii_lowercase(),
    };
    Ok(Some(PortMapping {
        host_ip,
        host,
        container,
        protocol,
    }))
}

/// Check an `expose` entry: `PORT[-PORT][/PROTO]`.
pub(crate) fn check_expose(text: &str) -> Result<(), String> {
    if has_interpolation(text) {
        return Ok(());
    }
    let (spec, proto) = match text.trim().rsplit_once('/') {
        Some((spec, proto)) => (spec, Some(proto)),
        None => (text.trim(), None),
    };
    if let Some(proto) = proto {
        check_protocol(proto)?;
    }
    if spec.contains(':') {
        return Err(format!(
            "`{text}`: `expose` takes container ports only; publish host ports with `ports`"
        ));
    }
    parse_range(spec, "exposed").map(|_| ())
}

fn check_protocol(proto: &str) -> Result<String, String> {
    let lower = proto.to_ascii_lowercase();
    match lower.as_str() {
        "tcp" | "udp" | "sctp" => Ok(lower),
        _ => Err(format!(
            "`{proto}` is not a protocol: use `tcp`, `udp` or `sctp`"
        )),
    }
}

/// Split `IP:rest`, `[IPv6]:rest` or a bare IPv6 address with two ports after it.
fn split_host_ip(spec: &str) -> Result<(Option<String>, &str), String> {
    if let Some(after) = spec.strip_prefix('[') {
        let Some((ip, rest)) = after.split_once(']') else {
            return Err(format!("`{spec}`: unclosed `[` around the host address"));
        };
        let Some(rest) = rest.strip_prefix(':') else {
            return Err(format!("`{spec}`: expected `:` after the host address"));
        };
        return Ok((Some(check_ip(ip)?), rest));
    }
    let colons = spec.matches(':').count();
    if colons < 2 {
        return Ok((None, spec));
    }
    // `IP:HOST:CONTAINER`; more colons than that is an unbracketed IPv6 address.
    let mut cut = spec.len();
    for _ in 0..2 {
        cut = spec[..cut].rfind(':').unwrap_or(0);
    }
    let (ip, rest) = spec.split_at(cut);
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    Ok((Some(check_ip(ip)?), rest))
}

fn check_ip(ip: &str) -> Result<String, String> {
    let bare = ip.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>()
        .map(|_| bare.to_string())
        .map_err(|_| format!("`{ip}` is not an IP address (host names are not allowed here)"))
}

fn parse_range(text: &str, what: &str) -> Result<PortRange, String> {
    let (start, end) = match text.split_once('-') {
        Some((a, b)) => (parse_port(a, what)?, parse_port(b, what)?),
        None => {
            let port = parse_port(text, what)?;
            (port, port)
        }
    };
    if start > end {
        return Err(format!("the {what} port range `{text}` runs backwards"));
    }
    Ok(PortRange { start, end })
}

fn parse_port(text: &str, what: &str) -> Result<u32, String> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {what} port `{text}` is not a number"));
    }
    match digits.parse::<u32>() {
        Ok(port @ 1..=65535) => Ok(port),
        _ => Err(format!(
            "the {what} port `{text}` is out of range: ports go from 1 to 65535"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> PortMapping {
        parse_short(text).unwrap().unwrap()
    }

    #[test]
    fn short_syntax() {
        let p = ok("8080:80");
        assert_eq!(
            p.host,
            Some(PortRange {
                start: 8080,
                end: 8080
            })
        );
        assert_eq!(p.container, PortRange { start: 80, end: 80 });
        assert_eq!(p.protocol, "tcp");
        let p = ok("127.0.0.1:5432:5432");
        assert_eq!(p.host_ip.as_deref(), Some("127.0.0.1"));
        let p = ok("[::1]:53:53/udp");
        assert_eq!(
            (p.host_ip.as_deref(), p.protocol.as_str()),
            (Some("::1"), "udp")
        );
        let p = ok("127.0.0.1::80");
        assert_eq!(p.host, None);
        let p = ok("3000");
        assert_eq!((p.host, p.container.start), (None, 3000));
        let p = ok("9090-9091:8080-8081");
        assert_eq!(
            p.fixed_host(),
            Some(PortRange {
                start: 9090,
                end: 9091
            })
        );
        assert_eq!(ok("8000-8010:80").fixed_host(), None);
        assert!(parse_short("${PORT:-80}:80").unwrap().is_none());
    }

    #[test]
    fn short_syntax_errors() {
        for bad in [
            "80:80:80:80x",
            "70000:80",
            "0:80",
            "80:",
            "abc",
            "localhost:80:80",
            "80/http",
            "8000-8001:80-82",
            "90-80:80",
            "[::1:80:80",
            "",
        ] {
            assert!(parse_short(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn expose() {
        assert!(check_expose("3000").is_ok());
        assert!(check_expose("8000-8010/udp").is_ok());
        assert!(check_expose("80:80").is_err());
        assert!(check_expose("99999").is_err());
    }
}
