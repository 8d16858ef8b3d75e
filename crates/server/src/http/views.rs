//! Turns what the store keeps into what the API shows, under the caller's rights.

use tempatro_core::access::ChildAccess;
use tempatro_core::api::{
    AddressView, AffiliationView, ChildSheet, ChildSummary, ContactView, CycleView, DoctorView,
    DueBrief, ImageRightsView, ParentLink, PaymentView, RenewalOffer, SectionView,
};
use tempatro_core::section::suggest_section;
use tempatro_core::{Contact, Cycle, FeeSchedule, Lang, Section, age::age_at};

use super::AppState;
use crate::error::Result;
use crate::store::{ChildRow, DueSummary, StoredAccount, StoredAffiliation, StoredChild};

pub fn section_view(section: &Section, lang: Lang) -> SectionView {
    SectionView {
        id: section.id,
        name: section.name.clone(),
        min_age: section.ages.min(),
        max_age: section.ages.max(),
        gender: section.gender,
        position: section.position,
        label: section.label(lang),
    }
}

fn section_by_id(sections: &[Section], id: Option<i64>, lang: Lang) -> Option<SectionView> {
    let id = id?;
    sections
        .iter()
        .find(|section| section.id == id)
        .map(|section| section_view(section, lang))
}

pub fn affiliation_view(
    affiliation: &StoredAffiliation,
    child_name: String,
    sections: &[Section],
    lang: Lang,
) -> AffiliationView {
    AffiliationView {
        child_id: affiliation.child_id,
        child_name,
        cycle: affiliation.cycle,
        section: section_by_id(sections, affiliation.section_id, lang),
        fee: affiliation.due.amount,
        solidarity: affiliation.solidarity,
        due: Some(due_brief(&affiliation.due)),
        payment: affiliation
            .due
            .settlement()
            .as_ref()
            .map(|payment| PaymentView {
                paid_on: payment.paid_on,
                amount: payment.amount,
                method: payment.method,
            }),
    }
}

pub fn due_brief(due: &DueSummary) -> DueBrief {
    DueBrief {
        id: due.id,
        status: due.status(),
        paid: due.paid,
        left: due.left(),
        reference: due.reference.to_string(),
    }
}

pub fn parent_link(account: &StoredAccount) -> ParentLink {
    ParentLink {
        account_id: account.id.0,
        name: format!("{} {}", account.first_name, account.last_name),
        email: account.email.to_string(),
    }
}

fn contact_view(contact: &Contact) -> ContactView {
    ContactView {
        name: contact.name.to_string(),
        phone: contact.phone.as_ref().map(ToString::to_string),
        email: contact.email.as_ref().map(ToString::to_string),
    }
}

pub fn cycle_view(
    state: &AppState,
    cycle: Cycle,
    fees: &FeeSchedule,
    affiliations: u32,
) -> CycleView {
    let calendar = state.config.cycle_calendar;
    CycleView {
        cycle,
        current: cycle == state.current_cycle(),
        first_day: calendar.first_day(cycle),
        last_day: calendar.last_day(cycle),
        normal_fee: fees.normal,
        solidarity_fee: fees.solidarity,
        sibling_discount: fees.sibling_discount,
        affiliations,
    }
}

/// The section a child is in for `cycle`: the affiliation's, or else the one its age suggests.
fn section_for(
    state: &AppState,
    child: &StoredChild,
    affiliation: Option<&StoredAffiliation>,
    cycle: Cycle,
    sections: &[Section],
    lang: Lang,
) -> Option<SectionView> {
    match affiliation {
        Some(affiliation) => section_by_id(sections, affiliation.section_id, lang),
        None => suggested_section(state, child, cycle, sections).map(|s| section_view(s, lang)),
    }
}

pub fn suggested_section<'a>(
    state: &AppState,
    child: &StoredChild,
    cycle: Cycle,
    sections: &'a [Section],
) -> Option<&'a Section> {
    let reference = state.config.cycle_calendar.reference_date(cycle);
    let age = age_at(child.record.birth_date.date(), reference);
    suggest_section(sections, age, child.record.gender)
}

