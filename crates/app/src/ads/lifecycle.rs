//! The one place that decides how an ad's status may change. The gate and moderation
//! plug their decisions in as events; nothing else writes `ads.status`.

use serde::Serialize;

/// Where an ad is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    PendingReview,
    Published,
    Rejected,
    Expired,
    Deleted,
    /// Taken down while moderators look into reports about it.
    Hidden,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::PendingReview => "pending_review",
            Status::Published => "published",
            Status::Rejected => "rejected",
            Status::Expired => "expired",
            Status::Deleted => "deleted",
            Status::Hidden => "hidden",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "pending_review" => Status::PendingReview,
            "published" => Status::Published,
            "rejected" => Status::Rejected,
            "expired" => Status::Expired,
            "deleted" => Status::Deleted,
            "hidden" => Status::Hidden,
            _ => return None,
        })
    }
}

/// Something that happens to an ad.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The owner submits a new ad; `publish` is the gate's (for now: the account's) answer.
    Submit { publish: bool },
    /// The owner changes it; `publish` says whether the new text may go live without review.
    Edit { publish: bool },
    /// A moderator approves it.
    Approve,
    /// A moderator rejects it.
    Reject,
    /// Its time ran out.
    Expire,
    /// The owner extends its time.
    Renew,
    /// The owner removes it.
    Delete,
    /// Reports (or a moderator) take it down pending investigation.
    Hide,
}

/// A change the rules do not allow, e.g. renewing a rejected ad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an ad that is {from:?} cannot take {event:?}")]
pub struct InvalidTransition {
    pub from: Option<Status>,
    pub event: Event,
}

/// The status after `event`, or why it cannot happen.
pub fn next(from: Option<Status>, event: Event) -> Result<Status, InvalidTransition> {
    use Event::*;
    use Status::*;
    let to = match (from, event) {
        (None, Submit { publish: true }) => Published,
        (None, Submit { publish: false }) => PendingReview,
        (Some(PendingReview), Approve) => Published,
        (Some(PendingReview | Published), Reject) => Rejected,
        (Some(Rejected), Approve) => Published,
        (Some(Published), Expire) => Expired,
        (Some(Published | Expired), Renew) => Published,
        (Some(Published), Edit { publish: true }) => Published,
        // A rejected ad goes back to a person, whatever the edit: only review undoes review.
        (Some(Rejected), Edit { .. }) => PendingReview,
        (Some(Published | PendingReview), Edit { publish: false }) => PendingReview,
        (Some(PendingReview), Edit { publish: true }) => PendingReview,
        // An expired ad keeps resting after an edit the gate lets through; held text goes
        // to a person (and never reaches the site through Renew unscreened).
        (Some(Expired), Edit { publish: true }) => Expired,
        (Some(Expired), Edit { publish: false }) => PendingReview,
        (Some(PendingReview | Published | Rejected | Expired | Hidden), Delete) => Deleted,
        (Some(Published), Hide) => Hidden,
        (Some(Hidden), Approve) => Published,
        (Some(Hidden), Reject) => Rejected,
        // Editing does not end an investigation.
        (Some(Hidden), Edit { .. }) => Hidden,
        (from, event) => return Err(InvalidTransition { from, event }),
    };
    Ok(to)
}

/// Whether entering `to` through `event` starts a new publication period.
pub fn starts_period(event: Event, to: Status) -> bool {
    to == Status::Published && matches!(event, Event::Submit { .. } | Event::Approve | Event::Renew)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event::*;
    use Status::*;

    #[test]
    fn a_hidden_ad_waits_for_a_decision() {
        let s = next(Some(Published), Hide).unwrap();
        assert_eq!(s, Hidden);
        assert_eq!(next(Some(s), Edit { publish: true }).unwrap(), Hidden);
        assert_eq!(next(Some(s), Approve).unwrap(), Published);
        assert_eq!(next(Some(s), Reject).unwrap(), Rejected);
        assert!(next(Some(s), Renew).is_err());
        assert!(next(Some(PendingReview), Hide).is_err());
    }

    #[test]
    fn the_happy_life_of_an_ad() {
        let s = next(None, Submit { publish: true }).unwrap();
        assert_eq!(s, Published);
        let s = next(Some(s), Expire).unwrap();
        assert_eq!(s, Expired);
        let s = next(Some(s), Renew).unwrap();
        assert_eq!(s, Published);
        assert_eq!(next(Some(s), Delete).unwrap(), Deleted);
    }

    #[test]
    fn review_paths() {
        let s = next(None, Submit { publish: false }).unwrap();
        assert_eq!(s, PendingReview);
        assert_eq!(next(Some(s), Approve).unwrap(), Published);
        assert_eq!(next(Some(s), Reject).unwrap(), Rejected);
        // An edit under review stays under review even if it would pass on its own.
        assert_eq!(
            next(Some(s), Edit { publish: true }).unwrap(),
            PendingReview
        );
        assert_eq!(
            next(Some(Published), Edit { publish: false }).unwrap(),
            PendingReview
        );
        // Only review undoes review: editing a rejected ad sends it back to a person.
        assert_eq!(
            next(Some(Rejected), Edit { publish: true }).unwrap(),
            PendingReview
        );
    }

    #[test]
    fn held_text_on_an_expired_ad_goes_to_a_person() {
        assert_eq!(
            next(Some(Expired), Edit { publish: false }).unwrap(),
            PendingReview
        );
        assert_eq!(
            next(Some(Expired), Edit { publish: true }).unwrap(),
            Expired
        );
    }

    #[test]
    fn forbidden_moves_are_refused() {
        assert!(next(Some(Rejected), Renew).is_err());
        assert!(next(Some(PendingReview), Renew).is_err());
        assert!(next(Some(Deleted), Edit { publish: true }).is_err());
        assert!(next(Some(Deleted), Renew).is_err());
        assert!(next(Some(Expired), Expire).is_err());
        assert!(next(None, Approve).is_err());
    }

    #[test]
    fn every_status_round_trips_its_name() {
        for s in [PendingReview, Published, Rejected, Expired, Deleted] {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn only_submit_approve_and_renew_start_a_period() {
        assert!(starts_period(Renew, Published));
        assert!(!starts_period(Edit { publish: true }, Published));
        assert!(!starts_period(Submit { publish: false }, PendingReview));
    }
}
