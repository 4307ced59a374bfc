// The demo accounts live in the domain so the sign-in page, the banner and the seed share one list.
export { DEMO_ACCOUNTS, DEMO_DOMAIN, DEMO_PASSWORD, demoEmail, isDemoEmail } from '../../../domain/demo-accounts.ts';
