// Caja — the till screen. The page is only the view: the cart, the sale and the offline
// session live in the register process (and its store); every action is one API call and
// the page redraws from the answer. Plain JS, no library, no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { status: null, cart: null, terms: null, lastSale: null, searchIndex: 0, searchItems: [], busy: false };

async function api(method, path, body) {
  const options = { method, headers: { "Accept": "application/json" } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch("/api/" + path, options);
  } catch (e) {
    throw { code: "TILL_UNREACHABLE", message: "La pantalla no puede hablar con el programa de la caja (caja ui). ¿Sigue abierto?" };
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = data.error || {};
    throw { status: response.status, code: error.code || "ERROR", message: error.message || ("Error " + response.status) };
  }
  return data;
}

const money = (text) => "B/. " + (text || "0.00");
function cents(text) {
  if (text === undefined || text === null) return null;
  const t = String(text).trim().replace(",", ".");
  if (t === "") return null;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN;
  const [whole, frac = ""] = t.split(".");
  return parseInt(whole, 10) * 100 + parseInt((frac + "00").slice(0, 2), 10);
}
const fromCents = (c) => (c / 100).toFixed(2);

function anyDialogOpen() { return document.querySelector("dialog[open]") !== null; }
function focusCode() {
  if (!anyDialogOpen() && !$("sale-view").hidden) $("code").focus();
}

function say(text, kind) {
  const m = $("message");
  m.textContent = text || "";
  m.className = kind || "";
}

// ---------------------------------------------------------------- status

async function refreshStatus() {
  try {
    state.status = await api("GET", "status");
    renderStatus();
  } catch (e) {
    $("mode").textContent = "SIN PROGRAMA DE CAJA";
    $("mode").className = "chip offline";
  }
}

function renderStatus() {
  const s = state.status;
  if (!s) return;
  const canSell = s.loggedIn || s.offline;
  $("login-view").hidden = canSell;
  $("sale-view").hidden = !canSell;
  document.body.classList.toggle("offline", s.offline);
  const mode = $("mode");
  if (s.offline) { mode.textContent = s.blocked ? "OFFLINE — BLOQUEADA" : "MODO OFFLINE"; mode.className = "chip offline"; }
  else if (s.connection === "down") { mode.textContent = "EN LÍNEA — SIN CONEXIÓN"; mode.className = "chip down"; }
  else { mode.textContent = "EN LÍNEA"; mode.className = "chip"; }
  $("pending").textContent = s.pending;
  $("last-contact").textContent = s.lastContact || "—";
  $("numbers").textContent = s.numbers.map((n) => n.type + ": " + n.remaining + " (" + n.hours + ")").join(" · ") || "—";
  $("who").textContent = s.user ? (s.user + " · punto " + (s.pointOfSale || "-") + (s.company ? " · " + s.company : "")) : "";
  $("printer-state").textContent = s.printer ? ("Impresora: " + s.printer + (s.drawer ? " + cajón" : "")) : "Sin impresora";
  $("clock").textContent = s.now;

  $("banner").hidden = !s.offline;
  if (s.offline) {
    $("banner-text").textContent = s.blocked
      ? "— EMISIÓN BLOQUEADA — pendientes de envío: " + s.pending
      : "— quedan " + s.timeLeft + " de las 24 h — pendientes de envío: " + s.pending + " — desde " + s.offlineSince;
    let sync = "";
    if (s.sync.running) sync = "Conexión recuperada: enviando " + s.pending + " documento(s)…";
    else if (s.connection === "ok" && s.pending === 0) sync = "Conexión recuperada y todo enviado: pulse «Volver a línea».";
    else if (s.connection === "ok") sync = "El servidor responde: enviando los pendientes…";
    else sync = "Sin conexión con el servidor: los documentos quedan guardados en esta caja.";
    if (s.sync.error && s.connection !== "ok") sync += " (" + s.sync.error + ")";
    $("banner-sync").textContent = sync;
    $("back-online").disabled = s.connection !== "ok" || s.sync.running;
    $("back-online").title = $("back-online").disabled ? "Disponible cuando el servidor responda" : "";
  }
  $("blocked").hidden = !s.blocked;
  $("blocked-text").textContent = s.blockedReason || "";
  $("pay-button").disabled = s.blocked;
  $("pay-button").title = s.blocked ? "Emisión bloqueada (ver arriba)" : "";

  const problems = $("problems");
  problems.hidden = s.problems.length === 0;
  problems.textContent = s.problems.length === 0 ? "" : "ATENCIÓN — documentos que el servidor no aceptó (quedan guardados):\n" +
    s.problems.map((p) => p.type + "-" + p.number + " " + p.status + (p.code ? " [" + p.code + "]" : "") + (p.message ? ": " + p.message : "")).join("\n");

  $("z-button").disabled = s.offline;
  $("z-reason").textContent = s.offline ? "Reporte Z no disponible en modo offline." : "";
  $("offline-button").disabled = s.offline || !s.loggedIn;
  $("offline-button").textContent = s.offline ? "Modo offline activo" : "Modo offline (F7)";
  if (s.offline || !s.loggedIn || state.status.connection === "ok") $("offer-offline").hidden = true;
}

