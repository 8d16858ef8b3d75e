//! Core's one error type. Every variant reads as a sentence a parent or a secretary understands, in
//! French (its `Display`) and in English (`message(Lang::En)`).

use time::{Date, Month};

use crate::account::{AccountStatus, StatusChange};
use crate::child::ChildField;
use crate::cycle::Cycle;
use crate::date::{month_name, short};
use crate::lang::Lang;
use crate::money::Amount;
use crate::payment::bank::{self, BankFileProblem};

/// The input field a value came from, so that a message can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Email,
    FirstName,
    LastName,
    Password,
    PasswordConfirmation,
    Phone,
    BirthDate,
    PostalCode,
    Address,
    ResetCode,
    VerificationCode,
    Reason,
    Since,
    Actor,
    Cycle,
    Amount,
    Date,
    Section,
    Gender,
    PaymentMethod,
    PrimaryContactName,
    PrimaryContactPhone,
    PrimaryContactEmail,
    SecondaryContactName,
    SecondaryContactPhone,
    SecondaryContactEmail,
    DoctorName,
    DoctorPhone,
    Message,
    Insurer,
    BloodGroup,
    Allergies,
    AllergyActions,
    Diet,
    Conditions,
    Medication,
    Tetanus,
    EmergencyName,
    EmergencyPhone,
    Remarks,
    Consent,
    Title,
    Body,
    Name,
    Place,
    Price,
    SolidarityPrice,
    Capacity,
    Deadline,
    StartsOn,
    EndsOn,
    Kind,
    Audience,
    File,
    BeneficiaryName,
    Iban,
    Bic,
    Reference,
    Expires,
}

