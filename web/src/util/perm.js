// What each role may do in the console. The server enforces all of it; the
// console only hides what a role cannot use.
const has = (list) => (role) => list.includes(role)

export const canSeeEnterpriseList = has(['admin', 'officer', 'prefecture', 'department', 'association', 'auditor'])
export const canCreateEnterprise = has(['admin', 'officer', 'prefecture'])
export const canImportEnterprises = has(['admin', 'officer', 'prefecture'])
export const canArchiveEnterprise = has(['admin', 'officer', 'prefecture'])
export const canManageUsers = has(['admin'])
export const canSeeAudit = has(['admin', 'officer', 'auditor'])

// Edit one enterprise: enterprise users only their own.
export function canEditEnterprise(user, ent) {
  if (!user) return false
  if (['admin', 'officer', 'prefecture'].includes(user.role)) return true
  if (user.role === 'enterprise') return !!ent && String(ent.id) === String(user.enterprise_id)
  return false
}

// Where a user lands after signing in (and on /); the layout shows today's warning summary
// there. Officers and admins land on 总览, a prefecture user on its prefecture's 总览; the
// other roles, whom 总览 shows the officer's region-wide page, on the enterprise list.
export function homePath(user) {
  if (!user) return '/login'
  if (user.role === 'enterprise') return user.enterprise_id ? `/enterprises/${user.enterprise_id}` : '/no-enterprise'
  if (['admin', 'officer', 'prefecture'].includes(user.role)) return '/overview'
  return '/enterprises'
}

// ---- key projects (重点项目库) ---------------------------------------------------
export const PROJECT_STATUSES = ['draft', 'submitted', 'prefecture_passed', 'returned', 'rejected', 'approved',
  'in_progress', 'completed', 'terminated']
// Tag colour of each status (Element Plus tag type and effect).
export const STATUS_TAG = {
  draft: ['info', 'light'],
  submitted: ['warning', 'light'],
  prefecture_passed: ['primary', 'light'],
  returned: ['danger', 'light'],
  rejected: ['danger', 'dark'],
  approved: ['success', 'light'],
  in_progress: ['primary', 'dark'],
  completed: ['success', 'dark'],
  terminated: ['info', 'dark'],
}

export const canSeeProjects = has(['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'])
export const canCreateProject = has(['admin', 'officer', 'prefecture', 'enterprise'])
export const canBatchApprove = has(['admin', 'officer'])

// Is the division (a county or prefecture code) the prefecture user's own or under it?
export function divisionInScope(user, division, parentOf) {
  if (!user || !user.division) return false
  let c = division
  for (let i = 0; c && i < 5; i++) {
    if (c === user.division) return true
    c = parentOf(c)
  }
  return false
}

// "the enterprise" (its own projects) and "prefecture (scope)" of docs/API.md.
function ownsProject(user, p) {
  return user.role === 'enterprise' && !!p && String(p.enterprise_id) === String(user.enterprise_id)
}

// The transitions table of docs/API.md: action → from states, roles, and
// whether the enterprise / prefecture user needs the project in its scope.
// scoped: 'own' = the owner enterprise, 'scope' = prefecture of the division.
export const TRANSITIONS = [
  { action: 'submit', from: ['draft', 'returned'], who: ['enterprise', 'officer', 'prefecture'] },
  { action: 'pass', from: ['submitted'], who: ['prefecture', 'officer'] },
  { action: 'return', from: ['submitted'], who: ['prefecture', 'officer'], comment: true },
  { action: 'return', from: ['prefecture_passed'], who: ['officer'], comment: true },
  { action: 'approve', from: ['prefecture_passed'], who: ['officer', 'admin'] },
  { action: 'reject', from: ['prefecture_passed'], who: ['officer', 'admin'], comment: true },
  { action: 'start', from: ['approved'], who: ['officer', 'prefecture', 'enterprise'] },
  { action: 'complete', from: ['in_progress'], who: ['officer'], acceptance: true },
  { action: 'terminate', from: ['approved', 'in_progress'], who: ['officer'], comment: true },
]
export const COMMENT_REQUIRED = new Set(['return', 'reject', 'terminate'])

