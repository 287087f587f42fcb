#!/usr/bin/env python3
"""Public pages against bare Kestrel, appeals against the database's single writer, and the ledger and staff search at
a million rows: how close the site comes to what the machine gives.

    python3 bench/pages.py [--duration 10] [--connections 32] [--provider sqlite|postgresql|both] [--only pages,appeals,scale]
                           [--rows 1000000]

Builds Release, starts the site as Production on 127.0.0.1 (a throw-away data folder and key-ring certificate,
placeholder operator facts; with --provider postgresql a throw-away PostgreSQL 15 cluster, durable: fsync and
synchronous_commit on) and the anchor (bench/Anchor: bare Kestrel serving the very bytes the site answered for each page),
installs wrk if missing, measures each page on both in the same run, prints a table of ratios; then posts appeals from
distinct people at 16 connections (bench/appeal.lua; rate limits and fill time lifted for the run) against an anchor of
durable transactions of the same shape on one writer (SQLite: WAL, synchronous=FULL; PostgreSQL: pgbench, one client),
and the site's memory. Then it bulk-inserts --rows consent events (chained as the site chains them) and --rows people
into the run's throw-away database, times `verify-ledger` over the whole ledger, and times staff searches by e-mail and
by phone as a signed-in administrator. With both providers, a last table puts their figures side by side.
Stops everything it started."""
import base64, hashlib, hmac, http.cookiejar, os, re, shutil, sqlite3, struct, subprocess, sys, tempfile, time, unicodedata, urllib.parse, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE, ANCHOR, POSTGRES = 5101, 5102, 5103
PAGES = ["/kk/policy", "/ru/policy", "/en/policy", "/ru/policy/faq", "/ru/policy/versions", "/ru/appeal", "/health", "/health/live"]
GOALS = {"/kk/policy": 0.5, "/ru/policy": 0.5, "/en/policy": 0.5}  # every other public GET: 0.25
PG_BIN = "/usr/lib/postgresql/15/bin"
STAFF, PASSWORD = "bench.admin@fund.kz", "Bench-Passw0rd-2026"
SEARCH_TARGETS = 20


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


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


def ms(match):
    return float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]


def wrk(url, duration, connections):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url], check=True, capture_output=True, text=True).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), ms(re.search(r"50%\s+([\d.]+)(us|ms|s)", out))


def main():
    duration, connections = int(arg("--duration", 10)), int(arg("--connections", 32))
    rows = int(arg("--rows", 1_000_000))
    parts = set(arg("--only", "pages,appeals,scale").split(","))
    providers = {"sqlite": ["sqlite"], "postgresql": ["postgresql"], "both": ["sqlite", "postgresql"]}[arg("--provider", "sqlite")]
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "src", "PersonalDataPolicy.Web")], check=True)
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", os.path.join(ROOT, "bench", "Anchor")], check=True)
    figures = {}
    for provider in providers:
        print(f"\n=== {provider} ===")
        figures[provider] = run(provider, parts, duration, connections, rows)
    if len(providers) > 1:
        print("\nside by side (one run each, same machine)")
        print(f"{'measure':44} " + " ".join(f"{p:>12}" for p in providers))
        for key in figures[providers[0]]:
            print(f"{key:44} " + " ".join(f"{figures[p].get(key, ''):>12}" for p in providers))


