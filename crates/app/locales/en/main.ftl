# SayPro Classifieds — English. Every key here must exist in every shipped locale.

## Navigation and layout
nav-skip = Skip to content
nav-account = Account
nav-post = Post an ad
nav-my-ads = My ads
nav-office = Office
nav-logout = Log out
nav-login = Log in
nav-register = Register
nav-footer = Site links
nav-browse = Browse ads
nav-help = Help and safety
nav-home = Home
nav-breadcrumbs = You are here
search-label = Search ads
search-placeholder = What are you looking for?
search-button = Search
language-label = Language
language-apply = Change
banner-unverified = Please confirm your email address before you post ads.
banner-unverified-link = Confirm my address

## Errors
error-title = Something went wrong
error-home = Back to the home page
error-not-found = We could not find that page. The ad may have been removed, or the address is mistyped.
error-method-not-allowed = That action is not possible on this page.
error-payload-too-large = What you sent is too large. Please shorten it and try again.
error-request-timeout = The request took too long to arrive. Please try again.
error-session-ended = You have been logged out after too many wrong passwords. Please log in again.
error-unsupported-media-type = Please send JSON with the header Content-Type: application/json.
error-invalid-body = We could not read what you sent. Please check the form and try again.
error-bad-request = That request is not valid.
error-validation-failed = Some fields need your attention.
error-unauthorized = Please log in to continue.
error-forbidden = You do not have permission to do that.
error-escalated-to-admins = This item was escalated: an administrator decides it.
error-own-ad-decision = You cannot decide on your own ad: another moderator will.
error-too-many-requests = Too many attempts. Please wait a little and try again.
error-service-unavailable = The site is having trouble reaching its database. Please try again in a moment.
error-internal = Something went wrong on our side. It has been logged; please try again.
error-invalid-credentials = That email address and password do not match an account.
error-account-suspended = This account is suspended. Contact the office if you think this is a mistake.
error-csrf-failed = Your form expired. Please reload the page and try again.
error-cross-origin = Requests from other websites are not accepted.
error-email-not-verified = You need to confirm your email address before you can post ads.
error-not-owner = Only the person who posted this ad can change it.
error-token-invalid = This link is not valid or has already been used.
error-token-expired = This link has expired. Ask for a new one below.
error-already-verified = Your email address is already confirmed.
error-email-taken = An account with this email address already exists.
error-slug-taken = A category with this address already exists.
error-category-not-empty = This category still has ads. Move or remove them first.
error-invalid-transition = That is not possible for an ad in its current state.
error-conflict = Someone changed this at the same time. Please reload and try again.
form-has-errors = Please correct the fields marked below. Nothing you typed has been lost.

## Field messages
field-required = This field is required.
field-too-short = This is too short.
field-too-long = This is too long.
field-invalid = This value is not valid.
field-email = Email address
field-email-invalid = Enter an email address like name@example.com.
field-email-taken = An account with this email address already exists. Log in, or reset your password.
field-email-same = This is already your email address.
field-password = Password
field-password-hint = At least 10 characters. A few words together make a strong, memorable password.
field-password-short = Use at least 10 characters.
field-password-wrong = That is not your current password.
field-current-password = Current password
field-new-password = New password
field-new-email = New email address
field-display-name = Display name
field-code = Six-digit code
field-code-invalid = That code is not right, or it has expired.
field-category = Category
field-category-required = Choose a category.
field-category-unknown = That category does not exist.
field-title = Title
field-description = Description
field-price = Price
field-price-hint = Leave empty for "price on request".
field-price-invalid = Enter a price like 1250 or 1 250.50.
field-price-too-high = That price is too high.
field-currency = Currency
field-currency-invalid = Use a three-letter currency code such as ZAR.
field-location = Location
field-contact-phone = Contact phone
field-phone-invalid = Enter a phone number with 7 to 15 digits.
field-optional = optional
field-name = Name
field-slug-taken = A category with this address already exists.
field-slug-fixed = A category's address cannot change once it exists.
field-page-invalid = That page does not exist.

## Notices
notice-verification-sent = We sent you an email with a link and a six-digit code. It is valid for 24 hours.
notice-reset-sent = If an account exists for that address, we have sent it a link to choose a new password.
notice-password-reset = Your password has been changed. Please log in.
notice-email-change-sent = We sent a confirmation link to your new address. Your address changes when you open it.
notice-saved = Saved.
notice-password-changed = Your password has been changed. Other devices have been logged out.
notice-session-ended-guessing = Someone using your logged-in session typed a wrong password five times. We logged that session out. If it was not you, change your password.
notice-email-changed = your email address was changed
notice-ad-renewed = Your ad has been renewed.
notice-ad-deleted = Your ad has been deleted.
notice-category-deleted = The category has been deleted.

