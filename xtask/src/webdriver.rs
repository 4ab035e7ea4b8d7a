//! A minimal W3C WebDriver client: just what the end-to-end tests use.

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    agent: ureq::Agent,
    base: String,
}

#[derive(Clone)]
pub struct Element(String);

impl Session {
    /// Starts the app at `application` through the driver at `server`.
    pub fn start(server: &str, application: &str) -> Result<Session, String> {
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(60)).build();
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "wry",
            "tauri:options": { "application": application },
        }}});
        let value = send(&agent, "POST", &format!("{server}/session"), Some(caps))?;
        let id = value["sessionId"].as_str().ok_or_else(|| format!("no session id in {value}"))?;
        Ok(Session { agent, base: format!("{server}/session/{id}") })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        send(&self.agent, method, &format!("{}{path}", self.base), body)
    }

    /// Waits up to ten seconds for an element matching the CSS selector.
    pub fn find(&self, css: &str) -> Result<Element, String> {
        self.wait(&format!("an element matching {css}"), || {
            let found = self.call(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )?;
            Ok(found[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned())))
        })
    }

    /// Clicks the element, finding it again if the UI re-rendered it in between.
    pub fn click(&self, css: &str) -> Result<(), String> {
        self.wait(&format!("a click on {css}"), || {
            let el = self.find(css)?;
            match self.call("POST", &format!("/element/{}/click", el.0), Some(json!({}))) {
                Ok(_) => Ok(Some(())),
                Err(e) if e.contains("stale element") => Ok(None),
                Err(e) if e.contains("not interactable") => {
                    self.center(&el)?;
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        })
    }

    pub fn text(&self, css: &str) -> Result<String, String> {
        let el = self.find(css)?;
        let v = self.call("GET", &format!("/element/{}/text", el.0), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The element's DOM text, for text WebDriver's visibility rules miss (ellipsised text).
    pub fn text_content(&self, css: &str) -> Result<String, String> {
        let el = self.find(css)?;
        let v = self.call("GET", &format!("/element/{}/property/textContent", el.0), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until the element's text satisfies `want`, and returns it.
    pub fn wait_text(
        &self,
        css: &str,
        want: impl Fn(&str) -> bool,
        what: &str,
    ) -> Result<String, String> {
        let last = std::cell::RefCell::new(String::new());
        self.wait(&format!("{css} to show {what:?}"), || {
            let text = self.text(css)?;
            last.replace(text.clone());
            Ok(want(&text).then_some(text))
        })
        .map_err(|e| format!("{e}\n  it showed {:?}", last.borrow()))
    }

    /// Types `keys` into the element (WebDriver key codes such as U+E009 Control allowed).
    pub fn send_keys(&self, css: &str, keys: &str) -> Result<(), String> {
        let el = self.find(css)?;
        self.call("POST", &format!("/element/{}/value", el.0), Some(json!({"text": keys})))
            .map(drop)
    }

    /// Scrolls the element to the middle of its scroll area: WebDriver scrolls an element only
    /// to the bottom edge, where a sticky bar (the save bar) may cover it.
    fn center(&self, el: &Element) -> Result<(), String> {
        let scroll = "arguments[0].scrollIntoView({block: 'center'})";
        self.execute_with(scroll, json!([{ ELEMENT_KEY: el.0 }])).map(drop)
    }

    /// Empties an input, then types `text` into it.
    pub fn fill(&self, css: &str, text: &str) -> Result<(), String> {
        self.wait(&format!("{css} to take input"), || {
            let el = self.find(css)?;
            match self.call("POST", &format!("/element/{}/clear", el.0), Some(json!({}))) {
                Err(e) if e.contains("not interactable") => {
                    self.center(&el)?;
                    return Ok(None);
                }
                Err(e) if e.contains("stale element") => return Ok(None),
                other => other?,
            };
            self.call("POST", &format!("/element/{}/value", el.0), Some(json!({"text": text})))
                .map(Some)
        })
        .map(drop)
    }

    /// The current value of an input.
    pub fn value(&self, css: &str) -> Result<String, String> {
        let el = self.find(css)?;
        let v = self.call("GET", &format!("/element/{}/property/value", el.0), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Waits until an input's value satisfies `want`.
    pub fn wait_value(&self, css: &str, want: &str) -> Result<(), String> {
        self.wait(&format!("{css} to hold {want:?}"), || {
            Ok((self.value(css)? == want).then_some(()))
        })
    }

    /// Waits until the rendered text of the first element matching `css` contains `want`, read
    /// with `innerText` (WebKitWebDriver's text atom fails on subtrees holding a form).
    pub fn wait_inner_text(&self, css: &str, want: &str) -> Result<String, String> {
        let script =
            format!("const e = document.querySelector({css:?}); return e ? e.innerText : ''");
        self.wait(&format!("{css} to show {want:?}"), || {
            let text = self.execute(&script)?.as_str().unwrap_or_default().to_owned();
            Ok(text.contains(want).then_some(text))
        })
    }

    /// Runs JavaScript in the window and returns its result.
    pub fn execute(&self, script: &str) -> Result<Value, String> {
        self.execute_with(script, json!([]))
    }

    /// Runs JavaScript in the window with `args` (a JSON array, `arguments` in the script).
    pub fn execute_with(&self, script: &str, args: Value) -> Result<Value, String> {
        self.call("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// Resizes the window, and waits until the page has the new size. Returns the page's
    /// size (innerWidth, innerHeight), which is the window's without decorations.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<(u64, u64), String> {
        self.call("POST", "/window/rect", Some(json!({"width": width, "height": height})))?;
        let mut last = (0, 0);
        let mut stable = 0;
        self.wait(&format!("the window to be {width}x{height}"), || {
            let v = self.execute("return [window.innerWidth, window.innerHeight]")?;
            let now = (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0));
            stable = if now == last { stable + 1 } else { 0 };
            last = now;
            let fits = now.0 <= u64::from(width) && now.0 + 40 >= u64::from(width);
            Ok((fits && stable >= 2).then_some(now))
        })
    }

    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        let v = self.call("GET", "/screenshot", None)?;
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| format!("screenshot is not base64: {e}"))
    }

    /// Waits until `probe` answers Some.
    pub fn wait_until<T>(
        &self,
        what: &str,
        probe: impl FnMut() -> Result<Option<T>, String>,
    ) -> Result<T, String> {
        self.wait(what, probe)
    }

    pub fn wait<T>(
        &self,
        what: &str,
        mut probe: impl FnMut() -> Result<Option<T>, String>,
    ) -> Result<T, String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last_error = String::new();
        loop {
            match probe() {
                Ok(Some(v)) => return Ok(v),
                Ok(None) => {}
                Err(e) => last_error = e,
            }
            if Instant::now() > deadline {
                let shot = std::env::temp_dir().join("cspdesk-e2e-failure.png");
                let saved = self
                    .screenshot()
                    .and_then(|png| std::fs::write(&shot, png).map_err(|e| e.to_string()));
                let note = match saved {
                    Ok(()) => format!("the window at that moment: {}", shot.display()),
                    Err(e) => format!("no screenshot: {e}"),
                };
                return Err(format!("timed out waiting for {what}. {last_error}\n  {note}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Ends the session, which closes the app.
    pub fn quit(self) -> Result<(), String> {
        let result = self.call("DELETE", "", None).map(drop);
        std::mem::forget(self);
        result
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", None);
    }
}

fn send(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let request = agent.request(method, url);
    let response = match body {
        Some(body) => request.send_json(body),
        None => request.call(),
    };
    let (ok, response) = match response {
        Ok(r) => (true, r),
        Err(ureq::Error::Status(_, r)) => (false, r),
        Err(e) => return Err(format!("{method} {url}: {e}")),
    };
    let body: Value = response.into_json().map_err(|e| format!("{method} {url}: bad JSON: {e}"))?;
    if ok {
        Ok(body["value"].clone())
    } else {
        Err(format!("{method} {url}: {}", body["value"]))
    }
}
