import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Permission } from '../domain/permissions.ts';
import { REPORT_NAMES } from '../domain/insight/reports.ts';
import { Layout } from './ui/layout.tsx';
import { Loading, PageHeading, usePageTitle } from './ui/kit.tsx';
import { Link, currentPath, matchPath, navigate, useLocation } from './router.tsx';
import { createQueryClient } from './queries.ts';
import { SessionProvider, signInPath, useSession } from './session.tsx';
// Not lazy: every signed-out visit lands here, and its title and form should show at once.
import { SignInPage } from './features/identity/sign-in-page.tsx';

// Each page is its own chunk, loaded when first opened: the public pages (self-referral, the
// questionnaire) are opened on phones over poor connections and must not download the staff app.
// Modules shared by several pages go to shared chunks; vendor libraries are grouped in vite.config.ts.
const AuditPage = lazy(() => import('./features/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const CasePage = lazy(() => import('./features/cases/case.tsx').then((m) => ({ default: m.CasePage })));
const CaseloadPage = lazy(() => import('./features/cases/caseload.tsx').then((m) => ({ default: m.CaseloadPage })));
const DischargeMessagePage = lazy(() => import('./features/cases/discharge-message.tsx').then((m) => ({ default: m.DischargeMessagePage })));
const GpEntriesPage = lazy(() => import('./features/cases/gp-entries.tsx').then((m) => ({ default: m.GpEntriesPage })));
const PlanPrintPage = lazy(() => import('./features/cases/plan-print.tsx').then((m) => ({ default: m.PlanPrintPage })));
const TodayPage = lazy(() => import('./features/cases/today.tsx').then((m) => ({ default: m.TodayPage })));
const HomePage = lazy(() => import('./features/home/home-page.tsx').then((m) => ({ default: m.HomePage })));
const InboxPage = lazy(() => import('./features/community/inbox-page.tsx').then((m) => ({ default: m.InboxPage })));
const InstrumentsPage = lazy(() => import('./features/outcomes/instruments-page.tsx').then((m) => ({ default: m.InstrumentsPage })));
const MyReferralsPage = lazy(() => import('./features/intake/my-referrals-page.tsx').then((m) => ({ default: m.MyReferralsPage })));
const OutcomeReportPage = lazy(() => import('./features/outcomes/outcome-report-page.tsx').then((m) => ({ default: m.OutcomeReportPage })));
const ReportPage = lazy(() => import('./features/reports/report-page.tsx').then((m) => ({ default: m.ReportPage })));
const ReportsIndexPage = lazy(() => import('./features/reports/reports-index.tsx').then((m) => ({ default: m.ReportsIndexPage })));
const TeamPage = lazy(() => import('./features/reports/team-page.tsx').then((m) => ({ default: m.TeamPage })));
const CohortPage = lazy(() => import('./features/proactive/cohort-page.tsx').then((m) => ({ default: m.CohortPage })));
const OutreachPage = lazy(() => import('./features/proactive/outreach-page.tsx').then((m) => ({ default: m.OutreachPage })));
const ImpactPage = lazy(() => import('./features/proactive/impact-page.tsx').then((m) => ({ default: m.ImpactPage })));
const OrganisationsPage = lazy(() => import('./features/organisations/organisations-page.tsx').then((m) => ({ default: m.OrganisationsPage })));
const PeoplePage = lazy(() => import('./features/people/people-page.tsx').then((m) => ({ default: m.PeoplePage })));
const PersonPage = lazy(() => import('./features/people/people-page.tsx').then((m) => ({ default: m.PersonPage })));
const QuestionnairePage = lazy(() => import('./features/outcomes/questionnaire-page.tsx').then((m) => ({ default: m.QuestionnairePage })));
const ReferPage = lazy(() => import('./features/intake/refer-page.tsx').then((m) => ({ default: m.ReferPage })));
const SelfReferralPage = lazy(() => import('./features/intake/self-referral-page.tsx').then((m) => ({ default: m.SelfReferralPage })));
const CreateServicePage = lazy(() => import('./features/community/services-page.tsx').then((m) => ({ default: m.CreateServicePage })));
const ServicesPage = lazy(() => import('./features/community/services-page.tsx').then((m) => ({ default: m.ServicesPage })));
const DirectoryPage = lazy(() => import('./features/directory/directory.tsx').then((m) => ({ default: m.DirectoryPage })));
const EditServicePage = lazy(() => import('./features/directory/edit.tsx').then((m) => ({ default: m.EditServicePage })));
const ServiceEditsPage = lazy(() => import('./features/directory/edits.tsx').then((m) => ({ default: m.ServiceEditsPage })));
const ServiceProblemsPage = lazy(() => import('./features/directory/problems.tsx').then((m) => ({ default: m.ServiceProblemsPage })));
const DirectoryServicePage = lazy(() => import('./features/directory/service.tsx').then((m) => ({ default: m.DirectoryServicePage })));
const TriagePage = lazy(() => import('./features/intake/triage-page.tsx').then((m) => ({ default: m.TriagePage })));
const CreateUserPage = lazy(() => import('./features/identity/users-page.tsx').then((m) => ({ default: m.CreateUserPage })));
const ResetPasswordPage = lazy(() => import('./features/identity/users-page.tsx').then((m) => ({ default: m.ResetPasswordPage })));
const UserHoursPage = lazy(() => import('./features/identity/users-page.tsx').then((m) => ({ default: m.UserHoursPage })));
const UsersPage = lazy(() => import('./features/identity/users-page.tsx').then((m) => ({ default: m.UsersPage })));

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
  { path: '/reports/impact', permission: 'impact:view', render: () => <ImpactPage /> },
  { path: '/proactive', permission: 'cohort:run', render: () => <CohortPage /> },
  { path: '/proactive/outreach', permission: 'outreach:manage', render: () => <OutreachPage view="worklist" /> },
  { path: '/proactive/reviews', permission: 'outreach:review', render: () => <OutreachPage view="reviews" /> },
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

/** Shows a line while a page's chunk downloads (the first time it is opened). */
function PageSuspense({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading what="the page" />}>{children}</Suspense>;
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
    let observer: MutationObserver | null = null;
    const focusHeading = (): boolean => {
      const summary = document.querySelector<HTMLElement>('main .nhsuk-error-summary');
      if (summary !== null && summary.contains(document.activeElement)) return true;
      const heading = document.querySelector<HTMLElement>('main h1');
      heading?.focus({ preventScroll: true });
      return heading !== null;
    };
    const id = window.requestAnimationFrame(() => {
      if (focusHeading()) return;
      // The page's chunk is still downloading (first visit): focus its heading when it appears,
      // unless the user has moved focus meanwhile.
      const main = document.getElementById('maincontent');
      if (main === null) return;
      const before = document.activeElement;
      observer = new MutationObserver(() => {
        if (document.activeElement !== before) observer?.disconnect();
        else if (focusHeading()) observer?.disconnect();
      });
      observer.observe(main, { childList: true, subtree: true });
    });
    return () => {
      window.cancelAnimationFrame(id);
      observer?.disconnect();
    };
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
        <div key={pathname}>
          <PageSuspense>{publicRoute.render(publicParams)}</PageSuspense>
        </div>
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
        <PageSuspense>
          <SignInPage />
        </PageSuspense>
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
      <div key={pathname}>
        <PageSuspense>{page}</PageSuspense>
      </div>
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
