// Configuration of the in-process Hardhat network that test-hardhat.mjs runs the artifacts on.
// Hardhat compiles nothing here: the artifacts come from build.mjs (solc-js).
module.exports = {
  paths: { sources: './src', cache: './.hardhat/cache', artifacts: './.hardhat/artifacts' },
  networks: {
    hardhat: {
      chainId: 31337,
      // The artifacts target the Cancun EVM (see build.mjs); run them on exactly that hardfork.
      hardfork: 'cancun',
    },
  },
}
