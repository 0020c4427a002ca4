// SPDX-License-Identifier: MIT
// The invariant runner fuzzes only contracts defined in the selected test files, so the handler
// lives beside the test that targets it; this keeps single-file runs working.
// solhint-disable-next-line one-contract-per-file
pragma solidity 0.8.30;

import {Registry} from "../Registry.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {RegistryTestUtils} from "./utils/RegistryTestUtils.t.sol";

/// @title Random node registrations and retirements over a fixed pool of keys and providers
/// @notice Each action predicts its outcome from a model of the registry, performs it, and records
/// a violation when the registry disagrees (a revert inside a handler is not a test failure, so
/// the invariants assert that no violation was recorded). The model advances only on success.
contract NodeBindingHandler is RegistryTestUtils {
    uint256 public constant NODE_COUNT = 8;
    uint256 public constant PROVIDER_COUNT = 3;

    Registry public registry;

    uint256[] private _keys;
    address[] private _nodes;
    address[] private _owners;

    /// @dev Model of each node: status, provider (kept after retirement) and next nonce.
    mapping(address node => IRegistry.NodeStatus) public modelStatus;
    mapping(address node => uint256) public modelProvider;
    mapping(address node => uint256) public modelNonce;
    mapping(uint256 providerId => bool) public modelProviderSuspended;
    mapping(uint256 providerId => uint256) public modelNodeCount;

    string[] private _violations;
    uint256 public registrations;
    uint256 public retirements;

    constructor(Registry registry_) {
        registry = registry_;
        for (uint256 i = 0; i < PROVIDER_COUNT; ++i) {
            address owner = address(uint160(uint256(keccak256(abi.encode("waymark.test.binding-owner", i)))));
            _owners.push(owner);
            // Provider ids run from 1 in creation order.
            _addProvider(registry_, owner);
        }
        for (uint256 i = 0; i < NODE_COUNT; ++i) {
            uint256 key = _nodeKey(uint256(keccak256(abi.encode("waymark.test.binding-node", i))));
            _keys.push(key);
            _nodes.push(vm.addr(key));
        }
    }

    // ---------------------------------------------------------------- actions

    /// @notice The owner of a provider registers a pool node with a valid, current consent.
    function registerNode(uint256 nodeSeed, uint256 providerSeed, uint256 serviceSeed) external {
        uint256 index = _bound(nodeSeed, 0, NODE_COUNT - 1);
        uint256 providerId = _bound(providerSeed, 1, PROVIDER_COUNT);
        bytes32 service = _bound(serviceSeed, 0, 1) == 0 ? MAIL : PUSH;
        address node = _nodes[index];
        IRegistry.NodeConsent memory consent = IRegistry.NodeConsent(
            node,
            providerId,
            service,
            modelNonce[node],
            block.timestamp
        );
        bytes memory signature = _sign(_keys[index], registry.hashNodeConsent(consent));

        bytes memory expected;
        if (modelProviderSuspended[providerId]) {
            expected = abi.encodeWithSelector(
                IRegistry.RegistryProviderStatusInvalid.selector,
                providerId,
                IRegistry.ProviderStatus.Suspended
            );
        } else if (_isBound(node)) {
            expected = abi.encodeWithSelector(
                IRegistry.RegistryNodeAlreadyRegistered.selector,
                node,
                modelProvider[node]
            );
        }

        vm.prank(_owners[providerId - 1]);
        try registry.registerNode(consent, signature) {
            if (_succeeded(expected, "registerNode")) {
                modelStatus[node] = IRegistry.NodeStatus.Active;
                modelProvider[node] = providerId;
                ++modelNonce[node];
                ++modelNodeCount[providerId];
                ++registrations;
            }
        } catch (bytes memory reason) {
            _reverted(expected, reason, "registerNode");
        }
    }

    /// @notice Retires a pool node, called by the node key, by its provider's owner, or by the
    /// owner of another provider (who must be refused).
    function retireNode(uint256 nodeSeed, uint256 callerSeed) external {
        address node = _nodes[_bound(nodeSeed, 0, NODE_COUNT - 1)];
        uint256 providerId = modelProvider[node];
        uint256 callerKind = _bound(callerSeed, 0, 2);
        address caller;
        if (callerKind == 0) {
            caller = node;
        } else {
            // The node's own provider (or provider 1 for a node never registered), or the next one.
            uint256 ownerIndex = (providerId == 0 ? 0 : providerId - 1) + (callerKind == 1 ? 0 : 1);
            caller = _owners[ownerIndex % PROVIDER_COUNT];
        }
        bool managesNode = caller == node || (providerId != 0 && caller == _owners[providerId - 1]);

        bytes memory expected;
        IRegistry.NodeStatus status = modelStatus[node];
        if (status == IRegistry.NodeStatus.None) {
            expected = abi.encodeWithSelector(IRegistry.RegistryUnknownNode.selector, node);
        } else if (!managesNode) {
            expected = abi.encodeWithSelector(IRegistry.RegistryNotNodeManager.selector, node, caller);
        } else if (status != IRegistry.NodeStatus.Active) {
            expected = abi.encodeWithSelector(IRegistry.RegistryNodeStatusInvalid.selector, node, status);
        }

        vm.prank(caller);
        try registry.retireNode(node) {
            if (_succeeded(expected, "retireNode")) _modelRetire(node);
        } catch (bytes memory reason) {
            _reverted(expected, reason, "retireNode");
        }
    }

    /// @notice A relayer retires a pool node with the node key's signature over its current nonce.
    function retireNodeWithSignature(uint256 nodeSeed) external {
        uint256 index = _bound(nodeSeed, 0, NODE_COUNT - 1);
        address node = _nodes[index];
        bytes memory signature = _sign(
            _keys[index],
            registry.hashNodeRetirement(node, modelNonce[node], block.timestamp)
        );

        bytes memory expected = _expectedNodeTransition(node, IRegistry.NodeStatus.Active);
        try registry.retireNodeWithSignature(node, block.timestamp, signature) {
            if (_succeeded(expected, "retireNodeWithSignature")) {
                ++modelNonce[node];
                _modelRetire(node);
            }
        } catch (bytes memory reason) {
            _reverted(expected, reason, "retireNodeWithSignature");
        }
    }

    /// @notice The curator suspends or reinstates a pool node.
    function curateNode(uint256 nodeSeed, bool suspend) external {
        address node = _nodes[_bound(nodeSeed, 0, NODE_COUNT - 1)];
        IRegistry.NodeStatus from = suspend ? IRegistry.NodeStatus.Active : IRegistry.NodeStatus.Suspended;
        bytes memory expected = _expectedNodeTransition(node, from);
        vm.prank(CURATOR);
        // One call site for both directions: the outcome is judged the same way for each.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = address(registry).call(
            suspend ? abi.encodeCall(IRegistry.suspendNode, (node, 0)) : abi.encodeCall(IRegistry.reinstateNode, (node))
        );
        if (!ok) {
            _reverted(expected, reason, "curateNode");
        } else if (_succeeded(expected, "curateNode")) {
            modelStatus[node] = suspend ? IRegistry.NodeStatus.Suspended : IRegistry.NodeStatus.Active;
        }
    }

    /// @notice The curator suspends a provider, which then cannot register nodes, or reinstates it.
    function curateProvider(uint256 providerSeed, bool suspend) external {
        uint256 providerId = _bound(providerSeed, 1, PROVIDER_COUNT);
        bytes memory expected = _expectedProviderTransition(providerId, !suspend);
        vm.prank(CURATOR);
        // One call site for both directions: the outcome is judged the same way for each.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory reason) = address(registry).call(
            suspend
                ? abi.encodeCall(IRegistry.suspendProvider, (providerId, 0))
                : abi.encodeCall(IRegistry.reinstateProvider, (providerId))
        );
        if (!ok) {
            _reverted(expected, reason, "curateProvider");
        } else if (_succeeded(expected, "curateProvider")) {
            modelProviderSuspended[providerId] = suspend;
        }
    }

    // ---------------------------------------------------------------- views for the invariants

    /// @notice Every node of the pool.
    function nodes() external view returns (address[] memory) {
        return _nodes;
    }

    /// @notice Number of calls whose outcome differed from the model.
    function violationCount() external view returns (uint256) {
        return _violations.length;
    }

    /// @notice The first such difference, or an empty string.
    function firstViolation() external view returns (string memory) {
        return _violations.length == 0 ? "" : _violations[0];
    }

    // ---------------------------------------------------------------- model

    function _isBound(address node) private view returns (bool) {
        IRegistry.NodeStatus status = modelStatus[node];
        return status == IRegistry.NodeStatus.Active || status == IRegistry.NodeStatus.Suspended;
    }

    function _modelRetire(address node) private {
        modelStatus[node] = IRegistry.NodeStatus.Retired;
        --modelNodeCount[modelProvider[node]];
        ++retirements;
    }

    function _expectedNodeTransition(
        address node,
        IRegistry.NodeStatus from
    ) private view returns (bytes memory expected) {
        IRegistry.NodeStatus status = modelStatus[node];
        if (status == IRegistry.NodeStatus.None) {
            return abi.encodeWithSelector(IRegistry.RegistryUnknownNode.selector, node);
        }
        if (status != from) {
            return abi.encodeWithSelector(IRegistry.RegistryNodeStatusInvalid.selector, node, status);
        }
    }

    function _expectedProviderTransition(
        uint256 providerId,
        bool fromSuspended
    ) private view returns (bytes memory expected) {
        bool suspended = modelProviderSuspended[providerId];
        if (suspended == fromSuspended) return "";
        IRegistry.ProviderStatus status =
            suspended ? IRegistry.ProviderStatus.Suspended : IRegistry.ProviderStatus.Active;
        return abi.encodeWithSelector(IRegistry.RegistryProviderStatusInvalid.selector, providerId, status);
    }

    /// @dev The call succeeded: fine when no revert was expected.
    function _succeeded(bytes memory expected, string memory action) private returns (bool) {
        if (expected.length == 0) return true;
        _violations.push(string.concat(action, " succeeded where the model expected a revert"));
        return false;
    }

    /// @dev The call reverted: fine when exactly this revert was expected.
    function _reverted(bytes memory expected, bytes memory reason, string memory action) private {
        if (expected.length == 0) {
            _violations.push(
                string.concat(action, " reverted where the model expected success: ", vm.toString(reason))
            );
        } else if (keccak256(reason) != keccak256(expected)) {
            _violations.push(
                string.concat(action, " reverted with ", vm.toString(reason), " instead of ", vm.toString(expected))
            );
        }
    }
}