## Accounts
register-title = Create an account
register-submit = Create account
register-have-account = Already have an account?
login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
verify-title = Confirm your email address
verify-intro = Open the link in the email we sent you, or type the six-digit code from it here.
verify-submit = Confirm
verify-resend = Send me a new code
verify-login-to-resend = Need a new code? Log in first.
verify-done = Your email address is confirmed. You can now post ads.
forgot-title = Forgot your password
forgot-intro = Enter your email address and we will send you a link to choose a new password.
forgot-submit = Send the link
reset-title = Choose a new password
reset-submit = Save the new password
reset-ask-again = Ask for a new link
account-title = Your account
account-profile = Profile
account-verified = confirmed
account-unverified = not confirmed
account-save = Save
account-password = Change password
account-password-submit = Change password
account-email = Change email address
account-email-submit = Send confirmation link

## Mails
mail-verify-subject = Confirm your email address for SayPro Classifieds
mail-verify-body =
    Hello { $name },

    Welcome to SayPro Classifieds. Please confirm your email address by opening this link:

    { $link }

    Or type this code on the confirmation page: { $code }

    The link and the code are valid for 24 hours. If you did not create an account, you can ignore this email.
mail-reminder-subject = Reminder: confirm your email address for SayPro Classifieds
mail-reminder-body =
    Hello { $name },

    You have not confirmed your email address yet, so you cannot post ads. Open this link to confirm it:

    { $link }

    Or type this code on the confirmation page: { $code }

    The link and the code are valid for 24 hours.
mail-reset-subject = Choose a new password for SayPro Classifieds
mail-reset-body =
    Hello { $name },

    Someone asked to reset the password of your account. Open this link to choose a new one:

    { $link }

    The link is valid for one hour. If it was not you, ignore this email: your password stays the same.
mail-change-subject = Confirm your new email address for SayPro Classifieds
mail-change-body =
    Hello { $name },

    Open this link to make this your account's email address:

    { $link }

    The link is valid for 24 hours. If you did not ask for this, ignore this email.
mail-notice-subject = A change to your SayPro Classifieds account
mail-notice-body =
    Hello { $name },

    We are letting you know that { $what }.

    If this was not you, reset your password at once and contact the office.

## Ads
home-title = Buy and sell near you
home-heading = Buy, sell and find what you need
home-intro = Local ads, checked for spam and scams before they go live.
home-empty = No ads yet. Be the first to post one.
home-categories = Categories
home-latest = Newest ads
home-see-all = See all ads
ads-count = { $count ->
    [one] { $count } ad
   *[other] { $count } ads
}
list-all-heading = All ads
list-search-heading = Results for “{ $query }”
list-any-category = Any category
list-min-price = Lowest price
list-max-price = Highest price
list-sort = Sort by
list-apply = Show ads
list-empty = No ads match. Try other words or fewer filters.
list-pages = Pages
list-prev = Previous page
list-next = Next page
list-page-of = Page { $page } of { $pages }
sort-newest = Newest first
sort-relevance = Best match
sort-price-asc = Lowest price first
sort-price-desc = Highest price first
ad-price-on-request = Price on request
ad-posted = Posted { $date }
ad-expires = Expires { $date }
ad-side = About this ad
ad-seller = Seller
ad-member-since = Member since { $date }
ad-your-ad = Your ad
ad-edit = Edit
ad-renew = Renew
ad-delete = Delete
ad-delete-confirm = Delete this ad? This cannot be undone.
ad-expired-note = this ad is no longer available.
ad-safety-heading = Stay safe
ad-safety-1 = Meet in a public place and check the item before you pay.
ad-safety-2 = Never pay a deposit or "delivery fee" to someone you have not met.
ad-safety-3 = Be wary of prices that look too good to be true.
ad-safety-more = More safety tips
status-pending-review = Waiting for review
status-published = Published
status-rejected = Rejected
status-expired = Expired
status-deleted = Deleted
post-title = Post an ad
post-edit-title = Edit your ad
post-choose-category = Choose a category
post-submit = Publish ad
post-save = Save changes
mine-empty = You have no ads yet.
mine-status = Status
mine-expires = Expires
mine-actions = Actions
office-categories-title = Categories
office-slug = Address
office-ads = Ads
office-delete-confirm = Delete this category?
office-new-category = New category
office-add = Add category

## Seeded categories
category-vehicles = Vehicles
category-vehicles-description = Cars, bakkies, motorbikes, boats and parts.
category-property = Property
category-property-description = Houses, flats and rooms to rent or buy.
category-jobs = Jobs
category-jobs-description = Vacancies and people looking for work.
category-electronics = Electronics
category-electronics-description = Phones, computers, TVs, cameras and audio.
category-home-garden = Home & Garden
category-home-garden-description = Furniture, appliances, tools and plants.
category-services = Services
category-services-description = Trades, tutoring, transport and repairs.
category-community = Community
category-community-description = Events, clubs, lost and found, volunteers.
category-pets = Pets
category-pets-description = Pets to rehome, accessories and pet care.

## Help
help-title = Help and safety
help-posting-heading = Posting an ad
help-posting-body = Create an account and confirm your email address, then choose "Post an ad". Pick the right category, write a clear title and an honest description, and add a price if you have one. Your ad gets its own address that you can share.
help-lifecycle-heading = How long ads stay up
help-lifecycle-body = Ads stay published for 30 days. Renew an ad from "My ads" to keep it up for another period; edit it at any time. Ads that need a closer look wait for review before they go live.
help-account-heading = Your account
help-account-body = Change your name, password, email address and language on your account page. We ask for your current password before changing your password or address, and we email you when they change.
help-safety-heading = Spotting scams
help-safety-4 = Keep the conversation on this site until you have met the other person.

