import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Permission } from '../domain/permissions.ts';
import { REPORT_NAMES } from '../domain/insight/reports.ts';
import { Layout } from './ui/layout.tsx';
import { Loading, PageHeading, usePageTitle } from './ui/kit.tsx';
import { AuditPage } from './features/audit/audit-page.tsx';
import { CasePage } from './features/cases/case.tsx';
import { CaseloadPage } from './features/cases/caseload.tsx';
import { DischargeMessagePage } from './features/cases/discharge-message.tsx';
import { GpEntriesPage } from './features/cases/gp-entries.tsx';
import { PlanPrintPage } from './features/cases/plan-print.tsx';
import { TodayPage } from './features/cases/today.tsx';
import { HomePage } from './features/home/home-page.tsx';
import { InboxPage } from './features/community/inbox-page.tsx';
import { InstrumentsPage } from './features/outcomes/instruments-page.tsx';
import { MyReferralsPage } from './features/intake/my-referrals-page.tsx';
import { OutcomeReportPage } from './features/outcomes/outcome-report-page.tsx';
import { ReportPage } from './features/reports/report-page.tsx';
import { ReportsIndexPage } from './features/reports/reports-index.tsx';
import { TeamPage } from './features/reports/team-page.tsx';
import { OrganisationsPage } from './features/organisations/organisations-page.tsx';
import { PeoplePage, PersonPage } from './features/people/people-page.tsx';
import { QuestionnairePage } from './features/outcomes/questionnaire-page.tsx';
import { ReferPage } from './features/intake/refer-page.tsx';
import { SelfReferralPage } from './features/intake/self-referral-page.tsx';
import { CreateServicePage, ServicesPage } from './features/community/services-page.tsx';
import { DirectoryPage } from './features/directory/directory.tsx';
import { EditServicePage } from './features/directory/edit.tsx';
import { ServiceEditsPage } from './features/directory/edits.tsx';
import { ServiceProblemsPage } from './features/directory/problems.tsx';
import { DirectoryServicePage } from './features/directory/service.tsx';
import { SignInPage } from './features/identity/sign-in-page.tsx';
import { TriagePage } from './features/intake/triage-page.tsx';
import { CreateUserPage, ResetPasswordPage, UserHoursPage, UsersPage } from './features/identity/users-page.tsx';
import { Link, currentPath, matchPath, navigate, useLocation } from './router.tsx';
import { createQueryClient } from './queries.ts';
import { SessionProvider, signInPath, useSession } from './session.tsx';

interface Route {
  path: string;
  /** Needed to open the page at all (the server checks again). */
  permission?: Permission;
  render: (params: Record<string, string>) => ReactNode;
}

const ROUTES: readonly Route[] = [
  { path: '/', render: () => <HomePage /> },
  { path: '/people', permission: 'person:read', render: () => <PeoplePage /> },
  { path: '/people/:id', permission: 'person:read', render: (p) => <PersonPage id={p['id'] ?? ''} /> },
  { path: '/organisations', permission: 'organisation:read', render: () => <OrganisationsPage /> },
  { path: '/users', permission: 'user:read', render: () => <UsersPage /> },
  { path: '/users/new', permission: 'user:manage', render: () => <CreateUserPage /> },
  { path: '/users/:id/password', permission: 'user:manage', render: (p) => <ResetPasswordPage id={p['id'] ?? ''} /> },
  { path: '/users/:id/hours', permission: 'user:manage', render: (p) => <UserHoursPage id={p['id'] ?? ''} /> },
  { path: '/audit', permission: 'audit:read', render: () => <AuditPage /> },
  { path: '/refer', permission: 'referral:create', render: () => <ReferPage /> },
  { path: '/my-referrals', permission: 'referral:read_own', render: () => <MyReferralsPage /> },
  { path: '/triage', permission: 'referral:triage', render: () => <TriagePage /> },
  { path: '/inbox', permission: 'community_referral:respond', render: () => <InboxPage /> },
  { path: '/services', permission: 'service:read', render: () => <ServicesPage /> },
  { path: '/services/new', permission: 'service:manage', render: () => <CreateServicePage /> },
  { path: '/directory', permission: 'service:read', render: () => <DirectoryPage /> },
  { path: '/listing-changes', permission: 'service:approve', render: () => <ServiceEditsPage /> },
  { path: '/reported-problems', permission: 'service:manage', render: () => <ServiceProblemsPage /> },
  { path: '/directory/services/:id', permission: 'service:read', render: (p) => <DirectoryServicePage id={p['id'] ?? ''} /> },
  { path: '/directory/services/:id/edit', permission: 'service:manage', render: (p) => <EditServicePage id={p['id'] ?? ''} /> },
  { path: '/today', permission: 'case:read', render: () => <TodayPage /> },
  { path: '/cases', permission: 'case:read', render: () => <CaseloadPage /> },
  { path: '/cases/:id', permission: 'case:read', render: (p) => <CasePage id={p['id'] ?? ''} /> },
  { path: '/cases/:id/plan/print', permission: 'case:read', render: (p) => <PlanPrintPage id={p['id'] ?? ''} /> },
  { path: '/cases/:id/message', permission: 'case:read', render: (p) => <DischargeMessagePage id={p['id'] ?? ''} /> },
  { path: '/gp-record-entries', permission: 'gp_record:export', render: () => <GpEntriesPage /> },
  { path: '/instruments', permission: 'instrument:read', render: () => <InstrumentsPage /> },
  { path: '/reports/outcomes', permission: 'outcome:analyse', render: () => <OutcomeReportPage /> },
  { path: '/reports', permission: 'report:view', render: () => <ReportsIndexPage /> },
  { path: '/reports/team', permission: 'case:reassign', render: () => <TeamPage /> },
  ...REPORT_NAMES.map((name): Route => ({ path: `/reports/${name}`, permission: 'report:view', render: () => <ReportPage key={name} name={name} /> })),
];

