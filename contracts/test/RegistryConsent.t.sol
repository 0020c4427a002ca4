// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IRegistry} from "../interfaces/IRegistry.sol";
import {Registry} from "../Registry.sol";
import {RegistryTestUtils} from "./utils/RegistryTestUtils.t.sol";

/// @title Node consents: replay, expiry, signer and EIP-712 domain
/// @notice A consent registers its node once, until its deadline, only when signed by the node key
/// for this registry on this chain.
contract RegistryConsentTest is RegistryTestUtils {
    bytes32 private constant EIP712_DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );

    Registry private registry;
    uint256 private providerId;
    uint256 private otherProviderId;

    function setUp() public {
        registry = _deployRegistry();
        providerId = _addProvider(registry, OWNER);
        otherProviderId = _addProvider(registry, OTHER_OWNER);
    }

    // ---------------------------------------------------------------- replay

    function testFuzz_registerNode_acceptsAConsentExactlyOnce(
        uint256 keySeed,
        bytes32 service,
        uint256 timestamp,
        uint256 deadline,
        uint8 earlierRegistrations
    ) public {
        vm.assume(service != bytes32(0));
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        timestamp = _bound(timestamp, 1, type(uint48).max);
        vm.warp(timestamp);
        deadline = _bound(deadline, timestamp, type(uint256).max);
        uint256 nonce = _advanceNonce(key, _bound(earlierRegistrations, 0, 3));

        IRegistry.NodeConsent memory consent = IRegistry.NodeConsent(node, providerId, service, nonce, deadline);
        bytes memory signature = _sign(key, registry.hashNodeConsent(consent));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);

        IRegistry.NodeInfo memory info = registry.getNode(node);
        vm.assertEq(uint256(info.status), uint256(IRegistry.NodeStatus.Active), "registered node is Active");
        vm.assertEq(info.providerId, providerId, "bound to the consenting provider");
        vm.assertEq(info.service, service, "serves the consented service");
        vm.assertEq(info.nonce, nonce + 1, "nonce consumed");
        vm.assertEq(info.registeredAt, timestamp, "registeredAt is the block time");

        // While bound, the same consent cannot bind the node again.
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryNodeAlreadyRegistered.selector, node, providerId));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);

        // Once the node is free again, the consumed nonce rejects the replay.
        vm.prank(OWNER);
        registry.retireNode(node);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidNonce.selector, node, nonce, nonce + 1));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);
    }

    function testFuzz_registerNode_revertsWhenNonceIsNotCurrent(
        uint256 keySeed,
        uint256 nonce,
        uint8 earlierRegistrations
    ) public {
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        uint256 current = _advanceNonce(key, _bound(earlierRegistrations, 0, 3));
        vm.assume(nonce != current);

        IRegistry.NodeConsent memory consent = IRegistry.NodeConsent(node, providerId, MAIL, nonce, block.timestamp);
        bytes memory signature = _sign(key, registry.hashNodeConsent(consent));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidNonce.selector, node, nonce, current));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);
    }

    function testFuzz_retireNodeWithSignature_cannotBeReplayed(uint256 keySeed, address relayer) public {
        uint256 key = _nodeKey(keySeed);
        address node = _registerNode(registry, key, providerId, MAIL);
        uint256 deadline = block.timestamp;
        bytes32 digest = registry.hashNodeRetirement(node, 1, deadline);
        bytes memory signature = _sign(key, digest);

        vm.prank(relayer);
        registry.retireNodeWithSignature(node, deadline, signature);
        vm.assertEq(uint256(registry.getNode(node).status), uint256(IRegistry.NodeStatus.Retired), "retired");
        vm.assertEq(registry.getNode(node).nonce, 2, "retirement consumed a nonce");

        // Registered again, the node cannot be retired with the old signature.
        _registerNode(registry, key, otherProviderId, MAIL);
        address signer = _recoverAs(key, digest, registry.hashNodeRetirement(node, 3, deadline));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidSignature.selector, node, signer));
        vm.prank(relayer);
        registry.retireNodeWithSignature(node, deadline, signature);
    }

    // ---------------------------------------------------------------- expiry

    function testFuzz_registerNode_revertsWhenConsentExpired(
        uint256 keySeed,
        uint256 timestamp,
        uint256 deadline
    ) public {
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        timestamp = _bound(timestamp, 1, type(uint48).max);
        deadline = _bound(deadline, 0, timestamp - 1);
        vm.warp(timestamp);

        IRegistry.NodeConsent memory consent = _consent(registry, node, providerId, MAIL, deadline);
        bytes memory signature = _sign(key, registry.hashNodeConsent(consent));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistrySignatureExpired.selector, deadline, timestamp));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);
    }

    function testFuzz_registerNode_acceptsAConsentAtItsDeadline(uint256 keySeed, uint256 timestamp) public {
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        timestamp = _bound(timestamp, 1, type(uint48).max);
        vm.warp(timestamp);

        IRegistry.NodeConsent memory consent = _consent(registry, node, providerId, MAIL, timestamp);
        bytes memory signature = _sign(key, registry.hashNodeConsent(consent));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);
        vm.assertEq(uint256(registry.getNode(node).status), uint256(IRegistry.NodeStatus.Active), "registered");
    }

    function testFuzz_retireNodeWithSignature_revertsWhenExpired(
        uint256 keySeed,
        uint256 timestamp,
        uint256 deadline
    ) public {
        uint256 key = _nodeKey(keySeed);
        address node = _registerNode(registry, key, providerId, MAIL);
        timestamp = _bound(timestamp, block.timestamp + 1, type(uint48).max);
        deadline = _bound(deadline, 0, timestamp - 1);
        bytes memory signature = _sign(key, registry.hashNodeRetirement(node, 1, deadline));
        vm.warp(timestamp);

        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistrySignatureExpired.selector, deadline, timestamp));
        registry.retireNodeWithSignature(node, deadline, signature);
    }

    // ---------------------------------------------------------------- signer

    function testFuzz_registerNode_revertsWhenSignedByAnotherKey(uint256 keySeed, uint256 otherKeySeed) public {
        uint256 key = _nodeKey(keySeed);
        uint256 otherKey = _nodeKey(otherKeySeed);
        vm.assume(key != otherKey);
        address node = vm.addr(key);

        IRegistry.NodeConsent memory consent = _consent(registry, node, providerId, MAIL, block.timestamp);
        bytes memory signature = _sign(otherKey, registry.hashNodeConsent(consent));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidSignature.selector, node, vm.addr(otherKey)));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);
    }

    /// @dev Each signed field is bound: a signature over one consent does not cover another.
    function testFuzz_registerNode_revertsWhenConsentIsAltered(
        uint256 keySeed,
        uint8 field,
        bytes32 otherService,
        uint256 otherDeadline,
        uint256 otherKeySeed
    ) public {
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        IRegistry.NodeConsent memory signed = _consent(registry, node, providerId, MAIL, block.timestamp);
        bytes32 signedDigest = registry.hashNodeConsent(signed);
        bytes memory signature = _sign(key, signedDigest);

        IRegistry.NodeConsent memory presented = _consent(registry, node, providerId, MAIL, block.timestamp);
        address presenter = OWNER;
        field = uint8(_bound(field, 0, 3));
        if (field == 0) {
            vm.assume(otherService != MAIL && otherService != bytes32(0));
            presented.service = otherService;
        } else if (field == 1) {
            presented.deadline = _bound(otherDeadline, block.timestamp + 1, type(uint256).max);
        } else if (field == 2) {
            // Another provider presents the consent given to the first.
            presented.providerId = otherProviderId;
            presenter = OTHER_OWNER;
        } else {
            // The consent of one key presented for another node.
            address otherNode = vm.addr(_nodeKey(otherKeySeed));
            vm.assume(otherNode != node);
            presented.node = otherNode;
        }
        address signer = _recoverAs(key, signedDigest, registry.hashNodeConsent(presented));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidSignature.selector, presented.node, signer));
        vm.prank(presenter);
        registry.registerNode(presented, signature);
    }

    // ---------------------------------------------------------------- domain

    function testFuzz_registerNode_rejectsConsentSignedForAnotherChain(uint256 keySeed, uint64 otherChainId) public {
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        uint256 chainId = block.chainid;
        uint256 otherChain = _bound(otherChainId, 1, type(uint64).max - 1);
        vm.assume(otherChain != chainId);

        IRegistry.NodeConsent memory consent = _consent(registry, node, providerId, MAIL, block.timestamp);
        vm.chainId(otherChain);
        bytes32 otherChainDigest = registry.hashNodeConsent(consent);
        bytes memory otherChainSignature = _sign(key, otherChainDigest);
        vm.chainId(chainId);
        bytes32 digest = registry.hashNodeConsent(consent);
        vm.assertTrue(digest != otherChainDigest, "the digest depends on the chain id");

        address signer = _recoverAs(key, otherChainDigest, digest);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidSignature.selector, node, signer));
        vm.prank(OWNER);
        registry.registerNode(consent, otherChainSignature);

        // The same consent signed for this chain registers.
        bytes memory signature = _sign(key, digest);
        vm.prank(OWNER);
        registry.registerNode(consent, signature);
        vm.assertEq(uint256(registry.getNode(node).status), uint256(IRegistry.NodeStatus.Active), "registered");
    }

    function testFuzz_registerNode_rejectsConsentAfterChainChanged(uint256 keySeed, uint64 otherChainId) public {
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        uint256 otherChain = _bound(otherChainId, 1, type(uint64).max - 1);
        vm.assume(otherChain != block.chainid);

        IRegistry.NodeConsent memory consent = _consent(registry, node, providerId, MAIL, block.timestamp);
        bytes32 digest = registry.hashNodeConsent(consent);
        bytes memory signature = _sign(key, digest);
        vm.chainId(otherChain);

        address signer = _recoverAs(key, digest, registry.hashNodeConsent(consent));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidSignature.selector, node, signer));
        vm.prank(OWNER);
        registry.registerNode(consent, signature);
    }

    function testFuzz_registerNode_rejectsConsentSignedForAnotherRegistry(uint256 keySeed, bytes32 service) public {
        vm.assume(service != bytes32(0));
        uint256 key = _nodeKey(keySeed);
        address node = vm.addr(key);
        Registry other = _deployRegistry();
        vm.assertEq(_addProvider(other, OWNER), providerId, "same provider id in both registries");

        IRegistry.NodeConsent memory consent = _consent(registry, node, providerId, service, block.timestamp);
        bytes32 digest = registry.hashNodeConsent(consent);
        bytes memory signature = _sign(key, digest);

        address signer = _recoverAs(key, digest, other.hashNodeConsent(consent));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryInvalidSignature.selector, node, signer));
        vm.prank(OWNER);
        other.registerNode(consent, signature);

        vm.prank(OWNER);
        registry.registerNode(consent, signature);
        vm.assertEq(uint256(registry.getNode(node).status), uint256(IRegistry.NodeStatus.Active), "registered here");
        vm.assertEq(uint256(other.getNode(node).status), uint256(IRegistry.NodeStatus.None), "unknown there");
    }

    /// @dev The digest off-chain signers compute from the EIP-712 spec, independently of the contract.
    function testFuzz_hashNodeConsent_isTheEip712DigestForThisChainAndRegistry(
        IRegistry.NodeConsent calldata consent,
        uint64 chainId
    ) public {
        vm.chainId(_bound(chainId, 1, type(uint64).max - 1));
        bytes32 typeHash = keccak256(
            "NodeConsent(address node,uint256 providerId,bytes32 service,uint256 nonce,uint256 deadline)"
        );
        bytes32 structHash = keccak256(
            abi.encode(typeHash, consent.node, consent.providerId, consent.service, consent.nonce, consent.deadline)
        );
        bytes32 domainSeparator = keccak256(
            abi.encode(
                EIP712_DOMAIN_TYPEHASH,
                keccak256("WaymarkRegistry"),
                keccak256("1"),
                block.chainid,
                address(registry)
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
        vm.assertEq(registry.hashNodeConsent(consent), expected, "EIP-712 digest");
    }

    /// @dev Registers and retires the node `count` times, returning its nonce afterwards.
    function _advanceNonce(uint256 key, uint256 count) private returns (uint256 nonce) {
        for (uint256 i = 0; i < count; ++i) {
            address node = _registerNode(registry, key, providerId, PUSH);
            vm.prank(node);
            registry.retireNode(node);
        }
        return registry.getNode(vm.addr(key)).nonce;
    }
}
