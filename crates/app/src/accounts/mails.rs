//! The mails accounts send, written in the recipient's language.

use crate::platform::i18n::{Arg, I18n};
use crate::platform::mail::Mail;

/// Verification mail: a link and a code, both valid for 24 hours.
pub fn verification(
    i: &I18n,
    base_url: &str,
    to: &str,
    name: &str,
    token: &str,
    code: &str,
    reminder: bool,
) -> Mail {
    let link = format!("{base_url}/verify-email?token={token}");
    let key = if reminder {
        "mail-reminder"
    } else {
        "mail-verify"
    };
    Mail {
        to: to.to_string(),
        subject: i.t(&format!("{key}-subject")),
        body: i.t_with(
            &format!("{key}-body"),
            &[
                ("name", Arg::from(name)),
                ("link", Arg::from(link.as_str())),
                ("code", Arg::from(code)),
            ],
        ),
    }
}

/// Password reset mail: a link valid for one hour.
pub fn password_reset(i: &I18n, base_url: &str, to: &str, name: &str, token: &str) -> Mail {
    let link = format!("{base_url}/reset-password?token={token}");
    Mail {
        to: to.to_string(),
        subject: i.t("mail-reset-subject"),
        body: i.t_with(
            "mail-reset-body",
            &[
                ("name", Arg::from(name)),
                ("link", Arg::from(link.as_str())),
            ],
        ),
    }
}

/// Confirmation of a new address: sent to the new address.
pub fn email_change(i: &I18n, base_url: &str, to: &str, name: &str, token: &str) -> Mail {
    let link = format!("{base_url}/verify-email?token={token}");
    Mail {
        to: to.to_string(),
        subject: i.t("mail-change-subject"),
        body: i.t_with(
            "mail-change-body",
            &[
                ("name", Arg::from(name)),
                ("link", Arg::from(link.as_str())),
            ],
        ),
    }
}

/// A heads-up to the old address or after a password change, so a hijack does not go unnoticed.
pub fn security_notice(i: &I18n, to: &str, name: &str, what_key: &str) -> Mail {
    Mail {
        to: to.to_string(),
        subject: i.t("mail-notice-subject"),
        body: i.t_with(
            "mail-notice-body",
            &[
                ("name", Arg::from(name)),
                ("what", Arg::from(i.t(what_key).as_str())),
            ],
        ),
    }
}
