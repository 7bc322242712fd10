#!/usr/bin/env bash
# One entry point for people and CI.
#   ./build.sh test    restore, build and run every test project
#   ./build.sh demo    resolve sample DIDs and generate keys with the did-sdk CLI
#   ./build.sh bench   run the BenchmarkDotNet suite (about 10 minutes; extra args go to BenchmarkDotNet)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case "${1:-test}" in
  test)
    dotnet build Did.Sdk.sln -c Release
    dotnet test Did.Sdk.sln -c Release --no-build --logger "console;verbosity=minimal"
    ;;
  demo)
    dotnet build src/Did.Sdk.Cli -c Release
    cli() { dotnet run --no-build -c Release --project src/Did.Sdk.Cli -- "$@"; }
    cli resolve did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK
    cli key generate --alg EdDSA
    ;;
  bench)
    shift
    # Needs libsecp256k1 (apt-get install libsecp256k1-1). Results: BenchmarkDotNet.Artifacts/results.
    dotnet build tests/Did.Sdk.Benchmarks -c Release
    # Paired, interleaved ratios for the issue's targets (robust on a loaded machine), then the suite.
    dotnet run --no-build -c Release --project tests/Did.Sdk.Benchmarks -- --targets
    dotnet run --no-build -c Release --project tests/Did.Sdk.Benchmarks -- --filter "${BENCH_FILTER:-*}" "$@"
    ;;
  *)
    echo "usage: ./build.sh [test|demo|bench]" >&2
    exit 2
    ;;
esac
