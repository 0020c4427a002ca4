// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Waymark registry of curated providers and their server nodes
/// @notice Curators admit providers; providers register server nodes with each node's own EIP-712
/// consent; clients verify discovered nodes against the registry in one call.
/// @dev A node is keyed by its node address: the Ethereum address of its secp256k1 libp2p key.
/// A service is a `bytes32` id, by convention the right-padded ASCII of a short name such as
/// `mail/1`. Every state change emits an event so that the registry can be indexed.
/// Each function's developer note lists the errors it can revert with, in the order they are checked (the
/// first failing check decides), and the events it emits, in order. Curator-only functions check the
/// caller first, with OpenZeppelin's `IAccessControl.AccessControlUnauthorizedAccount(account, neededRole)`.
/// Failures no caller can meet are not listed: calldata that does not decode, and timestamps past
/// 2^48 seconds.
interface IRegistry {
    /// @notice Lifecycle of a provider. `None` means the id was never assigned.
    enum ProviderStatus {
        None,
        Pending,
        Active,
        Suspended,
        Rejected,
        Retired
    }

    /// @notice Lifecycle of a node. `None` means the node was never registered.
    enum NodeStatus {
        None,
        Active,
        Suspended,
        Retired
    }

    /// @notice Why `verifyNodes` did not trust a node. `Trusted` means it did.
    enum Verdict {
        Trusted,
        NodeUnknown,
        NodeSuspended,
        NodeRetired,
        WrongService,
        ProviderNotActive,
        ProviderNotTrusted
    }

    /// @notice A provider as returned by the views.
    /// @param id Provider id, assigned sequentially from 1.
    /// @param owner Account that manages the provider.
    /// @param pendingOwner Account that may accept ownership, or zero.
    /// @param status Lifecycle status.
    /// @param isDefault Whether clients that chose no providers trust this one.
    /// @param nodeCount Number of nodes currently bound to the provider (active or suspended).
    /// @param createdAt Block timestamp of the application or direct admission.
    /// @param name Display name.
    /// @param metadataURI Where the provider describes itself (website, terms, contact).
    struct ProviderInfo {
        uint256 id;
        address owner;
        address pendingOwner;
        ProviderStatus status;
        bool isDefault;
        uint32 nodeCount;
        uint48 createdAt;
        string name;
        string metadataURI;
    }

    /// @notice A node as returned by the views.
    /// @param node Node address.
    /// @param providerId Provider the node is bound to (kept after retirement for history).
    /// @param status Lifecycle status.
    /// @param service Service the node serves.
    /// @param nonce Next consent nonce the node key must sign.
    /// @param registeredAt Block timestamp of the last registration.
    struct NodeInfo {
        address node;
        uint256 providerId;
        NodeStatus status;
        bytes32 service;
        uint64 nonce;
        uint48 registeredAt;
    }

    /// @notice The consent a node key signs (EIP-712) so that a provider may register it.
    /// @param node Node address (the signer).
    /// @param providerId Provider that may register the node.
    /// @param service Service the node will serve.
    /// @param nonce The node's current nonce (`getNode(node).nonce`).
    /// @param deadline Last block timestamp at which the consent is valid.
    struct NodeConsent {
        address node;
        uint256 providerId;
        bytes32 service;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice One `verifyNodes` answer.
    /// @param trusted True when the node may be used under the given policy.
    /// @param providerId Provider the node is bound to, or zero when unknown.
    /// @param verdict `Trusted`, or the first reason the node is not trusted.
    struct NodeVerification {
        bool trusted;
        uint256 providerId;
        Verdict verdict;
    }

    /// @notice A node's published bootstrap addresses.
    /// @param node Node address.
    /// @param providerId Provider of the node.
    /// @param multiaddrs libp2p multiaddrs, each ending in `/p2p/<peer id>`.
    struct BootstrapRecord {
        address node;
        uint256 providerId;
        string[] multiaddrs;
    }

    // ---------------------------------------------------------------- errors

