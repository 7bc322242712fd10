// Deploys every artifact in artifacts/ on an in-process Hardhat network (chainId 31337, Cancun; nothing
// listens on a port) and exercises them with ethers. Prints one line per check and a closing
// "N passed, N failed" line; exits 1 if any check failed.
//
//   node test-hardhat.mjs
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserProvider, ContractFactory, Contract, Interface, Transaction, getBytes, hashMessage, hexlify, parseEther, Signature } from 'ethers'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'

const here = dirname(fileURLToPath(import.meta.url))
process.chdir(here) // hardhat finds hardhat.config.cjs from the working directory
const hre = createRequire(import.meta.url)('hardhat')

const artifact = (name) => JSON.parse(readFileSync(join(here, 'artifacts', `${name}.json`), 'utf8'))
const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11'
const ERC5192_ID = '0xb45a3c0e'

let passed = 0
let failed = 0
async function check(name, fn) {
  try {
    await fn()
    passed++
    process.stdout.write(`ok    ${name}\n`)
  } catch (e) {
    failed++
    process.stdout.write(`FAIL  ${name}: ${e.shortMessage ?? e.message}\n`)
  }
}
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x))
function eq(actual, expected, what) {
  const a = show(actual)
  const b = show(expected)
  if (a !== b) {
    let i = 0
    while (i < a.length && a[i] === b[i]) i++
    const cut = (x) => (x.length > 80 ? `${x.slice(0, 40)}…(${x.length} chars, first difference at char ${i})` : x)
    throw new Error(`${what}: got ${cut(a)}, expected ${cut(b)}`)
  }
}
// ethers decodes custom errors of calls, not of the gas estimate that precedes a transaction: decode
// the revert data with the contract's ABI here.
async function reverts(contract, promise, errorName) {
  try {
    await promise
  } catch (e) {
    if (e.code !== 'CALL_EXCEPTION') throw e
    const revert = e.revert ?? (typeof e.data === 'string' && e.data.length >= 10 ? contract.interface.parseError(e.data) : null)
    if (errorName && revert?.name !== errorName) throw new Error(`reverted with ${revert?.name ?? e.shortMessage}, expected ${errorName}`)
    return revert?.args
  }
  throw new Error(`did not revert (expected ${errorName ?? 'a revert'})`)
}

// Hardhat mines each transaction at once: poll for receipts every 10 ms instead of ethers' default 4 s.
const provider = new BrowserProvider(hre.network.provider, 31337, { pollingInterval: 10, cacheTimeout: -1 })
const [deployer, creator, alice, bob, carol] = await Promise.all([0, 1, 2, 3, 4].map((i) => provider.getSigner(i)))
const addr = {
  creator: await creator.getAddress(),
  alice: await alice.getAddress(),
  bob: await bob.getAddress(),
  carol: await carol.getAddress(),
}

async function deploy(name, signer, ...args) {
  const a = artifact(name)
  const c = await new ContractFactory(a.abi, a.bytecode, signer).deploy(...args)
  await c.waitForDeployment()
  return c
}
// On-chain code must equal the artifact's deployedBytecode, except at immutables (zero in the artifact).
async function codeMatches(contract, name) {
  const a = artifact(name)
  const onChain = getBytes(await provider.getCode(await contract.getAddress()))
  for (const refs of Object.values(a.immutableReferences ?? {})) for (const { start, length } of refs) onChain.fill(0, start, start + length)
  eq(hexlify(onChain), a.deployedBytecode, `${name} code`)
}
const logsNamed = (receipt, contract, eventName) =>
  receipt.logs.map((l) => { try { return contract.interface.parseLog(l) } catch { return null } }).filter((p) => p?.name === eventName)

await check('network is chainId 31337 on the cancun hardfork', async () => {
  eq((await provider.getNetwork()).chainId, 31337n, 'chainId')
  eq(hre.network.config.hardfork, 'cancun', 'hardfork')
})

