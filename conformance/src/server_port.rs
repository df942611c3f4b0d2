//! Ports for cases' own servers (`server-port`).
//!
//! SRFI 106 cannot ask a socket its port, so the harness chooses the port
//! a case's server binds. A port the kernel hands out for port 0 comes
//! from its ephemeral range, the same range every connection's local port
//! comes from: with many cases at once, another case's client socket can
//! take the chosen port between the choice and the server's bind. So
//! ports are chosen outside the ephemeral range, where no connection can
//! take one, and a port is never handed to two running cases at once.
//! Nor is it handed out again in the same run while another is left: a
//! server that closed first leaves its port in TIME_WAIT for a minute,
//! and an implementation that does not set SO_REUSEADDR (allowed: that is
//! a ruling) could not bind it. A port counts as free only if it can be
//! bound without SO_REUSEADDR. (A process outside the run may still bind
//! one, if only for a moment: the caller runs the case again when its
//! server cannot bind the port.)

use std::collections::BTreeSet;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::sync::Mutex;

use socket2::{Domain, Protocol, Socket, Type};

/// The lowest port considered (below it, binding needs privileges).
const LOWEST: u16 = 1024;
/// Where the kernel's ephemeral range is read from.
const EPHEMERAL_RANGE: &str = "/proc/sys/net/ipv4/ip_local_port_range";
/// Linux's default ephemeral range, if it cannot be read.
const DEFAULT_EPHEMERAL: (u16, u16) = (32768, 60999);
/// How many candidates to try before giving up.
const ATTEMPTS: usize = 512;

static IN_USE: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
/// Ports handed out earlier in this run.
static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// A port claimed for one case's server; released when dropped.
#[derive(Debug)]
pub struct ServerPort(u16);

impl ServerPort {
    pub fn port(&self) -> u16 {
        self.0
    }
}

impl Drop for ServerPort {
    fn drop(&mut self) {
        in_use().remove(&self.0);
    }
}

fn in_use() -> std::sync::MutexGuard<'static, BTreeSet<u16>> {
    // Every update is one insert or remove: a poisoned set is consistent.
    IN_USE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The kernel's ephemeral port range.
fn ephemeral_range() -> (u16, u16) {
    std::fs::read_to_string(EPHEMERAL_RANGE)
        .ok()
        .and_then(|text| {
            let mut parts = text.split_whitespace().map(|p| p.parse::<u16>());
            match (parts.next(), parts.next()) {
                (Some(Ok(lo)), Some(Ok(hi))) if lo <= hi => Some((lo, hi)),
                _ => None,
            }
        })
        .unwrap_or(DEFAULT_EPHEMERAL)
}

/// The ranges of ports outside `ephemeral` (an inclusive range), from
/// LOWEST up.
fn outside(ephemeral: (u16, u16)) -> Vec<RangeInclusive<u16>> {
    let (lo, hi) = ephemeral;
    let mut ranges = Vec::new();
    if lo > LOWEST {
        ranges.push(LOWEST..=lo - 1);
    }
    if hi < u16::MAX {
        ranges.push(hi.max(LOWEST - 1) + 1..=u16::MAX);
    }
    ranges
}

/// Whether `port` can be bound now on every address by a server that does
/// not set SO_REUSEADDR (so no connection of it lingers in TIME_WAIT), over
/// IPv4 and, where the host has it, IPv6.
pub fn is_free(port: u16) -> bool {
    let bind = |domain: Domain, addr: SocketAddr| {
        Socket::new(domain, Type::STREAM, Some(Protocol::TCP)).and_then(|s| {
            if domain == Domain::IPV6 {
                s.set_only_v6(true)?;
            }
            s.bind(&addr.into())
        })
    };
    let v4 = bind(Domain::IPV4, SocketAddr::from(([0, 0, 0, 0], port))).is_ok();
    let v6 = match bind(Domain::IPV6, SocketAddr::from((std::net::Ipv6Addr::UNSPECIFIED, port))) {
        Ok(()) => true,
        // No IPv6 on this host: nothing can take the port there.
        Err(e) if e.raw_os_error() == Some(libc::EAFNOSUPPORT) || e.raw_os_error() == Some(libc::EADDRNOTAVAIL) => true,
        Err(_) => false,
    };
    v4 && v6
}

