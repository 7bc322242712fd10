// Compiles src/*.sol with solc-js (standard JSON, pinned settings) and writes artifacts/<Name>.json;
// also writes the vendored EthereumDIDRegistry artifact (from the ethr-did-registry npm package) and the
// Multicall3 artifact (derived from the canonical pre-signed deployment transaction in vendor/multicall3/).
//
//   node build.mjs           write artifacts/
//   node build.mjs --check   rebuild in memory; exit 1 with a summary if any committed artifact differs
//
// Artifacts are byte-reproducible: no CBOR metadata is appended to the code (metadata.appendCBOR false,
// bytecodeHash none), source keys are package-relative paths, and JSON is written with 2-space indentation
// and a trailing newline.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import solc from 'solc'
import { Interface, Transaction, getCreateAddress, getAddress } from 'ethers'

const here = dirname(fileURLToPath(import.meta.url))
const check = process.argv.includes('--check')
for (const a of process.argv.slice(2)) {
  if (a !== '--check') {
    process.stderr.write(`build.mjs: unknown argument ${a}\nusage: node build.mjs [--check]\n`)
    process.exit(2)
  }
}

const SOLC_VERSION = '0.8.37'
const OZ_VERSION = '5.7.0'
const ETHR_DID_REGISTRY_VERSION = '1.3.0'

// Cancun: OpenZeppelin Contracts 5.7 uses MCOPY (utils/Bytes.sol, reached through Strings), so "paris" does
// not compile it. Hardhat 2.29 runs Cancun and later hardforks, and the usual L2s (OP Stack chains since
// Ecotone, Arbitrum since ArbOS 20, Base, Scroll, ...) have the Cancun opcodes.
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'none', appendCBOR: false },
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex')
const toJson = (value) => JSON.stringify(value, null, 2) + '\n'
const hex0x = (h) => (h.startsWith('0x') ? h : '0x' + h)

// Packages are read from this folder's node_modules (npm ci), not from wherever Node would resolve them.
function packageDir(name) {
  const dir = join(here, 'node_modules', name)
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`${name} is not installed in ${join(here, 'node_modules')}: run npm ci`)
  return dir
}
function assertVersion(name, expected) {
  const actual = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version
  if (actual !== expected) throw new Error(`${name} ${expected} is pinned, node_modules has ${actual}: run npm ci`)
}

// ---------------------------------------------------------------- compiled contracts
function compileSources() {
  assertVersion('solc', SOLC_VERSION)
  assertVersion('@openzeppelin/contracts', OZ_VERSION)
  if (!solc.version().startsWith(SOLC_VERSION + '+')) throw new Error(`solc-js reports ${solc.version()}`)

  const srcDir = join(here, 'src')
  const files = readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort()
  const sources = {}
  for (const f of files) sources[`src/${f}`] = { content: readFileSync(join(srcDir, f), 'utf8') }

  const ozDir = packageDir('@openzeppelin/contracts')
  const loaded = {} // every source the compiler read, by its source unit name
  for (const [k, v] of Object.entries(sources)) loaded[k] = v.content
  const findImports = (path) => {
    const prefix = '@openzeppelin/contracts/'
    if (!path.startsWith(prefix) || path.includes('..')) return { error: `import not allowed: ${path}` }
    const file = join(ozDir, path.slice(prefix.length))
    if (!existsSync(file)) return { error: `not found: ${path}` }
    loaded[path] = readFileSync(file, 'utf8')
    return { contents: loaded[path] }
  }

  const input = {
    language: 'Solidity',
    sources,
    settings: {
      ...SETTINGS,
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.deployedBytecode.immutableReferences', 'metadata'] },
      },
    },
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }))
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  for (const e of output.errors ?? []) {
    // OpenZeppelin's own warnings (an identifier that later compilers reserve) are not ours to fix.
    if (e.severity !== 'error' && e.sourceLocation?.file?.startsWith('@openzeppelin/')) continue
    process.stderr.write(e.formattedMessage + '\n')
  }
  if (errors.length > 0) throw new Error(`solc reported ${errors.length} error(s)`)

  const artifacts = {}
  for (const file of Object.keys(sources)) {
    for (const [name, c] of Object.entries(output.contracts[file] ?? {})) {
      if (c.evm.bytecode.object === '') continue // interfaces and abstract contracts
      const metadata = JSON.parse(c.metadata)
      const used = {}
      for (const path of Object.keys(metadata.sources).sort()) {
        if (loaded[path] === undefined) throw new Error(`${name}: the compiler used ${path} but it was not loaded`)
        used[path] = sha256(loaded[path])
      }
      artifacts[`${name}.json`] = toJson({
        contractName: name,
        abi: c.abi,
        bytecode: hex0x(c.evm.bytecode.object),
        deployedBytecode: hex0x(c.evm.deployedBytecode.object),
        immutableReferences: c.evm.deployedBytecode.immutableReferences ?? {},
        compiler: { version: solc.version(), settings: SETTINGS },
        sources: used,
      })
    }
  }
  return artifacts
}

