//! How an ad is shown: to people (cards, the ad page) and to programs (the API's JSON).

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::entity::{ad, category};
use super::lifecycle::Status;
use super::service::ad_url;
use crate::platform::util::{format_price, format_time};
use crate::platform::web::Ctx;

/// An ad in a page.
#[derive(Clone, Debug)]
pub struct AdView {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub excerpt: String,
    pub paragraphs: Vec<String>,
    pub price: Option<String>,
    pub location: String,
    pub category_slug: String,
    pub category_name: String,
    pub status: String,
    pub posted: String,
    pub expires: String,
    pub contact_phone: Option<String>,
    pub owner_id: i64,
}

/// A category's name in the visitor's language when the locale has one (seeded
/// categories do), else as the admin typed it.
pub fn category_name(ctx: &Ctx, c: &category::Model) -> String {
    translated_or_own(ctx, &format!("category-{}", c.slug), &c.name)
}

/// The locale's text for a seeded category field while the admin has kept the seeded
/// English; once an admin renames it, their words win in every language.
pub fn translated_or_own(ctx: &Ctx, key: &str, own: &str) -> String {
    let english = crate::platform::i18n::I18n::default().t(key);
    if english == key || english != own {
        own.to_string()
    } else {
        ctx.t(key)
    }
}

impl AdView {
    /// Builds the view; `cats` must hold the ad's category.
    pub fn new(ctx: &Ctx, a: &ad::Model, cats: &HashMap<i64, category::Model>) -> AdView {
        let (cat_slug, cat_name) = cats
            .get(&a.category_id)
            .map(|c| (c.slug.clone(), category_name(ctx, c)))
            .unwrap_or_default();
        let excerpt: String = a.description.chars().take(140).collect();
        AdView {
            id: a.id,
            title: a.title.clone(),
            url: ad_url(&cat_slug, &a.slug),
            excerpt: if a.description.chars().count() > 140 {
                format!("{}…", excerpt.trim_end())
            } else {
                excerpt
            },
            paragraphs: a
                .description
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            price: a.price_cents.map(|c| format_price(c, &a.currency)),
            location: a.location.clone(),
            category_slug: cat_slug,
            category_name: cat_name,
            status: a.status.clone(),
            posted: format_time(a.published_at.unwrap_or(a.created_at)),
            expires: a.expires_at.map(format_time).unwrap_or_default(),
            contact_phone: a.contact_phone.clone(),
            owner_id: a.owner_id,
        }
    }

    /// The status label key (`status-published`, …).
    pub fn status_key(&self) -> String {
        format!("status-{}", self.status.replace('_', "-"))
    }

    /// Whether the owner may renew it now.
    pub fn renewable(&self) -> bool {
        self.status == Status::Published.as_str() || self.status == Status::Expired.as_str()
    }
}

/// An ad in the API.
#[derive(Serialize, ToSchema)]
pub struct AdOut {
    pub id: i64,
    pub url: String,
    pub category: String,
    pub title: String,
    pub description: String,
    /// Price in cents of `currency`.
    pub price_cents: Option<i64>,
    pub currency: String,
    pub location: String,
    pub contact_phone: Option<String>,
    pub status: Status,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub expires_at: Option<i64>,
}

impl AdOut {
    /// Builds the JSON view; `cats` must hold the ad's category.
    pub fn new(a: &ad::Model, cats: &HashMap<i64, category::Model>) -> AdOut {
        let cat_slug = cats
            .get(&a.category_id)
            .map(|c| c.slug.clone())
            .unwrap_or_default();
        AdOut {
            id: a.id,
            url: ad_url(&cat_slug, &a.slug),
            category: cat_slug,
            title: a.title.clone(),
            description: a.description.clone(),
            price_cents: a.price_cents,
            currency: a.currency.clone(),
            location: a.location.clone(),
            contact_phone: a.contact_phone.clone(),
            status: Status::parse(&a.status).unwrap_or(Status::PendingReview),
            created_at: a.created_at,
            updated_at: a.updated_at,
            published_at: a.published_at,
            expires_at: a.expires_at,
        }
    }
}
