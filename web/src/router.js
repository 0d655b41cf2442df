import { createRouter, createWebHistory } from 'vue-router'
import { useSession } from './stores/session.js'
import { useRef } from './stores/ref.js'
import { homePath } from './util/perm.js'
import AppLayout from './layout/AppLayout.vue'
import Login from './views/Login.vue'

const ALL = ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor']
const LIST = ['admin', 'officer', 'prefecture', 'department', 'association', 'auditor']

const routes = [
  { path: '/login', name: 'login', component: Login, meta: { public: true } },
  // Without the console's menu: the wall screen (大屏) and the printable briefing (简报).
  { path: '/screen', name: 'screen', component: () => import('./views/Screen.vue'), meta: { title: 'page.screen', roles: LIST } },
  { path: '/briefing', name: 'briefing', component: () => import('./views/Briefing.vue'), meta: { title: 'page.briefing', roles: LIST } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', redirect: () => homePath(useSession().user) },
      {
        path: 'overview', name: 'overview', component: () => import('./views/Overview.vue'),
        meta: { title: 'page.overview', roles: LIST, menu: '/overview' },
      },
      {
        path: 'enterprises', name: 'enterprises', component: () => import('./views/EnterpriseList.vue'),
        meta: { title: 'page.enterpriseList', roles: LIST, menu: '/enterprises' },
      },
      {
        path: 'enterprises/new', name: 'enterprise-new', component: () => import('./views/EnterpriseForm.vue'),
        meta: { title: 'page.enterpriseCreate', roles: ['admin', 'officer', 'prefecture'], parent: 'enterprises', menu: '/enterprises' },
      },
      {
        path: 'enterprises/:id', name: 'enterprise', component: () => import('./views/EnterpriseDetail.vue'),
        meta: { title: 'page.enterpriseDetail', roles: ALL, parent: 'enterprises', menu: '/enterprises' },
      },
      {
        path: 'enterprises/:id/edit', name: 'enterprise-edit', component: () => import('./views/EnterpriseForm.vue'),
        meta: { title: 'page.enterpriseEdit', roles: ['admin', 'officer', 'prefecture', 'enterprise'], parent: 'enterprise', menu: '/enterprises' },
      },
      {
        path: 'projects', name: 'projects', component: () => import('./views/ProjectList.vue'),
        meta: { title: 'page.projectList', roles: ALL, menu: '/projects' },
      },
      {
        path: 'projects/new', name: 'project-new', component: () => import('./views/ProjectForm.vue'),
        meta: { title: 'page.projectCreate', roles: ['admin', 'officer', 'prefecture', 'enterprise'], parent: 'projects', menu: '/projects' },
      },
      {
        path: 'projects/:id', name: 'project', component: () => import('./views/ProjectDetail.vue'),
        meta: { title: 'page.projectDetail', roles: ALL, parent: 'projects', menu: '/projects' },
      },
      {
        path: 'projects/:id/edit', name: 'project-edit', component: () => import('./views/ProjectForm.vue'),
        meta: { title: 'page.projectEdit', roles: ['admin', 'officer', 'prefecture', 'enterprise'], parent: 'project', menu: '/projects' },
      },
      {
        path: 'projects/:id/change', name: 'project-change', component: () => import('./views/ProjectForm.vue'),
        meta: { title: 'change.pageTitle', roles: ['admin', 'officer', 'prefecture', 'enterprise'], parent: 'project', menu: '/projects' },
      },
      {
        path: 'warnings', name: 'warnings', component: () => import('./views/Warnings.vue'),
        meta: { title: 'page.warnings', roles: ALL, menu: '/warnings' },
      },
      {
        path: 'counters', name: 'counters', component: () => import('./views/Counters.vue'),
        meta: { title: 'page.counters', roles: ALL, menu: '/counters' },
      },
      {
        path: 'scorecard', name: 'scorecard', component: () => import('./views/Scorecard.vue'),
        meta: { title: 'page.scorecard', roles: ['admin', 'officer', 'department', 'association', 'auditor'], menu: '/scorecard' },
      },
      {
        path: 'statistics', name: 'statistics', component: () => import('./views/Statistics.vue'),
        meta: { title: 'page.statistics', roles: ALL, menu: '/statistics' },
      },
      {
        path: 'policies', name: 'policies', component: () => import('./views/Policies.vue'),
        meta: { title: 'page.policies', roles: ALL, menu: '/policies' },
      },
      {
        path: 'policies/:id', name: 'policy', component: () => import('./views/PolicyDetail.vue'),
        meta: { title: 'page.policy', roles: ALL, parent: 'policies', menu: '/policies' },
      },
      {
        path: 'tasks', name: 'tasks', component: () => import('./views/Tasks.vue'),
        meta: { title: 'page.tasks', roles: ['admin', 'officer', 'department', 'auditor'], menu: '/tasks' },
      },
      {
        path: 'users', name: 'users', component: () => import('./views/Users.vue'),
        meta: { title: 'page.users', roles: ['admin'], menu: '/users' },
      },
      {
        path: 'audit', name: 'audit', component: () => import('./views/Audit.vue'),
        meta: { title: 'page.audit', roles: ['admin', 'officer', 'auditor'], menu: '/audit' },
      },
      {
        path: 'no-enterprise', name: 'no-enterprise', component: () => import('./views/NotFound.vue'),
        props: { messageKey: 'enterprise.myEnterpriseMissing' }, meta: { roles: ALL },
      },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFound.vue') },
    ],
  },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  session.loadMeta()
  if (to.meta.public) {
    if (to.name === 'login') await session.check().catch(() => null)
    if (to.name === 'login' && session.user) return homePath(session.user)
    return true
  }
  let user
  try { user = await session.check() } catch { user = null }
  if (!user) return { name: 'login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  await useRef().load()
  const roles = to.meta.roles
  if (roles && !roles.includes(user.role)) return homePath(user)
  return true
})
