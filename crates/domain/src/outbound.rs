//! Which addresses the server may call out to (robot webhooks). A URL a user saves must not turn
//! the server into a way into the zone's own network: loopback, private, link-local, CGNAT,
//! multicast and reserved addresses are refused, in every spelling the HTTP client accepts
//! (`http://2130706433/`, `http://0x7f.1/`, `http://[::ffff:127.0.0.1]/` …), unless the
//! installation lists the host as an allowed intranet target.
//!
//! Two checks use these rules: when a URL is saved (the host as written) and when a message is
//! delivered (every address the name resolves to, and the connection goes to a checked address).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

/// Why a URL or an address is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OutboundError {
    #[error("not a URL")]
    Malformed,
    #[error("only http and https")]
    Scheme,
    #[error("the URL has no host")]
    NoHost,
    #[error("user name or password in the URL")]
    Credentials,
    /// The address (or the host that names it) is in a range the server must not call.
    #[error("{0} is a {1} address")]
    Internal(IpAddr, &'static str),
    /// `localhost` and its subdomains name the server itself whatever DNS says.
    #[error("{0} names this machine")]
    LocalName(String),
}

/// The installation's list of intranet targets that are allowed anyway: host names (matched
/// case-insensitively as written in the URL), IP addresses, or networks `a.b.c.d/len`.
#[derive(Clone, Debug, Default)]
pub struct AllowList {
    names: Vec<String>,
    nets: Vec<(IpAddr, u8)>,
    /// Whole URLs (scheme, host, port and path; the query may differ) allowed wherever they
    /// point: the demo's own robot receiver inside the server, and nothing else.
    endpoints: Vec<Url>,
}

impl AllowList {
    pub fn new<S: AsRef<str>>(entries: impl IntoIterator<Item = S>) -> AllowList {
        let mut list = AllowList::default();
        for e in entries {
            let e = e.as_ref().trim().trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
            if e.is_empty() {
                continue;
            }
            let (addr, len) = match e.split_once('/') {
                Some((a, l)) => (a.trim_end_matches(']'), l.parse::<u8>().ok()),
                None => (e.as_str(), None),
            };
            match addr.parse::<IpAddr>() {
                Ok(ip) => {
                    let max = if ip.is_ipv4() { 32 } else { 128 };
                    list.nets.push((canonical(ip), len.unwrap_or(max).min(max)));
                }
                Err(_) => list.names.push(e.trim_end_matches('.').to_owned()),
            }
        }
        list
    }

    /// Allows exactly `url` (its scheme, host, port and path): the address of a receiver the
    /// server itself serves, never a host or a network. An unparsable URL allows nothing.
    pub fn with_endpoint(mut self, url: &str) -> AllowList {
        if let Ok(u) = Url::parse(url.trim()) {
            self.endpoints.push(u);
        }
        self
    }

    /// `url` is one of the allowed endpoints (the query aside: a signed robot adds one).
    pub fn allows_endpoint(&self, url: &Url) -> bool {
        self.endpoints.iter().any(|e| {
            e.scheme() == url.scheme()
                && e.host() == url.host()
                && e.port_or_known_default() == url.port_or_known_default()
                && e.path() == url.path()
        })
    }

    pub fn allows_name(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.names.contains(&host)
    }

    pub fn allows_ip(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|(net, len)| in_net(ip, *net, *len))
    }
}

/// IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is the IPv4 address it carries.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn in_net(ip: IpAddr, net: IpAddr, len: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - u32::from(len)) };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if len == 0 { 0 } else { u128::MAX << (128 - u32::from(len)) };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

fn v4_range(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    let kind = match (a, b) {
        (0, _) => "unspecified (0.0.0.0/8)",
        (127, _) => "loopback",
        (10, _) => "private",
        (172, 16..=31) => "private",
        (192, 168) => "private",
        (100, 64..=127) => "shared (CGNAT)",
        (169, 254) => "link-local",
        (192, 0) if ip.octets()[2] == 0 => "IETF protocol assignments",
        (224..=239, _) => "multicast",
        (240..=255, _) => "reserved or broadcast",
        _ => return None,
    };
    Some(kind)
}