## The gate
error-rejected-by-gate = This ad cannot be published as it is. Change what is listed below and send it again.
gate-held-notice = Thank you. Your ad will be checked by a person before it is published; we will let you know.
gate-why = Why:
gate-check-warning = Before you send it: this would be held for review or refused because of
signal-keyword = words that are not allowed here: { $evidence }
signal-obfuscation = disguised writing: { $evidence }
signal-links = too many links ({ $evidence })
signal-link-shortener = shortened links: { $evidence }
signal-blocked-domain = a blocked website: { $evidence }
signal-link-mismatch = a link that shows one address and goes to another: { $evidence }
signal-contact-in-title = contact details in the title: { $evidence }
signal-rejected-contact = contact details that were refused before: { $evidence }
signal-shouting = too many capital letters ({ $evidence })
signal-punctuation-run = runs of punctuation or symbols: { $evidence }
signal-keyword-stuffing = one word repeated again and again: { $evidence }
signal-too-short = a description that is too short ({ $evidence })
signal-price-outlier = a price far from what is usual in this category ({ $evidence })
signal-duplicate-own = the same as one of your other ads ({ $evidence })
signal-duplicate-other = the same as someone else's ad ({ $evidence })
signal-duplicate-rejected = the same as an ad that was refused ({ $evidence })
signal-classifier = text that reads like spam ({ $evidence })
signal-new-account = a very new account ({ $evidence })
signal-unverified = an email address that is not confirmed
signal-rejected-history = earlier ads that were refused ({ $evidence })
signal-trusted-account = a trusted account ({ $evidence })
signal-velocity = many submissions in a short time ({ $evidence })
office-held-title = Held for review
office-held-empty = Nothing is waiting for review.
office-approve = Approve
office-reject = Reject
office-score = Score
notice-ad-approved = The ad is published.
notice-ad-rejected = The ad is rejected.
nav-held = Held ads
field-rule-invalid = This rule cannot be used (check the pattern, especially a regular expression).
error-rejected-signup = This account cannot be created as it is:

