//! How long the site keeps the record of what it did. Stops, verdicts, sent mail, read
//! notifications, expired sessions and used tokens would otherwise only grow: each
//! capability sweeps its own tables once a day with these limits (`--retention-days`,
//! `CLASSIFIEDS_RETENTION_DAYS`, 90 by default). The audit log, reports, decisions and
//! appeals are never swept: they are the site's memory of who decided what.

/// Days each kind of record is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// The shield's stops and the gate's verdicts (what analytics counts from).
    pub record_days: i64,
    /// Mail already handed to the mail server.
    pub sent_mail_days: i64,
    /// Notifications already read.
    pub read_notification_days: i64,
    /// Expired sessions and used or expired e-mail tokens.
    pub token_days: i64,
}

impl Retention {
    /// The same number of days for every record (sessions and tokens: a week at most).
    pub fn days(days: i64) -> Self {
        let days = days.max(1);
        Retention {
            record_days: days,
            sent_mail_days: days,
            read_notification_days: days,
            token_days: days.min(7),
        }
    }

    /// The Unix time before which records of `days` are swept.
    pub fn cutoff(days: i64) -> i64 {
        super::util::now() - days * 86_400
    }
}

impl Default for Retention {
    fn default() -> Self {
        Retention::days(90)
    }
}

/// How often the sweeps run.
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