// ---------------------------------------------------------------- CreatorCoin
const SUPPLY = parseEther('1000')
const coin = await deploy('CreatorCoin', deployer, 'Creator Coin', 'CRC', addr.creator, SUPPLY)
const coinAddress = await coin.getAddress()
await check('CreatorCoin: runtime code equals the artifact (immutables masked)', () => codeMatches(coin, 'CreatorCoin'))
await check('CreatorCoin: owner, name, symbol, initial supply to the owner', async () => {
  eq(await coin.owner(), addr.creator, 'owner')
  eq(await coin.name(), 'Creator Coin', 'name')
  eq(await coin.symbol(), 'CRC', 'symbol')
  eq(await coin.totalSupply(), SUPPLY, 'totalSupply')
  eq(await coin.balanceOf(addr.creator), SUPPLY, 'balanceOf(creator)')
})
await check('CreatorCoin: CLOCK_MODE and clock() follow the block number', async () => {
  eq(await coin.CLOCK_MODE(), 'mode=blocknumber&from=default', 'CLOCK_MODE')
  eq(await coin.clock(), BigInt(await provider.getBlockNumber()), 'clock')
})
await check('CreatorCoin: only the owner mints', async () => {
  await reverts(coin, coin.connect(alice).mint(addr.alice, 1n), 'OwnableUnauthorizedAccount')
  await (await coin.connect(creator).mint(addr.alice, parseEther('50'))).wait()
  eq(await coin.balanceOf(addr.alice), parseEther('50'), 'balanceOf(alice)')
  eq(await coin.totalSupply(), SUPPLY + parseEther('50'), 'totalSupply')
})
await check('CreatorCoin: transfer', async () => {
  await (await coin.connect(creator).transfer(addr.bob, parseEther('100'))).wait()
  eq(await coin.balanceOf(addr.bob), parseEther('100'), 'balanceOf(bob)')
  eq(await coin.balanceOf(addr.creator), parseEther('900'), 'balanceOf(creator)')
  await reverts(coin, coin.connect(carol).transfer(addr.bob, 1n), 'ERC20InsufficientBalance')
})
await check('CreatorCoin: delegate, getVotes, getPastVotes', async () => {
  eq(await coin.getVotes(addr.creator), 0n, 'votes before delegating')
  const before = await provider.getBlockNumber()
  const r1 = await (await coin.connect(creator).delegate(addr.creator)).wait()
  const r2 = await (await coin.connect(bob).delegate(addr.alice)).wait()
  eq(await coin.delegates(addr.bob), addr.alice, 'delegates(bob)')
  eq(await coin.getVotes(addr.creator), parseEther('900'), 'getVotes(creator)')
  eq(await coin.getVotes(addr.alice), parseEther('100'), 'getVotes(alice) (bob delegated, alice did not)')
  await (await coin.connect(creator).transfer(addr.bob, parseEther('10'))).wait() // moves votes creator -> alice
  await provider.send('evm_mine', [])
  eq(await coin.getPastVotes(addr.creator, before), 0n, 'getPastVotes(creator, before delegation)')
  eq(await coin.getPastVotes(addr.creator, r1.blockNumber), parseEther('900'), 'getPastVotes(creator, at delegation)')
  eq(await coin.getPastVotes(addr.alice, r2.blockNumber), parseEther('100'), 'getPastVotes(alice, at delegation)')
  eq(await coin.getVotes(addr.alice), parseEther('110'), 'getVotes(alice) after the transfer to bob')
  eq(await coin.getPastTotalSupply(r1.blockNumber), SUPPLY + parseEther('50'), 'getPastTotalSupply')
  await reverts(coin, coin.getPastVotes(addr.creator, await coin.clock()), 'ERC5805FutureLookup')
})
await check('CreatorCoin: EIP-2612 permit', async () => {
  const { chainId } = await provider.getNetwork()
  const nonce = await coin.nonces(addr.creator)
  const deadline = BigInt((await provider.getBlock('latest')).timestamp) + 3600n
  const value = parseEther('7')
  const sig = Signature.from(await creator.signTypedData(
    { name: 'Creator Coin', version: '1', chainId, verifyingContract: coinAddress },
    { Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }] },
    { owner: addr.creator, spender: addr.carol, value, nonce, deadline },
  ))
  await (await coin.connect(carol).permit(addr.creator, addr.carol, value, deadline, sig.v, sig.r, sig.s)).wait()
  eq(await coin.allowance(addr.creator, addr.carol), value, 'allowance after permit')
  eq(await coin.nonces(addr.creator), nonce + 1n, 'nonce')
  await reverts(coin, coin.connect(carol).permit(addr.creator, addr.carol, value, deadline, sig.v, sig.r, sig.s), 'ERC2612InvalidSigner')
})