## The shield: CAPTCHA, honeypots, blocks, limits, mail screening
captcha-question = What is { $a } plus { $b }?
captcha-hint = Answer with a number. This checks that a person is sending the form.
captcha-solving = Checking that you are a person… the form is sent in a moment.
captcha-solved = Checked.
honeypot-label = Leave this field empty
error-too-many-requests-wait = { $minutes ->
    [one] You have done this too often. Please try again in a minute; what you typed is still here.
   *[other] You have done this too often. Please try again in { $minutes } minutes; what you typed is still here.
}
error-address-blocked = Requests from your network are blocked for now. If you think this is a mistake, contact the office from another network.
error-account-pending-approval = Your account is waiting for a moderator's approval. We will write to you as soon as it is approved.
notice-signup-pending = Thank you. Your account was created and waits for a moderator's approval; we will write to you when it is approved.
field-captcha-required = Please answer the question so we know a person is sending this.
field-captcha-failed = That answer was not right, or the check expired. Please answer the new question.
field-email-disposable = Throw-away mail addresses cannot be used here. Please use an address you keep.
field-email-blocked = Addresses at this mail provider cannot be used here. Please use another address.
field-email-duplicate = There is already an account for this address.
field-cidr-invalid = Enter an address like 203.0.113.7 or a range like 203.0.113.0/24 or 2001:db8::/48.
field-cidr-too-wide = That range is too wide to block (at most /8 for IPv4 and /16 for IPv6).
field-duration-invalid = Enter a duration like 24h or 7d, or leave it empty for a permanent block.
field-domain-invalid = Enter at least one domain like example.com.
nav-shield = Shield
error-not-pending = Someone has already decided this.
office-shield-title = Shield: bots, floods and blocks
office-blocks-title = IP blocks
office-signups-title = Sign-ups waiting for approval
office-signups-intro = These accounts were held by an address block, mail screening or the gate. Approving lets the person log in; both decisions are mailed to them.
office-signups-empty = No sign-up is waiting.
office-why = Why
office-decision = Decision
office-shield-stopped = Stopped in the last 24 hours
office-shield-nothing = Nothing here.
office-shield-recent = Latest stops
office-when = When
office-address = Address
office-account = Account
office-action = Action
office-what = What happened
office-rule = Rule
office-source = Source
shield-kind-blocked = blocked address
shield-kind-throttled = rate limit
shield-kind-honeypot = honeypot
shield-kind-too-fast = sent too fast
shield-kind-captcha-failed = CAPTCHA failed
shield-kind-auto-block = automatic block
shield-kind-email-refused = mail address refused
shield-kind-email-held = mail address held
shield-kind-login-failed = failed login
shield-action-signup = Sign-up
shield-action-login = Login
shield-action-password-reset = Password reset
shield-action-verify-mail = Verification mail
shield-action-ad-post = New ad
shield-action-ad-edit = Ad edit
shield-action-report = Report
shield-action-message = Message
shield-action-spam-check = Live spam check
office-shield-settings = Settings
office-shield-limits = Rate limits
office-shield-limits-hint = Each limit counts per address (IPv6 by /64) and per account. New accounts get half, trusted accounts twice as much.
office-short-limit = Short window: at most
office-long-limit = Long window: at most
office-seconds = per seconds
office-shield-captcha = CAPTCHA
office-captcha-difficulty = Proof-of-work difficulty (largest number; the browser tries half of it on average)
office-login-failures = Failed logins (15 minutes) before a login needs a CAPTCHA
office-flood-per-minute = Stops per minute that count as a flood (the difficulty goes up four times)
office-shield-auto = Automatic blocks
office-auto-enabled = Block addresses that keep offending
office-auto-offences = Offences (limits, rejected content, honeypots) before a block
office-auto-window = …within this many seconds
office-auto-ladder = Block lengths in seconds: first time, second time, then every time (comma-separated)
office-rollup-min = Blocked addresses in one /24 or /64 before a roll-up is proposed
office-shield-mail = Mail addresses at sign-up
office-mail-disposable = Throw-away mail providers
office-mail-blocked = Blocked mail domains
office-mail-duplicate = Same mailbox as an existing account (dots and +tags removed)
office-screen-allow = Allow
office-screen-approval = Hold for a moderator
office-screen-refuse = Refuse
office-save = Save settings
office-admin-only = Only admins can change these settings.
office-shield-domains = Mail domain lists
office-domains-shipped = { $count } throw-away providers are on the shipped list.
office-remove = Remove
office-domain-kind = List
office-domains = Domains
office-domains-hint = One domain a line; its subdomains match too.
office-add-domains = Add domains
office-blocks-export = Export the blocklist
office-blocks-loaded = { $count } active blocks are loaded.
office-rollups = Proposed roll-ups
office-rollup-line = { $count } single addresses are blocked in { $range }
office-rollup-confirm = Replace these single blocks with one block on the whole range?
office-rollup = Block the whole range
office-block-new = Block an address or range
office-block-cidr = Address or range
office-block-reason = Reason
office-block-severity = Severity
shield-severity-approval = sign-ups need approval
shield-severity-no-posting = no sign-ups or posting
shield-severity-no-access = no access at all
office-block-expires = Expires
office-expires-24h = in 24 hours
office-expires-7d = in 7 days
office-expires-never = never (permanent)
office-block-add = Block
office-blocks-list = Blocks
office-blocks-search = Address, range or reason
office-blocks-all = Include lifted and expired
office-blocks-empty = No blocks.
office-lifted = lifted
office-lift = Lift
office-blocks-import = Import a blocklist
office-blocks-import-text = Blocklist
office-blocks-import-hint = One address or range a line; # starts a comment. Invalid lines are reported and skipped.
office-address-title = Address { $ip }
office-address-now = Now
office-address-free = Not blocked.
office-block-24h = Block for 24 hours
office-address-signups = Accounts created from here
office-address-verdicts = The gate's verdicts on submissions from here
notice-settings-saved = Saved. Every instance applies it within seconds.
notice-block-added = The block is in force.
notice-block-lifted = The block is lifted.
notice-blocks-imported = Imported { $added } blocks; { $invalid } lines were not addresses.
notice-decision-saved = Decision saved; the person has been told.
notice-already-decided = Another moderator decided this one first.
mail-signup-approved-subject = Your SayPro Classifieds account is approved
mail-signup-approved-body = Hello { $name },

    a moderator approved your account. You can log in now: { $link }

    SayPro Classifieds
mail-signup-rejected-subject = Your SayPro Classifieds sign-up
mail-signup-rejected-body = Hello { $name },

    a moderator could not approve your account. { $reason }

    If you think this is a mistake, reply to this mail.

    SayPro Classifieds
