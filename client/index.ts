/**
 * The Waymark client library: discover server nodes in the DHT, verify them against the registry
 * under the user's trust policy, select one, fail over, use the mail service; plus the registry
 * bindings curators and providers use.
 *
 * @example
 * ```ts
 * const client = await createWaymarkClient({ rpcUrl, registry });
 * await client.send("/chat/room-1", "hello", { encryptTo: bobPublicKey });
 * for await (const page of client.history({ topics: ["/chat/room-1"] })) console.log(page.messages);
 * await client.stop();
 * ```
 */

// The client
export { createWaymarkClient } from "./clients/createWaymarkClient.js";
export type { WaymarkClient } from "./clients/createWaymarkClient.js";
export { createClient, WaymarkClientContext } from "./clients/createClient.js";
export { createRecordsClient } from "./clients/createRecordsClient.js";
export type { WaymarkRecordsClient } from "./clients/createRecordsClient.js";
export { siblingRecordsActions } from "./clients/decorators/siblingRecords.js";
export type { SiblingRecordsActions } from "./clients/decorators/siblingRecords.js";
export { createRelayClient } from "./clients/createRelayClient.js";
export type { RelayClientOptions, WaymarkRelayClient } from "./clients/createRelayClient.js";
export { MAIL_KEY_RECORD, lookupMailKey, publishMailKey } from "./clients/mailKeyRecord.js";
export type { RegistryStatus } from "./verification/registryHealth.js";
export { coreActions } from "./clients/decorators/core.js";
export type { CoreActions } from "./clients/decorators/core.js";
export { clientDiscovery } from "./selection/clientDiscovery.js";
export type { ClientDiscovery, ClientDiscoveryContext } from "./selection/clientDiscovery.js";
export { CLIENT_DEFAULTS, CLIENT_OPTIONS, resolveClientOptions } from "./options/index.js";
export type {
  ClientTuningInit,
  QuorumRegistryOption,
  ResolvedClientOptions,
  ResolvedQuorum,
  ResolvedQuorumRegistry,
  ResolvedTrustPolicy,
  TrustPolicy,
  WaymarkClientOptions,
} from "./options/index.js";
export { WaymarkEventTarget } from "./events.js";
export type { SelectionReason, WaymarkClientEvents, WaymarkEventListener } from "./events.js";

// Discovery, verification, selection
export { CandidateSet, parseServerAddress, tryNodeAddress } from "./discovery/candidate.js";
export type { Candidate, CandidateSource, ServerAddress } from "./discovery/candidate.js";
export { discover, discoverBatches } from "./discovery/discover.js";
export type {
  DiscoverContext,
  DiscoverParameters,
  DiscoverReturnType,
  EntryPointVerdict,
} from "./discovery/discover.js";
export { usableRecords } from "./discovery/bootstrapRecords.js";
export type { SkippedRecord, UsableRecord, UsableRecordsParameters } from "./discovery/bootstrapRecords.js";
export { MAX_RECORD_ADDRESS_BYTES, MAX_RECORD_ADDRESSES } from "./discovery/constants.js";
export { joinNetwork } from "./discovery/joinNetwork.js";
export type { JoinNetworkParameters } from "./discovery/joinNetwork.js";
export { verifyCandidates } from "./verification/verifyCandidates.js";
export type {
  VerifyCandidatesParameters,
  VerifyCandidatesReturnType,
  VerifyContext,
} from "./verification/verifyCandidates.js";
export type { CandidateVerdict, VerifiedCandidate } from "./verification/types.js";
export { RegistryWatcher, TRUST_EVENTS } from "./kernel/registry/registryWatcher.js";
export type { RegistryWatcherInit, TrustEvent, TrustEventName } from "./kernel/registry/registryWatcher.js";
export { RegistryHealth } from "./verification/registryHealth.js";
export { RegistryConnection, REGISTRY_RETRY } from "./verification/registryConnection.js";
export type { RegistryConnectionInit } from "./verification/registryConnection.js";
export { closeRegistry, openRegistry } from "./verification/openRegistry.js";
export { verifyQuorum } from "./verification/quorum.js";
export type {
  QuorumMember,
  QuorumVerification,
  RegistryVerdict,
  VerifyQuorumParameters,
} from "./verification/quorum.js";
export { QuorumRegistries } from "./verification/quorumRegistries.js";
export type { QuorumRegistriesInit } from "./verification/quorumRegistries.js";
export { chooseAmongFastest } from "./selection/chooseAmongFastest.js";
export type { ChooseAmongFastestParameters } from "./selection/chooseAmongFastest.js";
export { GreyList } from "./selection/greyList.js";
export type { GreyListInit } from "./selection/greyList.js";
export { probeCandidates } from "./selection/probe.js";
export type { ProbeCandidatesParameters, ProbeResult } from "./selection/probe.js";
export { sample } from "./kernel/random/sample.js";
export { ServerPool } from "./selection/serverPool.js";
export type { SelectParameters, Selection, ServerPoolContext } from "./selection/serverPool.js";
export { withFailover } from "./selection/withFailover.js";
export type { ServerOperation, WithFailoverOptions } from "./selection/withFailover.js";

