// siwe 3.0.0 (EIP-4361, with @spruceid/siwe-parser's ABNF grammar) as a JSON-lines server for the interop
// tests: one request per stdin line, one response per stdout line ({"ok": true, …} or {"ok": false, "error": "…"}).
//
//   {"op":"format","fields":{…}}                 → {"ok":true,"message":"…"}   (SiweMessage(fields).prepareMessage())
//   {"op":"parse","message":"…"}                 → {"ok":true,"fields":{…}}    (the ABNF parser)
//   {"op":"sign","privateKeyHex":"…","fields":{…}} → {"ok":true,"message":"…","signature":"0x…"} (ethers personal_sign)
//   {"op":"verify","message":"…","signature":"0x…","domain":"…","nonce":"…","time":"…"} → {"ok":true,"success":bool,"error":"…"?}
import { createInterface } from 'node:readline'
import siwe from 'siwe'
import { Wallet } from 'ethers'

const { SiweMessage } = siwe

const fieldNames = ['scheme', 'domain', 'address', 'statement', 'uri', 'version', 'chainId', 'nonce', 'issuedAt', 'expirationTime', 'notBefore', 'requestId', 'resources']
const fieldsOf = (m) => Object.fromEntries(fieldNames.filter((k) => m[k] !== undefined && m[k] !== null).map((k) => [k, m[k]]))

async function handle(request) {
  switch (request.op) {
    case 'format':
      return { message: new SiweMessage(request.fields).prepareMessage() }
    case 'parse':
      return { fields: fieldsOf(new SiweMessage(request.message)) }
    case 'sign': {
      const message = new SiweMessage(request.fields).prepareMessage()
      const signature = await new Wallet('0x' + request.privateKeyHex).signMessage(message)
      return { message, signature }
    }
    case 'verify': {
      const result = await new SiweMessage(request.message).verify(
        { signature: request.signature, domain: request.domain, nonce: request.nonce, time: request.time },
        { suppressExceptions: true })
      return { success: result.success, error: result.error ? String(result.error.type ?? result.error) : undefined }
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
