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
    LogInCode,
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
    VerifyEmailTitle,
    ConfirmNewEmail,
    EmailChanged,
    VerificationCode,
    VerifyEmailButton,
    ResendCode,
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
    MenuCamps,
    MenuPayments,
    MenuDocuments,
    MenuInfos,
    MenuLogOut,
    YourChildren,
    PatroYear,
    SpecialActions,
    NothingToDo,
    NewsTab,
    HelpTab,
    NoNewsYet,
    HelpRetry,

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

    // Camps & hikes
    WhichChild,
    NoChildForCamps,
    StatusRegistered,
    Price,
    WaitingListOnly,
    Fee,
    Paid,
    ToPay,
    MedicalToConfirm,
    MedicalReminder,
    YesNo,

    // La fiche santé
    MedicalSheet,
    MedicalConfirmations,
    MedHealth,
    MedInsurer,
    MedBloodGroup,
    MedAllergies,
    MedAllergyActions,
    MedDiet,
    MedConditions,
    MedMedication,
    NoMedication,
    MedicationHeading,
    MedicineName,
    MedicineDose,
    MedicineGivenBy,
    MedTetanusAndActivities,
    MedTetanus,
    MedCanSwim,
    MedSports,
    MedParacetamol,
    MedEmergency,
    MedRemarks,
    MedConsent,
    ConsentText,
    ConsentNotGiven,
    BloodGroupHint,
    MedicalPrivacy,
    SaveMedical,
    MedicalSaved,

    // Mes paiements
    PaymentsIntro,
    NoDues,
    AllPaid,
    ColumnFor,
    ColumnAmount,
    ColumnLeft,
    ColumnStatus,
    AmountToPay,
    Beneficiary,
    Iban,
    Bic,
    StructuredCommunication,
    CommunicationHint,
    PaymentsReceived,
    FromBank,
    ScanQr,
    QrTooSmall,
    QrUnavailable,
    NothingLeft,
    DueCancelled,
    NoBankAccount,

    // Documents
    DocumentsIntro,
    NoDocuments,
    ForEveryone,

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
    KeyReportMissing,
    KeyEdit,
    KeyMedicalSheet,
    KeyCamps,
    KeyRead,
    KeyRegister,
    KeyUnregister,
    KeyConfirmMedical,
    KeyYes,
    KeyNo,
    KeyYesNoUnknown,
    KeyDownload,
    KeyDetails,
    KeyPayments,
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
            T::LogInCode => ("Code de l'application *", "Authenticator code *"),
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
            T::VerifyEmailTitle => (
                "Entrez le code reçu par e-mail",
                "Enter the code from the e-mail",
            ),
            T::VerificationCode => ("Code reçu par e-mail *", "Code from the e-mail *"),
            T::ConfirmNewEmail => ("Confirmer la nouvelle adresse", "Confirm the new address"),
            T::EmailChanged => (
                "Votre adresse e-mail est changée : c'est désormais votre identifiant.",
                "Your e-mail address is changed: it is now your login.",
            ),
            T::VerifyEmailButton => ("Confirmer mon adresse", "Confirm my address"),
            T::ResendCode => ("Renvoyer le code", "Send the code again"),
            T::AccountCreatedTitle => (
                "Votre demande de compte est enregistrée !",
                "Your account request has been received!",
            ),
            T::AccountCreatedBody => (
                "Votre adresse e-mail est confirmée. Votre compte ne sera toutefois pas actif immédiatement.",
                "Your e-mail address is confirmed. Your account is not active yet, though.",
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
            T::MenuCamps => ("Camps & hikes", "Camps & hikes"),
            T::MenuPayments => ("Mes paiements", "My payments"),
            T::MenuDocuments => ("Documents", "Documents"),
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
            T::HelpRetry => ("Appuyez sur r pour réessayer.", "Press r to try again."),

            T::ChildrenTitle => ("Gérer la fiche de mon enfant", "Manage my child's sheet"),
            T::Loading => ("Chargement…", "Loading…"),
            T::BadgeUnpaid => ("Affiliation non payée", "Membership unpaid"),
            T::BadgeSolidarity => ("Affiliation solidaire", "Solidarity membership"),
            T::TipUnpaid => (
                "L'affiliation de votre enfant n'est pas payée, veuillez la régler ! (touche p)",
                "Your child's membership is not paid, please settle it! (key p)",
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

            T::WhichChild => (
                "Pour quel enfant ? Choisissez-le avec ↑↓ puis Entrée.",
                "For which child? Choose with ↑↓ then Enter.",
            ),
            T::NoChildForCamps => (
                "Aucun enfant n'est encore lié à votre compte : signalez-le depuis « Gérer mes enfants ».",
                "No child is linked to your account yet: tell us from “My children”.",
            ),
            T::StatusRegistered => ("Inscrit", "Registered"),
            T::Price => ("Prix", "Price"),
            T::WaitingListOnly => ("liste d'attente", "waiting list"),
            T::Fee => ("Frais", "Fee"),
            T::Paid => ("payé", "paid"),
            T::ToPay => ("à payer", "to pay"),
            T::MedicalToConfirm => (
                "fiche santé à confirmer (touche s)",
                "medical sheet to confirm (key s)",
            ),
            T::MedicalReminder => (
                "Pensez à compléter et confirmer sa fiche santé (touche s).",
                "Remember to fill in and confirm the medical sheet (key s).",
            ),
            T::YesNo => ("o/n", "y/n"),

            T::MedicalSheet => ("Fiche santé", "Medical sheet"),
            T::MedicalConfirmations => (
                "Confirmations avant les séjours",
                "Confirmations before the stays",
            ),
            T::MedHealth => ("Santé", "Health"),
            T::MedInsurer => ("Mutualité", "Health insurance"),
            T::MedBloodGroup => ("Groupe sanguin", "Blood group"),
            T::MedAllergies => ("Allergies", "Allergies"),
            T::MedAllergyActions => (
                "Que faire en cas d'allergie",
                "What to do in case of allergy",
            ),
            T::MedDiet => ("Régime alimentaire", "Diet"),
            T::MedConditions => ("Maladies", "Conditions"),
            T::MedMedication => ("Médicaments", "Medication"),
            T::NoMedication => ("aucun", "none"),
            T::MedicationHeading => (
                "Médicaments : nom, dose, qui les donne",
                "Medication: name, dose, who gives it",
            ),
            T::MedicineName => ("Médicament", "Medicine"),
            T::MedicineDose => ("Dose", "Dose"),
            T::MedicineGivenBy => ("Qui le donne", "Given by"),
            T::MedTetanusAndActivities => ("Tétanos et activités", "Tetanus and activities"),
            T::MedTetanus => ("Vaccin tétanos", "Tetanus vaccination"),
            T::MedCanSwim => ("Sait nager", "Can swim"),
            T::MedSports => ("Peut faire du sport", "May do sports"),
            T::MedParacetamol => ("Paracétamol autorisé", "Paracetamol allowed"),
            T::MedEmergency => ("Contact d'urgence", "Emergency contact"),
            T::MedRemarks => ("Remarques", "Remarks"),
            T::MedConsent => ("Consentement", "Consent"),
            T::ConsentText => (
                "J'accepte que le Patro conserve ces informations pour la sécurité de mon enfant",
                "I agree that the Patro keeps this information for my child's safety",
            ),
            T::ConsentNotGiven => ("pas encore donné", "not given yet"),
            T::BloodGroupHint => (
                "A+, A-, B+, B-, AB+, AB-, O+ ou O-",
                "A+, A-, B+, B-, AB+, AB-, O+ or O-",
            ),
            T::MedicalPrivacy => (
                "Ces données ne sont visibles par le staff que s'il a réellement besoin d'en avoir connaissance, notamment durant un séjour de plusieurs jours ; chaque consultation est enregistrée.",
                "The staff can see these data only when they really need to, in particular during a stay of several days; every reading is recorded.",
            ),
            T::SaveMedical => ("Sauver la fiche santé", "Save the medical sheet"),
            T::MedicalSaved => ("Fiche santé enregistrée", "Medical sheet saved"),

            T::PaymentsIntro => (
                "Ce que vous devez au Patro pour vos enfants. Entrée : comment payer, avec le code QR à scanner.",
                "What you owe the Patro for your children. Enter: how to pay, with the QR code to scan.",
            ),
            T::NoDues => ("Aucun paiement pour le moment.", "No payments for now."),
            T::AllPaid => ("Tout est payé, merci !", "Everything is paid, thank you!"),
            T::ColumnFor => ("Pour", "For"),
            T::ColumnAmount => ("Montant", "Amount"),
            T::ColumnLeft => ("Reste", "Left"),
            T::ColumnStatus => ("Statut", "Status"),
            T::AmountToPay => ("Montant à payer", "Amount to pay"),
            T::Beneficiary => ("Bénéficiaire", "Beneficiary"),
            T::Iban => ("IBAN", "IBAN"),
            T::Bic => ("BIC", "BIC"),
            T::StructuredCommunication => ("Communication structurée", "Structured communication"),
            T::CommunicationHint => (
                "À recopier telle quelle : elle dit au Patro ce que vous payez.",
                "Type it exactly: it tells the Patro what you are paying.",
            ),
            T::PaymentsReceived => ("Paiements reçus", "Payments received"),
            T::FromBank => ("relevé bancaire", "bank statement"),
            T::ScanQr => (
                "Ou scannez le code QR avec l'app de votre banque : le virement se remplit tout seul.",
                "Or scan the QR code with your banking app: the transfer fills itself in.",
            ),
            T::QrTooSmall => (
                "Agrandissez la fenêtre pour afficher le code QR, ou faites le virement avec les informations ci-dessus.",
                "Enlarge the window to show the QR code, or make the transfer with the details above.",
            ),
            T::QrUnavailable => (
                "Le code QR n'a pas pu être dessiné : faites le virement avec les informations ci-dessus.",
                "The QR code could not be drawn: make the transfer with the details above.",
            ),
            T::NothingLeft => (
                "Rien à payer : c'est réglé, merci !",
                "Nothing to pay: it is settled, thank you!",
            ),
            T::DueCancelled => (
                "Ce paiement a été annulé par le Patro : il n'y a rien à payer.",
                "The Patro cancelled this payment: there is nothing to pay.",
            ),
            T::NoBankAccount => (
                "Le Patro n'a pas encore indiqué son compte bancaire : contactez-le pour savoir comment payer.",
                "The Patro has not given its bank account yet: contact it to know how to pay.",
            ),

            T::DocumentsIntro => (
                "Les documents du Patro pour vous et vos enfants : lettres de camp, règlements, formulaires…",
                "The Patro's documents for you and your children: camp letters, rules, forms…",
            ),
            T::NoDocuments => ("Aucun document pour le moment.", "No documents for now."),
            T::ForEveryone => ("pour tous", "for everyone"),

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
            T::KeyReportMissing => ("signaler", "report"),
            T::KeyEdit => ("modifier", "edit"),
            T::KeyMedicalSheet => ("fiche santé", "medical sheet"),
            T::KeyCamps => ("camps", "camps"),
            T::KeyRead => ("lire", "read"),
            T::KeyRegister => ("inscrire", "register"),
            T::KeyUnregister => ("désinscrire", "unregister"),
            T::KeyConfirmMedical => ("confirmer", "confirm"),
            T::KeyYes => ("oui", "yes"),
            T::KeyNo => ("non", "no"),
            T::KeyYesNoUnknown => ("oui/non/non précisé", "yes/no/not given"),
            T::KeyDownload => ("télécharger", "download"),
            T::KeyDetails => ("détails", "details"),
            T::KeyPayments => ("paiements de l'enfant", "the child's payments"),
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

/// A sentence from the server ends with its full stop, added when it has none.
pub fn full_stop(sentence: &str) -> String {
    let sentence = sentence.trim_end();
    if sentence.ends_with(['.', '!', '?', '…']) {
        sentence.to_owned()
    } else {
        format!("{sentence}.")
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

/// "publiée le 12 novembre 2026 · pour les Benjamins".
pub fn published_on(lang: Lang, date: &str, section: Option<&str>) -> String {
    let published = match lang {
        Lang::Fr => format!("Publiée le {date}"),
        Lang::En => format!("Published on {date}"),
    };
    match section {
        Some(section) => format!("{published} · {}", for_section(lang, section)),
        None => published,
    }
}

/// "1er", "2e", "3e" in French; "1st", "2nd", "3rd", "4th", "11th" in English.
pub fn ordinal(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Fr if n == 1 => "1er".to_owned(),
        Lang::Fr => format!("{n}e"),
        Lang::En => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

/// "Liste d'attente (2e)".
pub fn waiting_list_position(lang: Lang, position: u32) -> String {
    match lang {
        Lang::Fr => format!("Liste d'attente ({})", ordinal(lang, position)),
        Lang::En => format!("Waiting list ({})", ordinal(lang, position)),
    }
}

/// "Camps & hikes de Billy LE PIVERT".
pub fn camps_title(lang: Lang, child: &str) -> String {
    match lang {
        Lang::Fr => format!("Camps & hikes de {child}"),
        Lang::En => format!("{child}'s camps & hikes"),
    }
}

/// "Aucun camp ni hike à venir pour Billy pour le moment."
pub fn no_activities(lang: Lang, first_name: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Aucun camp ni hike à venir pour {first_name} pour le moment. Les animateurs les annonceront aussi dans les news."
        ),
        Lang::En => format!(
            "No camp or hike coming for {first_name} for now. The leaders will also announce them in the news."
        ),
    }
}

/// "du 10/07/2027 au 20/07/2027", or "le 17/04/2027" for a single day.
pub fn from_to(lang: Lang, start: &str, end: &str) -> String {
    match lang {
        Lang::Fr if start == end => format!("le {start}"),
        Lang::Fr => format!("du {start} au {end}"),
        Lang::En if start == end => format!("on {start}"),
        Lang::En => format!("from {start} to {end}"),
    }
}

/// "inscriptions jusqu'au 15/06/2027".
pub fn deadline(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Fr => format!("inscriptions jusqu'au {date}"),
        Lang::En => format!("registration until {date}"),
    }
}

/// "Prix : 120,00 € (60,00 € en affiliation solidaire)".
pub fn price_with_solidarity(lang: Lang, price: &str, reduced: &str) -> String {
    match lang {
        Lang::Fr => format!("Prix : {price} ({reduced} en affiliation solidaire)"),
        Lang::En => format!("Price: {price} ({reduced} with a solidarity membership)"),
    }
}

/// "3 places restantes", "1 place restante".
pub fn places_left(lang: Lang, left: u32) -> String {
    match (lang, left) {
        (Lang::Fr, 1) => "1 place restante".to_owned(),
        (Lang::Fr, n) => format!("{n} places restantes"),
        (Lang::En, 1) => "1 place left".to_owned(),
        (Lang::En, n) => format!("{n} places left"),
    }
}

/// "reste 40,00 € à payer", after a partial payment.
pub fn left_to_pay(lang: Lang, left: &str) -> String {
    match lang {
        Lang::Fr => format!("reste {left} à payer"),
        Lang::En => format!("{left} left to pay"),
    }
}

/// "fiche santé confirmée le 12/11/2026".
pub fn medical_confirmed_on(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Fr => format!("fiche santé confirmée le {date}"),
        Lang::En => format!("medical sheet confirmed on {date}"),
    }
}

/// "Inscrire Billy au Camp d'été 2027 (120,00 €) ?"
pub fn register_question(lang: Lang, first_name: &str, activity: &str, fee: &str) -> String {
    match lang {
        Lang::Fr => format!("Inscrire {first_name} au {activity} ({fee}) ?"),
        Lang::En => format!("Register {first_name} for {activity} ({fee})?"),
    }
}

/// Said in the question when the activity is full.
pub fn goes_on_waiting_list(lang: Lang, first_name: &str) -> String {
    match lang {
        Lang::Fr => format!("C'est complet : {first_name} sera sur la liste d'attente."),
        Lang::En => format!("It is full: {first_name} will be on the waiting list."),
    }
}

/// "Annuler l'inscription de Billy au Camp d'été 2027 ?"
pub fn cancel_question(lang: Lang, first_name: &str, activity: &str) -> String {
    match lang {
        Lang::Fr => format!("Annuler l'inscription de {first_name} au {activity} ?"),
        Lang::En => format!("Cancel {first_name}'s registration for {activity}?"),
    }
}

/// The answer to a registration that got a place.
pub fn registered(lang: Lang, first_name: &str, activity: &str, fee: &str) -> String {
    match lang {
        Lang::Fr => format!("{first_name} est inscrit au {activity}. Frais à régler : {fee}."),
        Lang::En => format!("{first_name} is registered for {activity}. Fee to pay: {fee}."),
    }
}

/// The answer to a registration past capacity.
pub fn waitlisted(lang: Lang, first_name: &str, activity: &str, position: u32) -> String {
    match lang {
        Lang::Fr => format!(
            "{first_name} est sur la liste d'attente du {activity} ({}). Vous serez prévenu par e-mail dès qu'une place se libère.",
            ordinal(lang, position)
        ),
        Lang::En => format!(
            "{first_name} is on the waiting list for {activity} ({}). You will be told by e-mail as soon as a place frees up.",
            ordinal(lang, position)
        ),
    }
}

pub fn registration_cancelled(lang: Lang, first_name: &str, activity: &str) -> String {
    match lang {
        Lang::Fr => format!("L'inscription de {first_name} au {activity} est annulée."),
        Lang::En => format!("{first_name}'s registration for {activity} is cancelled."),
    }
}

/// "Fiche santé de Billy LE PIVERT".
pub fn medical_title(lang: Lang, child: &str) -> String {
    match lang {
        Lang::Fr => format!("Fiche santé de {child}"),
        Lang::En => format!("{child}'s medical sheet"),
    }
}

/// "Modifier la fiche santé de Billy LE PIVERT".
pub fn editing_medical(lang: Lang, child: &str) -> String {
    match lang {
        Lang::Fr => format!("Modifier la fiche santé de {child}"),
        Lang::En => format!("Edit {child}'s medical sheet"),
    }
}

/// "Camp d'été 2027 (du 10/07/2027) : à confirmer".
pub fn to_confirm_for(lang: Lang, activity: &str, starts_on: &str) -> String {
    match lang {
        Lang::Fr => format!("{activity} (dès le {starts_on}) : à confirmer, touche c"),
        Lang::En => format!("{activity} (from {starts_on}): to confirm, key c"),
    }
}

/// "Camp d'été 2027 (dès le 10/07/2027) : confirmée le 12/11/2026".
pub fn confirmed_for(lang: Lang, activity: &str, starts_on: &str, on: &str) -> String {
    match lang {
        Lang::Fr => format!("{activity} (dès le {starts_on}) : confirmée le {on}"),
        Lang::En => format!("{activity} (from {starts_on}): confirmed on {on}"),
    }
}

/// "Confirmer que les informations sont à jour pour Camp d'été 2027 ?"
pub fn confirm_medical_question(lang: Lang, activity: &str) -> String {
    match lang {
        Lang::Fr => format!("Confirmer que les informations sont à jour pour {activity} ?"),
        Lang::En => format!("Confirm that the information is up to date for {activity}?"),
    }
}

/// Said once the server recorded the confirmation.
pub fn medical_confirmed(lang: Lang, activity: &str) -> String {
    match lang {
        Lang::Fr => format!("Vous avez confirmé que les informations sont à jour pour {activity}."),
        Lang::En => format!("You confirmed that the information is up to date for {activity}."),
    }
}

/// "donné le 12 novembre 2026".
pub fn consent_given_on(lang: Lang, date: &str) -> String {
    match lang {
        Lang::Fr => format!("donné le {date}"),
        Lang::En => format!("given on {date}"),
    }
}

/// "Ventolin, 2 bouffées, donné par : les animateurs".
pub fn medicine(lang: Lang, name: &str, dose: &str, given_by: &str) -> String {
    match lang {
        Lang::Fr => format!("{name}, {dose}, donné par : {given_by}"),
        Lang::En => format!("{name}, {dose}, given by: {given_by}"),
    }
}

/// "Médicament 1".
pub fn medicine_row(lang: Lang, n: usize) -> String {
    format!("{} {n}", T::MedicineName.get(lang))
}

/// The doctor belongs to the child's sheet: the medical form shows it and says where it changes.
pub fn doctor_elsewhere(lang: Lang, doctor: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Médecin traitant : {doctor} — il se modifie avec « Modifier les infos » de la fiche de l'enfant."
        ),
        Lang::En => format!(
            "Family doctor: {doctor} — change it with “Edit the details” on the child's sheet."
        ),
    }
}