nav-gate = Gate
office-gate-title = The gate: rules, thresholds and models
office-audit-title = Audit log
office-audit-intro = Every change staff and operators made, with the state before and after. Entries are never changed or deleted.
office-audit-subject = Subject
office-audit-before = Before
office-audit-after = After
office-rules-export = Download the rules (JSON Lines)
office-rules = Keyword rules
office-rules-empty = No rules yet.
office-rule-pattern = Word, phrase or pattern
office-rule-match = Match as
office-rule-action = Then
office-rule-everywhere = every category
office-rule-new = Add a rule
office-rule-add = Add rule
office-match-word = a whole word
office-match-phrase = a phrase
office-match-literal = text anywhere
office-match-regex = a regular expression
office-action-hold = hold for review
office-action-block = refuse
office-action-score = add to the score
office-rules-import = Import rules
office-rules-import-text = Rules, one JSON object a line
office-gate-settings = Thresholds and weights
office-hold-threshold = Hold for review from score
office-reject-threshold = Refuse from score
office-weights = What each signal adds to the score
office-blocked-domains = Websites nobody may link to
office-models = Classifier versions
office-model-active = judging now
office-model-activate = Use this version
office-rule-hits = Matched
office-rule-held = Held
office-rule-false-positives = Approved after all
office-suggestions = Suggested rules
office-suggestions-hint = Words and phrases far more frequent in recently removed ads than in published ones. Accepting one adds it as a scoring rule.
office-suggestions-empty = No suggestions waiting.
office-suggestions-mine = Look for suggestions now
office-suggestion-removed = In removed ads
office-suggestion-published = In published ads
office-suggestion-accept = Add as a rule
office-suggestion-dismiss = Dismiss
notice-suggestions-mined = Suggestions updated.
office-models-trust = The site's own classifier counts for { $percent }% of the classifier's say; the classifier shipped with the site counts for the rest and can never hold an ad on its own.
field-hold-above-reject = The hold threshold must not be above the refuse threshold.
field-rules-file-invalid = Each line must be a rule like the example below.
signal-name-obfuscation = Disguised writing (per kind)
signal-name-link = Each link beyond the free ones
signal-name-link-shortener = Shortened link
signal-name-blocked-domain = Blocked website
signal-name-link-mismatch = Link that shows another address
signal-name-contact-in-title = Contact details in the title
signal-name-rejected-contact = Contact details refused before
signal-name-shouting = Mostly capitals
signal-name-punctuation-run = Runs of punctuation or emoji
signal-name-keyword-stuffing = One word repeated
signal-name-too-short = Description too short
signal-name-price-outlier = Price far from the usual
signal-name-duplicate-own = Same as one's own live ad
signal-name-duplicate-other = Same as another account's ad
signal-name-duplicate-rejected = Same as a refused ad
signal-name-classifier = Classifier (spam side)
signal-name-classifier-ham = Classifier (clean side, subtracted)
signal-name-new-account-day = Account younger than a day
signal-name-new-account-week = Account younger than a week
signal-name-unverified = Email not confirmed
signal-name-rejected-history = Each refused ad in the account's past
signal-name-trusted-account = Trusted account (negative)
signal-name-velocity = Many submissions in a short time
signal-name-off-platform = Contact away from the site
signal-name-spelled-number = Phone number spelled out
signal-name-number-in-photo = Number in a photo
signal-name-advance-fee = Money asked up front
signal-name-seller-abroad = Seller far away
signal-name-risky-payment = Gift cards, crypto or money transfer
signal-name-income-claim = Pay or returns too good to be true
signal-name-promo-spam = Promotion of a channel or code
signal-name-tag-list = Lists of search words or hashtags
signal-name-referral-link = Referral or affiliate link
signal-name-risky-domain = Link to a throwaway domain
signal-name-counterfeit = Copies of branded goods
signal-name-classifier-base = Shipped classifier (spam side, never holds alone)
signal-name-classifier-base-ham = Shipped classifier (clean side, subtracted)

