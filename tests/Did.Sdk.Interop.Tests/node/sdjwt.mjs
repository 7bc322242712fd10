// The SD-JWT reference implementation (@sd-jwt/sd-jwt-vc and @sd-jwt/core 0.19.0) as a JSON-lines
// server for the interop tests: one request per stdin line, one response per stdout line
// ({"ok": true, …} or {"ok": false, "error": "…"}). Keys are JWKs; signatures use node:crypto.
//
//   {"op":"issue","alg":"EdDSA","privateJwk":{…},"claims":{…},"disclosureFrame":{…},"kid":"…"?, "lowS":false?}
//     → {"ok":true,"credential":"…"}
//   {"op":"present","credential":"…","presentationFrame":{…},"kb":{"alg","privateJwk","aud","nonce","iat"}?}
//     → {"ok":true,"presentation":"…"}
//   {"op":"verify","presentation":"…","alg":"…","issuerJwk":{…},"nonce":"…"?,"requireKb":bool}
//     → {"ok":true,"claims":{…},"kb":{…}|null}
//   {"op":"bench","what":"verify"|"issue"|"present","iterations":N, …the fields of that op}
//     → {"ok":true,"opsPerSecond":…,"iterations":N}
//
// Reference weaknesses worked around (see docs/sd-jwt.md, "Interoperability"): present() with a KB-JWT
// can sign sd_hash over a different disclosure set than it returns, so the KB-JWT is built here from the
// presentation present() returns. node:crypto's ECDSA gives high-S secp256k1 signatures half the time;
// they are sent as the reference makes them (the verifier under test accepts high S, as RFC 8812
// allows); "lowS" normalizes them, to compare with libsecp256k1 and noble signers.
import { createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, createHash } from 'node:crypto'
import { createInterface } from 'node:readline'
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc'
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs'

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const b64u = (buf) => Buffer.from(buf).toString('base64url')
const fromB64u = (text) => Buffer.from(text, 'base64url')

function signer(alg, jwk, lowS = false) {
  const key = createPrivateKey({ key: jwk, format: 'jwk' })
  return async (data) => {
    if (alg === 'EdDSA') return b64u(cryptoSign(null, Buffer.from(data), key))
    const sig = cryptoSign('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' })
    if (alg === 'ES256K' && lowS) {
      const s = BigInt('0x' + sig.subarray(32).toString('hex'))
      if (s > SECP256K1_N / 2n) Buffer.from((SECP256K1_N - s).toString(16).padStart(64, '0'), 'hex').copy(sig, 32)
    }
    return b64u(sig)
  }
}

function verifierFor(alg, jwk) {
  const key = createPublicKey({ key: jwk, format: 'jwk' })
  return (data, sig) => alg === 'EdDSA'
    ? cryptoVerify(null, Buffer.from(data), key, fromB64u(sig))
    : cryptoVerify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, fromB64u(sig))
}

const algOfJwk = (jwk) => jwk.kty === 'OKP' ? 'EdDSA' : jwk.crv === 'secp256k1' ? 'ES256K' : 'ES256'

// The holder key comes from cnf.jwk of the verified payload.
const kbVerifier = (data, sig, payload) => {
  const jwk = payload?.cnf?.jwk
  if (!jwk) throw new Error('no cnf.jwk')
  return verifierFor(algOfJwk(jwk), jwk)(data, sig)
}

function instance(request) {
  return new SDJwtVcInstance({
    hasher: digest,
    hashAlg: 'sha-256',
    saltGenerator: generateSalt,
    signAlg: request.alg,
    signer: request.privateJwk ? signer(request.alg, request.privateJwk, request.lowS) : undefined,
    verifier: request.issuerJwk ? verifierFor(request.alg, request.issuerJwk) : undefined,
    kbVerifier,
  })
}

async function issue(request) {
  const header = request.kid ? { kid: request.kid } : {}
  return { credential: await instance(request).issue(request.claims, request.disclosureFrame, { header }) }
}

async function present(request) {
  const withoutKb = await instance({}).present(request.credential, request.presentationFrame)
  if (!request.kb) return { presentation: withoutKb }
  const { alg, privateJwk, aud, nonce, iat } = request.kb
  const header = b64u(JSON.stringify({ alg, typ: 'kb+jwt' }))
  const sdHash = b64u(createHash('sha256').update(withoutKb).digest())
  const payload = b64u(JSON.stringify({ iat: iat ?? Math.floor(Date.now() / 1000), aud, nonce, sd_hash: sdHash }))
  const signature = await signer(alg, privateJwk)(`${header}.${payload}`)
  return { presentation: `${withoutKb}${header}.${payload}.${signature}` }
}

async function verify(request) {
  const options = request.nonce ? { keyBindingNonce: request.nonce } : {}
  const result = await instance(request).verify(request.presentation, options)
  if (request.requireKb && !result.kb) throw new Error('no key binding')
  return { claims: result.payload, kb: result.kb ?? null }
}

const ops = { issue, present, verify }

async function bench(request) {
  const op = ops[request.what]
  if (!op) throw new Error(`unknown bench op ${request.what}`)
  const iterations = request.iterations ?? 200
  for (let i = 0; i < Math.min(50, iterations); i++) await op(request)
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) await op(request)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { opsPerSecond: iterations / seconds, iterations }
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue
  let response
  try {
    const request = JSON.parse(line)
    const handler = request.op === 'bench' ? bench : ops[request.op]
    if (!handler) throw new Error(`unknown op ${request.op}`)
    response = { ok: true, ...(await handler(request)) }
  } catch (e) {
    response = { ok: false, error: String(e?.message ?? e) }
  }
  process.stdout.write(JSON.stringify(response) + '\n')
}
