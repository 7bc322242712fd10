// Hardhat 2 configuration for the interop tests' local node: chainId 10 (OP Mainnet's id) so that
// did:ethr network handling is exercised as on a rollup. CommonJS because package.json is ESM.
// allowBlocksWithSameTimestamp: blocks take the wall-clock second instead of running ahead of it when
// many are mined quickly, so "latest" validity checks (delegate and attribute validTo against the wall
// clock, as both resolvers do) mean the same thing on the chain and in the tests.
module.exports = {
  networks: {
    hardhat: {
      chainId: 10,
      allowBlocksWithSameTimestamp: true,
    },
  },
};
