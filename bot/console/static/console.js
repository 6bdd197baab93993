// The console's few scripts (no inline scripts: the pages' Content-Security-Policy forbids them).

// Asks before a form that deletes or restores something is sent (forms with data-confirm).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

const csrfToken = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

// Every page of a signed-in staff member says "I am here" every 20 s (the assistant hands visitors only to
// staff with the console open) and learns how many visitors wait: shown in the tab's title and the
// navigation, with one short tone when the number grows. The visitors page asks every 5 s and shows the
// new queue when it changed.
(() => {
  const url = document.body.dataset.heartbeat;
  if (!url) return;
  const title = document.title;
  let known = null;
  const ring = () => {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      tone.frequency.value = 880;
      tone.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.25);
    } catch (error) { /* no sound before the first click on the page: the title still shows it */ }
  };
  const show = (waiting) => {
    document.title = waiting ? `${document.body.dataset.newVisitor.replace("{count}", waiting)} · ${title}` : title;
    document.querySelectorAll("[data-waiting-badge]").forEach((badge) => {
      badge.textContent = waiting;
      badge.hidden = !waiting;
    });
    const listed = document.querySelector("[data-waiting-count]");
    if (known === null && listed) known = Number(listed.textContent); // the queue this page shows
    if (known !== null && waiting > known) ring();
    if (listed && waiting !== known) setTimeout(() => window.location.reload(), 300); // after the tone
    known = waiting;
  };
  const beat = () => fetch(url, {method: "POST", headers: {"X-CSRF-Token": csrfToken()}, credentials: "same-origin"})
    .then((response) => response.ok ? response.json() : null)
    .then((answer) => { if (answer) show(answer.waiting); })
    .catch(() => {});
  beat();
  setInterval(beat, document.querySelector("[data-waiting-count]") ? 5000 : 20000);
})();

// The chat view: what the visitor writes appears without a reload (asked every 2 s), with each staff
// text's delivery; a closed talk says so and stops asking.
(() => {
  const box = document.getElementById("messages");
  if (!box || !box.dataset.poll) return;
  const labels = box.dataset;
  const line = (m) => {
    const div = document.createElement("div");
    div.className = `line ${m.author === "visitor" ? "visitor" : "bot"}`;
    div.dataset.id = m.id;
    const meta = document.createElement("span");
    meta.className = "muted";
    const who = m.author === "staff" ? m.staff : (m.author === "visitor" ? labels.authorVisitor : labels.authorAssistant);
    meta.textContent = `${m.at} ${who}`;
    if (m.author !== "visitor") {
      const state = document.createElement("span");
      state.className = `delivery ${m.state}`;
      state.textContent = ` · ${labels["state" + m.state[0].toUpperCase() + m.state.slice(1)]}${m.error ? ": " + m.error : ""}`;
      meta.appendChild(state);
    }
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.textContent = m.text;
    div.append(meta, bubble);
    return div;
  };
  const poll = () => fetch(box.dataset.poll, {credentials: "same-origin"})
    .then((response) => response.ok ? response.json() : null)
    .then((answer) => {
      if (!answer) return;
      // Redrawn whole: a staff text's delivery state changes after it was first shown.
      box.replaceChildren(...answer.messages.map(line));
      if (answer.state === "closed" && box.dataset.state !== "closed") {
        box.dataset.state = "closed";
        const note = document.createElement("p");
        note.className = "notice";
        note.setAttribute("role", "status");
        note.textContent = labels.closedText;
        box.after(note);
        document.querySelectorAll("form.reply button, form.reply textarea").forEach((el) => { el.disabled = true; });
      }
    })
    .catch(() => {});
  if (box.dataset.state !== "closed") setInterval(() => { if (box.dataset.state !== "closed") poll(); }, 2000);
})();

// A canned reply: the FAQ answer chosen is put into the reply box, to be read and sent by the staff member.
document.addEventListener("change", (event) => {
  const target = event.target.dataset && event.target.dataset.insertInto;
  if (!target || !event.target.value) return;
  const box = document.getElementById(target);
  box.value = box.value ? `${box.value}\n${event.target.value}` : event.target.value;
  event.target.value = "";
  box.focus();
});

// An ingest's job page shows the run as it goes: it is loaded again every second until the run has ended.
(() => {
  const running = document.querySelector("[data-reload]");
  if (running) setTimeout(() => window.location.reload(), Number(running.dataset.reload));
})();

// Files past the console's request limit are refused before they are sent (a refused upload still being sent
// can end in a reset connection rather than the server's message).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.dataset || !form.dataset.maxBytes) return;
  const input = form.querySelector('input[type="file"]');
  const bytes = Array.from(input.files).reduce((sum, file) => sum + file.size, 0);
  input.setCustomValidity(bytes > Number(form.dataset.maxBytes) ? form.dataset.tooLarge : "");
  if (!input.reportValidity()) event.preventDefault();
});
document.addEventListener("change", (event) => {
  if (event.target.type === "file") event.target.setCustomValidity("");
});