impl Field {
    /// The field's name in the JSON API, which the front ends use to place a message under its field.
    pub fn key(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Password => "password",
            Field::PasswordConfirmation => "password_confirmation",
            Field::Phone => "phone",
            Field::BirthDate => "birth_date",
            Field::PostalCode => "postal_code",
            Field::Address => "address",
            Field::ResetCode | Field::VerificationCode => "code",
            Field::Since => "since",
            Field::Actor => "actor",
            Field::Reason => "reason",
            Field::Cycle => "cycle",
            Field::Amount => "amount",
            Field::Date => "date",
            Field::Section => "section",
            Field::Gender => "gender",
            Field::PaymentMethod => "method",
            Field::PrimaryContactName => "primary_contact.name",
            Field::PrimaryContactPhone => "primary_contact.phone",
            Field::PrimaryContactEmail => "primary_contact.email",
            Field::SecondaryContactName => "secondary_contact.name",
            Field::SecondaryContactPhone => "secondary_contact.phone",
            Field::SecondaryContactEmail => "secondary_contact.email",
            Field::DoctorName => "doctor.name",
            Field::DoctorPhone => "doctor.phone",
            Field::Message => "message",
            Field::Insurer => "insurer",
            Field::BloodGroup => "blood_group",
            Field::Allergies => "allergies",
            Field::AllergyActions => "allergy_actions",
            Field::Diet => "diet",
            Field::Conditions => "conditions",
            Field::Medication => "medication",
            Field::Tetanus => "tetanus_vaccination",
            Field::EmergencyName => "emergency_contact.name",
            Field::EmergencyPhone => "emergency_contact.phone",
            Field::Remarks => "remarks",
            Field::Consent => "consent",
            Field::Title => "title",
            Field::Body => "body",
            Field::Name => "name",
            Field::Place => "place",
            Field::Price => "price",
            Field::SolidarityPrice => "solidarity_price",
            Field::Capacity => "capacity",
            Field::Deadline => "deadline",
            Field::StartsOn => "starts_on",
            Field::EndsOn => "ends_on",
            Field::Kind => "kind",
            Field::Audience => "for",
            Field::File => "file",
            Field::BeneficiaryName => "beneficiary_name",
            Field::Iban => "iban",
            Field::Bic => "bic",
            Field::Expires => "expires_in_days",
            Field::Reference => "reference",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (fr, en) = match self {
            Field::Email => ("E-mail", "E-mail"),
            Field::FirstName => ("Prénom", "First name"),
            Field::LastName => ("Nom", "Last name"),
            Field::Password => ("Mot de passe", "Password"),
            Field::PasswordConfirmation => {
                ("Confirmation du mot de passe", "Password confirmation")
            }
            Field::Phone => ("Téléphone", "Phone"),
            Field::BirthDate => ("Date de naissance", "Birth date"),
            Field::PostalCode => ("Code postal", "Postal code"),
            Field::Address => ("Adresse", "Address"),
            Field::ResetCode => ("Code de réinitialisation", "Reset code"),
            Field::VerificationCode => ("Code de confirmation", "Confirmation code"),
            Field::Since => ("Depuis le", "Since"),
            Field::Actor => ("Auteur", "Actor"),
            Field::Reason => ("Motif", "Reason"),
            Field::Cycle => ("Cycle", "Cycle"),
            Field::Amount => ("Montant", "Amount"),
            Field::Date => ("Date", "Date"),
            Field::Section => ("Section", "Section"),
            Field::Gender => ("Genre", "Gender"),
            Field::PaymentMethod => ("Mode de paiement", "Payment method"),
            Field::PrimaryContactName => ("Nom du contact principal", "Primary contact's name"),
            Field::PrimaryContactPhone => {
                ("Téléphone du contact principal", "Primary contact's phone")
            }
            Field::PrimaryContactEmail => {
                ("E-mail du contact principal", "Primary contact's e-mail")
            }
            Field::SecondaryContactName => {
                ("Nom du contact secondaire", "Secondary contact's name")
            }
            Field::SecondaryContactPhone => (
                "Téléphone du contact secondaire",
                "Secondary contact's phone",
            ),
            Field::SecondaryContactEmail => {
                ("E-mail du contact secondaire", "Secondary contact's e-mail")
            }
            Field::DoctorName => ("Nom du médecin", "Doctor's name"),
            Field::DoctorPhone => ("Téléphone du médecin", "Doctor's phone"),
            Field::Message => ("Message", "Message"),
            Field::Insurer => ("Mutualité", "Health insurance"),
            Field::BloodGroup => ("Groupe sanguin", "Blood group"),
            Field::Allergies => ("Allergies", "Allergies"),
            Field::AllergyActions => (
                "Que faire en cas d'allergie",
                "What to do in case of allergy",
            ),
            Field::Diet => ("Régime alimentaire", "Diet"),
            Field::Conditions => ("Maladies chroniques", "Chronic conditions"),
            Field::Medication => ("Médicaments", "Medication"),
            Field::Tetanus => ("Vaccin contre le tétanos", "Tetanus vaccination"),
            Field::EmergencyName => ("Nom du contact d'urgence", "Emergency contact's name"),
            Field::EmergencyPhone => (
                "Téléphone du contact d'urgence",
                "Emergency contact's phone",
            ),
            Field::Remarks => ("Remarques", "Remarks"),
            Field::Consent => ("Consentement", "Consent"),
            Field::Title => ("Titre", "Title"),
            Field::Body => ("Texte", "Text"),
            Field::Name => ("Nom", "Name"),
            Field::Place => ("Lieu", "Place"),
            Field::Price => ("Prix", "Price"),
            Field::SolidarityPrice => ("Prix solidaire", "Solidarity price"),
            Field::Capacity => ("Nombre de places", "Capacity"),
            Field::Deadline => ("Date limite d'inscription", "Registration deadline"),
            Field::StartsOn => ("Début", "Start"),
            Field::EndsOn => ("Fin", "End"),
            Field::Kind => ("Type", "Kind"),
            Field::Audience => ("Destinataires", "Audience"),
            Field::File => ("Fichier", "File"),
            Field::BeneficiaryName => ("Nom du bénéficiaire", "Beneficiary's name"),
            Field::Iban => ("IBAN", "IBAN"),
            Field::Bic => ("BIC", "BIC"),
            Field::Reference => ("Communication structurée", "Structured communication"),
            Field::Expires => ("Durée de validité", "Lifetime"),
        };
        lang.pick(fr, en)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("{}", self.message(Lang::Fr))]
    Required,
    #[error("{}", self.message(Lang::Fr))]
    TooLong { max: usize },
    #[error("{}", self.message(Lang::Fr))]
    ForbiddenCharacter(char),
    #[error("{}", self.message(Lang::Fr))]
    EmailInvalid,
    #[error("{}", self.message(Lang::Fr))]
    PhoneIncomplete { expected: usize },
    #[error("{}", self.message(Lang::Fr))]
    PhoneTooLong { expected: usize },
    #[error("{}", self.message(Lang::Fr))]
    PhoneInvalid,
    #[error("{}", self.message(Lang::Fr))]
    PasswordTooShort { min: usize },
    #[error("{}", self.message(Lang::Fr))]
    PasswordIsEmail,
    #[error("{}", self.message(Lang::Fr))]
    PasswordsDiffer,
    #[error("{}", self.message(Lang::Fr))]
    DateFormat,
    #[error("{}", self.message(Lang::Fr))]
    DateDoesNotExist,
    #[error("{}", self.message(Lang::Fr))]
    DateInFuture,
    #[error("{}", self.message(Lang::Fr))]
    DateTooOld,
    #[error("{}", self.message(Lang::Fr))]
    PostalCodeInvalid,
    #[error("{}", self.message(Lang::Fr))]
    AddressIncomplete,
    #[error("{}", self.message(Lang::Fr))]
    CycleInvalid,
    #[error("{}", self.message(Lang::Fr))]
    AgeRangeInvalid,
    #[error("{}", self.message(Lang::Fr))]
    AmountInvalid,
    /// An amount outside what the operation allows (a transfer: 0,01 € to 999 999 999,99 €).
    #[error("{}", self.message(Lang::Fr))]
    AmountOutOfRange { min: Amount, max: Amount },
    #[error("{}", self.message(Lang::Fr))]
    ReferenceInvalid,
    /// A structured communication whose last two digits are not the first ten modulo 97.
    #[error("{}", self.message(Lang::Fr))]
    ReferenceCheckDigits { found: u8, expected: u8 },
    #[error("{}", self.message(Lang::Fr))]
    IbanInvalid,
    #[error("{}", self.message(Lang::Fr))]
    BicInvalid,
    /// The EPC QR payload would not fit in the code's version 13.
    #[error("{}", self.message(Lang::Fr))]
    EpcPayloadTooLong { bytes: usize, max: usize },
    #[error("{}", self.message(Lang::Fr))]
    BankFileEmpty,
    #[error("{}", self.message(Lang::Fr))]
    BankFormatUnknown,
    /// A bank statement file refused at a line (1-based).
    #[error("{}", self.message(Lang::Fr))]
    BankFileLine {
        line: usize,
        reason: BankFileProblem,
    },
    #[error("{}", self.message(Lang::Fr))]
    RenewalClosed { opens: Month, closes: Month },
    #[error("{}", self.message(Lang::Fr))]
    AlreadyRenewed { cycle: Cycle },
    #[error("{}", self.message(Lang::Fr))]
    RenewalWithoutPrevious { cycle: Cycle },
    #[error("{}", self.message(Lang::Fr))]
    FieldReservedToStaff(ChildField),
    #[error("{}", self.message(Lang::Fr))]
    ActivityDates,
    #[error("{}", self.message(Lang::Fr))]
    AlreadyRegistered,
    #[error("{}", self.message(Lang::Fr))]
    ActivityNotForSection,
    #[error("{}", self.message(Lang::Fr))]
    RegistrationClosed { deadline: Date },
    #[error("{}", self.message(Lang::Fr))]
    BloodGroupInvalid,
    #[error("{}", self.message(Lang::Fr))]
    MedicalLocked,
    #[error("{}", self.message(Lang::Fr))]
    MedicalWindowClosed {
        activity: String,
        opens: Date,
        closes: Date,
    },
    #[error("{}", self.message(Lang::Fr))]
    MedicalNoStay,
    #[error("{}", self.message(Lang::Fr))]
    ConsentRequired,
    #[error("{}", self.message(Lang::Fr))]
    MedicalSheetMissing,
    #[error("{}", self.message(Lang::Fr))]
    FileType,
    #[error("{}", self.message(Lang::Fr))]
    NothingOwedYet,
    #[error("{}", self.message(Lang::Fr))]
    TokenScope(crate::TokenScope),
    #[error("{}", self.message(Lang::Fr))]
    TokenLifetimeUnreadable,
    #[error("{}", self.message(Lang::Fr))]
    TokenLifetimeTooLong { max_days: u16 },
    #[error("{}", self.message(Lang::Fr))]
    SessionRequired,
    #[error("{}", self.message(Lang::Fr))]
    DueCancelled,
    #[error("{}", self.message(Lang::Fr))]
    StatusChange {
        from: AccountStatus,
        change: StatusChange,
    },
    /// A value error located in its input field.
    #[error("{}", self.message(Lang::Fr))]
    Invalid { field: Field, error: Box<Error> },
}

