#!/usr/bin/env python3
"""Consent-history CSV export at scale: seeds N ledger events, exports them through the real site as a
compliance officer, and reports time, size and the server's memory before and at its peak.

    python3 bench/consent_export.py [rows ...]      (default: 10000 1000000)

Runs the Release build on 127.0.0.1 with a throw-away data folder; nothing else is touched."""
import base64, hashlib, hmac, http.cookiejar, os, re, shutil, sqlite3, struct, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = 5099
BASE = f"http://127.0.0.1:{PORT}"
EMAIL, PASSWORD = "bench.officer@fund.kz", "Bench-Passw0rd-2026"


def totp(key):
    raw = base64.b32decode(key.upper().replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    digest = hmac.new(raw, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


class Browser:
    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(BASE + path) as r:
            return r.geturl(), r.read().decode()

    def post(self, path, fields, token_page=None):
        _, html = self.get(token_page or path)
        fields["__RequestVerificationToken"] = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)
        with self.opener.open(BASE + path, urllib.parse.urlencode(fields, doseq=True).encode()) as r:
            return r.geturl(), r.read().decode()


def seed(db_path, rows):
    """Bulk-inserts ledger events as the site would (hashes need not chain for an export)."""
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    subjects = [str(uuid.uuid4()) for _ in range(max(1, rows // 3))]
    batch = []
    for i in range(1, rows + 1):
        batch.append((str(uuid.uuid4()), i, subjects[i % len(subjects)], "PersonalDataProcessing" if i % 3 else "MarketingNotifications",
                      "Granted" if i % 7 else "Withdrawn", 1, "a" * 64, "kk", "WebForm", 0, "Мен дербес деректерімді өңдеуге келісемін.", None, "0" * 64, "f" * 64))
        if len(batch) == 50000:
            con.executemany("INSERT INTO ConsentEvents (Id, Sequence, SubjectId, Purpose, Action, PolicyVersion, PolicyTextSha256, Language, Channel, OccurredAt, Wording, ReceiptId, PreviousHash, Hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    if batch:
        con.executemany("INSERT INTO ConsentEvents (Id, Sequence, SubjectId, Purpose, Action, PolicyVersion, PolicyTextSha256, Language, Channel, OccurredAt, Wording, ReceiptId, PreviousHash, Hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    con.commit()
    con.close()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def run(rows):
    data = tempfile.mkdtemp(prefix="pdp-bench-")
    # Production refuses to start without a certificate for the key ring (docs/data-protection.md#production-key-ring).
    pfx = os.path.join(data, "key-ring.pfx")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7", "-subj", "/CN=bench key ring",
                    "-keyout", pfx + ".key", "-out", pfx + ".crt"], check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", pfx + ".key", "-in", pfx + ".crt", "-out", pfx, "-passout", "pass:bench"], check=True, capture_output=True)
    env = dict(os.environ, Database__DataDirectory=data, Mail__PickupDirectory=os.path.join(data, "mail"), ASPNETCORE_ENVIRONMENT="Production",
               PersonalData__KeyEncryptionCertificatePath=pfx, PersonalData__KeyEncryptionCertificatePassword="bench",
               Serilog__MinimumLevel__Default="Warning", RateLimiting__AppealsPerMinute="1000")
    dll = os.path.join(ROOT, "src/PersonalDataPolicy.Web/bin/Release/net10.0/PersonalDataPolicy.Web.dll")
    subprocess.run(["dotnet", dll, "create-admin", "--email", EMAIL, "--password-stdin"], input=PASSWORD + "\n", text=True, env=env, check=True, capture_output=True)
    seed(os.path.join(data, "personal-data-policy.db"), rows)
    log = open(os.path.join(data, "server.log"), "w")
    server = subprocess.Popen(["dotnet", dll, "--urls", BASE], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/health").read()
                break
            except Exception:
                time.sleep(0.2)
        b = Browser()
        b.post("/admin/sign-in", {"Email": EMAIL, "Password": PASSWORD})
        _, setup = b.get("/admin/account/two-factor")
        key = re.search(r'id="shared-key">([a-z0-9 ]+)<', setup).group(1)
        b.post("/admin/account/two-factor", {"Code": totp(key)})
        _, staff = b.get("/admin/staff")
        user_id = re.search(r'action="/admin/staff/([^/]+)/roles"', staff).group(1)
        b.post(f"/admin/staff/{user_id}/roles", {"roles": ["Administrator", "ComplianceOfficer"]}, "/admin/staff")
        b = Browser()  # roles changed the security stamp: sign in again
        b.post("/admin/sign-in", {"Email": EMAIL, "Password": PASSWORD})
        time.sleep(max(0, 31 - time.time() % 30) if time.time() % 30 > 25 else 0)
        b.post("/admin/sign-in/code", {"Code": totp(key)}, "/admin/sign-in/code")

        before, peak, done = rss_kb(server.pid), [0], threading.Event()

        def watch():
            while not done.is_set():
                peak[0] = max(peak[0], rss_kb(server.pid))
                time.sleep(0.02)

        threading.Thread(target=watch, daemon=True).start()
        start, size, lines = time.time(), 0, 0
        with b.opener.open(BASE + "/admin/consents.csv") as r:
            while chunk := r.read(1 << 20):
                size += len(chunk)
                lines += chunk.count(b"\n")
        seconds = time.time() - start
        done.set()
        return rows, lines - 1, size, seconds, before, peak[0]
    except Exception:
        log.flush()
        print(open(os.path.join(data, "server.log")).read()[-4000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(data, ignore_errors=True)


def main():
    counts = [int(a) for a in sys.argv[1:]] or [10000, 1000000]
    subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(ROOT, "src/PersonalDataPolicy.Web")], check=True, capture_output=True)
    print("| ledger rows | CSV rows | CSV size | time | server RSS before | server RSS peak | peak − before |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for rows in counts:
        rows, written, size, seconds, before, peak = run(rows)
        print(f"| {rows:,} | {written:,} | {size / 1e6:.1f} MB | {seconds:.1f} s | {before / 1024:.0f} MB | {peak / 1024:.0f} MB | {(peak - before) / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
