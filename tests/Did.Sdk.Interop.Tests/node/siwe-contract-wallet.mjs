// siwe 3.0.0's verify with a provider, so that it checks ERC-1271 contract wallets (isValidSignature on
// the message's address) against a JSON-RPC node on the loopback, as a JSON-lines server for the interop
// tests: one request per stdin line, one response per stdout line.
//
//   {"rpc":"http://127.0.0.1:…/","chainId":10,"message":"…","signature":"0x…","domain":"…","nonce":"…","time":"…"}
//     → {"ok":true,"success":bool,"error":"…"?}
import { createInterface } from 'node:readline'
import siwe from 'siwe'
import { JsonRpcProvider } from 'ethers'

const { SiweMessage } = siwe
const providers = new Map()
function provider(url, chainId) {
  const u = new URL(url)
  if (u.hostname !== '127.0.0.1') throw new Error('loopback RPC only')
  if (!providers.has(url)) providers.set(url, new JsonRpcProvider(url, chainId, { staticNetwork: true }))
  return providers.get(url)
}

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  let response
  try {
    const request = JSON.parse(line)
    const result = await new SiweMessage(request.message).verify(
      { signature: request.signature, domain: request.domain, nonce: request.nonce, time: request.time },
      { provider: provider(request.rpc, request.chainId), suppressExceptions: true })
    response = { ok: true, success: result.success, error: result.error ? String(result.error.type ?? result.error) : undefined }
  } catch (e) {
    response = { ok: false, error: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(response) + '\n')
}
for (const p of providers.values()) p.destroy()
