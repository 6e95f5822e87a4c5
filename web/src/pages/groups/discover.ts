// Pages fetched together in one chunk (fewer, larger chunks: every chunk costs a request and a
// module evaluation, which dominates on a slow phone). See app/routes.ts.
export { default as BrowsePage } from "../browse/BrowsePage";
export { default as FilmPage } from "../film/FilmPage";
export { default as FaqPage } from "../faq/FaqPage";
export { default as ListPage } from "../library/ListPage";
export { default as NotFoundPage } from "../NotFoundPage";
