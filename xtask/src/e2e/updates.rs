//! Settings → Updates end to end: "Check once a day" ticked and kept after a restart; "Check for
//! updates" with no server says so in words (English, then Swedish, with no English), then
//! against a `latest.json` served from a thread here: an older version ("You have the latest
//! version") and a newer one (its version, its notes, "Install and restart", and the status
//! bar). The debug build reads the endpoint from `CSPDESK_E2E_UPDATE_URL` (`updates::endpoint`).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{no_english, Ctx};
use crate::webdriver::Session;
use crate::Result;

/// Where the app finds `latest.json` in this scenario: nothing listens there until `serve`.
pub fn endpoint(port: u16) -> String {
    format!("http://127.0.0.1:{port}/latest.json")
}

pub fn check_by_hand(ctx: &Ctx, port: u16) -> Result {
    let config = ctx.data.join("se.cspdesk.desk.dev").join("updates.json");

    // Off until the user ticks it; ticked, it is kept in updates.json beside the database.
    let s = ctx.session()?;
    open_card(ctx, &s, "en")?;
    if checked(&s)? {
        return Err("Check once a day is ticked before the user ticked it".into());
    }
    s.click("[data-testid=updates-daily]")?;
    s.wait("updates.json to say daily", || {
        Ok(std::fs::read_to_string(&config).ok().filter(|t| t.contains("\"daily\": true")))
    })?;
    // No server: said in words, and the app goes on.
    s.click("[data-testid=updates-check]")?;
    s.wait_inner_text(
        "[data-testid=updates-notice]",
        ctx.catalogs.get("en", "settings.updates.unreachable")?,
    )?;
    let never = ctx.catalogs.get("en", "settings.updates.never")?;
    s.wait_text("[data-testid=updates-last-check]", |t| !t.is_empty() && t != never, "a time")?;
    s.click("[data-testid=nav-customers]")?;
    ctx.expect_screen(&s, "customers", "en")?;
    s.quit()?;

    // After a restart: still ticked (the daily check is not due: the check above counts), and
    // in Swedish the same failure has no English in it.
    let s = ctx.session()?;
    open_card(ctx, &s, "en")?;
    s.wait("Check once a day to be ticked after the restart", || Ok(checked(&s)?.then_some(())))?;
    s.click("[data-testid=language-sv]")?;
    ctx.expect_screen(&s, "settings", "sv")?;
    s.click("[data-testid=updates-check]")?;
    let unreachable = ctx.catalogs.get("sv", "settings.updates.unreachable")?;
    s.wait_inner_text("[data-testid=updates-notice]", unreachable)?;
    let card = card_text(&s)?;
    no_english(ctx, &card, "Settings → Updates")?;
    show_card(&s)?;
    ctx.save_screenshot(&s, "settings-updates-sv.png")?;

    // The server is there, with an older version: the newest is installed.
    let server = Server::start(port)?;
    server.publish("0.0.1", "");
    s.click("[data-testid=updates-check]")?;
    s.wait_inner_text(
        "[data-testid=updates-notice]",
        ctx.catalogs.get("sv", "settings.updates.latest")?,
    )?;

    // A newer one: its version and notes, the button, and the status bar says so.
    s.click("[data-testid=language-en]")?;
    ctx.expect_screen(&s, "settings", "en")?;
    server.publish("9.9.9", "Calls can be merged.\nThe terms sheet shows the plan's price.");
    s.click("[data-testid=updates-check]")?;
    s.wait_inner_text("[data-testid=updates-available]", "CSP Desk 9.9.9")?;
    s.wait_inner_text("[data-testid=updates-notes]", "Calls can be merged.")?;
    s.wait_inner_text(
        "[data-testid=updates-install]",
        ctx.catalogs.get("en", "settings.updates.install")?,
    )?;
    s.wait_inner_text("[data-testid=status-update]", "9.9.9")?;
    show_card(&s)?;
    ctx.save_screenshot(&s, "settings-updates-en.png")?;
    s.quit()?;
    let text =
        std::fs::read_to_string(&config).map_err(|e| format!("{}: {e}", config.display()))?;
    if !text.contains("\"lastCheck\"") {
        return Err(format!("updates.json does not remember the last check: {text}"));
    }
    Ok(())
}

fn open_card(ctx: &Ctx, s: &Session, lang: &str) -> Result {
    s.click("[data-testid=nav-settings]")?;
    ctx.expect_screen(s, "settings", lang)?;
    s.wait_inner_text("[data-testid=updates-version]", ".")?;
    Ok(())
}

fn checked(s: &Session) -> Result<bool> {
    let v = s.execute(
        "const e = document.querySelector('[data-testid=updates-daily]'); return !!e && !e.disabled && e.checked",
    )?;
    Ok(v.as_bool().unwrap_or(false))
}

fn card_text(s: &Session) -> Result<String> {
    Ok(s.execute("return document.querySelector('[data-testid=updates-card]').innerText")?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// The card in the middle of the window, for the screenshot.
fn show_card(s: &Session) -> Result {
    s.execute(
        "document.querySelector('[data-testid=updates-card]').scrollIntoView({block: 'center'})",
    )?;
    std::thread::sleep(Duration::from_millis(300));
    Ok(())
}

/// A `latest.json` served on 127.0.0.1, as the release's is on GitHub, until dropped.
struct Server {
    body: Arc<Mutex<String>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(port: u16) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let body = Arc::new(Mutex::new(String::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (serving, stopping) = (Arc::clone(&body), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !stopping.load(Ordering::Relaxed) {
                let Ok((mut stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                };
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                // The request's head; its path does not matter.
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let body = serving.lock().map(|b| b.clone()).unwrap_or_default();
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Ok(Server { body, stop })
    }

    /// What `latest.json` says from now on: `version`, with `notes`, for every platform.
    fn publish(&self, version: &str, notes: &str) {
        let platform = serde_json::json!({
            "signature": "not checked until an install",
            "url": format!("https://updates.invalid/CSP.Desk_{version}.tar.gz"),
        });
        let mut platforms = serde_json::Map::new();
        for target in ["linux-x86_64", "windows-x86_64", "darwin-x86_64", "darwin-aarch64"] {
            platforms.insert(target.to_owned(), platform.clone());
        }
        let json = serde_json::json!({
            "version": version,
            "notes": notes,
            "pub_date": "2026-11-30T09:00:00Z",
            "platforms": platforms,
        });
        if let Ok(mut body) = self.body.lock() {
            *body = json.to_string();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
