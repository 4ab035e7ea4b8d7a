// The screen check: measures the window as it is drawn and returns what a person would see as
// broken. Injected by xtask/src/e2e.rs through WebDriver's "execute script" and called as
// `screenCheck(options)`; it changes nothing on the page.
//
// options: {
//   english: [string],  catalog messages (en.json) whose Swedish differs; checked when lang is sv
//   lang: "en" | "sv",
//   userData: [string], text the test put in the database (names, summaries): never a finding
// }
// Returns a list of findings: { kind, element, detail }. `kind` is one of
//   overlap     text of one element drawn over another's (a)
//   brokenWord  a word wrapped inside itself, not at a space or a hyphen (b)
//   overflow    an element wider than its container, with no scrollbar meant for it (c)
//   english     English catalog text on a Swedish screen (d)
//   cutOff      text cut off without an ellipsis and a tooltip with the whole text (e)
//
// How each is measured, and why that way:
// (a) Every visible text node's own glyph boxes (Range.getClientRects: one box per line it
//     occupies, as wide as its glyphs, not the element's box) are clipped to the visible part of
//     every scrolling or clipping ancestor. Two boxes of different elements that cross by more
//     than 2 px across and 30 % of a line's height down are text over text. Pairs where one
//     element is inside the other are ignored, and so are pairs where exactly one of them sits
//     in a sticky or fixed layer (a sticky save bar over scrolled content is meant to cover it).
//     While a modal dialog is open only its content counts: the rest is behind its backdrop.
// (b) Each word (a run of characters between spaces, ended by a hyphen, dash or slash where a
//     line may legitimately break) gets its own Range; getClientRects returns one box per line
//     box the word occupies, so a word with boxes on two lines was broken inside. This measures
//     what layout actually did, whatever caused it (overflow-wrap: anywhere, word-break:
//     break-all, a too-narrow column), unlike reading the computed `overflow-wrap`, which only
//     says a break is allowed, or comparing scrollWidth, which misses a word that did break.
// (c) An element whose computed overflow-x is `visible` and whose scrollWidth exceeds its
//     clientWidth has content sticking out of it; so does a scroll container (overflow-x auto
//     or scroll, which is also what `overflow-y: auto` alone computes to) unless it is marked
//     `data-scroll-x` as a horizontal scroll area on purpose. Only the innermost such element
//     is reported (its ancestors overflow because of it). The document itself must not be
//     wider than the window.
// (d) Visible text nodes, placeholders, titles and the options of visible selects are compared
//     with the English messages that differ from their Swedish translation and are no Swedish
//     message themselves: a text equal to one (placeholders matching anything) is a finding,
//     and so is a text containing a message of 10 or more letters. Text that is or is part of
//     the test's own data is skipped.
// (e) An element that clips (overflow-x hidden or clip) with scrollWidth > clientWidth hides
//     part of its content; allowed only for text with `text-overflow: ellipsis` and a `title`
//     (on it or an ancestor) holding the whole text. A select whose chosen option is wider than
//     its box, an empty input whose placeholder does not fit, and an input whose value of up to
//     40 characters (a GUID, an e-mail address, a phone number) does not fit are cut off too;
//     longer typed values scroll inside their field as text fields do. Widths of control text
//     are measured with a canvas in the control's own font.
function screenCheck(options) {
  const findings = [];
  const seen = new Set();
  const report = (kind, el, detail) => {
    const element = describe(el);
    const key = `${kind}|${element}|${detail}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ kind, element, detail });
  };
  const userData = (options.userData || []).filter((s) => s && s.trim().length >= 3);
  const isUserData = (text) => {
    const t = text.trim();
    return userData.some((u) => u === t || u.includes(t) || (t.length >= 12 && t.includes(u)));
  };

  const styleCache = new Map();
  function style(el) {
    let s = styleCache.get(el);
    if (!s) {
      s = getComputedStyle(el);
      styleCache.set(el, s);
    }
    return s;
  }

  const modal = [...document.querySelectorAll('[aria-modal="true"]')].find(rendered);
  const inScope = (el) => !modal || modal.contains(el);

  function rendered(el) {
    if (!el || !el.isConnected) return false;
    if (el.getClientRects().length === 0) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = style(e);
      if (s.display === "none" || s.visibility === "hidden" || s.visibility === "collapse") return false;
      if (Number(s.opacity) === 0) return false;
    }
    return true;
  }

  function describe(el) {
    if (el === document.documentElement) return "the page";
    let s = el.tagName.toLowerCase();
    if (el.dataset && el.dataset.testid) s += `[data-testid=${el.dataset.testid}]`;
    else if (el.id) s += `#${el.id}`;
    const classes = [...el.classList].filter((c) => !c.startsWith("svelte-")).slice(0, 3);
    if (classes.length) s += "." + classes.join(".");
    const holder = el.parentElement && el.parentElement.closest("[data-testid]");
    if (holder && !(el.dataset && el.dataset.testid)) s += ` in [data-testid=${holder.dataset.testid}]`;
    let text = "";
    if (el instanceof HTMLSelectElement) text = el.selectedOptions[0] ? el.selectedOptions[0].text : "";
    else if (el instanceof HTMLInputElement) text = el.value || el.placeholder;
    else text = el.innerText || el.textContent || "";
    text = text.replace(/\s+/g, " ").trim();
    if (text.length > 60) text = text.slice(0, 57) + "...";
    return text ? `${s} "${text}"` : s;
  }

  // The part of the window where an element's content can be seen: the viewport cut by every
  // ancestor that clips or scrolls (per axis).
  const clipCache = new Map();
  function clipOf(el) {
    if (!el || el === document.documentElement || el === document.body) {
      return { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    }
    let c = clipCache.get(el);
    if (c) return c;
    const parent = clipOf(el.parentElement);
    c = { ...parent };
    const s = style(el);
    const r = el.getBoundingClientRect();
    const left = r.left + el.clientLeft;
    const top = r.top + el.clientTop;
    if (s.overflowX !== "visible") {
      c.left = Math.max(c.left, left);
      c.right = Math.min(c.right, left + el.clientWidth);
    }
    if (s.overflowY !== "visible") {
      c.top = Math.max(c.top, top);
      c.bottom = Math.min(c.bottom, top + el.clientHeight);
    }
    if (s.position === "fixed") {
      c = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    }
    clipCache.set(el, c);
    return c;
  }

  function layer(el) {
    for (let e = el; e; e = e.parentElement) {
      const p = style(e).position;
      if (p === "sticky" || p === "fixed") return e;
    }
    return null;
  }

  // Visible text nodes, with their element.
  const SKIP = new Set(["SCRIPT", "STYLE", "TEXTAREA", "SELECT", "OPTION", "NOSCRIPT", "TEMPLATE"]);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const renderedCache = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const el = node.parentElement;
    if (!el || SKIP.has(el.tagName) || el.closest("select, textarea, svg")) continue;
    if (!inScope(el)) continue;
    let ok = renderedCache.get(el);
    if (ok === undefined) {
      ok = rendered(el);
      renderedCache.set(el, ok);
    }
    if (ok) texts.push({ node, el });
  }

  // (a) Text over text.
  const boxes = [];
  for (const { node, el } of texts) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const clip = clipOf(el);
    for (const r of range.getClientRects()) {
      const box = {
        left: Math.max(r.left, clip.left),
        right: Math.min(r.right, clip.right),
        top: Math.max(r.top, clip.top),
        bottom: Math.min(r.bottom, clip.bottom),
        height: r.height,
        el,
      };
      if (box.right - box.left > 1 && box.bottom - box.top > 1) boxes.push(box);
    }
  }
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j];
      if (a.el === b.el) continue;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across <= 2 || down <= 0.3 * Math.min(a.height, b.height)) continue;
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (layer(a.el) !== layer(b.el) && (layer(a.el) === null || layer(b.el) === null)) continue;
      report("overlap", a.el, `drawn over ${describe(b.el)}`);
    }
  }

  // (b) Words broken inside.
  const WORD = /[^\s\-\/\u2010-\u2015]+[\-\/\u2010-\u2015]*/g;
  for (const { node, el } of texts) {
    const data = node.data;
    for (const m of data.matchAll(WORD)) {
      if (m[0].length < 2) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = [];
      for (const r of range.getClientRects()) {
        if (r.width < 0.5) continue;
        if (!lines.some((top) => Math.abs(top - r.top) < r.height / 2)) lines.push(r.top);
      }
      if (lines.length > 1) {
        report("brokenWord", el, `"${m[0]}" is broken over ${lines.length} lines`);
      }
    }
  }

  // (c) Wider than the container; (e) clipped without ellipsis and tooltip.
  const all = [...document.body.querySelectorAll("*")].filter((el) => inScope(el) && !el.closest("svg") && rendered(el));
  const overflowing = [];
  for (const el of all) {
    const s = style(el);
    if (s.display === "inline" || s.display === "contents") continue;
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) continue;
    const ox = s.overflowX;
    if (ox === "visible") overflowing.push(el);
    else if ((ox === "auto" || ox === "scroll") && !el.hasAttribute("data-scroll-x")) overflowing.push(el);
    else if (ox === "hidden" || ox === "clip") {
      const text = (el.textContent || "").replace(/\s+/g, " ").trim();
      const holder = el.closest("[title]");
      const titled = holder && holder.title.replace(/\s+/g, " ").includes(text);
      if (!text || s.textOverflow !== "ellipsis" || !titled) {
        const missing = [
          s.textOverflow !== "ellipsis" ? "an ellipsis" : null,
          text && !titled ? "a title with the whole text" : null,
        ].filter(Boolean);
        report(
          "cutOff",
          el,
          `shows ${el.clientWidth} of ${el.scrollWidth} px` + (missing.length ? `, without ${missing.join(" and ")}` : ""),
        );
      }
    }
  }
  for (const el of overflowing) {
    if (overflowing.some((o) => o !== el && el.contains(o))) continue;
    report("overflow", el, `content ${el.scrollWidth} px wide in ${el.clientWidth} px`);
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth + 1) {
    report("overflow", doc, `the page is ${doc.scrollWidth} px wide in a ${innerWidth} px window`);
  }

  // (e) Form controls whose text does not fit.
  const canvas = document.createElement("canvas").getContext("2d");
  const textWidth = (el, text) => {
    const s = style(el);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    return canvas.measureText(text).width;
  };
  const room = (el) => {
    const s = style(el);
    return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  };
  for (const el of all) {
    let text = null;
    let what = "";
    if (el instanceof HTMLSelectElement) {
      text = el.selectedOptions[0] ? el.selectedOptions[0].text : "";
      what = "chosen option";
    } else if (el instanceof HTMLInputElement && !["checkbox", "radio", "file", "hidden", "range", "color"].includes(el.type)) {
      if (!el.value) {
        text = el.placeholder;
        what = "placeholder";
      } else if (el.value.length <= 40) {
        text = el.value;
        what = "value";
      }
    }
    if (!text) continue;
    const need = textWidth(el, text);
    const have = room(el);
    if (need > have + 1) {
      const titled = el.title && el.title.includes(text);
      if (!(el instanceof HTMLSelectElement && titled && style(el).textOverflow === "ellipsis")) {
        report("cutOff", el, `${what} needs ${Math.ceil(need)} px, has ${Math.floor(have)} px`);
      }
    }
  }

  // (d) English on a Swedish screen.
  if (options.lang === "sv") {
    const literalLetters = (m) => m.replace(/\{\w+\}/g, "").replace(/[^A-Za-z]/g, "").length;
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const messages = (options.english || [])
      .filter((m) => literalLetters(m) >= 2)
      .map((m) => {
        const pattern = m.split(/\{\w+\}/).map(escape).join("[\\s\\S]+?");
        return {
          message: m,
          whole: new RegExp(`^${pattern}$`),
          inside: literalLetters(m) >= 10 ? new RegExp(pattern) : null,
        };
      });
    const check = (el, text, where) => {
      const t = text.replace(/\s+/g, " ").trim();
      if (!t || isUserData(t)) return;
      for (const m of messages) {
        if (m.whole.test(t) || (m.inside && m.inside.test(t))) {
          report("english", el, `${where}"${t.slice(0, 80)}" is the English message "${m.message}"`);
          return;
        }
      }
    };
    for (const { node, el } of texts) check(el, node.data, "");
    for (const el of all) {
      if (el.placeholder) check(el, el.placeholder, "placeholder ");
      if (el.title) check(el, el.title, "title ");
      if (el.getAttribute("aria-label")) check(el, el.getAttribute("aria-label"), "label ");
      if (el instanceof HTMLSelectElement) for (const o of el.options) check(el, o.text, "option ");
    }
  }

  return findings;
}