/// @title One provider per node, and provider node lists that match the nodes
/// @notice Whatever the sequence of registrations, retirements and suspensions across several
/// providers, a node is bound to at most one provider, and each provider's node list (swap-and-pop
/// on retirement) holds exactly its bound nodes, without duplicates or holes.
contract RegistryNodeBindingTest is RegistryTestUtils {
    /// @dev Longest action sequence a fuzz run replays.
    uint256 private constant MAX_STEPS = 32;
    /// @dev Number of handler actions `_step` chooses from.
    uint256 private constant ACTIONS = 7;

    Registry private registry;
    NodeBindingHandler private handler;

    function setUp() public {
        registry = _deployRegistry();
        handler = new NodeBindingHandler(registry);
    }

    /// @notice The invariant runs call only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    // ---------------------------------------------------------------- fuzz

    function testFuzz_registerNode_revertsWhenNodeIsBoundToAnotherProvider(
        uint256 keySeed,
        bool suspended,
        bytes32 service
    ) public {
        vm.assume(service != bytes32(0));
        uint256 first = _addProvider(registry, OWNER);
        uint256 second = _addProvider(registry, OTHER_OWNER);
        uint256 key = _nodeKey(keySeed);
        address node = _registerNode(registry, key, first, service);
        if (suspended) {
            vm.prank(CURATOR);
            registry.suspendNode(node, 0);
        }

        IRegistry.NodeConsent memory consent = _consent(registry, node, second, service, block.timestamp);
        bytes memory signature = _sign(key, registry.hashNodeConsent(consent));
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryNodeAlreadyRegistered.selector, node, first));
        vm.prank(OTHER_OWNER);
        registry.registerNode(consent, signature);

        vm.assertEq(registry.getNode(node).providerId, first, "still bound to the first provider");
        vm.assertEq(registry.getProvider(second).nodeCount, 0, "second provider has no node");
    }

    /// @dev A node retired from one provider can move to another, and leaves the first list.
    function testFuzz_registerNode_movesARetiredNodeToAnotherProvider(uint256 keySeed, uint8 siblings) public {
        uint256 first = _addProvider(registry, OWNER);
        uint256 second = _addProvider(registry, OTHER_OWNER);
        uint256 key = _nodeKey(keySeed);
        address[] memory nodes = new address[](_bound(siblings, 0, 6) + 1);
        nodes[0] = _registerNode(registry, key, first, MAIL);
        for (uint256 i = 1; i < nodes.length; ++i) {
            uint256 siblingKey = _nodeKey(uint256(keccak256(abi.encode(keySeed, i))));
            vm.assume(siblingKey != key);
            nodes[i] = _registerNode(registry, siblingKey, first, MAIL);
        }

        vm.prank(nodes[0]);
        registry.retireNode(nodes[0]);
        _registerNode(registry, key, second, PUSH);

        vm.assertEq(registry.getNode(nodes[0]).providerId, second, "bound to the second provider");
        vm.assertEq(registry.getProvider(first).nodeCount, nodes.length - 1, "left the first list");
        vm.assertEq(registry.getProvider(second).nodeCount, 1, "joined the second list");
        _assertNodeListsConsistent(registry, nodes);
    }

    /// @dev Replays a random action sequence through the handler, checking the lists after each step.
    function testFuzz_actionSequence_keepsNodeListsConsistent(uint256[] calldata steps) public {
        uint256 count = steps.length < MAX_STEPS ? steps.length : MAX_STEPS;
        address[] memory nodes = handler.nodes();
        for (uint256 i = 0; i < count; ++i) {
            _step(steps[i]);
            _assertNodeListsConsistent(registry, nodes);
        }
        _assertMatchesModel();
        vm.assertEq(handler.violationCount(), 0, handler.firstViolation());
    }

    // ---------------------------------------------------------------- invariants

    function invariant_nodeIsBoundToAtMostOneProvider() public view {
        _assertNodesListedByTheirProviderOnly(registry, handler.nodes());
    }

    function invariant_providerNodeListsAreDenseAndHoldExactlyTheBoundNodes() public view {
        _assertNodeListsConsistent(registry, handler.nodes());
    }

    function invariant_nodesAndCountsMatchTheModel() public view {
        _assertMatchesModel();
    }

    function invariant_everyActionHadTheOutcomeTheModelPredicts() public view {
        vm.assertEq(handler.violationCount(), 0, handler.firstViolation());
    }

    // ---------------------------------------------------------------- helpers

    function _assertMatchesModel() private view {
        address[] memory nodes = handler.nodes();
        for (uint256 i = 0; i < nodes.length; ++i) {
            IRegistry.NodeInfo memory info = registry.getNode(nodes[i]);
            vm.assertEq(uint256(info.status), uint256(handler.modelStatus(nodes[i])), "node status");
            vm.assertEq(info.providerId, handler.modelProvider(nodes[i]), "node provider");
            vm.assertEq(info.nonce, handler.modelNonce(nodes[i]), "node nonce");
        }
        for (uint256 providerId = 1; providerId <= handler.PROVIDER_COUNT(); ++providerId) {
            vm.assertEq(
                registry.getProvider(providerId).nodeCount,
                handler.modelNodeCount(providerId),
                "provider node count"
            );
        }
    }

    /// @dev One handler action chosen and parameterised by `step`; registrations weigh three in seven.
    function _step(uint256 step) private {
        uint256 action = step % ACTIONS;
        uint256 a = step >> 8;
        uint256 b = step >> 16;
        if (action < 3) handler.registerNode(a, b, step >> 24);
        else if (action == 3) handler.retireNode(a, b);
        else if (action == 4) handler.retireNodeWithSignature(a);
        else if (action == 5) handler.curateNode(a, b % 2 == 0);
        else handler.curateProvider(b, a % 2 == 0);
    }
}