// ---------------------------------------------------------------- ProfileNft
for (const soulbound of [true, false]) {
  const label = soulbound ? 'ProfileNft (soulbound)' : 'ProfileNft (transferable)'
  const nft = await deploy('ProfileNft', deployer, 'Creator Profile', 'PROFILE', addr.creator, soulbound)
  await check(`${label}: runtime code equals the artifact (immutables masked)`, () => codeMatches(nft, 'ProfileNft'))
  await check(`${label}: owner mints sequential ids from 1`, async () => {
    eq(await nft.owner(), addr.creator, 'owner')
    eq(await nft.soulbound(), soulbound, 'soulbound')
    await reverts(nft, nft.connect(alice).mint(addr.alice), 'OwnableUnauthorizedAccount')
    eq(await nft.connect(creator).mint.staticCall(addr.alice), 1n, 'first id (staticCall)')
    const r1 = await (await nft.connect(creator).mint(addr.alice)).wait()
    const r2 = await (await nft.connect(creator).mint(addr.alice)).wait()
    eq(logsNamed(r1, nft, 'Transfer')[0].args.tokenId, 1n, 'Transfer tokenId of the first mint')
    eq(logsNamed(r2, nft, 'Transfer')[0].args.tokenId, 2n, 'Transfer tokenId of the second mint')
    eq(logsNamed(r1, nft, 'Locked').map((l) => l.args.tokenId), soulbound ? [1n] : [], 'Locked events at mint')
    eq(await nft.ownerOf(1n), addr.alice, 'ownerOf(1)')
    eq(await nft.balanceOf(addr.alice), 2n, 'balanceOf(alice)')
    eq(await nft.totalMinted(), 2n, 'totalMinted')
  })
  await check(`${label}: locked() is ${soulbound}, and reverts for a missing token`, async () => {
    eq(await nft.locked(1n), soulbound, 'locked(1)')
    await reverts(nft, nft.locked(99n), 'ERC721NonexistentToken')
  })
  await check(`${label}: supportsInterface ERC-5192 ${ERC5192_ID}, ERC-721, ERC-165`, async () => {
    eq(new Interface(['function locked(uint256)']).getFunction('locked').selector, ERC5192_ID, 'ERC-5192 interface id')
    eq(await nft.supportsInterface(ERC5192_ID), true, 'ERC-5192')
    eq(await nft.supportsInterface('0x80ac58cd'), true, 'ERC-721')
    eq(await nft.supportsInterface('0x5b5e139f'), true, 'ERC-721 metadata')
    eq(await nft.supportsInterface('0x01ffc9a7'), true, 'ERC-165')
    eq(await nft.supportsInterface('0xffffffff'), false, '0xffffffff')
  })
  if (soulbound) {
    await check(`${label}: transfers revert with ProfileNftSoulbound`, async () => {
      const args = await reverts(nft, nft.connect(alice).transferFrom(addr.alice, addr.bob, 1n), 'ProfileNftSoulbound')
      eq(args[0], 1n, 'ProfileNftSoulbound tokenId')
      await reverts(nft, nft.connect(alice)['safeTransferFrom(address,address,uint256)'](addr.alice, addr.bob, 1n), 'ProfileNftSoulbound')
      await (await nft.connect(alice).setApprovalForAll(addr.bob, true)).wait()
      await reverts(nft, nft.connect(bob).transferFrom(addr.alice, addr.bob, 1n), 'ProfileNftSoulbound')
      eq(await nft.ownerOf(1n), addr.alice, 'ownerOf(1) unchanged')
    })
  } else {
    await check(`${label}: transfers work`, async () => {
      await (await nft.connect(alice).transferFrom(addr.alice, addr.bob, 1n)).wait()
      eq(await nft.ownerOf(1n), addr.bob, 'ownerOf(1)')
      eq(await nft.balanceOf(addr.alice), 1n, 'balanceOf(alice)')
      await reverts(nft, nft.connect(alice).transferFrom(addr.bob, addr.alice, 1n), 'ERC721InsufficientApproval')
    })
  }
  await check(`${label}: the holder burns, others cannot`, async () => {
    await reverts(nft, nft.connect(carol).burn(2n), 'ERC721InsufficientApproval')
    await (await nft.connect(alice).burn(2n)).wait()
    await reverts(nft, nft.ownerOf(2n), 'ERC721NonexistentToken')
    eq(await nft.connect(creator).mint.staticCall(addr.carol), 3n, 'ids are not reused after a burn')
  })
}

