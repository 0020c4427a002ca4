// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title Waymark registry
/// @notice Curated providers and their server nodes, verified by clients in one call.
/// @dev Immutable: a new version is a new deployment with a new EIP-712 domain version.
contract Registry is IRegistry, AccessControlDefaultAdminRules, EIP712 {
    using EnumerableSet for EnumerableSet.AddressSet;
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice Role of the accounts that admit, suspend and reinstate providers and nodes.
    bytes32 public constant CURATOR_ROLE = keccak256("CURATOR_ROLE");
    /// @notice EIP-712 type hash of `NodeConsent`.
    bytes32 public constant NODE_CONSENT_TYPEHASH = keccak256(
        "NodeConsent(address node,uint256 providerId,bytes32 service,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of `NodeRetirement`.
    bytes32 public constant NODE_RETIREMENT_TYPEHASH = keccak256(
        "NodeRetirement(address node,uint256 nonce,uint256 deadline)"
    );
    /// @notice Longest provider name, in bytes.
    uint256 public constant MAX_NAME_LENGTH = 64;
    /// @notice Longest provider metadata URI, in bytes.
    uint256 public constant MAX_URI_LENGTH = 256;
    /// @notice Most bootstrap multiaddrs per node.
    uint256 public constant MAX_BOOTSTRAP_ADDRS = 4;
    /// @notice Longest bootstrap multiaddr, in bytes.
    uint256 public constant MAX_MULTIADDR_LENGTH = 256;
    /// @notice Longest page of every enumeration but `getBootstrapRecords`.
    uint256 public constant MAX_PAGE_SIZE = 256;
    /// @notice Most published records one `getBootstrapRecords` call scans. Its records are the
    /// largest any view returns (each up to 4 multiaddrs of 256 bytes: about 92,000 gas and 1,440
    /// bytes of answer), so a page of 64 stays near 6,000,000 gas and 92 KB, well within the
    /// 16,777,216 gas an Osaka chain gives a call's estimate (EIP-7825).
    uint256 public constant MAX_BOOTSTRAP_PAGE_SIZE = 64;

    /// @dev Slot 0 is everything `verifyNodes` and `registerNode` read: owner, status, default, count
    /// and the operator epoch, which names the current operator set (`_operators[id][epoch]`). A
    /// change of owner moves to the next epoch: the previous owner's operators stay behind, in a set
    /// nothing reads, so dropping them all costs one counter instead of a loop.
    struct Provider {
        address owner;
        ProviderStatus status;
        bool isDefault;
        uint32 nodeCount;
        uint48 operatorEpoch;
        address pendingOwner;
        uint48 createdAt;
        string name;
        string metadataURI;
    }

    /// @dev One slot: everything `verifyNodes` reads about a node costs a single storage read.
    /// `index` is the node's position in its provider's list; `serviceIndex` is the service's
    /// position in `_services` plus one (services are interned).
    struct Node {
        uint64 providerId;
        NodeStatus status;
        uint64 nonce;
        uint48 registeredAt;
        uint32 index;
        uint32 serviceIndex;
    }

    uint256 private _providerCount;
    mapping(uint256 providerId => Provider) private _providers;
    mapping(uint256 providerId => mapping(uint256 index => address node)) private _providerNodes;
    mapping(uint256 providerId => mapping(uint256 epoch => EnumerableSet.AddressSet)) private _operators;
    EnumerableSet.UintSet private _defaultProviders;
    mapping(address node => Node) private _nodes;
    mapping(address node => string[]) private _bootstrapAddrs;
    mapping(uint32 serviceIndex => EnumerableSet.AddressSet) private _bootstrapNodes;
    bytes32[] private _services;
    mapping(bytes32 service => uint32 serviceIndex) private _serviceIndexes;

    /// @notice Deploys the registry with its default admin and first curators.
    /// @param adminTransferDelay Seconds a default-admin transfer must wait before it can be accepted.
    /// @param admin The initial default admin (grants and revokes curators).
    /// @param curators Accounts granted `CURATOR_ROLE` at deployment.
    constructor(
        uint48 adminTransferDelay,
        address admin,
        address[] memory curators
    ) AccessControlDefaultAdminRules(adminTransferDelay, admin) EIP712("WaymarkRegistry", "1") {
        for (uint256 i = 0; i < curators.length; ++i) {
            _grantRole(CURATOR_ROLE, curators[i]);
        }
    }

    // ---------------------------------------------------------------- providers

    /// @inheritdoc IRegistry
    function applyAsProvider(string calldata name, string calldata metadataURI) external returns (uint256 providerId) {
        providerId = _createProvider(msg.sender, ProviderStatus.Pending, name, metadataURI);
        emit ProviderApplied(providerId, msg.sender, name, metadataURI);
    }

    /// @inheritdoc IRegistry
    function addProvider(
        address owner,
        string calldata name,
        string calldata metadataURI
    ) external onlyRole(CURATOR_ROLE) returns (uint256 providerId) {
        if (owner == address(0)) revert RegistryZeroAddress();
        providerId = _createProvider(owner, ProviderStatus.Active, name, metadataURI);
        emit ProviderAdded(providerId, owner, msg.sender, name, metadataURI);
    }

    /// @inheritdoc IRegistry
    function approveProvider(uint256 providerId) external onlyRole(CURATOR_ROLE) {
        _transitionProvider(providerId, ProviderStatus.Pending, ProviderStatus.Active);
        emit ProviderApproved(providerId, msg.sender);
    }

    /// @inheritdoc IRegistry
    function rejectProvider(uint256 providerId, uint16 reason) external onlyRole(CURATOR_ROLE) {
        Provider storage provider = _transitionProvider(providerId, ProviderStatus.Pending, ProviderStatus.Rejected);
        _unsetDefault(providerId, provider);
        emit ProviderRejected(providerId, msg.sender, reason);
    }

    /// @inheritdoc IRegistry
    function suspendProvider(uint256 providerId, uint16 reason) external onlyRole(CURATOR_ROLE) {
        _transitionProvider(providerId, ProviderStatus.Active, ProviderStatus.Suspended);
        emit ProviderSuspended(providerId, msg.sender, reason);
    }

    /// @inheritdoc IRegistry
    function reinstateProvider(uint256 providerId) external onlyRole(CURATOR_ROLE) {
        _transitionProvider(providerId, ProviderStatus.Suspended, ProviderStatus.Active);
        emit ProviderReinstated(providerId, msg.sender);
    }

    /// @inheritdoc IRegistry
    function setDefaultProvider(uint256 providerId, bool isDefault) external onlyRole(CURATOR_ROLE) {
        Provider storage provider = _liveProvider(providerId);
        if (isDefault) {
            if (!_defaultProviders.add(providerId)) return;
            provider.isDefault = true;
            emit ProviderDefaultSet(providerId, true);
        } else {
            _unsetDefault(providerId, provider);
        }
    }

    /// @inheritdoc IRegistry
    function retireProvider(uint256 providerId) external {
        Provider storage provider = _liveProvider(providerId);
        _checkProviderOwner(providerId, provider);
        provider.status = ProviderStatus.Retired;
        _unsetDefault(providerId, provider);
        emit ProviderRetired(providerId);
    }

    /// @inheritdoc IRegistry
    function updateProviderMetadata(uint256 providerId, string calldata name, string calldata metadataURI) external {
        Provider storage provider = _liveProvider(providerId);
        _checkProviderOwner(providerId, provider);
        _checkMetadata(name, metadataURI);
        provider.name = name;
        provider.metadataURI = metadataURI;
        emit ProviderMetadataUpdated(providerId, name, metadataURI);
    }

    /// @inheritdoc IRegistry
    function setProviderOperator(uint256 providerId, address operator, bool enabled) external {
        Provider storage provider = _existingProvider(providerId);
        _checkProviderOwner(providerId, provider);
        if (operator == address(0)) revert RegistryZeroAddress();
        EnumerableSet.AddressSet storage operators = _operatorSet(providerId, provider);
        bool changed = enabled ? operators.add(operator) : operators.remove(operator);
        if (changed) emit ProviderOperatorSet(providerId, operator, enabled);
    }

    /// @inheritdoc IRegistry
    function transferProviderOwnership(uint256 providerId, address newOwner) external {
        Provider storage provider = _existingProvider(providerId);
        _checkProviderOwner(providerId, provider);
        provider.pendingOwner = newOwner;
        emit ProviderOwnershipTransferStarted(providerId, provider.owner, newOwner);
    }

    /// @inheritdoc IRegistry
    function acceptProviderOwnership(uint256 providerId) external {
        Provider storage provider = _existingProvider(providerId);
        if (provider.pendingOwner != msg.sender) revert RegistryNotPendingOwner(providerId, msg.sender);
        address previousOwner = provider.owner;
        provider.owner = msg.sender;
        // The new owner starts with no operator. One epoch per accepted transfer, each its own
        // transaction: 2^48 of them cannot happen.
        ++provider.operatorEpoch;
        delete provider.pendingOwner;
        emit ProviderOwnershipTransferred(providerId, previousOwner, msg.sender);
        emit ProviderOperatorsCleared(providerId);
    }

    // ---------------------------------------------------------------- nodes

    /// @inheritdoc IRegistry
    function registerNode(NodeConsent calldata consent, bytes calldata signature) external {
        uint256 providerId = consent.providerId;
        Provider storage provider = _existingProvider(providerId);
        _checkProviderManager(providerId, provider);
        if (provider.status != ProviderStatus.Active) {
            revert RegistryProviderStatusInvalid(providerId, provider.status);
        }
        address node = consent.node;
        if (node == address(0)) revert RegistryZeroAddress();
        if (consent.service == bytes32(0)) revert RegistryZeroService();
        _checkDeadline(consent.deadline);

        Node storage record = _nodes[node];
        if (record.status == NodeStatus.Active || record.status == NodeStatus.Suspended) {
            revert RegistryNodeAlreadyRegistered(node, record.providerId);
        }
        uint64 nonce = record.nonce;
        if (consent.nonce != nonce) revert RegistryInvalidNonce(node, consent.nonce, nonce);
        _checkNodeSignature(node, hashNodeConsent(consent), signature);

        uint32 index = provider.nodeCount;
        _providerNodes[providerId][index] = node;
        provider.nodeCount = index + 1;
        _nodes[node] = Node({
            // Provider ids are assigned one per transaction from 1; 2^64 of them cannot exist.
            providerId: uint64(providerId),
            status: NodeStatus.Active,
            nonce: nonce + 1,
            registeredAt: Time.timestamp(),
            index: index,
            serviceIndex: _internService(consent.service)
        });
        emit NodeRegistered(node, providerId, consent.service, nonce);
    }

    /// @inheritdoc IRegistry
    function retireNode(address node) external {
        Node storage record = _knownNode(node);
        _checkNodeManager(node, record);
        _retireNode(node, record, msg.sender);
    }

    /// @inheritdoc IRegistry
    function retireNodeWithSignature(address node, uint256 deadline, bytes calldata signature) external {
        _checkDeadline(deadline);
        Node storage record = _knownNode(node);
        uint64 nonce = record.nonce;
        _checkNodeSignature(node, hashNodeRetirement(node, nonce, deadline), signature);
        record.nonce = nonce + 1;
        // The node key retired itself; whoever relayed the signature is not recorded.
        _retireNode(node, record, node);
    }

    /// @inheritdoc IRegistry
    function suspendNode(address node, uint16 reason) external onlyRole(CURATOR_ROLE) {
        _transitionNode(node, NodeStatus.Active, NodeStatus.Suspended);
        emit NodeSuspended(node, msg.sender, reason);
    }

    /// @inheritdoc IRegistry
    function reinstateNode(address node) external onlyRole(CURATOR_ROLE) {
        _transitionNode(node, NodeStatus.Suspended, NodeStatus.Active);
        emit NodeReinstated(node, msg.sender);
    }

    /// @inheritdoc IRegistry
    function setNodeBootstrap(address node, string[] calldata multiaddrs) external {
        Node storage record = _knownNode(node);
        if (record.status != NodeStatus.Active) revert RegistryNodeStatusInvalid(node, record.status);
        _checkNodeManager(node, record);
        if (multiaddrs.length != 0) _checkNotRetired(record.providerId);
        if (multiaddrs.length > MAX_BOOTSTRAP_ADDRS) {
            revert RegistryTooManyBootstrapAddrs(multiaddrs.length, MAX_BOOTSTRAP_ADDRS);
        }
        string[] storage stored = _bootstrapAddrs[node];
        delete _bootstrapAddrs[node];
        for (uint256 i = 0; i < multiaddrs.length; ++i) {
            uint256 length = bytes(multiaddrs[i]).length;
            if (length == 0 || length > MAX_MULTIADDR_LENGTH) {
                revert RegistryInvalidMultiaddr(i, length);
            }
            stored.push(multiaddrs[i]);
        }
        uint32 serviceIndex = record.serviceIndex;
        if (multiaddrs.length == 0) {
            _bootstrapNodes[serviceIndex].remove(node);
        } else {
            _bootstrapNodes[serviceIndex].add(node);
        }
        emit NodeBootstrapSet(node, _services[serviceIndex - 1], multiaddrs);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IRegistry
    function verifyNodes(
        address[] calldata nodes,
        bytes32 service,
        uint256[] calldata trustedProviders
    ) external view returns (NodeVerification[] memory results) {
        results = new NodeVerification[](nodes.length);
        // Zero when no node ever served `service`: then no node matches it.
        uint32 serviceIndex = _serviceIndexes[service];
        for (uint256 i = 0; i < nodes.length; ++i) {
            results[i] = _verifyNode(nodes[i], serviceIndex, trustedProviders);
        }
    }

    /// @inheritdoc IRegistry
    function getProvider(uint256 providerId) external view returns (ProviderInfo memory info) {
        _existingProvider(providerId);
        return _providerInfo(providerId);
    }

    /// @inheritdoc IRegistry
    function getNode(address node) external view returns (NodeInfo memory info) {
        return _nodeInfo(node);
    }

    /// @inheritdoc IRegistry
    function providerCount() external view returns (uint256 count) {
        return _providerCount;
    }

    /// @inheritdoc IRegistry
    function getProviders(
        uint256 offset,
        uint256 limit
    ) external view returns (ProviderInfo[] memory page, uint256 total) {
        total = _providerCount;
        (uint256 start, uint256 end) = _pageBounds(offset, limit, total);
        page = new ProviderInfo[](end - start);
        for (uint256 i = start; i < end; ++i) {
            page[i - start] = _providerInfo(i + 1);
        }
    }

    /// @inheritdoc IRegistry
    function getProviderNodes(
        uint256 providerId,
        uint256 offset,
        uint256 limit
    ) external view returns (NodeInfo[] memory page, uint256 total) {
        total = _existingProvider(providerId).nodeCount;
        (uint256 start, uint256 end) = _pageBounds(offset, limit, total);
        page = new NodeInfo[](end - start);
        for (uint256 i = start; i < end; ++i) {
            page[i - start] = _nodeInfo(_providerNodes[providerId][i]);
        }
    }

    /// @inheritdoc IRegistry
    function getDefaultProviders(
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory page, uint256 total) {
        total = _defaultProviders.length();
        (uint256 start, uint256 end) = _pageBounds(offset, limit, total);
        page = new uint256[](end - start);
        for (uint256 i = start; i < end; ++i) {
            page[i - start] = _defaultProviders.at(i);
        }
    }

    /// @inheritdoc IRegistry
    function getProviderOperators(
        uint256 providerId,
        uint256 offset,
        uint256 limit
    ) external view returns (address[] memory page, uint256 total) {
        EnumerableSet.AddressSet storage operators = _operatorSet(providerId, _existingProvider(providerId));
        total = operators.length();
        (uint256 start, uint256 end) = _pageBounds(offset, limit, total);
        page = new address[](end - start);
        for (uint256 i = start; i < end; ++i) {
            page[i - start] = operators.at(i);
        }
    }

    /// @inheritdoc IRegistry
    function isProviderOperator(uint256 providerId, address account) external view returns (bool) {
        return _operatorSet(providerId, _providers[providerId]).contains(account);
    }

    /// @inheritdoc IRegistry
    function getBootstrapRecords(
        bytes32 service,
        uint256 offset,
        uint256 limit
    ) external view returns (BootstrapRecord[] memory page, uint256 total) {
        EnumerableSet.AddressSet storage published = _bootstrapNodes[_serviceIndexes[service]];
        total = published.length();
        if (limit > MAX_BOOTSTRAP_PAGE_SIZE) limit = MAX_BOOTSTRAP_PAGE_SIZE;
        (uint256 start, uint256 end) = _pageBounds(offset, limit, total);
        uint256 usable = 0;
        for (uint256 i = start; i < end; ++i) {
            if (_isServing(published.at(i))) ++usable;
        }
        page = new BootstrapRecord[](usable);
        uint256 filled = 0;
        for (uint256 i = start; i < end; ++i) {
            address node = published.at(i);
            if (!_isServing(node)) continue;
            page[filled++] = BootstrapRecord({
                node: node,
                providerId: _nodes[node].providerId,
                multiaddrs: _bootstrapAddrs[node]
            });
        }
    }

    /// @inheritdoc IRegistry
    function hashNodeConsent(NodeConsent calldata consent) public view returns (bytes32 digest) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        NODE_CONSENT_TYPEHASH,
                        consent.node,
                        consent.providerId,
                        consent.service,
                        consent.nonce,
                        consent.deadline
                    )
                )
            );
    }

    /// @inheritdoc IRegistry
    function hashNodeRetirement(address node, uint256 nonce, uint256 deadline) public view returns (bytes32 digest) {
        return _hashTypedDataV4(keccak256(abi.encode(NODE_RETIREMENT_TYPEHASH, node, nonce, deadline)));
    }

    /// @notice ERC-165: also answers for `IRegistry`.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- internal: providers

    function _createProvider(
        address owner,
        ProviderStatus status,
        string calldata name,
        string calldata metadataURI
    ) private returns (uint256 providerId) {
        _checkMetadata(name, metadataURI);
        providerId = ++_providerCount;
        Provider storage provider = _providers[providerId];
        provider.owner = owner;
        provider.status = status;
        provider.createdAt = Time.timestamp();
        provider.name = name;
        provider.metadataURI = metadataURI;
    }

    function _transitionProvider(
        uint256 providerId,
        ProviderStatus from,
        ProviderStatus to
    ) private returns (Provider storage provider) {
        provider = _existingProvider(providerId);
        if (provider.status != from) revert RegistryProviderStatusInvalid(providerId, provider.status);
        provider.status = to;
    }

    function _unsetDefault(uint256 providerId, Provider storage provider) private {
        if (!provider.isDefault) return;
        provider.isDefault = false;
        _defaultProviders.remove(providerId);
        emit ProviderDefaultSet(providerId, false);
    }

    function _existingProvider(uint256 providerId) private view returns (Provider storage provider) {
        provider = _providers[providerId];
        if (provider.status == ProviderStatus.None) revert RegistryUnknownProvider(providerId);
    }

    /// @dev A provider that is neither rejected nor retired.
    function _liveProvider(uint256 providerId) private view returns (Provider storage provider) {
        provider = _existingProvider(providerId);
        ProviderStatus status = provider.status;
        if (status == ProviderStatus.Rejected || status == ProviderStatus.Retired) {
            revert RegistryProviderStatusInvalid(providerId, status);
        }
    }

    function _checkProviderOwner(uint256 providerId, Provider storage provider) private view {
        if (msg.sender != provider.owner) revert RegistryNotProviderOwner(providerId, msg.sender);
    }

    function _checkProviderManager(uint256 providerId, Provider storage provider) private view {
        if (!_isProviderManager(providerId, provider)) revert RegistryNotProviderManager(providerId, msg.sender);
    }

    /// @dev The caller is the provider's owner or one of the current owner's operators.
    function _isProviderManager(uint256 providerId, Provider storage provider) private view returns (bool) {
        return msg.sender == provider.owner || _operatorSet(providerId, provider).contains(msg.sender);
    }

    /// @dev The operators of the provider's current owner.
    function _operatorSet(
        uint256 providerId,
        Provider storage provider
    ) private view returns (EnumerableSet.AddressSet storage) {
        return _operators[providerId][provider.operatorEpoch];
    }

    /// @dev A retired provider never serves again: its nodes may withdraw bootstrap records, which
    /// every reader of `getBootstrapRecords` would otherwise scan, but not publish new ones.
    function _checkNotRetired(uint256 providerId) private view {
        ProviderStatus status = _providers[providerId].status;
        if (status == ProviderStatus.Retired) revert RegistryProviderStatusInvalid(providerId, status);
    }

    function _checkMetadata(string calldata name, string calldata metadataURI) private pure {
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0 || nameLength > MAX_NAME_LENGTH) revert RegistryInvalidName(nameLength);
        uint256 uriLength = bytes(metadataURI).length;
        if (uriLength > MAX_URI_LENGTH) revert RegistryInvalidMetadataURI(uriLength);
    }

    function _providerInfo(uint256 providerId) private view returns (ProviderInfo memory) {
        Provider storage provider = _providers[providerId];
        return
            ProviderInfo({
                id: providerId,
                owner: provider.owner,
                pendingOwner: provider.pendingOwner,
                status: provider.status,
                isDefault: provider.isDefault,
                nodeCount: provider.nodeCount,
                createdAt: provider.createdAt,
                name: provider.name,
                metadataURI: provider.metadataURI
            });
    }

    // ---------------------------------------------------------------- internal: nodes

    function _retireNode(address node, Node storage record, address by) private {
        if (record.status != NodeStatus.Active) revert RegistryNodeStatusInvalid(node, record.status);
        uint256 providerId = record.providerId;
        _detachFromProvider(providerId, record.index);
        record.status = NodeStatus.Retired;
        uint32 serviceIndex = record.serviceIndex;
        if (_bootstrapNodes[serviceIndex].remove(node)) {
            delete _bootstrapAddrs[node];
            emit NodeBootstrapSet(node, _services[serviceIndex - 1], new string[](0));
        }
        emit NodeRetired(node, providerId, by);
    }

    /// @dev Swap-and-pop removal from the provider's node list, keeping indexes dense.
    function _detachFromProvider(uint256 providerId, uint32 index) private {
        Provider storage provider = _providers[providerId];
        mapping(uint256 => address) storage list = _providerNodes[providerId];
        // A bound node is counted in nodeCount, so nodeCount >= 1 here.
        uint32 last = provider.nodeCount - 1;
        if (index != last) {
            address moved = list[last];
            list[index] = moved;
            _nodes[moved].index = index;
        }
        delete list[last];
        provider.nodeCount = last;
    }

    /// @dev The index (plus one) of a service in `_services`, adding it on first use.
    function _internService(bytes32 service) private returns (uint32 serviceIndex) {
        serviceIndex = _serviceIndexes[service];
        if (serviceIndex != 0) return serviceIndex;
        _services.push(service);
        // One entry per distinct service ever registered; 2^32 of them would not fit in any chain's storage budget.
        serviceIndex = uint32(_services.length);
        _serviceIndexes[service] = serviceIndex;
    }

    function _transitionNode(address node, NodeStatus from, NodeStatus to) private {
        Node storage record = _knownNode(node);
        if (record.status != from) revert RegistryNodeStatusInvalid(node, record.status);
        record.status = to;
    }

    function _knownNode(address node) private view returns (Node storage record) {
        record = _nodes[node];
        if (record.status == NodeStatus.None) revert RegistryUnknownNode(node);
    }

    /// @dev The node key itself, or the owner or an operator of the node's provider.
    function _checkNodeManager(address node, Node storage record) private view {
        if (msg.sender == node) return;
        uint256 providerId = record.providerId;
        if (!_isProviderManager(providerId, _providers[providerId])) revert RegistryNotNodeManager(node, msg.sender);
    }

    function _checkDeadline(uint256 deadline) private view {
        if (block.timestamp > deadline) revert RegistrySignatureExpired(deadline, block.timestamp);
    }

    function _checkNodeSignature(address node, bytes32 digest, bytes calldata signature) private pure {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(digest, signature);
        if (error != ECDSA.RecoverError.NoError || signer != node) revert RegistryInvalidSignature(node, signer);
    }

    function _verifyNode(
        address node,
        uint32 serviceIndex,
        uint256[] calldata trustedProviders
    ) private view returns (NodeVerification memory) {
        Node storage record = _nodes[node];
        NodeStatus status = record.status;
        uint256 providerId = record.providerId;
        if (status == NodeStatus.None) return NodeVerification(false, 0, Verdict.NodeUnknown);
        if (status == NodeStatus.Suspended) return NodeVerification(false, providerId, Verdict.NodeSuspended);
        if (status == NodeStatus.Retired) return NodeVerification(false, providerId, Verdict.NodeRetired);
        if (record.serviceIndex != serviceIndex) return NodeVerification(false, providerId, Verdict.WrongService);
        Provider storage provider = _providers[providerId];
        if (provider.status != ProviderStatus.Active) {
            return NodeVerification(false, providerId, Verdict.ProviderNotActive);
        }
        if (!_isTrusted(providerId, provider.isDefault, trustedProviders)) {
            return NodeVerification(false, providerId, Verdict.ProviderNotTrusted);
        }
        return NodeVerification(true, providerId, Verdict.Trusted);
    }

    function _isTrusted(
        uint256 providerId,
        bool isDefault,
        uint256[] calldata trustedProviders
    ) private pure returns (bool) {
        if (trustedProviders.length == 0) return isDefault;
        for (uint256 i = 0; i < trustedProviders.length; ++i) {
            if (trustedProviders[i] == providerId) return true;
        }
        return false;
    }

    /// @dev An Active node under an Active provider.
    function _isServing(address node) private view returns (bool) {
        Node storage record = _nodes[node];
        return record.status == NodeStatus.Active && _providers[record.providerId].status == ProviderStatus.Active;
    }

    function _nodeInfo(address node) private view returns (NodeInfo memory) {
        Node storage record = _nodes[node];
        return
            NodeInfo({
                node: record.status == NodeStatus.None ? address(0) : node,
                providerId: record.providerId,
                status: record.status,
                service: record.serviceIndex == 0 ? bytes32(0) : _services[record.serviceIndex - 1],
                nonce: record.nonce,
                registeredAt: record.registeredAt
            });
    }

    function _pageBounds(
        uint256 offset,
        uint256 limit,
        uint256 total
    ) private pure returns (uint256 start, uint256 end) {
        if (offset >= total) return (total, total);
        if (limit > MAX_PAGE_SIZE) limit = MAX_PAGE_SIZE;
        start = offset;
        end = limit > total - offset ? total : offset + limit;
    }
}