def run(provider, parts, duration, connections, rows):
    work = tempfile.mkdtemp(prefix="pdp-pages-")
    os.chmod(work, 0o711)  # PostgreSQL runs as its own user and needs to pass through
    started, figures = [], {}
    postgres = None
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
        if provider == "postgresql":
            postgres = Postgres(os.path.join(work, "pg"))
            # A server database may be shared by several instances, so the site requires the blind-index key from outside.
            env.update(Database__Provider="PostgreSql", ConnectionStrings__Default=postgres.connection_string("bench"),
                       PersonalData__BlindIndexKey=base64.b64encode(os.urandom(32)).decode())
        database = postgres or Sqlite(os.path.join(work, "data", "personal-data-policy.db"))
        dll = os.path.join(ROOT, "src", "PersonalDataPolicy.Web", "bin", "Release", "net10.0", "PersonalDataPolicy.Web.dll")
        web = os.path.join(ROOT, "src", "PersonalDataPolicy.Web")
        log = open(os.path.join(work, "site.log"), "w")
        started.append(subprocess.Popen(["dotnet", dll], cwd=web, env=env, stdout=log, stderr=subprocess.STDOUT))
        try:
            wait_for(f"http://127.0.0.1:{SITE}/health")
        except SystemExit:
            print(open(log.name).read()[-4000:])  # why the site did not start (no personal data: nothing was posted yet)
            raise

        if "pages" in parts:
            started.append(pages(work, duration, connections, figures))
        if "appeals" in parts:
            appeals(started[0], work, duration, database, figures)
        if "scale" in parts:
            scale(dll, web, env, database, rows, figures)
        return figures
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=30)
        if postgres:
            postgres.stop()
        shutil.rmtree(work, ignore_errors=True)


def pages(work, duration, connections, figures):
    folder = os.path.join(work, "pages")
    os.makedirs(folder)
    # This fetch also warms the site's output cache: wrk asks as it does (no cookie, no Sec-GPC), so it meets the same entry.
    for page in PAGES:
        with urllib.request.urlopen(f"http://127.0.0.1:{SITE}{page}") as r:
            open(os.path.join(folder, page.strip("/").replace("/", "_")), "wb").write(r.read())
    anchor_dll = os.path.join(ROOT, "bench", "Anchor", "bin", "Release", "net10.0", "Anchor.dll")
    anchor_process = subprocess.Popen(["dotnet", anchor_dll, folder], env=dict(os.environ, ASPNETCORE_URLS=f"http://127.0.0.1:{ANCHOR}"),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{ANCHOR}/health")

    # Warm both servers on every page first: otherwise the first page measured also pays the JIT's and the
    # runtime's warm-up (it showed as /kk/policy at 30-41 % while ru and en, measured after it, were at 61-73 %).
    for page in PAGES:
        for port in (ANCHOR, SITE):
            wrk(f"http://127.0.0.1:{port}{page}", 1, connections)

    print(f"wrk -t2 -c{connections} -d{duration}s, one run, {os.cpu_count()} cores, after a 1 s warm-up of each page on both")
    print(f"{'page':18} {'bytes':>7} {'anchor req/s':>13} {'site req/s':>11} {'site p50 ms':>12} {'ratio':>6} {'goal':>5}")
    for page in PAGES:
        size = os.path.getsize(os.path.join(folder, page.strip("/").replace("/", "_")))
        anchor, _ = wrk(f"http://127.0.0.1:{ANCHOR}{page}", duration, connections)
        site, p50 = wrk(f"http://127.0.0.1:{SITE}{page}", duration, connections)
        goal = GOALS.get(page, 0.25)
        ratio = site / anchor
        print(f"{page:18} {size:>7} {anchor:>13.0f} {site:>11.0f} {p50:>12.1f} {ratio:>6.1%} {goal:>5.0%} {'met' if ratio >= goal else 'NOT met'}")
        figures[f"{page} req/s (ratio)"] = f"{site:.0f} ({ratio:.1%})"
    return anchor_process


def cpu_seconds(pid):
    """The process's user and system processor time (/proc/PID/stat fields 14 and 15): on a shared machine, the cost
    per request says more than the rate."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024


class AppealForm:
    """One antiforgery cookie/token pair and form stamp, fetched once and reused for every post of the run."""

    def __init__(self):
        jar = http.cookiejar.CookieJar(policy=Loopback())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
        page = self.opener.open(f"http://127.0.0.1:{SITE}/ru/appeal").read().decode()
        unescape = lambda v: v.replace("&#x2B;", "+").replace("&#x2F;", "/").replace("&#x3D;", "=")
        self.token = unescape(re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1))
        self.started = unescape(re.search(r'name="form-started" value="([^"]+)"', page).group(1))
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

    def post(self, email, phone):
        fields = {"Form.LastName": "Іздеу", "Form.FirstName": "Әсел", "Form.Email": email, "Form.Phone": phone, "Form.PreferredChannel": "Email",
                  "Form.Topic": "Question", "Form.Message": "Сақтандыру мәртебемді қалай тексеремін?", "Form.ConsentToProcessing": "true",
                  "Form.PolicyVersion": "1", "__RequestVerificationToken": self.token, "form-started": self.started}
        try:
            self.opener.open(f"http://127.0.0.1:{SITE}/ru/appeal", urllib.parse.urlencode(fields).encode())
        except urllib.error.HTTPError as e:
            if e.code != 302:
                raise


class Loopback(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure-only; on this loopback run they are sent over plain HTTP all the same."""

    def return_ok_secure(self, cookie, request):
        return True


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def appeals(site, work, duration, database, figures):
    form = AppealForm()
    env = dict(os.environ, PDP_COOKIE=form.cookie, PDP_TOKEN=form.token, PDP_STARTED=form.started)
    anchor = database.anchor(work, duration)
    cpu_before = cpu_seconds(site.pid)
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "-s", os.path.join(ROOT, "bench", "appeal.lua"),
                          f"http://127.0.0.1:{SITE}"], check=True, capture_output=True, text=True, env=env).stdout
    cpu = cpu_seconds(site.pid) - cpu_before
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    posted = int(re.search(r"(\d+) requests in", out).group(1))
    p99_ms = ms(re.search(r"99%\s+([\d.]+)(us|ms|s)", out))
    refused = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    rss = rss_mb(site.pid)
    print()
    print(f"POST /ru/appeal, 16 connections, distinct people, {duration} s: {rps:.0f} appeals/s, p99 {p99_ms:.0f} ms, "
          f"not accepted {refused.group(1) if refused else 0}; {database.name} anchor (same shape, durable, one writer): {anchor:.0f} txn/s; "
          f"ratio {rps / anchor:.1%} (goal 1,500/s, p99 < 100 ms); site RSS after: {rss:.0f} MB (goal < 300); "
          f"site processor time {cpu * 1000 / posted:.2f} ms per appeal ({cpu:.1f} s for {posted})")
    figures.update({"appeals/s": f"{rps:.0f}", "appeal p99 ms": f"{p99_ms:.0f}", "anchor durable txn/s": f"{anchor:.0f}",
                    "site RSS MB": f"{rss:.0f}", "site CPU ms per appeal": f"{cpu * 1000 / posted:.2f}"})


