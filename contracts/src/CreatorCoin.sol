// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title CreatorCoin
/// @notice A creator's or brand's social token: ERC-20 with EIP-2612 permit and ERC-5805 votes.
/// @dev The votes clock is OpenZeppelin's default block-number clock (ERC-6372
///      CLOCK_MODE "mode=blocknumber&from=default"). The owner (the creator or brand) may mint.
contract CreatorCoin is ERC20, ERC20Permit, ERC20Votes, Ownable {
    /// @param name_ token name (also the EIP-712 domain name used by permit)
    /// @param symbol_ token symbol
    /// @param owner_ the creator or brand: owns the contract and receives the initial supply
    /// @param initialSupply amount minted to owner_ at deployment (may be 0)
    constructor(string memory name_, string memory symbol_, address owner_, uint256 initialSupply)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
        Ownable(owner_)
    {
        if (initialSupply > 0) {
            _mint(owner_, initialSupply);
        }
    }

    /// @notice Mints `amount` new tokens to `to`. Only the owner may mint.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner_) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner_);
    }
}
