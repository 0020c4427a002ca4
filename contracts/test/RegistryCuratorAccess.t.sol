// SPDX-License-Identifier: MIT
// The invariant runner fuzzes only contracts defined in the selected test files, so the handler
// lives beside the test that targets it; this keeps single-file runs working.
// solhint-disable-next-line one-contract-per-file
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {Registry} from "../Registry.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {RegistryTestUtils} from "./utils/RegistryTestUtils.t.sol";

/// @title Random provider applications, curator decisions and retirements, by random callers
/// @notice Callers are drawn from the two curators, the admin (who is not a curator), a former
/// curator, provider owners and arbitrary addresses. The model says who may do what: curators
/// approve, reject, suspend, reinstate and mark defaults; owners retire; everyone else is refused
/// with `AccessControlUnauthorizedAccount`. Disagreements are recorded for the invariants.
contract CuratorHandler is RegistryTestUtils {
    uint256 public constant OWNER_COUNT = 3;
    /// @dev New providers wait until fewer are live, so that decisions chain on the same providers.
    uint256 public constant MAX_LIVE_PROVIDERS = 4;

    Registry public registry;
    bytes32 private _curatorRole;

    address[] private _owners;
    uint256 public modelCount;
    mapping(uint256 providerId => IRegistry.ProviderStatus) public modelStatus;
    mapping(uint256 providerId => bool) public modelDefault;
    mapping(uint256 providerId => address) public modelOwner;

    string[] private _violations;
    string[] private _nonCuratorViolations;
    uint256 public curatorChanges;
    uint256 public refusedNonCuratorCalls;

    enum Action {
        Approve,
        Reject,
        Suspend,
        Reinstate,
        SetDefault
    }

    constructor(Registry registry_) {
        registry = registry_;
        _curatorRole = registry_.CURATOR_ROLE();
        for (uint256 i = 0; i < OWNER_COUNT; ++i) {
            _owners.push(address(uint160(uint256(keccak256(abi.encode("waymark.test.curated-owner", i))))));
        }
    }

    // ---------------------------------------------------------------- actions

    /// @notice An owner applies (Pending), or a random caller admits a provider directly (Active),
    /// which only a curator may do. Does nothing while `MAX_LIVE_PROVIDERS` are live.
    function createProvider(uint256 who, address stranger, uint256 ownerSeed, bool direct) external {
        if (_liveCount() >= MAX_LIVE_PROVIDERS) return;
        address owner = _owners[_bound(ownerSeed, 0, OWNER_COUNT - 1)];
        if (!direct) {
            vm.prank(owner);
            try registry.applyAsProvider("applicant", "") returns (uint256 providerId) {
                _recordNew(providerId, owner, IRegistry.ProviderStatus.Pending);
            } catch (bytes memory reason) {
                _violations.push(string.concat("applyAsProvider reverted: ", vm.toString(reason)));
            }
            return;
        }
        address caller = pickCaller(who, stranger, 0);
        vm.prank(caller);
        try registry.addProvider(owner, "admitted", "") returns (uint256 providerId) {
            if (_allowed(caller, "", "addProvider")) _recordNew(providerId, owner, IRegistry.ProviderStatus.Active);
        } catch (bytes memory reason) {
            _refused(caller, "", reason, "addProvider");
        }
    }

    /// @notice A random caller takes a random curator decision on a provider (or an unknown id).
    function curate(
        uint256 who,
        address stranger,
        uint256 providerSeed,
        uint256 actionSeed,
        bool isDefault,
        uint16 reason
    ) external {
        uint256 providerId = _pickProvider(providerSeed);
        address caller = pickCaller(who, stranger, providerId);
        Action action = Action(_bound(actionSeed, 0, uint256(type(Action).max)));
        (bytes memory expected, IRegistry.ProviderStatus next, bool nextDefault) = _curatorOutcome(
            providerId,
            action,
            isDefault
        );

        vm.prank(caller);
        // One call site for the five actions: the outcome is judged the same way for each.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory returned) = address(registry).call(_calldata(action, providerId, isDefault, reason));
        if (ok) {
            if (_allowed(caller, expected, "curator action")) {
                modelStatus[providerId] = next;
                modelDefault[providerId] = nextDefault;
                ++curatorChanges;
            }
        } else {
            _refused(caller, expected, returned, "curator action");
        }
    }

    /// @notice The owner retires its provider, the one status change that is not a curator's.
    /// Three calls in four do nothing, so that providers live long enough for decisions to chain.
    function retireProvider(uint256 providerSeed) external {
        if (providerSeed % 4 != 0) return;
        uint256 providerId = _pickProvider(providerSeed >> 2);
        bytes memory expected;
        IRegistry.ProviderStatus status = modelStatus[providerId];
        if (status == IRegistry.ProviderStatus.None) {
            expected = abi.encodeWithSelector(IRegistry.RegistryUnknownProvider.selector, providerId);
        } else if (!_isLive(status)) {
            expected = abi.encodeWithSelector(IRegistry.RegistryProviderStatusInvalid.selector, providerId, status);
        }
        vm.prank(modelOwner[providerId]);
        try registry.retireProvider(providerId) {
            if (expected.length != 0) {
                _violations.push("retireProvider succeeded where the model expected a revert");
            } else {
                modelStatus[providerId] = IRegistry.ProviderStatus.Retired;
                modelDefault[providerId] = false;
            }
        } catch (bytes memory returned) {
            if (keccak256(returned) != keccak256(expected)) {
                _violations.push(string.concat("retireProvider reverted with ", vm.toString(returned)));
            }
        }
    }

    // ---------------------------------------------------------------- views

    /// @notice A curator for even `who` (either one), otherwise the admin, the former curator, the
    /// provider's owner, another owner, or an arbitrary address (two kinds in six).
    function pickCaller(uint256 who, address stranger, uint256 providerId) public view returns (address) {
        if (who % 2 == 0) return (who >> 1) % 2 == 0 ? CURATOR : SECOND_CURATOR;
        uint256 kind = (who >> 1) % 6;
        if (kind == 0) return ADMIN;
        if (kind == 1) return FORMER_CURATOR;
        address owner = modelOwner[providerId];
        if (kind == 2 && owner != address(0)) return owner;
        if (kind <= 3) return _owners[(who >> 8) % OWNER_COUNT];
        return stranger;
    }

    /// @notice Whether the model counts `account` as a curator.
    function isCurator(address account) public pure returns (bool) {
        return account == CURATOR || account == SECOND_CURATOR;
    }

    /// @notice Number of outcomes that differed from the model, non-curator refusals apart.
    function violationCount() external view returns (uint256) {
        return _violations.length;
    }

    /// @notice The first such difference, or an empty string.
    function firstViolation() external view returns (string memory) {
        return _violations.length == 0 ? "" : _violations[0];
    }

    /// @notice Number of non-curator calls that were not refused with `AccessControlUnauthorizedAccount`.
    function nonCuratorViolationCount() external view returns (uint256) {
        return _nonCuratorViolations.length;
    }

    /// @notice The first such call, or an empty string.
    function firstNonCuratorViolation() external view returns (string memory) {
        return _nonCuratorViolations.length == 0 ? "" : _nonCuratorViolations[0];
    }

    // ---------------------------------------------------------------- model

    /// @dev What a curator's action does: the expected revert (empty on success) and the next state.
    function _curatorOutcome(
        uint256 providerId,
        Action action,
        bool isDefault
    ) private view returns (bytes memory expected, IRegistry.ProviderStatus next, bool nextDefault) {
        IRegistry.ProviderStatus status = modelStatus[providerId];
        next = status;
        nextDefault = modelDefault[providerId];
        if (status == IRegistry.ProviderStatus.None) {
            return (abi.encodeWithSelector(IRegistry.RegistryUnknownProvider.selector, providerId), next, nextDefault);
        }
        bool allowed;
        if (action == Action.Approve) {
            allowed = status == IRegistry.ProviderStatus.Pending;
            next = IRegistry.ProviderStatus.Active;
        } else if (action == Action.Reject) {
            allowed = status == IRegistry.ProviderStatus.Pending;
            next = IRegistry.ProviderStatus.Rejected;
            nextDefault = false;
        } else if (action == Action.Suspend) {
            allowed = status == IRegistry.ProviderStatus.Active;
            next = IRegistry.ProviderStatus.Suspended;
        } else if (action == Action.Reinstate) {
            allowed = status == IRegistry.ProviderStatus.Suspended;
            next = IRegistry.ProviderStatus.Active;
        } else {
            allowed = _isLive(status);
            nextDefault = isDefault;
        }
        if (!allowed) {
            expected = abi.encodeWithSelector(IRegistry.RegistryProviderStatusInvalid.selector, providerId, status);
        }
    }

    function _calldata(
        Action action,
        uint256 providerId,
        bool isDefault,
        uint16 reason
    ) private pure returns (bytes memory) {
        if (action == Action.Approve) return abi.encodeCall(IRegistry.approveProvider, (providerId));
        if (action == Action.Reject) return abi.encodeCall(IRegistry.rejectProvider, (providerId, reason));
        if (action == Action.Suspend) return abi.encodeCall(IRegistry.suspendProvider, (providerId, reason));
        if (action == Action.Reinstate) return abi.encodeCall(IRegistry.reinstateProvider, (providerId));
        return abi.encodeCall(IRegistry.setDefaultProvider, (providerId, isDefault));
    }

    /// @dev A live provider three times in four, otherwise any id including 0 and the next unassigned one.
    function _pickProvider(uint256 seed) private view returns (uint256) {
        uint256 live = _liveCount();
        if (seed % 4 == 0 || live == 0) return _bound(seed >> 2, 0, modelCount + 1);
        uint256 skip = (seed >> 2) % live;
        for (uint256 providerId = 1; providerId <= modelCount; ++providerId) {
            if (!_isLive(modelStatus[providerId])) continue;
            if (skip == 0) return providerId;
            --skip;
        }
        return 0;
    }

    function _liveCount() private view returns (uint256 live) {
        for (uint256 providerId = 1; providerId <= modelCount; ++providerId) {
            if (_isLive(modelStatus[providerId])) ++live;
        }
    }

    function _isLive(IRegistry.ProviderStatus status) private pure returns (bool) {
        return
            status == IRegistry.ProviderStatus.Pending ||
            status == IRegistry.ProviderStatus.Active ||
            status == IRegistry.ProviderStatus.Suspended;
    }

    function _recordNew(uint256 providerId, address owner, IRegistry.ProviderStatus status) private {
        if (providerId != ++modelCount) _violations.push("provider ids are not sequential");
        modelStatus[providerId] = status;
        modelOwner[providerId] = owner;
    }

    /// @dev A curator-only call succeeded: fine for a curator when the model expected success.
    function _allowed(address caller, bytes memory expected, string memory action) private returns (bool) {
        if (!isCurator(caller)) {
            _nonCuratorViolations.push(string.concat(action, " succeeded for non-curator ", vm.toString(caller)));
            return false;
        }
        if (expected.length == 0) return true;
        _violations.push(string.concat(action, " succeeded where the model expected ", vm.toString(expected)));
        return false;
    }

    /// @dev A curator-only call reverted: a non-curator must get exactly the access-control error,
    /// a curator exactly the error the model expects.
    function _refused(address caller, bytes memory expected, bytes memory returned, string memory action) private {
        if (!isCurator(caller)) {
            bytes memory unauthorized = abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector,
                caller,
                _curatorRole
            );
            if (keccak256(returned) == keccak256(unauthorized)) {
                ++refusedNonCuratorCalls;
            } else {
                _nonCuratorViolations.push(
                    string.concat(action, " refused a non-curator with ", vm.toString(returned))
                );
            }
        } else if (keccak256(returned) != keccak256(expected)) {
            _violations.push(
                string.concat(action, " reverted with ", vm.toString(returned), " instead of ", vm.toString(expected))
            );
        }
    }
}