fn v6_range(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    // IPv4 carried inside IPv6: mapped ::ffff:0:0/96, the old compatible ::/96, NAT64
    // 64:ff9b::/96 and 6to4 2002::/16 all reach the IPv4 address they embed.
    let low32 = (seg[..5] == [0; 5] && (seg[5] == 0xffff || seg[5] == 0)) || seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    let embedded = if low32 {
        Some(Ipv4Addr::new((seg[6] >> 8) as u8, seg[6] as u8, (seg[7] >> 8) as u8, seg[7] as u8))
    } else if seg[0] == 0x2002 {
        Some(Ipv4Addr::new((seg[1] >> 8) as u8, seg[1] as u8, (seg[2] >> 8) as u8, seg[2] as u8))
    } else {
        None
    };
    if let Some(v4) = embedded {
        return v4_range(v4);
    }
    match seg[0] {
        s if s & 0xfe00 == 0xfc00 => Some("unique local (fc00::/7)"),
        s if s & 0xffc0 == 0xfe80 => Some("link-local (fe80::/10)"),
        s if s & 0xffc0 == 0xfec0 => Some("site-local (fec0::/10)"),
        s if s & 0xff00 == 0xff00 => Some("multicast"),
        _ => None,
    }
}

/// The range an address belongs to when the server must not call it, or `None` for a public one.
pub fn internal_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_range(v4),
        IpAddr::V6(v6) => v6_range(v6),
    }
}

/// An address the delivery may connect to: public, or listed.
pub fn check_ip(ip: IpAddr, allow: &AllowList) -> Result<(), OutboundError> {
    match internal_range(ip) {
        Some(kind) if !allow.allows_ip(ip) => Err(OutboundError::Internal(canonical(ip), kind)),
        _ => Ok(()),
    }
}

/// What a checked URL points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An IP literal (already checked).
    Ip(IpAddr),
    /// A host name listed as allowed: any address it resolves to may be called.
    AllowedName(String),
    /// A host name whose addresses must each be checked after resolution.
    Name(String),
}