## Reports, moderation, appeals, notifications
nav-notifications = { $count ->
    [0] Notifications, none unread
    [one] Notifications, one unread
   *[other] Notifications, { $count } unread
}
field-appeal-text = Please say in a few words why the decision should be looked at again (up to 2,000 characters).
field-report-reason = Please choose what is wrong with this ad.
report-reason-fraud = Fraud or a scam
report-reason-prohibited = A prohibited or illegal item
report-reason-spam = Spam
report-reason-offensive = Offensive content
report-reason-suspicious = Suspicious behaviour
report-reason-wrong-category = Wrong category
report-reason-other = Something else
report-outcome-ad-removed = the ad was removed
report-outcome-account-suspended = the advertiser's account was suspended
report-outcome-ad-moved = the ad was moved to the right category
report-outcome-no-action = no action was needed
notice-report-received = Thank you for reporting "{ $title }". A moderator will look at it; we will tell you what was decided.
notice-urgent-report = Urgent: "{ $title }" was reported ({ $reason }). It is at the top of the queue.
notice-item-escalated = An item was escalated to you: { $reason }
notice-report-outcome = Hello { $name }, about your report on "{ $title }": { $outcome }. { $note }
notice-report-outcome-subject = What happened to your report
notice-ad-hidden = Hello { $name }, your ad "{ $title }" is hidden while moderators look into reports about it. You will hear from us when they have decided.
notice-ad-hidden-subject = Your ad is hidden while we look into it
notice-ad-removed = Hello { $name }, your ad "{ $title }" was removed: { $reason }. You can appeal this decision within 20 days.
notice-ad-removed-subject = Your ad was removed
notice-ad-not-published = Hello { $name }, your ad "{ $title }" was not published: { $reason }. You can edit it and submit it again, or appeal within 20 days.
notice-ad-not-published-subject = Your ad was not published
notice-ad-restored-after-appeal = Hello { $name }, the ad "{ $title }" you reported was put back after its owner appealed and a second moderator looked at it. { $note }
notice-ad-restored-after-appeal-subject = An ad you reported was restored
notice-appeal-upheld = Hello { $name }, your appeal was upheld and the decision has been undone. { $note }
notice-appeal-upheld-subject = Your appeal was upheld
notice-appeal-denied = Hello { $name }, a second moderator looked at your appeal and the decision stands. { $note }
notice-appeal-denied-subject = About your appeal
notice-you-were-warned = Hello { $name }, this is a warning from the moderators: { $reason }
notice-you-were-warned-subject = A warning about your account
notice-you-got-a-strike = Hello { $name }, your account received a strike: { $reason }. Repeated strikes lead to a suspension. You can appeal within 20 days.
notice-you-got-a-strike-subject = A strike on your account
notice-you-were-suspended = Hello { $name }, your account is suspended until { $until }: { $reason }. You can appeal within 20 days.
notice-you-were-suspended-subject = Your account is suspended
notice-you-were-banned = Hello { $name }, your account is closed for good: { $reason }. You can appeal within 20 days.
notice-you-were-banned-subject = Your account is closed
error-already-decided = Someone else decided this first. Reload to see what was decided.
error-own-ad = You cannot report your own ad.
error-already-appealed = This decision was already appealed; each decision can be appealed once.
error-appeal-too-late = The time to appeal this decision has passed.
error-not-appealable = This decision cannot be appealed.
error-same-moderator = An appeal must be decided by a different moderator than the one who made the decision.
error-claimed = Another moderator is working on this item.
error-account-banned = This account is closed. Contact the office if you think this is a mistake.
error-staff-account = Staff accounts are managed by admins, not through moderation.
error-no-address = We could not tell where this request came from.
nav-queue = Queue
nav-my-reports = My reports
report-title = Report this ad
report-about = You are reporting "{ $title }".
report-reason = What is wrong?
report-comment = Anything moderators should know
report-comment-hint = Up to 1,000 characters. Do not include personal details.
report-next = Continue
report-confirm-heading = Please check your report
report-send = Send report
report-change = Change
report-anonymous-note = You are not logged in: the report is anonymous. We store no name or email, only a scrambled form of your network address to stop abuse. You will get a tracking code.
report-guide-link = How to spot and report spam and scams
report-box-heading = Something wrong with this ad?
report-button = Report this ad
report-thanks-title = Thank you for your report
report-thanks = Thank you: your report about "{ $title }" has been sent to the moderators.
report-updated = You had already reported "{ $title }" for this reason; we added what you wrote to that report.
report-next-heading = What happens next
report-next-body = A moderator looks at every report. Serious reports (fraud, illegal items) are looked at first; an ad many people report is hidden until it is checked.
report-review-by = Expected review by { $when }.
report-code-intro = Keep this tracking code to follow your report (we cannot send it to you):
report-follow = Follow your report
report-see-mine = See your reports
report-status-title = Your report
report-sent = Sent
report-state = Status
report-status-open = Waiting for a moderator
report-status-upheld = Upheld
report-status-rejected = Not upheld
report-outcome = Outcome
report-note = The moderator's explanation
report-see-ad = See the ad
report-appeal = Ask for a second review
report-mine-title = My reports
report-points = points
report-accuracy = accuracy (last 100 decided reports)
report-upheld-of-decided = upheld
report-open = waiting
report-badges = Badges
report-shown-on-board = Your display name is shown on the leaderboard.
report-hidden-on-board = You appear on the leaderboard without your name.
report-board-show = Show my name
report-board-hide = Hide my name
report-none = You have not reported anything yet.
badge-first-catch = First catch
badge-sharp-eye = Sharp eye
badge-guardian = Guardian
badge-sentinel = Sentinel
leaderboard-title = Top reporters
leaderboard-intro = Points for reports that moderators upheld: 5 for each, 10 more for fraud caught on its first day.
leaderboard-month = This month
leaderboard-all = All time
leaderboard-empty = No points yet this period.
leaderboard-anonymous = A reporter
notifications-title = Notifications
notifications-empty = Nothing yet.
notifications-mark-read = Mark all as read
notifications-open = Open
appeal-title = Ask for a second review
appeal-intro = A different moderator will look at the decision again. Each decision can be appealed once, within 20 days.
appeal-text = Why should the decision be looked at again?
appeal-send = Send appeal
appeal-sent = Your appeal was sent. A different moderator will look at it; we will tell you the outcome.
guide-title = How to spot and report spam and scams
guide-intro = Most ads are honest. These signs tell the rest apart; when you see them, report the ad: it takes a minute and protects the next person.
guide-signs-heading = Warning signs
guide-sign-1 = A price far below what the same thing usually costs.
guide-sign-2 = A deposit, courier fee or "shipping agent" payment before you have seen the item.
guide-sign-3 = The seller is "abroad" and cannot meet, or pushes you to move to another app at once.
guide-sign-4 = Requests for gift cards, crypto or money transfer services.
guide-sign-5 = Job ads that ask you to pay first, or promise a lot for "working from home" with no experience.
guide-how-heading = How to report
guide-how-1 = Open the ad and press "Report this ad".
guide-how-2 = Choose what is wrong (fraud and illegal items are looked at first) and add anything the moderators should know.
guide-how-3 = Check what you are sending and press "Send report". Without an account, keep the tracking code.
guide-how-4 = Never pay or share your details with the seller while you wait.
guide-after-heading = What happens after you report
guide-after-body = A moderator decides, and we tell you: the ad removed, the account suspended, or no action, with the reason. If you disagree with "no action", you can ask once for a second review. Upheld reports earn points.
notice-bulk-some-conflicts = Saved; some items had already been decided by someone else and were left as they were.
notice-claimed = This item is yours for the next 30 minutes.
notice-action-taken = Done; the person has been told, with how to appeal.
office-queue-title = Moderation queue
office-queue-counts = Items waiting
office-queue-open = waiting
office-queue-escalated = escalated
office-queue-decided = decided
office-queue-overdue = past their review time
office-queue-kind = Kind
office-queue-any = any
office-queue-status = Status
office-queue-mine = Claimed by me
office-queue-filter = Filter
office-queue-empty = Nothing is waiting. Well done.
office-queue-select = Select
office-queue-item = Item
office-queue-weight = Weight
office-queue-due = Review by
office-queue-claimed = claimed
office-queue-bulk = For all selected items
office-queue-bulk-apply = Apply
office-queue-bulk-confirm = Apply this decision to every selected item?
queue-kind-reported-ad = reported ads
queue-kind-held-ad = ads held by the gate
queue-kind-appeal = appeals
queue-kind-signup = sign-ups to approve
office-claim = Claim this item
office-feedback = What the person is told
office-feedback-hint = Leave empty to use the standard text for the reason.
office-move-to = Move to category
office-decide-approve = Approve / no action
office-decide-reject = Remove / reject
office-decide-hide = Hide while investigating
office-decide-move = Move and publish
office-decide-escalate = Escalate to an admin
office-appeal = The appeal
office-ad-now = The ad now
office-changed-since-report = Changed since it was reported
office-field = Field
office-as-reported = As reported
office-now = Now
office-reports = Reports
office-anonymous = anonymous
office-gate-signals = What the gate sees
office-poster = The advertiser
office-reports-against = Reports against their ads
office-overruled = overruled
office-related = Accounts sharing an address or phone number
office-user-action = Action on the account
office-act-warn = Warn
office-act-strike = Strike
office-act-suspend = Suspend
office-act-ban = Ban
office-act-remove-spammer = Remove spammer (all ads, suspend, block contacts)
office-act-days = Days (suspension)
office-act-apply = Apply
office-act-confirm = Act on this account? The person will be told why.
office-notes = Private notes (staff only)
office-note-new = New note
office-note-add = Add note
feedback-template-fraud = This ad shows signs of fraud and was removed to protect buyers.
feedback-template-prohibited = This item may not be offered on SayPro Classifieds.
feedback-template-spam = This ad is spam: repeated, misleading or unrelated to a real offer.
feedback-template-offensive = This ad contains offensive content.
feedback-template-suspicious = This ad was removed after suspicious behaviour was reported.
feedback-template-wrong-category = This ad was in the wrong category.
feedback-template-other = This ad does not follow the site's rules.

