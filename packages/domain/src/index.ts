export * from "./scope";
export * from "./geo";
export * from "./grids";
export * from "./demo/xinhong-grids";
export * from "./demo/xinhong-network";
export * from "./cases";
export * from "./privacy";
export * from "./proof-of-work";