    /// @notice No provider has this id.
    /// @dev Raised by every function that acts on or reads one provider, except `isProviderOperator`.
    /// @param providerId The id asked for: zero or greater than `providerCount()`.
    error RegistryUnknownProvider(uint256 providerId);

    /// @notice The provider is not in the status the operation needs.
    /// @param providerId The provider.
    /// @param status Its current status.
    error RegistryProviderStatusInvalid(uint256 providerId, ProviderStatus status);

    /// @notice The caller is not the provider's owner.
    /// @param providerId The provider.
    /// @param account The caller.
    error RegistryNotProviderOwner(uint256 providerId, address account);

    /// @notice The caller is neither the provider's owner nor one of the current owner's operators.
    /// @param providerId The provider.
    /// @param account The caller.
    error RegistryNotProviderManager(uint256 providerId, address account);

    /// @notice The caller is not the provider's pending owner.
    /// @dev Also raised when no transfer is pending (the pending owner is zero).
    /// @param providerId The provider.
    /// @param account The caller.
    error RegistryNotPendingOwner(uint256 providerId, address account);

    /// @notice A zero address was given where an account is required.
    /// @dev Raised for a provider owner (`addProvider`), an operator (`setProviderOperator`) and a
    /// consent's node (`registerNode`).
    error RegistryZeroAddress();

    /// @notice A provider name must be 1 to `MAX_NAME_LENGTH` (64) bytes.
    /// @param length The given name's length, in bytes (of its UTF-8 encoding, not characters).
    error RegistryInvalidName(uint256 length);

    /// @notice A metadata URI must be at most `MAX_URI_LENGTH` (256) bytes; it may be empty.
    /// @param length The given URI's length, in bytes.
    error RegistryInvalidMetadataURI(uint256 length);

    /// @notice The node was never registered.
    /// @param node The node address asked for.
    error RegistryUnknownNode(address node);

    /// @notice The node is already bound to a provider (Active or Suspended); it must be retired
    /// before it can be registered again.
    /// @param node The node address.
    /// @param providerId The provider it is bound to.
    error RegistryNodeAlreadyRegistered(address node, uint256 providerId);

    /// @notice The node is not in the status the operation needs.
    /// @param node The node address.
    /// @param status Its current status.
    error RegistryNodeStatusInvalid(address node, NodeStatus status);

    /// @notice The caller may not act for this node: it is neither the node key nor the owner or an
    /// operator of the node's provider.
    /// @param node The node address.
    /// @param account The caller.
    error RegistryNotNodeManager(address node, address account);

    /// @notice A service id must not be zero.
    error RegistryZeroService();

    /// @notice The signed consent or retirement's deadline has passed.
    /// @dev A signature is still valid in a block whose timestamp equals its deadline.
    /// @param deadline The signature's deadline, a Unix timestamp in seconds.
    /// @param timestamp The current block's timestamp, in seconds.
    error RegistrySignatureExpired(uint256 deadline, uint256 timestamp);

    /// @notice The consent's nonce is not the node's current nonce.
    /// @param node The node address.
    /// @param nonce The nonce in the consent.
    /// @param expected The node's current nonce (`getNode(node).nonce`).
    error RegistryInvalidNonce(address node, uint256 nonce, uint256 expected);

    /// @notice The signature was not made by the node key over this message, chain and registry.
    /// @param node The node address, which should have signed.
    /// @param signer The address recovered from the signature, or zero when the signature is malformed
    /// (not 65 bytes, a high `s` value, or unrecoverable).
    error RegistryInvalidSignature(address node, address signer);

    /// @notice More bootstrap addresses than `MAX_BOOTSTRAP_ADDRS`.
    /// @param count The number of addresses given.
    /// @param max The most allowed, `MAX_BOOTSTRAP_ADDRS` (4).
    error RegistryTooManyBootstrapAddrs(uint256 count, uint256 max);

    /// @notice A bootstrap address is empty or longer than `MAX_MULTIADDR_LENGTH` (256) bytes.
    /// @param index The offending address's position in the given list, from 0.
    /// @param length Its length, in bytes.
    error RegistryInvalidMultiaddr(uint256 index, uint256 length);

