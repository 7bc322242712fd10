// did-jwt 9.0.1 with ethr-did-resolver 11.1.3 as a JSON-lines server for the interop tests: one request
// per stdin line, one response per stdout line ({"ok": true, …} or {"ok": false, "error": "…"}).
//
//   {"op":"sign","alg":"ES256K"|"ES256K-R","privateKeyHex":"…","issuer":"did:…","kid":"did:…#…","payload":{…}}
//     → {"ok":true,"jwt":"…"}
//   {"op":"verify","jwt":"…","rpcUrl":"…","registry":"0x…","chainId":10,"audience":"…"?,"proofPurpose":"assertionMethod"?}
//     → {"ok":true,"issuer":"…","signerId":"…","payload":{…}}
//   {"op":"sdjwt-issue", …} and {"op":"sdjwt-verify", …}: SD-JWT VC with a did:ethr issuer and holder (see below).
//
// ES256K signatures made here come from did-jwt's own signer (noble secp256k1): low S, and with
// ES256K-R the recovery id as a 65th byte.
import { createInterface } from 'node:readline'
import { createHash } from 'node:crypto'
import { createJWT, verifyJWT, ES256KSigner, hexToBytes, decodeJWT } from 'did-jwt'
import { Resolver } from 'did-resolver'
import { getResolver } from 'ethr-did-resolver'
import { JsonRpcProvider, SigningKey, Signature, computeAddress, recoverAddress } from 'ethers'
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc'
import { digest, generateSalt } from '@sd-jwt/crypto-nodejs'

const resolvers = new Map()
function resolverFor({ rpcUrl, registry, chainId }) {
  const key = `${rpcUrl} ${registry} ${chainId}`
  if (!resolvers.has(key)) {
    const provider = new JsonRpcProvider(rpcUrl, chainId, { staticNetwork: true, cacheTimeout: -1 })
    resolvers.set(key, new Resolver(getResolver({ networks: [{ chainId, provider, registry }] })))
  }
  return resolvers.get(key)
}

const b64u = (buf) => Buffer.from(buf).toString('base64url')

// An ES256K signer for @sd-jwt from a hex private key (ethers SigningKey: RFC 6979, low S).
function sdJwtSigner(privateKeyHex) {
  const key = new SigningKey('0x' + privateKeyHex.replace(/^0x/, ''))
  return async (data) => {
    const sig = key.sign(createHash('sha256').update(data).digest())
    return b64u(Buffer.concat([Buffer.from(sig.r.slice(2), 'hex'), Buffer.from(sig.s.slice(2), 'hex')]))
  }
}

// Verifies an ES256K JWS signature against the blockchainAccountId of the DID URL `kid`, resolved with
// ethr-did-resolver: recover with both recovery ids and compare addresses (as did-jwt does).
async function verifyByAccount(request, kid, data, signatureB64u) {
  const did = kid.split('#')[0]
  const resolution = await resolverFor(request).resolve(did)
  const doc = resolution.didDocument
  if (!doc) throw new Error('cannot resolve ' + did + ': ' + JSON.stringify(resolution.didResolutionMetadata))
  const method = (doc.verificationMethod || []).find((m) => m.id === kid)
  if (!method || !method.blockchainAccountId) throw new Error('no account method ' + kid)
  const expected = method.blockchainAccountId.split(':')[2].toLowerCase()
  const sig = Buffer.from(signatureB64u, 'base64url')
  const hash = createHash('sha256').update(data).digest()
  for (const v of [27, 28]) {
    try {
      const address = recoverAddress(hash, Signature.from({ r: '0x' + sig.subarray(0, 32).toString('hex'), s: '0x' + sig.subarray(32, 64).toString('hex'), v }))
      if (address.toLowerCase() === expected) return true
    } catch { /* high S or invalid: try the other id */ }
  }
  return false
}

async function handle(request) {
  switch (request.op) {
    case 'sign': {
      const signer = ES256KSigner(hexToBytes(request.privateKeyHex.replace(/^0x/, '')), request.alg === 'ES256K-R')
      const jwt = await createJWT(request.payload, { issuer: request.issuer, signer, alg: request.alg }, { kid: request.kid })
      return { jwt }
    }
    case 'verify': {
      const verified = await verifyJWT(request.jwt, {
        resolver: resolverFor(request),
        audience: request.audience,
        proofPurpose: request.proofPurpose,
      })
      return { issuer: verified.issuer, signerId: verified.signer?.id, payload: verified.payload }
    }
    case 'sdjwt-issue': {
      // {privateKeyHex, kid, claims, disclosureFrame}
      const instance = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt, signAlg: 'ES256K', signer: sdJwtSigner(request.privateKeyHex) })
      return { credential: await instance.issue(request.claims, request.disclosureFrame, { header: { kid: request.kid } }) }
    }
    case 'sdjwt-present': {
      // {credential, presentationFrame, holderPrivateKeyHex, aud, nonce, iat}: KB-JWT built here (see sdjwt.mjs).
      const instance = new SDJwtVcInstance({ hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt })
      const presented = await instance.present(request.credential, request.presentationFrame)
      const sdHash = b64u(createHash('sha256').update(presented).digest())
      const header = b64u(JSON.stringify({ alg: 'ES256K', typ: 'kb+jwt' }))
      const payload = b64u(JSON.stringify({ iat: request.iat, aud: request.aud, nonce: request.nonce, sd_hash: sdHash }))
      const signature = await sdJwtSigner(request.holderPrivateKeyHex)(`${header}.${payload}`)
      return { presentation: `${presented}${header}.${payload}.${signature}` }
    }
    case 'sdjwt-verify': {
      // {presentation, rpcUrl, registry, chainId, nonce}: issuer key from iss/kid and holder key from cnf.kid,
      // both through ethr-did-resolver and address recovery.
      const issuerKid = decodeJWT(request.presentation.split('~')[0]).header.kid
      let holderKid = null
      const instance = new SDJwtVcInstance({
        hasher: digest,
        hashAlg: 'sha-256',
        verifier: (data, sig) => verifyByAccount(request, issuerKid, data, sig),
        kbVerifier: (data, sig, payload) => { holderKid = payload?.cnf?.kid; return verifyByAccount(request, holderKid, data, sig) },
      })
      const verified = await instance.verify(request.presentation, { keyBindingNonce: request.nonce, requiredClaimKeys: [] })
      return { claims: verified.payload, kb: verified.kb?.payload ?? null, holderKid }
    }
    default:
      throw new Error('unknown op ' + request.op)
  }
}

const lines = createInterface({ input: process.stdin })
for await (const line of lines) {
  let response
  try {
    response = { ok: true, ...(await handle(JSON.parse(line))) }
  } catch (e) {
    response = { ok: false, error: String(e?.message ?? e) }
  }
  process.stdout.write(JSON.stringify(response) + '\n')
}