// ---------------------------------------------------------------- cart

async function loadCart() {
  try { state.cart = await api("GET", "cart"); renderCart(); } catch (e) { say(e.message, "error"); }
}

function renderCart() {
  const cart = state.cart;
  if (!cart) return;
  const body = $("cart").querySelector("tbody");
  body.innerHTML = "";
  cart.lines.forEach((line, i) => {
    const tr = document.createElement("tr");
    if (i === cart.lines.length - 1) tr.className = "last";
    tr.dataset.id = line.id;
    const cells = [String(i + 1), line.code, line.description, line.quantity, money(line.unitPrice), line.percent + "%", money(line.total)];
    cells.forEach((text, c) => {
      const td = document.createElement("td");
      td.textContent = text;
      if (c >= 3) td.className = "n";
      tr.appendChild(td);
    });
    const td = document.createElement("td");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Anular";
    button.className = "void";
    button.addEventListener("click", () => voidLine(line.id));
    td.appendChild(button);
    tr.appendChild(td);
    body.appendChild(tr);
  });
  $("empty-cart").hidden = cart.lines.length > 0;
  $("t-net").textContent = money(cart.net);
  $("t-rates").innerHTML = "";
  cart.byRate.forEach((r) => {
    const row = document.createElement("div");
    row.className = "row";
    row.innerHTML = "<span></span><span></span>";
    row.children[0].textContent = "ITBMS " + r.percent + "%";
    row.children[1].textContent = money(r.itbms);
    $("t-rates").appendChild(row);
  });
  $("t-total").textContent = money(cart.total);
  $("t-count").textContent = cart.count;
}

async function addCode(text) {
  if (!text.trim()) return;
  try {
    state.cart = await api("POST", "cart/items", { code: text });
    renderCart();
    const last = state.cart.lines[state.cart.lines.length - 1];
    say(last ? (last.quantity + " × " + last.description) : "", "ok");
  } catch (e) { say(e.message, "error"); }
}

async function voidLine(id) {
  try { state.cart = await api("DELETE", "cart/lines/" + id); renderCart(); say("Línea anulada.", "ok"); }
  catch (e) { say(e.message, "error"); }
  focusCode();
}

async function clearCart() {
  if (!state.cart || state.cart.lines.length === 0) return;
  if (!confirm("¿Vaciar la venta actual?")) { focusCode(); return; }
  try { state.cart = await api("DELETE", "cart"); renderCart(); say("Venta vaciada.", "ok"); } catch (e) { say(e.message, "error"); }
  focusCode();
}

// ---------------------------------------------------------------- pay

function openPay() {
  const s = state.status;
  if (!state.cart || state.cart.lines.length === 0) { say("La venta no tiene artículos: escanee un código.", "error"); return; }
  if (s && s.blocked) { say(s.blockedReason, "error"); return; }
  const offline = s && s.offline;
  $("pay-total").textContent = money(state.cart.total);
  $("pay-document").value = "01";
  $("pay-method").value = "cash";
  $("pay-cash").value = "";
  $("pay-reference").value = "";
  $("pay-taxpayer").checked = false;
  $("pay-error").textContent = "";
  // O4–O7: what the rules forbid offline is disabled, with the reason.
  $("pay-document").querySelector("option[value='04']").disabled = offline;
  for (const v of ["card", "debit", "transfer", "mixed"]) $("pay-method").querySelector("option[value='" + v + "']").disabled = offline;
  $("pay-taxpayer").disabled = offline;
  $("doc-reason").textContent = offline ? "Modo offline: solo Factura (01) y Nota de crédito genérica (06)." : "";
  $("method-reason").textContent = offline ? "Modo offline: solo pago en efectivo." : "";
  $("customer-reason").textContent = offline ? "Modo offline: solo a consumidor final (sin factura completa)." : "";
  updatePayForm();
  $("pay-dialog").showModal();
  $("pay-cash").focus();
}

