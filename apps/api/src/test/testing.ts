// `@caihong/api/testing`: test support for packages that drive a real server and database (the
// CLI's tests). Only test files import it (the architecture test checks); the product never does.
export { backend, createTestDatabase, login } from "./harness";
export { spawnServer, TEST_NODE_ARGS, waitUntilListening } from "./server-process";
export { createTemplateDataDir, TEMPLATE_ADMIN_PASSWORD } from "./templates";
