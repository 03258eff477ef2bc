// Advisory lock keys of health evaluation (migrations/README.md lists every key in use).
/** (742026030, hashtext(host)): one evaluation or manual request per host at a time. */
export const HEALTH_HOST_LOCK = 742026030;
/** (742026031, 0): decisions that count towards the global rate limit take turns. */
export const HEALING_GATE_LOCK = 742026031;