function updatePayForm() {
  const method = $("pay-method").value;
  const doc = $("pay-document").value;
  $("cash-row").hidden = method !== "cash";
  $("mixed-row").hidden = method !== "mixed";
  $("reference-row").hidden = doc !== "04";
  $("customer-fields").hidden = !$("pay-taxpayer").checked;
  const total = cents(state.cart ? state.cart.total : "0");
  const given = cents($("pay-cash").value);
  if (given === null) $("pay-change").textContent = money("0.00") + " (pago exacto)";
  else if (isNaN(given)) $("pay-change").textContent = "monto no válido";
  else if (given < total) $("pay-change").textContent = "faltan " + money(fromCents(total - given));
  else $("pay-change").textContent = money(fromCents(given - total));
}

async function confirmPay(event) {
  event.preventDefault();
  if (state.busy) return;
  const method = $("pay-method").value;
  const request = { document: $("pay-document").value, method };
  if (method === "cash" && $("pay-cash").value.trim() !== "") request.cash = $("pay-cash").value.trim();
  if (method === "mixed") {
    request.payments = [["cash", "mix-cash"], ["card", "mix-card"], ["transfer", "mix-transfer"]]
      .filter(([, id]) => $(id).value.trim() !== "").map(([m, id]) => ({ method: m, amount: $(id).value.trim() }));
  }
  if (request.document === "04") request.reference = $("pay-reference").value.trim();
  if ($("pay-taxpayer").checked) {
    request.customer = { ruc: $("cust-ruc").value, dv: $("cust-dv").value, name: $("cust-name").value, kind: $("cust-kind").value };
  }
  state.busy = true;
  $("pay-confirm").disabled = true;
  $("pay-confirm").textContent = "Procesando…";
  try {
    const sale = await api("POST", "pay", request);
    $("pay-dialog").close();
    state.cart = sale.cart;
    renderCart();
    showReceipt(sale);
    say("", "");
  } catch (e) {
    if (e.status === 503 && !(state.status && state.status.offline)) {
      $("pay-dialog").close();
      say(e.message, "error");
      $("offer-offline").hidden = false;
      $("offer-offline-button").focus();
    } else {
      $("pay-error").textContent = e.message;
    }
  } finally {
    state.busy = false;
    $("pay-confirm").disabled = false;
    $("pay-confirm").textContent = "Confirmar (Enter)";
    refreshStatus();
  }
}

function showReceipt(sale) {
  state.lastSale = sale;
  $("receipt-title").textContent = sale.title + (sale.document.emission === "contingency" ? " — CONTINGENCIA" : "");
  $("receipt-change").textContent = "Vuelto " + money(sale.document.change);
  $("receipt-amounts").textContent = "Total " + money(sale.document.total) + " · Recibido " + money(sale.document.received);
  const p = $("receipt-print");
  if (sale.printError) { p.textContent = "EL RECIBO NO SE IMPRIMIÓ: " + sale.printError; p.className = "error"; }
  else if (sale.printed) { p.textContent = "Recibo impreso."; p.className = "small"; }
  else { p.textContent = "Sin impresora configurada."; p.className = "small"; }
  $("receipt-reprint").hidden = !state.status || !state.status.printer;
  $("receipt-text").textContent = sale.receipt;
  $("receipt-dialog").showModal();
  $("receipt-close").focus();
}

async function reprint(type, number, target) {
  try {
    const result = await api("POST", "receipts/" + type + "/" + number + "/print", {});
    target.textContent = result.printed ? "Recibo reimpreso." : ("EL RECIBO NO SE IMPRIMIÓ: " + result.printError);
    target.className = result.printed ? "small" : "error";
  } catch (e) { target.textContent = e.message; target.className = "error"; }
}