/// "48 Ko", "1,2 Mo"; "512 octets" below a kilobyte.
pub fn file_size(lang: Lang, bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    let (unit_bytes, unit_kb, unit_mb, comma) = match lang {
        Lang::Fr => ("octets", "Ko", "Mo", ','),
        Lang::En => ("bytes", "KB", "MB", '.'),
    };
    if bytes < KB {
        format!("{bytes} {unit_bytes}")
    } else if bytes < MB {
        format!("{} {unit_kb}", bytes.div_ceil(KB))
    } else {
        // One decimal, rounded: 1 258 291 bytes are "1,2 Mo".
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!("{}{comma}{} {unit_mb}", tenths / 10, tenths % 10)
    }
}

/// "Téléchargement de lettre-camp-2027.pdf : 45 % (22 Ko sur 48 Ko)".
pub fn downloading(lang: Lang, file: &str, percent: u8, received: &str, total: &str) -> String {
    match lang {
        Lang::Fr => format!("Téléchargement de {file} : {percent} % ({received} sur {total})"),
        Lang::En => format!("Downloading {file}: {percent}% ({received} of {total})"),
    }
}

pub fn downloading_unknown(lang: Lang, file: &str, received: &str) -> String {
    match lang {
        Lang::Fr => format!("Téléchargement de {file} : {received} reçus"),
        Lang::En => format!("Downloading {file}: {received} received"),
    }
}

