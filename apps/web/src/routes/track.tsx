// Route module (its own chunk): react-router's lazy() reads `Component`.
export { TrackPage as Component } from "../features/cases/mobile/track-page";
