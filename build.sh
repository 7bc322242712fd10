#!/usr/bin/env bash
# One entry point for people and CI.
#   ./build.sh test    restore, build and run every test project
#   ./build.sh demo    resolve sample DIDs and generate keys with the did-sdk CLI
#   ./build.sh bench   run the BenchmarkDotNet suite (about 10 minutes; extra args go to BenchmarkDotNet)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# What the tests need beyond the .NET SDK, installed when missing.
setup() {
  # The native secp256k1 library gives the fast ES256K path; the tests run both the native and the
  # managed path, so they need it.
  if ! ldconfig -p 2>/dev/null | grep -q 'libsecp256k1\.so\.[12]'; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsecp256k1-1
    else
      echo "libsecp256k1 is missing: install it (Debian/Ubuntu: sudo apt-get install libsecp256k1-1)" >&2
      exit 1
    fi
  fi
  setup_node
}

# The interop tests and the did:ethr demo run hardhat and ethr-did-resolver at the versions pinned in
# this lockfile.
setup_node() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm (Node 20+) is required for tests/Did.Sdk.Interop.Tests" >&2
    exit 1
  fi
  local node_dir=tests/Did.Sdk.Interop.Tests/node
  if [ ! -f "$node_dir/node_modules/.package-lock.json" ] || [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
    (cd "$node_dir" && npm ci --no-audit --no-fund)
  fi
}

# Issue an SD-JWT VC, present two of its claims with key binding, verify it, and show a replay refused.
demo_sd_jwt() {
  local work repo
  repo=$(pwd)
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  cli() { dotnet run --no-build -c Release --project "$repo/src/Did.Sdk.Cli" -- "$@"; }
  (
    cd "$work"
    cli key generate --alg ES256 --out issuer > issuer.json
    cli key generate --alg EdDSA --out holder > /dev/null
    issuer=$(sed -n 's/.*"didJwk": "\(.*\)".*/\1/p' issuer.json)
    printf '%s\n' '{ "given_name": "Ada", "family_name": "Lovelace", "age_over_18": true,' \
      '  "address": { "locality": "London", "country": "GB" } }' > claims.json
    echo "== sd-jwt issue (issuer $issuer)" >&2
    cli sd-jwt issue --key issuer.private.jwk.json --claims claims.json --iss "$issuer" --vct https://example.com/person \
      --holder-jwk holder.public.jwk.json --sd '["given_name"]' --sd '["family_name"]' --sd '["age_over_18"]' \
      --sd '["address","locality"]' > credential.txt
    cli sd-jwt decode credential.txt
    echo "== sd-jwt present: age_over_18 and address.locality, bound to the holder key" >&2
    cli sd-jwt present --credential credential.txt --disclose '["age_over_18"]' --disclose '["address","locality"]' \
      --holder-key holder.private.jwk.json --aud https://verifier.example --nonce demo-nonce > presentation.txt
    echo "== sd-jwt verify (issuer key resolved from the did:jwk)" >&2
    cli sd-jwt verify --presentation presentation.txt --aud https://verifier.example --nonce demo-nonce
    echo "== sd-jwt verify for another verifier: refused (exit 1)" >&2
    if cli sd-jwt verify --presentation presentation.txt --aud https://other.example --nonce demo-nonce; then
      echo "demo: a presentation for another audience was accepted" >&2
      exit 1
    fi
  )
}

