//! A small but real SMTP server on loopback, run in-process by the tests (the SMTP
//! adapter's and the end-to-end ones): it speaks EHLO/HELO, STARTTLS, implicit TLS,
//! AUTH PLAIN, MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP and QUIT over TCP, keeps
//! every accepted message byte for byte, and can be scripted:
//!
//! - a reply (`451`, `550`, silence …) instead of the normal one at a chosen step
//!   ([`SmtpServer::script`]);
//! - a delay before every reply at a step ([`SmtpServer::delay`]), e.g. a slow answer to
//!   the end of the data, with [`SmtpServer::delaying`] telling how many sessions wait in
//!   one right now;
//! - down (the port closed and every open session cut) and up again on the same port
//!   ([`SmtpServer::down`], [`SmtpServer::up`]).
//!
//! The server runs on a runtime of its own (two threads), so it keeps answering while a
//! test blocks its own thread (starting or stopping the binary) and works from tests of
//! any flavour; it stops when dropped.

mod session;
mod tls;

pub use tls::TestCertificates;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::net::TcpListener;
use tokio::runtime::Runtime;
use tokio::sync::oneshot;
use tokio::task::AbortHandle;
use tokio_rustls::TlsAcceptor;

use session::serve;

/// Where in a session a scripted reply replaces the normal one, or a delay applies.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Step {
    /// The greeting (normally 220).
    Greeting,
    /// The reply to `MAIL FROM` (normally 250).
    Mail,
    /// The reply to `RCPT TO` (normally 250).
    Rcpt,
    /// The reply to `DATA` itself (normally 354).
    Data,
    /// The reply after the final `.` (normally 250). The message is kept as soon as its
    /// data is complete, before any delay: a client that goes away while it waits for
    /// this reply leaves a mail whose outcome it cannot know.
    EndOfData,
    /// The reply to `NOOP` (normally 250).
    Noop,
}

/// A scripted reply.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A full reply line without CRLF, e.g. `451 4.3.0 try again later`.
    Line(String),
    /// Never answer; read until the client goes away.
    Hang,
}

/// A scripted reply line.
#[must_use]
pub fn line(text: &str) -> Reply {
    Reply::Line(text.to_owned())
}

/// How the server protects its sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// No TLS.
    Plain,
    /// Offers STARTTLS and refuses AUTH and MAIL before it.
    StartTls,
    /// TLS from the first byte.
    Implicit,
    /// Offers STARTTLS but does not insist on it.
    StartTlsOptional,
}

/// One message the server accepted.
#[derive(Clone, Debug)]
pub struct Received {
    /// The `MAIL FROM` address.
    pub mail_from: String,
    /// The `RCPT TO` addresses.
    pub rcpt_to: Vec<String>,
    /// The data, dot-unstuffed, without the final `.` line.
    pub data: Vec<u8>,
    /// Whether the session was under TLS.
    pub tls: bool,
    /// The AUTH PLAIN user, when the client authenticated.
    pub authenticated_as: Option<String>,
    /// The number of the connection (1 for the first one).
    pub connection: usize,
}

impl Received {
    /// The data as text.
    ///
    /// # Panics
    /// When the data is not UTF-8 (the mailer sends 7-bit data).
    #[must_use]
    pub fn raw(&self) -> String {
        String::from_utf8(self.data.clone())
            .unwrap_or_else(|e| panic!("the mailer sends UTF-8 (7-bit) data: {e}"))
    }

    /// The header section: everything before the first empty line.
    #[must_use]
    pub fn head(&self) -> String {
        let raw = String::from_utf8_lossy(&self.data).into_owned();
        raw.split("\r\n\r\n").next().unwrap_or_default().to_owned()
    }

    /// The (unfolded) value of the first header called `name` (any case), trimmed.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.head().replace("\r\n ", " ").replace("\r\n\t", " ");
        head.split("\r\n").find_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }

    /// The `Message-ID` without its angle brackets.
    #[must_use]
    pub fn message_id(&self) -> Option<String> {
        self.header("Message-ID")
            .map(|v| v.trim_start_matches('<').trim_end_matches('>').to_owned())
    }
}

