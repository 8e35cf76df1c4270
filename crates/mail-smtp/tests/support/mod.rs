//! A small but real SMTP server on loopback, run in-process by the tests: it speaks
//! EHLO/HELO, STARTTLS, implicit TLS, AUTH PLAIN, MAIL, RCPT, DATA (with dot-unstuffing),
//! RSET, NOOP and QUIT over TCP, keeps every accepted message byte for byte, and answers
//! scripted replies (`451`, `550`, silence …) at a chosen step.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// Where in a session a scripted reply replaces the normal one.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Step {
    Greeting,
    Mail,
    Rcpt,
    /// The reply to `DATA` itself (normally 354).
    Data,
    /// The reply after the final `.` (normally 250).
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

pub fn line(text: &str) -> Reply {
    Reply::Line(text.to_owned())
}

/// How the server protects its sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
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
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: Vec<u8>,
    pub tls: bool,
    pub authenticated_as: Option<String>,
    pub connection: usize,
}

impl Received {
    pub fn raw(&self) -> String {
        String::from_utf8(self.data.clone()).expect("the mailer sends UTF-8 (7-bit) data")
    }
}

#[derive(Default)]
struct State {
    mails: Mutex<Vec<Received>>,
    connections: AtomicUsize,
    closed: AtomicUsize,
    script: Mutex<HashMap<Step, VecDeque<Reply>>>,
    commands: Mutex<Vec<String>>,
    silent: bool,
    security: Option<Security>,
    credentials: Option<(String, String)>,
    acceptor: Option<TlsAcceptor>,
}

/// A running server; stops when dropped.
pub struct SmtpServer {
    pub addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How to start a server.
#[derive(Default)]
pub struct Options {
    pub silent: bool,
    pub security: Option<Security>,
    pub credentials: Option<(String, String)>,
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

    pub async fn start_with(options: Options) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let acceptor = options.tls.map(|certs| certs.acceptor());
        let state = Arc::new(State {
            silent: options.silent,
            security: options.security,
            credentials: options.credentials,
            acceptor,
            ..State::default()
        });
        let task = {
            let state = Arc::clone(&state);
            tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let number = state.connections.fetch_add(1, Ordering::SeqCst) + 1;
                    let state = Arc::clone(&state);
                    tokio::spawn(async move {
                        let _ = serve(Arc::clone(&state), stream, number).await;
                        state.closed.fetch_add(1, Ordering::SeqCst);
                    });
                }
            })
        };
        Self { addr, state, task }
    }

    /// `smtp://127.0.0.1:PORT` (add `?tls=…` or credentials by hand).
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.addr.port())
    }

    /// Queues scripted replies for a step, used one per occurrence, in order.
    pub fn script(&self, step: Step, replies: impl IntoIterator<Item = Reply>) {
        self.state
            .script
            .lock()
            .unwrap()
            .entry(step)
            .or_default()
            .extend(replies);
    }

    pub fn mails(&self) -> Vec<Received> {
        self.state.mails.lock().unwrap().clone()
    }

    /// Every command line the server received (not the data), in order.
    pub fn commands(&self) -> Vec<String> {
        self.state.commands.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// Sessions that have ended (the client closed or quit).
    pub fn closed(&self) -> usize {
        self.state.closed.load(Ordering::SeqCst)
    }

    /// Waits (briefly, polling) until `closed() >= n`; true when it got there.
    pub async fn wait_closed(&self, n: usize) -> bool {
        for _ in 0..200 {
            if self.closed() >= n {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        false
    }
}

/// A CA and a certificate for `127.0.0.1` and `localhost` signed by it.
#[derive(Clone)]
pub struct TestCertificates {
    pub ca_pem: String,
    leaf_der: Vec<u8>,
    key_der: Vec<u8>,
}

impl TestCertificates {
    pub fn generate() -> Self {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Schoolbrug test CA");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
        let leaf_key = rcgen::KeyPair::generate().unwrap();
        let leaf_params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                .unwrap();
        let leaf = leaf_params.signed_by(&leaf_key, &ca).unwrap();
        Self {
            ca_pem: ca.pem(),
            leaf_der: leaf.der().to_vec(),
            key_der: leaf_key.serialize_der(),
        }
    }

    fn acceptor(&self) -> TlsAcceptor {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(self.leaf_der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone())),
            )
            .unwrap();
        TlsAcceptor::from(Arc::new(config))
    }
}