/// Checks a URL as saved: http(s), no credentials, and a host that is not internal as written.
/// The URL is parsed the way the HTTP client parses it, so every IPv4 spelling (decimal, octal,
/// hex, shortened) is seen as the address it is.
pub fn check_url(raw: &str, allow: &AllowList) -> Result<Target, OutboundError> {
    let url = Url::parse(raw.trim()).map_err(|_| OutboundError::Malformed)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(OutboundError::Scheme);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(OutboundError::Credentials);
    }
    if allow.allows_endpoint(&url) {
        return match url.host() {
            Some(Host::Ipv4(v4)) => Ok(Target::Ip(IpAddr::V4(v4))),
            Some(Host::Ipv6(v6)) => Ok(Target::Ip(IpAddr::V6(v6))),
            Some(Host::Domain(name)) => Ok(Target::AllowedName(name.to_ascii_lowercase())),
            None => Err(OutboundError::NoHost),
        };
    }
    match url.host() {
        None => Err(OutboundError::NoHost),
        Some(Host::Ipv4(v4)) => check_ip(IpAddr::V4(v4), allow).map(|_| Target::Ip(IpAddr::V4(v4))),
        Some(Host::Ipv6(v6)) => check_ip(IpAddr::V6(v6), allow).map(|_| Target::Ip(IpAddr::V6(v6))),
        Some(Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            if allow.allows_name(&name) {
                Ok(Target::AllowedName(name))
            } else if name == "localhost" || name.ends_with(".localhost") {
                Err(OutboundError::LocalName(name))
            } else {
                Ok(Target::Name(name))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_allowed_endpoint_is_that_url_only() {
        let demo = AllowList::default().with_endpoint("http://127.0.0.1:8080/api/v1/demo/robot-inbox/abc");
        for ok in [
            "http://127.0.0.1:8080/api/v1/demo/robot-inbox/abc",
            "http://127.0.0.1:8080/api/v1/demo/robot-inbox/abc?timestamp=1&sign=x",
            "http://2130706433:8080/api/v1/demo/robot-inbox/abc",
        ] {
            assert_eq!(check_url(ok, &demo), Ok(Target::Ip("127.0.0.1".parse().unwrap())), "{ok}");
        }
        for refused in [
            "http://127.0.0.1:8080/api/v1/demo/robot-inbox/abd",
            "http://127.0.0.1:8080/api/v1/demo/robot-inbox/abc/../../../auth/login",
            "http://127.0.0.1:8080/api/v1/demo/robot-inbox/abc/x",
            "http://127.0.0.1:5432/api/v1/demo/robot-inbox/abc",
            "https://127.0.0.1:8080/api/v1/demo/robot-inbox/abc",
            "http://127.0.0.2:8080/api/v1/demo/robot-inbox/abc",
            "http://127.0.0.1/",
        ] {
            assert!(matches!(check_url(refused, &demo), Err(OutboundError::Internal(..))), "{refused}");
        }
        // Nothing else widens: the address is still refused on delivery by IP.
        assert!(check_ip("127.0.0.1".parse().unwrap(), &demo).is_err());
    }

    #[test]
    fn internal_addresses_in_every_spelling_are_refused() {
        let none = AllowList::default();
        let refused = [
            "http://127.0.0.1/x",
            "http://127.8.9.10:8080/",
            "http://localhost/",
            "http://api.localhost/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://172.31.255.255/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://100.127.255.254/",
            "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0/",
            "http://0/",
            "http://224.0.0.1/",
            "http://239.255.255.250/",
            "http://255.255.255.255/",
            "http://[::1]/",
            "http://[::]/",
            "http://[fc00::1]/",
            "http://[fd12:3456::1]/",
            "http://[fe80::1]/",
            "http://[ff02::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://[64:ff9b::a00:1]/",
            "http://[2002:c0a8:101::1]/",
            // decimal, octal, hex and shortened IPv4
            "http://2130706433/",
            "http://017700000001/",
            "http://0x7f000001/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://0xa.1/",
            "http://3232235777/",
            "https://0xA9FEA9FE/",
        ];
        for url in refused {
            let r = check_url(url, &none);
            assert!(
                matches!(r, Err(OutboundError::Internal(..) | OutboundError::LocalName(_))),
                "{url} should be refused, got {r:?}"
            );
        }
    }

    #[test]
    fn public_addresses_and_names_pass_the_save_check() {
        let none = AllowList::default();
        for url in [
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            "https://oapi.dingtalk.com/robot/send?access_token=t",
            "http://8.8.8.8/",
            "http://172.32.0.1/",
            "http://100.128.0.1/",
            "http://[2001:4860:4860::8888]/",
            "http://192.169.0.1/",
        ] {
            assert!(check_url(url, &none).is_ok(), "{url}");
        }
    }

    #[test]
    fn only_http_and_https_without_credentials() {
        let none = AllowList::default();
        assert_eq!(check_url("ftp://8.8.8.8/", &none), Err(OutboundError::Scheme));
        assert_eq!(check_url("file:///etc/passwd", &none), Err(OutboundError::Scheme));
        assert_eq!(check_url("gopher://8.8.8.8/", &none), Err(OutboundError::Scheme));
        assert_eq!(check_url("not a url", &none), Err(OutboundError::Malformed));
        assert_eq!(check_url("http://u:p@8.8.8.8/", &none), Err(OutboundError::Credentials));
    }

    #[test]
    fn listed_intranet_hosts_are_allowed() {
        let allow = AllowList::new(["10.1.2.3", "Robot.Gov.Internal", "192.168.8.0/24", "[fd00::5]"]);
        assert_eq!(check_url("http://10.1.2.3:8080/hook", &allow), Ok(Target::Ip("10.1.2.3".parse().unwrap())));
        // The same address in another spelling is the same address.
        assert!(check_url("http://167838211/hook", &allow).is_ok());
        assert!(check_url("http://[::ffff:10.1.2.3]/hook", &allow).is_ok());
        assert!(check_url("http://10.1.2.4/hook", &allow).is_err());
        assert!(check_url("http://192.168.8.77/", &allow).is_ok());
        assert!(check_url("http://192.168.9.1/", &allow).is_err());
        assert!(check_url("http://[fd00::5]/", &allow).is_ok());
        assert_eq!(
            check_url("https://robot.gov.internal/send", &allow),
            Ok(Target::AllowedName("robot.gov.internal".into()))
        );
        // A name is checked at delivery, address by address.
        assert_eq!(check_url("https://other.gov.internal/", &allow), Ok(Target::Name("other.gov.internal".into())));
        assert!(check_ip("127.0.0.1".parse().unwrap(), &allow).is_err());
        assert!(check_ip("10.1.2.3".parse().unwrap(), &allow).is_ok());
    }
}
