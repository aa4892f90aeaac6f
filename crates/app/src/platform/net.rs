//! Addresses and ranges: CIDR blocks for IPv4 and IPv6, the key an address is counted
//! under (IPv6 by its /64, since one subscriber gets a whole /64), and the client address
//! of a request behind trusted proxies.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// An address range: `203.0.113.0/24`, `2001:db8::/32`, or one address (`/32`, `/128`).
/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are treated as the IPv4 address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr {
    /// The network address, host bits cleared.
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    /// The range of exactly one address.
    pub fn host(ip: IpAddr) -> Cidr {
        let ip = canonical(ip);
        Cidr {
            addr: ip,
            prefix: max_prefix(ip),
        }
    }

    /// `ip`'s network of the given prefix length (clamped to the family's width).
    pub fn network(ip: IpAddr, prefix: u8) -> Cidr {
        let ip = canonical(ip);
        let prefix = prefix.min(max_prefix(ip));
        Cidr {
            addr: mask(ip, prefix),
            prefix,
        }
    }

    /// Whether `ip` lies inside this range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        ip.is_ipv4() == self.addr.is_ipv4() && mask(ip, self.prefix) == self.addr
    }

    /// Whether this range covers exactly one address.
    pub fn is_host(&self) -> bool {
        self.prefix == max_prefix(self.addr)
    }

    /// The range an abuser typically controls around one address: its /24 (IPv4) or
    /// /64 (IPv6). Used to suggest rolling single blocks up into one.
    pub fn neighbourhood(ip: IpAddr) -> Cidr {
        let ip = canonical(ip);
        Cidr::network(ip, if ip.is_ipv4() { 24 } else { 64 })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_host() {
            write!(f, "{}", self.addr)
        } else {
            write!(f, "{}/{}", self.addr, self.prefix)
        }
    }
}

/// Why a range did not parse.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    #[error("not an IP address")]
    Address,
    #[error("the prefix length is not a number for this address family")]
    Prefix,
    #[error("the address has bits set beyond the prefix (did you mean {0}?)")]
    HostBits(String),
}

impl FromStr for Cidr {
    type Err = CidrError;
    /// Parses `a.b.c.d`, `a.b.c.d/n`, `v6`, `v6/n`. Host bits beyond the prefix are an
    /// error naming the range the writer probably meant, rather than a silent widening.
    fn from_str(s: &str) -> Result<Self, CidrError> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let ip = canonical(IpAddr::from_str(addr.trim()).map_err(|_| CidrError::Address)?);
        let max = max_prefix(ip);
        let prefix = match prefix {
            None => max,
            Some(p) => {
                let n: u8 = p.trim().parse().map_err(|_| CidrError::Prefix)?;
                // A mapped IPv6 prefix (::ffff:0:0/104) counts the 96 leading bits.
                let n = if addr.contains(':') && ip.is_ipv4() {
                    n.checked_sub(96).ok_or(CidrError::Prefix)?
                } else {
                    n
                };
                if n > max {
                    return Err(CidrError::Prefix);
                }
                n
            }
        };
        let net = mask(ip, prefix);
        if net != ip {
            return Err(CidrError::HostBits(Cidr { addr: net, prefix }.to_string()));
        }
        Ok(Cidr { addr: net, prefix })
    }
}

/// IPv4-mapped IPv6 addresses become IPv4, so one address has one spelling.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

fn max_prefix(ip: IpAddr) -> u8 {
    if ip.is_ipv4() { 32 } else { 128 }
}

fn mask(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let m = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - prefix as u32)
            };
            IpAddr::V4(Ipv4Addr::from(bits & m))
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let m = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - prefix as u32)
            };
            IpAddr::V6(Ipv6Addr::from(bits & m))
        }
    }
}

/// The key an address is counted under for rate limits: the address itself for IPv4,
/// its /64 for IPv6 (a subscriber can use any of 2^64 addresses).
pub fn rate_key(ip: IpAddr) -> String {
    let ip = canonical(ip);
    match ip {
        IpAddr::V4(_) => ip.to_string(),
        IpAddr::V6(_) => Cidr::network(ip, 64).to_string(),
    }
}

/// The address of the client: the socket's peer, or, when the peer is one of our
/// trusted proxies, the right-most address in `X-Forwarded-For` that is not itself a
/// trusted proxy. A forged header from anyone else is ignored.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[Cidr]) -> IpAddr {
    let peer = canonical(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut client = peer;
    for hop in header.rsplit(',') {
        match IpAddr::from_str(hop.trim()) {
            Ok(ip) => {
                client = canonical(ip);
                if !is_trusted(client) {
                    break;
                }
            }
            // Garbage in the chain: stop at the last address we could trust.
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_both_families_and_rejects_sloppy_ranges() {
        let c: Cidr = "203.0.113.0/24".parse().unwrap();
        assert!(c.contains(ip("203.0.113.77")));
        assert!(!c.contains(ip("203.0.114.1")));
        assert!(!c.contains(ip("2001:db8::1")));
        let v6: Cidr = "2001:db8:abcd::/48".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:abcd:12::9")));
        assert!(!v6.contains(ip("2001:db8:abce::1")));
        assert_eq!(
            "203.0.113.9/24".parse::<Cidr>(),
            Err(CidrError::HostBits("203.0.113.0/24".into()))
        );
        assert_eq!("1.2.3.4/33".parse::<Cidr>(), Err(CidrError::Prefix));
        assert_eq!("nonsense".parse::<Cidr>(), Err(CidrError::Address));
        assert_eq!(
            "0.0.0.0/0".parse::<Cidr>().unwrap().to_string(),
            "0.0.0.0/0"
        );
    }

    #[test]
    fn one_address_has_one_spelling() {
        let mapped: Cidr = "::ffff:198.51.100.4".parse().unwrap();
        assert_eq!(mapped.to_string(), "198.51.100.4");
        assert!(mapped.contains(ip("198.51.100.4")));
        assert_eq!(
            "2001:DB8:0:0::1".parse::<Cidr>().unwrap().to_string(),
            "2001:db8::1"
        );
    }

    #[test]
    fn ipv6_is_counted_by_its_64() {
        assert_eq!(rate_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(
            rate_key(ip("2001:db8:1:2:ffff::9")),
            rate_key(ip("2001:db8:1:2::1"))
        );
        assert_eq!(rate_key(ip("192.0.2.7")), "192.0.2.7");
        assert_eq!(
            Cidr::neighbourhood(ip("192.0.2.7")).to_string(),
            "192.0.2.0/24"
        );
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted = vec!["10.0.0.0/8".parse().unwrap()];
        // From a trusted proxy: the right-most untrusted hop, not the spoofable left one.
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                Some("6.6.6.6, 198.51.100.9, 10.0.0.7"),
                &trusted
            ),
            ip("198.51.100.9")
        );
        // From anyone else: the socket address, whatever the header says.
        assert_eq!(
            client_ip(ip("198.51.100.1"), Some("1.1.1.1"), &trusted),
            ip("198.51.100.1")
        );
        // No header, or garbage: the proxy itself.
        assert_eq!(client_ip(ip("10.0.0.2"), None, &trusted), ip("10.0.0.2"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), Some("junk"), &trusted),
            ip("10.0.0.2")
        );
    }
}
