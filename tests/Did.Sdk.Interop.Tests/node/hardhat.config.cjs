// Hardhat 2 configuration for the interop tests' local node: chainId 10 (OP Mainnet's id) so that
// did:ethr network handling is exercised as on a rollup. CommonJS because package.json is ESM.
module.exports = {
  networks: {
    hardhat: {
      chainId: 10,
    },
  },
};
