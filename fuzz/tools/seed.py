#!/usr/bin/env python3
"""Builds fuzz/corpus/<target>/ from the test vectors in tests/ plus a few hand-made templates.

Run from the repository root: python3 fuzz/tools/seed.py. Deterministic; small seeds only (afl-fuzz
prefers them). Files named seed-* are regenerated; other files are kept: regression-* (inputs from
findings) and afl-* (coverage-increasing entries of afl-fuzz queues, at most 40 per target, for the
CI smoke).
"""
import base64, glob, hashlib, json, os, re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 3000
MAX_SEEDS = 60
seeds = {}


def add(target, data):
    if not isinstance(data, (str, bytes)):
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or len(data) > MAX_SEED:
        return
    bucket = seeds.setdefault(target, {})
    if len(bucket) < MAX_SEEDS:
        bucket.setdefault(hashlib.sha256(data).hexdigest()[:16], data)


def vectors(pattern):
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "*", "Vectors", pattern), recursive=True)):
        if os.path.isfile(path) and "node_modules" not in path:
            with open(path, encoding="utf-8", errors="replace") as f:
                yield path, f.read()


def walk(node):
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def json_nodes(pattern):
    for path, text in vectors(pattern):
        if not path.endswith((".json", ".jsonld")):
            continue
        try:
            doc = json.loads(text)
        except ValueError:
            continue
        yield from walk(doc)


def compact(o):
    return json.dumps(o, separators=(",", ":"), ensure_ascii=False)


COMPACT_JWS = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
SD_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+~[A-Za-z0-9_~.-]*")
DID = re.compile(r"did:[a-z0-9]+:[A-Za-z0-9._:%#?/=&;+-]+")

# jose: compact JWS, JWS JSON, JWKs, multibase / multikey strings.
for _, text in vectors("Jose/**/*"):
    for m in COMPACT_JWS.findall(text):
        add("jose", m)
for node in json_nodes("Jose/**/*"):
    if isinstance(node, dict) and "kty" in node:
        add("jose", compact(node))
    if isinstance(node, dict) and ("signatures" in node or ("payload" in node and "signature" in node)):
        add("jose", compact(node))
for node in json_nodes("Multiformats/**/*"):
    if isinstance(node, str) and re.fullmatch(r"[zfmuMbB][A-Za-z0-9+/=_-]{2,200}", node):
        add("jose", node)
for path, text in vectors("Multiformats/multibase/**/*.csv"):
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            cell = cell.strip().strip('"')
            if 1 < len(cell) < 200:
                add("jose", cell)