/// A port bound by the kernel for port 0 (in the ephemeral range): the
/// fallback where no port lies outside that range.
fn kernel_chosen() -> std::io::Result<u16> {
    let s = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    s.bind(&SocketAddr::from(([0, 0, 0, 0], 0)).into())?;
    Ok(s.local_addr()?.as_socket().map(|a| a.port()).unwrap_or(0))
}

/// A random starting point, different in every call.
fn random() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    h.finish()
}

/// Claims a free port outside the ephemeral range that no running case
/// holds, and that no case of this run had before while others are left.
pub fn claim() -> std::io::Result<ServerPort> {
    for fresh_only in [true, false] {
        if let Some(port) = candidate(fresh_only)? {
            handed_out().insert(port.0);
            return Ok(port);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        format!("no free port outside the ephemeral range after {ATTEMPTS} attempts"),
    ))
}

fn handed_out() -> std::sync::MutexGuard<'static, BTreeSet<u16>> {
    HANDED_OUT.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A free port not held now (and, if `fresh_only`, never handed out in
/// this run), or `None` after `ATTEMPTS` candidates.
fn candidate(fresh_only: bool) -> std::io::Result<Option<ServerPort>> {
    let ranges = outside(ephemeral_range());
    let total: u64 = ranges.iter().map(|r| (*r.end() - *r.start()) as u64 + 1).sum();
    if total == 0 {
        // The whole port space is ephemeral: take what the kernel gives.
        let port = kernel_chosen()?;
        in_use().insert(port);
        return Ok(Some(ServerPort(port)));
    }
    let start = random() % total;
    for i in 0..(ATTEMPTS as u64).min(total) {
        // A prime stride (coprime to the count unless it divides it)
        // visits distinct candidates, spread over the ranges.
        let mut k = (start + i * 7919) % total;
        let port = ranges
            .iter()
            .find_map(|r| {
                let len = (*r.end() - *r.start()) as u64 + 1;
                if k < len {
                    Some(*r.start() + k as u16)
                } else {
                    k -= len;
                    None
                }
            })
            .unwrap_or(LOWEST);
        if fresh_only && handed_out().contains(&port) {
            continue;
        }
        if !in_use().insert(port) {
            continue;
        }
        if is_free(port) {
            return Ok(Some(ServerPort(port)));
        }
        in_use().remove(&port);
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_leave_out_the_ephemeral_range() {
        assert_eq!(outside((32768, 60999)), vec![1024..=32767, 61000..=65535]);
        assert_eq!(outside((1024, 65535)), Vec::<RangeInclusive<u16>>::new());
        assert_eq!(outside((500, 60000)), vec![60001..=65535]);
        assert_eq!(outside((2000, 65535)), vec![1024..=1999]);
    }

    #[test]
    fn claimed_ports_are_distinct_bindable_and_outside_the_range() {
        let (lo, hi) = ephemeral_range();
        let claimed: Vec<ServerPort> = (0..50).map(|_| claim().expect("a port")).collect();
        let distinct: BTreeSet<u16> = claimed.iter().map(|p| p.port()).collect();
        assert_eq!(distinct.len(), 50);
        for p in &claimed {
            if !outside((lo, hi)).is_empty() {
                assert!(!(lo..=hi).contains(&p.port()), "{} is ephemeral", p.port());
            }
            assert!(p.port() >= LOWEST);
        }
        let first = claimed[0].port();
        drop(claimed);
        assert!(!in_use().contains(&first), "released when dropped");
        let again: Vec<ServerPort> = (0..50).map(|_| claim().expect("a port")).collect();
        assert!(again.iter().all(|p| !distinct.contains(&p.port())), "not handed out again in the same run");
    }

    #[test]
    fn a_port_in_time_wait_is_not_free() {
        // A server that closes its accepted connection first leaves it in
        // TIME_WAIT: binding the port without SO_REUSEADDR fails.
        let port = claim().expect("a port");
        let server = std::net::TcpListener::bind(("127.0.0.1", port.port())).expect("bind");
        let client = std::net::TcpStream::connect(("127.0.0.1", port.port())).expect("connect");
        let (accepted, _) = server.accept().expect("accept");
        drop(accepted);
        drop(server);
        let mut buf = [0u8; 1];
        let _ = std::io::Read::read(&mut &client, &mut buf);
        drop(client);
        assert!(!is_free(port.port()));
    }
}