    // ---------------------------------------------------------------- events

    /// @notice Someone applied to become a provider; the provider is Pending.
    /// @param providerId The new provider's id.
    /// @param owner The applicant, who owns the provider.
    /// @param name Display name.
    /// @param metadataURI Where the provider describes itself (may be empty).
    event ProviderApplied(uint256 indexed providerId, address indexed owner, string name, string metadataURI);

    /// @notice A curator admitted a provider directly; the provider is Active.
    /// @param providerId The new provider's id.
    /// @param owner The account that owns the provider.
    /// @param curator The curator who admitted it.
    /// @param name Display name.
    /// @param metadataURI Where the provider describes itself (may be empty).
    event ProviderAdded(
        uint256 indexed providerId,
        address indexed owner,
        address indexed curator,
        string name,
        string metadataURI
    );

    /// @notice A curator approved a pending application; the provider is Active.
    /// @param providerId The provider.
    /// @param curator The curator who approved it.
    event ProviderApproved(uint256 indexed providerId, address indexed curator);

    /// @notice A curator rejected a pending application; the provider is Rejected for good.
    /// @param providerId The provider.
    /// @param curator The curator who rejected it.
    /// @param reason Reason code given by the curator (0 unspecified; see the README).
    event ProviderRejected(uint256 indexed providerId, address indexed curator, uint16 reason);

    /// @notice A curator suspended an active provider; its nodes stop verifying.
    /// @param providerId The provider.
    /// @param curator The curator who suspended it.
    /// @param reason Reason code given by the curator (0 unspecified; see the README).
    event ProviderSuspended(uint256 indexed providerId, address indexed curator, uint16 reason);

    /// @notice A curator reinstated a suspended provider; the provider is Active.
    /// @param providerId The provider.
    /// @param curator The curator who reinstated it.
    event ProviderReinstated(uint256 indexed providerId, address indexed curator);

    /// @notice A provider was marked or unmarked as default.
    /// @dev Emitted by `setDefaultProvider` only when the mark changes, and with `isDefault` false by
    /// `rejectProvider` and `retireProvider` when they remove a mark.
    /// @param providerId The provider.
    /// @param isDefault Whether clients that chose no providers now trust it.
    event ProviderDefaultSet(uint256 indexed providerId, bool isDefault);

    /// @notice The owner retired the provider; it can never become active again.
    /// @param providerId The provider.
    event ProviderRetired(uint256 indexed providerId);

    /// @notice The owner set the provider's name and metadata URI (emitted even when unchanged).
    /// @param providerId The provider.
    /// @param name The new display name.
    /// @param metadataURI The new metadata URI (may be empty).
    event ProviderMetadataUpdated(uint256 indexed providerId, string name, string metadataURI);

    /// @notice The owner appointed or removed an operator (emitted only when the set changes).
    /// @param providerId The provider.
    /// @param operator The operator account.
    /// @param enabled True when appointed, false when removed.
    event ProviderOperatorSet(uint256 indexed providerId, address indexed operator, bool enabled);

    /// @notice The owner proposed a new owner; it takes effect when accepted.
    /// @param providerId The provider.
    /// @param previousOwner The current owner, who proposed the transfer.
    /// @param newOwner The proposed owner, or zero when a pending transfer was cancelled.
    event ProviderOwnershipTransferStarted(
        uint256 indexed providerId,
        address indexed previousOwner,
        address indexed newOwner
    );

    /// @notice Ownership of the provider changed. `ProviderOperatorsCleared` follows.
    /// @param providerId The provider.
    /// @param previousOwner The owner before the transfer.
    /// @param newOwner The new owner, who accepted the transfer.
    event ProviderOwnershipTransferred(
        uint256 indexed providerId,
        address indexed previousOwner,
        address indexed newOwner
    );