# Start a local EVM node with the ERC-1056 registry, resolve a did:ethr DID, rotate its key, add a
# delegate through a relayed meta-transaction, resolve at the finalized block; stop the node.
demo_ethr() {
  local work repo devnet port
  repo=$(pwd)
  work=$(mktemp -d)
  port=${DEMO_ETHR_PORT:-18545}
  cli() { dotnet run --no-build -c Release --project "$repo/src/Did.Sdk.Cli" -- "$@"; }
  node "$repo/tests/Did.Sdk.Interop.Tests/node/devnet.mjs" --port "$port" --keys "$work" > "$work/devnet.json" &
  devnet=$!
  trap 'kill "$devnet" 2>/dev/null; wait "$devnet" 2>/dev/null; rm -rf "$work"' RETURN
  for _ in $(seq 1 60); do [ -s "$work/devnet.json" ] && break; sleep 1; done
  local registry did net
  registry=$(sed -n 's/.*"registry":"\([^"]*\)".*/\1/p' "$work/devnet.json")
  [ -n "$registry" ] || { echo "demo: the local node did not start" >&2; return 1; }
  did=did:ethr:0xa:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
  net=(--rpc "http://127.0.0.1:$port" --registry "$registry")
  (
    cd "$work"
    echo "== resolve $did on the local node (chainId 10, registry $registry)" >&2
    cli resolve "$did" "${net[@]}"
    echo "== ethr change-owner: rotate to a new secp256k1 key" >&2
    cli key generate --alg ES256K --out newowner > newowner.json
    new=$(sed -n 's/.*"ethereumAddress": "\(.*\)".*/\1/p' newowner.json)
    cli ethr change-owner "$did" "${net[@]}" --key dev0.private.jwk.json --new-owner "$new"
    echo "== ethr add-delegate, signed by the new owner and relayed by dev account #1" >&2
    cli ethr add-delegate "$did" "${net[@]}" --key newowner.private.jwk.json --signed --relayer-key dev1.private.jwk.json \
      --delegate 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC --type sigAuth
    echo "== resolve at the finalized block: new controller and the delegate" >&2
    cli resolve "$did" "${net[@]}" --block-tag finalized
    echo "== ethr change-owner by the old key: refused before sending (exit 1)" >&2
    if cli ethr change-owner "$did" "${net[@]}" --key dev0.private.jwk.json --new-owner "$new"; then
      echo "demo: the registry accepted a change from a former owner" >&2
      exit 1
    fi
  )
}

case "${1:-test}" in
  test)
    setup
    dotnet build Did.Sdk.sln -c Release
    log=$(mktemp)
    set +e
    dotnet test Did.Sdk.sln -c Release --no-build --logger "console;verbosity=minimal" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    # Second pass of every suite that signs or verifies ES256K (JWS, Ethereum signatures, account
    # recovery, SD-JWT with secp256k1 issuers and holders) on the managed (BouncyCastle) backend.
    for suite in Jose Ethereum Methods SdJwt; do
      DIDSDK_SECP256K1=managed dotnet test "tests/Did.Sdk.$suite.Tests" -c Release --no-build --logger "console;verbosity=minimal" 2>&1 | tee -a "$log"
      status=$(( status | PIPESTATUS[0] ))
    done
    set -e
    # One closing line over all test assemblies: "N passed, N failed, N skipped".
    awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { v = $(i + 1); gsub(",", "", v);
           if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
         END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
    rm -f "$log"
    exit "$status"
    ;;
  demo)
    dotnet build src/Did.Sdk.Cli -c Release
    cli() { dotnet run --no-build -c Release --project src/Did.Sdk.Cli -- "$@"; }
    echo "== did:key (Ed25519)" >&2
    cli resolve did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK
    echo "== did:jwk (P-256)" >&2
    cli resolve did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9
    echo "== did:pkh (eip155)" >&2
    cli resolve did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a
    for alg in EdDSA ES256 ES256K; do
      echo "== key generate --alg $alg" >&2
      cli key generate --alg "$alg"
    done
    demo_sd_jwt
    setup_node
    demo_ethr
    ;;
  bench)
    shift
    # Needs libsecp256k1 (apt-get install libsecp256k1-1). Results: BenchmarkDotNet.Artifacts/results.
    setup_node   # the SD-JWT and did:ethr comparisons run the JavaScript reference implementations
    dotnet build tests/Did.Sdk.Benchmarks -c Release
    # Paired, interleaved ratios for the issue's targets (robust on a loaded machine), then the suite.
    dotnet run --no-build -c Release --project tests/Did.Sdk.Benchmarks -- --targets
    dotnet run --no-build -c Release --project tests/Did.Sdk.Benchmarks -- --filter "${BENCH_FILTER:-*}" "$@"
    # did:ethr against ethr-did-resolver on a local node (about 3 minutes).
    dotnet run --no-build -c Release --project tests/Did.Sdk.Benchmarks -- --ethr
    ;;
  *)
    echo "usage: ./build.sh [test|demo|bench]" >&2
    exit 2
    ;;
esac