// ---------------------------------------------------------------- EthereumDIDRegistry (ethr-did-registry)
function ethrDidRegistry() {
  assertVersion('ethr-did-registry', ETHR_DID_REGISTRY_VERSION)
  const dir = packageDir('ethr-did-registry')
  const artifactPath = 'artifacts/contracts/EthereumDIDRegistry.sol/EthereumDIDRegistry.json'
  const raw = readFileSync(join(dir, artifactPath))
  const a = JSON.parse(raw)
  const dbg = JSON.parse(readFileSync(join(dir, 'artifacts/contracts/EthereumDIDRegistry.sol/EthereumDIDRegistry.dbg.json'), 'utf8'))
  const buildInfoPath = join('artifacts/contracts/EthereumDIDRegistry.sol', dbg.buildInfo)
  const buildInfo = JSON.parse(readFileSync(join(dir, buildInfoPath), 'utf8'))
  const { outputSelection, ...settings } = buildInfo.input.settings
  const sources = {}
  for (const [path, s] of Object.entries(buildInfo.input.sources).sort(([x], [y]) => (x < y ? -1 : 1))) sources[path] = sha256(s.content)
  if (!a.deployedBytecode || a.deployedBytecode === '0x') throw new Error('ethr-did-registry artifact has no deployedBytecode')
  if (Object.keys(a.linkReferences).length || Object.keys(a.deployedLinkReferences).length) throw new Error('EthereumDIDRegistry needs libraries')
  return {
    'EthereumDIDRegistry.json': toJson({
      contractName: a.contractName,
      abi: a.abi,
      bytecode: a.bytecode,
      deployedBytecode: a.deployedBytecode,
      compiler: { version: buildInfo.solcLongVersion, settings },
      sources,
      provenance: {
        package: 'ethr-did-registry',
        version: ETHR_DID_REGISTRY_VERSION,
        path: artifactPath,
        sha256: sha256(raw),
        buildInfo: { path: buildInfoPath.replaceAll('\\', '/'), sha256: sha256(readFileSync(join(dir, buildInfoPath))) },
        note: 'abi, bytecode and deployedBytecode copied unchanged from the package artifact; compiler and sources from its hardhat build-info.',
      },
    }),
  }
}

// ---------------------------------------------------------------- Multicall3 (canonical deployment)
const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11'
const MULTICALL3_DEPLOYER = '0x05f32B3cC3888453ff71B01135B34FF8e41263F2'
// The public interface of Multicall3 (mds1/multicall, MIT). build checks that the dispatcher of the
// runtime code has exactly these selectors.
const MULTICALL3_ABI = [
  'function aggregate(tuple(address target, bytes callData)[] calls) payable returns (uint256 blockNumber, bytes[] returnData)',
  'function aggregate3(tuple(address target, bool allowFailure, bytes callData)[] calls) payable returns (tuple(bool success, bytes returnData)[] returnData)',
  'function aggregate3Value(tuple(address target, bool allowFailure, uint256 value, bytes callData)[] calls) payable returns (tuple(bool success, bytes returnData)[] returnData)',
  'function blockAndAggregate(tuple(address target, bytes callData)[] calls) payable returns (uint256 blockNumber, bytes32 blockHash, tuple(bool success, bytes returnData)[] returnData)',
  'function getBasefee() view returns (uint256 basefee)',
  'function getBlockHash(uint256 blockNumber) view returns (bytes32 blockHash)',
  'function getBlockNumber() view returns (uint256 blockNumber)',
  'function getChainId() view returns (uint256 chainid)',
  'function getCurrentBlockCoinbase() view returns (address coinbase)',
  'function getCurrentBlockDifficulty() view returns (uint256 difficulty)',
  'function getCurrentBlockGasLimit() view returns (uint256 gaslimit)',
  'function getCurrentBlockTimestamp() view returns (uint256 timestamp)',
  'function getEthBalance(address addr) view returns (uint256 balance)',
  'function getLastBlockHash() view returns (bytes32 blockHash)',
  'function tryAggregate(bool requireSuccess, tuple(address target, bytes callData)[] calls) payable returns (tuple(bool success, bytes returnData)[] returnData)',
  'function tryBlockAndAggregate(bool requireSuccess, tuple(address target, bytes callData)[] calls) payable returns (uint256 blockNumber, bytes32 blockHash, tuple(bool success, bytes returnData)[] returnData)',
]

