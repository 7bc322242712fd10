// Resolves a did:ethr DID with the reference implementation (ethr-did-resolver on did-resolver) against
// one JSON-RPC endpoint and registry, and prints the DID resolution result as JSON on stdout.
//
//   node resolve.mjs --rpc <url> --registry <address> [--chain-id <n>] <did>
//   echo '{"did":"…","rpcUrl":"…","registry":"0x…","chainId":10}' | node resolve.mjs
//   node resolve.mjs --lines     one request per stdin line ({did, rpcUrl, registry, chainId, versionId?}),
//                                one compact result per stdout line ({"result": …} or {"exception": "…"});
//                                for test suites that resolve hundreds of times from one process.
//
// Exit codes: 0 a result was printed (it may carry didResolutionMetadata.error), 1 an unexpected
// failure, 2 a usage error.
import { Resolver } from 'did-resolver'
import { getResolver } from 'ethr-did-resolver'
import { JsonRpcProvider } from 'ethers'

function usage(message) {
  process.stderr.write(`resolve.mjs: ${message}\nusage: node resolve.mjs --rpc <url> --registry <address> [--chain-id <n>] <did>\n   or: JSON {did, rpcUrl, registry, chainId} on stdin\n`)
  process.exit(2)
}

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

async function readRequest(argv) {
  if (argv.length === 0) {
    const text = await readStdin()
    try {
      return JSON.parse(text)
    } catch (e) {
      usage(`stdin is not JSON: ${e.message}`)
    }
  }
  const request = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--rpc') request.rpcUrl = argv[++i]
    else if (arg === '--registry') request.registry = argv[++i]
    else if (arg === '--chain-id') request.chainId = Number(argv[++i])
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`)
    else request.did = arg
  }
  return request
}

// Production-like provider: the network is declared (no eth_chainId per round) and no response cache,
// so consecutive test runs never see stale reads (see INTEROP-NOTES).
const resolvers = new Map()
function resolverFor(rpcUrl, registry, chainId) {
  const key = `${rpcUrl} ${registry} ${chainId}`
  let entry = resolvers.get(key)
  if (!entry) {
    const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 })
    entry = { provider, resolver: new Resolver(getResolver({ networks: [{ chainId, provider, registry }] })) }
    resolvers.set(key, entry)
  }
  return entry.resolver
}

function validate(request) {
  if (typeof request?.did !== 'string' || typeof request.rpcUrl !== 'string' || typeof request.registry !== 'string') {
    return 'did, rpcUrl and registry are required'
  }
  const chainId = request.chainId ?? 10
  if (!Number.isSafeInteger(chainId) || chainId <= 0) return 'chainId must be a positive integer'
  if (request.versionId !== undefined && !/^[0-9]+$/.test(String(request.versionId))) return 'versionId must be a block number'
  return null
}

async function resolveOne(request) {
  const did = request.versionId === undefined ? request.did : `${request.did}?versionId=${request.versionId}`
  return resolverFor(request.rpcUrl, request.registry, request.chainId ?? 10).resolve(did)
}

if (process.argv[2] === '--lines') {
  const { createInterface } = await import('node:readline')
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue
    let response
    try {
      const request = JSON.parse(line)
      const problem = validate(request)
      response = problem ? { exception: problem } : { result: await resolveOne(request) }
    } catch (e) {
      response = { exception: String(e?.message ?? e) }
    }
    process.stdout.write(JSON.stringify(response) + '\n')
  }
  for (const { provider } of resolvers.values()) provider.destroy()
} else {
  const request = await readRequest(process.argv.slice(2))
  const problem = validate(request)
  if (problem) usage(problem)
  try {
    const result = await resolveOne(request)
    process.stdout.write(JSON.stringify(result, null, 2) + '\n')
  } catch (e) {
    process.stderr.write(`resolve.mjs: ${e?.stack ?? e}\n`)
    process.exitCode = 1
  } finally {
    for (const { provider } of resolvers.values()) provider.destroy()
  }
}
