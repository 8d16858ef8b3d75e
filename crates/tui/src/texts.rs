//! Every sentence the screens show, in French (the Patro's language, and the guide's words) and in
//! English. Kept in one place so that a translation is reviewed side by side with its original.

use tempatro_core::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    AppTitle,
    PleaseWait,

    // Log in
    LogInTitle,
    LogInEmail,
    LogInPassword,
    LogInButton,
    ForgotQuestion,
    ForgotLink,
    NoAccountQuestion,
    SignUpLink,
    SessionExpired,
    LoggedOut,
    Starting,

    // Sign up
    SignUpTitle,
    SignUpIntro,
    FirstName,
    LastName,
    Email,
    Password,
    PasswordConfirmation,
    PasswordHint,
    SignUpButton,
    AccountCreatedTitle,
    AccountCreatedBody,
    AccountCreatedApproval,
    AccountCreatedSpam,
    Ok,

    // Forgot password
    ForgotTitle,
    ForgotIntro,
    ForgotButton,
    ResetCodeIntro,
    ResetCode,
    NewPassword,
    NewPasswordConfirmation,
    ResetButton,
    PasswordChangedTitle,
    PasswordChangedBody,

    // Dashboard
    MenuHome,
    MenuChildren,
    MenuInfos,
    MenuLogOut,
    YourChildren,
    PatroYear,
    SpecialActions,
    NothingToDo,
    NewsTab,
    HelpTab,
    NoNewsYet,

    // Gérer mes enfants
    ChildrenTitle,
    Loading,
    BadgeUnpaid,
    BadgeSolidarity,
    TipUnpaid,
    TipSolidarity,
    NotAffiliated,
    MissingChildQuestion,

    // The child's sheet
    BackLink,
    Identification,
    ContactData,
    History,
    Medical,
    DotUnpaid,
    DotSolidarity,
    ImageRightsGranted,
    ImageRightsRefused,
    ImageRightsUnknown,
    PrimaryContact,
    SecondaryContact,
    PhoneNumber,
    NoContact,
    Cycles,
    Camps,
    NoneYet,
    CreatedOn,
    Doctor,
    DoctorPhone,
    NotGiven,
    ChangesSaved,

    // Modifier les infos
    FormBirthDate,
    FormAddress,
    FormImageRights,
    FormImageRightsConsent,
    FormPrimaryContact,
    FormSecondaryContact,
    FormDoctor,
    FormContactName,
    FormContactPhone,
    FormContactEmail,
    FormDoctorName,
    FormDoctorPhone,
    SaveChanges,
    NamesByThePatro,
    NothingChanged,
    FixTheFields,
    QuitWithoutSaving,
    StaleReload,

    // Renewal
    RenewalCycle,
    RenewalSection,
    RenewalFee,
    RenewalSolidarity,
    RenewalSectionByThePatro,
    RenewalQuestion,
    RenewalButton,
    RenewalNotOpen,
    RenewalRefused,

    // Mon enfant n'apparaît pas
    LinkTitle,
    LinkIntro,
    ChildFirstName,
    ChildLastName,
    ChildBirthDate,
    LinkMessage,
    DateHint,
    LinkButton,
    LinkSentTitle,
    LinkSent,

    // Gérer mes infos
    MyDetails,
    Phone,
    CurrentPassword,
    CurrentPasswordForEmail,
    CurrentPasswordHint,
    SaveMyDetails,
    DetailsSaved,
    ChangePassword,
    PasswordSaved,

    // Server unreachable
    UnreachableTitle,
    UnreachableAddress,
    UnreachableBody,
    UnreachableContact,

    // Keys
    KeyQuit,
    KeyQuitAlways,
    KeyHelp,
    KeyBack,
    KeyLeaveField,
    KeyNextField,
    KeyPreviousField,
    KeyNext,
    KeyPrevious,
    KeyConfirm,
    KeyOpen,
    KeyLogIn,
    KeyLogOut,
    KeyChoose,
    KeyTab,
    KeyScroll,
    KeyRetry,
    KeyRefresh,
    KeyView,
    KeyRenew,
    KeyRenewShort,
    KeyReportMissing,
    KeyEditInfos,
    KeyScrollPage,
    KeySave,
    KeyCancel,
    KeyToggle,
    KeyLeaveWithoutSaving,
    KeyKeepEditing,
    KeyReload,
    KeySend,
    HelpTitle,
    HelpClose,
    HelpEditing,
}

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        let (fr, en) = match self {
            T::AppTitle => ("Tempatro · Espace Parents", "Tempatro · Parents' space"),
            T::PleaseWait => ("Un instant…", "One moment…"),

            T::LogInTitle => ("Connexion à Tempatro", "Log in to Tempatro"),
            T::LogInEmail => ("Identifiant (e-mail) *", "Login (e-mail) *"),
            T::LogInPassword => ("Mot de passe *", "Password *"),
            T::LogInButton => ("Se connecter", "Log in"),
            T::ForgotQuestion => (
                "Vous avez oublié votre mot de passe ?",
                "Forgot your password?",
            ),
            T::ForgotLink => (
                "Cliquez ici pour réinitialiser votre mot de passe",
                "Click here to reset your password",
            ),
            T::NoAccountQuestion => ("Pas encore de compte ?", "No account yet?"),
            T::SignUpLink => ("Créez-en un !", "Create one!"),
            T::SessionExpired => (
                "Votre session a expiré : connectez-vous à nouveau.",
                "Your session has expired: please log in again.",
            ),
            T::LoggedOut => ("Vous avez été déconnecté.", "You have been logged out."),
            T::Starting => (
                "Connexion au serveur du Patro…",
                "Connecting to the Patro's server…",
            ),

            T::SignUpTitle => ("Créez votre compte !", "Create your account!"),
            T::SignUpIntro => (
                "Entrez vos coordonnées. Veillez à bien noter votre mot de passe !",
                "Enter your details. Make sure you note your password!",
            ),
            T::FirstName => ("Prénom *", "First name *"),
            T::LastName => ("Nom *", "Last name *"),
            T::Email => ("Adresse e-mail *", "E-mail address *"),
            T::Password => ("Mot de passe *", "Password *"),
            T::PasswordConfirmation => ("Confirmation du mot de passe *", "Confirm the password *"),
            T::PasswordHint => ("au moins 12 caractères", "at least 12 characters"),
            T::SignUpButton => ("Créez votre compte !", "Create your account!"),
            T::AccountCreatedTitle => (
                "Votre demande de compte est enregistrée !",
                "Your account request has been received!",
            ),
            T::AccountCreatedBody => (
                "Votre compte ne sera pas actif immédiatement. Vous recevrez un e-mail de confirmation vous informant que votre demande est en attente.",
                "Your account is not active yet. You will receive a confirmation e-mail telling you that your request is pending.",
            ),
            T::AccountCreatedApproval => (
                "Le Patro doit traiter votre demande afin de confirmer que vous êtes bien le parent ou le responsable d'un enfant inscrit au Patro. Lorsque votre compte sera activé, vous recevrez un e-mail vous informant que vous pouvez vous connecter à votre espace ;)",
                "The Patro must check that you are indeed the parent or guardian of a child registered at the Patro. Once your account is active, you will receive an e-mail telling you that you can log in ;)",
            ),
            T::AccountCreatedSpam => ("Vérifiez vos spams !", "Check your spam folder!"),
            T::Ok => ("OK", "OK"),

            T::ForgotTitle => ("Réinitialiser votre mot de passe", "Reset your password"),
            T::ForgotIntro => (
                "Entrez l'adresse e-mail de votre compte : nous vous y enverrons un code de réinitialisation.",
                "Enter your account's e-mail address: we will send a reset code to it.",
            ),
            T::ForgotButton => ("Recevoir un code", "Send me a code"),
            T::ResetCodeIntro => (
                "Entrez ce code et choisissez un nouveau mot de passe.",
                "Enter this code and choose a new password.",
            ),
            T::ResetCode => ("Code reçu par e-mail *", "Code from the e-mail *"),
            T::NewPassword => ("Nouveau mot de passe *", "New password *"),
            T::NewPasswordConfirmation => ("Confirmation *", "Confirmation *"),
            T::ResetButton => ("Changer mon mot de passe", "Change my password"),
            T::PasswordChangedTitle => (
                "Votre mot de passe a été modifié",
                "Your password has been changed",
            ),
            T::PasswordChangedBody => (
                "Vous pouvez maintenant vous connecter avec votre nouveau mot de passe.",
                "You can now log in with your new password.",
            ),

            T::MenuHome => ("Tableau de bord", "Dashboard"),
            T::MenuChildren => ("Gérer mes enfants", "My children"),
            T::MenuInfos => ("Gérer mes infos", "My details"),
            T::MenuLogOut => ("Se déconnecter", "Log out"),
            T::YourChildren => ("Vos enfants", "Your children"),
            T::PatroYear => ("Année Patro", "Patro year"),
            T::SpecialActions => ("! Actions spéciales", "! Special actions"),
            T::NothingToDo => (
                "Rien à régler pour le moment.",
                "Nothing to settle for now.",
            ),
            T::NewsTab => ("News du Patro", "Patro news"),
            T::HelpTab => ("Utiliser Tempatro", "Using Tempatro"),
            T::NoNewsYet => (
                "Pas encore de news. Les news du Patro apparaîtront ici dès que les animateurs en publieront.",
                "No news yet. The Patro's news will appear here as soon as the leaders publish some.",
            ),

            T::ChildrenTitle => ("Gérer la fiche de mon enfant", "Manage my child's sheet"),
            T::Loading => ("Chargement…", "Loading…"),
            T::BadgeUnpaid => ("Affiliation non payée", "Membership unpaid"),
            T::BadgeSolidarity => ("Affiliation solidaire", "Solidarity membership"),
            T::TipUnpaid => (
                "L'affiliation de votre enfant n'est pas payée, veuillez la régler !",
                "Your child's membership is not paid, please settle it!",
            ),
            T::TipSolidarity => (
                "Votre enfant bénéficie de la réduction d'affiliation pour ce cycle",
                "Your child gets the reduced membership fee for this cycle",
            ),
            T::NotAffiliated => (
                "pas encore affilié pour ce cycle",
                "not a member yet this cycle",
            ),
            T::MissingChildQuestion => (
                "Votre enfant n'apparaît pas ? Appuyez sur n pour nous le signaler.",
                "Your child is not listed? Press n to tell us.",
            ),

            T::BackLink => ("Esc Retourner en arrière", "Esc Go back"),
            T::Identification => ("Identification", "Identification"),
            T::ContactData => ("Données de contact", "Contact details"),
            T::History => ("Historiques & documents", "History & documents"),
            T::Medical => ("Informations médicales", "Medical information"),
            T::DotUnpaid => ("non payée", "unpaid"),
            T::DotSolidarity => ("solidaire", "solidarity"),
            T::ImageRightsGranted => (
                "Vous avez autorisé l'utilisation de l'image de votre enfant.",
                "You have allowed the use of your child's picture.",
            ),
            T::ImageRightsRefused => (
                "Vous n'avez pas autorisé l'utilisation de l'image de votre enfant.",
                "You have not allowed the use of your child's picture.",
            ),
            T::ImageRightsUnknown => (
                "Autorisation photo : pas encore donnée.",
                "Picture consent: not given yet.",
            ),
            T::PrimaryContact => ("Contact principal", "Primary contact"),
            T::SecondaryContact => ("Contact secondaire", "Secondary contact"),
            T::PhoneNumber => ("Numéro de tél", "Phone"),
            T::NoContact => ("aucun", "none"),
            T::Cycles => ("Cycles d'affiliation", "Membership cycles"),
            T::Camps => ("Historique des camps", "Camp history"),
            T::NoneYet => ("aucun pour le moment", "none yet"),
            T::CreatedOn => ("Date de création de la fiche", "Sheet created on"),
            T::Doctor => ("Médecin traitant", "Family doctor"),
            T::DoctorPhone => ("Numéro du médecin", "Doctor's number"),
            T::NotGiven => ("non renseigné", "not given"),
            T::ChangesSaved => ("Modifications enregistrées", "Changes saved"),

            T::FormBirthDate => ("Date de naissance", "Birth date"),
            T::FormAddress => ("Adresse de domicile", "Home address"),
            T::FormImageRights => ("Autorisation photo", "Picture consent"),
            T::FormImageRightsConsent => (
                "j'autorise l'utilisation de l'image de mon enfant",
                "I allow the use of my child's picture",
            ),
            T::FormPrimaryContact => (
                "Informations de la personne de contact principale",
                "Primary contact person",
            ),
            T::FormSecondaryContact => (
                "Informations de la personne de contact secondaire",
                "Secondary contact person",
            ),
            T::FormDoctor => ("Médecin traitant", "Family doctor"),
            T::FormContactName => ("Nom & prénom", "Full name"),
            T::FormContactPhone => ("Numéro de tél", "Phone number"),
            T::FormContactEmail => ("Adresse mail", "E-mail address"),
            T::FormDoctorName => ("Nom du médecin", "Doctor's name"),
            T::FormDoctorPhone => ("Numéro du médecin", "Doctor's number"),
            T::SaveChanges => ("Sauver les modifications", "Save the changes"),
            T::NamesByThePatro => (
                "(nom et prénom : modifiables par le Patro uniquement)",
                "(names: only the Patro can change them)",
            ),
            T::NothingChanged => (
                "Aucune modification à enregistrer.",
                "Nothing has changed: nothing to save.",
            ),
            T::FixTheFields => (
                "Corrigez les champs marqués ⚠ avant de sauver.",
                "Fix the fields marked ⚠ before saving.",
            ),
            T::QuitWithoutSaving => ("Quitter sans sauver ? o/n", "Leave without saving? y/n"),
            T::StaleReload => (
                "Appuyez sur r (Ctrl-R dans un champ) pour recharger la fiche ; ce que vous avez tapé ici sera perdu.",
                "Press r (Ctrl-R in a field) to reload the sheet; what you typed here will be lost.",
            ),

            T::RenewalCycle => ("Cycle d'affiliation", "Membership cycle"),
            T::RenewalSection => ("Section", "Section"),
            T::RenewalFee => ("Cotisation", "Fee"),
            T::RenewalSolidarity => ("affiliation solidaire", "solidarity membership"),
            T::RenewalSectionByThePatro => ("fixée par le Patro", "set by the Patro"),
            T::RenewalQuestion => (
                "Confirmez-vous le renouvellement de l'affiliation ?",
                "Do you confirm the renewal of the membership?",
            ),
            T::RenewalButton => ("Renouveler l'affiliation", "Renew the membership"),
            T::RenewalNotOpen => (
                "Le renouvellement n'est pas ouvert pour le moment.",
                "Renewal is not open at the moment.",
            ),
            T::RenewalRefused => (
                "Le renouvellement n'a pas pu être enregistré",
                "The renewal could not be recorded",
            ),

            T::LinkTitle => ("Mon enfant n'apparaît pas", "My child is not listed"),
            T::LinkIntro => (
                "Donnez-nous le nom et la date de naissance de votre enfant : le Patro associera sa fiche à votre compte.",
                "Give us your child's name and birth date: the Patro will link their sheet to your account.",
            ),
            T::ChildFirstName => ("Prénom de l'enfant *", "Child's first name *"),
            T::ChildLastName => ("Nom de l'enfant *", "Child's last name *"),
            T::ChildBirthDate => ("Date de naissance *", "Birth date *"),
            T::LinkMessage => ("Message", "Message"),
            T::DateHint => (
                "JJ/MM/AAAA, par exemple 01/05/2018",
                "DD/MM/YYYY, e.g. 01/05/2018",
            ),
            T::LinkButton => ("Envoyer la demande", "Send the request"),
            T::LinkSentTitle => ("Demande envoyée", "Request sent"),
            T::LinkSent => (
                "Votre demande a été envoyée au Patro : nous lierons la fiche de votre enfant à votre compte dès que possible.",
                "Your request has been sent to the Patro: we will link your child's sheet to your account as soon as possible.",
            ),

            T::MyDetails => ("Mes coordonnées", "My details"),
            T::Phone => ("Téléphone", "Phone"),
            T::CurrentPassword => ("Mot de passe actuel *", "Current password *"),
            T::CurrentPasswordForEmail => ("Mot de passe actuel", "Current password"),
            T::CurrentPasswordHint => (
                "seulement pour changer d'adresse e-mail",
                "only to change the e-mail address",
            ),
            T::SaveMyDetails => ("Enregistrer mes infos", "Save my details"),
            T::DetailsSaved => (
                "Vos informations ont été enregistrées.",
                "Your details have been saved.",
            ),
            T::ChangePassword => ("Changer de mot de passe", "Change the password"),
            T::PasswordSaved => (
                "Votre mot de passe a été modifié.",
                "Your password has been changed.",
            ),

            T::UnreachableTitle => (
                "Le serveur du Patro ne répond pas (maintenance ?)",
                "The Patro's server does not answer (maintenance?)",
            ),
            T::UnreachableAddress => ("Adresse du serveur : ", "Server address: "),
            T::UnreachableBody => (
                "Il est possible que le serveur du Patro soit en maintenance, notamment la nuit, ou que votre connexion internet soit coupée. Rien de ce que vous avez tapé n'est perdu : réessayez dans quelques instants.",
                "The Patro's server may be under maintenance, especially at night, or your internet connection may be down. Nothing you typed is lost: try again in a moment.",
            ),
            T::UnreachableContact => (
                "Si le problème persiste, écrivez au Patro : patrovaldhaine@patro.be",
                "If the problem persists, write to the Patro: patrovaldhaine@patro.be",
            ),

            T::KeyQuit => ("quitter", "quit"),
            T::KeyQuitAlways => ("quitter, à tout moment", "quit, at any time"),
            T::KeyHelp => ("aide", "help"),
            T::KeyBack => ("retour", "back"),
            T::KeyLeaveField => ("quitter le champ", "leave the field"),
            T::KeyNextField => ("champ suivant", "next field"),
            T::KeyPreviousField => ("champ précédent", "previous field"),
            T::KeyNext => ("suivant", "next"),
            T::KeyPrevious => ("précédent", "previous"),
            T::KeyConfirm => ("valider", "confirm"),
            T::KeyOpen => ("ouvrir", "open"),
            T::KeyLogIn => ("se connecter", "log in"),
            T::KeyLogOut => ("se déconnecter", "log out"),
            T::KeyChoose => ("choisir", "choose"),
            T::KeyTab => ("onglet", "tab"),
            T::KeyScroll => ("faire défiler l'onglet", "scroll the tab"),
            T::KeyRetry => ("réessayer", "try again"),
            T::KeyRefresh => ("actualiser", "refresh"),
            T::KeyView => ("visualiser", "view"),
            T::KeyRenew => ("renouveler l'affiliation", "renew the membership"),
            T::KeyRenewShort => ("renouveler", "renew"),
            T::KeyReportMissing => ("signaler", "report"),
            T::KeyEditInfos => ("modifier les infos", "edit the details"),
            T::KeyScrollPage => ("faire défiler", "scroll"),
            T::KeySave => ("sauver", "save"),
            T::KeyCancel => ("annuler", "cancel"),
            T::KeyToggle => ("cocher ou décocher", "tick or untick"),
            T::KeyLeaveWithoutSaving => ("quitter sans sauver", "leave without saving"),
            T::KeyKeepEditing => ("continuer à modifier", "keep editing"),
            T::KeyReload => ("recharger la fiche", "reload the sheet"),
            T::KeySend => ("envoyer", "send"),
            T::HelpTitle => ("Aide · touches de cet écran", "Help · keys of this screen"),
            T::HelpClose => ("fermer l'aide", "close the help"),
            T::HelpEditing => (
                "Dans un champ : ←→, Origine et Fin pour se déplacer, Ctrl-U pour effacer ; q et ? s'y tapent comme des lettres.",
                "In a field: ←→ Home End to move, Ctrl-U to clear; q and ? are typed as letters there.",
            ),
        };
        lang.pick(fr, en)
    }
}

