#!/usr/bin/env python3
"""Drives the cashier's screen (`caja ui`) in headless Chromium as a cashier would (WebDriver
over HTTP with urllib: no selenium needed), against a real caja-server it starts and stops,
with a fake receipt printer (a TCP listener on 127.0.0.1 that keeps the bytes).

Log in; scan three codes; pay cash and check the change; the receipt bytes reach the printer
(ESC @, the QR command GS ( k, the cut GS V, the drawer pulse ESC p); stop the server -> an
online sale fails -> activate offline through the dialog (refused without the checkbox) ->
three offline sales -> reload mid-sale and find the cart intact -> the banner shows pending 3
-> start the server again (same data, same port) -> pending reaches 0 -> Volver a linea -> Z.
A screenshot of every step is saved. Exit code 0 when every check holds.

Usage: till_check.py BIN_DIR WORK_DIR SCREENSHOT_DIR SERVER_PORT UI_PORT PRINTER_PORT DRIVER_PORT
"""
import base64, json, os, socket, subprocess, sys, threading, time, urllib.request

BIN, WORK, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
SERVER_PORT, UI_PORT, PRINTER_PORT, DRIVER_PORT = (int(x) for x in sys.argv[4:8])
SERVER = f"http://127.0.0.1:{SERVER_PORT}"
UI = f"http://127.0.0.1:{UI_PORT}"
DRIVER = f"http://127.0.0.1:{DRIVER_PORT}"
os.makedirs(OUT, exist_ok=True)
failures = []
printed = bytearray()
printed_lock = threading.Lock()
ENTER, F9, F12 = "\ue007", "\ue039", "\ue03c"


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def wait_for(condition, seconds=120):
    """Polls generously: a busy 2-core machine answers late."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return True
        except Exception:
            pass
        time.sleep(0.25)
    try:
        return bool(condition())
    except Exception:
        return False


# ------------------------------------------------------------------ the fake printer

def printer_server():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", PRINTER_PORT))
    listener.listen(8)
    while True:
        connection, _ = listener.accept()
        with connection:
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                with printed_lock:
                    printed.extend(chunk)


threading.Thread(target=printer_server, daemon=True).start()


def printer_bytes():
    with printed_lock:
        return bytes(printed)


# ------------------------------------------------------------------ processes

def healthy(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except Exception:
        return False


server = None


def start_server():
    global server
    log = open(os.path.join(WORK, "server.log"), "ab")
    server = subprocess.Popen([os.path.join(BIN, "caja-server"), "--port", str(SERVER_PORT), "--data-dir",
                               os.path.join(WORK, "server")], stdout=log, stderr=log)
    check(wait_for(lambda: healthy(SERVER + "/health")), "caja-server answers /health")


def stop_server():
    server.terminate()
    server.wait(timeout=120)


ui_log = open(os.path.join(WORK, "ui.log"), "ab")
ui = None


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(DRIVER + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"{}").get("value")


session = None
S = ""


def go(url):
    call("POST", S + "/url", {"url": url})


def find(selector):
    return call("POST", S + "/element", {"using": "css selector", "value": selector})


def eid(selector):
    return next(iter(find(selector).values()))


def rows(selector):
    return call("POST", S + "/elements", {"using": "css selector", "value": selector})


def text(selector):
    return call("GET", f"{S}/element/{eid(selector)}/text")


def type_into(selector, keys):
    call("POST", f"{S}/element/{eid(selector)}/value", {"text": keys})


def click(selector):
    call("POST", f"{S}/element/{eid(selector)}/click", {})


def js(script):
    return call("POST", S + "/execute/sync", {"script": script, "args": []})


def visible(selector):
    return js(f"const e = document.querySelector({json.dumps(selector)}); return !!e && !e.closest('[hidden]') && e.offsetParent !== null;")


def is_open(dialog):
    return js(f"return document.getElementById({json.dumps(dialog)}).open;")


def shot(name):
    time.sleep(0.3)
    with open(os.path.join(OUT, name + ".png"), "wb") as f:
        f.write(base64.b64decode(call("GET", S + "/screenshot")))


def cart_rows():
    return len(rows("#cart tbody tr"))


def scan(code, expected_rows):
    type_into("#code", code + ENTER)
    return wait_for(lambda: cart_rows() == expected_rows, 60)


def pay_cash(cash=""):
    type_into("#code", F12)
    check(wait_for(lambda: is_open("pay-dialog"), 60), "F12 opens the payment")
    if cash:
        type_into("#pay-cash", cash)
    type_into("#pay-cash", ENTER)


def finish_receipt():
    check(wait_for(lambda: is_open("receipt-dialog"), 120), "the receipt is shown after the sale is stored")
    type_into("#receipt-close", ENTER)
    wait_for(lambda: not is_open("receipt-dialog"), 30)


try:
    start_server()
    ui = subprocess.Popen([os.path.join(BIN, "caja"), "--home", os.path.join(WORK, "register"), "ui", "--port", str(UI_PORT),
                           "--printer", f"tcp://127.0.0.1:{PRINTER_PORT}", "--drawer", "--probe-seconds", "1"],
                          stdout=ui_log, stderr=ui_log)
    check(wait_for(lambda: healthy(UI + "/api/status")), "caja ui serves its page")
    session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,900"]}}}})["sessionId"]
    S = f"/session/{session}"

    # 1. Log in.
    go(UI + "/")
    check(wait_for(lambda: visible("#login-view"), 60), "a till without a session shows the login")
    shot("01-login")
    js("document.getElementById('login-server').value = ''")
    type_into("#login-server", SERVER)
    type_into("#login-user", "cajero")
    type_into("#login-password", "cajero1234")
    click("#login-submit")
    check(wait_for(lambda: visible("#sale-view"), 120), "the login opens the sale screen")
    check(js("return document.activeElement.id") == "code", "the code field has the focus")
    shot("02-sale-screen")

    # 2. Scan three codes (the quantity key: 3*7501) and pay cash.
    check(scan("3*7501", 1) and scan("7504", 2) and scan("7509", 3), "three scanned codes make three lines")
    check(text("#t-total") == "B/. 20.21", "the total with ITBMS by rate is B/. 20.21")
    check("ITBMS 7%" in text("#t-rates") and "ITBMS 10%" in text("#t-rates"), "ITBMS is shown by rate")
    shot("03-three-codes")
    type_into("#code", F12)
    check(wait_for(lambda: is_open("pay-dialog"), 60), "F12 opens the payment")
    type_into("#pay-cash", "25.00")
    check(wait_for(lambda: text("#pay-change") == "B/. 4.79", 30), "the change for B/. 25.00 is B/. 4.79")
    shot("04-pay-cash")
    type_into("#pay-cash", ENTER)
    check(wait_for(lambda: is_open("receipt-dialog"), 120), "the receipt is shown after the sale is stored")
    check("Vuelto B/. 4.79" in text("#receipt-change"), "the receipt screen shows the change")
    check("Recibo impreso" in text("#receipt-print"), "the screen says the receipt printed")
    shot("05-receipt")
    check(wait_for(lambda: len(printer_bytes()) > 200, 60), "the receipt reached the printer")
    data = printer_bytes()
    check(data[:2] == b"\x1b\x40", "the receipt starts with ESC @")
    check(b"\x1d\x28\x6b" in data, "the receipt carries the printer's QR (GS ( k)")
    check(b"\x1d\x56" in data, "the receipt ends with the cut (GS V)")
    check(b"\x1b\x70\x00" in data, "a cash sale sends the drawer pulse (ESC p)")
    type_into("#receipt-close", ENTER)
    wait_for(lambda: not is_open("receipt-dialog"), 30)

    # 3. The server goes away: an online sale fails and offers modo offline.
    stop_server()
    check(scan("7502", 1), "a line is added while the server is down")
    pay_cash()
    check(wait_for(lambda: visible("#offer-offline-button"), 120), "a failed online sale offers Activar modo offline")
    check("No hay conexión" in text("#message"), "the screen says there is no connection")
    check(cart_rows() == 1, "the cart is kept after the failed sale")
    shot("06-online-sale-fails")

    # 4. Activate offline through the dialog; refused without the checkbox.
    click("#offer-offline-button")
    check(wait_for(lambda: is_open("offline-dialog"), 30), "the offline dialog opens")
    check("24 horas" in text("#offline-terms"), "the dialog shows the full conditions")
    click("#reason-choices button")
    click("#offline-activate")
    check(wait_for(lambda: "Acepto" in text("#offline-error"), 60), "activation without the checkbox is refused")
    shot("07-offline-refused-without-checkbox")
    click("#offline-accept")
    shot("08-offline-dialog-accepted")
    click("#offline-activate")
    check(wait_for(lambda: visible("#banner") and not is_open("offline-dialog"), 60), "the MODO OFFLINE banner is shown")
    check("MODO OFFLINE" in text("#banner"), "the banner says MODO OFFLINE")
    check(js("return document.getElementById('z-button').disabled"), "Reporte Z is disabled offline")
    shot("09-offline-banner")

    # 5. Three offline sales; a reload mid-sale keeps the cart.
    type_into("#code", F12)
    check(wait_for(lambda: is_open("pay-dialog"), 60), "F12 opens the payment offline")
    check(js("return document.querySelector('#pay-method option[value=card]').disabled"), "card is disabled offline")
    check("solo pago en efectivo" in text("#method-reason"), "the reason card is disabled is shown")
    shot("10-offline-pay-restrictions")
    type_into("#pay-cash", ENTER)
    finish_receipt()
    check(scan("7503", 1), "second offline sale: a line")
    pay_cash("5.00")
    finish_receipt()
    check(scan("7506", 1) and scan("2*7508", 2), "third offline sale: two lines")
    type_into("#code", "\ue032")   # F2: search by name
    check(wait_for(lambda: is_open("search-dialog"), 30), "F2 opens the search")
    type_into("#search-input", "jabon")
    check(wait_for(lambda: "Jabón de baño" in text("#search-results"), 60), "searching «jabon» finds «Jabón de baño»")
    shot("11a-search-by-name")
    type_into("#search-input", ENTER)
    check(wait_for(lambda: cart_rows() == 3, 60), "Enter adds the product found")
    type_into("#code", "\ue034")   # F4: void the last line
    check(wait_for(lambda: cart_rows() == 2, 60), "F4 voids the last line")
    go(UI + "/")
    check(wait_for(lambda: visible("#sale-view") and cart_rows() == 2, 60), "after a reload the cart is intact")
    shot("11-reload-cart-intact")
    pay_cash("10")
    finish_receipt()
    check(wait_for(lambda: text("#pending") == "3" and "pendientes de envío: 3" in text("#banner-text"), 60),
          "the banner shows 3 pending")
    shot("12-offline-pending-3")
    # The command line reads the same store while the screen runs.
    cli = subprocess.run([os.path.join(BIN, "caja"), "--home", os.path.join(WORK, "register"), "status"],
                         capture_output=True, text=True, timeout=120)
    check("MODO OFFLINE" in cli.stdout and "pendientes: 3" in cli.stdout, "caja status on the same home shows MODO OFFLINE and 3 pending")

    # 6. The server returns: the pending documents go out by themselves; Volver a línea; Z.
    start_server()
    check(wait_for(lambda: text("#pending") == "0", 180), "pending reaches 0 once the server answers")
    check(wait_for(lambda: not js("return document.getElementById('back-online').disabled"), 60), "Volver a línea is offered")
    shot("13-sent-back-online-offered")
    click("#back-online")
    check(wait_for(lambda: not visible("#banner") and text("#mode") == "EN LÍNEA", 120), "Volver a línea returns online")
    shot("14-online-again")
    type_into("#code", F9)
    wait_for(lambda: call("GET", S + "/alert/text") is not None, 30)
    call("POST", S + "/alert/accept", {})
    check(wait_for(lambda: is_open("z-dialog"), 120), "the Reporte Z is shown")
    check("En contingencia (offline): 3" in text("#z-text"), "the Z includes the three offline documents")
    shot("15-reporte-z")
finally:
    if session:
        try:
            call("DELETE", S)
        except Exception:
            pass
    for process in (ui, server):
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=60)
            except Exception:
                process.kill()

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
