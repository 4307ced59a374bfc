import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { NAV_ITEMS } from '../nav.ts';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Tag } from './kit.tsx';

/** Moves focus to <main> (the skip link's target) without changing the address. */
function skipToMain(e: MouseEvent<HTMLAnchorElement>): void {
  const main = document.getElementById('maincontent');
  if (main === null) return;
  e.preventDefault();
  main.focus();
  main.scrollIntoView();
}

function NhsLogo() {
  return (
    <svg
      className="nhsuk-header__logo"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 200 80"
      height="40"
      width="100"
      focusable="false"
      role="img"
      aria-label="NHS"
    >
      <title>NHS</title>
      <path
        fill="currentcolor"
        d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
      />
    </svg>
  );
}

function UserIcon() {
  return (
    <svg
      className="nhsuk-icon nhsuk-icon--user"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      focusable="false"
      aria-hidden="true"
    >
      <path d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z" />
    </svg>
  );
}

function isCurrent(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

function Header() {
  const { state, signOut } = useSession();
  const { pathname } = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  // On a phone the navigation is folded behind a Menu button (CSS shows the row of links on wider screens).
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setMenuOpen(false), [pathname]);
  const me = state.status === 'signed-in' ? state.me : null;
  const items = me === null ? [] : [{ to: '/', label: 'Home' }, ...NAV_ITEMS.filter((i) => me.permissions.includes(i.permission))];

  const onSignOut = (e: FormEvent) => {
    e.preventDefault();
    setSigningOut(true);
    void signOut().finally(() => setSigningOut(false));
  };

  const onMenuKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !menuOpen) return;
    setMenuOpen(false);
    menuButton.current?.focus();
  };

  return (
    <header className="nhsuk-header" role="banner" onKeyDown={onMenuKey}>
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <Link className="nhsuk-header__service-logo" to="/" aria-label="NHS Linkwork homepage">
            <NhsLogo />
            <span className="nhsuk-header__service-name">Linkwork</span>
          </Link>
        </div>
        {me === null ? null : (
          <nav className="nhsuk-header__account" aria-label="Account">
            <ul className="nhsuk-header__account-list">
              <li className="nhsuk-header__account-item" data-testid="account-name">
                <UserIcon />
                {me.user.displayName}
              </li>
              <li className="nhsuk-header__account-item">
                <form className="nhsuk-header__account-form" method="post" action="/api/v1/auth/sign-out" onSubmit={onSignOut} noValidate>
                  <button className="nhsuk-header__account-button" type="submit" disabled={signingOut}>
                    Sign out
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        )}
      </div>
      {items.length === 0 ? null : (
        <div className="lw-menu-toggle-row nhsuk-width-container">
          <button
            ref={menuButton}
            className="lw-menu-toggle"
            type="button"
            aria-expanded={menuOpen}
            aria-controls="lw-header-navigation"
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
        </div>
      )}
      {items.length === 0 ? null : (
        <nav className={`nhsuk-header__navigation${menuOpen ? ' lw-menu-open' : ''}`} id="lw-header-navigation" aria-label="Menu">
          <div className="nhsuk-header__navigation-container nhsuk-width-container">
            <ul className="nhsuk-header__navigation-list">
              {items.map((item) => {
                // The most specific item is current: on /reports/team, Team rather than Reports.
                const best = items.filter((i) => isCurrent(pathname, i.to)).sort((a, b) => b.to.length - a.to.length)[0];
                const current = best?.to === item.to;
                const exact = pathname === item.to;
                return (
                  <li className={`nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}`} key={item.to}>
                    <Link className="nhsuk-header__navigation-link" to={item.to} aria-current={current ? (exact ? 'page' : 'true') : undefined}>
                      {current ? <strong className="nhsuk-header__navigation-item-current-fallback">{item.label}</strong> : item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        </nav>
      )}
    </header>
  );
}

function Footer() {
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <ul className="nhsuk-footer__list">
            <li className="nhsuk-footer__list-item">
              <a className="nhsuk-footer__list-item-link" href="/api/docs">
                API documentation
              </a>
            </li>
          </ul>
          <p className="nhsuk-body-s">Linkwork: open-source social prescribing, from referral to outcome.</p>
        </div>
      </div>
    </footer>
  );
}

/** The page frame: skip link (first focusable element), header, main content, footer. */
export function Layout({ children, demo }: { children: ReactNode; demo: boolean }) {
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent" onClick={skipToMain} data-testid="skip-link">
        Skip to main content
      </a>
      <Header />
      <div className="nhsuk-width-container">
        {demo ? (
          <div className="nhsuk-inset-text lw-demo-banner" data-testid="demo-banner">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              <Tag colour="yellow">Demo</Tag> Everyone and everything in this demo is fictional. Do not enter real people’s details.
            </p>
          </div>
        ) : null}
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}