/// "Enregistré dans /home/…/Téléchargements/lettre-camp-2027.pdf".
pub fn saved_in(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Fr => format!("Enregistré dans {path}"),
        Lang::En => format!("Saved in {path}"),
    }
}

/// The file could not be written: where, and what the system said.
pub fn not_saved(lang: Lang, dir: &str, detail: &str) -> String {
    match lang {
        Lang::Fr => format!("Le document n'a pas pu être enregistré dans {dir} : {detail}"),
        Lang::En => format!("The document could not be saved in {dir}: {detail}"),
    }
}

/// "pour les Benjamins".
pub fn for_section(lang: Lang, section: &str) -> String {
    match lang {
        Lang::Fr => format!("pour les {section}"),
        Lang::En => format!("for the {section}"),
    }
}

/// "pour les participants au Camp d'été 2027".
pub fn for_participants(lang: Lang, activity: &str) -> String {
    match lang {
        Lang::Fr => format!("pour les participants au {activity}"),
        Lang::En => format!("for the participants in {activity}"),
    }
}

/// "pour Billy LE PIVERT".
pub fn for_child(lang: Lang, child: &str) -> String {
    match lang {
        Lang::Fr => format!("pour {child}"),
        Lang::En => format!("for {child}"),
    }
}

/// "Reste à payer en tout : 75,00 €", under the title of "Mes paiements".
pub fn total_left(lang: Lang, amount: &str) -> String {
    match lang {
        Lang::Fr => format!("Reste à payer en tout : {amount}"),
        Lang::En => format!("Left to pay in all: {amount}"),
    }
}

