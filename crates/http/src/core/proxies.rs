//! Which client address a request came from: the TCP peer, or, only when that peer is a
//! proxy the operator trusts (`SCHOOLBRUG_TRUSTED_PROXIES`), the address it forwarded in
//! `X-Forwarded-For`. A header from anyone else is ignored: it could name any address
//! and so dodge, or aim, the per-address throttle.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// Addresses and networks (`10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`) of trusted
/// proxies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// One entry: a network, or a single address (a network of that address alone).
fn network(raw: &str) -> Result<IpNet, String> {
    let raw = raw.trim();
    raw.parse::<IpNet>()
        .or_else(|_| {
            raw.parse::<IpAddr>()
                .map(|address| IpNet::from(address.to_canonical()))
        })
        .map_err(|_| format!("{raw:?} is not an IP address or network"))
}

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and networks; blank means none.
    ///
    /// # Errors
    /// A message naming the entry that is no address or network.
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(network)
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    /// Whether `ip` is one of the trusted proxies.
    #[must_use]
    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The client's address: `peer` itself unless it is trusted; then, walking
    /// `X-Forwarded-For` from the right (the hop nearest to us), the first address that
    /// is not a trusted proxy. An entry that is no address ends the walk at the last
    /// trusted hop, which is then the best we know.
    #[must_use]
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for hop in forwarded.iter().rev() {
            let Ok(hop) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = hop.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn addresses_and_networks_are_parsed_and_matched() {
        let trusted = TrustedProxies::parse(" 10.0.0.0/8, 192.0.2.1 ,fd00::/8").unwrap();
        assert!(trusted.trusts(ip("10.20.30.40")));
        assert!(trusted.trusts(ip("192.0.2.1")));
        assert!(!trusted.trusts(ip("192.0.2.2")));
        assert!(trusted.trusts(ip("fd12::1")));
        assert!(trusted.trusts(ip("::ffff:10.1.1.1")));
        assert!(!trusted.trusts(ip("2001:db8::1")));
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.example").is_err());
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .unwrap()
                .trusts(ip("203.0.113.5"))
        );
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = TrustedProxies::parse("10.0.0.1").unwrap();
        let headers = forwarded("203.0.113.9");
        assert_eq!(
            trusted.client_of(ip("198.51.100.7"), &headers),
            ip("198.51.100.7")
        );
        let none = TrustedProxies::default();
        assert_eq!(none.client_of(ip("10.0.0.1"), &headers), ip("10.0.0.1"));
    }

    #[test]
    fn a_trusted_peer_hands_on_the_right_most_untrusted_address() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client could have written the left-most entry itself.
        let headers = forwarded("1.2.3.4, 203.0.113.9, 10.0.0.2");
        assert_eq!(
            trusted.client_of(ip("10.0.0.1"), &headers),
            ip("203.0.113.9")
        );
        assert_eq!(
            trusted.client_of(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        assert_eq!(
            trusted.client_of(ip("10.0.0.1"), &forwarded("rubbish, 10.0.0.3")),
            ip("10.0.0.3")
        );
    }
}
