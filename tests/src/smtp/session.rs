//! One SMTP session: the commands, each step's scripted reply or delay, TLS, and keeping
//! every accepted message.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::{Received, Reply, Security, State, Step, lock};

pub(super) async fn serve(
    state: Arc<State>,
    stream: TcpStream,
    number: usize,
) -> std::io::Result<()> {
    if state.silent {
        drain(BufReader::new(stream)).await;
        return Ok(());
    }
    let acceptor = || {
        state
            .acceptor
            .clone()
            .ok_or_else(|| std::io::Error::other("TLS needs certificates"))
    };
    match state.security {
        Some(Security::Implicit) => {
            let tls = acceptor()?.accept(stream).await?;
            session(&state, BufReader::new(tls), number, true, true).await?;
        }
        _ => {
            if let Some(plain) =
                session(&state, BufReader::new(stream), number, false, true).await?
            {
                let tls = acceptor()?.accept(plain).await?;
                session(&state, BufReader::new(tls), number, true, false).await?;
            }
        }
    }
    Ok(())
}

/// Waits the delay set for `step`, if any, counted in `delaying`.
async fn pause(state: &State, step: Step) {
    let delay = lock(&state.delays).get(&step).copied();
    if let Some(delay) = delay {
        state.delaying.fetch_add(1, Ordering::SeqCst);
        let _counted = Delaying(state);
        tokio::time::sleep(delay).await;
    }
}

struct Delaying<'a>(&'a State);

impl Drop for Delaying<'_> {
    fn drop(&mut self) {
        self.0.delaying.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One SMTP session over `reader`. Returns the stream when the client asked for STARTTLS.
#[allow(clippy::too_many_lines)]
async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    state: &State,
    mut reader: BufReader<S>,
    number: usize,
    tls: bool,
    greet: bool,
) -> std::io::Result<Option<S>> {
    if greet {
        pause(state, Step::Greeting).await;
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
        lock(&state.commands).push(text.clone());
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
                pause(state, Step::Mail).await;
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
            "RCPT" => {
                pause(state, Step::Rcpt).await;
                match scripted(state, Step::Rcpt) {
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
                }
            }
            "DATA" => {
                pause(state, Step::Data).await;
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
                    Some(Reply::Line(l)) => {
                        pause(state, Step::EndOfData).await;
                        write(&mut reader, &l).await?;
                    }
                    None => {
                        lock(&state.mails).push(Received {
                            mail_from: mail_from.take().unwrap_or_default(),
                            rcpt_to: std::mem::take(&mut rcpt_to),
                            data,
                            tls,
                            authenticated_as: authenticated.clone(),
                            connection: number,
                        });
                        pause(state, Step::EndOfData).await;
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
            "NOOP" => {
                pause(state, Step::Noop).await;
                match scripted(state, Step::Noop) {
                    Some(Reply::Hang) => {
                        drain(reader).await;
                        return Ok(None);
                    }
                    Some(Reply::Line(l)) => write(&mut reader, &l).await?,
                    None => write(&mut reader, "250 2.0.0 Ok").await?,
                }
            }
            "QUIT" => {
                write(&mut reader, "221 2.0.0 Bye").await?;
                return Ok(None);
            }
            _ => write(&mut reader, "502 5.5.2 command not recognised").await?,
        }
    }
}

fn scripted(state: &State, step: Step) -> Option<Reply> {
    lock(&state.script)
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