// ---------------------------------------------------------------- offline

async function openOffline() {
  if (!state.terms) {
    try { state.terms = await api("GET", "terms"); } catch (e) { say(e.message, "error"); return; }
  }
  $("offline-terms").textContent = state.terms.text;
  const choices = $("reason-choices");
  choices.innerHTML = "";
  state.terms.reasons.forEach((reason) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = reason;
    b.addEventListener("click", () => { $("offline-reason").value = reason; countReason(); $("offline-accept").focus(); });
    choices.appendChild(b);
  });
  $("offline-accept").checked = false;
  $("offline-error").textContent = "";
  countReason();
  $("offline-dialog").showModal();
  $("offline-reason").focus();
}

function countReason() { $("reason-count").textContent = $("offline-reason").value.trim().length; }

async function activateOffline(event) {
  event.preventDefault();
  try {
    state.status = await api("POST", "offline/on", { reason: $("offline-reason").value, accept: $("offline-accept").checked });
    $("offline-dialog").close();
    $("offer-offline").hidden = true;
    renderStatus();
    say("Modo offline activado. Puede cobrar la venta (F12).", "ok");
    focusCode();
  } catch (e) {
    $("offline-error").textContent = e.message;
  }
}

async function backOnline() {
  $("back-online").disabled = true;
  try {
    state.status = await api("POST", "offline/off", {});
    renderStatus();
    say("En línea otra vez: todos los documentos offline fueron enviados.", "ok");
  } catch (e) { say(e.message, "error"); refreshStatus(); }
  focusCode();
}

async function syncNow() {
  try { state.status = await api("POST", "sync", {}); renderStatus(); say("Pendientes enviados.", "ok"); }
  catch (e) { say(e.message, "error"); }
  focusCode();
}

// ---------------------------------------------------------------- search, receipts, Z

function openSearch() {
  $("search-input").value = "";
  $("search-results").innerHTML = "";
  state.searchItems = [];
  $("search-dialog").showModal();
  $("search-input").focus();
}

let searchTimer = null;
function searchTyped() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = $("search-input").value;
    try { state.searchItems = await api("GET", "products?q=" + encodeURIComponent(q)); } catch (e) { state.searchItems = []; }
    state.searchIndex = 0;
    renderSearch();
  }, 120);
}

function renderSearch() {
  const list = $("search-results");
  list.innerHTML = "";
  state.searchItems.forEach((p, i) => {
    const li = document.createElement("li");
    li.textContent = p.code + " — " + p.name + " — " + money(p.price) + " (ITBMS " + p.percent + "%)";
    if (i === state.searchIndex) li.className = "selected";
    li.addEventListener("click", () => pickSearch(i));
    list.appendChild(li);
  });
}

async function pickSearch(i) {
  const p = state.searchItems[i];
  if (!p) return;
  $("search-dialog").close();
  await addCode(p.code);
  focusCode();
}