// Mail
export { send } from "./mail/send.js";
export type { SendOptions, SendReturnType } from "./mail/send.js";
export { sendMany } from "./mail/sendMany.js";
export type { SendManyMessage, SendManyOptions, SendManyResult } from "./mail/sendMany.js";
export type { SealOptions } from "./mail/sealEnvelope.js";
export { history } from "./mail/history.js";
export { mailActions } from "./mail/decorator.js";
export type { MailActions } from "./mail/decorator.js";
export type { MailContext } from "./mail/context.js";
export type { HistoryPage, HistoryParameters, MailMessage } from "./mail/history.js";
export {
  decryptPayload,
  encryptPayload,
  encryptUnboundPayload,
  generateMailKeyPair,
  isEncryptedPayload,
  mailKeyFromHex,
  mailKeyToHex,
  mailPublicKey,
  sealedPayloadVersion,
} from "./mail/encryption.js";
export type { MailKeyPair, PayloadBinding, SealedPayloadVersion } from "./mail/encryption.js";
export {
  decryptMailKeyFile,
  encryptMailKeyFile,
  isEncryptedMailKeyFile,
  MAIL_KEY_FILE_FORMAT,
  readMailKeyFile,
  unencryptedMailKeyFile,
  writeMailKeyFile,
} from "./mail/keyFile.js";
export type { DecryptMailKeyFileOptions, MailKeyFile, MailKeyFileHandle } from "./mail/keyFile.js";
export {
  InvalidMailKeyFileError,
  MailKeyFileExistsError,
  MailKeyPassphraseError,
} from "./mail/keyFileErrors.js";
export { isMailServerFailure } from "./mail/failures.js";
export * from "./mail/protocol/index.js";
export * from "./mail/audit/index.js";

// Records
export { recordsActions } from "./records/decorator.js";
export type { RecordsActions } from "./records/decorator.js";
export type { RecordsContext } from "./records/context.js";
export {
  put as putRecordAction,
  store as storeRecord,
  DEFAULT_RECORD_LIFETIME_SECONDS,
} from "./records/put.js";
export type { PutParameters, PutReturnType } from "./records/put.js";
export { get as getRecordAction, newer as newerRecord } from "./records/get.js";
export type { GetParameters, GetReturnType } from "./records/get.js";
export { deleteRecord } from "./records/delete.js";
export type { DeleteParameters } from "./records/delete.js";
export { list as listRecordsAction } from "./records/list.js";
export type { ListPage, ListParameters } from "./records/list.js";
export { isRecordsServerFailure } from "./records/failures.js";
export * from "./records/protocol/index.js";

// Relay
export { relayActions } from "./relay/decorator.js";
export type { RelayActions, ServeParameters } from "./relay/decorator.js";
export type { RelayContext, ReachRecords } from "./relay/context.js";
export { reach } from "./relay/reach.js";
export type { ReachParameters, ReachReturnType } from "./relay/reach.js";
export { listenBehindRelays, RelayListener } from "./relay/listener.js";
export type { HeldRelay, ListenBehindRelaysParameters, RelayListenerEvent } from "./relay/listener.js";
export { RelayAcceptList } from "./relay/acceptList.js";
export { createRelayHost } from "./relay/host.js";
export type { RelayHost, RelayHostInit, RelayHostServices, RelayListenService } from "./relay/host.js";
export { echoHandler, echoSession } from "./relay/echo.js";
export type { EchoSession } from "./relay/echo.js";
export { decodeReachRecord, encodeReachRecord, parseRelayedAddress } from "./relay/reachRecord.js";
export type { RelayedAddress } from "./relay/reachRecord.js";
export { ECHO_PROTOCOL, LISTEN_DEFAULTS, REACH_RECORD, RELAY_SERVICE } from "./relay/constants.js";
export {
  NoRelayAvailableError,
  RelayNotTrustedError,
  ServeKeyMismatchError,
  ServiceUnreachableError,
} from "./errors/relay.js";
export type { RefusedRelay, ServiceUnreachableReason } from "./errors/relay.js";

