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
    ComingSoon,
    ComingSoonMeanwhile,

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
            T::ComingSoon => ("Cette page arrive bientôt.", "This page is coming soon."),
            T::ComingSoonMeanwhile => (
                "En attendant, pour toute question : patrovaldhaine@patro.be",
                "Meanwhile, for any question: patrovaldhaine@patro.be",
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

/// The "Utiliser Tempatro" tab: the guide's help, told for keys instead of clicks. Each entry is a
/// heading and its paragraphs.
pub fn using_tempatro(lang: Lang) -> &'static [(&'static str, &'static [&'static str])] {
    match lang {
        Lang::Fr => &[
            (
                "Accéder à la fiche de votre enfant",
                &[
                    "Choisissez « Gérer mes enfants » dans le menu (↑↓ puis Entrée), puis la fiche que vous souhaitez consulter.",
                    "Si vous ne voyez pas votre enfant dans la liste, merci de nous le signaler afin que nous puissions associer sa fiche à votre profil :)",
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
                    "If your child is not in the list, please tell us so that we can link their sheet to your profile :)",
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
    fn the_welcome_line_is_the_guides() {
        assert_eq!(
            welcome(Lang::Fr, "Papa de Billy"),
            "Bienvenue sur votre tableau de bord Papa de Billy, ravi de vous revoir !"
        );
    }
}
