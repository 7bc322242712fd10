// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice ERC-5192: Minimal Soulbound NFTs. Interface id 0xb45a3c0e (the selector of locked(uint256)).
interface IERC5192 {
    /// @notice Emitted when the locking status is changed to locked.
    event Locked(uint256 tokenId);

    /// @notice Emitted when the locking status is changed to unlocked.
    event Unlocked(uint256 tokenId);

    /// @notice Returns the locking status of a Soulbound Token.
    function locked(uint256 tokenId) external view returns (bool);
}

/// @title ProfileNft
/// @notice A creator's profile NFT (ERC-721). The owner (the creator) mints tokens with sequential ids
///         starting at 1. When deployed with `soulbound = true`, every token is locked per ERC-5192:
///         `locked` returns true, `Locked(tokenId)` is emitted at mint, and transfers revert with
///         {ProfileNftSoulbound}. Minting and burning stay possible.
contract ProfileNft is ERC721, Ownable, IERC5192 {
    /// @notice A transfer of a soulbound token was attempted.
    error ProfileNftSoulbound(uint256 tokenId);

    /// @notice Whether every token of this collection is soulbound (fixed at deployment).
    bool public immutable soulbound;

    uint256 private _nextTokenId = 1;

    constructor(string memory name_, string memory symbol_, address owner_, bool soulbound_)
        ERC721(name_, symbol_)
        Ownable(owner_)
    {
        soulbound = soulbound_;
    }

    /// @notice Mints the next token id to `to`. Only the owner may mint.
    /// @return tokenId the id minted (1 for the first token, then 2, 3, ...)
    function mint(address to) external onlyOwner returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _safeMint(to, tokenId);
    }

    /// @notice Burns `tokenId`. The token's owner or an approved operator may burn, soulbound or not.
    function burn(uint256 tokenId) external {
        _update(address(0), tokenId, _msgSender());
    }

    /// @notice The number of tokens minted so far (burnt ones included).
    function totalMinted() external view returns (uint256) {
        return _nextTokenId - 1;
    }

    /// @inheritdoc IERC5192
    /// @dev Reverts with ERC721NonexistentToken for a token that does not exist.
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return soulbound;
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }

    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        if (soulbound) {
            address current = _ownerOf(tokenId);
            if (current != address(0) && to != address(0)) {
                revert ProfileNftSoulbound(tokenId);
            }
        }
        from = super._update(to, tokenId, auth);
        if (soulbound && from == address(0)) {
            emit Locked(tokenId);
        }
    }
}
