/* The chat widget for the center's website: one script tag adds a chat button that opens the
   chat page (/chat/ on the assistant's server) in a panel. The panel is an iframe, so the
   website's styles and scripts and the chat's never mix; its styles sit in a shadow root. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.qiccChatWidget) return; // the tag twice on a page adds one button
  window.qiccChatWidget = true;

  var config = /*QICC_CONFIG*/;
  var chatUrl = new URL("./", script.src);
  var first = (navigator.languages && navigator.languages[0]) || navigator.language || "en";
  var texts = config.texts[/^zh/i.test(first) ? "zh" : "en"];

  var style = [
    ":host { all: initial; }",
    ".launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center;",
    "  gap: 8px; min-height: 48px; padding: 0 18px; border: 0; border-radius: 24px; background: #0b5394; color: #fff;",
    "  font: 600 16px/1 system-ui, sans-serif; box-shadow: 0 4px 14px rgba(0,0,0,.25); cursor: pointer; }",
    ".launcher:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }",
    ".panel { position: fixed; right: 20px; bottom: 80px; z-index: 2147483000; width: 380px; height: 600px;",
    "  max-height: calc(100vh - 100px); border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.3); background: #fff; }",
    ".panel[hidden] { display: none; }",
    "iframe { width: 100%; height: 100%; border: 0; }",
    "@media (max-width: 480px) {",
    "  .panel { inset: 0; width: auto; height: auto; max-height: none; border-radius: 0; }",
    "  .launcher[aria-expanded='true'] { display: none; }",
    "}"
  ].join("\n");

  var host = document.createElement("div");
  var root = host.attachShadow({ mode: "open" });
  var sheet = document.createElement("style");
  sheet.textContent = style;
  var panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "qicc-chat-panel";
  panel.hidden = true;
  var launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "launcher";
  launcher.textContent = texts.short_title;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", panel.id);
  root.appendChild(sheet);
  root.appendChild(panel);
  root.appendChild(launcher);

  var frame = null;
  function open() {
    if (!frame) { // loaded on first use, so that the website does not wait for the chat
      frame = document.createElement("iframe");
      frame.title = texts.short_title;
      frame.src = chatUrl.href + "?embed=1";
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    frame.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  window.addEventListener("message", function (event) {
    if (event.origin === chatUrl.origin && event.data === "qicc-chat:close") close();
  });

  function attach() { document.body.appendChild(host); }
  if (document.body) attach(); else document.addEventListener("DOMContentLoaded", attach);
})();