/// "Bienvenue sur votre tableau de bord Papa de Billy, ravi de vous revoir !"
pub fn welcome(lang: Lang, full_name: &str) -> String {
    match lang {
        Lang::Fr => {
            format!("Bienvenue sur votre tableau de bord {full_name}, ravi de vous revoir !")
        }
        Lang::En => format!("Welcome to your dashboard {full_name}, glad to see you again!"),
    }
}

/// "Vous avez N enfant(s) lié(s) à votre compte", agreed with N.
pub fn children_count(lang: Lang, count: u32) -> String {
    match (lang, count) {
        (Lang::Fr, 0) => "Vous n'avez encore aucun enfant lié à votre compte".to_owned(),
        (Lang::Fr, 1) => "Vous avez 1 enfant lié à votre compte".to_owned(),
        (Lang::Fr, n) => format!("Vous avez {n} enfants liés à votre compte"),
        (Lang::En, 0) => "You have no child linked to your account yet".to_owned(),
        (Lang::En, 1) => "You have 1 child linked to your account".to_owned(),
        (Lang::En, n) => format!("You have {n} children linked to your account"),
    }
}

/// "Cycle d'affiliation en cours : 2026-2027"
pub fn current_cycle(lang: Lang, cycle: &str) -> String {
    match lang {
        Lang::Fr => format!("Cycle d'affiliation en cours : {cycle}"),
        Lang::En => format!("Current membership cycle: {cycle}"),
    }
}