#[derive(Default)]
struct State {
    mails: Mutex<Vec<Received>>,
    connections: AtomicUsize,
    closed: AtomicUsize,
    open: AtomicUsize,
    delaying: AtomicUsize,
    script: Mutex<HashMap<Step, VecDeque<Reply>>>,
    delays: Mutex<HashMap<Step, Duration>>,
    commands: Mutex<Vec<String>>,
    sessions: Mutex<Vec<AbortHandle>>,
    silent: bool,
    security: Option<Security>,
    credentials: Option<(String, String)>,
    acceptor: Option<TlsAcceptor>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The accept loop while the server is up: a switch to stop it, and word when it has
/// closed its port.
struct Listening {
    stop: oneshot::Sender<()>,
    stopped: std::sync::mpsc::Receiver<()>,
}

/// A running server; stops when dropped.
pub struct SmtpServer {
    /// Where it listens (the same port after [`down`](Self::down) and [`up`](Self::up)).
    pub addr: SocketAddr,
    state: Arc<State>,
    runtime: Option<Runtime>,
    listening: Mutex<Option<Listening>>,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// How to start a server.
#[derive(Default)]
pub struct Options {
    /// Accept connections and never say a word.
    pub silent: bool,
    /// TLS, when any (needs `tls`).
    pub security: Option<Security>,
    /// Require AUTH PLAIN with this user and password.
    pub credentials: Option<(String, String)>,
    /// The certificates of TLS.
    pub tls: Option<TestCertificates>,
}

impl SmtpServer {
    /// A plain server that accepts everything.
    pub async fn start() -> Self {
        Self::start_with(Options::default()).await
    }

    /// A server that accepts the TCP connection and never says a word.
    pub async fn silent() -> Self {
        Self::start_with(Options {
            silent: true,
            ..Options::default()
        })
        .await
    }

    /// A server with `options`. (An `async fn` for the tests' convenience; it does not
    /// need the caller's runtime.)
    ///
    /// # Panics
    /// When no runtime or loopback port can be had.
    #[allow(clippy::unused_async)]
    pub async fn start_with(options: Options) -> Self {
        Self::start_blocking(options)
    }

    /// [`start_with`](Self::start_with) for code without a runtime.
    ///
    /// # Panics
    /// When no runtime or loopback port can be had.
    #[must_use]
    pub fn start_blocking(options: Options) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("test-smtp")
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("a runtime for the test SMTP server: {e}"));
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap_or_else(|e| panic!("a loopback port for the test SMTP server: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("the test SMTP server's address: {e}"));
        let acceptor = options.tls.map(|certs| certs.acceptor());
        let state = Arc::new(State {
            silent: options.silent,
            security: options.security,
            credentials: options.credentials,
            acceptor,
            ..State::default()
        });
        let server = Self {
            addr,
            state,
            runtime: Some(runtime),
            listening: Mutex::new(None),
        };
        server.listen(listener);
        server
    }

    fn runtime(&self) -> &Runtime {
        self.runtime
            .as_ref()
            .unwrap_or_else(|| panic!("the test SMTP server is stopped"))
    }

    fn listen(&self, listener: std::net::TcpListener) {
        listener
            .set_nonblocking(true)
            .unwrap_or_else(|e| panic!("a non-blocking listener: {e}"));
        let (stop, mut stop_rx) = oneshot::channel::<()>();
        let (stopped_tx, stopped) = std::sync::mpsc::channel();
        let state = Arc::clone(&self.state);
        let runtime = self.runtime().handle().clone();
        self.runtime().spawn(async move {
            let listener =
                TcpListener::from_std(listener).unwrap_or_else(|e| panic!("a tokio listener: {e}"));
            loop {
                tokio::select! {
                    _ = &mut stop_rx => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { break };
                        let number = state.connections.fetch_add(1, Ordering::SeqCst) + 1;
                        state.open.fetch_add(1, Ordering::SeqCst);
                        let session_state = Arc::clone(&state);
                        let task = runtime.spawn(async move {
                            let _guard = SessionGuard(Arc::clone(&session_state));
                            let _ = serve(Arc::clone(&session_state), stream, number).await;
                        });
                        let mut sessions = lock(&state.sessions);
                        sessions.retain(|s| !s.is_finished());
                        sessions.push(task.abort_handle());
                    }
                }
            }
            drop(listener);
            let _ = stopped_tx.send(());
        });
        *lock(&self.listening) = Some(Listening { stop, stopped });
    }

