// @snapshot-labs/snapshot.js 0.17.5's utils.multicall as a JSON-lines server: how Snapshot's erc20-balance-of
// strategy reads balances (one balanceOf(address) per voter through Multicall `aggregate`, pages of the
// library's default 500 calls sent in parallel, each an eth_call at the snapshot block), over an ethers v5
// StaticJsonRpcProvider.
//   {"op":"balances","rpc":"http://127.0.0.1:…/","chainId":31337,"multicall":"0xcA11…","token":"0x…",
//    "addresses":["0x…",…],"blockTag":123}
//     → {"ok":true,"balances":["123",…],"ms":12.3}   (decimal strings, in the order asked; ms: the multicall alone)
// The provider is kept per rpc URL (its chain id learned once, as a Snapshot hub keeps its providers).
// snapshot.js picks the multicall contract from its networks table by network id; the devnet's chain is not in
// that table, so its Multicall3 (which implements Multicall's `aggregate`) is passed as options.multicallAddress.
import { createInterface } from 'node:readline'
import { performance } from 'node:perf_hooks'
import snapshot from '@snapshot-labs/snapshot.js'
import { StaticJsonRpcProvider } from '@ethersproject/providers'

// The erc20-balance-of strategy's ABI.
const abi = ['function balanceOf(address account) external view returns (uint256)']
const providers = new Map()

function provider(rpc, chainId) {
  const key = rpc + '#' + chainId
  if (!providers.has(key)) {
    providers.set(key, new StaticJsonRpcProvider(rpc, chainId))
  }
  return providers.get(key)
}

async function handle(request) {
  switch (request.op) {
    case 'balances': {
      const p = provider(request.rpc, request.chainId)
      const calls = request.addresses.map((address) => [request.token, 'balanceOf', [address]])
      const started = performance.now()
      const response = await snapshot.utils.multicall(String(request.chainId), p, abi, calls, {
        blockTag: request.blockTag,
        multicallAddress: request.multicall
      })
      const ms = performance.now() - started
      return { balances: response.map((value) => value[0].toString()), ms }
    }
    default:
      throw new Error('unknown op ' + request.op)
  }
}

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  let response
  try {
    response = { ok: true, ...(await handle(JSON.parse(line))) }
  } catch (e) {
    response = { ok: false, error: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(response) + '\n')
}
