#!/usr/bin/env python3
"""scripts/bench-flood's client side: sets up bot accounts and a pool of solved CAPTCHAs
for the flood, and plays the legitimate user whose latency is measured.

  flood.py setup BASE OUTBOX DIR     bot accounts (bots.tsv) and pre-solved CAPTCHAs (pool.tsv)
  flood.py legit BASE OUTBOX SECONDS POSTS OUT.json
                                     browse for SECONDS, posting POSTS ads spread over it
"""
import hashlib, http.cookiejar, json, os, re, statistics, sys, time, urllib.error, urllib.request


def client(ip):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("X-Forwarded-For", ip)]
    return opener, jar


def call(opener, method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    start = time.perf_counter()
    try:
        with opener.open(req, timeout=30) as res:
            payload = res.read()
            status = res.status
    except urllib.error.HTTPError as e:
        payload = e.read()
        status = e.code
    return status, payload, (time.perf_counter() - start) * 1000


def solve(opener, base, action):
    _, payload, _ = call(opener, "GET", f"{base}/api/v1/captcha?action={action}")
    c = json.loads(payload)
    salt, want = c["salt"].encode(), c["challenge"]
    prefix = hashlib.sha256(salt)
    for n in range(c["max_number"] + 1):
        h = prefix.copy()
        h.update(str(n).encode())
        if h.hexdigest() == want:
            return f'{c["token"]}.{n}'
    raise RuntimeError("unsolvable puzzle")


def code_for(outbox, email, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        names = sorted(os.listdir(outbox)) if os.path.isdir(outbox) else []
        for name in (n for n in names if n.endswith(".eml") and not n.startswith(".")):
            try:
                text = open(os.path.join(outbox, name), encoding="utf-8", errors="replace").read()
            except FileNotFoundError:
                continue
            if email in text:
                m = re.search(r"(?:^|\s)(\d{6})(?:\s|$)", text.split("\n\n", 1)[-1], re.M)
                if m:
                    return m.group(1)
        time.sleep(0.2)
    raise RuntimeError(f"no verification mail for {email}")


def account(base, outbox, email, ip, timing=None):
    opener, jar = client(ip)
    body = {"email": email, "password": "correct horse battery", "display_name": "Flood Bench"}
    status, payload, ms = call(opener, "POST", f"{base}/api/v1/auth/register", body,
                              {"X-Captcha": solve(opener, base, "signup")})
    if status != 201:
        raise RuntimeError(f"register {email}: {status} {payload[:200]!r}")
    if timing is not None:
        timing["signup_ms"] = round(ms, 1)
    code = code_for(outbox, email)
    status, payload, _ = call(opener, "POST", f"{base}/api/v1/auth/verify-email", {"email": email, "code": code})
    if status != 200:
        raise RuntimeError(f"verify {email}: {status} {payload[:200]!r}")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener, cookie


def setup(base, outbox, out_dir, bots=10, per_bot=20):
    with open(os.path.join(out_dir, "bots.tsv"), "w") as b, open(os.path.join(out_dir, "pool.tsv"), "w") as p:
        for i in range(bots):
            opener, cookie = account(base, outbox, f"bot{i}-{int(time.time())}@bots.example", f"10.200.{i}.1")
            b.write(cookie + "\n")
            for _ in range(per_bot):
                p.write(f"{cookie}\t{solve(opener, base, 'ad_post')}\n")


def pct(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p))], 1)


def legit(base, outbox, seconds, posts, out_path):
    email = f"legit-{int(time.time() * 1000)}@people.example"
    timing = {}
    opener, _ = account(base, outbox, email, "192.0.2.10", timing)
    _, payload, _ = call(opener, "GET", f"{base}/api/v1/ads?category=vehicles")
    ad_url = json.loads(payload)["items"][0]["url"]
    pages = ["/", "/classifieds/vehicles", ad_url, "/classifieds?q=bike", "/api/v1/ads?q=sofa"]
    browse, post, stored, errors = [], [], [], []
    end = time.time() + seconds
    next_post = time.time() + seconds / (posts + 1)
    i = 0
    while time.time() < end:
        if len(post) < posts and time.time() >= next_post:
            captcha = solve(opener, base, "ad_post")
            body = {"category": "home-garden", "title": f"Solid oak dining table {len(post) + 1}",
                    "description": "Seats six, a few light marks on the top, collection in Rondebosch.",
                    "price": 2500, "location": "Cape Town"}
            status, payload, ms = call(opener, "POST", f"{base}/api/v1/ads", body, {"X-Captcha": captcha})
            post.append(ms)
            if status == 201:
                stored.append(json.loads(payload)["id"])
            else:
                errors.append(f"post {status} {payload[:200]!r}")
            next_post += seconds / (posts + 1)
            continue
        status, _, ms = call(opener, "GET", base + pages[i % len(pages)])
        i += 1
        if status == 200:
            browse.append(ms)
        else:
            errors.append(f"GET {pages[(i - 1) % len(pages)]} {status}")
    # Every ad the site accepted must be there, whole, afterwards.
    missing = []
    for ad_id in stored:
        status, _, _ = call(opener, "GET", f"{base}/api/v1/ads/{ad_id}")
        if status != 200:
            missing.append(ad_id)
    report = {
        "browse": {"n": len(browse), "p50_ms": pct(browse, 0.5), "p99_ms": pct(browse, 0.99)},
        "post": {"n": len(post), "p50_ms": pct(post, 0.5), "max_ms": round(max(post), 1) if post else None},
        "signup_ms": timing["signup_ms"], "posted": posts, "stored": len(stored) - len(missing), "errors": errors[:10],
    }
    json.dump(report, open(out_path, "w"))
    print(json.dumps(report))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "setup":
        setup(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "legit":
        legit(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
