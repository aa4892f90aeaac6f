//! Demo data for a fresh site, so the first visit is not an empty page.

use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

use super::entity::category;
use super::service;
use super::validate::AdForm;
use crate::accounts::entity::user;
use crate::platform::auth::{CurrentUser, Role, hash_password};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// A fresh password for the demo accounts of one site: printed on its console once,
/// never the same on two sites, so a demo site left running cannot be logged in to by
/// anyone who read this source.
fn demo_password() -> String {
    format!("demo-{}", &crate::platform::util::random_token()[..10])
}

/// The categories every site starts with: (slug, name, description).
pub const CATEGORIES: &[(&str, &str, &str)] = &[
    (
        "vehicles",
        "Vehicles",
        "Cars, bakkies, motorbikes, boats and parts.",
    ),
    (
        "property",
        "Property",
        "Houses, flats and rooms to rent or buy.",
    ),
    ("jobs", "Jobs", "Vacancies and people looking for work."),
    (
        "electronics",
        "Electronics",
        "Phones, computers, TVs, cameras and audio.",
    ),
    (
        "home-garden",
        "Home & Garden",
        "Furniture, appliances, tools and plants.",
    ),
    (
        "services",
        "Services",
        "Trades, tutoring, transport and repairs.",
    ),
    (
        "community",
        "Community",
        "Events, clubs, lost and found, volunteers.",
    ),
    ("pets", "Pets", "Pets to rehome, accessories and pet care."),
];

