// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title OwnedWallet
/// @notice A minimal ERC-1271 contract wallet: a signature is the wallet's when the owner's ECDSA key
///         signed the hash. Used to test that contract wallets can sign SIWE challenges.
/// @dev `isValidSignature(hash, signature)` returns 0x1626ba7e when `signature` (65 bytes, r‖s‖v) recovers
///      to the owner from `hash` exactly as given (for SIWE, the EIP-191 hash of the message), and
///      0xffffffff otherwise; malformed signatures never revert. The wallet can also make calls as itself.
contract OwnedWallet is IERC1271 {
    address public immutable owner;

    error OwnedWalletNotOwner();

    constructor(address owner_) {
        owner = owner_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == owner ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }

    /// @notice Calls `target` with `data` as the wallet (owner only); reverts with the callee's reason.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        if (msg.sender != owner) revert OwnedWalletNotOwner();
        (bool ok, bytes memory result) = target.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
        return result;
    }

    receive() external payable {}
}
