import { ROLE_LABELS } from '../../../domain/roles.ts';
import { CardLink, PageHeading, usePageTitle } from '../../ui/kit.tsx';
import { COMING_SOON, NAV_ITEMS } from '../../nav.ts';
import { useMe } from '../../session.tsx';
import { KIND_LABELS } from '../../ui/labels.ts';
import { Headlines } from '../reports/headlines.tsx';

/** The signed-in home page: who you are, what you cover, and what you can do here today. */
export function HomePage() {
  const me = useMe();
  usePageTitle('Home');
  const role = me.user.role;
  const cards = NAV_ITEMS.filter((i) => me.permissions.includes(i.permission));
  const soon = COMING_SOON[role];

  return (
    <div data-testid={`home-${role}`}>
      <PageHeading caption={ROLE_LABELS[role]}>Hello, {me.user.displayName}</PageHeading>

      {role === 'pcn_lead' || role === 'commissioner' ? <Headlines /> : null}

      <h2 className="nhsuk-heading-m">What you cover</h2>
      {me.scope.deploymentWide ? (
        <p className="nhsuk-body" data-testid="scope">
          Your role covers the whole of this Linkwork deployment.
        </p>
      ) : me.scope.organisations.length === 0 ? (
        <p className="nhsuk-body" data-testid="scope">
          You do not cover any organisations yet. Ask your Linkwork administrator to add them to your account.
        </p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet" data-testid="scope">
          {me.scope.organisations.map((o) => (
            <li key={o.id}>
              {o.name}{' '}
              <span className="nhsuk-u-secondary-text-colour">
                ({KIND_LABELS[o.kind].singular}
                {o.odsCode === null ? '' : `, ${o.odsCode}`})
              </span>
            </li>
          ))}
        </ul>
      )}

      {cards.length > 0 ? (
        <>
          <h2 className="nhsuk-heading-m">What you can do</h2>
          <ul className="nhsuk-grid-row nhsuk-card-group">
            {cards.map((c) => (
              <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={c.to}>
                <CardLink to={c.to} title={c.label} description={c.description} testId={c.testId} />
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {soon.length > 0 ? (
        <div className="nhsuk-inset-text" data-testid="coming-soon">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <h2 className="nhsuk-heading-s">Coming soon</h2>
          <p>Not built yet, and planned for your role:</p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {soon.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
