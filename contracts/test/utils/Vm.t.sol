// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title The test runner's cheatcodes used by the registry's Solidity tests
/// @notice The subset of the Foundry-compatible cheatcode interface that Hardhat's Solidity test
/// runner serves at `VM_ADDRESS`. Signatures match the runner's, so calls dispatch to it.
// Keeps the name the runner's documentation and every Solidity test suite use for this interface.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    /// @notice The address of a private key.
    function addr(uint256 privateKey) external pure returns (address keyAddr);

    /// @notice Signs a digest with a private key.
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    /// @notice Makes the next call come from `msgSender`.
    function prank(address msgSender) external;

    /// @notice Makes every call come from `msgSender` until `stopPrank`.
    function startPrank(address msgSender) external;

    /// @notice Ends `startPrank`.
    function stopPrank() external;

    /// @notice Expects the next call to revert with exactly `revertData`.
    function expectRevert(bytes calldata revertData) external;

    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;

    /// @notice Sets `block.chainid`.
    function chainId(uint256 newChainId) external;

    /// @notice Discards the current fuzz input when `condition` is false.
    function assume(bool condition) external pure;

    /// @notice `value` as a 0x-prefixed hex string.
    function toString(bytes calldata value) external pure returns (string memory stringifiedValue);

    /// @notice `value` as a checksummed hex string.
    function toString(address value) external pure returns (string memory stringifiedValue);

    /// @notice Fails with `error` when `condition` is false.
    function assertTrue(bool condition, string calldata error) external pure;

    /// @notice Fails with `error` when `condition` is true.
    function assertFalse(bool condition, string calldata error) external pure;

    /// @notice Fails with `error` and both values when they differ.
    function assertEq(uint256 left, uint256 right, string calldata error) external pure;

    /// @notice Fails with `error` and both values when they differ.
    function assertEq(address left, address right, string calldata error) external pure;

    /// @notice Fails with `error` and both values when they differ.
    function assertEq(bool left, bool right, string calldata error) external pure;

    /// @notice Fails with `error` and both values when they differ.
    function assertEq(bytes32 left, bytes32 right, string calldata error) external pure;
}

/// @dev Where the test runner serves the cheatcodes: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
address constant VM_ADDRESS = 0x7109709ECfa91a80626fF3989D68f67F5b1DD12D;
