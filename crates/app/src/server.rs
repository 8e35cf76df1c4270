//! The HTTP/1.1 accept loop of `serve`: at most [`Limits::max_connections`] open
//! connections (more wait in the operating system's listen queue), a deadline for a
//! request's headers and for a new connection's first byte (a client that sends half a
//! request is cut off, not kept forever: slowloris), the peer address handed to the router
//! as `ConnectInfo`, and on shutdown: stop accepting, let every connection finish its
//! request in flight.
//!
//! `axum::serve` offers none of these limits (it sets no timer, so hyper's header timeout
//! never fires), hence this loop over hyper's HTTP/1 connection builder (HTTP/1.1 only, as
//! `axum::serve` was with axum's default features; the TLS proxy in front speaks HTTP/2).

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

/// What one client may hold of the server.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Open connections at most.
    pub max_connections: usize,
    /// How long a client has to send a request's headers (and a new connection its
    /// first bytes).
    pub header_read_timeout: Duration,
}

/// How long to wait before accepting again after the listener failed (for instance out of
/// file descriptors), so that the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

/// Serves `router` on `listener` until `shutdown` resolves, then waits for the open
/// connections to finish their requests.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut shutdown = pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let builder = builder.clone();
        let router = router.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // A client that connects and sends nothing is cut off here, whatever hyper's
            // header timeout does before the first byte.
            match tokio::time::timeout(limits.header_read_timeout, first_byte(&stream)).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) | Err(_) => return,
            }
            let service = TowerToHyperService::new(router.map_request(
                move |mut request: axum::http::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                },
            ));
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            if let Err(e) = watcher.watch(connection).await {
                tracing::trace!(error = %e, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Waits until the client has sent a byte (or closed).
async fn first_byte(stream: &TcpStream) -> std::io::Result<()> {
    let mut seen = [0_u8; 1];
    stream.peek(&mut seen).await.map(|_| ())
}

async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind;
    // A connection that died between the queue and accept(): nothing to wait for.
    if matches!(
        e.kind(),
        ErrorKind::ConnectionAborted | ErrorKind::ConnectionRefused | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::warn!(error = %e, "accepting a connection failed; trying again in a second");
    tokio::time::sleep(ACCEPT_BACKOFF).await;
}
