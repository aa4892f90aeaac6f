# SayPro Classifieds — Afrikaans. Elke sleutel in die Engelse lêer moet ook hier wees.

## Navigasie en uitleg
nav-skip = Slaan oor na die inhoud
nav-account = Rekening
nav-post = Plaas 'n advertensie
nav-my-ads = My advertensies
nav-office = Kantoor
nav-logout = Teken uit
nav-login = Teken in
nav-register = Registreer
nav-footer = Skakels op die webwerf
nav-browse = Blaai deur advertensies
nav-help = Hulp en veiligheid
nav-home = Tuis
nav-breadcrumbs = U is hier
search-label = Soek advertensies
search-placeholder = Waarna soek u?
search-button = Soek
language-label = Taal
language-apply = Verander
banner-unverified = Bevestig asseblief u e-posadres voordat u advertensies plaas.
banner-unverified-link = Bevestig my adres

## Foute
error-title = Iets het skeefgeloop
error-home = Terug na die tuisblad
error-not-found = Ons kon nie daardie bladsy vind nie. Die advertensie is dalk verwyder, of die adres is verkeerd getik.
error-method-not-allowed = Daardie aksie is nie op hierdie bladsy moontlik nie.
error-payload-too-large = Wat u gestuur het, is te groot. Maak dit korter en probeer weer.
error-request-timeout = Die versoek het te lank geneem om aan te kom. Probeer asseblief weer.
error-session-ended = U is afgemeld ná te veel verkeerde wagwoorde. Meld asseblief weer aan.
error-unsupported-media-type = Stuur asseblief JSON met die kopskrif Content-Type: application/json.
error-invalid-body = Ons kon nie lees wat u gestuur het nie. Kontroleer die vorm en probeer weer.
error-bad-request = Daardie versoek is nie geldig nie.
error-validation-failed = Sommige velde het u aandag nodig.
error-unauthorized = Teken asseblief in om voort te gaan.
error-forbidden = U het nie toestemming om dit te doen nie.
error-escalated-to-admins = Hierdie item is verwys: 'n administrateur besluit daaroor.
error-own-ad-decision = U kan nie oor u eie advertensie besluit nie: 'n ander moderator sal.
error-too-many-requests = Te veel pogings. Wag asseblief 'n rukkie en probeer weer.
error-service-unavailable = Die webwerf sukkel om sy databasis te bereik. Probeer asseblief oor 'n oomblik weer.
error-internal = Iets het aan ons kant skeefgeloop. Dit is aangeteken; probeer asseblief weer.
error-invalid-credentials = Daardie e-posadres en wagwoord pas nie by 'n rekening nie.
error-account-suspended = Hierdie rekening is opgeskort. Kontak die kantoor as u dink dit is 'n fout.
error-csrf-failed = U vorm het verval. Laai die bladsy weer en probeer weer.
error-cross-origin = Versoeke van ander webwerwe word nie aanvaar nie.
error-email-not-verified = U moet u e-posadres bevestig voordat u advertensies kan plaas.
error-not-owner = Slegs die persoon wat hierdie advertensie geplaas het, kan dit verander.
error-token-invalid = Hierdie skakel is nie geldig nie of is reeds gebruik.
error-token-expired = Hierdie skakel het verval. Vra hieronder vir 'n nuwe een.
error-already-verified = U e-posadres is reeds bevestig.
error-email-taken = Daar bestaan reeds 'n rekening met hierdie e-posadres.
error-slug-taken = Daar bestaan reeds 'n kategorie met hierdie adres.
error-category-not-empty = Hierdie kategorie het nog advertensies. Skuif of verwyder hulle eers.
error-invalid-transition = Dit is nie moontlik vir 'n advertensie in sy huidige toestand nie.
error-conflict = Iemand het dit terselfdertyd verander. Laai asseblief weer en probeer weer.
form-has-errors = Korrigeer asseblief die velde wat hieronder gemerk is. Niks wat u getik het, het verlore gegaan nie.

## Veldboodskappe
field-required = Hierdie veld is verpligtend.
field-too-short = Dit is te kort.
field-too-long = Dit is te lank.
field-invalid = Hierdie waarde is nie geldig nie.
field-email = E-posadres
field-email-invalid = Tik 'n e-posadres soos naam@voorbeeld.co.za.
field-email-taken = Daar bestaan reeds 'n rekening met hierdie e-posadres. Teken in, of stel u wagwoord terug.
field-email-same = Dit is reeds u e-posadres.
field-password = Wagwoord
field-password-hint = Minstens 10 karakters. 'n Paar woorde saam maak 'n sterk wagwoord wat maklik onthou word.
field-password-short = Gebruik minstens 10 karakters.
field-password-wrong = Dit is nie u huidige wagwoord nie.
field-current-password = Huidige wagwoord
field-new-password = Nuwe wagwoord
field-new-email = Nuwe e-posadres
field-display-name = Vertoonnaam
field-code = Sessyferkode
field-code-invalid = Daardie kode is nie reg nie, of dit het verval.
field-category = Kategorie
field-category-required = Kies 'n kategorie.
field-category-unknown = Daardie kategorie bestaan nie.
field-title = Titel
field-description = Beskrywing
field-price = Prys
field-price-hint = Los leeg vir "prys op aanvraag".
field-price-invalid = Tik 'n prys soos 1250 of 1 250.50.
field-price-too-high = Daardie prys is te hoog.
field-currency = Geldeenheid
field-currency-invalid = Gebruik 'n geldeenheidkode van drie letters, soos ZAR.
field-location = Ligging
field-contact-phone = Kontaknommer
field-phone-invalid = Tik 'n telefoonnommer met 7 tot 15 syfers.
field-optional = opsioneel
field-name = Naam
field-slug-taken = Daar bestaan reeds 'n kategorie met hierdie adres.
field-slug-fixed = 'n Kategorie se adres kan nie verander nadat dit bestaan nie.
field-page-invalid = Daardie bladsy bestaan nie.

## Kennisgewings
notice-verification-sent = Ons het vir u 'n e-pos met 'n skakel en 'n sessyferkode gestuur. Dit is 24 uur lank geldig.
notice-reset-sent = As daar 'n rekening vir daardie adres is, het ons 'n skakel gestuur om 'n nuwe wagwoord te kies.
notice-password-reset = U wagwoord is verander. Teken asseblief in.
notice-email-change-sent = Ons het 'n bevestigingskakel na u nuwe adres gestuur. U adres verander wanneer u dit oopmaak.
notice-saved = Gestoor.
notice-password-changed = U wagwoord is verander. Ander toestelle is uitgeteken.
notice-session-ended-guessing = Iemand wat u aangemelde sessie gebruik, het vyf keer 'n verkeerde wagwoord getik. Ons het daardie sessie afgemeld. As dit nie u was nie, verander u wagwoord.
notice-email-changed = u e-posadres verander is
notice-ad-renewed = U advertensie is hernu.
notice-ad-deleted = U advertensie is geskrap.
notice-category-deleted = Die kategorie is geskrap.

