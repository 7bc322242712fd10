// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title MerkleProofVerifier
/// @notice Checks membership of (account, amount) in an OpenZeppelin StandardMerkleTree built with
///         leaf encoding ["address", "uint256"]: leaf = keccak256(bytes.concat(keccak256(abi.encode(account, amount)))).
contract MerkleProofVerifier {
    /// @notice The StandardMerkleTree leaf hash of (account, amount).
    function leaf(address account, uint256 amount) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }

    /// @notice True if `proof` proves that (account, amount) is a leaf of the tree with root `root`.
    function verify(bytes32[] memory proof, bytes32 root, address account, uint256 amount)
        external
        pure
        returns (bool)
    {
        return MerkleProof.verify(proof, root, leaf(account, amount));
    }
}