function multicall3() {
  const rawTx = readFileSync(join(here, 'vendor/multicall3/deploy-tx.hex'), 'utf8').trim()
  const source = JSON.parse(readFileSync(join(here, 'vendor/multicall3/source.json'), 'utf8'))
  const tx = Transaction.from(rawTx)
  // The signature binds the init code to the deployer: any other code would recover another sender
  // and so create at another address.
  if (tx.from !== MULTICALL3_DEPLOYER) throw new Error(`Multicall3 tx: sender ${tx.from}`)
  if (tx.nonce !== 0 || tx.to !== null || tx.chainId !== 0n || tx.type !== 0) throw new Error('Multicall3 tx: not the nonce-0, chain-id-less legacy creation')
  const created = getCreateAddress({ from: tx.from, nonce: tx.nonce })
  if (created !== getAddress(MULTICALL3_ADDRESS)) throw new Error(`Multicall3 tx creates ${created}`)

  // Init code = 32-byte constructor that returns CODECOPY(0x20, len) || runtime code.
  const init = tx.data.slice(2)
  const m = /^608060405234801561001057600080fd5b5061([0-9a-f]{4})806100206000396000f3fe$/.exec(init.slice(0, 64))
  if (!m) throw new Error('Multicall3 init code: unexpected constructor')
  const runtimeLength = parseInt(m[1], 16)
  const runtime = init.slice(64)
  if (runtime.length !== runtimeLength * 2) throw new Error(`Multicall3 runtime: ${runtime.length / 2} bytes after the constructor, it returns ${runtimeLength}`)

  const iface = new Interface(MULTICALL3_ABI)
  const abiSelectors = iface.fragments.filter((f) => f.type === 'function').map((f) => f.selector.slice(2)).sort()
  const dispatcher = runtime.slice(0, 2 * 0x100)
  const codeSelectors = [...new Set([...dispatcher.matchAll(/63([0-9a-f]{8})(?=14|11)/g)].map((x) => x[1]))].sort()
  if (abiSelectors.join() !== codeSelectors.join()) throw new Error(`Multicall3 ABI selectors ${abiSelectors} != dispatcher ${codeSelectors}`)

  // The CBOR tail (… 64 'solc' 43 <3-byte version> 0033) names the compiler.
  const solcTail = /64736f6c6343([0-9a-f]{6})0033$/.exec(runtime)
  const compilerVersion = solcTail ? solcTail[1].match(/../g).map((b) => parseInt(b, 16)).join('.') : 'unknown'

  return {
    'Multicall3.json': toJson({
      contractName: 'Multicall3',
      abi: JSON.parse(iface.formatJson()),
      bytecode: hex0x(init),
      deployedBytecode: hex0x(runtime),
      compiler: { version: compilerVersion, settings: null },
      sources: {},
      provenance: {
        address: MULTICALL3_ADDRESS,
        deployer: MULTICALL3_DEPLOYER,
        deployTransactionSha256: sha256(rawTx),
        from: source,
        derivation:
          'bytecode is the data of the canonical pre-signed deployment transaction (vendor/multicall3/deploy-tx.hex); deployedBytecode is the code its constructor returns (bytes 0x20.. of the init code). Not recompiled. compiler.version is read from the CBOR metadata at the end of the code; the settings are not recorded in the code.',
      },
    }),
    'Multicall3.runtime.hex': hex0x(runtime) + '\n',
  }
}

// ---------------------------------------------------------------- write or check
const expected = { ...compileSources(), ...ethrDidRegistry(), ...multicall3() }
const outDir = join(here, 'artifacts')
const generated = (f) => f.endsWith('.json') || f.endsWith('.hex')

function summarize(name, committed, fresh) {
  if (!name.endsWith('.json')) return `${name}: differs (${committed.length} vs ${fresh.length} characters)`
  let a
  try { a = JSON.parse(committed) } catch { return `${name}: committed file is not valid JSON` }
  const b = JSON.parse(fresh)
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  const fields = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
  const detail = fields.map((k) => {
    if (typeof a[k] === 'string' && typeof b[k] === 'string' && a[k].startsWith('0x')) {
      let i = 0
      while (i < a[k].length && a[k][i] === b[k][i]) i++
      return `${k} (${(a[k].length - 2) / 2} vs ${(b[k].length - 2) / 2} bytes, first difference at byte ${Math.floor((i - 2) / 2)})`
    }
    return k
  })
  return `${name}: ${fields.length ? 'fields differ: ' + detail.join(', ') : 'formatting differs'}`
}

if (check) {
  const problems = []
  for (const [name, fresh] of Object.entries(expected)) {
    const path = join(outDir, name)
    if (!existsSync(path)) { problems.push(`${name}: missing`); continue }
    const committed = readFileSync(path, 'utf8')
    if (committed !== fresh) problems.push(summarize(name, committed, fresh))
  }
  if (existsSync(outDir)) {
    for (const f of readdirSync(outDir).filter(generated)) if (!(f in expected)) problems.push(`${f}: not produced by the build (stale?)`)
  }
  if (problems.length > 0) {
    process.stderr.write(`build.mjs --check: ${problems.length} artifact(s) differ from a fresh build:\n  ${problems.join('\n  ')}\nrun: node build.mjs\n`)
    process.exit(1)
  }
  process.stdout.write(`build.mjs --check: ${Object.keys(expected).length} artifacts match a fresh build byte for byte\n`)
} else {
  mkdirSync(outDir, { recursive: true })
  for (const [name, content] of Object.entries(expected)) writeFileSync(join(outDir, name), content)
  for (const [name, content] of Object.entries(expected)) {
    if (!name.endsWith('.json')) continue
    const a = JSON.parse(content)
    process.stdout.write(`${name.padEnd(28)} runtime ${String((a.deployedBytecode.length - 2) / 2).padStart(6)} bytes, creation ${String((a.bytecode.length - 2) / 2).padStart(6)} bytes\n`)
  }
}
