//! Tables owned by ads.
pub mod ad;
pub mod ad_slug;
pub mod category;