impl Error {
    /// Places this error in the field it came from (`"E-mail : adresse invalide"`).
    pub fn in_field(self, field: Field) -> Error {
        match self {
            already @ Error::Invalid { .. } => already,
            error => Error::Invalid {
                field,
                error: Box::new(error),
            },
        }
    }

    pub fn field(&self) -> Option<Field> {
        match self {
            Error::Invalid { field, .. } => Some(*field),
            _ => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            Error::Required => pick(fr, "ce champ est obligatoire", "this field is required"),
            Error::TooLong { max } => {
                if fr {
                    format!("trop long ({max} caractères au maximum)")
                } else {
                    format!("too long (at most {max} characters)")
                }
            }
            Error::ForbiddenCharacter(c) => {
                if fr {
                    format!("le caractère « {c} » n'est pas accepté")
                } else {
                    format!("the character “{c}” is not accepted")
                }
            }
            Error::EmailInvalid => pick(
                fr,
                "adresse invalide (exemple : prenom.nom@exemple.be)",
                "invalid address (example: first.last@example.be)",
            ),
            Error::PhoneIncomplete { expected } => {
                if fr {
                    format!("numéro incomplet : {expected} chiffres attendus")
                } else {
                    format!("incomplete number: {expected} digits expected")
                }
            }
            Error::PhoneTooLong { expected } => {
                if fr {
                    format!("numéro trop long : {expected} chiffres attendus")
                } else {
                    format!("number too long: {expected} digits expected")
                }
            }
            Error::PhoneInvalid => pick(
                fr,
                "numéro invalide (exemple : 0412/34.56.78)",
                "invalid number (example: 0412/34.56.78)",
            ),
            Error::PasswordTooShort { min } => {
                if fr {
                    format!("au moins {min} caractères")
                } else {
                    format!("at least {min} characters")
                }
            }
            Error::PasswordIsEmail => pick(
                fr,
                "ne peut pas être votre adresse e-mail",
                "cannot be your e-mail address",
            ),
            Error::PasswordsDiffer => pick(
                fr,
                "les deux mots de passe ne sont pas identiques",
                "the two passwords differ",
            ),
            Error::DateFormat => pick(
                fr,
                "date attendue au format JJ/MM/AAAA (exemple : 01/05/2018)",
                "date expected as DD/MM/YYYY (example: 01/05/2018)",
            ),
            Error::DateDoesNotExist => {
                pick(fr, "cette date n'existe pas", "this date does not exist")
            }
            Error::DateInFuture => pick(
                fr,
                "la date ne peut pas être dans le futur",
                "the date cannot be in the future",
            ),
            Error::DateTooOld => pick(
                fr,
                "la date est trop ancienne",
                "the date is too far in the past",
            ),
            Error::PostalCodeInvalid => pick(
                fr,
                "code postal belge attendu (4 chiffres, de 1000 à 9999)",
                "Belgian postal code expected (4 digits, 1000 to 9999)",
            ),
            Error::AddressIncomplete => pick(
                fr,
                "adresse attendue sous la forme « Rue du Roeulx 23, 7110 Maurage »",
                "address expected as “Rue du Roeulx 23, 7110 Maurage”",
            ),
            Error::CycleInvalid => pick(
                fr,
                "cycle attendu sous la forme 2026-2027",
                "cycle expected as 2026-2027",
            ),
            Error::AgeRangeInvalid => pick(
                fr,
                "tranche d'âge attendue sous la forme 6-9 (de 6 ans inclus à 9 ans exclus)",
                "age range expected as 6-9 (from 6 included to 9 excluded)",
            ),
            Error::AmountInvalid => pick(
                fr,
                "montant attendu en euros, par exemple 45 ou 45,50",
                "amount expected in euros, for example 45 or 45.50",
            ),
            Error::AmountOutOfRange { min, max } => {
                if fr {
                    format!("le montant d'un virement va de {min} à {max}")
                } else {
                    format!(
                        "a transfer's amount goes from EUR {} to EUR {}",
                        min.to_plain(),
                        max.to_plain()
                    )
                }
            }
            Error::ReferenceInvalid => pick(
                fr,
                "communication structurée attendue sous la forme +++090/9337/55493+++ (12 chiffres)",
                "structured communication expected as +++090/9337/55493+++ (12 digits)",
            ),
            Error::ReferenceCheckDigits { found, expected } => {
                if fr {
                    format!(
                        "communication structurée erronée : les chiffres de contrôle {found:02} ne \
                         correspondent pas aux dix premiers chiffres ({expected:02} attendu), \
                         vérifiez-la"
                    )
                } else {
                    format!(
                        "wrong structured communication: the check digits {found:02} do not match \
                         the first ten digits ({expected:02} expected), check it"
                    )
                }
            }
            Error::IbanInvalid => pick(
                fr,
                "numéro de compte IBAN invalide, vérifiez-le (exemple : BE68 5390 0754 7034)",
                "invalid IBAN account number, check it (example: BE68 5390 0754 7034)",
            ),
            Error::BicInvalid => pick(
                fr,
                "BIC invalide : 8 ou 11 lettres et chiffres (exemple : GEBABEBB)",
                "invalid BIC: 8 or 11 letters and digits (example: GEBABEBB)",
            ),
            Error::EpcPayloadTooLong { bytes, max } => {
                if fr {
                    format!(
                        "le code QR de paiement dépasserait {max} octets ({bytes}) : raccourcissez \
                         le nom du bénéficiaire"
                    )
                } else {
                    format!(
                        "the payment QR code would exceed {max} bytes ({bytes}): shorten the \
                         beneficiary's name"
                    )
                }
            }
            Error::BankFileEmpty => pick(fr, "le fichier est vide", "the file is empty"),
            Error::BankFormatUnknown => pick(
                fr,
                "format de relevé inconnu : coda, camt053 ou csv attendu",
                "unknown statement format: coda, camt053 or csv expected",
            ),
            Error::BankFileLine { line, reason } => bank::line_message(*line, reason, lang),
            Error::RenewalClosed { opens, closes } => {
                let (opens, closes) = (month_name(*opens, lang), month_name(*closes, lang));
                if fr {
                    format!("le renouvellement des affiliations est ouvert de {opens} à {closes}")
                } else {
                    format!("affiliations can be renewed from {opens} to {closes}")
                }
            }
            Error::AlreadyRenewed { cycle } => {
                if fr {
                    format!("l'affiliation pour le cycle {cycle} existe déjà")
                } else {
                    format!("the affiliation for the cycle {cycle} already exists")
                }
            }
            Error::RenewalWithoutPrevious { cycle } => {
                if fr {
                    format!(
                        "pas d'affiliation pour le cycle {cycle} à renouveler : contactez le Patro"
                    )
                } else {
                    format!("no affiliation for the cycle {cycle} to renew: contact the Patro")
                }
            }
            Error::FieldReservedToStaff(field) => {
                if fr {
                    format!(
                        "le champ « {} » ne peut être modifié que par le Patro",
                        field.label(lang)
                    )
                } else {
                    format!(
                        "the field “{}” can only be changed by the Patro",
                        field.label(lang)
                    )
                }
            }
            Error::ActivityDates => pick(
                fr,
                "la fin ne peut précéder le début, et les inscriptions doivent fermer au plus tard le premier jour",
                "the end cannot come before the start, and registrations must close on the first day at the latest",
            ),
            Error::AlreadyRegistered => pick(
                fr,
                "cet enfant est déjà inscrit (ou sur la liste d'attente)",
                "this child is already registered (or on the waiting list)",
            ),
            Error::ActivityNotForSection => pick(
                fr,
                "cette activité n'est pas prévue pour la section de cet enfant",
                "this activity is not for this child's section",
            ),
            Error::RegistrationClosed { deadline } => {
                if fr {
                    format!(
                        "les inscriptions sont closes depuis le {}",
                        short(*deadline)
                    )
                } else {
                    format!("registrations closed on {}", short(*deadline))
                }
            }
            Error::BloodGroupInvalid => pick(
                fr,
                "groupe sanguin attendu parmi A+, A-, B+, B-, AB+, AB-, O+, O-",
                "blood group expected among A+, A-, B+, B-, AB+, AB-, O+, O-",
            ),
            Error::MedicalLocked => pick(
                fr,
                "la fiche santé ne peut être modifiée que lorsque votre enfant est inscrit à un camp ou à un hike",
                "the medical sheet can only be changed while your child is registered for a camp or a hike",
            ),
            Error::MedicalWindowClosed {
                activity,
                opens,
                closes,
            } => {
                if fr {
                    format!(
                        "la fiche santé n'est accessible au staff que du {} au {} ({activity})",
                        short(*opens),
                        short(*closes)
                    )
                } else {
                    format!(
                        "the medical sheet is open to staff only from {} to {} ({activity})",
                        short(*opens),
                        short(*closes)
                    )
                }
            }
            Error::MedicalNoStay => pick(
                fr,
                "la fiche santé n'est accessible au staff que pendant un camp ou un hike auquel l'enfant est inscrit",
                "the medical sheet is open to staff only during a camp or hike the child is registered for",
            ),
            Error::ConsentRequired => pick(
                fr,
                "cochez l'accord pour que le Patro conserve ces informations, nécessaires à la sécurité de votre enfant",
                "tick the consent for the Patro to keep this information, needed for your child's safety",
            ),
            Error::MedicalSheetMissing => pick(
                fr,
                "remplissez d'abord la fiche santé de votre enfant",
                "fill in your child's medical sheet first",
            ),
            Error::TokenScope(scope) => {
                if fr {
                    format!(
                        "ce jeton (portée « {} ») ne permet pas cette action",
                        scope.label(lang)
                    )
                } else {
                    format!(
                        "this token (scope “{}”) does not allow this",
                        scope.label(lang)
                    )
                }
            }
            Error::TokenLifetimeUnreadable => pick(
                fr,
                "durée illisible : écrivez un nombre de jours suivi de d (90d) ou de semaines suivi de w (12w)",
                "unreadable lifetime: write a number of days followed by d (90d) or of weeks followed by w (12w)",
            ),
            Error::TokenLifetimeTooLong { max_days } => {
                if fr {
                    format!("un jeton vit au plus {max_days} jours (deux ans)")
                } else {
                    format!("a token lives at most {max_days} days (two years)")
                }
            }
            Error::DueCancelled => pick(
                fr,
                "ce paiement attendu a été annulé : rien ne peut plus y être payé",
                "this due was cancelled: nothing can be paid towards it",
            ),
            Error::SessionRequired => pick(
                fr,
                "cette action demande une session ouverte par une personne, pas un jeton de script",
                "this needs a session opened by a person, not a script's token",
            ),
            Error::NothingOwedYet => pick(
                fr,
                "rien n'est dû tant que l'enfant est sur la liste d'attente",
                "nothing is owed while the child is on the waiting list",
            ),
            Error::FileType => pick(
                fr,
                "fichier refusé : PDF, PNG, JPEG ou texte seulement, et son contenu doit correspondre à son type",
                "file refused: PDF, PNG, JPEG or text only, and its content must match its type",
            ),
            Error::StatusChange { from, change } => {
                if fr {
                    format!(
                        "impossible de {} un compte {}",
                        change.verb_fr(),
                        from.label(Lang::Fr)
                    )
                } else {
                    format!(
                        "cannot {} an account that is {}",
                        change.verb_en(),
                        from.label(Lang::En)
                    )
                }
            }
            Error::Invalid { field, error } => {
                let separator = if fr { " : " } else { ": " };
                format!("{}{separator}{}", field.label(lang), error.message(lang))
            }
        }
    }
}

fn pick(fr: bool, french: &str, english: &str) -> String {
    if fr { french } else { english }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_error_names_its_field_in_both_languages() {
        let error = Error::EmailInvalid.in_field(Field::Email);
        assert_eq!(
            error.to_string(),
            "E-mail : adresse invalide (exemple : prenom.nom@exemple.be)"
        );
        assert_eq!(
            error.message(Lang::En),
            "E-mail: invalid address (example: first.last@example.be)"
        );
        assert_eq!(error.field(), Some(Field::Email));
    }

    #[test]
    fn locating_twice_keeps_the_first_field() {
        let error = Error::Required
            .in_field(Field::FirstName)
            .in_field(Field::LastName);
        assert_eq!(error.field(), Some(Field::FirstName));
    }
}
