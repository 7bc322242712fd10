// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title MultiToken
/// @notice A minimal ERC-1155 collection (for example a brand's fan passes by id), used to test that
///         ERC-1155 holdings are read and their TransferSingle/TransferBatch events watched.
/// @dev The owner mints any id to anyone; holders move tokens with the standard safeTransferFrom and
///      safeBatchTransferFrom. No URI scheme beyond the one given at deployment.
contract MultiToken is ERC1155, Ownable {
    /// @param uri_ the ERC-1155 metadata URI (may contain "{id}")
    /// @param owner_ who may mint
    constructor(string memory uri_, address owner_) ERC1155(uri_) Ownable(owner_) {}

    /// @notice Mints `amount` of token `id` to `to`. Only the owner may mint.
    function mint(address to, uint256 id, uint256 amount) external onlyOwner {
        _mint(to, id, amount, "");
    }
}
