// SayPro Classifieds: small progressive enhancements. Every page works without this file.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Pre-submission check: while someone types an ad, ask the gate what it would say and
// show the words that would hold or refuse it. Without this script the form still works.
(() => {
  const form = document.querySelector("form[data-gate-check]");
  const box = document.getElementById("gate-check");
  if (!form || !box) return;
  let timer;
  const field = (name) => (form.elements.namedItem(name) || { value: "" }).value;
  const check = async () => {
    const price = parseFloat(field("price").replace(/[^0-9.]/g, ""));
    const body = {
      category: field("category"), title: field("title"), description: field("description"),
      location: field("location"), contact_phone: field("contact_phone"),
      price: Number.isFinite(price) ? price : null,
    };
    if (!body.title && !body.description) { box.hidden = true; return; }
    try {
      const res = await fetch(form.dataset.gateCheck, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      if (!res.ok) return;
      const result = await res.json();
      box.replaceChildren();
      if (result.verdict.action === "accept") { box.hidden = true; return; }
      const intro = document.createElement("p");
      intro.textContent = box.dataset.intro;
      const list = document.createElement("ul");
      for (const line of result.explanation) {
        const item = document.createElement("li");
        item.textContent = line;
        list.append(item);
      }
      box.append(intro, list);
      box.hidden = false;
    } catch (_) { /* the server decides on submit anyway */ }
  };
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 600); });
})();

