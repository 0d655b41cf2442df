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

export function homePath(user) {
  if (!user) return '/login'
  if (user.role === 'enterprise') return user.enterprise_id ? `/enterprises/${user.enterprise_id}` : '/no-enterprise'
  return '/enterprises'
}