/// "Contact principal : Papa de Billy": French puts a space before the colon, English does not.
pub fn labelled(lang: Lang, label: &str, value: &str) -> String {
    match lang {
        Lang::Fr => format!("{label} : {value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// "Bienvenue Papa de Billy, sur la page de gestion de la fiche de votre enfant"
pub fn children_welcome(lang: Lang, full_name: &str) -> String {
    match lang {
        Lang::Fr => {
            format!("Bienvenue {full_name}, sur la page de gestion de la fiche de votre enfant")
        }
        Lang::En => format!("Welcome {full_name}, to the page where you manage your child's sheet"),
    }
}

/// "Vous avez N fiche(s) liée(s) à votre compte", agreed with N.
pub fn sheets_count(lang: Lang, count: usize) -> String {
    match (lang, count) {
        (Lang::Fr, 0) => "Vous n'avez encore aucune fiche liée à votre compte".to_owned(),
        (Lang::Fr, 1) => "Vous avez 1 fiche liée à votre compte".to_owned(),
        (Lang::Fr, n) => format!("Vous avez {n} fiches liées à votre compte"),
        (Lang::En, 0) => "You have no sheet linked to your account yet".to_owned(),
        (Lang::En, 1) => "You have 1 sheet linked to your account".to_owned(),
        (Lang::En, n) => format!("You have {n} sheets linked to your account"),
    }
}

/// "Vous visualisez la fiche de Billy LE PIVERT"
pub fn viewing_sheet(lang: Lang, child: &str) -> String {
    match lang {
        Lang::Fr => format!("Vous visualisez la fiche de {child}"),
        Lang::En => format!("You are viewing {child}'s sheet"),
    }
}

/// "Modifier la fiche de Billy LE PIVERT"
pub fn editing_sheet(lang: Lang, child: &str) -> String {
    match lang {
        Lang::Fr => format!("Modifier la fiche de {child}"),
        Lang::En => format!("Edit {child}'s sheet"),
    }
}

/// "Domicilié à : …", agreed with the child when the Patro recorded a gender.
pub fn lives_at(lang: Lang, girl: bool, address: &str) -> String {
    match (lang, girl) {
        (Lang::Fr, false) => labelled(lang, "Domicilié à", address),
        (Lang::Fr, true) => labelled(lang, "Domiciliée à", address),
        (Lang::En, _) => labelled(lang, "Lives at", address),
    }
}

/// "(Numéro de tél : 0412/34.56.78)", after a contact's name as in the guide.
pub fn phone_note(lang: Lang, phone: &str) -> String {
    format!("({})", labelled(lang, T::PhoneNumber.get(lang), phone))
}

/// "Renouveler l'affiliation de Billy LE PIVERT"
pub fn renewal_title(lang: Lang, child: &str) -> String {
    match lang {
        Lang::Fr => format!("Renouveler l'affiliation de {child}"),
        Lang::En => format!("Renew {child}'s membership"),
    }
}

/// The answer to a renewal: the affiliation exists now, and its fee is to be paid.
pub fn renewal_done(lang: Lang, child: &str, cycle: &str) -> String {
    match lang {
        Lang::Fr => format!("L'affiliation de {child} pour le cycle {cycle} est enregistrée."),
        Lang::En => format!("{child}'s membership for the cycle {cycle} is recorded."),
    }
}

/// Why there is nothing to renew: the next cycle's affiliation exists already.
pub fn renewal_already(lang: Lang, child: &str, cycle: &str) -> String {
    match lang {
        Lang::Fr => format!("L'affiliation de {child} pour le cycle {cycle} existe déjà."),
        Lang::En => format!("{child}'s membership for the cycle {cycle} already exists."),
    }
}

/// "Cotisation à régler : 15,00 €"
pub fn fee_to_pay(lang: Lang, fee: &str) -> String {
    labelled(lang, lang.pick("Cotisation à régler", "Fee to pay"), fee)
}

/// A link request the Patro has not handled yet, under the list of children.
pub fn pending_request(lang: Lang, child: &str, sent_on: &str) -> String {
    match lang {
        Lang::Fr => format!("Demande envoyée le {sent_on} pour {child} : en attente du Patro."),
        Lang::En => format!("Request sent on {sent_on} for {child}: waiting for the Patro."),
    }
}

/// The first letter in capitals: core's messages are written to follow a field's name
/// ("Téléphone : numéro incomplet…"), but stand alone under a field.
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The "Utiliser Tempatro" tab: the guide's help, told for keys instead of clicks. Each entry is a
/// heading and its paragraphs.
pub fn using_tempatro(lang: Lang) -> &'static [(&'static str, &'static [&'static str])] {
    match lang {
        Lang::Fr => &[
            (
                "Accéder à la fiche de votre enfant",
                &[
                    "Choisissez « Gérer mes enfants » dans le menu (↑↓ puis Entrée), puis la fiche que vous souhaitez consulter.",
                    "Si vous ne voyez pas votre enfant dans la liste, merci de nous le signaler (touche n de « Gérer mes enfants ») afin que nous puissions associer sa fiche à votre profil :)",
                ],
            ),
            (
                "Le tableau de bord",
                &[
                    "Le menu de navigation, à gauche, vous mène partout dans votre espace.",
                    "« Vous avez X enfants liés à votre compte » : les enfants que le Patro a associés à votre compte.",
                    "« Cycle d'affiliation en cours » : l'année Patro en cours.",
                    "« Actions spéciales » : ce qu'il reste à régler, par exemple une affiliation ou un camp non payé.",
                    "« News du Patro » : les informations des animateurs (dates, événements…). « Utiliser Tempatro » : cette aide.",
                ],
            ),
            (
                "Quoi faire en cas de problème ?",
                &[
                    "Écrivez au Patro sur son adresse générale : patrovaldhaine@patro.be. Nous ne répondrons peut-être pas immédiatement, mais nous tenterons de résoudre votre problème le plus rapidement possible ;)",
                    "Vous ne voyez pas la fiche de votre enfant ? Contactez le Patro afin que nous puissions lier votre enfant à votre compte.",
                    "« Le serveur du Patro ne répond pas » ? Il est peut-être en maintenance, notamment la nuit : appuyez sur r pour réessayer un peu plus tard.",
                    "Vous n'arrivez pas à vous connecter ? Lisez le message sous le champ concerné. Si votre mot de passe est incorrect, vous pouvez le réinitialiser depuis l'écran de connexion. Si votre adresse e-mail est inconnue, contactez le Patro.",
                ],
            ),
        ],
        Lang::En => &[
            (
                "Opening your child's sheet",
                &[
                    "Choose “My children” in the menu (↑↓ then Enter), then the sheet you want to see.",
                    "If your child is not in the list, please tell us (key n in “My children”) so that we can link their sheet to your profile :)",
                ],
            ),
            (
                "The dashboard",
                &[
                    "The navigation menu, on the left, takes you everywhere in your space.",
                    "“You have X children linked to your account”: the children the Patro has linked to your account.",
                    "“Current membership cycle”: the current Patro year.",
                    "“Special actions”: what is left to settle, such as an unpaid membership or camp.",
                    "“Patro news”: news from the leaders (dates, events…). “Using Tempatro”: this help.",
                ],
            ),
            (
                "What to do if something goes wrong?",
                &[
                    "Write to the Patro's general address: patrovaldhaine@patro.be. We may not answer at once, but we will try to solve your problem as quickly as possible ;)",
                    "You don't see your child's sheet? Contact the Patro so that we can link your child to your account.",
                    "“The Patro's server does not answer”? It may be under maintenance, especially at night: press r to try again a little later.",
                    "You cannot log in? Read the message under the field concerned. If your password is wrong, you can reset it from the log-in screen. If your e-mail address is unknown, contact the Patro.",
                ],
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_children_box_agrees_with_its_number() {
        assert_eq!(
            children_count(Lang::Fr, 0),
            "Vous n'avez encore aucun enfant lié à votre compte"
        );
        assert_eq!(
            children_count(Lang::Fr, 1),
            "Vous avez 1 enfant lié à votre compte"
        );
        assert_eq!(
            children_count(Lang::Fr, 2),
            "Vous avez 2 enfants liés à votre compte"
        );
        assert_eq!(
            children_count(Lang::En, 1),
            "You have 1 child linked to your account"
        );
        assert_eq!(
            children_count(Lang::En, 3),
            "You have 3 children linked to your account"
        );
    }

    #[test]
    fn the_sheets_line_agrees_with_its_number() {
        assert_eq!(
            sheets_count(Lang::Fr, 1),
            "Vous avez 1 fiche liée à votre compte"
        );
        assert_eq!(
            sheets_count(Lang::Fr, 2),
            "Vous avez 2 fiches liées à votre compte"
        );
        assert_eq!(
            sheets_count(Lang::En, 2),
            "You have 2 sheets linked to your account"
        );
    }

    #[test]
    fn a_phone_note_is_the_guides() {
        assert_eq!(
            phone_note(Lang::Fr, "0412/34.56.78"),
            "(Numéro de tél : 0412/34.56.78)"
        );
        assert_eq!(
            phone_note(Lang::En, "0412/34.56.78"),
            "(Phone: 0412/34.56.78)"
        );
    }

    #[test]
    fn a_message_under_a_field_starts_with_a_capital() {
        assert_eq!(
            sentence("numéro incomplet : 10 chiffres attendus"),
            "Numéro incomplet : 10 chiffres attendus"
        );
        assert_eq!(sentence("été"), "Été");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn the_welcome_line_is_the_guides() {
        assert_eq!(
            welcome(Lang::Fr, "Papa de Billy"),
            "Bienvenue sur votre tableau de bord Papa de Billy, ravi de vous revoir !"
        );
    }
}
