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
