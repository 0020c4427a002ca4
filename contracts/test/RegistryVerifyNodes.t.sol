// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRegistry} from "../interfaces/IRegistry.sol";
import {Registry} from "../Registry.sol";
import {RegistryTestUtils} from "./utils/RegistryTestUtils.t.sol";

/// @title verifyNodes agrees with the per-node and per-provider state
/// @notice Builds a random registry from one fuzzed seed (providers in every status, some default;
/// nodes active, suspended, retired or moved between providers, over several services) and checks
/// each `verifyNodes` answer against what `getNode` and `getProvider` say about the same node.
contract RegistryVerifyNodesTest is RegistryTestUtils {
    uint256 private constant MAX_PROVIDERS = 5;
    uint256 private constant MAX_NODES = 10;
    uint256 private constant MAX_CANDIDATES = 16;
    uint256 private constant MAX_TRUSTED = 6;

    Registry private registry;
    /// @dev State of the pseudo-random stream that shapes one fuzz run's registry.
    uint256 private _entropy;
    address[] private _registered;

    function setUp() public {
        registry = _deployRegistry();
    }

    // ---------------------------------------------------------------- properties

    function testFuzz_verifyNodes_matchesNodeAndProviderStateUnderDefaultTrust(uint256 seed) public {
        _buildRandomRegistry(seed);
        address[] memory candidates = _randomCandidates();
        bytes32 service = _randomService();
        _assertVerifyMatchesViews(candidates, service, new uint256[](0));
    }

    function testFuzz_verifyNodes_matchesNodeAndProviderStateUnderExplicitTrust(
        uint256 seed,
        uint256[] calldata trustedSeeds
    ) public {
        _buildRandomRegistry(seed);
        address[] memory candidates = _randomCandidates();
        bytes32 service = _randomService();
        _assertVerifyMatchesViews(candidates, service, _trustList(trustedSeeds));
    }

    /// @dev An empty trust list means exactly the providers `getDefaultProviders` lists.
    function testFuzz_verifyNodes_defaultTrustEqualsTrustingTheDefaultProviderList(uint256 seed) public {
        _buildRandomRegistry(seed);
        address[] memory candidates = _randomCandidates();
        bytes32 service = _randomService();
        (uint256[] memory defaults, ) = registry.getDefaultProviders(0, MAX_PROVIDERS);

        IRegistry.NodeVerification[] memory byDefault = registry.verifyNodes(candidates, service, new uint256[](0));
        IRegistry.NodeVerification[] memory byList = registry.verifyNodes(candidates, service, defaults);
        for (uint256 i = 0; i < candidates.length; ++i) {
            if (defaults.length == 0) {
                vm.assertFalse(byDefault[i].trusted, "no default provider: nothing trusted by default");
            } else {
                _assertSameVerification(byDefault[i], byList[i], "default trust == default list");
            }
        }
    }

    /// @dev A node's answer does not depend on the other nodes of the batch.
    function testFuzz_verifyNodes_answersEachNodeAsIfVerifiedAlone(
        uint256 seed,
        uint256[] calldata trustedSeeds
    ) public {
        _buildRandomRegistry(seed);
        address[] memory candidates = _randomCandidates();
        bytes32 service = _randomService();
        uint256[] memory trusted = _bound(seed, 0, 1) == 0 ? new uint256[](0) : _trustList(trustedSeeds);

        IRegistry.NodeVerification[] memory batch = registry.verifyNodes(candidates, service, trusted);
        vm.assertEq(batch.length, candidates.length, "one answer per node");
        address[] memory single = new address[](1);
        for (uint256 i = 0; i < candidates.length; ++i) {
            single[0] = candidates[i];
            IRegistry.NodeVerification[] memory alone = registry.verifyNodes(single, service, trusted);
            _assertSameVerification(batch[i], alone[0], "batch answer == single answer");
        }
    }

    // ---------------------------------------------------------------- oracle

    function _assertVerifyMatchesViews(
        address[] memory candidates,
        bytes32 service,
        uint256[] memory trusted
    ) private view {
        IRegistry.NodeVerification[] memory results = registry.verifyNodes(candidates, service, trusted);
        vm.assertEq(results.length, candidates.length, "one answer per node");
        for (uint256 i = 0; i < candidates.length; ++i) {
            _assertSameVerification(results[i], _expectedVerification(candidates[i], service, trusted), "verdict");
            vm.assertEq(results[i].trusted, results[i].verdict == IRegistry.Verdict.Trusted, "trusted iff Trusted");
        }
    }

    /// @dev The answer the interface specifies, from the node's and its provider's views alone.
    function _expectedVerification(
        address node,
        bytes32 service,
        uint256[] memory trusted
    ) private view returns (IRegistry.NodeVerification memory) {
        IRegistry.NodeInfo memory info = registry.getNode(node);
        if (info.status == IRegistry.NodeStatus.None) return _verdict(0, IRegistry.Verdict.NodeUnknown);
        uint256 providerId = info.providerId;
        if (info.status == IRegistry.NodeStatus.Suspended) return _verdict(providerId, IRegistry.Verdict.NodeSuspended);
        if (info.status == IRegistry.NodeStatus.Retired) return _verdict(providerId, IRegistry.Verdict.NodeRetired);
        if (info.service != service) return _verdict(providerId, IRegistry.Verdict.WrongService);
        IRegistry.ProviderInfo memory provider = registry.getProvider(providerId);
        if (provider.status != IRegistry.ProviderStatus.Active) {
            return _verdict(providerId, IRegistry.Verdict.ProviderNotActive);
        }
        bool isTrusted = trusted.length == 0 ? provider.isDefault : _contains(trusted, providerId);
        return _verdict(providerId, isTrusted ? IRegistry.Verdict.Trusted : IRegistry.Verdict.ProviderNotTrusted);
    }

    function _verdict(
        uint256 providerId,
        IRegistry.Verdict verdict
    ) private pure returns (IRegistry.NodeVerification memory) {
        return IRegistry.NodeVerification(verdict == IRegistry.Verdict.Trusted, providerId, verdict);
    }

    function _assertSameVerification(
        IRegistry.NodeVerification memory actual,
        IRegistry.NodeVerification memory expected,
        string memory label
    ) private pure {
        vm.assertEq(uint256(actual.verdict), uint256(expected.verdict), string.concat(label, ": verdict"));
        vm.assertEq(actual.providerId, expected.providerId, string.concat(label, ": provider id"));
        vm.assertEq(actual.trusted, expected.trusted, string.concat(label, ": trusted"));
    }

    // ---------------------------------------------------------------- random registry

    /// @dev Providers reach every status by the real transitions, nodes are registered while their
    /// provider is Active, and providers take their final status last.
    function _buildRandomRegistry(uint256 seed) private {
        _entropy = seed;
        uint256 providers = 2 + _random(MAX_PROVIDERS - 1);
        IRegistry.ProviderStatus[] memory targets = new IRegistry.ProviderStatus[](providers + 1);
        for (uint256 providerId = 1; providerId <= providers; ++providerId) {
            targets[providerId] = _randomProviderStatus();
            _createProvider(providerId, targets[providerId]);
        }
        uint256 nodes = 1 + _random(MAX_NODES);
        for (uint256 i = 0; i < nodes; ++i) {
            _createNode(uint256(keccak256(abi.encode(seed, i))), targets);
        }
        for (uint256 providerId = 1; providerId <= providers; ++providerId) {
            _settleProvider(providerId, targets[providerId]);
            vm.assertEq(
                uint256(registry.getProvider(providerId).status),
                uint256(targets[providerId]),
                "provider reached its planned status"
            );
        }
        _assertDefaultsMatchFlags(providers);
    }

    function _createProvider(uint256 providerId, IRegistry.ProviderStatus target) private {
        address owner = _ownerOf(providerId);
        bool applies =
            target == IRegistry.ProviderStatus.Pending ||
                target == IRegistry.ProviderStatus.Rejected ||
                _random(2) == 0;
        uint256 id;
        if (applies) {
            vm.prank(owner);
            id = registry.applyAsProvider("applicant", "");
        } else {
            id = _addProvider(registry, owner);
        }
        vm.assertEq(id, providerId, "provider ids are sequential");
        vm.startPrank(CURATOR);
        if (applies && target != IRegistry.ProviderStatus.Pending && target != IRegistry.ProviderStatus.Rejected) {
            registry.approveProvider(providerId);
        }
        // Rejected and retired providers lose the flag when they get there.
        if (_random(2) == 0) registry.setDefaultProvider(providerId, true);
        vm.stopPrank();
    }

    /// @dev A node under a random currently Active provider, left Active (twice as likely), Suspended, Retired, or
    /// retired and registered again under another provider and service.
    function _createNode(uint256 keySeed, IRegistry.ProviderStatus[] memory targets) private {
        uint256 providerId = _randomProviderWithNodes(targets);
        if (providerId == 0) return;
        uint256 key = _nodeKey(keySeed);
        address node = _registerNode(registry, key, providerId, _randomNodeService());
        _registered.push(node);
        uint256 fate = _random(5);
        if (fate == 2) {
            vm.prank(CURATOR);
            registry.suspendNode(node, 0);
        } else if (fate >= 3) {
            vm.prank(node);
            registry.retireNode(node);
            if (fate == 4) {
                _registerNode(registry, key, _randomProviderWithNodes(targets), _randomNodeService());
            }
        }
    }

    /// @dev Any status a provider can be in, Active twice as likely so that more nodes can be trusted.
    function _randomProviderStatus() private returns (IRegistry.ProviderStatus) {
        uint256 pick = _random(6);
        return pick == 5 ? IRegistry.ProviderStatus.Active : IRegistry.ProviderStatus(1 + pick);
    }

    function _settleProvider(uint256 providerId, IRegistry.ProviderStatus target) private {
        if (target == IRegistry.ProviderStatus.Rejected) {
            vm.prank(CURATOR);
            registry.rejectProvider(providerId, 0);
        } else if (target == IRegistry.ProviderStatus.Suspended) {
            vm.prank(CURATOR);
            registry.suspendProvider(providerId, 0);
        } else if (target == IRegistry.ProviderStatus.Retired) {
            vm.prank(_ownerOf(providerId));
            registry.retireProvider(providerId);
        }
    }

    function _assertDefaultsMatchFlags(uint256 providers) private view {
        (uint256[] memory defaults, uint256 total) = registry.getDefaultProviders(0, MAX_PROVIDERS);
        vm.assertEq(defaults.length, total, "whole default list");
        uint256 flagged = 0;
        for (uint256 providerId = 1; providerId <= providers; ++providerId) {
            IRegistry.ProviderInfo memory provider = registry.getProvider(providerId);
            vm.assertEq(_contains(defaults, providerId), provider.isDefault, "listed as default iff flagged");
            if (provider.isDefault) ++flagged;
            if (provider.isDefault) {
                vm.assertTrue(
                    provider.status != IRegistry.ProviderStatus.Rejected &&
                        provider.status != IRegistry.ProviderStatus.Retired,
                    "rejected or retired providers are not default"
                );
            }
        }
        vm.assertEq(flagged, total, "no other id in the default list");
    }

    /// @dev Registered nodes (some repeated) mixed with addresses the registry has never seen.
    function _randomCandidates() private returns (address[] memory candidates) {
        candidates = new address[](_random(MAX_CANDIDATES + 1));
        for (uint256 i = 0; i < candidates.length; ++i) {
            bool known = _registered.length != 0 && _random(5) != 0;
            candidates[i] =
                known
                    ? _registered[_random(_registered.length)]
                    : address(uint160(uint256(keccak256(abi.encode(_random(type(uint256).max), "unknown")))));
        }
    }

    /// @dev Mostly the service most nodes serve, sometimes one none of them serves.
    function _randomService() private returns (bytes32) {
        uint256 pick = _random(6);
        return
            pick < 3
                ? MAIL
                : pick < 5
                    ? PUSH
                    : RELAY;
    }

    /// @dev The service a node serves: mail for two nodes in three.
    function _randomNodeService() private returns (bytes32) {
        return _random(3) == 0 ? PUSH : MAIL;
    }

    /// @dev A non-empty list of provider ids, possibly repeated, possibly unknown (0 or past the last).
    function _trustList(uint256[] calldata seeds) private returns (uint256[] memory trusted) {
        uint256 providers = registry.providerCount();
        uint256 length = seeds.length == 0 ? 1 + _random(MAX_TRUSTED) : seeds.length;
        if (length > MAX_TRUSTED) length = MAX_TRUSTED;
        trusted = new uint256[](length);
        for (uint256 i = 0; i < length; ++i) {
            uint256 seed = i < seeds.length ? seeds[i] : _random(type(uint256).max);
            trusted[i] = _bound(seed, 0, providers + 1);
        }
    }

    function _randomProviderWithNodes(IRegistry.ProviderStatus[] memory targets) private returns (uint256) {
        uint256 start = 1 + _random(targets.length - 1);
        for (uint256 i = 0; i < targets.length - 1; ++i) {
            uint256 providerId = 1 + ((start - 1 + i) % (targets.length - 1));
            IRegistry.ProviderStatus target = targets[providerId];
            if (target != IRegistry.ProviderStatus.Pending && target != IRegistry.ProviderStatus.Rejected) {
                return providerId;
            }
        }
        return 0;
    }

    function _ownerOf(uint256 providerId) private pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("waymark.test.verify-owner", providerId)))));
    }

    /// @dev The next pseudo-random number below `bound`.
    function _random(uint256 bound) private returns (uint256) {
        _entropy = uint256(keccak256(abi.encode(_entropy)));
        return _entropy % bound;
    }

    function _contains(uint256[] memory ids, uint256 id) private pure returns (bool) {
        for (uint256 i = 0; i < ids.length; ++i) {
            if (ids[i] == id) return true;
        }
        return false;
    }
}
