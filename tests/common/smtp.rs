//! A one-message SMTP server for the letter tests.

use std::io::{BufRead, BufReader, Write};

/// A one-message SMTP server on 127.0.0.1: answers the dialogue (AUTH
/// accepted), keeps what follows DATA with its dots unstuffed.
pub fn smtp_server() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .expect("timeout");
        let mut out = stream.try_clone().expect("clone");
        let mut reader = BufReader::new(stream);
        let mut data = Vec::new();
        out.write_all(b"220 test ESMTP\r\n").expect("greet");
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            let upper = line.to_ascii_uppercase();
            if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                out.write_all(b"250-test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
                    .expect("ehlo");
            } else if upper.starts_with("AUTH") {
                out.write_all(b"235 accepted\r\n").expect("auth");
            } else if upper.starts_with("DATA") {
                out.write_all(b"354 go ahead\r\n").expect("data");
                let mut l = Vec::new();
                loop {
                    l.clear();
                    if reader.read_until(b'\n', &mut l).unwrap_or(0) == 0 || l == b".\r\n" {
                        break;
                    }
                    let body = if l.starts_with(b"..") {
                        &l[1..]
                    } else {
                        &l[..]
                    };
                    data.extend_from_slice(body);
                }
                out.write_all(b"250 queued\r\n").expect("queued");
            } else if upper.starts_with("QUIT") {
                let _ = out.write_all(b"221 bye\r\n");
                break;
            } else {
                out.write_all(b"250 ok\r\n").expect("ok");
            }
        }
        data
    });
    (port, handle)
}
