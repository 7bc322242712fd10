// @openzeppelin/merkle-tree 1.0.8 (StandardMerkleTree) as a JSON-lines server for the interop tests.
//   {"op":"of","types":["address","uint256"],"values":[["0x…","123"],…]} → {"ok":true,"root":"0x…","proofs":[["0x…",…],…]}
//   {"op":"verify","root":"0x…","types":[…],"value":[…],"proof":["0x…",…]}  → {"ok":true,"valid":bool}
import { createInterface } from 'node:readline'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'

function handle(request) {
  switch (request.op) {
    case 'of': {
      const tree = StandardMerkleTree.of(request.values, request.types)
      return { root: tree.root, proofs: request.values.map((_, i) => tree.getProof(i)) }
    }
    case 'verify':
      return { valid: StandardMerkleTree.verify(request.root, request.types, request.value, request.proof) }
    default:
      throw new Error('unknown op ' + request.op)
  }
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