## Rekeninge
register-title = Skep 'n rekening
register-submit = Skep rekening
register-have-account = Het u reeds 'n rekening?
login-title = Teken in
login-submit = Teken in
login-forgot = Wagwoord vergeet?
verify-title = Bevestig u e-posadres
verify-intro = Maak die skakel in die e-pos wat ons gestuur het oop, of tik die sessyferkode daaruit hier in.
verify-submit = Bevestig
verify-resend = Stuur vir my 'n nuwe kode
verify-login-to-resend = Het u 'n nuwe kode nodig? Teken eers in.
verify-done = U e-posadres is bevestig. U kan nou advertensies plaas.
forgot-title = Wagwoord vergeet
forgot-intro = Tik u e-posadres en ons stuur vir u 'n skakel om 'n nuwe wagwoord te kies.
forgot-submit = Stuur die skakel
reset-title = Kies 'n nuwe wagwoord
reset-submit = Stoor die nuwe wagwoord
reset-ask-again = Vra vir 'n nuwe skakel
account-title = U rekening
account-profile = Profiel
account-verified = bevestig
account-unverified = nie bevestig nie
account-save = Stoor
account-password = Verander wagwoord
account-password-submit = Verander wagwoord
account-email = Verander e-posadres
account-email-submit = Stuur bevestigingskakel

## E-posse
mail-verify-subject = Bevestig u e-posadres vir SayPro Classifieds
mail-verify-body =
    Hallo { $name },

    Welkom by SayPro Classifieds. Bevestig asseblief u e-posadres deur hierdie skakel oop te maak:

    { $link }

    Of tik hierdie kode op die bevestigingsbladsy: { $code }

    Die skakel en die kode is 24 uur lank geldig. As u nie 'n rekening geskep het nie, kan u hierdie e-pos ignoreer.
mail-reminder-subject = Herinnering: bevestig u e-posadres vir SayPro Classifieds
mail-reminder-body =
    Hallo { $name },

    U het nog nie u e-posadres bevestig nie, dus kan u nie advertensies plaas nie. Maak hierdie skakel oop om dit te bevestig:

    { $link }

    Of tik hierdie kode op die bevestigingsbladsy: { $code }

    Die skakel en die kode is 24 uur lank geldig.
mail-reset-subject = Kies 'n nuwe wagwoord vir SayPro Classifieds
mail-reset-body =
    Hallo { $name },

    Iemand het gevra om die wagwoord van u rekening terug te stel. Maak hierdie skakel oop om 'n nuwe een te kies:

    { $link }

    Die skakel is een uur lank geldig. As dit nie u was nie, ignoreer hierdie e-pos: u wagwoord bly dieselfde.
mail-change-subject = Bevestig u nuwe e-posadres vir SayPro Classifieds
mail-change-body =
    Hallo { $name },

    Maak hierdie skakel oop om dit die e-posadres van u rekening te maak:

    { $link }

    Die skakel is 24 uur lank geldig. As u nie hiervoor gevra het nie, ignoreer hierdie e-pos.
mail-notice-subject = 'n Verandering aan u SayPro Classifieds-rekening
mail-notice-body =
    Hallo { $name },

    Ons laat u weet dat { $what }.

    As dit nie u was nie, stel dadelik u wagwoord terug en kontak die kantoor.

## Advertensies
home-title = Koop en verkoop naby u
home-heading = Koop, verkoop en vind wat u nodig het
home-intro = Plaaslike advertensies, nagegaan vir gemorspos en bedrog voordat hulle verskyn.
home-empty = Nog geen advertensies nie. Wees die eerste om een te plaas.
home-categories = Kategorieë
home-latest = Nuutste advertensies
home-see-all = Sien alle advertensies
ads-count = { $count ->
    [one] { $count } advertensie
   *[other] { $count } advertensies
}
list-all-heading = Alle advertensies
list-search-heading = Resultate vir “{ $query }”
list-any-category = Enige kategorie
list-min-price = Laagste prys
list-max-price = Hoogste prys
list-sort = Sorteer volgens
list-apply = Wys advertensies
list-empty = Geen advertensies pas nie. Probeer ander woorde of minder filters.
list-pages = Bladsye
list-prev = Vorige bladsy
list-next = Volgende bladsy
list-page-of = Bladsy { $page } van { $pages }
sort-newest = Nuutste eerste
sort-relevance = Beste passing
sort-price-asc = Laagste prys eerste
sort-price-desc = Hoogste prys eerste
ad-price-on-request = Prys op aanvraag
ad-posted = Geplaas { $date }
ad-expires = Verval { $date }
ad-side = Oor hierdie advertensie
ad-seller = Verkoper
ad-member-since = Lid sedert { $date }
ad-your-ad = U advertensie
ad-edit = Wysig
ad-renew = Hernu
ad-delete = Skrap
ad-delete-confirm = Skrap hierdie advertensie? Dit kan nie ontdoen word nie.
ad-expired-note = hierdie advertensie is nie meer beskikbaar nie.
ad-safety-heading = Bly veilig
ad-safety-1 = Ontmoet op 'n openbare plek en kontroleer die item voordat u betaal.
ad-safety-2 = Betaal nooit 'n deposito of "afleweringsfooi" aan iemand wat u nie ontmoet het nie.
ad-safety-3 = Wees versigtig vir pryse wat te goed lyk om waar te wees.
ad-safety-more = Meer veiligheidswenke
status-pending-review = Wag vir hersiening
status-published = Gepubliseer
status-rejected = Afgekeur
status-expired = Verval
status-deleted = Geskrap
post-title = Plaas 'n advertensie
post-edit-title = Wysig u advertensie
post-choose-category = Kies 'n kategorie
post-submit = Publiseer advertensie
post-save = Stoor veranderinge
mine-empty = U het nog geen advertensies nie.
mine-status = Status
mine-expires = Verval
mine-actions = Aksies
office-categories-title = Kategorieë
office-slug = Adres
office-ads = Advertensies
office-delete-confirm = Skrap hierdie kategorie?
office-new-category = Nuwe kategorie
office-add = Voeg kategorie by

## Kategorieë
category-vehicles = Voertuie
category-vehicles-description = Motors, bakkies, motorfietse, bote en onderdele.
category-property = Eiendom
category-property-description = Huise, woonstelle en kamers om te huur of te koop.
category-jobs = Werk
category-jobs-description = Vakatures en mense wat werk soek.
category-electronics = Elektronika
category-electronics-description = Fone, rekenaars, TV's, kameras en klank.
category-home-garden = Huis en tuin
category-home-garden-description = Meubels, toestelle, gereedskap en plante.
category-services = Dienste
category-services-description = Ambagte, bystandsklasse, vervoer en herstelwerk.
category-community = Gemeenskap
category-community-description = Geleenthede, klubs, verlore en gevind, vrywilligers.
category-pets = Troeteldiere
category-pets-description = Troeteldiere wat 'n nuwe huis soek, bykomstighede en dieresorg.