// ---------------------------------------------------------------- MerkleProofVerifier
const verifier = await deploy('MerkleProofVerifier', deployer)
const values = [
  [addr.alice, '5000000000000000000'],
  [addr.bob, '2500000000000000000'],
  [addr.carol, '42'],
  [addr.creator, '1'],
]
const tree = StandardMerkleTree.of(values, ['address', 'uint256'])
await check('MerkleProofVerifier: runtime code equals the artifact', () => codeMatches(verifier, 'MerkleProofVerifier'))
await check('MerkleProofVerifier: leaf() equals StandardMerkleTree.leafHash', async () => {
  for (const v of values) eq(await verifier.leaf(v[0], v[1]), tree.leafHash(v), `leaf(${v[0]})`)
})
await check('MerkleProofVerifier: true for every real proof', async () => {
  for (const [i, v] of tree.entries()) eq(await verifier.verify(tree.getProof(i), tree.root, v[0], v[1]), true, `verify(${v[0]})`)
})
await check('MerkleProofVerifier: false for tampered proofs, amounts, accounts and roots', async () => {
  const proof = tree.getProof(0)
  const [account, amount] = values[0]
  const flipped = proof.map((p, i) => (i === 0 ? '0x' + (BigInt(p) ^ 1n).toString(16).padStart(64, '0') : p))
  eq(await verifier.verify(flipped, tree.root, account, amount), false, 'flipped proof element')
  eq(await verifier.verify(proof, tree.root, account, BigInt(amount) + 1n), false, 'other amount')
  eq(await verifier.verify(proof, tree.root, addr.bob, amount), false, 'other account')
  eq(await verifier.verify(proof, '0x' + '11'.repeat(32), account, amount), false, 'other root')
  eq(await verifier.verify([], tree.root, account, amount), false, 'empty proof')
})

// ---------------------------------------------------------------- EthereumDIDRegistry
// ---------------------------------------------------------------- MultiToken (ERC-1155, tests)
const multi = await deploy('MultiToken', deployer, 'https://brand.example/pass/{id}.json', addr.creator)
await check('MultiToken: runtime code equals the artifact', () => codeMatches(multi, 'MultiToken'))
await check('MultiToken: only the owner mints; TransferSingle and TransferBatch move ids', async () => {
  await reverts(multi, multi.connect(alice).mint(addr.alice, 7n, 1n), 'OwnableUnauthorizedAccount')
  await (await multi.connect(creator).mint(addr.alice, 7n, 150n)).wait()
  await (await multi.connect(creator).mint(addr.alice, 8n, 5n)).wait()
  const single = await (await multi.connect(alice).safeTransferFrom(addr.alice, addr.bob, 7n, 50n, '0x')).wait()
  eq(logsNamed(single, multi, 'TransferSingle').map((l) => [l.args.from, l.args.to, l.args.id, l.args.value]), [[addr.alice, addr.bob, 7n, 50n]], 'TransferSingle')
  const batch = await (await multi.connect(alice).safeBatchTransferFrom(addr.alice, addr.bob, [8n, 7n], [5n, 10n], '0x')).wait()
  eq(logsNamed(batch, multi, 'TransferBatch').map((l) => [l.args.ids, l.args[4]]), [[[8n, 7n], [5n, 10n]]], 'TransferBatch')
  eq(await multi.balanceOfBatch([addr.alice, addr.bob, addr.bob], [7n, 7n, 8n]), [90n, 60n, 5n], 'balances')
})

// ---------------------------------------------------------------- OwnedWallet (ERC-1271, tests)
const wallet = await deploy('OwnedWallet', deployer, addr.alice)
await check('OwnedWallet: runtime code equals the artifact (immutables masked)', () => codeMatches(wallet, 'OwnedWallet'))
await check("OwnedWallet: isValidSignature is 0x1626ba7e for the owner's signature, 0xffffffff otherwise", async () => {
  const message = 'localhost wants you to sign in with your Ethereum account'
  const hash = hashMessage(message)
  eq(await wallet.isValidSignature(hash, await alice.signMessage(message)), '0x1626ba7e', 'owner')
  eq(await wallet.isValidSignature(hash, await bob.signMessage(message)), '0xffffffff', 'someone else')
  eq(await wallet.isValidSignature(hash, '0x1234'), '0xffffffff', 'malformed')
})
await check('OwnedWallet: execute is the owner\'s only', async () => {
  await (await coin.connect(creator).transfer(await wallet.getAddress(), 10n)).wait()
  await reverts(wallet, wallet.connect(bob).execute(coinAddress, 0n, coin.interface.encodeFunctionData('transfer', [addr.bob, 1n])), 'OwnedWalletNotOwner')
  await (await wallet.connect(alice).execute(coinAddress, 0n, coin.interface.encodeFunctionData('transfer', [addr.carol, 4n]))).wait()
  eq(await coin.balanceOf(await wallet.getAddress()), 6n, 'wallet balance')
})