/// Seeds the categories if there are none (every site needs them).
pub async fn seed_categories(state: &AppState) -> anyhow::Result<bool> {
    if category::Entity::find().count(&state.db).await? > 0 {
        return Ok(false);
    }
    for (i, (slug, name, description)) in CATEGORIES.iter().enumerate() {
        category::ActiveModel {
            slug: Set(slug.to_string()),
            name: Set(name.to_string()),
            description: Set(description.to_string()),
            position: Set(i as i32 * 10),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
    }
    Ok(true)
}

/// (email, display name, role)
const USERS: &[(&str, &str, Role)] = &[
    ("admin@demo.saypro.local", "Office Admin", Role::Admin),
    (
        "moderator@demo.saypro.local",
        "Mpho (moderator)",
        Role::Moderator,
    ),
    ("agent@demo.saypro.local", "Sam (support)", Role::Agent),
    ("thandi@demo.saypro.local", "Thandi M.", Role::User),
    ("pieter@demo.saypro.local", "Pieter van Wyk", Role::User),
    ("aisha@demo.saypro.local", "Aisha K.", Role::User),
];

/// (category, title, description, price in rand or 0 for none, location, owner index)
const ADS: &[(&str, &str, &str, i64, &str, usize)] = &[
    (
        "vehicles",
        "Toyota Corolla 1.6 Prestige 2016",
        "One owner, full service history at Toyota. 142 000 km, new tyres in March, no accidents. Papers in order, roadworthy included.",
        149_900,
        "Bellville, Cape Town",
        3,
    ),
    (
        "vehicles",
        "Honda PCX 150 scooter, 2019",
        "Great commuter, 21 000 km, top box and two helmets included. Selling because I moved closer to work.",
        24_500,
        "Hatfield, Pretoria",
        4,
    ),
    (
        "vehicles",
        "Ford Ranger 2.2 double cab tow bar",
        "Original Ford tow bar with wiring harness, removed from a 2018 Ranger. Collect only.",
        2_800,
        "Durbanville",
        5,
    ),
    (
        "vehicles",
        "Kids' bicycle 20 inch, blue",
        "Outgrown. Gears work, brakes adjusted last month. Suitable for ages 7 to 10.",
        950,
        "Stellenbosch",
        3,
    ),
    (
        "property",
        "Sunny 2-bed flat to rent, Observatory",
        "Second floor, north facing, close to the station and Main Road. Secure parking for one car. Available 1 January, R12 500 per month excluding electricity.",
        12_500,
        "Observatory, Cape Town",
        4,
    ),
    (
        "property",
        "Room in shared house for a student",
        "Furnished room in a quiet house with two other students. Wi-Fi and water included, 10 minutes' walk to campus.",
        4_200,
        "Brooklyn, Pretoria",
        5,
    ),
    (
        "property",
        "3-bedroom family home with garden",
        "Open-plan kitchen, two bathrooms, double garage, established garden with borehole. Viewing by appointment.",
        2_350_000,
        "Somerset West",
        3,
    ),
    (
        "property",
        "Garage space to rent for storage",
        "Dry single garage with remote door. Ideal for boxes or a small car. Month to month.",
        1_100,
        "Randburg",
        4,
    ),
    (
        "jobs",
        "Experienced barista, full time",
        "Busy coffee shop looking for a barista with at least one year of experience. Weekend shifts on a roster. Send your CV through the office messaging.",
        0,
        "Sea Point, Cape Town",
        5,
    ),
    (
        "jobs",
        "Part-time bookkeeper for small business",
        "Two days a week. Pastel or Xero experience, monthly VAT returns and payroll for eight staff.",
        0,
        "Centurion",
        3,
    ),
    (
        "jobs",
        "Handyman available for weekend work",
        "Qualified handyman with own tools and transport: tiling, painting, small plumbing jobs. References available.",
        0,
        "Pinetown, Durban",
        4,
    ),
    (
        "jobs",
        "Grade 11 maths tutor wanted",
        "Looking for a patient tutor for two afternoons a week, at our home or online.",
        350,
        "Umhlanga",
        5,
    ),
    (
        "electronics",
        "Samsung Galaxy A54, 128 GB, with box",
        "Excellent condition, always in a cover with a screen protector. Charger and box included. Unlocked.",
        4_300,
        "Sandton",
        3,
    ),
    (
        "electronics",
        "Dell Latitude 5420 laptop, i5, 16 GB RAM",
        "Ex-office laptop, new battery, 512 GB SSD, Windows 11 Pro licence. Small scuff on the lid.",
        7_800,
        "Rondebosch",
        4,
    ),
    (
        "electronics",
        "LG 55-inch 4K smart TV",
        "Three years old, works perfectly, wall bracket included. Selling because we upgraded.",
        5_500,
        "Midrand",
        5,
    ),
    (
        "electronics",
        "Canon EOS 250D with 18-55 mm lens",
        "Low shutter count, two batteries, 64 GB card and bag. Perfect starter camera.",
        6_900,
        "Port Elizabeth",
        3,
    ),
    (
        "home-garden",
        "Solid wood dining table with six chairs",
        "Seats six comfortably, some marks on the top. Must collect; we can help load.",
        3_200,
        "Pietermaritzburg",
        4,
    ),
    (
        "home-garden",
        "Bosch cordless drill with two batteries",
        "18 V, with charger and a box of bits. Used for one renovation.",
        1_400,
        "Fourways",
        5,
    ),
    (
        "home-garden",
        "Indoor plants: monstera and pothos",
        "Healthy, repotted cuttings in 15 cm pots. R120 each or three for R300.",
        120,
        "Claremont",
        3,
    ),
    (
        "home-garden",
        "Defy chest freezer, 210 litres",
        "Runs cold and quiet, energy class A. Moving overseas, must go this month.",
        2_600,
        "Edenvale",
        4,
    ),
    (
        "services",
        "Garden service: weekly or once-off",
        "Mowing, edging, trimming and refuse removal. Reliable team, all areas in the southern suburbs.",
        450,
        "Southern Suburbs, Cape Town",
        5,
    ),
    (
        "services",
        "Mobile bicycle repairs",
        "I come to you: services, punctures, gear and brake tuning. Call-out fee included in the price below.",
        250,
        "Johannesburg North",
        3,
    ),
    (
        "services",
        "English and Afrikaans translation",
        "Documents, websites and CVs translated by a sworn translator. Quotes by the office messaging.",
        0,
        "Bloemfontein",
        4,
    ),
    (
        "services",
        "House cleaning, two days a week available",
        "Experienced cleaner with references, available Tuesdays and Thursdays.",
        300,
        "Kempton Park",
        5,
    ),
    (
        "community",
        "Saturday park run volunteers needed",
        "Help marshal and time the weekly 5 km. No experience needed, training on the day.",
        0,
        "Green Point",
        3,
    ),
    (
        "community",
        "Lost: grey cat near the library",
        "Answers to Mielie, wearing a red collar. Please check your garages. Reward offered.",
        0,
        "Linden",
        4,
    ),
    (
        "community",
        "Chess club meets every Wednesday",
        "All levels welcome, boards provided. Community hall, 18:00 to 20:00.",
        0,
        "Parkhurst",
        5,
    ),
    (
        "community",
        "Book swap at the community centre",
        "Bring a book, take a book. First Sunday of the month, 10:00 to 12:00.",
        0,
        "Muizenberg",
        3,
    ),
    (
        "pets",
        "Labrador puppies, vaccinated and dewormed",
        "Two males and one female, eight weeks old. Parents can be seen at our home. Collection only, we do not courier animals.",
        4_500,
        "Paarl",
        4,
    ),
    (
        "pets",
        "Large dog crate, almost new",
        "Fits a medium to large dog, folds flat for transport.",
        800,
        "Table View",
        5,
    ),
    (
        "pets",
        "Experienced pet sitter over the holidays",
        "I can feed and walk your pets or stay over. References from happy owners.",
        200,
        "Ballito",
        3,
    ),
    (
        "pets",
        "Free to a good home: two rabbits",
        "Friendly and litter trained, with their hutch. Looking for a family with a garden.",
        0,
        "Benoni",
        4,
    ),
];

/// Seeds demo users and ads into a site without users. Returns their password if it did.
pub async fn seed_demo(state: &AppState) -> anyhow::Result<Option<String>> {
    seed_categories(state).await?;
    if user::Entity::find().count(&state.db).await? > 0 {
        return Ok(None);
    }
    let password = demo_password();
    let hash = hash_password(&state.hashing, password.clone())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut owners = Vec::new();
    for (email, name, role) in USERS {
        let u = user::ActiveModel {
            email: Set(email.to_string()),
            email_canonical: Set(Some(crate::shield::email::canonical(email))),
            email_verified_at: Set(Some(now())),
            password_hash: Set(hash.clone()),
            display_name: Set(name.to_string()),
            role: Set(role.as_str().to_string()),
            language: Set(None),
            status: Set("active".into()),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
        owners.push(CurrentUser {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: *role,
            verified: true,
            language: None,
            session_id: String::new(),
            auth_at: 0,
        });
    }
    for (cat, title, description, price, location, owner) in ADS {
        let form = AdForm {
            category: cat.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            price: if *price > 0 {
                price.to_string()
            } else {
                String::new()
            },
            currency: String::new(),
            location: location.to_string(),
            contact_phone: String::new(),
        };
        let input = form
            .validate(&state.config.default_currency)
            .map_err(|e| anyhow::anyhow!("demo ad {title}: {e}"))?;
        service::create(state, &owners[*owner], None, input, false)
            .await
            .map_err(|e| anyhow::anyhow!("demo ad {title}: {e}"))?;
    }
    Ok(Some(password))
}

/// The demo accounts, for the start-up banner.
pub fn demo_accounts() -> impl Iterator<Item = (&'static str, &'static str)> {
    USERS.iter().map(|(email, _, role)| (*email, role.as_str()))
}

const MAKES: &[&str] = &[
    "Toyota Corolla",
    "VW Polo",
    "Ford Ranger",
    "Honda Jazz",
    "Nissan NP200",
    "BMW 320i",
    "Suzuki Swift",
    "Hyundai i20",
];
const THINGS: &[(&str, &str)] = &[
    ("electronics", "Samsung Galaxy phone"),
    ("electronics", "Dell laptop"),
    ("home-garden", "Oak dining table"),
    ("home-garden", "Cordless drill"),
    ("property", "Two-bedroom flat to rent"),
    ("jobs", "Part-time bookkeeper"),
    ("services", "Garden service"),
    ("community", "Book club meeting"),
    ("pets", "Dog crate"),
];
const PLACES: &[&str] = &[
    "Cape Town",
    "Durban",
    "Pretoria",
    "Johannesburg",
    "Bloemfontein",
    "Gqeberha",
    "Stellenbosch",
    "Polokwane",
];

/// Fills a site with `count` generated, published ads from one demo seller: the data set
/// for load tests and for trying the site at scale. Rows go in through the same tables
/// and slug rules as posted ads, a thousand per transaction.
pub async fn seed_bulk(state: &AppState, count: u64) -> anyhow::Result<u64> {
    seed_categories(state).await?;
    let cats = service::categories(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let cat_id = |slug: &str| {
        cats.iter()
            .find(|c| c.slug == slug)
            .map(|c| c.id)
            .unwrap_or(cats[0].id)
    };
    let hash = hash_password(&state.hashing, demo_password())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = now();
    let seller = user::ActiveModel {
        email: Set(format!("bulk-{t}@demo.saypro.local")),
        email_verified_at: Set(Some(t)),
        password_hash: Set(hash),
        display_name: Set("Bulk Seller".into()),
        role: Set(Role::User.as_str().into()),
        language: Set(None),
        status: Set("active".into()),
        created_at: Set(t),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let expires = t + state.config.ad_lifetime_days * 86_400;
    let mut done = 0;
    while done < count {
        let txn = crate::platform::db::write_txn(&state.db).await?;
        let end = (done + 1000).min(count);
        for n in done..end {
            let (category, base) = if n % 3 == 0 {
                ("vehicles", MAKES[(n / 3) as usize % MAKES.len()])
            } else {
                THINGS[(n - n / 3) as usize % THINGS.len()]
            };
            let title = format!("{base} {n}");
            let slug = super::slug::slugify(&title);
            let category_id = cat_id(category);
            let posted = t - (count - n) as i64;
            let place = PLACES[n as usize % PLACES.len()];
            let description = format!(
                "{title} in good condition. Collection in {place}, viewing by appointment."
            );
            let inserted = super::entity::ad::ActiveModel {
                owner_id: Set(seller.id),
                category_id: Set(category_id),
                slug: Set(slug.clone()),
                title: Set(title.clone()),
                description: Set(description.clone()),
                price_cents: Set(Some(((n * 7919) % 500_000 + 100) as i64 * 100)),
                currency: Set(state.config.default_currency.clone()),
                location: Set(place.to_string()),
                contact_phone: Set(None),
                status: Set(super::lifecycle::Status::Published.as_str().into()),
                created_at: Set(posted),
                updated_at: Set(posted),
                published_at: Set(Some(posted)),
                expires_at: Set(Some(expires)),
                search_title: Set(crate::platform::db::search::index_text(&[&title])),
                search_body: Set(crate::platform::db::search::index_text(&[
                    place,
                    &description,
                ])),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            super::entity::ad_slug::ActiveModel {
                ad_id: Set(inserted.id),
                category_id: Set(category_id),
                slug: Set(slug),
                created_at: Set(posted),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        done = end;
    }
    crate::platform::db::optimize(&state.db, true).await?;
    Ok(done)
}