    /// Takes the server down: the port is closed (connections are refused) and every open
    /// session is cut. Returns when both are done.
    ///
    /// # Panics
    /// When the sessions do not end within 5 s.
    pub fn down(&self) {
        if let Some(listening) = lock(&self.listening).take() {
            let _ = listening.stop.send(());
            let _ = listening.stopped.recv_timeout(Duration::from_secs(5));
        }
        for session in lock(&self.state.sessions).drain(..) {
            session.abort();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.state.open.load(Ordering::SeqCst) > 0 {
            assert!(
                Instant::now() < deadline,
                "the test SMTP server's sessions did not end"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Brings the server up again on the same port (waiting up to 10 s for the port).
    ///
    /// # Panics
    /// When the port cannot be had again.
    pub fn up(&self) {
        if self.is_up() {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        let listener = loop {
            match std::net::TcpListener::bind(self.addr) {
                Ok(listener) => break listener,
                Err(e) => {
                    assert!(
                        Instant::now() < deadline,
                        "cannot listen on {} again: {e}",
                        self.addr
                    );
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
        };
        self.listen(listener);
    }

    /// Whether the port is open.
    #[must_use]
    pub fn is_up(&self) -> bool {
        lock(&self.listening).is_some()
    }

    /// `smtp://127.0.0.1:PORT` (add `?tls=…` or credentials by hand).
    #[must_use]
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.addr.port())
    }

    /// Queues scripted replies for a step, used one per occurrence, in order.
    pub fn script(&self, step: Step, replies: impl IntoIterator<Item = Reply>) {
        lock(&self.state.script)
            .entry(step)
            .or_default()
            .extend(replies);
    }

    /// Waits `by` before every reply at `step` from now on (`Duration::ZERO`: no more).
    pub fn delay(&self, step: Step, by: Duration) {
        let mut delays = lock(&self.state.delays);
        if by.is_zero() {
            delays.remove(&step);
        } else {
            delays.insert(step, by);
        }
    }

    /// How many sessions are waiting in a [`delay`](Self::delay) right now.
    #[must_use]
    pub fn delaying(&self) -> usize {
        self.state.delaying.load(Ordering::SeqCst)
    }

    /// Every message accepted so far, in order.
    #[must_use]
    pub fn mails(&self) -> Vec<Received> {
        lock(&self.state.mails).clone()
    }

    /// Every command line the server received (not the data), in order.
    #[must_use]
    pub fn commands(&self) -> Vec<String> {
        lock(&self.state.commands).clone()
    }

    /// How many connections it accepted.
    #[must_use]
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// Sessions that have ended (the client closed or quit, or the server cut them).
    #[must_use]
    pub fn closed(&self) -> usize {
        self.state.closed.load(Ordering::SeqCst)
    }

    /// Waits (briefly, polling) until `closed() >= n`; true when it got there.
    pub async fn wait_closed(&self, n: usize) -> bool {
        for _ in 0..200 {
            if self.closed() >= n {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        false
    }
}

/// Counts a session as ended however its task ends (finished or aborted).
struct SessionGuard(Arc<State>);

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.0.closed.fetch_add(1, Ordering::SeqCst);
        self.0.open.fetch_sub(1, Ordering::SeqCst);
    }
}
