// Routes: public pages, then the signed-in shell with each role's pages. Every page and the signed-in shell are loaded
// on demand (React.lazy), so a visitor's first page loads no role's code and each role loads only its own pages.
import { lazy, Suspense, type ComponentType } from 'react';
import { Button, Result, Spin } from 'antd';
import { Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { homePathFor, useAuth } from './auth.tsx';
import { RequireRole } from './components/RequireRole.tsx';

/** A lazily loaded named export (the pages export named components). */
// biome-ignore lint/suspicious/noExplicitAny: each page has its own props; lazy() keeps the component's own type.
function page<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const AppLayout = page(() => import('./components/AppLayout.tsx'), 'AppLayout');
const PublicShell = page(() => import('./components/PublicShell.tsx'), 'PublicShell');
const LoginPage = page(() => import('./pages/public/LoginPage.tsx'), 'LoginPage');
const RegisterPage = page(() => import('./pages/public/RegisterPage.tsx'), 'RegisterPage');
const ForgotPasswordPage = page(() => import('./pages/public/ForgotPasswordPage.tsx'), 'ForgotPasswordPage');
const ActivatePage = page(() => import('./pages/public/ActivatePage.tsx'), 'ActivatePage');
const SelfCheckPage = page(() => import('./pages/public/SelfCheckPage.tsx'), 'SelfCheckPage');
const MyCasesPage = page(() => import('./pages/author/MyCasesPage.tsx'), 'MyCasesPage');
const NewCasePage = page(() => import('./pages/author/NewCasePage.tsx'), 'NewCasePage');
const CaseEditPage = page(() => import('./pages/author/CaseEditPage.tsx'), 'CaseEditPage');
const CaseViewPage = page(() => import('./pages/shared/CaseViewPage.tsx'), 'CaseViewPage');
const ProvinceCasesPage = page(() => import('./pages/province/ProvinceCasesPage.tsx'), 'ProvinceCasesPage');
const ContactFormPage = page(() => import('./pages/province/ContactFormPage.tsx'), 'ContactFormPage');
const ModePage = page(() => import('./pages/province/ModePage.tsx'), 'ModePage');
const Mode1ImportPage = page(() => import('./pages/province/Mode1ImportPage.tsx'), 'Mode1ImportPage');
const ProvinceDashboardPage = page(() => import('./pages/province/ProvinceDashboardPage.tsx'), 'ProvinceDashboardPage');
const DashboardPage = page(() => import('./pages/organiser/DashboardPage.tsx'), 'DashboardPage');
const ContactFormsPage = page(() => import('./pages/organiser/ContactFormsPage.tsx'), 'ContactFormsPage');
const AuthorActivatePage = page(() => import('./pages/public/AuthorActivatePage.tsx'), 'AuthorActivatePage');
const OverviewPage = page(() => import('./pages/organiser/OverviewPage.tsx'), 'OverviewPage');
const AllCasesPage = page(() => import('./pages/organiser/AllCasesPage.tsx'), 'AllCasesPage');
const CallsPage = page(() => import('./pages/organiser/CallsPage.tsx'), 'CallsPage');
const CallBuilderListPage = page(() => import('./pages/organiser/CallBuilderListPage.tsx'), 'CallBuilderListPage');
const CallBuilderEditPage = page(() => import('./pages/organiser/CallBuilderEditPage.tsx'), 'CallBuilderEditPage');
const ActivationCodesPage = page(() => import('./pages/organiser/ActivationCodesPage.tsx'), 'ActivationCodesPage');
const AuditPage = page(() => import('./pages/organiser/AuditPage.tsx'), 'AuditPage');
const SimilarityPage = page(() => import('./pages/organiser/SimilarityPage.tsx'), 'SimilarityPage');
const ReviewTasksPage = page(() => import('./pages/expert/ReviewTasksPage.tsx'), 'ReviewTasksPage');
const ReviewScorePage = page(() => import('./pages/expert/ReviewScorePage.tsx'), 'ReviewScorePage');
const ExpertActivatePage = page(() => import('./pages/expert/ExpertActivatePage.tsx'), 'ExpertActivatePage');
const ReviewExpertsPage = page(() => import('./pages/organiser/ReviewExpertsPage.tsx'), 'ReviewExpertsPage');
const ReviewRoundsPage = page(() => import('./pages/organiser/ReviewRoundsPage.tsx'), 'ReviewRoundsPage');
const ReviewRoundPage = page(() => import('./pages/organiser/ReviewRoundPage.tsx'), 'ReviewRoundPage');
const ResultsPage = page(() => import('./pages/public/ResultsPage.tsx'), 'ResultsPage');
const VerifyPage = page(() => import('./pages/public/VerifyPage.tsx'), 'VerifyPage');
const LibraryPage = page(() => import('./pages/public/LibraryPage.tsx'), 'LibraryPage');
const LibraryCasePage = page(() => import('./pages/public/LibraryCasePage.tsx'), 'LibraryCasePage');
const MyCertificatesPage = page(() => import('./pages/author/MyCertificatesPage.tsx'), 'MyCertificatesPage');
const PublishPage = page(() => import('./pages/organiser/PublishPage.tsx'), 'PublishPage');
const RegionCasesPage = page(() => import('./pages/region/RegionCasesPage.tsx'), 'RegionCasesPage');
const RegionCodesPage = page(() => import('./pages/region/RegionCodesPage.tsx'), 'RegionCodesPage');
const ProvinceCertificatesPage = page(() => import('./pages/province/ProvinceCertificatesPage.tsx'), 'ProvinceCertificatesPage');
const NoticesPage = page(() => import('./pages/shared/NoticesPage.tsx'), 'NoticesPage');
const AnnouncementsPage = page(() => import('./pages/organiser/AnnouncementsPage.tsx'), 'AnnouncementsPage');
const MessagesPage = page(() => import('./pages/organiser/MessagesPage.tsx'), 'MessagesPage');
const AnnouncementsListPage = page(() => import('./pages/public/AnnouncementsListPage.tsx'), 'AnnouncementsListPage');
const AccountSecurityPage = page(() => import('./pages/shared/AccountSecurityPage.tsx'), 'AccountSecurityPage');
const AccountsPage = page(() => import('./pages/organiser/AccountsPage.tsx'), 'AccountsPage');
const HomePage = page(() => import('./pages/public/HomePage.tsx'), 'HomePage');
const CallNoticePage = page(() => import('./pages/public/CallNoticePage.tsx'), 'CallNoticePage');
const CallNoticeEditorPage = page(() => import('./pages/organiser/CallNoticeEditorPage.tsx'), 'CallNoticeEditorPage');

/** The front door for a visitor; a signed-in user goes to the role's first page. */
function Home() {
  const { user, loading } = useAuth();
  if (loading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!user) return <HomePage />;
  return <Navigate to={homePathFor(user)} replace />;
}

function NotFound() {
  const navigate = useNavigate();
  return <Result status="404" title="页面不存在" extra={<Button type="primary" onClick={() => navigate('/')}>返回首页</Button>} />;
}

/** 文件自检 is public: inside the shell for signed-in users, in the public frame otherwise. */
function SelfCheckRoute() {
  const { user, loading } = useAuth();
  if (loading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (user) return <Navigate to="/check" replace />;
  return (
    <PublicShell title="文件自检" width={1100}>
      <SelfCheckPage />
    </PublicShell>
  );
}

/** Shown while a page's code loads. */
function PageLoading() {
  return <Spin style={{ display: 'block', margin: 48 }} />;
}

export function App() {
  return (
    <Suspense fallback={<PageLoading />}>
    <Routes>
      <Route path="/" element={<Home />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/activate" element={<ActivatePage />} />
      <Route path="/activate-expert" element={<ExpertActivatePage />} />
      <Route path="/activate-author" element={<AuthorActivatePage />} />
      <Route path="/self-check" element={<SelfCheckRoute />} />
      <Route path="/results" element={<ResultsPage />} />
      <Route path="/announcements" element={<AnnouncementsListPage />} />
      <Route path="/calls/:callId" element={<CallNoticePage />} />
      <Route path="/library" element={<LibraryPage />} />
      <Route path="/library/:id" element={<LibraryCasePage />} />
      <Route path="/verify" element={<VerifyPage />} />
      <Route path="/verify/:number" element={<VerifyPage />} />
      <Route element={<RequireRole><AppLayout /></RequireRole>}>
        <Route path="/check" element={<SelfCheckPage />} />
        <Route path="/account/security" element={<AccountSecurityPage />} />
        <Route path="/org/users" element={<RequireRole roles={['organiser']}><AccountsPage /></RequireRole>} />
        <Route path="/cases/:id" element={<CaseViewPage />} />
        <Route path="/notices" element={<NoticesPage />} />
        <Route path="/org/notices" element={<RequireRole roles={['organiser']}><CallNoticeEditorPage /></RequireRole>} />
        <Route path="/org/announcements" element={<RequireRole roles={['organiser']}><AnnouncementsPage /></RequireRole>} />
        <Route path="/org/messages" element={<RequireRole roles={['organiser']}><MessagesPage /></RequireRole>} />
        <Route path="/my/cases" element={<RequireRole roles={['author']}><MyCasesPage /></RequireRole>} />
        <Route path="/my/new" element={<RequireRole roles={['author']}><NewCasePage /></RequireRole>} />
        <Route path="/my/cases/:id/edit" element={<RequireRole roles={['author']}><CaseEditPage /></RequireRole>} />
        <Route path="/province/cases" element={<RequireRole roles={['province_admin']}><ProvinceCasesPage /></RequireRole>} />
        <Route path="/province/city-codes" element={<RequireRole roles={['province_admin']}><RegionCodesPage /></RequireRole>} />
        <Route path="/region/cases" element={<RequireRole roles={['city_admin', 'county_admin']}><RegionCasesPage /></RequireRole>} />
        <Route path="/region/codes" element={<RequireRole roles={['city_admin']}><RegionCodesPage /></RequireRole>} />
        <Route path="/province/contact" element={<RequireRole roles={['province_admin']}><ContactFormPage /></RequireRole>} />
        <Route path="/province/mode" element={<RequireRole roles={['province_admin']}><ModePage /></RequireRole>} />
        <Route path="/province/mode1" element={<RequireRole roles={['province_admin']}><Mode1ImportPage /></RequireRole>} />
        <Route path="/province/dashboard" element={<RequireRole roles={['province_admin']}><ProvinceDashboardPage /></RequireRole>} />
        <Route path="/org/overview" element={<RequireRole roles={['organiser']}><OverviewPage /></RequireRole>} />
        <Route path="/org/dashboard" element={<RequireRole roles={['organiser']}><DashboardPage /></RequireRole>} />
        <Route path="/org/contact-forms" element={<RequireRole roles={['organiser']}><ContactFormsPage /></RequireRole>} />
        <Route path="/org/cases" element={<RequireRole roles={['organiser']}><AllCasesPage /></RequireRole>} />
        <Route path="/org/calls" element={<RequireRole roles={['organiser']}><CallsPage /></RequireRole>} />
        <Route path="/org/call-builder" element={<RequireRole roles={['organiser']}><CallBuilderListPage /></RequireRole>} />
        <Route path="/org/call-builder/:callId" element={<RequireRole roles={['organiser']}><CallBuilderEditPage /></RequireRole>} />
        <Route path="/org/codes" element={<RequireRole roles={['organiser']}><ActivationCodesPage /></RequireRole>} />
        <Route path="/org/audit" element={<RequireRole roles={['organiser']}><AuditPage /></RequireRole>} />
        <Route path="/org/similarity" element={<RequireRole roles={['organiser']}><SimilarityPage /></RequireRole>} />
        <Route path="/expert/tasks" element={<RequireRole roles={['expert']}><ReviewTasksPage /></RequireRole>} />
        <Route path="/expert/review/:roundId/:caseId" element={<RequireRole roles={['expert']}><ReviewScorePage /></RequireRole>} />
        <Route path="/org/experts" element={<RequireRole roles={['organiser']}><ReviewExpertsPage /></RequireRole>} />
        <Route path="/org/review" element={<RequireRole roles={['organiser']}><ReviewRoundsPage /></RequireRole>} />
        <Route path="/org/review/:roundId" element={<RequireRole roles={['organiser']}><ReviewRoundPage /></RequireRole>} />
        <Route path="/my/certificates" element={<RequireRole roles={['author']}><MyCertificatesPage /></RequireRole>} />
        <Route path="/org/results" element={<RequireRole roles={['organiser']}><PublishPage /></RequireRole>} />
        <Route path="/province/certificates" element={<RequireRole roles={['province_admin']}><ProvinceCertificatesPage /></RequireRole>} />
        <Route path="/province/review" element={<RequireRole roles={['province_admin']}><ReviewRoundsPage scope="province" /></RequireRole>} />
        <Route path="/province/review/experts" element={<RequireRole roles={['province_admin']}><ReviewExpertsPage scope="province" /></RequireRole>} />
        <Route path="/province/review/:roundId" element={<RequireRole roles={['province_admin']}><ReviewRoundPage scope="province" /></RequireRole>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
    </Suspense>
  );
}