## Hulp
help-title = Hulp en veiligheid
help-posting-heading = 'n Advertensie plaas
help-posting-body = Skep 'n rekening en bevestig u e-posadres, en kies dan "Plaas 'n advertensie". Kies die regte kategorie, skryf 'n duidelike titel en 'n eerlike beskrywing, en voeg 'n prys by as u een het. U advertensie kry sy eie adres wat u kan deel.
help-lifecycle-heading = Hoe lank advertensies bly
help-lifecycle-body = Advertensies bly 30 dae lank gepubliseer. Hernu 'n advertensie by "My advertensies" om dit vir nog 'n tydperk te hou; wysig dit enige tyd. Advertensies wat nader bekyk moet word, wag vir hersiening voordat hulle verskyn.
help-account-heading = U rekening
help-account-body = Verander u naam, wagwoord, e-posadres en taal op u rekeningbladsy. Ons vra vir u huidige wagwoord voordat ons u wagwoord of adres verander, en ons e-pos u wanneer hulle verander.
help-safety-heading = Bedrog raaksien
help-safety-4 = Hou die gesprek op hierdie webwerf totdat u die ander persoon ontmoet het.

## Die hek
error-rejected-by-gate = Hierdie advertensie kan nie so gepubliseer word nie. Verander wat hieronder gelys is en stuur dit weer.
gate-held-notice = Dankie. 'n Persoon sal u advertensie nagaan voordat dit gepubliseer word; ons sal u laat weet.
gate-why = Hoekom:
gate-check-warning = Voordat u dit stuur: dit sou teruggehou of geweier word weens
signal-keyword = woorde wat nie hier toegelaat word nie: { $evidence }
signal-obfuscation = vermomde skryfwerk: { $evidence }
signal-links = te veel skakels ({ $evidence })
signal-link-shortener = verkorte skakels: { $evidence }
signal-blocked-domain = 'n geblokkeerde webwerf: { $evidence }
signal-link-mismatch = 'n skakel wat een adres wys en na 'n ander gaan: { $evidence }
signal-contact-in-title = kontakbesonderhede in die titel: { $evidence }
signal-rejected-contact = kontakbesonderhede wat al voorheen geweier is: { $evidence }
signal-shouting = te veel hoofletters ({ $evidence })
signal-punctuation-run = reekse leestekens of simbole: { $evidence }
signal-keyword-stuffing = een woord oor en oor herhaal: { $evidence }
signal-too-short = 'n beskrywing wat te kort is ({ $evidence })
signal-price-outlier = 'n prys ver van wat in hierdie kategorie gewoonlik is ({ $evidence })
signal-duplicate-own = dieselfde as een van u ander advertensies ({ $evidence })
signal-duplicate-other = dieselfde as iemand anders se advertensie ({ $evidence })
signal-duplicate-rejected = dieselfde as 'n advertensie wat geweier is ({ $evidence })
signal-classifier = teks wat soos gemorspos lees ({ $evidence })
signal-new-account = 'n baie nuwe rekening ({ $evidence })
signal-unverified = 'n e-posadres wat nie bevestig is nie
signal-rejected-history = vroeëre advertensies wat geweier is ({ $evidence })
signal-trusted-account = 'n betroubare rekening ({ $evidence })
signal-velocity = baie voorleggings in 'n kort tyd ({ $evidence })
office-held-title = Teruggehou vir hersiening
office-held-empty = Niks wag vir hersiening nie.
office-approve = Keur goed
office-reject = Weier
office-score = Telling
notice-ad-approved = Die advertensie is gepubliseer.
notice-ad-rejected = Die advertensie is geweier.
nav-held = Teruggehoude advertensies
field-rule-invalid = Hierdie reël kan nie gebruik word nie (kontroleer die patroon, veral 'n gereelde uitdrukking).
error-rejected-signup = Hierdie rekening kan nie so geskep word nie:

## The shield: CAPTCHA, honeypots, blocks, limits, mail screening
captcha-question = Wat is { $a } plus { $b }?
captcha-hint = Antwoord met 'n getal. Dit toets dat 'n mens die vorm stuur.
captcha-solving = Ons toets dat u 'n mens is… die vorm word nou-nou gestuur.
captcha-solved = Getoets.
honeypot-label = Laat hierdie veld leeg
error-too-many-requests-wait = { $minutes ->
    [one] U het dit te dikwels gedoen. Probeer asseblief oor 'n minuut weer; wat u getik het, is nog hier.
   *[other] U het dit te dikwels gedoen. Probeer asseblief oor { $minutes } minute weer; wat u getik het, is nog hier.
}
error-address-blocked = Versoeke van u netwerk is tans geblokkeer. As u dink dit is 'n fout, kontak die kantoor van 'n ander netwerk af.
error-account-pending-approval = U rekening wag vir 'n moderator se goedkeuring. Ons skryf aan u sodra dit goedgekeur is.
notice-signup-pending = Dankie. U rekening is geskep en wag vir 'n moderator se goedkeuring; ons skryf aan u wanneer dit goedgekeur is.
field-captcha-required = Beantwoord asseblief die vraag sodat ons weet 'n mens stuur dit.
field-captcha-failed = Daardie antwoord was nie reg nie, of die toets het verval. Beantwoord asseblief die nuwe vraag.
field-email-disposable = Weggooi-e-posadresse kan nie hier gebruik word nie. Gebruik asseblief 'n adres wat u hou.
field-email-blocked = Adresse by hierdie e-posverskaffer kan nie hier gebruik word nie. Gebruik asseblief 'n ander adres.
field-email-duplicate = Daar is reeds 'n rekening vir hierdie adres.
field-cidr-invalid = Tik 'n adres soos 203.0.113.7 of 'n reeks soos 203.0.113.0/24 of 2001:db8::/48.
field-cidr-too-wide = Daardie reeks is te wyd om te blokkeer (hoogstens /8 vir IPv4 en /16 vir IPv6).
field-duration-invalid = Tik 'n tydsduur soos 24h of 7d, of laat dit leeg vir 'n permanente blokkering.
field-domain-invalid = Tik minstens een domein soos example.com.
nav-shield = Skild
error-not-pending = Iemand het dit reeds besluit.
office-shield-title = Skild: bots, vloede en blokkerings
office-blocks-title = IP-blokkerings
office-signups-title = Aanmeldings wat op goedkeuring wag
office-signups-intro = Hierdie rekeninge is teruggehou deur 'n adresblokkering, e-poskeuring of die hek. Goedkeuring laat die persoon aanmeld; albei besluite word aan hulle gepos.
office-signups-empty = Geen aanmelding wag nie.
office-why = Waarom
office-decision = Besluit
office-shield-stopped = Gestop in die laaste 24 uur
office-shield-nothing = Niks hier nie.
office-shield-recent = Nuutste stoppe
office-when = Wanneer
office-address = Adres
office-account = Rekening
office-action = Aksie
office-what = Wat gebeur het
office-rule = Reël
office-source = Bron
shield-kind-blocked = geblokkeerde adres
shield-kind-throttled = tempobeperking
shield-kind-honeypot = heuningpot
shield-kind-too-fast = te vinnig gestuur
shield-kind-captcha-failed = CAPTCHA misluk
shield-kind-auto-block = outomatiese blokkering
shield-kind-email-refused = e-posadres geweier
shield-kind-email-held = e-posadres teruggehou
shield-kind-login-failed = mislukte aanmelding
shield-action-signup = Registrasie
shield-action-login = Aanmelding
shield-action-password-reset = Wagwoordherstel
shield-action-verify-mail = Verifikasiepos
shield-action-ad-post = Nuwe advertensie
shield-action-ad-edit = Advertensiewysiging
shield-action-report = Verslag
shield-action-message = Boodskap
shield-action-spam-check = Lewendige strooiposkontrole
office-shield-settings = Instellings
office-shield-limits = Tempobeperkings
office-shield-limits-hint = Elke beperking tel per adres (IPv6 per /64) en per rekening. Nuwe rekeninge kry die helfte, betroubare rekeninge twee keer soveel.
office-short-limit = Kort venster: hoogstens
office-long-limit = Lang venster: hoogstens
office-seconds = per sekondes
office-shield-captcha = CAPTCHA
office-captcha-difficulty = Bewys-van-werk-moeilikheid (grootste getal; die blaaier probeer gemiddeld die helfte)
office-login-failures = Mislukte aanmeldings (15 minute) voordat 'n aanmelding 'n CAPTCHA nodig het
office-flood-per-minute = Stoppe per minuut wat as 'n vloed tel (die moeilikheid gaan vier keer op)
office-shield-auto = Outomatiese blokkerings
office-auto-enabled = Blokkeer adresse wat aanhou oortree
office-auto-offences = Oortredings (beperkings, geweierde inhoud, heuningpotte) voor 'n blokkering
office-auto-window = …binne soveel sekondes
office-auto-ladder = Blokkeerduur in sekondes: eerste keer, tweede keer, dan elke keer (kommageskei)
office-rollup-min = Geblokkeerde adresse in een /24 of /64 voordat 'n samevoeging voorgestel word
office-shield-mail = E-posadresse by registrasie
office-mail-disposable = Weggooi-e-posverskaffers
office-mail-blocked = Geblokkeerde e-posdomeine
office-mail-duplicate = Dieselfde posbus as 'n bestaande rekening (punte en +etikette verwyder)
office-screen-allow = Toelaat
office-screen-approval = Hou vir 'n moderator
office-screen-refuse = Weier
office-save = Stoor instellings
office-admin-only = Net administrateurs kan hierdie instellings verander.
office-shield-domains = E-posdomeinlyste
office-domains-shipped = { $count } weggooi-verskaffers is op die meegeleweerde lys.
office-remove = Verwyder
office-domain-kind = Lys
office-domains = Domeine
office-domains-hint = Een domein per reël; subdomeine pas ook.
office-add-domains = Voeg domeine by
office-blocks-export = Voer die bloklys uit
office-blocks-loaded = { $count } aktiewe blokkerings is gelaai.
office-rollups = Voorgestelde samevoegings
office-rollup-line = { $count } enkel adresse is geblokkeer in { $range }
office-rollup-confirm = Vervang hierdie enkel blokkerings met een blokkering op die hele reeks?
office-rollup = Blokkeer die hele reeks
office-block-new = Blokkeer 'n adres of reeks
office-block-cidr = Adres of reeks
office-block-reason = Rede
office-block-severity = Erns
shield-severity-approval = registrasies moet goedgekeur word
shield-severity-no-posting = geen registrasies of plasings nie
shield-severity-no-access = glad geen toegang nie
office-block-expires = Verval
office-expires-24h = oor 24 uur
office-expires-7d = oor 7 dae
office-expires-never = nooit (permanent)
office-block-add = Blokkeer
office-blocks-list = Blokkerings
office-blocks-search = Adres, reeks of rede
office-blocks-all = Sluit opgehefte en vervalde in
office-blocks-empty = Geen blokkerings nie.
office-lifted = opgehef
office-lift = Hef op
office-blocks-import = Voer 'n bloklys in
office-blocks-import-text = Bloklys
office-blocks-import-hint = Een adres of reeks per reël; # begin 'n opmerking. Ongeldige reëls word gerapporteer en oorgeslaan.
office-address-title = Adres { $ip }
office-address-now = Nou
office-address-free = Nie geblokkeer nie.
office-block-24h = Blokkeer vir 24 uur
office-address-signups = Rekeninge hiervandaan geskep
office-address-verdicts = Die hek se uitsprake oor inhoud hiervandaan
notice-settings-saved = Gestoor. Elke instansie pas dit binne sekondes toe.
notice-block-added = Die blokkering is van krag.
notice-block-lifted = Die blokkering is opgehef.
notice-blocks-imported = { $added } blokkerings ingevoer; { $invalid } reëls was nie adresse nie.
notice-decision-saved = Besluit gestoor; die persoon is ingelig.
notice-already-decided = 'n Ander moderator het hierdie een eerste besluit.
mail-signup-approved-subject = U SayPro Classifieds-rekening is goedgekeur
mail-signup-approved-body = Hallo { $name },

    'n moderator het u rekening goedgekeur. U kan nou aanmeld: { $link }

    SayPro Classifieds
mail-signup-rejected-subject = U SayPro Classifieds-registrasie
mail-signup-rejected-body = Hallo { $name },

    'n moderator kon nie u rekening goedkeur nie. { $reason }

    As u dink dit is 'n fout, antwoord op hierdie e-pos.

    SayPro Classifieds
nav-gate = Hek
office-gate-title = Die hek: reëls, drempels en modelle
office-audit-title = Ouditlog
office-audit-intro = Elke verandering wat personeel en operateurs gemaak het, met die toestand voor en na. Inskrywings word nooit verander of geskrap nie.
office-audit-subject = Onderwerp
office-audit-before = Voor
office-audit-after = Na
office-rules-export = Laai die reëls af (JSON Lines)
office-rules = Sleutelwoordreëls
office-rules-empty = Nog geen reëls nie.
office-rule-pattern = Woord, frase of patroon
office-rule-match = Pas as
office-rule-action = Dan
office-rule-everywhere = elke kategorie
office-rule-new = Voeg 'n reël by
office-rule-add = Voeg reël by
office-match-word = 'n hele woord
office-match-phrase = 'n frase
office-match-literal = teks enige plek
office-match-regex = 'n gereelde uitdrukking
office-action-hold = hou vir hersiening
office-action-block = weier
office-action-score = tel by die telling
office-rules-import = Voer reëls in
office-rules-import-text = Reëls, een JSON-objek per reël
office-gate-settings = Drempels en gewigte
office-hold-threshold = Hou vir hersiening vanaf telling
office-reject-threshold = Weier vanaf telling
office-weights = Wat elke sein by die telling tel
office-blocked-domains = Webwerwe waarna niemand mag skakel nie
office-models = Klassifiseerder-weergawes
office-model-active = beoordeel nou
office-model-activate = Gebruik hierdie weergawe
office-rule-hits = Pas
office-rule-held = Teruggehou
office-rule-false-positives = Tog goedgekeur
office-suggestions = Voorgestelde reëls
office-suggestions-hint = Woorde en frases wat baie meer in onlangs verwyderde advertensies voorkom as in gepubliseerdes. As u een aanvaar, word dit as 'n puntereël bygevoeg.
office-suggestions-empty = Geen voorstelle wag nie.
office-suggestions-mine = Soek nou na voorstelle
office-suggestion-removed = In verwyderde advertensies
office-suggestion-published = In gepubliseerde advertensies
office-suggestion-accept = Voeg as reël by
office-suggestion-dismiss = Verwerp
notice-suggestions-mined = Voorstelle bygewerk.
office-models-trust = Die webwerf se eie klassifiseerder tel { $percent }% van die klassifiseerder se sê; die klassifiseerder wat saam met die webwerf kom, tel die res en kan nooit alleen 'n advertensie terughou nie.
field-hold-above-reject = Die hou-drempel mag nie bo die weier-drempel wees nie.
field-rules-file-invalid = Elke reël moet 'n reël soos die voorbeeld hieronder wees.
signal-name-obfuscation = Vermomde skryfwerk (per soort)
signal-name-link = Elke skakel bo die gratis skakels
signal-name-link-shortener = Verkorte skakel
signal-name-blocked-domain = Geblokkeerde webwerf
signal-name-link-mismatch = Skakel wat 'n ander adres wys
signal-name-contact-in-title = Kontakbesonderhede in die titel
signal-name-rejected-contact = Kontakbesonderhede wat voorheen geweier is
signal-name-shouting = Meestal hoofletters
signal-name-punctuation-run = Reekse leestekens of emoji
signal-name-keyword-stuffing = Een woord herhaal
signal-name-too-short = Beskrywing te kort
signal-name-price-outlier = Prys ver van die gewone
signal-name-duplicate-own = Dieselfde as 'n eie lewendige advertensie
signal-name-duplicate-other = Dieselfde as 'n ander rekening se advertensie
signal-name-duplicate-rejected = Dieselfde as 'n geweierde advertensie
signal-name-classifier = Klassifiseerder (strooiposkant)
signal-name-classifier-ham = Klassifiseerder (skoon kant, afgetrek)
signal-name-new-account-day = Rekening jonger as 'n dag
signal-name-new-account-week = Rekening jonger as 'n week
signal-name-unverified = E-pos nie bevestig nie
signal-name-rejected-history = Elke geweierde advertensie in die rekening se verlede
signal-name-trusted-account = Betroubare rekening (negatief)
signal-name-velocity = Baie inskrywings in 'n kort tyd
signal-name-off-platform = Kontak buite die webwerf
signal-name-spelled-number = Telefoonnommer uitgespel
signal-name-number-in-photo = Nommer in 'n foto
signal-name-advance-fee = Geld vooraf gevra
signal-name-seller-abroad = Verkoper ver weg
signal-name-risky-payment = Geskenkkaarte, kripto of geldoordrag
signal-name-income-claim = Betaling of opbrengs te goed om waar te wees
signal-name-promo-spam = Bevordering van 'n kanaal of kode
signal-name-tag-list = Lyste soekwoorde of hutsmerkers
signal-name-referral-link = Verwysings- of geaffilieerde skakel
signal-name-risky-domain = Skakel na 'n weggooidomein
signal-name-counterfeit = Kopieë van handelsmerkgoedere
signal-name-classifier-base = Meegestuurde klassifiseerder (strooiposkant, hou nooit alleen terug nie)
signal-name-classifier-base-ham = Meegestuurde klassifiseerder (skoon kant, afgetrek)

## Reports, moderation, appeals, notifications
nav-notifications = { $count ->
    [0] Kennisgewings, geen ongelees nie
    [one] Kennisgewings, een ongelees
   *[other] Kennisgewings, { $count } ongelees
}
field-appeal-text = Sê asseblief in 'n paar woorde waarom die besluit weer bekyk moet word (tot 2 000 karakters).
field-report-reason = Kies asseblief wat met hierdie advertensie verkeerd is.
report-reason-fraud = Bedrog of 'n swendelary
report-reason-prohibited = 'n Verbode of onwettige item
report-reason-spam = Strooipos
report-reason-offensive = Aanstootlike inhoud
report-reason-suspicious = Verdagte gedrag
report-reason-wrong-category = Verkeerde kategorie
report-reason-other = Iets anders
report-outcome-ad-removed = die advertensie is verwyder
report-outcome-account-suspended = die adverteerder se rekening is opgeskort
report-outcome-ad-moved = die advertensie is na die regte kategorie geskuif
report-outcome-no-action = geen optrede was nodig nie
notice-report-received = Dankie dat u "{ $title }" gerapporteer het. 'n Moderator sal daarna kyk; ons sal u vertel wat besluit is.
notice-urgent-report = Dringend: "{ $title }" is gerapporteer ({ $reason }). Dit is bo-aan die tou.
notice-item-escalated = 'n Item is na u verwys: { $reason }
notice-report-outcome = Hallo { $name }, oor u verslag oor "{ $title }": { $outcome }. { $note }
notice-report-outcome-subject = Wat met u verslag gebeur het
notice-ad-hidden = Hallo { $name }, u advertensie "{ $title }" is versteek terwyl moderators verslae daaroor ondersoek. U hoor van ons wanneer hulle besluit het.
notice-ad-hidden-subject = U advertensie is versteek terwyl ons dit ondersoek
notice-ad-removed = Hallo { $name }, u advertensie "{ $title }" is verwyder: { $reason }. U kan binne 20 dae teen hierdie besluit appelleer.
notice-ad-removed-subject = U advertensie is verwyder
notice-ad-not-published = Hallo { $name }, u advertensie "{ $title }" is nie gepubliseer nie: { $reason }. U kan dit wysig en weer indien, of binne 20 dae appelleer.
notice-ad-not-published-subject = U advertensie is nie gepubliseer nie
notice-ad-restored-after-appeal = Hallo { $name }, die advertensie "{ $title }" wat u gerapporteer het, is teruggesit nadat die eienaar geappelleer het en 'n tweede moderator daarna gekyk het. { $note }
notice-ad-restored-after-appeal-subject = 'n Advertensie wat u gerapporteer het, is teruggesit
notice-appeal-upheld = Hallo { $name }, u appèl is gehandhaaf en die besluit is ongedaan gemaak. { $note }
notice-appeal-upheld-subject = U appèl is gehandhaaf
notice-appeal-denied = Hallo { $name }, 'n tweede moderator het na u appèl gekyk en die besluit staan. { $note }
notice-appeal-denied-subject = Oor u appèl
notice-you-were-warned = Hallo { $name }, hierdie is 'n waarskuwing van die moderators: { $reason }
notice-you-were-warned-subject = 'n Waarskuwing oor u rekening
notice-you-got-a-strike = Hallo { $name }, u rekening het 'n oortreding ontvang: { $reason }. Herhaalde oortredings lei tot 'n opskorting. U kan binne 20 dae appelleer.
notice-you-got-a-strike-subject = 'n Oortreding op u rekening
notice-you-were-suspended = Hallo { $name }, u rekening is opgeskort tot { $until }: { $reason }. U kan binne 20 dae appelleer.
notice-you-were-suspended-subject = U rekening is opgeskort
notice-you-were-banned = Hallo { $name }, u rekening is permanent gesluit: { $reason }. U kan binne 20 dae appelleer.
notice-you-were-banned-subject = U rekening is gesluit
error-already-decided = Iemand anders het dit eerste besluit. Laai weer om te sien wat besluit is.
error-own-ad = U kan nie u eie advertensie rapporteer nie.
error-already-appealed = Daar is reeds teen hierdie besluit geappelleer; elke besluit kan een keer geappelleer word.
error-appeal-too-late = Die tyd om teen hierdie besluit te appelleer, het verstryk.
error-not-appealable = Daar kan nie teen hierdie besluit geappelleer word nie.
error-same-moderator = 'n Appèl moet deur 'n ander moderator besluit word as die een wat die besluit geneem het.
error-claimed = 'n Ander moderator werk aan hierdie item.
error-account-banned = Hierdie rekening is gesluit. Kontak die kantoor as u dink dit is 'n fout.
error-staff-account = Personeelrekeninge word deur administrateurs bestuur, nie deur moderering nie.
error-no-address = Ons kon nie vasstel waar hierdie versoek vandaan kom nie.
nav-queue = Tou
nav-my-reports = My verslae
report-title = Rapporteer hierdie advertensie
report-about = U rapporteer "{ $title }".
report-reason = Wat is verkeerd?
report-comment = Enigiets wat moderators moet weet
report-comment-hint = Tot 1 000 karakters. Moenie persoonlike besonderhede insluit nie.
report-next = Gaan voort
report-confirm-heading = Kontroleer asseblief u verslag
report-send = Stuur verslag
report-change = Verander
report-anonymous-note = U is nie aangemeld nie: die verslag is anoniem. Ons stoor geen naam of e-pos nie, net 'n deurmekaargemaakte vorm van u netwerkadres om misbruik te keer. U kry 'n naspoorkode.
report-guide-link = Hoe om strooipos en swendelary te herken en te rapporteer
report-box-heading = Iets fout met hierdie advertensie?
report-button = Rapporteer hierdie advertensie
report-thanks-title = Dankie vir u verslag
report-thanks = Dankie: u verslag oor "{ $title }" is na die moderators gestuur.
report-updated = U het "{ $title }" reeds om hierdie rede gerapporteer; ons het bygevoeg wat u geskryf het.
report-next-heading = Wat volgende gebeur
report-next-body = 'n Moderator kyk na elke verslag. Ernstige verslae (bedrog, onwettige items) word eerste bekyk; 'n advertensie wat baie mense rapporteer, word versteek totdat dit nagegaan is.
report-review-by = Verwagte hersiening teen { $when }.
report-code-intro = Hou hierdie naspoorkode om u verslag te volg (ons kan dit nie aan u stuur nie):
report-follow = Volg u verslag
report-see-mine = Sien u verslae
report-status-title = U verslag
report-sent = Gestuur
report-state = Status
report-status-open = Wag vir 'n moderator
report-status-upheld = Gehandhaaf
report-status-rejected = Nie gehandhaaf nie
report-outcome = Uitkoms
report-note = Die moderator se verduideliking
report-see-ad = Sien die advertensie
report-appeal = Vra vir 'n tweede hersiening
report-mine-title = My verslae
report-points = punte
report-accuracy = akkuraatheid (laaste 100 besliste verslae)
report-upheld-of-decided = gehandhaaf
report-open = wag
report-badges = Kentekens
report-shown-on-board = U vertoonnaam word op die puntelys gewys.
report-hidden-on-board = U verskyn sonder u naam op die puntelys.
report-board-show = Wys my naam
report-board-hide = Versteek my naam
report-none = U het nog niks gerapporteer nie.
badge-first-catch = Eerste vangs
badge-sharp-eye = Skerp oog
badge-guardian = Wag
badge-sentinel = Brandwag
leaderboard-title = Top verslaggewers
leaderboard-intro = Punte vir verslae wat moderators gehandhaaf het: 5 vir elk, 10 meer vir bedrog wat op sy eerste dag gevang is.
leaderboard-month = Hierdie maand
leaderboard-all = Nog altyd
leaderboard-empty = Nog geen punte hierdie tydperk nie.
leaderboard-anonymous = 'n Verslaggewer
notifications-title = Kennisgewings
notifications-empty = Nog niks nie.
notifications-mark-read = Merk alles as gelees
notifications-open = Maak oop
appeal-title = Vra vir 'n tweede hersiening
appeal-intro = 'n Ander moderator sal weer na die besluit kyk. Elke besluit kan een keer, binne 20 dae, geappelleer word.
appeal-text = Waarom moet die besluit weer bekyk word?
appeal-send = Stuur appèl
appeal-sent = U appèl is gestuur. 'n Ander moderator sal daarna kyk; ons sal u die uitkoms vertel.
guide-title = Hoe om strooipos en swendelary te herken en te rapporteer
guide-intro = Die meeste advertensies is eerlik. Hierdie tekens onderskei die res; wanneer u dit sien, rapporteer die advertensie: dit neem 'n minuut en beskerm die volgende persoon.
guide-signs-heading = Waarskuwingstekens
guide-sign-1 = 'n Prys ver onder wat dieselfde ding gewoonlik kos.
guide-sign-2 = 'n Deposito, koerierfooi of "versendingsagent"-betaling voordat u die item gesien het.
guide-sign-3 = Die verkoper is "oorsee" en kan nie ontmoet nie, of druk u om dadelik na 'n ander toep te skuif.
guide-sign-4 = Versoeke vir geskenkkaarte, kripto of geldoordragdienste.
guide-sign-5 = Werkadvertensies wat vra dat u eers betaal, of baie belowe vir "werk van die huis af" sonder ondervinding.
guide-how-heading = Hoe om te rapporteer
guide-how-1 = Maak die advertensie oop en druk "Rapporteer hierdie advertensie".
guide-how-2 = Kies wat verkeerd is (bedrog en onwettige items word eerste bekyk) en voeg enigiets by wat die moderators moet weet.
guide-how-3 = Kontroleer wat u stuur en druk "Stuur verslag". Sonder 'n rekening, hou die naspoorkode.
guide-how-4 = Moet nooit betaal of u besonderhede met die verkoper deel terwyl u wag nie.
guide-after-heading = Wat gebeur nadat u gerapporteer het
guide-after-body = 'n Moderator besluit, en ons vertel u: die advertensie verwyder, die rekening opgeskort, of geen optrede nie, met die rede. As u nie met "geen optrede" saamstem nie, kan u een keer vir 'n tweede hersiening vra. Gehandhaafde verslae verdien punte.
notice-bulk-some-conflicts = Gestoor; sommige items is reeds deur iemand anders besluit en is gelaat soos hulle was.
notice-claimed = Hierdie item is vir die volgende 30 minute joune.
notice-action-taken = Gedoen; die persoon is ingelig, met hoe om te appelleer.
office-queue-title = Modereringstou
office-queue-counts = Items wat wag
office-queue-open = wag
office-queue-escalated = verwys
office-queue-decided = besluit
office-queue-overdue = oor hul hersieningstyd
office-queue-kind = Soort
office-queue-any = enige
office-queue-status = Status
office-queue-mine = Deur my geëis
office-queue-filter = Filtreer
office-queue-empty = Niks wag nie. Mooi so.
office-queue-select = Kies
office-queue-item = Item
office-queue-weight = Gewig
office-queue-due = Hersien teen
office-queue-claimed = geëis
office-queue-bulk = Vir alle gekose items
office-queue-bulk-apply = Pas toe
office-queue-bulk-confirm = Pas hierdie besluit op elke gekose item toe?
queue-kind-reported-ad = gerapporteerde advertensies
queue-kind-held-ad = advertensies deur die hek teruggehou
queue-kind-appeal = appèlle
queue-kind-signup = registrasies om goed te keur
office-claim = Eis hierdie item
office-feedback = Wat die persoon vertel word
office-feedback-hint = Laat leeg om die standaardteks vir die rede te gebruik.
office-move-to = Skuif na kategorie
office-decide-approve = Keur goed / geen optrede
office-decide-reject = Verwyder / weier
office-decide-hide = Versteek tydens ondersoek
office-decide-move = Skuif en publiseer
office-decide-escalate = Verwys na 'n administrateur
office-appeal = Die appèl
office-ad-now = Die advertensie nou
office-changed-since-report = Verander sedert dit gerapporteer is
office-field = Veld
office-as-reported = Soos gerapporteer
office-now = Nou
office-reports = Verslae
office-anonymous = anoniem
office-gate-signals = Wat die hek sien
office-poster = Die adverteerder
office-reports-against = Verslae teen hul advertensies
office-overruled = omvergewerp
office-related = Rekeninge wat 'n adres of telefoonnommer deel
office-user-action = Optrede op die rekening
office-act-warn = Waarsku
office-act-strike = Oortreding
office-act-suspend = Skort op
office-act-ban = Sluit uit
office-act-remove-spammer = Verwyder strooiposser (alle advertensies, skort op, blokkeer kontakte)
office-act-days = Dae (opskorting)
office-act-apply = Pas toe
office-act-confirm = Tree op teen hierdie rekening? Die persoon sal vertel word waarom.
office-notes = Privaat notas (net personeel)
office-note-new = Nuwe nota
office-note-add = Voeg nota by
feedback-template-fraud = Hierdie advertensie toon tekens van bedrog en is verwyder om kopers te beskerm.
feedback-template-prohibited = Hierdie item mag nie op SayPro Classifieds aangebied word nie.
feedback-template-spam = Hierdie advertensie is strooipos: herhaal, misleidend of nie verwant aan 'n regte aanbod nie.
feedback-template-offensive = Hierdie advertensie bevat aanstootlike inhoud.
feedback-template-suspicious = Hierdie advertensie is verwyder nadat verdagte gedrag gerapporteer is.
feedback-template-wrong-category = Hierdie advertensie was in die verkeerde kategorie.
feedback-template-other = Hierdie advertensie volg nie die webwerf se reëls nie.

## Messaging
conversation-status-open = Oop
conversation-status-resolved = Opgelos
conversation-status-waiting = Wag vir u
inbox-all = Alles
inbox-title = Kantoor-inkassie
message-admin = Stuur die kantoor 'n boodskap oor hierdie advertensie
messages-about = Oor die advertensie "{ $title }".
messages-about-ad = oor 'n advertensie
messages-body = U boodskap
messages-internal = Personeelnota
messages-internal-note = Personeelnota (die gebruiker sien dit nooit nie)
messages-last = Laaste boodskap
messages-new = Kontak die kantoor
messages-new-intro = Vra hulp met 'n advertensie, 'n kategorie of 'n reël, rapporteer 'n swendelary, of enigiets anders. Die kantoor antwoord hier, en u word ingelig wanneer hulle dit doen.
messages-none = Nog geen gesprekke nie.
messages-rate = Hoe goed is u gehelp? (1 tot 5)
messages-rate-send = Stuur gradering
messages-reply = Antwoord
messages-resolve = Merk as opgelos
messages-send = Stuur
messages-title = My boodskappe
messages-topic = Onderwerp
messages-unread = Ongelees
messages-urgent = dringend
nav-contact-support = Kontak ondersteuning
topic-ad-help = Hulp met my advertensie
topic-policy = 'n Kategorie- of reëlvraag
topic-fraud = Rapporteer bedrog of 'n swendelary
topic-renew-edit = Hernu of wysig my advertensie
topic-account = My rekening of aanmelding
topic-other = Iets anders
notice-thanks-rating = Dankie vir u gradering.
unsubscribed-title = Geen e-posse meer oor ongelese boodskappe nie
unsubscribed-body = U sal nie meer oor ongelese boodskappe ge-e-pos word nie. Antwoorde verskyn steeds op die webwerf, onder My boodskappe.
mail-unread-subject = U het 'n ongelese antwoord van SayPro Classifieds
mail-unread-body = Hallo { $name },

    { $count ->
        [one] 'n antwoord van die kantoor wag vir u:
       *[other] { $count } antwoorde van die kantoor wag vir u:
    }

    { $messages }

    Lees en antwoord: { $link }

    Wil u nie hierdie e-posse hê nie? { $unsubscribe }
inbox-mine = Myne
inbox-unassigned = Nie toegewys nie
notice-urgent-conversation = 'n Dringende gesprek het ingekom (bedrog, 'n swendelary of 'n bedreiging). Dit is bo-aan die inkassie.
conversation-status-waiting-staff = Wag op die gebruiker
inbox-available = Neem gesprekke aan
inbox-away = Weg
inbox-go-away = Hou op om gesprekke aan te neem
inbox-go-available = Neem gesprekke aan
inbox-filters = Inkassie-filters
inbox-my-teams = My spanne
inbox-sla-soon = Binnekort verskuldig
inbox-sla-breached = Agterstallig
inbox-team = Span
inbox-assignee = Toegewys aan
inbox-sla = Tyd oor
inbox-language = Taal
inbox-context = Oor hierdie gesprek
inbox-take = Neem dit
inbox-release = Terug na die span se tou
inbox-transfer = Skuif na span
inbox-transfer-button = Skuif
inbox-the-ad = Die advertensie
inbox-ad-reports = { $count ->
    [one] een klagte
   *[other] { $count } klagtes
}
inbox-ad-open-reports = { $count } oop
inbox-the-user = Die gebruiker
inbox-user-strikes = { $count ->
    [one] een waarskuwingspunt
   *[other] { $count } waarskuwingspunte
}
inbox-user-reports = { $count ->
    [one] een gegronde klagte teen hulle
   *[other] { $count } gegronde klagtes teen hulle
}
inbox-other-conversations = Ander gesprekke
inbox-canned = Gereedgemaakte antwoord
inbox-canned-use = Gebruik
messages-search = Soek in boodskappe
messages-search-button = Soek
messages-typing = Die ander kant tik…
messages-read = Gelees
messages-delivered = Afgelewer
messages-sent = Gestuur
sla-left = { $time } oor
sla-overdue = { $time } agterstallig
sla-first-response = eerste antwoord
sla-next-response = volgende antwoord
sla-resolution = oplossing
notice-sla-warning = Gesprek #{ $id } is naby daaraan om sy { $clock }-teiken te mis.
notice-sla-breached = Gesprek #{ $id } het sy { $clock }-teiken gemis.
notice-conversation-assigned = Gesprek #{ $id } is aan jou toegewys.
messages-mail-legend = E-pos oor ongeleesde antwoorde
messages-mail-delay = Minute wat 'n antwoord ongelees mag bly voordat ons jou e-pos
messages-mail-off = Moenie my oor ongeleesde antwoorde e-pos nie
messages-mail-save = Stoor
team-title = Spanne en gereedgemaakte antwoorde
team-waiting = { $count ->
    [one] een gesprek wag
   *[other] { $count } gesprekke wag
}
team-no-members = Niemand is nog in hierdie span nie.
team-member = Lid
team-state = Stand
team-load = Oop / limiet
team-senior = Senior
team-online = Aanlyn
team-offline = Vanlyn
team-remove = Verwyder
team-add = Voeg iemand by 'n span
team-email = Die personeellid se e-posadres
team-max-open = Meeste oop gesprekke tegelyk (leeg: die verstek)
team-add-button = Voeg by span
team-no-canned = Nog geen gereedgemaakte antwoorde nie.
team-canned-title = Titel
team-canned-body = Antwoord
team-canned-add = Voeg gereedgemaakte antwoord by
nav-team = Spanne
mail-urgent-conversation-subject = Dringend: 'n gesprek het nou iemand nodig

## What the writer of a stopped submission is told (never scores, rules or other ads)
reason-keyword = U advertensie bevat woorde wat nie hier toegelaat word nie: { $words }.
reason-obfuscation = U advertensie gebruik vermomde skryfwerk (lyk-soos-letters, versteekte karakters of uitgespasieerde letters). Skryf asseblief gewoon.
reason-links = U advertensie het te veel skakels. Beskryf eerder die item hier.
reason-link-shortener = U advertensie gebruik verkorte skakels ({ $words }). Laat asseblief skakels uit u advertensie.
reason-blocked-domain = U advertensie skakel na 'n webwerf wat nie hier toegelaat word nie.
reason-link-mismatch = 'n Skakel in u advertensie wys een adres maar lei na 'n ander.
reason-referral-link = U advertensie bevat verwysings- of geaffilieerde skakels ({ $words }). Dit word nie hier toegelaat nie.
reason-risky-domain = U advertensie skakel na 'n webwerf wat ons nie aanvaar nie ({ $words }).
reason-contact-in-title = U titel bevat kontakbesonderhede ({ $words }). Sit dit in die kontakveld, nie in die titel nie.
reason-rejected-contact = U advertensie bevat kontakbesonderhede wat ons nie aanvaar nie.
reason-shouting = U advertensie is meestal in hoofletters geskryf. Skryf asseblief gewoon.
reason-punctuation-run = U advertensie het lang reekse simbole of emoji.
reason-keyword-stuffing = U advertensie herhaal dieselfde woord baie keer ({ $words }). Beskryf die item een keer, in gewone woorde.
reason-tag-list = U advertensie bevat lyste soekwoorde of hutsmerkers. Beskryf eerder die item in gewone woorde.
reason-too-short = U beskrywing is baie kort. Sê meer oor wat u aanbied.
reason-price-outlier = U prys is ver onder wat { $words } gewoonlik kos. As dit reg is, sê in die beskrywing hoekom (byvoorbeeld: stukkend, vir onderdele).
reason-duplicate-own = U het reeds 'n baie soortgelyke advertensie op die webwerf. Wysig of hernu daardie een eerder as om dit weer te plaas.
reason-duplicate-other = U advertensie is baie soortgelyk aan 'n ander advertensie op die webwerf. Skryf asseblief u eie beskrywing.
reason-duplicate-rejected = U advertensie is baie soortgelyk aan 'n advertensie wat van die webwerf verwyder is.
reason-off-platform = U advertensie vra mense om u buite hierdie webwerf te kontak ({ $words }). Hou die gesprek op die webwerf: dit beskerm u en die ander persoon.
reason-spelled-number = U advertensie spel 'n telefoonnommer uit of spasieer dit ({ $words }). Sit eerder u nommer in die kontakveld.
reason-number-in-photo = U advertensie sê u kontakbesonderhede is in 'n foto. Sit dit eerder in die kontakveld.
reason-advance-fee = U advertensie vra geld voordat enigiets oorhandig word ({ $words }). Advertensies wat vooraf fooie of deposito's vra, word nie toegelaat nie.
reason-seller-abroad = U advertensie sê u is ver weg en sal die item of die sleutels na betaling stuur. Kopers moet kan sien waarvoor hulle betaal.
reason-risky-payment = U advertensie vra betaling op 'n manier wat die koper nie beskerm nie ({ $words }).
reason-income-claim = U advertensie belowe verdienste of opbrengste wat eerlike aanbiedinge nie maak nie ({ $words }).
reason-promo-spam = U plasing bevorder 'n kanaal, bladsy of kode ({ $words }). Bevordering word nie hier toegelaat nie.
reason-counterfeit = U advertensie suggereer dat die item 'n kopie van 'n handelsmerk is ({ $words }). Kopieë van handelsmerkgoedere word nie toegelaat nie.
reason-review = 'n Moderator sal na u advertensie kyk voordat dit op die webwerf verskyn. Dit neem gewoonlik minder as 'n dag.
reason-refused = U advertensie kon nie aanvaar word nie.
