/** FIT-Connect domain core: pure rules and state machines (no sockets, no run-time files). */
export { createFitConnectDomain, type EnvironmentKey, type FitConnectDomainOptions, type FitConnectEnvironment } from './environment.ts';
export * from './problems.ts';
export { cryptoIds, seededIds, UUID_RE, type IdGenerator } from './ids.ts';
export {
  checkKeyPair, generateRsaKeyPair, publicJwk, rsaBits, MIN_RSA_BITS,
  type CertificateChainIssuer, type FitConnectKey, type KeyPurpose, type PublicJwk, type RsaKeyPair,
} from './keys.ts';
export { parseScope, scopeAllowedFor, scopeSatisfies, describeRequirement, type ParsedScope, type ScopeRequirement } from './scopes.ts';
export { ClientRegistry, type ClientCredentials, type ClientType, type CreateClientInput, type OAuthClient } from './clients.ts';
export {
  ACCESS_TOKEN_LIFETIME_S, TokenService,
  type ClientAuthMethod, type OAuthError, type OAuthErrorCode, type TokenContext, type TokenRequest, type TokenResponse,
} from './tokens.ts';
export {
  DEFAULT_KEY_GRACE_PERIOD_MS, DestinationRegistry,
  type AuthorityMode, type ContactInformation, type CreateDestinationInput, type Destination, type DestinationKeyInfo,
  type DestinationRouting, type DestinationService, type DestinationStatus, type KeyInput, type PublicDestination, type SubmissionSchemaRef,
} from './destinations.ts';
export { JWE_ALG, JWE_ENC, checkJweHeader, readJweHeader, decryptCompactJwe, StreamingJweDecryptor, type DecryptedJwe, type JweHeader, type JweHeaderRules } from './jwe.ts';
export { METADATA_SCHEMA_URI, SUPPORTED_METADATA_VERSIONS } from './metadata-schemas.ts';
export { checkMetadata, selectMetadataVersion, type MetadataContent } from './metadata.ts';
export { MemoryAttachmentStore, DiscardingAttachmentStore, type AttachmentKey, type AttachmentStore, type AttachmentWriter } from './attachment-store.ts';
export {
  DEFAULT_LIFECYCLE, DEFAULT_LIMITS, SubmissionService,
  type ContentFailurePolicy, type CreateSubmissionInput, type LifecycleConfig, type ServiceType, type SubmissionForSubscriber,
  type SubmissionLimits, type SubmissionStatus, type SubmissionView, type SubmitSubmissionInput, type TickReport, type UploadBody, type UploadedAttachment,
} from './submissions.ts';
export {
  EVENT_NAMES, EVENT_URI_PREFIX, SET_PAYLOAD_SCHEMA, EventLog, eventUri, verifySecurityEventToken,
  type AuthenticationTags, type CaseEvent, type EventLogPage, type EventName, type EventPayload, type SetClaims, type SetVerification, type Signer,
} from './events.ts';
export {
  CALLBACK_MAX_AGE_S, CALLBACK_TYPE_NEW_EVENTS, CALLBACK_TYPE_NEW_SUBMISSIONS, DEFAULT_RETRY_SCHEDULE, CallbackOutbox,
  buildCallbackRequest, callbackHmac, checkCallbackConfig, verifyCallback,
  type CallbackConfig, type CallbackDelivery, type CallbackRequest, type CallbackVerification, type CallbackVerificationCode,
  type DeliveryAttempt, type DeliveryKind, type RetrySchedule, type VerifyCallbackInput,
} from './callbacks.ts';
export { LEIKA_URN_PREFIX, RoutingService, verifyRoute, type DestinationParameters, type Route, type RouteQuery, type RouteResult, type RouteVerification } from './routing.ts';
