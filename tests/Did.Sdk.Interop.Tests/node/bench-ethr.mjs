// Times ethr-did-resolver on a node for the did:ethr benchmarks (tests/Did.Sdk.Benchmarks, --ethr):
//   node bench-ethr.mjs <rpcUrl> <registry> <chainId> <did> <iterations> <cold|warm>
// cold: a new provider and resolver for every resolution; warm: one for all. The ethers provider is
// configured as resolve.mjs configures it: staticNetwork (no eth_chainId per request) and no response
// cache; ethers' default batching (requests held up to 10 ms to be sent together) is left on.
// Prints {"meanMs": …, "iterations": N}.
import { Resolver } from 'did-resolver'
import { getResolver } from 'ethr-did-resolver'
import { JsonRpcProvider } from 'ethers'

const [rpcUrl, registry, chainIdText, did, iterationsText, mode] = process.argv.slice(2)
const chainId = Number(chainIdText)
const iterations = Number(iterationsText)
const make = () => {
  const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 })
  return { provider, resolver: new Resolver(getResolver({ networks: [{ chainId, provider, registry }] })) }
}
let shared = mode === 'warm' ? make() : null
const one = async () => {
  const entry = shared ?? make()
  const result = await entry.resolver.resolve(did)
  if (result.didResolutionMetadata.error) throw new Error(result.didResolutionMetadata.error)
  if (!shared) entry.provider.destroy()
}
await one() // warm-up (JIT, connections)
const start = process.hrtime.bigint()
for (let i = 0; i < iterations; i++) await one()
const ms = Number(process.hrtime.bigint() - start) / 1e6
shared?.provider.destroy()
process.stdout.write(JSON.stringify({ meanMs: ms / iterations, iterations }) + '\n')