// The self-hosted CAPTCHA: find the number whose SHA-256 (with the puzzle's salt) is the
// challenge, while the person fills in the form. Nothing leaves this page but the answer.
// Without this script the form shows a plain question instead; if solving fails, the
// question comes back: never a dead end.
const sha256 = (() => {
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const W = new Uint32Array(64);
  const H = new Uint32Array(8);
  // Hashes `bytes[0..len]` (len < 56 * k, any length) into H.
  return (bytes, len) => {
    H.set([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const blocks = ((len + 8) >> 6) + 1;
    const buf = new Uint8Array(blocks * 64);
    buf.set(bytes.subarray(0, len));
    buf[len] = 0x80;
    const bits = len * 8;
    buf[buf.length - 4] = bits >>> 24; buf[buf.length - 3] = bits >>> 16;
    buf[buf.length - 2] = bits >>> 8; buf[buf.length - 1] = bits;
    for (let b = 0; b < blocks; b++) {
      for (let i = 0; i < 16; i++) {
        const o = b * 64 + i * 4;
        W[i] = (buf[o] << 24) | (buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3];
      }
      for (let i = 16; i < 64; i++) {
        const x = W[i - 15], y = W[i - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
      }
      let a = H[0], c1 = H[1], c2 = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (let i = 0; i < 64; i++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const t2 = (S0 + ((a & c1) ^ (a & c2) ^ (c1 & c2))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c2; c2 = c1; c1 = a; a = (t1 + t2) | 0;
      }
      H[0] += a; H[1] += c1; H[2] += c2; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    return H;
  };
})();

const solvePuzzle = (salt, challenge, max) => new Promise((resolve) => {
  const enc = new TextEncoder().encode(salt);
  const bytes = new Uint8Array(enc.length + 20);
  bytes.set(enc);
  const want = new Uint32Array(8);
  for (let i = 0; i < 8; i++) want[i] = parseInt(challenge.slice(i * 8, i * 8 + 8), 16) >>> 0;
  let n = 0;
  const step = () => {
    const end = Math.min(n + 5000, max + 1);
    for (; n < end; n++) {
      const digits = String(n);
      for (let i = 0; i < digits.length; i++) bytes[enc.length + i] = digits.charCodeAt(i);
      const h = sha256(bytes, enc.length + digits.length);
      if (h[0] === want[0] && h[1] === want[1] && h[2] === want[2] && h[3] === want[3] &&
          h[4] === want[4] && h[5] === want[5] && h[6] === want[6] && h[7] === want[7]) {
        resolve(n);
        return;
      }
    }
    if (n > max) resolve(null); else setTimeout(step, 0);
  };
  step();
});

document.querySelectorAll("[data-captcha]").forEach((box) => {
  const form = box.closest("form");
  const number = box.querySelector('input[name="captcha_number"]');
  const fallback = box.querySelector("[data-captcha-fallback]");
  const status = box.querySelector("[data-captcha-status]");
  if (!form || !number || !fallback) return;
  const hadError = box.querySelector("#captcha-error");
  if (!hadError) fallback.hidden = true;
  const started = performance.now();
  const done = solvePuzzle(box.dataset.salt, box.dataset.challenge, Number(box.dataset.max))
    .then((n) => {
      if (n === null) { fallback.hidden = false; return false; }
      number.value = String(n);
      box.dataset.solvedMs = String(Math.round(performance.now() - started));
      return true;
    })
    .catch(() => { fallback.hidden = false; return false; });
  form.addEventListener("submit", (event) => {
    if (number.value || !fallback.hidden) return;
    event.preventDefault();
    if (status) status.textContent = box.dataset.solving || "";
    done.then(() => form.requestSubmit(event.submitter || undefined));
  });
});

// Forms that create things say when they were shown; one sent faster than a person could
// fill it is treated as a bot. Someone quick (or their password manager) just waits.
document.querySelectorAll('input[name="form_ts"][data-min-fill-ms]').forEach((field) => {
  const form = field.form;
  const min = Number(field.dataset.minFillMs) || 0;
  const shown = performance.now();
  if (!form || min <= 0) return;
  form.addEventListener("submit", (event) => {
    const wait = min + 150 - (performance.now() - shown);
    if (wait <= 0 || event.defaultPrevented) return;
    event.preventDefault();
    setTimeout(() => form.requestSubmit(event.submitter || undefined), wait);
  });
});

// The Report button opens its form in a dialog; without this script it is a page.
document.addEventListener("click", async (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-dialog]") : null;
  if (!link || typeof HTMLDialogElement === "undefined") return;
  event.preventDefault();
  try {
    const res = await fetch(link.href, { headers: { Accept: "text/html" } });
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const panel = doc.querySelector("main section.panel");
    if (!res.ok || !panel) throw new Error("no form");
    const dialog = document.createElement("dialog");
    dialog.className = "report-dialog";
    dialog.setAttribute("aria-label", link.textContent.trim());
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link dialog-close";
    close.textContent = "×";
    close.setAttribute("aria-label", document.documentElement.lang === "af" ? "Maak toe" : "Close");
    close.addEventListener("click", () => dialog.close());
    dialog.append(close, document.importNode(panel, true));
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  } catch (_) {
    window.location.href = link.href;
  }
});

// One socket per page for a logged-in person. The bell counts notifications live; the
// inbox and "My messages" refresh their list when a conversation changes; an open
// conversation shows new messages, the other side typing, and whether its own messages
// were delivered and read. The socket resumes from the last event it saw after a drop,
// so nothing is lost or shown twice. Without this script every page works by reloading.
(() => {
  const bell = document.querySelector("[data-bell]");
  if (!bell || typeof WebSocket === "undefined") return;
  const thread = document.querySelector("[data-thread]");
  const list = document.querySelector("[data-live-list]");
  const id = thread ? Number(thread.dataset.thread) : 0;
  const side = thread ? thread.dataset.side : "";
  let last = thread ? Number(thread.dataset.lastEvent) || 0 : null;
  let delay = 1000;
  let socket = null;
  const send = (v) => { if (socket && socket.readyState === 1) socket.send(JSON.stringify(v)); };
  const seen = new Set(thread ? [...thread.querySelectorAll("[data-message]")].map((li) => li.dataset.message) : []);
  const label = (state) => thread.dataset[`t${state[0].toUpperCase()}${state.slice(1)}`];
  const add = (m) => {
    if (seen.has(String(m.id))) return;
    seen.add(String(m.id));
    const li = document.createElement("li");
    li.className = `msg from-${m.from}${m.internal ? " internal" : ""}`;
    li.dataset.message = String(m.id);
    const p = document.createElement("p");
    p.textContent = m.body;
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = new Date(m.created_at * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
    if (m.from === side && !m.internal) {
      const st = document.createElement("span");
      st.dataset.state = "";
      st.textContent = label("sent");
      meta.append(" · ", st);
    }
    li.append(p, meta);
    thread.append(li);
  };
  const mark = (upTo, state) => {
    for (const li of thread.querySelectorAll("[data-message]")) {
      const st = li.querySelector("[data-state]");
      if (!st || Number(li.dataset.message) > upTo) continue;
      if (state === "delivered" && st.textContent === label("read")) continue;
      st.textContent = label(state);
    }
  };
  let typingTimer = null;
  const typing = thread && thread.parentElement.querySelector("[data-typing]");
  const showTyping = () => {
    if (!typing) return;
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => { typing.hidden = true; }, 5000);
  };
  let refreshing = false;
  const refreshList = async () => {
    if (!list || refreshing) return;
    refreshing = true;
    try {
      const res = await fetch(location.href, { credentials: "same-origin" });
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const fresh = doc.querySelector("[data-live-list]");
      if (fresh) list.innerHTML = fresh.innerHTML;
    } finally { refreshing = false; }
  };
  const bump = () => {
    let badge = bell.querySelector(".badge");
    if (!badge) { badge = document.createElement("span"); badge.className = "badge"; bell.append(" ", badge); }
    badge.textContent = String((Number(badge.textContent) || 0) + 1);
  };
  const onEvent = (ev) => {
    if (ev.type === "notification") bump();
    if (["message", "conversation", "assigned"].includes(ev.type)) refreshList();
    if (ev.type === "message" && ev.message.from !== side && ev.message.from) {
      // Tell the sender's side this device received it.
      send({ type: "received", conversation_id: ev.conversation_id, up_to: ev.message.id });
    }
    if (!thread || ev.conversation_id !== id) return;
    if (ev.type === "message") {
      add(ev.message);
      if (typing && ev.message.from !== side) typing.hidden = true;
      if (ev.message.from !== side && document.visibilityState === "visible") {
        fetch(`/api/v1/conversations/${id}/read`, {
          method: "POST", credentials: "same-origin",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ up_to: ev.message.id }),
        });
      }
    }
    if (ev.by && ev.by !== side) {
      if (ev.type === "typing" && Date.now() / 1000 - ev.at < 6) showTyping();
      if (ev.type === "read") mark(ev.up_to, "read");
      if (ev.type === "delivered") mark(ev.up_to, "delivered");
    }
  };
  const connect = () => {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const after = last === null ? "" : `?after=${last}`;
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/events${after}`);
    socket = ws;
    ws.onmessage = (e) => {
      const ev = JSON.parse(e.data);
      if (ev.type === "resync") { if (thread || list) location.reload(); return; }
      if (ev.id) last = Math.max(last || 0, ev.id);
      onEvent(ev);
      delay = 1000;
    };
    ws.onclose = () => { setTimeout(connect, delay); delay = Math.min(delay * 2, 30000); };
  };
  if (thread) {
    const box = document.querySelector("[data-reply] textarea");
    let sentAt = 0;
    box?.addEventListener("input", () => {
      if (Date.now() - sentAt > 3000) { sentAt = Date.now(); send({ type: "typing", conversation_id: id }); }
    });
    const canned = document.querySelector("[data-canned]");
    const cannedForm = document.querySelector("[data-canned-form]");
    cannedForm?.addEventListener("submit", (e) => {
      e.preventDefault();
      const opt = canned.selectedOptions[0];
      if (opt && box) { box.value = opt.dataset.body; box.focus(); }
    });
  }
  connect();
})();
