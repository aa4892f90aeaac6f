//! `/classifieds` (all ads, search) and `/classifieds/{category}`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::{CategoryView, category_views};
use crate::ads::api::{ListQuery, listing_from};
use crate::ads::queries::{self, MAX_PAGE, PER_PAGE, Sort};
use crate::ads::service;
use crate::ads::view::AdView;
use crate::platform::error::{AppError, AppResult};
use crate::platform::render::{cached, page};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "ads/list.html")]
struct ListPage {
    ctx: Ctx,
    heading: String,
    intro: String,
    category: Option<CategoryView>,
    categories: Vec<CategoryView>,
    ads: Vec<AdView>,
    total: u64,
    page: u64,
    pages: u64,
    q: String,
    sort: String,
    min_price: String,
    max_price: String,
    base: String,
}

impl ListPage {
    /// "Page 2 of 7".
    fn page_label(&self) -> String {
        use crate::platform::i18n::Arg;
        self.ctx.t_with(
            "list-page-of",
            &[
                ("page", Arg::Num(self.page as i64)),
                ("pages", Arg::Num(self.pages as i64)),
            ],
        )
    }

    /// A link to another page of the same listing.
    fn page_link(&self, page: u64) -> String {
        let mut params = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            params.append_pair("q", &self.q);
        }
        if !self.sort.is_empty() && self.sort != "relevance" {
            params.append_pair("sort", &self.sort);
        }
        if !self.min_price.is_empty() {
            params.append_pair("min_price", &self.min_price);
        }
        if !self.max_price.is_empty() {
            params.append_pair("max_price", &self.max_price);
        }
        params.append_pair("page", &page.to_string());
        format!("{}?{}", self.base, params.finish())
    }
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    category_slug: Option<String>,
    mut q: ListQuery,
) -> AppResult<Response> {
    if category_slug.is_some() {
        q.category = category_slug.clone();
    }
    let cats = service::categories(&state.db).await?;
    let views = category_views(&ctx, &cats, &queries::category_counts(state).await?);
    let category = match &category_slug {
        Some(slug) => Some(
            views
                .iter()
                .find(|c| &c.slug == slug)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let listing = listing_from(state, &q).await?;
    let (ads, total) = queries::list(state, &listing).await?;
    let map = cats.iter().map(|c| (c.id, c.clone())).collect();
    let ads = ads.iter().map(|a| AdView::new(&ctx, a, &map)).collect();
    let heading = match (
        &category,
        q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()),
    ) {
        (_, Some(text)) => ctx.t1("list-search-heading", "query", text),
        (Some(c), None) => c.name.clone(),
        (None, None) => ctx.t("list-all-heading"),
    };
    let intro = category
        .as_ref()
        .map(|c| c.description.clone())
        .unwrap_or_default();
    let base = match &category_slug {
        Some(slug) => format!("/classifieds/{slug}"),
        None => "/classifieds".into(),
    };
    let pages = total.div_ceil(PER_PAGE).clamp(1, MAX_PAGE);
    page(&ListPage {
        heading,
        intro,
        category,
        categories: views,
        ads,
        total,
        page: listing.page,
        pages,
        q: q.q.unwrap_or_default(),
        sort: if listing.sort == Sort::Relevance {
            String::new()
        } else {
            listing.sort.as_str().into()
        },
        min_price: q.min_price.unwrap_or_default(),
        max_price: q.max_price.unwrap_or_default(),
        base,
        ctx,
    })
}

pub async fn all(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    cached(&state, &ctx, || render(&state, ctx.clone(), None, q)).await
}

pub async fn category(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    cached(&state, &ctx, || render(&state, ctx.clone(), Some(slug), q)).await
}