async fn serve(state: Arc<State>, stream: TcpStream, number: usize) -> std::io::Result<()> {
    if state.silent {
        drain(BufReader::new(stream)).await;
        return Ok(());
    }
    match state.security {
        Some(Security::Implicit) => {
            let acceptor = state
                .acceptor
                .clone()
                .expect("implicit TLS needs certificates");
            let tls = acceptor.accept(stream).await?;
            session(&state, BufReader::new(tls), number, true, true).await?;
        }
        _ => {
            if let Some(plain) =
                session(&state, BufReader::new(stream), number, false, true).await?
            {
                let acceptor = state.acceptor.clone().expect("STARTTLS needs certificates");
                let tls = acceptor.accept(plain).await?;
                session(&state, BufReader::new(tls), number, true, false).await?;
            }
        }
    }
    Ok(())
}

/// One SMTP session over `reader`. Returns the stream when the client asked for STARTTLS.
async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    state: &State,
    mut reader: BufReader<S>,
    number: usize,
    tls: bool,
    greet: bool,
) -> std::io::Result<Option<S>> {
    if greet {
        match scripted(state, Step::Greeting) {
            Some(Reply::Hang) => {
                drain(reader).await;
                return Ok(None);
            }
            Some(Reply::Line(l)) => write(&mut reader, &l).await?,
            None => write(&mut reader, "220 test.local ESMTP ready").await?,
        }
    }
    let mut authenticated: Option<String> = None;
    let mut mail_from: Option<String> = None;
    let mut rcpt_to: Vec<String> = Vec::new();
    let offers_starttls = !tls
        && matches!(
            state.security,
            Some(Security::StartTls | Security::StartTlsOptional)
        );
    let must_starttls = !tls && state.security == Some(Security::StartTls);
    loop {
        let mut raw = Vec::new();
        if reader.read_until(b'\n', &mut raw).await? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&raw).trim_end().to_owned();
        state.commands.lock().unwrap().push(text.clone());
        let upper = text.to_ascii_uppercase();
        let verb = upper
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        match verb.as_str() {
            "EHLO" => {
                let mut lines = vec!["250-test.local".to_owned()];
                lines.push("250-8BITMIME".to_owned());
                lines.push("250-SMTPUTF8".to_owned());
                if offers_starttls {
                    lines.push("250-STARTTLS".to_owned());
                }
                if state.credentials.is_some() && !must_starttls {
                    lines.push("250-AUTH PLAIN".to_owned());
                }
                lines.push("250 SIZE 10240000".to_owned());
                write(&mut reader, &lines.join("\r\n")).await?;
            }
            "HELO" => write(&mut reader, "250 test.local").await?,
            "STARTTLS" if offers_starttls => {
                write(&mut reader, "220 2.0.0 go ahead").await?;
                return Ok(Some(reader.into_inner()));
            }
            "AUTH" => {
                if must_starttls {
                    write(&mut reader, "530 5.7.0 Must issue a STARTTLS command first").await?;
                    continue;
                }
                let mut parts = text.split_whitespace().skip(1);
                let mechanism = parts.next().unwrap_or_default().to_ascii_uppercase();
                let initial = parts.next().map(str::to_owned);
                let encoded = match (mechanism.as_str(), initial) {
                    ("PLAIN", Some(i)) => i,
                    ("PLAIN", None) => {
                        write(&mut reader, "334 ").await?;
                        let mut answer = String::new();
                        reader.read_line(&mut answer).await?;
                        answer.trim().to_owned()
                    }
                    _ => {
                        write(&mut reader, "504 5.5.4 mechanism not supported").await?;
                        continue;
                    }
                };
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .unwrap_or_default();
                let fields: Vec<String> = decoded
                    .split(|b| *b == 0)
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect();
                let offered = (fields.get(1).cloned(), fields.get(2).cloned());
                match &state.credentials {
                    Some((user, pass))
                        if offered.0.as_deref() == Some(user)
                            && offered.1.as_deref() == Some(pass) =>
                    {
                        authenticated = Some(user.clone());
                        write(&mut reader, "235 2.7.0 Authentication successful").await?;
                    }
                    _ => {
                        write(&mut reader, "535 5.7.8 Authentication credentials invalid").await?;
                    }
                }
            }
            "MAIL" => {
                if must_starttls {
                    write(&mut reader, "530 5.7.0 Must issue a STARTTLS command first").await?;
                    continue;
                }
                if state.credentials.is_some() && authenticated.is_none() {
                    write(&mut reader, "530 5.7.0 Authentication required").await?;
                    continue;
                }
                match scripted(state, Step::Mail) {
                    Some(Reply::Hang) => {
                        drain(reader).await;
                        return Ok(None);
                    }
                    Some(Reply::Line(l)) => write(&mut reader, &l).await?,
                    None => {
                        mail_from = Some(angle(&text));
                        rcpt_to.clear();
                        write(&mut reader, "250 2.1.0 Ok").await?;
                    }
                }
            }
            "RCPT" => match scripted(state, Step::Rcpt) {
                Some(Reply::Hang) => {
                    drain(reader).await;
                    return Ok(None);
                }
                Some(Reply::Line(l)) => write(&mut reader, &l).await?,
                None if mail_from.is_none() => {
                    write(&mut reader, "503 5.5.1 need MAIL first").await?;
                }
                None => {
                    rcpt_to.push(angle(&text));
                    write(&mut reader, "250 2.1.5 Ok").await?;
                }
            },
            "DATA" => {
                match scripted(state, Step::Data) {
                    Some(Reply::Hang) => {
                        drain(reader).await;
                        return Ok(None);
                    }
                    Some(Reply::Line(l)) => {
                        write(&mut reader, &l).await?;
                        continue;
                    }
                    None if rcpt_to.is_empty() => {
                        write(&mut reader, "503 5.5.1 need RCPT first").await?;
                        continue;
                    }
                    None => write(&mut reader, "354 End data with <CR><LF>.<CR><LF>").await?,
                }
                let mut data = Vec::new();
                loop {
                    let mut l = Vec::new();
                    if reader.read_until(b'\n', &mut l).await? == 0 {
                        return Ok(None);
                    }
                    if l == b".\r\n" {
                        break;
                    }
                    if l.starts_with(b".") {
                        l.remove(0);
                    }
                    data.extend_from_slice(&l);
                }
                match scripted(state, Step::EndOfData) {
                    Some(Reply::Hang) => {
                        drain(reader).await;
                        return Ok(None);
                    }
                    Some(Reply::Line(l)) => write(&mut reader, &l).await?,
                    None => {
                        state.mails.lock().unwrap().push(Received {
                            mail_from: mail_from.take().unwrap_or_default(),
                            rcpt_to: std::mem::take(&mut rcpt_to),
                            data,
                            tls,
                            authenticated_as: authenticated.clone(),
                            connection: number,
                        });
                        write(&mut reader, "250 2.0.0 Ok: queued").await?;
                    }
                }
                mail_from = None;
                rcpt_to.clear();
            }
            "RSET" => {
                mail_from = None;
                rcpt_to.clear();
                write(&mut reader, "250 2.0.0 Ok").await?;
            }
            "NOOP" => match scripted(state, Step::Noop) {
                Some(Reply::Hang) => {
                    drain(reader).await;
                    return Ok(None);
                }
                Some(Reply::Line(l)) => write(&mut reader, &l).await?,
                None => write(&mut reader, "250 2.0.0 Ok").await?,
            },
            "QUIT" => {
                write(&mut reader, "221 2.0.0 Bye").await?;
                return Ok(None);
            }
            _ => write(&mut reader, "502 5.5.2 command not recognised").await?,
        }
    }
}

fn scripted(state: &State, step: Step) -> Option<Reply> {
    state
        .script
        .lock()
        .unwrap()
        .get_mut(&step)
        .and_then(VecDeque::pop_front)
}

/// The address between `<` and `>` in `MAIL FROM:<a@b> …`.
fn angle(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command.rfind('>').unwrap_or(command.len());
    command.get(start..end).unwrap_or_default().to_owned()
}

async fn write<S: AsyncRead + AsyncWrite + Unpin>(
    reader: &mut BufReader<S>,
    reply: &str,
) -> std::io::Result<()> {
    let stream = reader.get_mut();
    stream.write_all(format!("{reply}\r\n").as_bytes()).await?;
    stream.flush().await
}

/// Reads and discards until the client closes the connection.
async fn drain<S: AsyncRead + Unpin>(mut reader: BufReader<S>) {
    let mut sink = Vec::new();
    while let Ok(n) = reader.read_until(b'\n', &mut sink).await {
        if n == 0 {
            break;
        }
        sink.clear();
    }
}
