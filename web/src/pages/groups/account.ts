// The account, library and notification pages: one chunk (see discover.ts).
export { default as SignInPage } from "../account/SignInPage";
export { default as SignUpPage } from "../account/SignUpPage";
export { default as VerifyEmailPage } from "../account/VerifyEmailPage";
export { default as ForgotPasswordPage } from "../account/ForgotPasswordPage";
export { default as ResetPasswordPage } from "../account/ResetPasswordPage";
export { default as AccountPage } from "../account/AccountPage";
export { default as PreferencesPage } from "../notifications/PreferencesPage";
export { default as FeedPage } from "../notifications/FeedPage";
export { default as FavouritesPage } from "../library/FavouritesPage";
export { default as ListsPage } from "../library/ListsPage";
export { default as HistoryPage } from "../library/HistoryPage";
