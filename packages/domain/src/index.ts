export * from "./scope";
export * from "./geo";
export * from "./demo/xinhong-grids";