    /// @notice Every operator of the provider was removed, because ownership changed hands: the new
    /// owner starts with none, and the previous owner's operators can no longer act for the provider.
    /// @dev No `ProviderOperatorSet` is emitted for the operators removed this way.
    /// @param providerId The provider.
    event ProviderOperatorsCleared(uint256 indexed providerId);

    /// @notice A node was registered under a provider with its consent; the node is Active.
    /// @param node The node address.
    /// @param providerId The provider it is now bound to.
    /// @param service The service it serves.
    /// @param nonce The consent nonce consumed; the node's nonce is now `nonce + 1`.
    event NodeRegistered(address indexed node, uint256 indexed providerId, bytes32 indexed service, uint256 nonce);

    /// @notice A node was retired by its provider or by its own key; it is no longer bound and may be
    /// registered again.
    /// @param node The node address.
    /// @param providerId The provider it was bound to.
    /// @param by The caller of `retireNode` (node key, provider owner or operator), or the node address
    /// itself for `retireNodeWithSignature` (whoever relayed the signature is not recorded).
    event NodeRetired(address indexed node, uint256 indexed providerId, address indexed by);

    /// @notice A curator suspended a node; it stops verifying.
    /// @param node The node address.
    /// @param curator The curator who suspended it.
    /// @param reason Reason code given by the curator (0 unspecified; see the README).
    event NodeSuspended(address indexed node, address indexed curator, uint16 reason);

    /// @notice A curator reinstated a suspended node; the node is Active.
    /// @param node The node address.
    /// @param curator The curator who reinstated it.
    event NodeReinstated(address indexed node, address indexed curator);

    /// @notice A node's bootstrap addresses were set (an empty list removes them).
    /// @dev Emitted by `setNodeBootstrap` (every call, even one that changes nothing), and with an empty
    /// list when a node that had published addresses is retired.
    /// @param node The node address.
    /// @param service The node's service, under which the addresses are listed.
    /// @param multiaddrs The published multiaddrs, in the order given; empty when removed.
    event NodeBootstrapSet(address indexed node, bytes32 indexed service, string[] multiaddrs);

    // ---------------------------------------------------------------- providers

    /// @notice Applies to become a provider, owned by the caller. The provider is Pending until a
    /// curator approves or rejects it. Open to any account.
    /// @dev Reverts, in the order checked, with:
    /// - `RegistryInvalidName(length)` when `name` is empty or longer than `MAX_NAME_LENGTH`;
    /// - `RegistryInvalidMetadataURI(length)` when `metadataURI` is longer than `MAX_URI_LENGTH`.
    /// Emits `ProviderApplied`.
    /// @param name Display name, 1 to `MAX_NAME_LENGTH` bytes.
    /// @param metadataURI Where the provider describes itself, at most `MAX_URI_LENGTH` bytes.
    /// @return providerId The new provider's id.
    function applyAsProvider(string calldata name, string calldata metadataURI) external returns (uint256 providerId);

    /// @notice Admits a provider directly, Active at once. Curators only.
    /// @dev Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` (OpenZeppelin `IAccessControl`) when
    ///   the caller is not a curator;
    /// - `RegistryZeroAddress` when `owner` is zero;
    /// - `RegistryInvalidName(length)` when `name` is empty or longer than `MAX_NAME_LENGTH`;
    /// - `RegistryInvalidMetadataURI(length)` when `metadataURI` is longer than `MAX_URI_LENGTH`.
    /// Emits `ProviderAdded`.
    /// @param owner Account that will manage the provider.
    /// @param name Display name, 1 to `MAX_NAME_LENGTH` bytes.
    /// @param metadataURI Where the provider describes itself, at most `MAX_URI_LENGTH` bytes.
    /// @return providerId The new provider's id.
    function addProvider(
        address owner,
        string calldata name,
        string calldata metadataURI
    ) external returns (uint256 providerId);

    /// @notice Approves a Pending application. Curators only.
    /// @dev Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` when the caller is not a curator;
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is not Pending.
    /// Emits `ProviderApproved`.
    /// @param providerId The provider to approve.
    function approveProvider(uint256 providerId) external;

