//! The EPC QR code ("SEPA QR", EPC069-12 "Quick Response Code: guidelines to enable data capture
//! for the initiation of a SEPA credit transfer"): a banking app scans it and fills in the
//! transfer, so a parent neither types the IBAN nor mistypes the structured communication.
//!
//! This module only builds the payload text; drawing the code (error correction level M, at most
//! version 13) is the front end's job.

use serde::{Deserialize, Serialize};

use crate::payment::{Bic, Iban, StructuredReference};
use crate::{Amount, Error, Field};

/// The largest payload: what a version 13 code holds at error correction level M (EPC069-12).
pub const MAX_PAYLOAD_BYTES: usize = 331;
/// The beneficiary's name, at most 70 characters (EPC069-12, element 6).
pub const MAX_NAME_CHARS: usize = 70;
/// Transfers from 0.01 to 999999999.99 euros (EPC069-12, element 8).
pub const MIN_AMOUNT: Amount = Amount::from_cents(1);
pub const MAX_AMOUNT: Amount = Amount::from_cents(99_999_999_999);

/// Which remittance element of the payload carries the structured communication.
///
/// EPC069-12 has two mutually exclusive remittance elements: element 10, "Remittance Information
/// (Structured)", meant for an ISO 11649 creditor reference (`RF…`), and element 11, "Remittance
/// Information (Unstructured)", free text. The Belgian structured communication is not an ISO
/// 11649 reference, and no public document says clearly which element Belgian banking apps read it
/// from: some are reported to fill the structured-communication field from element 10 with the 12
/// bare digits, others to show element 11 as the free communication (where a `+++…+++` text still
/// reaches the Patro's statement, banks usually converting it). Until this is settled against the
/// apps parents use, the choice is configuration.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceLine {
    /// The 12 bare digits in element 10, the structured remittance field (nominally ISO 11649).
    /// The default, as a guess to be checked with parents' apps, not a documented fact.
    #[default]
    Structured,
    /// `+++090/9337/55493+++` in element 11, the unstructured remittance field.
    Unstructured,
}

/// Who receives the transfer: the Patro's account as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beneficiary {
    /// The account holder's name as the bank knows it (at most 70 characters).
    pub name: String,
    pub iban: Iban,
    /// Optional since version 002 of the guidelines inside the EEA.
    pub bic: Option<Bic>,
}

/// One transfer to propose to a parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpcPayment {
    pub beneficiary: Beneficiary,
    pub amount: Amount,
    pub reference: StructuredReference,
    pub line: ReferenceLine,
}

