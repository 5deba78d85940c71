// Routes: public pages, then the signed-in shell with each role's pages.
import { Button, Result, Spin } from 'antd';
import { Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { homePathFor, useAuth } from './auth.tsx';
import { AppLayout, PublicShell } from './components/AppLayout.tsx';
import { RequireRole } from './components/RequireRole.tsx';
import { LoginPage } from './pages/public/LoginPage.tsx';
import { RegisterPage } from './pages/public/RegisterPage.tsx';
import { ForgotPasswordPage } from './pages/public/ForgotPasswordPage.tsx';
import { ActivatePage } from './pages/public/ActivatePage.tsx';
import { SelfCheckPage } from './pages/public/SelfCheckPage.tsx';
import { MyCasesPage } from './pages/author/MyCasesPage.tsx';
import { NewCasePage } from './pages/author/NewCasePage.tsx';
import { CaseEditPage } from './pages/author/CaseEditPage.tsx';
import { CaseViewPage } from './pages/shared/CaseViewPage.tsx';
import { ProvinceCasesPage } from './pages/province/ProvinceCasesPage.tsx';
import { ContactFormPage } from './pages/province/ContactFormPage.tsx';
import { ModePage } from './pages/province/ModePage.tsx';
import { Mode1ImportPage } from './pages/province/Mode1ImportPage.tsx';
import { ProvinceDashboardPage } from './pages/province/ProvinceDashboardPage.tsx';
import { DashboardPage } from './pages/organiser/DashboardPage.tsx';
import { ContactFormsPage } from './pages/organiser/ContactFormsPage.tsx';
import { AuthorActivatePage } from './pages/public/AuthorActivatePage.tsx';
import { OverviewPage } from './pages/organiser/OverviewPage.tsx';
import { AllCasesPage } from './pages/organiser/AllCasesPage.tsx';
import { CallsPage } from './pages/organiser/CallsPage.tsx';
import { ActivationCodesPage } from './pages/organiser/ActivationCodesPage.tsx';
import { AuditPage } from './pages/organiser/AuditPage.tsx';
import { SimilarityPage } from './pages/organiser/SimilarityPage.tsx';
import { ReviewTasksPage } from './pages/expert/ReviewTasksPage.tsx';
import { ReviewScorePage } from './pages/expert/ReviewScorePage.tsx';
import { ExpertActivatePage } from './pages/expert/ExpertActivatePage.tsx';
import { ReviewExpertsPage } from './pages/organiser/ReviewExpertsPage.tsx';
import { ReviewRoundsPage } from './pages/organiser/ReviewRoundsPage.tsx';
import { ReviewRoundPage } from './pages/organiser/ReviewRoundPage.tsx';
import { ResultsPage } from './pages/public/ResultsPage.tsx';
import { VerifyPage } from './pages/public/VerifyPage.tsx';
import { LibraryPage } from './pages/public/LibraryPage.tsx';
import { LibraryCasePage } from './pages/public/LibraryCasePage.tsx';
import { MyCertificatesPage } from './pages/author/MyCertificatesPage.tsx';
import { PublishPage } from './pages/organiser/PublishPage.tsx';
import { RegionCasesPage } from './pages/region/RegionCasesPage.tsx';
import { RegionCodesPage } from './pages/region/RegionCodesPage.tsx';
import { ProvinceCertificatesPage } from './pages/province/ProvinceCertificatesPage.tsx';
import { NoticesPage } from './pages/shared/NoticesPage.tsx';
import { AnnouncementsPage } from './pages/organiser/AnnouncementsPage.tsx';
import { MessagesPage } from './pages/organiser/MessagesPage.tsx';
import { AnnouncementsListPage } from './pages/public/AnnouncementsListPage.tsx';
import { AccountSecurityPage } from './pages/shared/AccountSecurityPage.tsx';
import { AccountsPage } from './pages/organiser/AccountsPage.tsx';

function Home() {
  const { user, loading } = useAuth();
  if (loading) return <Spin style={{ display: 'block', margin: 48 }} />;
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

export function App() {
  return (
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
  );
}
