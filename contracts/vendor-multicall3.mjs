// Extracts the canonical Multicall3 deployment transaction (the pre-signed, chain-id-less raw
// transaction from 0x05f32B3cC3888453ff71B01135B34FF8e41263F2, nonce 0, whose contract lands at
// 0xcA11bde05977b3631167028862bE2a173976CA11 on every chain) from the npm package that ships it,
// and writes vendor/multicall3/deploy-tx.hex and vendor/multicall3/source.json. build.mjs derives
// artifacts/Multicall3.json and artifacts/Multicall3.runtime.hex from those two files.
//
//   npm pack @aztec/ethereum@4.1.2          # fetches the tarball only, not its dependencies
//   node vendor-multicall3.mjs aztec-ethereum-4.1.2.tgz [--check]
//
// --check compares with the committed files instead of writing them (exit 1 on a difference).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'

const PACKAGE = '@aztec/ethereum'
const VERSION = '4.1.2'
const PATH_IN_PACKAGE = 'dest/contracts/multicall.js'

const args = process.argv.slice(2)
const check = args.includes('--check')
const input = args.find((a) => !a.startsWith('--'))
if (!input) {
  process.stderr.write('usage: node vendor-multicall3.mjs <aztec-ethereum-4.1.2.tgz | extracted multicall.js> [--check]\n')
  process.exit(2)
}

let file
let tarballSha256 = null
if (input.endsWith('.tgz')) {
  const tgz = readFileSync(input)
  tarballSha256 = createHash('sha256').update(tgz).digest('hex')
  const pkgJson = JSON.parse(execFileSync('tar', ['-xzOf', input, 'package/package.json']))
  if (pkgJson.name !== PACKAGE || pkgJson.version !== VERSION) {
    process.stderr.write(`expected ${PACKAGE}@${VERSION}, the tarball is ${pkgJson.name}@${pkgJson.version}\n`)
    process.exit(1)
  }
  file = execFileSync('tar', ['-xzOf', input, `package/${PATH_IN_PACKAGE}`], { maxBuffer: 64 << 20 })
} else {
  file = readFileSync(input)
}

const matches = [...file.toString('utf8').matchAll(/'(0xf90f53[0-9a-f]+)'/g)].map((m) => m[1])
if (matches.length !== 1) {
  process.stderr.write(`expected exactly one signed Multicall3 deployment transaction in ${PATH_IN_PACKAGE}, found ${matches.length}\n`)
  process.exit(1)
}
const tx = matches[0] + '\n'
const source = {
  package: PACKAGE,
  version: VERSION,
  path: PATH_IN_PACKAGE,
  sha256: createHash('sha256').update(file).digest('hex'),
  ...(tarballSha256 ? { tarballSha256 } : {}),
  note: 'The file holds the canonical pre-signed Multicall3 deployment transaction as a string constant; only that constant is used.',
}
const sourceJson = JSON.stringify(source, null, 2) + '\n'

const txPath = new URL('./vendor/multicall3/deploy-tx.hex', import.meta.url)
const sourcePath = new URL('./vendor/multicall3/source.json', import.meta.url)
if (check) {
  const same = existsSync(txPath) && readFileSync(txPath, 'utf8') === tx
  const committed = existsSync(sourcePath) ? JSON.parse(readFileSync(sourcePath, 'utf8')) : {}
  const sameFile = committed.sha256 === source.sha256
  process.stdout.write(`deploy-tx.hex ${same ? 'matches' : 'DIFFERS'}; ${PATH_IN_PACKAGE} sha256 ${sameFile ? 'matches' : 'DIFFERS'}\n`)
  process.exit(same && sameFile ? 0 : 1)
}
writeFileSync(txPath, tx)
writeFileSync(sourcePath, sourceJson)
process.stdout.write(`wrote vendor/multicall3/deploy-tx.hex (${(tx.length - 3) / 2} bytes) and vendor/multicall3/source.json\n`)
