// SPDX-License-Identifier: MIT
// The invariant runner fuzzes only contracts defined in the selected test files, so the handler
// lives beside the test that targets it; this keeps single-file runs working.
// solhint-disable-next-line one-contract-per-file
pragma solidity 0.8.30;

import {Registry} from "../Registry.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {RegistryTestUtils} from "./utils/RegistryTestUtils.t.sol";

/// @title Random operator appointments, ownership transfers and operator actions on one provider
/// @notice The provider changes hands among a small pool of accounts, each owner appointing and
/// removing operators from the same pool, so that former owners and former operators are always
/// around to try their luck. The model says who manages the provider: its current owner and the
/// operators appointed since the last accepted transfer. Every action by a pool account predicts its
/// outcome from that model; a disagreement is recorded for the invariants.
contract OwnershipHandler is RegistryTestUtils {
    uint256 public constant ACCOUNT_COUNT = 6;

    Registry public registry;
    uint256 public providerId;
    /// @notice A node of the provider that stays Active: the target of `setNodeBootstrap`.
    address public node;

    address[] private _accounts;
    /// @dev Nodes registered by the handler that are still Active, last registered last.
    address[] private _extraNodes;
    uint256 private _nextKey;

    address public modelOwner;
    address public modelPendingOwner;
    uint256 public modelEpoch;
    /// @dev An account is an operator when appointed in the current epoch: epoch + 1, 0 for never.
    mapping(address account => uint256 epochPlusOne) private _appointedIn;
    /// @notice Accounts that were an operator of an earlier owner, at some point.
    mapping(address account => bool) public wasFormerOperator;

    string[] private _violations;
    uint256 public acceptedTransfers;
    uint256 public refusedFormerOperatorActions;

    constructor(Registry registry_) {
        registry = registry_;
        for (uint256 i = 0; i < ACCOUNT_COUNT; ++i) {
            _accounts.push(address(uint160(uint256(keccak256(abi.encode("waymark.test.ownership-account", i))))));
        }
        modelOwner = _accounts[0];
        providerId = _addProvider(registry_, modelOwner);
        node = _registerNode(registry_, _freshKey(), providerId, MAIL);
    }

    // ---------------------------------------------------------------- actions

    /// @notice A pool account appoints or removes a pool account as operator; only the owner may.
    function setOperator(uint256 callerSeed, uint256 accountSeed, bool enabled) external {
        address caller = _pick(callerSeed);
        address account = _pick(accountSeed);
        vm.prank(caller);
        try registry.setProviderOperator(providerId, account, enabled) {
            if (caller != modelOwner) return _violate("setProviderOperator succeeded for a non-owner", caller);
            _appointedIn[account] = enabled ? modelEpoch + 1 : 0;
        } catch (bytes memory reason) {
            _expectReverted(
                caller == modelOwner,
                reason,
                abi.encodeWithSelector(IRegistry.RegistryNotProviderOwner.selector, providerId, caller),
                "setProviderOperator"
            );
        }
    }

    /// @notice The owner proposes a pool account as the next owner.
    function transfer(uint256 newOwnerSeed) external {
        address newOwner = _pick(newOwnerSeed);
        vm.prank(modelOwner);
        registry.transferProviderOwnership(providerId, newOwner);
        modelPendingOwner = newOwner;
    }

    /// @notice A pool account accepts; only the pending owner may. Three calls in four are made by
    /// the pending owner when there is one, so that transfers complete often.
    function accept(uint256 callerSeed) external {
        address caller =
            callerSeed % 4 != 0 && modelPendingOwner != address(0) ? modelPendingOwner : _pick(callerSeed >> 2);
        vm.prank(caller);
        try registry.acceptProviderOwnership(providerId) {
            if (caller != modelPendingOwner) return _violate("acceptProviderOwnership succeeded", caller);
            for (uint256 i = 0; i < ACCOUNT_COUNT; ++i) {
                if (_isOperator(_accounts[i])) wasFormerOperator[_accounts[i]] = true;
            }
            modelOwner = caller;
            modelPendingOwner = address(0);
            ++modelEpoch;
            ++acceptedTransfers;
        } catch (bytes memory reason) {
            _expectReverted(
                caller == modelPendingOwner,
                reason,
                abi.encodeWithSelector(IRegistry.RegistryNotPendingOwner.selector, providerId, caller),
                "acceptProviderOwnership"
            );
        }
    }

    /// @notice A pool account registers a node, retires the last one registered here, or publishes
    /// the provider's node's bootstrap address: the owner and current operators may, nobody else.
    function act(uint256 callerSeed, uint256 actionSeed) external {
        address caller = _pick(callerSeed);
        uint256 action = actionSeed % 3;
        bool manager = caller == modelOwner || _isOperator(caller);
        bytes memory refusal;
        bool ok;
        bytes memory reason;
        if (action == 0) {
            uint256 key = _peekKey();
            address fresh = vm.addr(key);
            IRegistry.NodeConsent memory consent = _consent(registry, fresh, providerId, MAIL, block.timestamp);
            bytes memory signature = _sign(key, registry.hashNodeConsent(consent));
            refusal = abi.encodeWithSelector(IRegistry.RegistryNotProviderManager.selector, providerId, caller);
            vm.prank(caller);
            try registry.registerNode(consent, signature) {
                ok = true;
                ++_nextKey;
                _extraNodes.push(fresh);
            } catch (bytes memory returned) {
                reason = returned;
            }
        } else if (action == 1 && _extraNodes.length > 0) {
            address target = _extraNodes[_extraNodes.length - 1];
            refusal = abi.encodeWithSelector(IRegistry.RegistryNotNodeManager.selector, target, caller);
            vm.prank(caller);
            try registry.retireNode(target) {
                ok = true;
                _extraNodes.pop();
            } catch (bytes memory returned) {
                reason = returned;
            }
        } else {
            string[] memory multiaddrs = new string[](1);
            multiaddrs[0] = "/dns4/node.example/tcp/4001";
            refusal = abi.encodeWithSelector(IRegistry.RegistryNotNodeManager.selector, node, caller);
            vm.prank(caller);
            try registry.setNodeBootstrap(node, multiaddrs) {
                ok = true;
            } catch (bytes memory returned) {
                reason = returned;
            }
        }
        if (ok) {
            if (!manager) _violate("a provider action succeeded for a non-manager", caller);
            return;
        }
        _expectReverted(manager, reason, refusal, "provider action");
        if (!manager && wasFormerOperator[caller]) ++refusedFormerOperatorActions;
    }

    // ---------------------------------------------------------------- views for the invariants

    /// @notice The pool of callers, owners and operators.
    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    /// @notice Whether the model holds `account` for an operator of the current owner.
    function isOperator(address account) external view returns (bool) {
        return _isOperator(account);
    }

    /// @notice Number of calls whose outcome differed from the model.
    function violationCount() external view returns (uint256) {
        return _violations.length;
    }

    /// @notice The first such difference, or an empty string.
    function firstViolation() external view returns (string memory) {
        return _violations.length == 0 ? "" : _violations[0];
    }

    // ---------------------------------------------------------------- helpers

    function _isOperator(address account) private view returns (bool) {
        return _appointedIn[account] == modelEpoch + 1;
    }

    function _pick(uint256 seed) private view returns (address) {
        return _accounts[seed % ACCOUNT_COUNT];
    }

    function _peekKey() private view returns (uint256) {
        return _nodeKey(uint256(keccak256(abi.encode("waymark.test.ownership-node", _nextKey))));
    }

    function _freshKey() private returns (uint256 key) {
        key = _peekKey();
        ++_nextKey;
    }

    /// @dev A call reverted: fine when the caller had no right to it and the revert is `expected`.
    function _expectReverted(bool allowed, bytes memory reason, bytes memory expected, string memory action) private {
        if (allowed) {
            _violations.push(string.concat(action, " reverted for an allowed caller: ", vm.toString(reason)));
        } else if (keccak256(reason) != keccak256(expected)) {
            _violations.push(string.concat(action, " reverted with ", vm.toString(reason)));
        }
    }

    function _violate(string memory what, address caller) private {
        _violations.push(string.concat(what, ": ", vm.toString(caller)));
    }
}

