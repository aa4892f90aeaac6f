//! The ads pages: home, browsing and search, the ad page, posting and editing, my ads,
//! and the admins' category page.
pub mod ad;
pub mod browse;
pub mod held;
pub mod home;
pub mod mine;
pub mod office;
pub mod post;

use crate::platform::web::Ctx;

/// A category as a page shows it.
#[derive(Clone, Debug)]
pub struct CategoryView {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub count: i64,
}

/// Builds the category views, with counts when given.
pub fn category_views(
    ctx: &Ctx,
    cats: &[crate::ads::entity::category::Model],
    counts: &[(i64, i64)],
) -> Vec<CategoryView> {
    cats.iter()
        .map(|c| {
            let desc_key = format!("category-{}-description", c.slug);
            CategoryView {
                id: c.id,
                slug: c.slug.clone(),
                name: crate::ads::view::category_name(ctx, c),
                description: crate::ads::view::translated_or_own(ctx, &desc_key, &c.description),
                count: counts
                    .iter()
                    .find(|(id, _)| *id == c.id)
                    .map(|(_, n)| *n)
                    .unwrap_or(0),
            }
        })
        .collect()
}
