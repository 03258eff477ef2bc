// Risk score (0–100) stored on every audit row, so the console can sort and filter by it
// (`min_risk`). A base per action, plus what the context makes more dangerous:
//
//   action                                  base
//   read / list / verify                       0
//   login (success)                           10
//   create / update                           20
//   rotate / revoke / acknowledge             30
//   delete / restore / logout_all             40
//   access_denied                             40
//   auth_failed                               40
//   anything else                             20
//
//   context                                  adds
//   adminScope (admin key or admin user)      +20
//   newIp (actor seen from a new IP)          +20
//   failuresFromIp: n recent failures          +5 each beyond the first, at most +40
//   success === false (on a change)           +10
//
// The result is clamped to 0–100. Scores are for triage, not for decisions: detection rules
// (detect.ts) count rows instead of thresholding scores.

export type RiskContext = {
  adminScope?: boolean;
  newIp?: boolean;
  failuresFromIp?: number;
  success?: boolean;
};

const BASE: Record<string, number> = {
  read: 0,
  list: 0,
  verify: 0,
  login: 10,
  create: 20,
  update: 20,
  rotate: 30,
  revoke: 30,
  acknowledge: 30,
  delete: 40,
  restore: 40,
  logout_all: 40,
  access_denied: 40,
  auth_failed: 40,
};

export function riskScore(action: string, context: RiskContext = {}): number {
  let score = BASE[action] ?? 20;
  if (context.adminScope) score += 20;
  if (context.newIp) score += 20;
  if (context.failuresFromIp && context.failuresFromIp > 1) score += Math.min(40, (context.failuresFromIp - 1) * 5);
  if (context.success === false && action !== 'auth_failed' && action !== 'access_denied') score += 10;
  return Math.max(0, Math.min(100, Math.round(score)));
}
