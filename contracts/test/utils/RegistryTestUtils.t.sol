// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRegistry} from "../../interfaces/IRegistry.sol";
import {Registry} from "../../Registry.sol";
import {Vm, VM_ADDRESS} from "./Vm.t.sol";

/// @title Shared fixtures and checks for the registry's Solidity tests
/// @notice Accounts, deployment, node keys, EIP-712 consents and the structural checks that
/// several suites and handlers assert.
abstract contract RegistryTestUtils {
    // Named `vm`, as Solidity tests conventionally call the cheatcodes, rather than in constant case.
    // solhint-disable-next-line const-name-snakecase
    Vm internal constant vm = Vm(VM_ADDRESS);

    /// @dev Order of the secp256k1 group: valid private keys are 1 to this minus one.
    uint256 internal constant SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    /// @dev Larger than any provider's node list in these tests, so one page returns it whole.
    uint256 internal constant WHOLE_LIST = 256;

    address internal constant ADMIN = address(uint160(uint256(keccak256("waymark.test.admin"))));
    address internal constant CURATOR = address(uint160(uint256(keccak256("waymark.test.curator"))));
    address internal constant SECOND_CURATOR = address(uint160(uint256(keccak256("waymark.test.second-curator"))));
    address internal constant FORMER_CURATOR = address(uint160(uint256(keccak256("waymark.test.former-curator"))));
    address internal constant OWNER = address(uint160(uint256(keccak256("waymark.test.owner"))));
    address internal constant OTHER_OWNER = address(uint160(uint256(keccak256("waymark.test.other-owner"))));

    bytes32 internal constant MAIL = "mail/1";
    bytes32 internal constant PUSH = "push/1";
    bytes32 internal constant RELAY = "relay/1";

    /// @dev A registry with `ADMIN` as default admin and `CURATOR` as its only curator.
    function _deployRegistry() internal returns (Registry registry) {
        address[] memory curators = new address[](1);
        curators[0] = CURATOR;
        registry = new Registry(0, ADMIN, curators);
    }

    /// @dev An Active provider admitted by the curator.
    function _addProvider(Registry registry, address owner) internal returns (uint256 providerId) {
        vm.prank(CURATOR);
        providerId = registry.addProvider(owner, "provider", "https://provider.example");
    }

    /// @dev A valid secp256k1 private key derived from any fuzzed value.
    function _nodeKey(uint256 seed) internal pure returns (uint256 key) {
        return _bound(seed, 1, SECP256K1_ORDER - 1);
    }

    /// @dev `value` mapped into `[min, max]`.
    function _bound(uint256 value, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min == 0 && max == type(uint256).max) return value;
        return min + (value % (max - min + 1));
    }

    /// @dev A consent for the node's current nonce.
    function _consent(
        Registry registry,
        address node,
        uint256 providerId,
        bytes32 service,
        uint256 deadline
    ) internal view returns (IRegistry.NodeConsent memory consent) {
        return IRegistry.NodeConsent(node, providerId, service, registry.getNode(node).nonce, deadline);
    }

    /// @dev A 65-byte `r || s || v` signature, the layout OpenZeppelin's ECDSA expects.
    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory signature) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Who a signature made by `key` over `signed` recovers to when checked against `checked`:
    /// the signer the registry reports when a signature is presented for a different digest.
    function _recoverAs(uint256 key, bytes32 signed, bytes32 checked) internal pure returns (address signer) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, signed);
        return ecrecover(checked, v, r, s);
    }

    /// @dev Registers the node of `key` under `providerId` with a fresh consent, as the provider's owner.
    function _registerNode(
        Registry registry,
        uint256 key,
        uint256 providerId,
        bytes32 service
    ) internal returns (address node) {
        node = vm.addr(key);
        IRegistry.NodeConsent memory consent = _consent(registry, node, providerId, service, block.timestamp);
        bytes memory signature = _sign(key, registry.hashNodeConsent(consent));
        address owner = registry.getProvider(providerId).owner;
        vm.prank(owner);
        registry.registerNode(consent, signature);
    }

    /// @dev Checks every provider's node list against the nodes' own records (see the two checks
    /// below) and that the lists hold exactly the bound nodes among `nodes`, which must hold every
    /// node ever registered.
    function _assertNodeListsConsistent(Registry registry, address[] memory nodes) internal view {
        uint256 listed = _assertProviderListsDense(registry);
        uint256 bound = _assertNodesListedByTheirProviderOnly(registry, nodes);
        vm.assertEq(listed, bound, "listed nodes == bound nodes");
    }

    /// @dev Each provider's list holds exactly `nodeCount` distinct nodes, each bound (Active or
    /// Suspended) to that provider as `getNode` says, and one-entry pages agree with the whole list.
    /// @return listed The number of entries over all lists.
    function _assertProviderListsDense(Registry registry) internal view returns (uint256 listed) {
        uint256 providers = registry.providerCount();
        for (uint256 providerId = 1; providerId <= providers; ++providerId) {
            listed += _assertProviderList(registry, providerId);
        }
    }

    /// @dev Each of `nodes` is listed by exactly one provider, its own, when bound, and by none otherwise.
    /// @return bound The number of bound nodes among `nodes`.
    function _assertNodesListedByTheirProviderOnly(
        Registry registry,
        address[] memory nodes
    ) internal view returns (uint256 bound) {
        uint256 providers = registry.providerCount();
        IRegistry.NodeInfo[][] memory lists = new IRegistry.NodeInfo[][](providers + 1);
        for (uint256 providerId = 1; providerId <= providers; ++providerId) {
            (lists[providerId], ) = registry.getProviderNodes(providerId, 0, WHOLE_LIST);
        }
        for (uint256 i = 0; i < nodes.length; ++i) {
            IRegistry.NodeInfo memory info = registry.getNode(nodes[i]);
            bool isBound = info.status == IRegistry.NodeStatus.Active || info.status == IRegistry.NodeStatus.Suspended;
            if (isBound) ++bound;
            uint256 listings = 0;
            for (uint256 providerId = 1; providerId <= providers; ++providerId) {
                if (!_contains(lists[providerId], nodes[i])) continue;
                ++listings;
                vm.assertEq(providerId, info.providerId, "node listed only by the provider it is bound to");
            }
            vm.assertEq(listings, isBound ? 1 : 0, "bound node listed once, free node nowhere");
        }
    }

    function _assertProviderList(Registry registry, uint256 providerId) private view returns (uint256 total) {
        IRegistry.NodeInfo[] memory page;
        (page, total) = registry.getProviderNodes(providerId, 0, WHOLE_LIST);
        vm.assertEq(total, registry.getProvider(providerId).nodeCount, "list total == nodeCount");
        vm.assertEq(page.length, total, "whole list returned");
        for (uint256 i = 0; i < page.length; ++i) {
            IRegistry.NodeInfo memory info = registry.getNode(page[i].node);
            vm.assertEq(info.node, page[i].node, "listed node is known");
            vm.assertEq(info.providerId, providerId, "listed node is bound to the provider");
            vm.assertTrue(
                info.status == IRegistry.NodeStatus.Active || info.status == IRegistry.NodeStatus.Suspended,
                "listed node is Active or Suspended"
            );
            vm.assertEq(uint256(page[i].status), uint256(info.status), "list entry == getNode");
            for (uint256 j = 0; j < i; ++j) {
                vm.assertTrue(page[j].node != page[i].node, "no duplicate in a provider's list");
            }
            (IRegistry.NodeInfo[] memory single, ) = registry.getProviderNodes(providerId, i, 1);
            vm.assertEq(single.length, 1, "one-entry page");
            vm.assertEq(single[0].node, page[i].node, "page at index i == entry i");
        }
    }

    function _contains(IRegistry.NodeInfo[] memory list, address node) private pure returns (bool) {
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i].node == node) return true;
        }
        return false;
    }
}