    /// @notice Rejects a Pending application for good. Curators only.
    /// @dev Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` when the caller is not a curator;
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is not Pending.
    /// Emits `ProviderDefaultSet(providerId, false)` when the provider was marked default, then
    /// `ProviderRejected`.
    /// @param providerId The provider to reject.
    /// @param reason Reason code recorded in the event (0 unspecified; see the README).
    function rejectProvider(uint256 providerId, uint16 reason) external;

    /// @notice Suspends an Active provider: its nodes stop verifying at once. Curators only.
    /// @dev The provider keeps its nodes and its default mark. Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` when the caller is not a curator;
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is not Active.
    /// Emits `ProviderSuspended`.
    /// @param providerId The provider to suspend.
    /// @param reason Reason code recorded in the event (0 unspecified; see the README).
    function suspendProvider(uint256 providerId, uint16 reason) external;

    /// @notice Reinstates a Suspended provider. Curators only.
    /// @dev Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` when the caller is not a curator;
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is not Suspended.
    /// Emits `ProviderReinstated`.
    /// @param providerId The provider to reinstate.
    function reinstateProvider(uint256 providerId) external;

    /// @notice Marks or unmarks a provider as trusted by default. Curators only.
    /// @dev Only Pending, Active or Suspended providers can be marked; rejecting or retiring unmarks.
    /// Setting the mark it already has does nothing and emits nothing. Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` when the caller is not a curator;
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is Rejected or Retired.
    /// Emits `ProviderDefaultSet` when the mark changes.
    /// @param providerId The provider.
    /// @param isDefault Whether clients that chose no providers trust it.
    function setDefaultProvider(uint256 providerId, bool isDefault) external;

    /// @notice Retires the provider for good. Owner only. Its nodes stop verifying.
    /// @dev Pending, Active and Suspended providers can be retired. Its nodes stay bound (they can
    /// still be retired, and may withdraw but not publish bootstrap addresses). Reverts, in the order
    /// checked, with:
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is Rejected or Retired;
    /// - `RegistryNotProviderOwner(providerId, caller)` when the caller is not the owner.
    /// Emits `ProviderDefaultSet(providerId, false)` when the provider was marked default, then
    /// `ProviderRetired`.
    /// @param providerId The provider to retire.
    function retireProvider(uint256 providerId) external;

    /// @notice Updates the provider's name and metadata URI. Owner only.
    /// @dev Reverts, in the order checked, with:
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is Rejected or Retired;
    /// - `RegistryNotProviderOwner(providerId, caller)` when the caller is not the owner;
    /// - `RegistryInvalidName(length)` when `name` is empty or longer than `MAX_NAME_LENGTH`;
    /// - `RegistryInvalidMetadataURI(length)` when `metadataURI` is longer than `MAX_URI_LENGTH`.
    /// Emits `ProviderMetadataUpdated`, even when nothing changed.
    /// @param providerId The provider.
    /// @param name Display name, 1 to `MAX_NAME_LENGTH` bytes.
    /// @param metadataURI At most `MAX_URI_LENGTH` bytes.
    function updateProviderMetadata(uint256 providerId, string calldata name, string calldata metadataURI) external;

    /// @notice Appoints or removes an operator who may register and retire nodes. Owner only.
    /// @dev Operators act for the owner who appointed them: `acceptProviderOwnership` removes them all.
    /// Works in every provider status. Reverts, in the order checked, with:
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryNotProviderOwner(providerId, caller)` when the caller is not the owner;
    /// - `RegistryZeroAddress` when `operator` is zero.
    /// Emits `ProviderOperatorSet` when the operator set changes; appointing an operator twice or
    /// removing one who is not there emits nothing.
    /// @param providerId The provider.
    /// @param operator The operator account.
    /// @param enabled True to appoint, false to remove.
    function setProviderOperator(uint256 providerId, address operator, bool enabled) external;

    /// @notice Starts a two-step ownership transfer. Owner only. A zero address cancels it.
    /// @dev Replaces any transfer already pending. Works in every provider status. Reverts, in the
    /// order checked, with:
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryNotProviderOwner(providerId, caller)` when the caller is not the owner.
    /// Emits `ProviderOwnershipTransferStarted`, also when cancelling.
    /// @param providerId The provider.
    /// @param newOwner The proposed owner, who must call `acceptProviderOwnership`.
    function transferProviderOwnership(uint256 providerId, address newOwner) external;