## Messaging
conversation-status-open = Open
conversation-status-resolved = Resolved
conversation-status-waiting = Waiting for you
inbox-all = All
inbox-title = Office inbox
message-admin = Message the office about this ad
messages-about = About the ad "{ $title }".
messages-about-ad = about an ad
messages-body = Your message
messages-internal = Staff note
messages-internal-note = Staff note (the user never sees it)
messages-last = Last message
messages-new = Contact the office
messages-new-intro = Ask for help with an ad, a category or a rule, report a scam, or anything else. The office answers here, and you are told when they do.
messages-none = No conversations yet.
messages-rate = How well were you helped? (1 to 5)
messages-rate-send = Send rating
messages-reply = Reply
messages-resolve = Mark as resolved
messages-send = Send
messages-title = My messages
messages-topic = Topic
messages-unread = Unread
messages-urgent = urgent
nav-contact-support = Contact support
topic-ad-help = Help with my ad
topic-policy = A category or rule question
topic-fraud = Report fraud or a scam
topic-renew-edit = Renew or edit my ad
topic-account = My account or login
topic-other = Something else
notice-thanks-rating = Thank you for your rating.
unsubscribed-title = No more mails about unread messages
unsubscribed-body = You will not be mailed about unread messages any more. Answers still appear on the site, under My messages.
mail-unread-subject = You have an unread answer from SayPro Classifieds
mail-unread-body = Hello { $name },

    { $count ->
        [one] an answer from the office is waiting for you:
       *[other] { $count } answers from the office are waiting for you:
    }

    { $messages }

    Read and reply: { $link }

    Do not want these mails? { $unsubscribe }