impl EpcPayment {
    /// The text to encode in the QR code: version 002, character set 1 (UTF-8), identification
    /// SCT, elements separated by a line feed. The purpose (element 9) and the information for the
    /// payer (element 12) are left empty. As the guidelines require, the last populated element
    /// ends the payload: no separator, and no empty elements, follow it.
    pub fn payload(&self) -> Result<String, Error> {
        let name = self.beneficiary.name.trim();
        if name.is_empty() {
            return Err(Error::Required.in_field(Field::BeneficiaryName));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::TooLong {
                max: MAX_NAME_CHARS,
            }
            .in_field(Field::BeneficiaryName));
        }
        // A line feed would shift every following element; other control characters have no
        // business in a name either.
        if let Some(c) = name.chars().find(|c| c.is_control()) {
            return Err(Error::ForbiddenCharacter(c).in_field(Field::BeneficiaryName));
        }
        if self.amount < MIN_AMOUNT || self.amount > MAX_AMOUNT {
            return Err(Error::AmountOutOfRange {
                min: MIN_AMOUNT,
                max: MAX_AMOUNT,
            }
            .in_field(Field::Amount));
        }
        let (structured, unstructured) = match self.line {
            ReferenceLine::Structured => (self.reference.digits(), String::new()),
            ReferenceLine::Unstructured => (String::new(), self.reference.to_string()),
        };
        let mut elements = vec![
            "BCD".to_owned(),
            "002".to_owned(),
            "1".to_owned(),
            "SCT".to_owned(),
            self.beneficiary
                .bic
                .as_ref()
                .map(|bic| bic.as_str().to_owned())
                .unwrap_or_default(),
            name.to_owned(),
            self.beneficiary.iban.electronic().to_owned(),
            format!("EUR{}", self.amount.to_plain()),
            String::new(),
            structured,
            unstructured,
            String::new(),
        ];
        while elements.last().is_some_and(String::is_empty) {
            elements.pop();
        }
        let payload = elements.join("\n");
        if payload.len() > MAX_PAYLOAD_BYTES {
            return Err(Error::EpcPayloadTooLong {
                bytes: payload.len(),
                max: MAX_PAYLOAD_BYTES,
            });
        }
        Ok(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn beneficiary() -> Beneficiary {
        Beneficiary {
            name: "Patro Saint-Exemple ASBL".to_owned(),
            iban: Iban::parse("BE68 5390 0754 7034").unwrap(),
            bic: Some(Bic::parse("GKCCBEBB").unwrap()),
        }
    }

    fn payment(line: ReferenceLine) -> EpcPayment {
        EpcPayment {
            beneficiary: beneficiary(),
            amount: Amount::from_cents(4500),
            reference: StructuredReference::parse("+++090/9337/55493+++").unwrap(),
            line,
        }
    }

    #[test]
    fn the_structured_line_carries_the_12_digits_and_ends_the_payload() {
        assert_eq!(
            payment(ReferenceLine::Structured).payload().unwrap(),
            "BCD\n002\n1\nSCT\nGKCCBEBB\nPatro Saint-Exemple ASBL\nBE68539007547034\nEUR45.00\n\n\
             090933755493"
        );
    }

    #[test]
    fn the_unstructured_line_carries_the_display_form_after_an_empty_structured_field() {
        assert_eq!(
            payment(ReferenceLine::Unstructured).payload().unwrap(),
            "BCD\n002\n1\nSCT\nGKCCBEBB\nPatro Saint-Exemple ASBL\nBE68539007547034\nEUR45.00\n\n\n\
             +++090/9337/55493+++"
        );
    }

    #[test]
    fn without_a_bic_its_line_stays_empty() {
        let mut payment = payment(ReferenceLine::Structured);
        payment.beneficiary.bic = None;
        payment.amount = Amount::from_cents(125_050);
        assert_eq!(
            payment.payload().unwrap(),
            "BCD\n002\n1\nSCT\n\nPatro Saint-Exemple ASBL\nBE68539007547034\nEUR1250.50\n\n\
             090933755493"
        );
    }

    #[test]
    fn the_name_is_written_in_utf8() {
        let mut payment = payment(ReferenceLine::Structured);
        payment.beneficiary.name = "Patro Notre-Dame de Bâlâtre".to_owned();
        let payload = payment.payload().unwrap();
        assert!(payload.contains("\nPatro Notre-Dame de Bâlâtre\n"));
    }

    #[test]
    fn amounts_outside_what_a_transfer_allows_are_refused() {
        for cents in [0, -100, 100_000_000_000] {
            let mut payment = payment(ReferenceLine::Structured);
            payment.amount = Amount::from_cents(cents);
            let error = payment.payload().unwrap_err();
            assert_eq!(
                error,
                Error::AmountOutOfRange {
                    min: MIN_AMOUNT,
                    max: MAX_AMOUNT
                }
                .in_field(Field::Amount),
                "{cents}"
            );
            assert_eq!(
                error.to_string(),
                "Montant : le montant d'un virement va de 0,01 € à 999 999 999,99 €"
            );
        }
        let mut payment = payment(ReferenceLine::Structured);
        payment.amount = MAX_AMOUNT;
        assert!(payment.payload().unwrap().contains("\nEUR999999999.99\n"));
        payment.amount = MIN_AMOUNT;
        assert!(payment.payload().unwrap().contains("\nEUR0.01\n"));
    }

    #[test]
    fn a_name_longer_than_70_characters_is_refused() {
        let mut payment = payment(ReferenceLine::Structured);
        payment.beneficiary.name = "é".repeat(70);
        assert!(payment.payload().is_ok());
        payment.beneficiary.name = "é".repeat(71);
        let error = payment.payload().unwrap_err();
        assert_eq!(
            error,
            Error::TooLong { max: 70 }.in_field(Field::BeneficiaryName)
        );
        assert_eq!(
            error.to_string(),
            "Nom du bénéficiaire : trop long (70 caractères au maximum)"
        );
        assert_eq!(
            error.message(Lang::En),
            "Beneficiary's name: too long (at most 70 characters)"
        );
    }

    #[test]
    fn a_name_is_required_and_cannot_break_the_lines() {
        let mut payment = payment(ReferenceLine::Structured);
        payment.beneficiary.name = "  ".to_owned();
        assert_eq!(
            payment.payload(),
            Err(Error::Required.in_field(Field::BeneficiaryName))
        );
        payment.beneficiary.name = "Patro\nEUR1.00".to_owned();
        assert_eq!(
            payment.payload(),
            Err(Error::ForbiddenCharacter('\n').in_field(Field::BeneficiaryName))
        );
    }

    #[test]
    fn an_invalid_iban_is_refused_before_any_payload_exists() {
        let error = Iban::parse("BE68 5390 0754 7035").unwrap_err();
        assert_eq!(
            error.in_field(Field::Iban).to_string(),
            "IBAN : numéro de compte IBAN invalide, vérifiez-le (exemple : BE68 5390 0754 7034)"
        );
    }

    #[test]
    fn a_payload_over_331_bytes_is_refused() {
        let mut payment = payment(ReferenceLine::Unstructured);
        // 70 characters of 4 bytes each: within the name's limit, beyond the code's capacity.
        payment.beneficiary.name = "𝄞".repeat(70);
        let error = payment.payload().unwrap_err();
        assert!(matches!(error, Error::EpcPayloadTooLong { max: 331, .. }));
        assert!(error.to_string().contains("331"));
    }

    #[test]
    fn the_configured_line_reads_from_its_name() {
        assert_eq!(
            serde_json::from_str::<ReferenceLine>("\"unstructured\"").unwrap(),
            ReferenceLine::Unstructured
        );
        assert_eq!(ReferenceLine::default(), ReferenceLine::Structured);
    }
}
