#!/usr/bin/env python3
"""Public pages against bare Kestrel, and appeals against SQLite's single writer: how close the site comes to what the
machine gives.

    python3 bench/pages.py [--duration 10] [--connections 32]

Builds Release, starts the site as Production on 127.0.0.1 (a throw-away data folder and key-ring certificate,
placeholder operator facts) and the anchor (bench/Anchor: bare Kestrel serving the very bytes the site answered for
each page), installs wrk if missing, measures each page on both in the same run, prints a table of ratios; then posts
appeals from distinct people at 16 connections (bench/appeal.lua; rate limits and fill time lifted for the run) against
an anchor of durable SQLite transactions of the same shape (WAL, synchronous=FULL, one writer), and the site's memory.
Stops everything it started."""
import http.cookiejar, os, re, shutil, sqlite3, subprocess, sys, tempfile, time, urllib.parse, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE, ANCHOR = 5101, 5102
PAGES = ["/kk/policy", "/ru/policy", "/en/policy", "/ru/policy/faq", "/ru/policy/versions", "/ru/appeal", "/health", "/health/live"]
GOALS = {"/kk/policy": 0.5, "/ru/policy": 0.5, "/en/policy": 0.5}  # every other public GET: 0.25


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def wrk(url, duration, connections):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return rps, float(p50.group(1)) * scale


