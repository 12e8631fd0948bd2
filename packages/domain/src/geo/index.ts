export * from "./types";
export * from "./coords";
export * from "./polygon";
export * from "./clip";
export * from "./grid-index";
export * from "./topology";
export * from "./tiling";
export * from "./random";
