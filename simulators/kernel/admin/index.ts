export { createAdminServer, type AdminServer, type AdminServerOptions } from './server.ts';
export { ADMIN_ROUTES, createRouter, type AdminRoute, type AdminAuth, type RouteMatch } from './routes.ts';
export { ADMIN_PROBLEMS, AdminError, toProblem, type AdminProblemCode, type ProblemDocument } from './problem.ts';
export { ADMIN_OPENAPI_FILE, loadAdminOpenApi, type OpenApiDocument } from './openapi.ts';
export { isLoopbackHost } from './loopback.ts';
export { describeRule } from './handlers.ts';
export { compareWithRoutes, compileAllSchemas, createResponseValidator, documentedOperations, type ResponseValidator } from './openapi-conformance.ts';
