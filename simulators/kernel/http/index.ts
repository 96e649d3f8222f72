/** The HTTP/TLS kernel: one server factory, one outbound client, fault injection, exchange evidence. */
export { createKernelServer, DEFAULT_MAX_BODY_BYTES } from './server.ts';
export type { KernelServer, KernelServerOptions, KernelTlsOptions } from './server.ts';
export type { ExchangeContext } from './context.ts';
export { RouteTable, routeName, RoutePatternError } from './routes.ts';
export type { Route, RouteMatch } from './routes.ts';
export { KernelHttpError, OutboundError, KERNEL_ERROR_STATUS, isKernelHttpError, toKernelHttpError } from './errors.ts';
export type { KernelHttpErrorCode, OutboundErrorCode } from './errors.ts';
export { defaultRenderError } from './problem.ts';
export type { RenderedError } from './problem.ts';
export { sendRequest, toOutboundError } from './outbound.ts';
export type { SendRequestOptions, OutboundResponse, OutboundTlsOptions } from './outbound.ts';
export { BodyMeter, encodeForEvidence, DEFAULT_CAPTURE_BYTES } from './body-meter.ts';
export { corruptChunk, corruptionMask, CORRUPT_STRIDE } from './corrupt.ts';
export type { IdentifyCertificate } from './tls-gate.ts';