# ---- a million events and people -------------------------------------------------------------------------------------

def ledger_rows(head_sequence, head_hash, count):
    """Consent events chained after the head exactly as ConsentEvent.ChainTo does (hash of previous + canonical form)."""
    wording = unicodedata.normalize("NFC", "Мен дербес деректерімді «Әлеуметтік медициналық сақтандыру қоры» КЕАҚ-ның саясатына сәйкес өңдеуге келісемін.")
    at_ms = int(time.time() * 1000) - count
    previous = head_hash
    for i in range(1, count + 1):
        event_id, subject, sequence, occurred = str(uuid.uuid4()), str(uuid.uuid4()), head_sequence + i, at_ms + i
        receipt = uuid.uuid4().hex[:16]
        evidence = f"form:{receipt}"
        canonical = "\n".join([event_id, str(sequence), subject, "PersonalDataProcessing", "Granted", "1", "a" * 64, "kk", "WebForm",
                               str(occurred), wording, receipt]) + "\nevidence:" + evidence
        current = hashlib.sha256((previous + "\n" + canonical).encode()).hexdigest()
        yield event_id, sequence, subject, occurred, wording, receipt, evidence, previous, current
        previous = current


def subject_rows(count):
    """People whose encrypted columns hold random bytes (never decrypted: a search only decrypts the rows it finds) and
    whose blind indexes are random keyed-hash-shaped values, so that the real targets are found among a million others."""
    fake = lambda: "CfDJ8" + base64.urlsafe_b64encode(os.urandom(96)).decode().rstrip("=")
    now_ms = int(time.time() * 1000)
    for _ in range(count):
        yield str(uuid.uuid4()), fake(), fake(), fake(), fake(), os.urandom(32).hex(), os.urandom(32).hex(), now_ms


