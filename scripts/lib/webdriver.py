"""A small WebDriver client over urllib (no selenium), shared by the browser checks: one
headless Chromium session, CSS-selector lookups, form filling, screenshots and checks."""
import base64, json, os, time, urllib.request


class Browser:
    def __init__(self, driver_port, base, out):
        self.driver = f"http://127.0.0.1:{driver_port}"
        self.base = base
        self.out = out
        self.failures = []
        os.makedirs(out, exist_ok=True)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"]}}}}
        self.session = f"/session/{self.call('POST', '/session', caps)['sessionId']}"

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.driver + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"{}").get("value")

    def check(self, condition, what):
        print(("ok   " if condition else "FAIL ") + what)
        if not condition:
            self.failures.append(what)

    def go(self, path):
        self.call("POST", self.session + "/url", {"url": self.base + path})

    def url(self):
        return self.call("GET", self.session + "/url")

    def find(self, selector):
        element = self.call("POST", self.session + "/element", {"using": "css selector", "value": selector})
        return next(iter(element.values()))

    def dom(self):
        return self.js("return document.documentElement.outerHTML")

    def js(self, script, *args):
        return self.call("POST", self.session + "/execute/sync", {"script": script, "args": list(args)})

    def fill(self, form_selector, values):
        """Sets the named fields of one form (inputs, selects, textareas), as typed."""
        for name, value in values.items():
            self.js("const f = document.querySelector(arguments[0]).elements[arguments[1]]; f.value = arguments[2];",
                    form_selector, name, value)

    def submit(self, form_selector, wait=0.5):
        """Clicks the form's submit button (the browser's own checks apply) and waits for the page."""
        self.call("POST", f"{self.session}/element/{self.find(form_selector + ' button[type=submit]')}/click", {})
        time.sleep(wait)

    def tick(self, selector):
        self.call("POST", f"{self.session}/element/{self.find(selector)}/click", {})

    def shot(self, name):
        with open(os.path.join(self.out, name + ".png"), "wb") as f:
            f.write(base64.b64decode(self.call("GET", self.session + "/screenshot")))

    def close(self):
        try:
            self.call("DELETE", self.session)
        except Exception:
            pass