/// "Montant : 45,00 € · déjà reçu : 30,00 €", once something came in.
pub fn due_amounts(lang: Lang, amount: &str, paid: &str) -> String {
    match lang {
        Lang::Fr => format!("Montant : {amount} · déjà reçu : {paid}"),
        Lang::En => format!("Amount: {amount} · received so far: {paid}"),
    }
}

/// More came in than was due: the Patro sees it flagged.
pub fn overpaid_by(lang: Lang, excess: &str) -> String {
    match lang {
        Lang::Fr => format!("Le Patro a reçu {excess} de trop ; il en est averti."),
        Lang::En => format!("The Patro received {excess} too much; it has been told."),
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
    #[test]
    fn positions_on_the_waiting_list_read_as_ordinals() {
        assert_eq!(waiting_list_position(Lang::Fr, 1), "Liste d'attente (1er)");
        assert_eq!(waiting_list_position(Lang::Fr, 2), "Liste d'attente (2e)");
        assert_eq!(ordinal(Lang::En, 1), "1st");
        assert_eq!(ordinal(Lang::En, 2), "2nd");
        assert_eq!(ordinal(Lang::En, 3), "3rd");
        assert_eq!(ordinal(Lang::En, 11), "11th");
        assert_eq!(ordinal(Lang::En, 22), "22nd");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(file_size(Lang::Fr, 512), "512 octets");
        assert_eq!(file_size(Lang::Fr, 48 * 1024), "48 Ko");
        assert_eq!(file_size(Lang::Fr, 48 * 1024 - 100), "48 Ko");
        assert_eq!(file_size(Lang::Fr, 1_258_291), "1,2 Mo");
        assert_eq!(file_size(Lang::En, 1_258_291), "1.2 MB");
    }

    #[test]
    fn the_register_question_is_the_briefs() {
        assert_eq!(
            register_question(Lang::Fr, "Billy", "Camp d'été 2027", "120,00 €"),
            "Inscrire Billy au Camp d'été 2027 (120,00 €) ?"
        );
        assert_eq!(
            from_to(Lang::Fr, "10/07/2027", "20/07/2027"),
            "du 10/07/2027 au 20/07/2027"
        );
    }
}
