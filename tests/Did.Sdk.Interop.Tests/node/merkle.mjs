// @openzeppelin/merkle-tree 1.0.8 (StandardMerkleTree) as a JSON-lines server for the interop tests.
//   {"op":"of","types":["address","uint256"],"values":[["0x…","123"],…]} → {"ok":true,"root":"0x…","proofs":[["0x…",…],…]}
//   {"op":"verify","root":"0x…","types":[…],"value":[…],"proof":["0x…",…]}  → {"ok":true,"valid":bool}
//   {"op":"load","dump":{format:"standard-v1",…},"checks":[{"value":[…],"proof":["0x…",…]},…]}
//     → {"ok":true,"root":"0x…","values":[[…],…],"proofs":[[…],…],"valid":[bool,…]}
//     StandardMerkleTree.load(dump) then tree.validate(); values and proofs by value index (tree.getProof(i));
//     each check verified by the loaded tree and by the static StandardMerkleTree.verify against its root.
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
    case 'load': {
      const tree = StandardMerkleTree.load(request.dump)
      tree.validate()
      const values = []
      const proofs = []
      for (const [i, value] of tree.entries()) {
        values[i] = value
        proofs[i] = tree.getProof(i)
      }
      const valid = (request.checks || []).map((c) =>
        tree.verify(c.value, c.proof) && StandardMerkleTree.verify(tree.root, request.dump.leafEncoding, c.value, c.proof))
      return { root: tree.root, values, proofs, valid }
    }
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