async function openReceipts() {
  $("receipts-message").textContent = "";
  const body = $("receipts").querySelector("tbody");
  body.innerHTML = "";
  $("receipts-dialog").showModal();
  try {
    const list = await api("GET", "receipts");
    list.forEach((r) => {
      const tr = document.createElement("tr");
      [r.type, String(r.number), r.date, money(r.total), (r.emission === "contingency" ? "offline, " : "") + r.status].forEach((t, c) => {
        const td = document.createElement("td");
        td.textContent = t;
        if (c === 3) td.className = "n";
        tr.appendChild(td);
      });
      const td = document.createElement("td");
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Reimprimir";
      b.addEventListener("click", () => reprint(r.type, r.number, $("receipts-message")));
      td.appendChild(b);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    if (list.length === 0) $("receipts-message").textContent = "Aún no hay documentos en esta caja.";
  } catch (e) { $("receipts-message").textContent = e.message; }
}

async function zReport() {
  if (state.status && state.status.offline) { say("No se puede hacer el Reporte Z en modo offline. Vuelva a línea primero.", "error"); return; }
  if (!confirm("¿Hacer el Reporte Z (cierre del día) de este punto de facturación?")) { focusCode(); return; }
  say("Haciendo el Reporte Z…", "");
  try {
    const z = await api("POST", "z-report", {});
    $("z-text").textContent = z.text;
    $("z-print").textContent = z.printError ? ("NO SE IMPRIMIÓ: " + z.printError) : (z.printed ? "Impreso." : "");
    $("z-dialog").showModal();
    $("z-close").focus();
    say("", "");
  } catch (e) { say(e.message, "error"); }
}

// ---------------------------------------------------------------- login

async function login(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  $("login-submit").disabled = true;
  try {
    state.status = await api("POST", "login", {
      server: $("login-server").value.trim(), user: $("login-user").value.trim(), password: $("login-password").value,
      pos: $("login-pos").value.trim(), device: $("login-device").value.trim() || undefined });
    $("login-password").value = "";
    renderStatus();
    await loadCart();
    focusCode();
  } catch (e) { $("login-error").textContent = e.message; }
  finally { $("login-submit").disabled = false; }
}

// ---------------------------------------------------------------- keyboard

document.addEventListener("keydown", (event) => {
  const key = event.key;
  if (key === "Escape" && anyDialogOpen()) { setTimeout(focusCode, 0); return; }
  if ($("search-dialog").open) {
    if (key === "ArrowDown") { state.searchIndex = Math.min(state.searchIndex + 1, state.searchItems.length - 1); renderSearch(); event.preventDefault(); }
    if (key === "ArrowUp") { state.searchIndex = Math.max(state.searchIndex - 1, 0); renderSearch(); event.preventDefault(); }
    if (key === "Enter") { pickSearch(state.searchIndex); event.preventDefault(); }
    return;
  }
  if ($("receipt-dialog").open && key === "Enter") { $("receipt-dialog").close(); event.preventDefault(); focusCode(); return; }
  if (anyDialogOpen() || $("sale-view").hidden) return;
  const actions = { F2: openSearch, F4: () => { const l = state.cart && state.cart.lines; if (l && l.length) voidLine(l[l.length - 1].id); },
                    F6: openReceipts, F7: () => { if (!$("offline-button").disabled) openOffline(); }, F8: clearCart,
                    F9: zReport, F12: openPay };
  if (actions[key]) { event.preventDefault(); actions[key](); }
});

$("code-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("code").value;
  $("code").value = "";
  addCode(text);
});
$("code").addEventListener("blur", () => setTimeout(focusCode, 50));
$("login-form").addEventListener("submit", login);
$("pay-form").addEventListener("submit", confirmPay);
$("pay-cancel").addEventListener("click", () => { $("pay-dialog").close(); focusCode(); });
for (const id of ["pay-method", "pay-document", "pay-taxpayer"]) $(id).addEventListener("change", updatePayForm);
$("pay-cash").addEventListener("input", updatePayForm);
$("pay-button").addEventListener("click", openPay);
$("search-button").addEventListener("click", openSearch);
$("search-input").addEventListener("input", searchTyped);
$("search-close").addEventListener("click", () => { $("search-dialog").close(); focusCode(); });
$("receipts-button").addEventListener("click", openReceipts);
$("receipts-close").addEventListener("click", () => { $("receipts-dialog").close(); focusCode(); });
$("receipt-close").addEventListener("click", () => { $("receipt-dialog").close(); focusCode(); });
$("receipt-reprint").addEventListener("click", () => {
  const d = state.lastSale && state.lastSale.document;
  if (d) reprint(d.type, d.number, $("receipt-print"));
});
$("offline-button").addEventListener("click", openOffline);
$("offer-offline-button").addEventListener("click", openOffline);
$("offline-form").addEventListener("submit", activateOffline);
$("offline-cancel").addEventListener("click", () => { $("offline-dialog").close(); focusCode(); });
$("offline-reason").addEventListener("input", countReason);
$("back-online").addEventListener("click", backOnline);
$("sync-button").addEventListener("click", syncNow);
$("z-button").addEventListener("click", zReport);
$("z-close").addEventListener("click", () => { $("z-dialog").close(); focusCode(); });
for (const d of document.querySelectorAll("dialog")) d.addEventListener("close", () => setTimeout(focusCode, 0));

(async function start() {
  await refreshStatus();
  await loadCart();
  focusCode();
  setInterval(refreshStatus, 2000);
})();