/** Pages anyone may open, signed in or not (no sign-in redirect; shown whatever the session). */
const PUBLIC_ROUTES: readonly Route[] = [
  { path: '/self-referral', render: () => <SelfReferralPage /> },
  // A person's one-time questionnaire link (self-completion): no sign-in, first name only.
  { path: '/q/:token', render: (p) => <QuestionnairePage token={p['token'] ?? ''} /> },
];

function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <PageHeading>Page not found</PageHeading>
      <p className="nhsuk-body">If you typed the web address, check it is correct.</p>
      <p className="nhsuk-body">
        <Link to="/">Go to your home page</Link>
      </p>
    </>
  );
}

function NotAllowedPage() {
  usePageTitle('You cannot use this page');
  return (
    <>
      <PageHeading>You cannot use this page</PageHeading>
      <p className="nhsuk-body">Your role does not include this page. If you need it for your work, ask your Linkwork administrator.</p>
      <p className="nhsuk-body">
        <Link to="/">Go to your home page</Link>
      </p>
    </>
  );
}

/**
 * After an in-app navigation, move focus to the new page's heading (so screen readers announce it
 * and Tab continues from the top of the content) and scroll to the top, as a page load would.
 */
function useFocusOnNavigate(pathname: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const id = window.requestAnimationFrame(() => {
      const summary = document.querySelector<HTMLElement>('main .nhsuk-error-summary');
      if (summary !== null && summary.contains(document.activeElement)) return;
      document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
    });
    return () => window.cancelAnimationFrame(id);
  }, [pathname]);
}

function Routes() {
  const { state } = useSession();
  const { pathname } = useLocation();
  useFocusOnNavigate(pathname);
  const onSignIn = pathname === '/sign-in';
  const publicRoute = PUBLIC_ROUTES.find((r) => matchPath(r.path, pathname) !== null);
  const publicParams = publicRoute === undefined ? {} : (matchPath(publicRoute.path, pathname) ?? {});
  const isPublic = publicRoute !== undefined;

  useEffect(() => {
    if (state.status === 'signed-out' && !onSignIn && !isPublic) navigate(signInPath(currentPath()), { replace: true });
  }, [state.status, onSignIn, isPublic]);

  const demo = state.status === 'signed-in' && state.me.demo;
  if (publicRoute !== undefined) {
    return (
      <Layout demo={demo}>
        <div key={pathname}>{publicRoute.render(publicParams)}</div>
      </Layout>
    );
  }
  if (state.status === 'loading') {
    return (
      <Layout demo={false}>
        <Loading what="Linkwork" />
      </Layout>
    );
  }
  if (onSignIn) {
    return (
      <Layout demo={demo}>
        <SignInPage />
      </Layout>
    );
  }
  if (state.status === 'signed-out') return <Layout demo={false}>{null}</Layout>;

  let page: ReactNode = <NotFoundPage />;
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params === null) continue;
    page = route.permission === undefined || state.me.permissions.includes(route.permission) ? route.render(params) : <NotAllowedPage />;
    break;
  }
  // Keyed by path so each page starts with fresh state.
  return (
    <Layout demo={demo}>
      <div key={pathname}>{page}</div>
    </Layout>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </QueryClientProvider>
  );
}