    /// @notice Completes a transfer started by `transferProviderOwnership`. Pending owner only.
    /// @dev Removes every operator of the previous owner (`ProviderOperatorsCleared`); the provider's
    /// nodes, status, default mark and bootstrap records stay as they were. Reverts, in the order
    /// checked, with:
    /// - `RegistryUnknownProvider(providerId)` when no provider has this id;
    /// - `RegistryNotPendingOwner(providerId, caller)` when the caller is not the pending owner (or
    ///   no transfer is pending).
    /// Emits `ProviderOwnershipTransferred`, then `ProviderOperatorsCleared`.
    /// @param providerId The provider.
    function acceptProviderOwnership(uint256 providerId) external;

    // ---------------------------------------------------------------- nodes

    /// @notice Registers a node under an Active provider with the node key's EIP-712 consent.
    /// Provider owner or operator only.
    /// @dev A Retired node may be registered again, under any provider, with a consent for its
    /// current nonce. Reverts, in the order checked, with:
    /// - `RegistryUnknownProvider(providerId)` when no provider has `consent.providerId`;
    /// - `RegistryNotProviderManager(providerId, caller)` when the caller is neither the provider's
    ///   owner nor one of its operators;
    /// - `RegistryProviderStatusInvalid(providerId, status)` when the provider is not Active;
    /// - `RegistryZeroAddress` when `consent.node` is zero;
    /// - `RegistryZeroService` when `consent.service` is zero;
    /// - `RegistrySignatureExpired(deadline, timestamp)` when the block timestamp is past `consent.deadline`;
    /// - `RegistryNodeAlreadyRegistered(node, providerId)` when the node is Active or Suspended, with
    ///   the provider it is bound to;
    /// - `RegistryInvalidNonce(node, nonce, expected)` when `consent.nonce` is not the node's nonce;
    /// - `RegistryInvalidSignature(node, signer)` when `signature` is not the node key's over `consent`.
    /// Emits `NodeRegistered`.
    /// @param consent What the node key signed.
    /// @param signature The node key's 65-byte signature over `consent`.
    function registerNode(NodeConsent calldata consent, bytes calldata signature) external;

    /// @notice Retires an Active node, freeing it to be registered again. Callable by the node key,
    /// or by the owner or an operator of the node's provider.
    /// @dev Does not use the node's nonce. Removes the node's bootstrap addresses. Reverts, in the
    /// order checked, with:
    /// - `RegistryUnknownNode(node)` when the node was never registered;
    /// - `RegistryNotNodeManager(node, caller)` when the caller may not act for the node;
    /// - `RegistryNodeStatusInvalid(node, status)` when the node is not Active (a Suspended node
    ///   cannot be retired).
    /// Emits `NodeBootstrapSet(node, service, [])` when the node had published addresses, then
    /// `NodeRetired(node, providerId, caller)`.
    /// @param node The node address.
    function retireNode(address node) external;

    /// @notice Retires an Active node with the node key's EIP-712 signature, so that a node key
    /// without funds can retire itself through any relayer.
    /// @dev Consumes the node's nonce. Removes the node's bootstrap addresses. Reverts, in the order
    /// checked, with:
    /// - `RegistrySignatureExpired(deadline, timestamp)` when the block timestamp is past `deadline`;
    /// - `RegistryUnknownNode(node)` when the node was never registered;
    /// - `RegistryInvalidSignature(node, signer)` when `signature` is not the node key's over
    ///   `hashNodeRetirement(node, nonce, deadline)` for the node's current nonce;
    /// - `RegistryNodeStatusInvalid(node, status)` when the node is not Active.
    /// Emits `NodeBootstrapSet(node, service, [])` when the node had published addresses, then
    /// `NodeRetired(node, providerId, node)`.
    /// @param node The node address.
    /// @param deadline Last block timestamp, in seconds, at which the signature is valid.
    /// @param signature The node key's 65-byte signature over `NodeRetirement(node, nonce, deadline)`.
    function retireNodeWithSignature(address node, uint256 deadline, bytes calldata signature) external;