// Errors
export { WaymarkError } from "./kernel/errors/base.js";
export type { WaymarkErrorOptions } from "./kernel/errors/base.js";
export { InvalidConsentError, InvalidPeerIdError, InvalidServiceNameError } from "./kernel/errors/input.js";
export {
  InsufficientFundsError,
  RegistryAnswerError,
  RegistryNotFoundError,
  RegistryRevertError,
  RpcUnreachableError,
} from "./kernel/errors/registry.js";
export type { InsufficientFundsErrorParameters } from "./kernel/errors/registry.js";
export {
  isRegistryUnavailable,
  RegistryUnavailableError,
  StaleChainError,
} from "./kernel/errors/availability.js";
export type { StaleChainErrorParameters } from "./kernel/errors/availability.js";
export {
  ConfigurationError,
  EncryptionError,
  InvalidAddressError,
  InvalidMultiaddrError,
  KeystoreError,
  MissingSignerError,
  MailKeyNotPublishedError,
  NoCandidatesError,
  NoServerAvailableError,
  OperationAbortedError,
  TooManyBootstrapAddressesError,
} from "./errors/client.js";
export type { EmptyDiscovery, EmptyDiscoveryReason } from "./errors/client.js";
export { explainEmptyDiscovery } from "./selection/emptyDiscovery.js";
export type { ExplainEmptyDiscoveryParameters } from "./selection/emptyDiscovery.js";

// Registry
export { connectRegistry } from "./kernel/registry/connect.js";
export type { ConnectRegistryParameters, RegistryClient } from "./kernel/registry/connect.js";
export { registryCall, toRegistryError } from "./kernel/registry/decodeError.js";
export { revertHint } from "./kernel/registry/revertHints.js";
export { readDeployedRegistryAddress, REGISTRY_FUTURE_ID } from "./actions/registry/deployment.js";
export { readFreshBlock, readLatestBlock, verifyNodes, VERDICTS } from "./kernel/registry/verifyNodes.js";
export type {
  BlockStamp,
  NodeVerification,
  Verdict,
  VerifyNodesParameters,
} from "./kernel/registry/verifyNodes.js";
export { isRegisteredVerdict, NodeVerifier, VERIFIER_DEFAULTS } from "./kernel/registry/verifier.js";
export type { CachedVerification, NodeVerifierInit, RegistrySource } from "./kernel/registry/verifier.js";
export { getBootstrapRecords } from "./kernel/registry/bootstrap.js";
export { checkBootstrapAddresses } from "./actions/registry/bootstrapAddresses.js";
export type { BootstrapRecord } from "./kernel/registry/bootstrap.js";
export {
  getDefaultProviders,
  getProvider,
  listProviders,
  PROVIDER_STATUSES,
} from "./kernel/registry/providers.js";
export type { ProviderInfo, ProviderStatus } from "./kernel/registry/providers.js";
export { getProviderStatusReasons, STATUS_REASON_DEFAULTS } from "./actions/registry/statusReasons.js";
export type {
  GetProviderStatusReasonsParameters,
  GetProviderStatusReasonsReturnType,
  ProviderStatusReason,
} from "./actions/registry/statusReasons.js";
export {
  getNode,
  getProviderNodes,
  getProviderOperators,
  NODE_STATUSES,
  registerNode,
  retireNode,
  setNodeBootstrap,
} from "./actions/registry/nodes.js";
export type { NodeInfo, NodeStatus } from "./actions/registry/nodes.js";
export {
  addProvider,
  approveProvider,
  reinstateNode,
  reinstateProvider,
  rejectProvider,
  setCurator,
  setDefaultProvider,
  suspendNode,
  suspendProvider,
} from "./actions/registry/curation.js";
export type { AddProviderParameters, ReasonCode } from "./actions/registry/curation.js";
export {
  acceptProviderOwnership,
  applyAsProvider,
  retireProvider,
  setProviderOperator,
  transferProviderOwnership,
  updateProviderMetadata,
} from "./actions/registry/providerAdmin.js";
export type { ProviderMetadata } from "./actions/registry/providerAdmin.js";
export { eventArgument, sendRegistryTransaction } from "./actions/registry/transact.js";
export type { RegistryTransaction } from "./actions/registry/transact.js";

// Identity and service keys
export { nodeAddressFromPeerId } from "./kernel/identity/nodeAddress.js";
export { decryptKey, encryptKey, isKeyEncryption, SCRYPT_PARAMS } from "./kernel/identity/keyEncryption.js";
export type { KeyEncryption } from "./kernel/identity/keyEncryption.js";
export { nodeWallet } from "./kernel/identity/nodeKey.js";
export {
  checkNodeConsent,
  consentMessage,
  parseConsent,
  registryDomain,
  serializeConsent,
  signNodeConsent,
} from "./kernel/identity/consent.js";
export type { NodeConsentParameters, SignedNodeConsent, TypedDataSigner } from "./kernel/identity/consent.js";
export { MAIL_SERVICE, serviceId, serviceName } from "./kernel/service/serviceId.js";
export { serviceKey, serviceKeyText } from "./kernel/service/serviceKey.js";
export type { ServiceScope } from "./kernel/service/serviceKey.js";

// libp2p host
export { createWaymarkHost } from "./kernel/p2p/createHost.js";
export type { BaseServices, WaymarkHostInit } from "./kernel/p2p/createHost.js";
export { CONNECTION_DEFAULTS, DHT_PROTOCOL, LOOPBACK_CONNECTION_SETTINGS } from "./kernel/p2p/constants.js";
