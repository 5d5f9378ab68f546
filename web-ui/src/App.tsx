import { NavLink, Route, Routes } from 'react-router-dom';
import { SessionProvider, useLive, useSession } from './session';
import { SignIn } from './pages/SignIn';
import { Overview } from './pages/Overview';
import { VirtualServers } from './pages/VirtualServers';
import { VirtualServerPage } from './pages/VirtualServerPage';
import { VirtualServerForm } from './pages/VirtualServerForm';
import { Directors, DirectorForm } from './pages/Directors';
import { VrrpGroups, VrrpGroupForm } from './pages/VrrpGroups';
import { Audit } from './pages/Audit';
import { Tokens } from './pages/Tokens';
import { Configuration } from './pages/Configuration';

function StreamState() {
  const live = useLive();
  const text = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', unavailable: 'no live events', stopped: 'stopped' }[live.stream];
  return (
    <span className={`stream stream-${live.stream}`} title="the live event stream">
      <i /> {text}
    </span>
  );
}

function Shell() {
  const { caller, isAdmin, signOut } = useSession();
  return (
    <div className="shell">
      <nav className="sidebar">
        <div className="brand">
          <span className="logo" aria-hidden="true">▲</span> Fulcrum
        </div>
        <NavLink to="/" end>
          Overview
        </NavLink>
        <NavLink to="/virtual-servers">Virtual servers</NavLink>
        <NavLink to="/directors">Directors</NavLink>
        <NavLink to="/vrrp-groups">VRRP groups</NavLink>
        <NavLink to="/audit">Audit</NavLink>
        <NavLink to="/configuration">Configuration</NavLink>
        {isAdmin ? <NavLink to="/tokens">Tokens</NavLink> : null}
        <div className="who">
          <StreamState />
          <div>
            <span data-testid="caller">{caller.name}</span> <span className={`badge role-${caller.role}`}>{caller.role}</span>
          </div>
          <button type="button" className="link" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="content">
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="/virtual-servers" element={<VirtualServers />} />
          <Route path="/virtual-servers/new" element={<VirtualServerForm />} />
          <Route path="/virtual-servers/:name" element={<VirtualServerPage />} />
          <Route path="/virtual-servers/:name/edit" element={<VirtualServerForm />} />
          <Route path="/directors" element={<Directors />} />
          <Route path="/directors/new" element={<DirectorForm />} />
          <Route path="/directors/:name/edit" element={<DirectorForm />} />
          <Route path="/vrrp-groups" element={<VrrpGroups />} />
          <Route path="/vrrp-groups/new" element={<VrrpGroupForm />} />
          <Route path="/vrrp-groups/:name/edit" element={<VrrpGroupForm />} />
          <Route path="/audit" element={<Audit />} />
          <Route path="/configuration" element={<Configuration />} />
          <Route path="/tokens" element={<Tokens />} />
          <Route path="*" element={<p>No such page.</p>} />
        </Routes>
      </main>
    </div>
  );
}

export function App() {
  return (
    <SessionProvider signInPage={(p) => <SignIn {...p} />}>
      <Shell />
    </SessionProvider>
  );
}