add("jose", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
add("jose", bytes([0xed, 0x01]) + bytes(32))
add("jose", bytes.fromhex("3044022001020304050607080910111213141516171819202122232425262728293031320220") + bytes(32))

# did: DIDs, DID URLs, DID documents, CAIP-10 accounts.
for path, text in vectors("**/*"):
    if "/Did" in path or "/Ethr/" in path:
        for m in DID.findall(text):
            add("did", m)
for node in json_nodes("DidCore/**/*"):
    if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"].startswith("did:") and ("verificationMethod" in node or "@context" in node):
        add("did", json.dumps(node, indent=1))
for s in ["did:example:123#key-1", "did:example:123?service=files&relativeRef=/a/b#frag", "#key-1", "?versionId=1",
          "/path;x=1", "did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a", "eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a",
          "did:ethr:0x1:0xb9c5714089478a327f09197987f16f9e5d936e8a", "2024-01-01T00:00:00Z",
          "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"]:
    add("did", s)

# sdjwt: real presentations from the vectors, then signing templates (see Targets.SdJwtFamily).
for path, text in vectors("SdJwt/**/*"):
    for m in SD_JWT.findall(text):
        add("sdjwt", m)
seeds["sdjwt"] = dict(list(seeds.get("sdjwt", {}).items())[:30])
NOW = 1_800_000_000
base = {"iss": "did:example:issuer", "iat": NOW - 60, "exp": NOW + 3600, "vct": "https://credentials.example/x", "_sd_alg": "sha-256", "cnf": {"jwk": "@cnf"}}
kb = compact({"iat": NOW - 10, "aud": "https://verifier.example", "nonce": "nonce-123", "sd_hash": "@sd_hash"})
def template(payload, disclosures, key_binding=True):
    p = compact(payload).replace('"@cnf"', "@cnf")
    lines = [p] + [compact(d) for d in disclosures]
    return "\n".join(lines + ([kb] if key_binding else []))
add("sdjwt", template(dict(base, _sd=["@d0", "@d1"]), [["salt0", "given_name", "Ada"], ["salt1", "age_over_18", True]]))
add("sdjwt", template(dict(base, address={"_sd": ["@d0"], "country": "DE"}), [["s", "locality", "Berlin"]]))
add("sdjwt", template(dict(base, nationalities=[{"...": "@d0"}, "FR"]), [["s", "DE"]]))
add("sdjwt", template(dict(base, _sd=["@d0"]), [["s", "address", {"_sd": ["@d1"]}], ["t", "locality", "Berlin"]]))
add("sdjwt", template(dict(base, _sd=["@d0"], status={"status_list": {"idx": 3, "uri": "https://example.com/statuslists/1"}}), [["s", "a", 1]]))
add("sdjwt", template(dict(base, _sd=["@d0"]), [["s", "a", None]], key_binding=False) + "\n")
add("sdjwt", compact(dict(base, _sd=[])).replace('"@cnf"', "@cnf"))
add("sdjwt", template(dict(base, iss="@iss", _sd=["@d0", "@d1"]), [["salt0", "given_name", "Ada"], ["salt1", "age_over_18", True]]))
add("sdjwt", template(dict(base, iss="@iss", _sd=["@d0"]), [["s", "address", {"_sd": ["@d1"]}], ["t", "locality", "Berlin"]]))
add("sdjwt", '["salt","name",{"a":[1,2,{"b":null}]}]')
add("sdjwt", '["a","b"]')

# statuslist: token payloads (the harness signs them), compact tokens, status claims, lst values.
for path, text in vectors("Status/**/*"):
    for m in COMPACT_JWS.findall(text):
        add("statuslist", m)
for node in json_nodes("Status/**/*"):
    if isinstance(node, dict) and "lst" in node and "bits" in node:
        add("statuslist", compact({"sub": "https://example.com/statuslists/1", "iat": NOW - 60, "exp": NOW + 3600, "ttl": 43200, "status_list": node}))
        if isinstance(node["lst"], str):
            add("statuslist", node["lst"])
    if isinstance(node, dict) and "status_list" in node and isinstance(node["status_list"], dict) and "idx" in node["status_list"]:
        add("statuslist", compact(node))
add("statuslist", compact({"sub": "https://example.com/statuslists/1", "iat": NOW - 60, "status_list": {"bits": 1, "lst": "eNrbuRgAAhcBXQ", "aggregation_uri": "https://example.com/agg"}, "iss": "https://example.com"}))
add("statuslist", compact({"status_list": {"idx": 0, "uri": "https://example.com/statuslists/1"}}))

# rlp: canonical and invalid RLP from ethereum/tests, raw transactions.
for node in json_nodes("RLP/**/*"):
    if isinstance(node, dict) and isinstance(node.get("out"), str):
        h = node["out"][2:] if node["out"].startswith("0x") else node["out"]
        try:
            add("rlp", bytes.fromhex(h))
        except ValueError:
            pass
for node in json_nodes("Transactions/**/*"):
    if isinstance(node, str) and re.fullmatch(r"0x(0[12])?f8[0-9a-f]{100,2000}", node):
        add("rlp", bytes.fromhex(node[2:]))

# abi: "<type>\n<data>" and signature-indexed data.
def word(n):
    return n.to_bytes(32, "big")
add("abi", b"uint256\n" + word(7))
add("abi", b"bytes\n" + word(32) + word(3) + b"abc" + bytes(29))
add("abi", b"string[]\n" + word(32) + word(1) + word(32) + word(2) + b"hi" + bytes(30))
add("abi", b"bytes[]\n" + word(32) + word(2) + word(64) + word(96) + word(0) + word(1) + b"x" + bytes(31))
add("abi", b"uint8[][]\n" + word(32) + word(1) + word(32) + word(2) + word(1) + word(2))
add("abi", b"int8\n" + b"\xff" * 32)
add("abi", bytes([0]) + word(1) + word(0xaa) + word(1) + word(0xbb))
add("abi", bytes([1]) + word(64) + word(128) + word(2) + b"ab" + bytes(30) + word(2) + b"cd" + bytes(30))
add("abi", bytes([3]) + word(32) + word(1) + word(32) + word(0xaa) + word(0) + word(96) + word(0))
add("abi", bytes([5]) + word(32) + word(0))

# eip712: typed data from the vectors.
for node in json_nodes("EthSig/**/*"):
    if isinstance(node, dict) and "types" in node and "primaryType" in node:
        add("eip712", compact({k: node[k] for k in ("types", "primaryType", "domain", "message") if k in node}))

# jsonrpc: responses for id 1 and the batch ids 1..3.
def resp(result, i=1):
    return {"jsonrpc": "2.0", "id": i, "result": result}
block = {"number": "0x10", "hash": "0x" + "ab" * 32, "parentHash": "0x" + "cd" * 32, "timestamp": "0x6553f100", "baseFeePerGas": "0x7"}
receipt = {"transactionHash": "0x" + "11" * 32, "blockNumber": "0x10", "blockHash": "0x" + "ab" * 32, "status": "0x1", "gasUsed": "0x5208", "logs": []}
log = {"address": "0x00000000000000000000000000000000000000aa", "topics": ["0x" + "00" * 32], "data": "0x", "blockNumber": "0x1", "blockHash": "0x" + "ab" * 32, "transactionHash": "0x" + "11" * 32, "logIndex": "0x0", "transactionIndex": "0x0", "removed": False}
for r in ["0x10", "0x", "0x6001", block, receipt, [log], None]:
    add("jsonrpc", compact(resp(r)))
add("jsonrpc", compact([resp("0xa", 1), resp("0x10", 2), resp("0x", 3)]))
add("jsonrpc", compact({"jsonrpc": "2.0", "id": 1, "error": {"code": -32000, "message": "execution reverted", "data": "0x08c379a0"}}))
add("jsonrpc", compact([{"jsonrpc": "2.0", "id": 2, "error": {"code": -32005, "message": "limit"}}, resp("0x1", 1)]))

for target, bucket in sorted(seeds.items()):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    for old in glob.glob(os.path.join(folder, "seed-*")):
        os.remove(old)
    for name, data in sorted(bucket.items()):
        with open(os.path.join(folder, "seed-" + name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(bucket)} seeds")