def dotnet_ticks_binary(unix_ms):
    """EF Core's DateTimeOffsetToBinaryConverter for an offset of zero, as the SQLite context stores times."""
    return ((621355968000000000 + unix_ms * 10000) // 1000) << 11


class Sqlite:
    name = "SQLite"

    def __init__(self, path):
        self.path = path

    def anchor(self, folder, seconds):
        """Durable transactions of an appeal's shape on one writer: subject, appeal, receipt, outbox row and a chained ledger row."""
        con = sqlite3.connect(os.path.join(folder, "anchor.db"), isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        for table in ("subjects", "appeals", "receipts", "outbox"):
            con.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY, body BLOB)")
        con.execute("CREATE TABLE ledger (sequence INTEGER PRIMARY KEY, previous TEXT, hash TEXT)")
        count, body = 0, os.urandom(400)
        deadline = time.time() + seconds
        while time.time() < deadline:
            con.execute("BEGIN IMMEDIATE")
            for table in ("subjects", "appeals", "receipts", "outbox"):
                con.execute(f"INSERT INTO {table} VALUES (?, ?)", (str(uuid.uuid4()), body))
            head = con.execute("SELECT hash FROM ledger ORDER BY sequence DESC LIMIT 1").fetchone()
            con.execute("INSERT INTO ledger (previous, hash) VALUES (?, ?)", (head[0] if head else "0" * 64, uuid.uuid4().hex * 2))
            con.execute("COMMIT")
            count += 1
        con.close()
        return count / seconds

    def head(self):
        con = sqlite3.connect(self.path)
        row = con.execute('SELECT "Sequence", "Hash" FROM "ConsentEvents" ORDER BY "Sequence" DESC LIMIT 1').fetchone()
        con.close()
        return row or (0, "0" * 64)

    def insert(self, events, subjects):
        con = sqlite3.connect(self.path, timeout=60)
        con.executemany('INSERT INTO "ConsentEvents" ("Id", "Sequence", "SubjectId", "Purpose", "Action", "PolicyVersion", "PolicyTextSha256", '
                        '"Language", "Channel", "OccurredAt", "Wording", "ReceiptId", "Evidence", "PreviousHash", "Hash") '
                        "VALUES (upper(?), ?, upper(?), 'PersonalDataProcessing', 'Granted', 1, ?, 'kk', 'WebForm', ?, ?, ?, ?, ?, ?)",
                        ((e[0], e[1], e[2], "a" * 64, dotnet_ticks_binary(e[3]), e[4], e[5], e[6], e[7], e[8]) for e in events))
        con.executemany('INSERT INTO "DataSubjects" ("Id", "LastName", "FirstName", "Email", "Phone", "EmailIndex", "PhoneIndex", '
                        "\"PreferredLanguage\", \"Status\", \"CreatedAt\") VALUES (upper(?), ?, ?, ?, ?, ?, ?, 'kk', 'Active', ?)",
                        ((s[0], s[1], s[2], s[3], s[4], s[5], s[6], dotnet_ticks_binary(s[7])) for s in subjects))
        con.commit()
        con.close()


class Postgres:
    """A throw-away PostgreSQL 15 cluster on 127.0.0.1, durable (unlike the tests' fixture, which turns fsync off)."""
    name = "PostgreSQL"

    def __init__(self, folder):
        self.folder, self.data = folder, os.path.join(folder, "data")
        os.makedirs(folder)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        self.pg("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C")
        self.pg("pg_ctl", "-D", self.data, "-l", os.path.join(folder, "log"), "-w", "-t", "60", "-o",
                f"-h 127.0.0.1 -p {POSTGRES} -k {folder} -c max_connections=200 -c shared_buffers=128MB", "start")
        self.psql("postgres", "CREATE DATABASE bench")

    def pg(self, tool, *args, **kwargs):
        command = [os.path.join(PG_BIN, tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs).stdout

    def psql(self, database, sql, **kwargs):
        return self.pg("psql", "-h", "127.0.0.1", "-p", str(POSTGRES), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql, **kwargs)

    def connection_string(self, database):
        return f"Host=127.0.0.1;Port={POSTGRES};Username=postgres;Database={database};Maximum Pool Size=100"

    def stop(self):
        try:
            self.pg("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        except subprocess.CalledProcessError:
            pass

    def anchor(self, folder, seconds):
        """The same shape through pgbench, one client: advisory lock, four rows, head read, chained ledger row, commit."""
        self.psql("postgres", "CREATE DATABASE anchor")
        tables = "; ".join(f"CREATE TABLE {t} (id uuid PRIMARY KEY, body text)" for t in ("subjects", "appeals", "receipts", "outbox"))
        self.psql("anchor", tables + "; CREATE TABLE ledger (sequence bigserial PRIMARY KEY, previous text, hash text)")
        script = os.path.join(self.folder, "anchor.sql")
        with open(script, "w") as f:
            f.write("BEGIN;\nSELECT pg_advisory_xact_lock(1);\n"
                    + "".join(f"INSERT INTO {t} VALUES (gen_random_uuid(), repeat('x', 400));\n" for t in ("subjects", "appeals", "receipts", "outbox"))
                    + "INSERT INTO ledger (previous, hash) SELECT coalesce((SELECT hash FROM ledger ORDER BY sequence DESC LIMIT 1), repeat('0', 64)), md5(random()::text) || md5(random()::text);\n"
                    + "COMMIT;\n")
        os.chmod(script, 0o644)
        out = self.pg("pgbench", "-h", "127.0.0.1", "-p", str(POSTGRES), "-U", "postgres", "-n", "-c", "1", "-T", str(seconds), "-f", script, "anchor")
        return float(re.search(r"tps = ([\d.]+)", out).group(1))

    def head(self):
        out = self.psql("bench", 'SELECT "Sequence", "Hash" FROM "ConsentEvents" ORDER BY "Sequence" DESC LIMIT 1').strip()
        return (int(out.split("|")[0]), out.split("|")[1]) if out else (0, "0" * 64)

    def insert(self, events, subjects):
        def iso(unix_ms):
            return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(unix_ms // 1000)) + f".{unix_ms % 1000:03d}+00"

        def copy(table, columns, lines):
            path = os.path.join(self.folder, table + ".tsv")
            with open(path, "w") as f:
                for line in lines:
                    f.write("\t".join(line) + "\n")
            os.chmod(path, 0o644)
            self.psql("bench", f'\\copy "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) FROM \'{path}\'')
            os.remove(path)

        copy("ConsentEvents", ["Id", "Sequence", "SubjectId", "Purpose", "Action", "PolicyVersion", "PolicyTextSha256", "Language", "Channel",
                               "OccurredAt", "Wording", "ReceiptId", "Evidence", "PreviousHash", "Hash"],
             ((e[0], str(e[1]), e[2], "PersonalDataProcessing", "Granted", "1", "a" * 64, "kk", "WebForm", iso(e[3]), e[4], e[5], e[6], e[7], e[8]) for e in events))
        copy("DataSubjects", ["Id", "LastName", "FirstName", "Email", "Phone", "EmailIndex", "PhoneIndex", "PreferredLanguage", "Status", "CreatedAt"],
             ((s[0], s[1], s[2], s[3], s[4], s[5], s[6], "kk", "Active", iso(s[7])) for s in subjects))
        self.psql("bench", 'ANALYZE "ConsentEvents"; ANALYZE "DataSubjects"')


class Staff:
    """A signed-in administrator (password and authenticator code, as a person would)."""

    def __init__(self, dll, web, env):
        subprocess.run(["dotnet", dll, "create-admin", "--email", STAFF, "--password-stdin"], cwd=web, input=PASSWORD + "\n", text=True,
                       env=env, check=True, capture_output=True)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy=Loopback())))
        self.post("/admin/sign-in", {"Email": STAFF, "Password": PASSWORD})
        setup = self.get("/admin/account/two-factor")
        key = re.search(r'id="shared-key">([a-z0-9 ]+)<', setup).group(1)
        self.post("/admin/account/two-factor", {"Code": totp(key)})
        # Turning on two-factor renews the security stamp: sign in again, now with the code.
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(policy=Loopback())))
        self.post("/admin/sign-in", {"Email": STAFF, "Password": PASSWORD})
        time.sleep(max(0, 31 - time.time() % 30) if time.time() % 30 > 25 else 0)
        self.post("/admin/sign-in/code", {"Code": totp(key)})

    def get(self, path):
        with self.opener.open(f"http://127.0.0.1:{SITE}{path}") as r:
            return r.read().decode()

    def token(self, page):
        return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', self.get(page)).group(1)

    def post(self, path, fields, token=None):
        fields["__RequestVerificationToken"] = token or self.token(path)
        with self.opener.open(f"http://127.0.0.1:{SITE}{path}", urllib.parse.urlencode(fields).encode()) as r:
            return r.read().decode()