/// @title Operators act for the owner who appointed them
/// @notice Fuzzed transfers with many operators, and an invariant run over random sequences of
/// appointments, transfers and operator actions (`OwnershipHandler`).
contract RegistryOwnershipTest is RegistryTestUtils {
    address private constant BUYER = address(uint160(uint256(keccak256("waymark.test.buyer"))));
    /// @dev Longest action sequence a fuzz run replays.
    uint256 private constant MAX_STEPS = 48;

    Registry private registry;
    OwnershipHandler private handler;

    function setUp() public {
        registry = _deployRegistry();
        handler = new OwnershipHandler(registry);
    }

    /// @notice The invariant runs call only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    // ---------------------------------------------------------------- fuzz

    /// @dev However many operators the seller appointed, none of them may register, retire or
    /// publish once the buyer accepts, and the views list none.
    function testFuzz_acceptProviderOwnership_leavesNoOperatorOfThePreviousOwner(uint256 seed, uint8 count) public {
        uint256 providerId = _addProvider(registry, OWNER);
        uint256 nodeKey = _nodeKey(seed);
        address node = _registerNode(registry, nodeKey, providerId, MAIL);
        address[] memory operators = new address[](_bound(count, 1, 16));
        for (uint256 i = 0; i < operators.length; ++i) {
            operators[i] = address(uint160(uint256(keccak256(abi.encode(seed, "operator", i)))));
            vm.assume(operators[i] != BUYER && operators[i] != node);
            vm.prank(OWNER);
            registry.setProviderOperator(providerId, operators[i], true);
        }
        vm.prank(OWNER);
        registry.transferProviderOwnership(providerId, BUYER);
        vm.prank(BUYER);
        registry.acceptProviderOwnership(providerId);

        (, uint256 total) = registry.getProviderOperators(providerId, 0, WHOLE_LIST);
        vm.assertEq(total, 0, "no operator listed");
        uint256 freshKey = _nodeKey(uint256(keccak256(abi.encode(seed, "fresh"))));
        vm.assume(freshKey != nodeKey);
        IRegistry.NodeConsent memory consent = _consent(registry, vm.addr(freshKey), providerId, MAIL, block.timestamp);
        bytes memory signature = _sign(freshKey, registry.hashNodeConsent(consent));
        string[] memory multiaddrs = new string[](1);
        multiaddrs[0] = "/dns4/node.example/tcp/4001";
        for (uint256 i = 0; i < operators.length; ++i) {
            address operator = operators[i];
            vm.assertFalse(registry.isProviderOperator(providerId, operator), "not an operator");
            vm.expectRevert(
                abi.encodeWithSelector(IRegistry.RegistryNotProviderManager.selector, providerId, operator)
            );
            vm.prank(operator);
            registry.registerNode(consent, signature);
            vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryNotNodeManager.selector, node, operator));
            vm.prank(operator);
            registry.retireNode(node);
            vm.expectRevert(abi.encodeWithSelector(IRegistry.RegistryNotNodeManager.selector, node, operator));
            vm.prank(operator);
            registry.setNodeBootstrap(node, multiaddrs);
        }
        vm.assertEq(uint256(registry.getNode(node).status), uint256(IRegistry.NodeStatus.Active), "node untouched");
    }

    /// @dev A seller's operator, kept through the sale, is refused all three actions; the handler
    /// counts the refusals, so the invariant runs are known to reach the case they guard.
    function test_handler_refusesAnOperatorOfTheSeller() public {
        handler.setOperator(0, 1, true);
        handler.transfer(2);
        handler.accept(1);
        vm.assertEq(handler.modelOwner(), handler.accounts()[2], "sold");
        handler.act(1, 0);
        handler.act(1, 2);
        vm.assertEq(handler.refusedFormerOperatorActions(), 2, "refused to register and to publish");
        // The buyer registers a node, which the seller's operator then fails to retire.
        handler.act(2, 0);
        handler.act(1, 1);
        vm.assertEq(handler.refusedFormerOperatorActions(), 3, "refused to retire");
        vm.assertEq(handler.violationCount(), 0, handler.firstViolation());
    }

    /// @dev Replays a random sequence through the handler and checks the views after each step.
    function testFuzz_actionSequence_keepsOperatorsWithTheirOwner(uint256[] calldata steps) public {
        uint256 count = steps.length < MAX_STEPS ? steps.length : MAX_STEPS;
        for (uint256 i = 0; i < count; ++i) {
            uint256 step = steps[i];
            uint256 action = step % 4;
            if (action == 0) handler.setOperator(step >> 8, step >> 16, (step >> 24) % 3 != 0);
            else if (action == 1) handler.transfer(step >> 8);
            else if (action == 2) handler.accept(step >> 8);
            else handler.act(step >> 8, step >> 16);
            invariant_operatorViewsListOnlyTheCurrentOwnersOperators();
        }
        vm.assertEq(handler.violationCount(), 0, handler.firstViolation());
    }

    // ---------------------------------------------------------------- invariants

    /// @dev Only the owner and the operators it appointed since it accepted could act (checked as
    /// each action ran); no call had another outcome than the model's.
    function invariant_onlyTheOwnerAndItsOwnOperatorsManageTheProvider() public view {
        vm.assertEq(handler.violationCount(), 0, handler.firstViolation());
    }

    /// @dev The views list exactly the current owner's operators: no former operator appears.
    function invariant_operatorViewsListOnlyTheCurrentOwnersOperators() public view {
        uint256 providerId = handler.providerId();
        address[] memory accounts = handler.accounts();
        (address[] memory listed, uint256 total) = registry.getProviderOperators(providerId, 0, WHOLE_LIST);
        uint256 expected = 0;
        for (uint256 i = 0; i < accounts.length; ++i) {
            bool isOperator = handler.isOperator(accounts[i]);
            if (isOperator) ++expected;
            vm.assertEq(registry.isProviderOperator(providerId, accounts[i]), isOperator, "isProviderOperator");
            bool isListed = false;
            for (uint256 j = 0; j < listed.length; ++j) {
                if (listed[j] == accounts[i]) isListed = true;
            }
            vm.assertEq(isListed, isOperator, "getProviderOperators lists the account");
        }
        vm.assertEq(total, expected, "operator count");
        vm.assertEq(registry.getProvider(providerId).owner, handler.modelOwner(), "owner");
    }
}