    /// @notice Suspends an Active node: it stops verifying at once. Curators only.
    /// @dev The node stays bound to its provider, and keeps its bootstrap addresses (which
    /// `getBootstrapRecords` skips). Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` when the caller is not a curator;
    /// - `RegistryUnknownNode(node)` when the node was never registered;
    /// - `RegistryNodeStatusInvalid(node, status)` when the node is not Active.
    /// Emits `NodeSuspended`.
    /// @param node The node address.
    /// @param reason Reason code recorded in the event (0 unspecified; see the README).
    function suspendNode(address node, uint16 reason) external;

    /// @notice Reinstates a Suspended node. Curators only.
    /// @dev Reverts, in the order checked, with:
    /// - `AccessControlUnauthorizedAccount(caller, CURATOR_ROLE)` when the caller is not a curator;
    /// - `RegistryUnknownNode(node)` when the node was never registered;
    /// - `RegistryNodeStatusInvalid(node, status)` when the node is not Suspended.
    /// Emits `NodeReinstated`.
    /// @param node The node address.
    function reinstateNode(address node) external;

    /// @notice Publishes an Active node's bootstrap multiaddrs (an empty list removes them).
    /// Callable by the node key, or by the owner or an operator of the node's provider.
    /// @dev Replaces the addresses published before. The nodes of a Retired provider may only remove
    /// their addresses. Reverts, in the order checked, with:
    /// - `RegistryUnknownNode(node)` when the node was never registered;
    /// - `RegistryNodeStatusInvalid(node, status)` when the node is not Active;
    /// - `RegistryNotNodeManager(node, caller)` when the caller may not act for the node;
    /// - `RegistryProviderStatusInvalid(providerId, Retired)` when `multiaddrs` is not empty and the
    ///   node's provider is Retired;
    /// - `RegistryTooManyBootstrapAddrs(count, MAX_BOOTSTRAP_ADDRS)` when `multiaddrs` is too long;
    /// - `RegistryInvalidMultiaddr(index, length)` for the first address that is empty or longer than
    ///   `MAX_MULTIADDR_LENGTH`.
    /// Emits `NodeBootstrapSet` on every successful call.
    /// @param node The node address.
    /// @param multiaddrs At most `MAX_BOOTSTRAP_ADDRS` addresses of 1 to `MAX_MULTIADDR_LENGTH` bytes.
    function setNodeBootstrap(address node, string[] calldata multiaddrs) external;

    // ---------------------------------------------------------------- views

    /// @notice Verifies many nodes in one call under a trust policy.
    /// @dev A node is trusted when it is Active, serves `service`, and its provider is Active and
    /// trusted: in `trustedProviders`, or default when `trustedProviders` is empty. Cost grows with
    /// `nodes.length * trustedProviders.length`; keep the trusted list short. Never reverts on a node
    /// or provider id: unknown ones get a verdict.
    /// @param nodes Node addresses to verify.
    /// @param service The service the caller wants.
    /// @param trustedProviders Provider ids the caller trusts; empty for the default providers.
    /// @return results One verification per node, in the same order.
    function verifyNodes(
        address[] calldata nodes,
        bytes32 service,
        uint256[] calldata trustedProviders
    ) external view returns (NodeVerification[] memory results);

    /// @notice One provider.
    /// @dev Reverts with `RegistryUnknownProvider(providerId)` when no provider has this id.
    /// @param providerId The provider id.
    /// @return info The provider.
    function getProvider(uint256 providerId) external view returns (ProviderInfo memory info);

