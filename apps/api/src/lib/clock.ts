/** Source of the current time; tests pass a controllable one to exercise expiry. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