pub fn child_summary(
    state: &AppState,
    row: &ChildRow,
    access: ChildAccess,
    cycle: Cycle,
    sections: &[Section],
    lang: Lang,
) -> ChildSummary {
    let child = &row.child;
    ChildSummary {
        id: child.id,
        first_name: child.record.first_name.to_string(),
        last_name: child.record.last_name.to_string(),
        birth_date: child.record.birth_date.date(),
        age: age_at(child.record.birth_date.date(), state.today()),
        section: section_for(
            state,
            child,
            row.affiliation.as_ref(),
            cycle,
            sections,
            lang,
        ),
        affiliation: row
            .affiliation
            .as_ref()
            .filter(|_| access.may_read_everything())
            .map(|a| affiliation_view(a, child.record.full_name(), sections, lang)),
        parents: row.parents,
    }
}

/// The whole sheet, less what `access` does not allow.
pub async fn child_sheet(
    state: &AppState,
    child: &StoredChild,
    access: ChildAccess,
    lang: Lang,
) -> Result<ChildSheet> {
    let store = &state.store;
    let sections = store.sections().await?;
    let today = state.today();
    let cycle = state.current_cycle();
    let record = &child.record;
    let full = access.may_read_everything();
    let affiliations = store.affiliations_of(child.id).await?;
    let current = affiliations.iter().find(|a| a.cycle == cycle);
    let renewal = if access.may_edit() {
        renewal_offer(state, child, &affiliations, &sections, lang).await?
    } else {
        None
    };
    Ok(ChildSheet {
        id: child.id,
        version: child.version,
        first_name: record.first_name.to_string(),
        last_name: record.last_name.to_string(),
        birth_date: record.birth_date.date(),
        age: age_at(record.birth_date.date(), today),
        gender: record.gender,
        address: record
            .address
            .as_ref()
            .filter(|_| full)
            .map(|address| AddressView {
                street: address.street().to_owned(),
                postal_code: address.postal_code().value(),
                locality: address.locality().to_owned(),
                line: address.to_string(),
            }),
        section: section_for(state, child, current, cycle, &sections, lang),
        image_rights: full.then(|| ImageRightsView {
            granted: record.image_rights,
            set_at: child.image_rights_set_at,
            set_by: child.image_rights_set_by.clone(),
        }),
        primary_contact: record.primary_contact.as_ref().map(contact_view),
        secondary_contact: record.secondary_contact.as_ref().map(contact_view),
        doctor: record
            .doctor
            .as_ref()
            .filter(|_| full)
            .map(|doctor| DoctorView {
                name: doctor.name.to_string(),
                phone: doctor.phone.to_string(),
            }),
        affiliations: if full {
            affiliations
                .iter()
                .map(|a| affiliation_view(a, record.full_name(), &sections, lang))
                .collect()
        } else {
            Vec::new()
        },
        camps: if full {
            store.camps_of(child.id, today).await?
        } else {
            Vec::new()
        },
        created_on: child.created_at.date(),
        parents: if full {
            store
                .parents_of(child.id)
                .await?
                .iter()
                .map(parent_link)
                .collect()
        } else {
            Vec::new()
        },
        renewal,
    })
}

/// What "Renouveler une affiliation" would create now, if the rules allow it.
async fn renewal_offer(
    state: &AppState,
    child: &StoredChild,
    affiliations: &[StoredAffiliation],
    sections: &[Section],
    lang: Lang,
) -> Result<Option<RenewalOffer>> {
    let cycles: Vec<Cycle> = affiliations.iter().map(|a| a.cycle).collect();
    let Ok(target) =
        state
            .config
            .renewal_window
            .renew(state.config.cycle_calendar, state.today(), &cycles)
    else {
        return Ok(None);
    };
    let Some(fees) = state.store.cycle_fees(target).await? else {
        return Ok(None);
    };
    let solidarity = affiliations
        .iter()
        .find(|a| a.cycle == target.previous())
        .is_some_and(|a| a.solidarity);
    let rank = state.store.family_rank(child.id, target).await?;
    Ok(Some(RenewalOffer {
        cycle: target,
        section: suggested_section(state, child, target, sections).map(|s| section_view(s, lang)),
        fee: fees.fee(rank, solidarity),
        solidarity,
    }))
}