    /// @notice One node.
    /// @dev Never reverts.
    /// @param node The node address.
    /// @return info The node; `status` is `None` (and the rest zero) for an unknown node.
    function getNode(address node) external view returns (NodeInfo memory info);

    /// @notice Number of provider ids ever assigned; ids run from 1 to this number.
    /// @return count The number of providers.
    function providerCount() external view returns (uint256 count);

    /// @notice A page of providers in id order.
    /// @dev Never reverts; an `offset` at or past `total` gives an empty page.
    /// @param offset Index of the first provider (0 is provider id 1).
    /// @param limit Maximum page length, clamped to `MAX_PAGE_SIZE`.
    /// @return page The providers.
    /// @return total Number of providers.
    function getProviders(
        uint256 offset,
        uint256 limit
    ) external view returns (ProviderInfo[] memory page, uint256 total);

    /// @notice A page of the nodes bound to a provider (active or suspended).
    /// @dev The order is not stable: retiring a node moves the provider's last node into its place.
    /// Reverts with `RegistryUnknownProvider(providerId)` when no provider has this id.
    /// @param providerId The provider.
    /// @param offset Index of the first node.
    /// @param limit Maximum page length, clamped to `MAX_PAGE_SIZE`.
    /// @return page The nodes.
    /// @return total Number of nodes bound to the provider.
    function getProviderNodes(
        uint256 providerId,
        uint256 offset,
        uint256 limit
    ) external view returns (NodeInfo[] memory page, uint256 total);

    /// @notice A page of the default providers' ids.
    /// @dev Never reverts. The order is not stable: unmarking a provider may reorder the rest.
    /// @param offset Index of the first id.
    /// @param limit Maximum page length, clamped to `MAX_PAGE_SIZE`.
    /// @return page The ids.
    /// @return total Number of default providers.
    function getDefaultProviders(
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory page, uint256 total);

    /// @notice A page of the operators of a provider's current owner.
    /// @dev Reverts with `RegistryUnknownProvider(providerId)` when no provider has this id.
    /// @param providerId The provider.
    /// @param offset Index of the first operator.
    /// @param limit Maximum page length, clamped to `MAX_PAGE_SIZE`.
    /// @return page The operators.
    /// @return total Number of operators.
    function getProviderOperators(
        uint256 providerId,
        uint256 offset,
        uint256 limit
    ) external view returns (address[] memory page, uint256 total);

    /// @notice Whether an account is an operator of a provider's current owner.
    /// @dev Never reverts: false for an unknown provider.
    /// @param providerId The provider.
    /// @param account The account.
    /// @return True when `account` is an operator.
    function isProviderOperator(uint256 providerId, address account) external view returns (bool);

    /// @notice A page of the bootstrap records published for a service.
    /// @dev Scans `limit` published records from `offset` and returns those whose node is Active
    /// under an Active provider, so a page may be shorter than `limit` while more remain. Never
    /// reverts; an unknown service has no records.
    /// @param service The service.
    /// @param offset Index of the first published record.
    /// @param limit Number of published records to scan, clamped to `MAX_BOOTSTRAP_PAGE_SIZE` (64).
    /// @return page The usable records.
    /// @return total Number of published records for the service (usable or not).
    function getBootstrapRecords(
        bytes32 service,
        uint256 offset,
        uint256 limit
    ) external view returns (BootstrapRecord[] memory page, uint256 total);

    /// @notice EIP-712 digest of a node consent, for off-chain signers and checks.
    /// @dev Never reverts; checks nothing about the consent.
    /// @param consent The consent.
    /// @return digest The digest the node key signs.
    function hashNodeConsent(NodeConsent calldata consent) external view returns (bytes32 digest);

    /// @notice EIP-712 digest of a node retirement.
    /// @dev Never reverts; checks nothing about the node.
    /// @param node The node address.
    /// @param nonce The node's current nonce.
    /// @param deadline Last block timestamp, in seconds, at which the signature is valid.
    /// @return digest The digest the node key signs.
    function hashNodeRetirement(address node, uint256 nonce, uint256 deadline) external view returns (bytes32 digest);
}