def totp(key):
    raw = base64.b32decode(key.upper().replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    digest = hmac.new(raw, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


def scale(dll, web, env, database, rows, figures):
    form = AppealForm()
    targets = [(f"search-target-{i}@example.kz", f"+7 701 555 {i // 100:02d} {i % 100:02d}") for i in range(SEARCH_TARGETS)]
    for email, phone in targets:
        form.post(email, phone)

    start = time.time()
    head = database.head()
    database.insert(ledger_rows(head[0], head[1], rows), subject_rows(rows))
    print(f"\n{rows:,} chained consent events and {rows:,} people bulk-inserted after #{head[0]} in {time.time() - start:.0f} s")

    # As the site runs it (tiered compilation on), and as docs/deployment.md tells operators and cron to run the one-shot
    # command: with tiered compilation off, hot methods are not compiled a second time while the ledger is read.
    for label, extra in (("tiered compilation on", {}), ("DOTNET_TieredCompilation=0", {"DOTNET_TieredCompilation": "0"})):
        out = subprocess.run(["dotnet", dll, "verify-ledger"], cwd=web, env=dict(env, **extra), check=True, capture_output=True, text=True).stdout
        checked = int(re.search(r"Events checked: (\d+)", out).group(1))
        rate = float(re.search(r"\(([\d.]+) events/s\)", out).group(1))
        processor = float(re.search(r"([\d.]+) s of processor time", out).group(1))
        print(f"verify-ledger ({label}): {checked:,} events, {rate:,.0f} events/s, {processor / max(checked, 1) * 1e6:.2f} µs of processor time per event "
              f"(goal ≥ 1,000,000 events/s) — {'met' if rate >= 1e6 else 'NOT met'}; {'intact' if 'Ledger intact.' in out else 'BROKEN'}")

    staff = Staff(dll, web, env)
    token = staff.token("/admin/subjects")
    timings = {"Email": [], "Phone": []}
    for round_ in range(5):
        for email, phone in targets:
            for by, term in (("Email", email), ("Phone", phone)):
                begun = time.perf_counter()
                page = staff.post("/admin/subjects", {"by": by, "q": term}, token)
                timings[by].append((time.perf_counter() - begun) * 1000)
                if round_ == 0 and "Іздеу" not in page:
                    raise SystemExit(f"staff search by {by} did not find its target among {rows:,} people")
    for by, values in timings.items():
        values.sort()
        p50, p95 = values[len(values) // 2], values[int(len(values) * 0.95) - 1]
        print(f"staff search by {by.lower()} among {rows:,} people: p50 {p50:.1f} ms, p95 {p95:.1f} ms (goal p95 < 100 ms) — {'met' if p95 < 100 else 'NOT met'}")
        figures[f"search by {by.lower()} p95 ms"] = f"{p95:.1f}"
    figures["ledger verification events/s (TC=0)"] = f"{rate:,.0f}"


if __name__ == "__main__":
    main()