function actorFits(user, p, parentOf) {
  if (user.role === 'enterprise') return ownsProject(user, p)
  if (user.role === 'prefecture') return divisionInScope(user, p.division, parentOf)
  return true
}

// The actions the user may take on the project now, in table order, unique.
export function projectActions(user, p, parentOf = () => null) {
  if (!user || !p) return []
  const out = []
  for (const tr of TRANSITIONS) {
    if (!tr.from.includes(p.status) || !tr.who.includes(user.role)) continue
    if (!actorFits(user, p, parentOf)) continue
    if (!out.includes(tr.action)) out.push(tr.action)
  }
  return out
}

// Edit (PATCH) only in draft or returned, by the owner enterprise or an
// officer/prefecture user of its scope (and admins, who may also create).
export function canEditProject(user, p, parentOf = () => null) {
  if (!user || !p || !['draft', 'returned'].includes(p.status)) return false
  if (!['admin', 'officer', 'prefecture', 'enterprise'].includes(user.role)) return false
  return actorFits(user, p, parentOf)
}

// ---- monthly reports (月度调度) -------------------------------------------------
// File a report: the owner enterprise, a prefecture user of its scope, officers, admins;
// only while the project is in progress (completed projects show theirs read-only).
export function canFileReport(user, p, parentOf = () => null) {
  if (!user || !p || p.status !== 'in_progress') return false
  if (!['admin', 'officer', 'prefecture', 'enterprise'].includes(user.role)) return false
  return actorFits(user, p, parentOf)
}
export const canUnlockReport = has(['admin', 'officer'])
// Mark a help request resolved: the department asked (or an officer/admin).
export function canResolveHelp(user, report) {
  if (!user || !report || !report.help_department || report.help_resolved_at) return false
  if (['officer', 'admin'].includes(user.role)) return true
  return user.role === 'department' && user.department === report.help_department
}

// ---- change requests and attachments --------------------------------------------
// After approval a project changes by request: whoever may edit it in scope asks,
// officers and admins decide; the requester's side (same role) may withdraw.
export function canRequestChange(user, p, parentOf = () => null) {
  if (!user || !p || !['approved', 'in_progress'].includes(p.status)) return false
  if (!['admin', 'officer', 'prefecture', 'enterprise'].includes(user.role)) return false
  return actorFits(user, p, parentOf)
}
export const canDecideChange = has(['admin', 'officer'])
export function canWithdrawChange(user, p, change, parentOf = () => null) {
  if (!user || !p || !change || change.status !== 'pending' || change.requester_role !== user.role) return false
  if (!['admin', 'officer', 'prefecture', 'enterprise'].includes(user.role)) return false
  return actorFits(user, p, parentOf)
}
// Upload: whoever may edit the project in scope; delete: the uploader's side or officers.
export function canUploadAttachment(user, p, parentOf = () => null) {
  if (!user || !p || !['admin', 'officer', 'prefecture', 'enterprise'].includes(user.role)) return false
  return actorFits(user, p, parentOf)
}
export function canDeleteAttachment(user, p, a, parentOf = () => null) {
  if (!user || !a) return false
  if (['admin', 'officer'].includes(user.role)) return true
  return a.uploader_role === user.role && canUploadAttachment(user, p, parentOf)
}

// ---- the policy ledger: department tasks -------------------------------------------
export const canSeeTasks = has(['admin', 'officer', 'department', 'auditor'])
// Report progress: officers, or a department the task names (lead or supporting); complete: the lead.
export function canReportTask(user, task) {
  if (!user || !task || task.status !== 'open') return false
  if (['admin', 'officer'].includes(user.role)) return true
  return user.role === 'department' && (task.lead_department === user.department || task.supporting.includes(user.department))
}
export function canCompleteTask(user, task) {
  if (!user || !task || task.status !== 'open') return false
  if (['admin', 'officer'].includes(user.role)) return true
  return user.role === 'department' && task.lead_department === user.department
}
// Enter and change the ledger (policies, targets' values, tasks): officers and admins.
export const canEditLedger = has(['admin', 'officer'])
export const canExportLedger = has(['admin', 'officer', 'auditor']) // GET /policies/{id}/export
// The scorecard: region-wide figures, for those who see the region's aggregates.
export const canSeeScorecard = has(['admin', 'officer', 'department', 'association', 'auditor'])
