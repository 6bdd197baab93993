/* The chat page: shows the conversation, sends messages to Rasa's REST channel and keeps the
   conversation in the browser (localStorage) so that it survives a reload. Every text from the
   visitor or the assistant goes into the page as text (textContent), never as HTML. While a person
   of the staff has the conversation (replies say so in an X-Handoff header), the page listens to the
   channel's server-sent events, so their texts appear without the visitor writing. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("chat-config").textContent);
  var texts = config.texts;
  var endpoint = new URL(config.endpoint, document.baseURI).href;
  var eventsEndpoint = new URL("events", endpoint).href; // beside .../webhook: texts a person writes
  var STORE_KEY = "qicc-chat";
  var KEEP = 200; // messages kept for the next visit
  var embedded = new URLSearchParams(location.search).has("embed");
  // [label](https://...) or a bare https://... address, without the punctuation that ends a sentence.
  var LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]）。，；：！？])/g;

  var els = {
    title: document.getElementById("chat-title"),
    messages: document.getElementById("messages"),
    typing: document.getElementById("typing"),
    typingText: document.getElementById("typing-text"),
    form: document.getElementById("composer"),
    input: document.getElementById("message"),
    language: document.getElementById("language"),
    restart: document.getElementById("restart"),
    close: document.getElementById("close")
  };
  var state = loadState();
  var queue = Promise.resolve(); // one request at a time, so replies come back in order
  var pending = 0;
  var events = null; // the EventSource of staff texts during a handoff

  function newSender() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function loadState() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORE_KEY));
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* no storage or a damaged entry: start afresh */ }
    return { sender: newSender(), messages: [], language: null };
  }

  function saveState() {
    state.messages = state.messages.slice(-KEEP);
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: no history */ }
  }

  function language() {
    if (texts[state.language]) return state.language; // the visitor's own choice
    var first = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
    return /^zh/i.test(first) ? "zh" : "en";
  }

  function t(key) { return texts[language()][key]; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeUrl(value) {
    try {
      var url = new URL(value, document.baseURI);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) { return null; }
  }

  function link(label, href) {
    var a = el("a", "", label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function appendRichText(parent, text) {
    var last = 0;
    text.replace(LINK, function (match, label, href, bare, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      parent.appendChild(link(label || bare, href || bare));
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function choices(buttons, label, active) {
    var group = el("div", "quick-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", label);
    buttons.forEach(function (choice) {
      var url = choice.url && safeUrl(choice.url);
      if (url) {
        group.appendChild(link(choice.title, url)).className = "quick-reply";
        return;
      }
      var button = el("button", "quick-reply", choice.title);
      button.type = "button";
      button.disabled = !active;
      button.addEventListener("click", function () {
        send(choice.payload || choice.title, choice.title);
        els.input.focus(); // the clicked button is now disabled and would drop the focus
      });
      group.appendChild(button);
    });
    return group;
  }

  function messageItem(message, active) {
    var item = el("li", "message " + (message.from === "user" ? "user" : "bot"));
    item.appendChild(el("span", "visually-hidden", t(message.from === "user" ? "you" : "assistant") + " "));
    var text = message.notice ? t(message.notice) : message.text;
    if (text) {
      var bubble = el("div", "bubble" + (message.notice ? " notice" : ""));
      if (message.from === "user") bubble.textContent = text; else appendRichText(bubble, text);
      item.appendChild(bubble);
    }
    var src = message.image && safeUrl(message.image);
    if (src) {
      var image = el("img", "picture");
      image.src = src;
      image.alt = t("image");
      image.loading = "lazy";
      item.appendChild(image);
    }
    if (message.failed) item.appendChild(el("p", "note", t("not_sent")));
    if (message.buttons && message.buttons.length) {
      item.appendChild(choices(message.buttons, t("quick_replies_label"), active));
    }
    return item;
  }

  function scrollDown() { els.messages.scrollTop = els.messages.scrollHeight; }

  function disableChoices() {
    Array.prototype.forEach.call(els.messages.querySelectorAll("button.quick-reply"), function (b) { b.disabled = true; });
    var suggestions = els.messages.querySelector(".suggestions");
    if (suggestions) suggestions.remove();
  }

  function append(message) {
    state.messages.push(message);
    saveState();
    var item = messageItem(message, true);
    els.messages.appendChild(item);
    scrollDown();
    return item;
  }

  /* Everything again (first load, language switch) without reading the whole log out loud. */
  function renderAll() {
    els.messages.setAttribute("aria-live", "off");
    els.messages.textContent = "";
    if (t("welcome")) els.messages.appendChild(messageItem({ from: "bot", text: t("welcome") }, false));
    if (!state.messages.length) {
      var suggestions = t("suggestions").map(function (q) { return { title: q, payload: q }; });
      var item = el("li", "message bot suggestions");
      item.appendChild(choices(suggestions, t("suggestions_label"), true));
      els.messages.appendChild(item);
    }
    state.messages.forEach(function (message, index) {
      els.messages.appendChild(messageItem(message, index === state.messages.length - 1));
    });
    scrollDown();
    setTimeout(function () { els.messages.setAttribute("aria-live", "polite"); }, 0);
  }

  function applyLanguage() {
    var lang = language();
    var other = lang === "zh" ? "en" : "zh";
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    Array.prototype.forEach.call(document.querySelectorAll("[data-text]"), function (node) { node.textContent = t(node.dataset.text); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-placeholder]"), function (node) { node.placeholder = t(node.dataset.placeholder); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-label]"), function (node) {
      node.setAttribute("aria-label", t(node.dataset.label));
      node.title = t(node.dataset.label);
    });
    els.language.textContent = texts[other].language_name;
    els.language.lang = other === "zh" ? "zh-CN" : "en";
    els.language.setAttribute("aria-label", texts[other].switch_language);
    if (pending) els.typingText.textContent = t("typing");
    renderAll();
  }

  function setTyping(on) {
    els.typing.classList.toggle("on", on);
    els.typingText.textContent = on ? t("typing") : "";
  }

  function botMessage(reply) {
    var message = { from: "bot" };
    if (typeof reply.text === "string") message.text = reply.text;
    if (typeof reply.image === "string") message.image = reply.image;
    if (Array.isArray(reply.buttons)) {
      message.buttons = reply.buttons.filter(function (b) { return b && typeof b.title === "string"; }).map(function (b) {
        return { title: b.title, payload: typeof b.payload === "string" ? b.payload : "", url: typeof b.url === "string" ? b.url : "" };
      });
    }
    return message;
  }

  function shownReplies(replies) {
    return (Array.isArray(replies) ? replies : []).map(botMessage).filter(function (m) {
      return m.text || m.image || (m.buttons && m.buttons.length);
    });
  }

  function watchHandoff(on) {
    if (state.withPerson !== on) {
      state.withPerson = on;
      saveState();
    }
    if (on && !events) {
      // EventSource reconnects by itself when the stream closes or the network drops.
      events = new EventSource(eventsEndpoint + "?sender=" + encodeURIComponent(state.sender));
      events.onmessage = function (event) {
        try { shownReplies([JSON.parse(event.data)]).forEach(append); } catch (e) { /* not a text */ }
      };
      events.addEventListener("ended", function () { watchHandoff(false); });
    }
    if (!on && events) {
      events.close();
      events = null;
    }
  }

  function post(message, item) {
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: message.payload || message.text })
    }).then(function (response) {
      watchHandoff(response.headers.get("X-Handoff") === "person");
      if (response.status === 413 || response.status === 429) {
        // Refused with a reply that says why (too long, too fast): the text comes back to edit or resend.
        if (!els.input.value) els.input.value = message.text;
      } else if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    }).then(function (replies) {
      var shown = shownReplies(replies);
      // While a person has the conversation a message may get no reply at once: theirs comes later.
      if (!shown.length && !state.withPerson) throw new Error("no reply");
      shown.forEach(append);
    }).catch(function () {
      // Nothing is lost: the message goes back into the box, and the visitor gets the phone number.
      message.failed = true;
      saveState();
      item.appendChild(el("p", "note", t("not_sent")));
      if (!els.input.value) els.input.value = message.text;
      append({ from: "bot", notice: "error" });
    });
  }

  function send(text, shown) {
    text = text.trim();
    if (!text) return;
    disableChoices();
    var message = { from: "user", text: shown || text };
    if (shown && shown !== text) message.payload = text;
    var item = append(message);
    pending += 1;
    setTyping(true);
    queue = queue.then(function () { return post(message, item); }).then(function () {
      pending -= 1;
      if (!pending) setTyping(false);
    });
  }

  els.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = els.input.value;
    els.input.value = "";
    send(text);
  });

  els.language.addEventListener("click", function () {
    state.language = language() === "zh" ? "en" : "zh";
    saveState();
    applyLanguage();
  });

  els.restart.addEventListener("click", function () {
    watchHandoff(false);
    state = { sender: newSender(), messages: [], language: state.language };
    saveState();
    renderAll();
    els.input.focus();
  });

  function closeWidget() { parent.postMessage("qicc-chat:close", "*"); }
  if (embedded) {
    els.close.hidden = false;
    els.close.addEventListener("click", closeWidget);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") closeWidget(); });
  }

  applyLanguage();
  if (state.withPerson) watchHandoff(true); // a reload during a talk with a person keeps listening
  els.input.focus();
})();
