(function () {
  "use strict";
  // Checks a certificate's QR statement (a JWS signed with EdDSA/Ed25519) against the public
  // keys embedded in this page; needs no server. Runs in any browser with WebCrypto Ed25519.
  var published = JSON.parse(document.getElementById("published").textContent);
  var $ = function (id) { return document.getElementById(id); };

  function bytes(b64url) {
    var s = b64url.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function json(b64url) { return JSON.parse(new TextDecoder().decode(bytes(b64url))); }
  function fail(message) { var e = new Error(message); e.shown = true; throw e; }

  async function check(token) {
    var parts = token.trim().split(".");
    if (parts.length !== 3) { fail("Chuỗi xác thực không đúng dạng."); }
    var header, claims;
    try { header = json(parts[0]); claims = json(parts[1]); }
    catch (e) { fail("Chuỗi xác thực không đúng dạng."); }
    if (header.alg !== "EdDSA") { fail("Thuật toán ký không được chấp nhận."); }
    var jwk = published.keys.keys.filter(function (k) { return k.kid === header.kid; })[0];
    if (!jwk) { fail("Không có khóa công khai nào khớp với chuỗi này (khóa của cơ quan chưa được công bố trong trang)."); }
    var key = await crypto.subtle.importKey(
      "jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
    var signature;
    try { signature = bytes(parts[2]); } catch (e) { fail("Chuỗi xác thực không đúng dạng."); }
    var ok = await crypto.subtle.verify(
      { name: "Ed25519" }, key, signature, new TextEncoder().encode(parts[0] + "." + parts[1]));
    if (!ok) { fail("Chữ ký không đúng: nội dung đã bị sửa hoặc giả mạo."); }
    return { claims: claims, jwk: jwk };
  }

  async function revoked() {
    var out = {};
    for (var i = 0; i < published.revocations.lists.length; i++) {
      try {
        var list = await check(published.revocations.lists[i]);
        list.claims.revoked.forEach(function (r) { out[r.c] = r; });
      } catch (e) { /* a list that does not verify revokes nothing */ }
    }
    return out;
  }

  function day(iso) { var p = iso.split("-"); return p[2] + "/" + p[1] + "/" + p[0]; }
  function code(c) { return c.match(/.{1,4}/g).join("-"); }
  function row(label, value) {
    var dt = document.createElement("dt"); dt.textContent = label;
    var dd = document.createElement("dd"); dd.textContent = value;
    $("facts").append(dt, dd);
  }

  async function run() {
    var raw = $("statement").value.trim();
    var token = raw.indexOf("#") >= 0 ? raw.slice(raw.indexOf("#") + 1) : raw;
    $("facts").replaceChildren();
    $("verdict").className = "verdict";
    try {
      var found = await check(token);
      var c = found.claims;
      var gone = (await revoked())[c.c];
      var reissued = gone && gone.s === "reissued";
      $("verdict").textContent = reissued ? "Giấy khen đã được cấp lại"
        : gone ? "Giấy khen đã bị thu hồi" : "Giấy khen hợp lệ";
      $("verdict").className = gone ? "verdict err" : "verdict ok";
      row("Mã xác thực", code(c.c));
      row("Tặng", c.n);
      row("Hình thức", c.f);
      row("Quyết định", "Số " + c.d + " ngày " + day(c.t) + " của " + c.i);
      row("Khóa ký", found.jwk.kid + " (" + found.jwk.issuer + ")");
      if (reissued) {
        row("Đã được cấp lại", day(gone.at) + ", theo " + gone.ref + "; giấy khen thay thế mang mã " + code(gone["new"]));
      } else if (gone) { row("Thu hồi", day(gone.at) + ", theo " + gone.ref); }
    } catch (e) {
      $("verdict").textContent = "Không hợp lệ: " + (e.shown ? e.message : "không kiểm tra được chuỗi này.");
      $("verdict").className = "verdict err";
    }
  }

  $("check").addEventListener("click", run);
  $("taken").textContent = published.taken_on;
  function fromHash() {
    if (location.hash.length > 1) {
      $("statement").value = decodeURIComponent(location.hash.slice(1));
      run();
    }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