const registry = await deploy('EthereumDIDRegistry', deployer)
await check('EthereumDIDRegistry: runtime code equals the artifact', () => codeMatches(registry, 'EthereumDIDRegistry'))
await check('EthereumDIDRegistry: identityOwner and changeOwner', async () => {
  eq(await registry.identityOwner(addr.alice), addr.alice, 'identityOwner(alice)')
  await (await registry.connect(alice).changeOwner(addr.alice, addr.bob)).wait()
  eq(await registry.identityOwner(addr.alice), addr.bob, 'identityOwner(alice) after changeOwner')
})

// ---------------------------------------------------------------- Multicall3
const mc = artifact('Multicall3')
await check('Multicall3: the canonical deployment transaction creates the artifact code at 0xcA11…CA11', async () => {
  const raw = readFileSync(join(here, 'vendor/multicall3/deploy-tx.hex'), 'utf8').trim()
  const tx = Transaction.from(raw)
  const snapshot = await provider.send('evm_snapshot', [])
  try {
    await provider.send('hardhat_setBalance', [tx.from, '0x' + parseEther('1').toString(16)])
    const hash = await provider.send('eth_sendRawTransaction', [raw])
    const receipt = await provider.waitForTransaction(hash)
    eq(receipt.status, 1, 'status')
    eq(receipt.contractAddress, MULTICALL3, 'contractAddress')
    eq(await provider.getCode(MULTICALL3), mc.deployedBytecode, 'code at 0xcA11…CA11')
  } finally {
    await provider.send('evm_revert', [snapshot])
  }
  eq(await provider.getCode(MULTICALL3), '0x', 'code after revert')
})
await check('Multicall3: hardhat_setCode at 0xcA11…CA11, aggregate3 over two balanceOf calls', async () => {
  await provider.send('hardhat_setCode', [MULTICALL3, mc.deployedBytecode])
  const multicall = new Contract(MULTICALL3, mc.abi, provider)
  const erc20 = coin.interface
  const results = await multicall.aggregate3.staticCall([
    { target: coinAddress, allowFailure: false, callData: erc20.encodeFunctionData('balanceOf', [addr.creator]) },
    { target: coinAddress, allowFailure: false, callData: erc20.encodeFunctionData('balanceOf', [addr.bob]) },
  ])
  eq(results.length, 2, 'results')
  eq(results.map((r) => r.success), [true, true], 'success')
  eq(erc20.decodeFunctionResult('balanceOf', results[0].returnData)[0], await coin.balanceOf(addr.creator), 'balanceOf(creator)')
  eq(erc20.decodeFunctionResult('balanceOf', results[1].returnData)[0], await coin.balanceOf(addr.bob), 'balanceOf(bob)')
  eq(await multicall.getChainId(), 31337n, 'getChainId')
})
await check('Multicall3: aggregate3 with allowFailure reports a failing call', async () => {
  const multicall = new Contract(MULTICALL3, mc.abi, provider)
  const failing = new Interface(['function ownerOf(uint256)']).encodeFunctionData('ownerOf', [999n])
  const noOwnerOf = await registry.getAddress() // a contract without ownerOf: the call fails
  const results = await multicall.aggregate3.staticCall([
    { target: coinAddress, allowFailure: true, callData: coin.interface.encodeFunctionData('totalSupply') },
    { target: noOwnerOf, allowFailure: true, callData: failing },
  ])
  eq(results.map((r) => r.success), [true, false], 'success')
  await reverts(multicall, multicall.aggregate3.staticCall([{ target: noOwnerOf, allowFailure: false, callData: failing }]))
})

process.stdout.write(`\nruntime sizes: ${['CreatorCoin', 'ProfileNft', 'MerkleProofVerifier', 'EthereumDIDRegistry', 'Multicall3']
  .map((n) => `${n} ${(artifact(n).deployedBytecode.length - 2) / 2} B`).join(', ')}\n`)
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exit(failed === 0 ? 0 : 1)
