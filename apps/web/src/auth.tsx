// The signed-in user, loaded once from /api/auth/me and updated by login, register, activate and logout.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthorizedHandler, type User } from './api/index.ts';

interface AuthState {
  user: User | null;
  loading: boolean;
  setUser(user: User | null): void;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    // A 401 mid-session (expired or revoked session) signs the user out of the UI; RequireRole then shows 登录.
    setUnauthorizedHandler(() => setUser(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  useEffect(() => {
    let alive = true;
    api
      .me()
      .then((r) => alive && setUser(r.user))
      .catch((e) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('auth/me failed', e);
        if (alive) setUser(null);
      })
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, loading, setUser, logout }), [user, loading, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** Where each role lands after signing in. */
export function homePathFor(user: User | null): string {
  switch (user?.role) {
    case 'author':
      return '/my/cases';
    case 'province_admin':
      return '/province/cases';
    case 'city_admin':
    case 'county_admin':
      return '/region/cases';
    case 'organiser':
      return '/org/overview';
    case 'expert':
      return '/expert/tasks';
    default:
      return '/login';
  }
}