/// @title Only curators change a provider's status
/// @notice Whoever else calls a curator action (the admin, a former curator, a provider's owner or
/// operator, anyone) is refused with `AccessControlUnauthorizedAccount` and nothing changes.
contract RegistryCuratorAccessTest is RegistryTestUtils {
    /// @dev Number of curator actions `_curatorAction` chooses from.
    uint256 private constant PROVIDER_ACTIONS = 5;
    address private constant OPERATOR = address(uint160(uint256(keccak256("waymark.test.operator"))));

    Registry private registry;
    CuratorHandler private handler;
    bytes32 private curatorRole;

    function setUp() public {
        registry = _deployRegistry();
        curatorRole = registry.CURATOR_ROLE();
        vm.startPrank(ADMIN);
        registry.grantRole(curatorRole, SECOND_CURATOR);
        registry.grantRole(curatorRole, FORMER_CURATOR);
        registry.revokeRole(curatorRole, FORMER_CURATOR);
        vm.stopPrank();
        handler = new CuratorHandler(registry);
    }

    /// @notice The invariant runs call only the handler.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    // ---------------------------------------------------------------- fuzz

    function testFuzz_providerActions_revertForNonCurators(
        uint256 who,
        address stranger,
        uint8 startStatus,
        bool startDefault,
        uint8 action,
        bool flag,
        uint16 reason
    ) public {
        uint256 providerId = _providerIn(IRegistry.ProviderStatus(_bound(startStatus, 1, 5)), startDefault);
        address caller = _nonCurator(who, stranger);
        IRegistry.ProviderInfo memory before = registry.getProvider(providerId);
        (, uint256 defaultsBefore) = registry.getDefaultProviders(0, 1);

        vm.expectRevert(_unauthorized(caller));
        vm.prank(caller);
        _curatorAction(action, providerId, flag, reason);

        IRegistry.ProviderInfo memory afterwards = registry.getProvider(providerId);
        (, uint256 defaultsAfter) = registry.getDefaultProviders(0, 1);
        vm.assertEq(uint256(afterwards.status), uint256(before.status), "status unchanged");
        vm.assertEq(afterwards.isDefault, before.isDefault, "default flag unchanged");
        vm.assertEq(defaultsAfter, defaultsBefore, "default list unchanged");
    }

    /// @dev Refused before the provider is even looked up: unknown ids give the same error.
    function testFuzz_providerActions_revertForNonCuratorsOnUnknownProviders(
        uint256 who,
        address stranger,
        uint256 providerId,
        uint8 action
    ) public {
        vm.assume(providerId > registry.providerCount());
        address caller = _nonCurator(who, stranger);
        vm.expectRevert(_unauthorized(caller));
        vm.prank(caller);
        _curatorAction(action, providerId, true, 0);
    }

    function testFuzz_addProvider_revertsForNonCurators(uint256 who, address stranger, address owner) public {
        vm.assume(owner != address(0));
        address caller = _nonCurator(who, stranger);
        uint256 count = registry.providerCount();
        vm.expectRevert(_unauthorized(caller));
        vm.prank(caller);
        registry.addProvider(owner, "provider", "");
        vm.assertEq(registry.providerCount(), count, "no provider added");
    }

    function testFuzz_nodeCuration_revertsForNonCurators(
        uint256 who,
        address stranger,
        uint256 keySeed,
        bool suspended
    ) public {
        uint256 providerId = _addProvider(registry, OWNER);
        address node = _registerNode(registry, _nodeKey(keySeed), providerId, MAIL);
        if (suspended) {
            vm.prank(CURATOR);
            registry.suspendNode(node, 0);
        }
        address caller = _nonCurator(who, stranger);
        IRegistry.NodeStatus before = registry.getNode(node).status;

        vm.expectRevert(_unauthorized(caller));
        vm.prank(caller);
        if (suspended) registry.reinstateNode(node);
        else registry.suspendNode(node, 1);
        vm.assertEq(uint256(registry.getNode(node).status), uint256(before), "node status unchanged");
    }

    /// @dev The same calls succeed for a curator, so the refusals above are about the caller.
    function testFuzz_providerActions_succeedForCurators(bool second, bool isDefault, uint16 reason) public {
        address curator = second ? SECOND_CURATOR : CURATOR;
        vm.startPrank(OWNER);
        uint256 rejected = registry.applyAsProvider("rejected", "");
        uint256 approved = registry.applyAsProvider("approved", "");
        vm.stopPrank();

        vm.startPrank(curator);
        registry.rejectProvider(rejected, reason);
        registry.approveProvider(approved);
        registry.suspendProvider(approved, reason);
        vm.assertEq(_status(approved), uint256(IRegistry.ProviderStatus.Suspended), "suspended");
        registry.reinstateProvider(approved);
        registry.setDefaultProvider(approved, isDefault);
        vm.stopPrank();

        vm.assertEq(_status(rejected), uint256(IRegistry.ProviderStatus.Rejected), "rejected");
        vm.assertEq(_status(approved), uint256(IRegistry.ProviderStatus.Active), "reinstated");
        vm.assertEq(registry.getProvider(approved).isDefault, isDefault, "default flag set");
    }

    // ---------------------------------------------------------------- invariants

    function invariant_nonCuratorCallsAreRefusedWithUnauthorizedAccount() public view {
        vm.assertEq(handler.nonCuratorViolationCount(), 0, handler.firstNonCuratorViolation());
    }

    function invariant_curatorCallsHaveTheOutcomeTheModelPredicts() public view {
        vm.assertEq(handler.violationCount(), 0, handler.firstViolation());
    }

    /// @dev The registry's statuses are exactly those the curators' and owners' calls produced.
    function invariant_providerStatusesMatchTheModel() public view {
        uint256 count = registry.providerCount();
        vm.assertEq(count, handler.modelCount(), "provider count");
        for (uint256 providerId = 1; providerId <= count; ++providerId) {
            IRegistry.ProviderInfo memory provider = registry.getProvider(providerId);
            vm.assertEq(uint256(provider.status), uint256(handler.modelStatus(providerId)), "provider status");
            vm.assertEq(provider.isDefault, handler.modelDefault(providerId), "provider default flag");
            vm.assertEq(provider.owner, handler.modelOwner(providerId), "provider owner");
        }
    }

    function invariant_defaultProviderListHoldsExactlyTheFlaggedProviders() public view {
        (uint256[] memory defaults, uint256 total) = registry.getDefaultProviders(0, WHOLE_LIST);
        uint256 flagged = 0;
        for (uint256 providerId = 1; providerId <= registry.providerCount(); ++providerId) {
            if (handler.modelDefault(providerId)) ++flagged;
        }
        vm.assertEq(total, flagged, "default list length");
        for (uint256 i = 0; i < defaults.length; ++i) {
            vm.assertTrue(handler.modelDefault(defaults[i]), "listed default is flagged");
        }
    }

    function invariant_curatorRoleHoldersAreUnchanged() public view {
        vm.assertTrue(registry.hasRole(curatorRole, CURATOR), "curator");
        vm.assertTrue(registry.hasRole(curatorRole, SECOND_CURATOR), "second curator");
        vm.assertFalse(registry.hasRole(curatorRole, FORMER_CURATOR), "former curator");
        vm.assertFalse(registry.hasRole(curatorRole, ADMIN), "admin");
    }

    // ---------------------------------------------------------------- helpers

    /// @dev A provider in `status`, reached by the real transitions, flagged default if asked and
    /// allowed (a rejected or retired provider loses the flag).
    function _providerIn(IRegistry.ProviderStatus status, bool isDefault) private returns (uint256 providerId) {
        if (status == IRegistry.ProviderStatus.Pending || status == IRegistry.ProviderStatus.Rejected) {
            vm.prank(OWNER);
            providerId = registry.applyAsProvider("applicant", "");
        } else {
            providerId = _addProvider(registry, OWNER);
        }
        vm.prank(OWNER);
        registry.setProviderOperator(providerId, OPERATOR, true);
        vm.startPrank(CURATOR);
        if (isDefault) registry.setDefaultProvider(providerId, true);
        if (status == IRegistry.ProviderStatus.Rejected) registry.rejectProvider(providerId, 0);
        if (status == IRegistry.ProviderStatus.Suspended) registry.suspendProvider(providerId, 0);
        vm.stopPrank();
        if (status == IRegistry.ProviderStatus.Retired) {
            vm.prank(OWNER);
            registry.retireProvider(providerId);
        }
        vm.assertEq(_status(providerId), uint256(status), "provider reached the status");
    }

    /// @dev The admin, the former curator, the owner, the operator, or an arbitrary non-curator.
    function _nonCurator(uint256 who, address stranger) private view returns (address caller) {
        uint256 kind = who % 5;
        if (kind == 0) return ADMIN;
        if (kind == 1) return FORMER_CURATOR;
        if (kind == 2) return OWNER;
        if (kind == 3) return OPERATOR;
        vm.assume(!registry.hasRole(curatorRole, stranger));
        return stranger;
    }

    /// @dev One of the five curator actions on a provider; its call to the registry is the next call.
    function _curatorAction(uint8 action, uint256 providerId, bool flag, uint16 reason) private {
        uint256 pick = action % PROVIDER_ACTIONS;
        if (pick == 0) registry.approveProvider(providerId);
        else if (pick == 1) registry.rejectProvider(providerId, reason);
        else if (pick == 2) registry.suspendProvider(providerId, reason);
        else if (pick == 3) registry.reinstateProvider(providerId);
        else registry.setDefaultProvider(providerId, flag);
    }

    function _unauthorized(address caller) private view returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, caller, curatorRole);
    }

    function _status(uint256 providerId) private view returns (uint256) {
        return uint256(registry.getProvider(providerId).status);
    }
}
