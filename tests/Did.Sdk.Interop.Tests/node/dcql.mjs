// dcql 3.0.0 (OpenID4VP 1.0 DCQL) as a JSON-lines server for the interop tests: one request per stdin
// line, one response per stdout line.
//
//   {"op":"query","query":{…},"credentials":[{"vct":"…","claims":{…},"holderBound":bool}]}
//     → {"ok":true,"valid":bool,"error":"…"?,"satisfied":bool?,"matches":{"<credential query id>":bool}?}
import { createInterface } from 'node:readline'
import { DcqlQuery } from 'dcql'

function handle(request) {
  let parsed
  try {
    parsed = DcqlQuery.parse(request.query)
    DcqlQuery.validate(parsed)
  } catch (e) {
    return { valid: false, error: String(e && e.message ? e.message : e).slice(0, 200) }
  }
  const credentials = request.credentials.map((c) => ({
    credential_format: 'dc+sd-jwt',
    vct: c.vct,
    claims: c.claims,
    cryptographic_holder_binding: c.holderBound,
  }))
  const result = DcqlQuery.query(parsed, credentials)
  const matches = Object.fromEntries(Object.entries(result.credential_matches).map(([id, m]) => [id, m.success]))
  return { valid: true, satisfied: result.can_be_satisfied, matches }
}

const rl = createInterface({ input: process.stdin })
for await (const line of rl) {
  let response
  try {
    response = { ok: true, ...handle(JSON.parse(line)) }
  } catch (e) {
    response = { ok: false, error: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(response) + '\n')
}