def main():
    duration, connections = arg("--duration", 10), arg("--connections", 32)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "src", "PersonalDataPolicy.Web")], check=True)
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "bench", "Anchor")], check=True)
    work = tempfile.mkdtemp(prefix="pdp-pages-")
    started = []
    try:
        pfx = os.path.join(work, "key-ring.pfx")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=bench key ring",
                        "-keyout", pfx + ".key", "-out", pfx + ".crt"], check=True, capture_output=True)
        subprocess.run(["openssl", "pkcs12", "-export", "-inkey", pfx + ".key", "-in", pfx + ".crt", "-out", pfx, "-passout", "pass:bench"], check=True, capture_output=True)
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", ASPNETCORE_URLS=f"http://127.0.0.1:{SITE}",
                   Database__DataDirectory=os.path.join(work, "data"), Mail__PickupDirectory=os.path.join(work, "mail"),
                   Mail__PublicBaseUrl=f"http://127.0.0.1:{SITE}", AllowedHosts="127.0.0.1",
                   PersonalData__KeyEncryptionCertificatePath=pfx, PersonalData__KeyEncryptionCertificatePassword="bench",
                   Operator__Bin="000000000000", Operator__Address__Kk="Сынақ", Operator__Address__Ru="Тест", Operator__Address__En="Test",
                   Operator__Email="operator@example.invalid", Operator__ResponsiblePerson__Position__Kk="Жауапты тұлға",
                   Operator__ResponsiblePerson__Position__Ru="Ответственное лицо", Operator__ResponsiblePerson__Position__En="Responsible person",
                   Operator__ResponsiblePerson__Email="dpo@example.invalid", Operator__ResponsiblePerson__Phone="1414",
                   Serilog__MinimumLevel__Default="Warning", Forms__MinimumFillSeconds="0",
                   RateLimiting__AppealsPerMinute="100000000", RateLimiting__PostsPerMinute="100000000")
        dll = os.path.join(ROOT, "src", "PersonalDataPolicy.Web", "bin", "Release", "net10.0", "PersonalDataPolicy.Web.dll")
        started.append(subprocess.Popen(["dotnet", dll], cwd=os.path.join(ROOT, "src", "PersonalDataPolicy.Web"), env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(f"http://127.0.0.1:{SITE}/health")

        pages = os.path.join(work, "pages")
        os.makedirs(pages)
        # This fetch also warms the site's output cache: wrk asks as it does (no cookie, no Sec-GPC), so it meets the same entry.
        for page in PAGES:
            with urllib.request.urlopen(f"http://127.0.0.1:{SITE}{page}") as r:
                open(os.path.join(pages, page.strip("/").replace("/", "_")), "wb").write(r.read())
        anchor_dll = os.path.join(ROOT, "bench", "Anchor", "bin", "Release", "net10.0", "Anchor.dll")
        started.append(subprocess.Popen(["dotnet", anchor_dll, pages], env=dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{ANCHOR}"),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(f"http://127.0.0.1:{ANCHOR}/health")

        print(f"wrk -t2 -c{connections} -d{duration}s, one run, {os.cpu_count()} cores")
        print(f"{'page':18} {'bytes':>7} {'anchor req/s':>13} {'site req/s':>11} {'site p50 ms':>12} {'ratio':>6} {'goal':>5}")
        for page in PAGES:
            size = os.path.getsize(os.path.join(pages, page.strip("/").replace("/", "_")))
            anchor, _ = wrk(f"http://127.0.0.1:{ANCHOR}{page}", duration, connections)
            site, p50 = wrk(f"http://127.0.0.1:{SITE}{page}", duration, connections)
            goal = GOALS.get(page, 0.25)
            ratio = site / anchor
            print(f"{page:18} {size:>7} {anchor:>13.0f} {site:>11.0f} {p50:>12.1f} {ratio:>6.1%} {goal:>5.0%} {'met' if ratio >= goal else 'NOT met'}")

        appeals(started[0], work, duration)
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def sqlite_anchor(folder, seconds):
    """Durable transactions of an appeal's shape on one writer: subject, appeal, receipt, outbox row and a chained ledger row."""
    con = sqlite3.connect(os.path.join(folder, "anchor.db"), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    for table in ("subjects", "appeals", "receipts", "outbox"):
        con.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, body BLOB)")
    con.execute("CREATE TABLE ledger (sequence INTEGER PRIMARY KEY, previous TEXT, hash TEXT)")
    count, previous, body = 0, "0" * 64, os.urandom(400)
    deadline = time.time() + seconds
    while time.time() < deadline:
        con.execute("BEGIN IMMEDIATE")
        for table in ("subjects", "appeals", "receipts", "outbox"):
            con.execute(f"INSERT INTO {table} VALUES (?, ?)", (str(uuid.uuid4()), body))
        head = con.execute("SELECT hash FROM ledger ORDER BY sequence DESC LIMIT 1").fetchone()
        previous = uuid.uuid4().hex * 2
        con.execute("INSERT INTO ledger (previous, hash) VALUES (?, ?)", (head[0] if head else "0" * 64, previous))
        con.execute("COMMIT")
        count += 1
    con.close()
    return count / seconds


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024


def appeals(site, work, duration):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{SITE}/ru/appeal").read().decode()
    token = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)
    started = re.search(r'name="form-started" value="([^"]+)"', page).group(1)
    env = dict(os.environ, PDP_COOKIE="; ".join(f"{c.name}={c.value}" for c in jar), PDP_TOKEN=token.replace("&#x2B;", "+").replace("&#x2F;", "/").replace("&#x3D;", "="),
               PDP_STARTED=started.replace("&#x2B;", "+").replace("&#x2F;", "/").replace("&#x3D;", "="))
    anchor = sqlite_anchor(work, duration)
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "-s", os.path.join(ROOT, "bench", "appeal.lua"),
                          f"http://127.0.0.1:{SITE}"], check=True, capture_output=True, text=True, env=env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    refused = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    print()
    print(f"POST /ru/appeal, 16 connections, distinct people, {duration} s: {rps:.0f} appeals/s, p99 {p99_ms:.0f} ms, "
          f"not accepted {refused.group(1) if refused else 0}; SQLite anchor (same shape, durable, one writer): {anchor:.0f} txn/s; "
          f"ratio {rps / anchor:.1%} (goal 1,500/s, p99 < 100 ms); site RSS after: {rss_mb(site.pid):.0f} MB (goal < 300)")


if __name__ == "__main__":
    main()