inbox-mine = Mine
inbox-unassigned = Unassigned
notice-urgent-conversation = An urgent conversation came in (fraud, a scam or a threat). It is at the top of the inbox.
conversation-status-waiting-staff = Waiting on the user
inbox-available = Taking conversations
inbox-away = Away
inbox-go-away = Stop taking conversations
inbox-go-available = Take conversations
inbox-filters = Inbox filters
inbox-my-teams = My teams
inbox-sla-soon = Due soon
inbox-sla-breached = Overdue
inbox-team = Team
inbox-assignee = Assigned to
inbox-sla = Time left
inbox-language = Language
inbox-context = About this conversation
inbox-take = Take it
inbox-release = Put back in the team queue
inbox-transfer = Move to team
inbox-transfer-button = Move
inbox-the-ad = The ad
inbox-ad-reports = { $count ->
    [one] one report
   *[other] { $count } reports
}
inbox-ad-open-reports = { $count } open
inbox-the-user = The user
inbox-user-strikes = { $count ->
    [one] one strike
   *[other] { $count } strikes
}
inbox-user-reports = { $count ->
    [one] one upheld report against them
   *[other] { $count } upheld reports against them
}
inbox-other-conversations = Other conversations
inbox-canned = Canned reply
inbox-canned-use = Use
messages-search = Search messages
messages-search-button = Search
messages-typing = The other side is typing…
messages-read = Read
messages-delivered = Delivered
messages-sent = Sent
sla-left = { $time } left
sla-overdue = { $time } overdue
sla-first-response = first response
sla-next-response = next response
sla-resolution = resolution
notice-sla-warning = Conversation #{ $id } is close to missing its { $clock } target.
notice-sla-breached = Conversation #{ $id } missed its { $clock } target.
notice-conversation-assigned = Conversation #{ $id } was assigned to you.
messages-mail-legend = Email about unread answers
messages-mail-delay = Minutes an answer may stay unread before we email you
messages-mail-off = Do not email me about unread answers
messages-mail-save = Save
team-title = Teams and canned replies
team-waiting = { $count ->
    [one] one conversation waiting
   *[other] { $count } conversations waiting
}
team-no-members = Nobody is in this team yet.
team-member = Member
team-state = State
team-load = Open / limit
team-senior = Senior
team-online = Online
team-offline = Offline
team-remove = Remove
team-add = Add someone to a team
team-email = Staff member's email address
team-max-open = Most open conversations at once (empty: the default)
team-add-button = Add to team
team-no-canned = No canned replies yet.
team-canned-title = Title
team-canned-body = Reply
team-canned-add = Add canned reply
nav-team = Teams
mail-urgent-conversation-subject = Urgent: a conversation needs someone now

## What the writer of a stopped submission is told (never scores, rules or other ads)
reason-keyword = Your ad contains words that are not allowed here: { $words }.
reason-obfuscation = Your ad uses disguised writing (look-alike letters, hidden characters or spaced-out letters). Please write plainly.
reason-links = Your ad has too many links. Describe the item here instead.
reason-link-shortener = Your ad uses shortened links ({ $words }). Please leave links out of your ad.
reason-blocked-domain = Your ad links to a website that is not allowed here.
reason-link-mismatch = A link in your ad shows one address but leads to another.
reason-referral-link = Your ad contains referral or affiliate links ({ $words }). They are not allowed here.
reason-risky-domain = Your ad links to a website we do not accept ({ $words }).
reason-contact-in-title = Your title contains contact details ({ $words }). Put them in the contact field, not in the title.
reason-rejected-contact = Your ad contains contact details we do not accept.
reason-shouting = Your ad is written mostly in capital letters. Please write in normal case.
reason-punctuation-run = Your ad has long runs of symbols or emoji.
reason-keyword-stuffing = Your ad repeats the same word many times ({ $words }). Describe the item once, in plain words.
reason-tag-list = Your ad contains lists of search words or hashtags. Describe the item in plain words instead.
reason-too-short = Your description is very short. Say more about what you offer.
reason-price-outlier = Your price is far below what { $words } usually costs. If it is right, say why in the description (for example: faulty, for parts).
reason-duplicate-own = You already have a very similar ad on the site. Edit or renew that one instead of posting it again.
reason-duplicate-other = Your ad is very similar to another ad on the site. Please write your own description.
reason-duplicate-rejected = Your ad is very similar to an ad that was removed from the site.
reason-off-platform = Your ad asks people to contact you away from this site ({ $words }). Keep the conversation on the site: it protects you and the other person.
reason-spelled-number = Your ad spells out or spaces a phone number ({ $words }). Put your number in the contact field instead.
reason-number-in-photo = Your ad says your contact details are in a photo. Put them in the contact field instead.
reason-advance-fee = Your ad asks for money before anything is handed over ({ $words }). Ads that ask for fees or deposits up front are not allowed.
reason-seller-abroad = Your ad says you are far away and will send the item or the keys after payment. Buyers must be able to see what they pay for.
reason-risky-payment = Your ad asks to be paid in a way that does not protect the buyer ({ $words }).
reason-income-claim = Your ad promises earnings or returns that honest offers do not make ({ $words }).
reason-promo-spam = Your post promotes a channel, page or code ({ $words }). Promotion is not allowed here.
reason-counterfeit = Your ad suggests the item is a copy of a brand ({ $words }). Copies of branded goods are not allowed.
reason-review = A moderator will look at your ad before it appears on the site. This usually takes less than a day.
reason-refused = Your ad could not be accepted.
