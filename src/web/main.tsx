import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app.tsx';

// The CSP forbids eval, so tell zod not to try compiling validators with new Function.
z.config({ jitless: true });

const root = document.getElementById('root');
if (root === null) throw new Error('No #root element');
// No <StrictMode>: it runs effects twice in development, and page loads here are audited reads
// (a person's record, the audit trail), so doubled requests would put doubled events in the trail.
createRoot(root).render(<App />);
