// A local EVM node for trying did:ethr by hand: starts hardhat on 127.0.0.1 (chainId 10, as on OP
// Mainnet), deploys the real EthereumDIDRegistry from the ethr-did-registry npm artifact with dev
// account #0, prints one JSON line { rpcUrl, chainId, registry, accounts } and runs until interrupted
// (Ctrl-C or SIGTERM stops the node it started).
//
//   node devnet.mjs [--port 8545] [--keys <dir>]
//
// --keys writes the dev accounts' keys as private secp256k1 JWK files dev0.private.jwk.json … into <dir>,
// the form the did-sdk CLI takes (--key, --relayer-key). They are public test keys: never fund them elsewhere.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { JsonRpcProvider, Wallet, ContractFactory, SigningKey, getBytes, encodeBase64 } from 'ethers'

const artifact = JSON.parse(readFileSync(new URL('./node_modules/ethr-did-registry/artifacts/contracts/EthereumDIDRegistry.sol/EthereumDIDRegistry.json', import.meta.url)))

// Hardhat's well-known development accounts (public test keys, funded with 10000 ETH on every hardhat node).
const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
]

const args = process.argv.slice(2)
let port = 8545
let keysDir = null
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--port') port = Number(args[++i])
  else if (args[i] === '--keys') keysDir = args[++i]
  else { process.stderr.write(`devnet.mjs: unknown argument ${args[i]}\nusage: node devnet.mjs [--port 8545] [--keys <dir>]\n`); process.exit(2) }
}

const base64url = (bytes) => encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
function privateJwk(privateKey) {
  const pub = getBytes(new SigningKey(privateKey).publicKey) // 0x04 ‖ x ‖ y
  return { kty: 'EC', crv: 'secp256k1', x: base64url(pub.slice(1, 33)), y: base64url(pub.slice(33, 65)), d: base64url(getBytes(privateKey)) }
}
if (!Number.isInteger(port) || port <= 0 || port > 65535) { process.stderr.write('devnet.mjs: --port is 1..65535\n'); process.exit(2) }

const rpcUrl = `http://127.0.0.1:${port}`
const node = spawn('npx', ['--no-install', 'hardhat', 'node', '--hostname', '127.0.0.1', '--port', String(port)], {
  cwd: new URL('.', import.meta.url).pathname,
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
})
let stopping = false
const stop = (code) => {
  if (!stopping) {
    stopping = true
    try { process.kill(-node.pid, 'SIGTERM') } catch { /* already gone */ }
  }
  process.exit(code)
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
node.on('exit', (code) => { if (!stopping) { process.stderr.write(`devnet.mjs: hardhat exited with ${code}\n`); process.exit(1) } })
node.stdout.resume()

const provider = new JsonRpcProvider(rpcUrl, 10, { staticNetwork: true, cacheTimeout: -1 })
const deadline = Date.now() + 60_000
for (;;) {
  try { await provider.send('eth_chainId', []); break } catch {
    if (Date.now() > deadline) { process.stderr.write('devnet.mjs: the node did not start within 60 s\n'); stop(1) }
    await new Promise((r) => setTimeout(r, 200))
  }
}

try {
  const deployer = new Wallet(DEV_KEYS[0], provider)
  const registry = await new ContractFactory(artifact.abi, artifact.bytecode, deployer).deploy()
  await registry.waitForDeployment()
  const accounts = DEV_KEYS.map((key) => ({ address: new Wallet(key).address, privateKey: key }))
  if (keysDir !== null) {
    DEV_KEYS.forEach((key, i) => writeFileSync(join(keysDir, `dev${i}.private.jwk.json`), JSON.stringify(privateJwk(key), null, 2) + '\n', { mode: 0o600 }))
  }
  process.stdout.write(JSON.stringify({ rpcUrl, chainId: 10, registry: await registry.getAddress(), accounts }) + '\n')
} catch (e) {
  process.stderr.write(`devnet.mjs: deployment failed: ${e.message}\n`)
  stop(1)
}
