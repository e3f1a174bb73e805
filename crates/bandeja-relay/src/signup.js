// Bandeja: WhatsApp Embedded Signup (v4 flow), served by bandeja-relay.
// The authorization code lives 30 s and must never be exchanged here: it goes
// straight back to the desktop app (a loopback `return` URL it opened this
// page with, else the bandeja://signup link), which asks the relay to
// exchange it with the app secret (POST /v1/signup/exchange).
(function () {
  "use strict";
  var root = document.getElementById("signup");
  var start = document.getElementById("start");
  var params = new URLSearchParams(window.location.search);
  var session = {};

  function status(text) {
    document.getElementById("status").textContent = text;
  }

  function loopback(url) {
    try {
      var u = new URL(url);
      return u.protocol === "http:" &&
        (u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]");
    } catch (e) {
      return false;
    }
  }

  function handOver(code) {
    var q = new URLSearchParams({ code: code });
    ["waba_id", "phone_number_id", "business_id"].forEach(function (k) {
      if (session[k]) q.set(k, session[k]);
    });
    if (params.get("state")) q.set("state", params.get("state"));
    var back = params.get("return");
    var target = back && loopback(back) ? back : "bandeja://signup";
    window.location.href = target + (target.indexOf("?") < 0 ? "?" : "&") + q.toString();
  }

  window.addEventListener("message", function (event) {
    var host;
    try {
      host = new URL(event.origin).hostname;
    } catch (e) {
      return;
    }
    if (!/(^|\.)facebook\.com$/.test(host)) return;
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (!data || data.type !== "WA_EMBEDDED_SIGNUP") return;
    if (data.event === "CANCEL") status("Cancelado · Cancelled");
    else session = data.data || {};
  });

  window.fbAsyncInit = function () {
    window.FB.init({
      appId: root.dataset.appId,
      autoLogAppEvents: true,
      xfbml: true,
      version: root.dataset.version
    });
    start.disabled = false;
  };

  start.addEventListener("click", function () {
    window.FB.login(function (response) {
      var code = response && response.authResponse && response.authResponse.code;
      if (!code) return status("Sin código de autorización · No authorization code");
      status("Volviendo a Bandeja… · Returning to Bandeja…");
      // the session message may land just after the login callback
      window.setTimeout(function () { handOver(code); }, 300);
    }, {
      config_id: root.dataset.configId,
      response_type: "code",
      override_default_response_type: true,
      extras: { setup: {} }
    });
  });
})();
