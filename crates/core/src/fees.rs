//! What an affiliation costs in a cycle.

use serde::{Deserialize, Serialize};

use crate::Amount;

/// The fees of one cycle, set by the Patro.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeSchedule {
    pub normal: Amount,
    /// The reduced "affiliation solidaire", granted discreetly to families who need it.
    pub solidarity: Amount,
    /// Taken off the normal fee from a family's second child on (zero for none).
    pub sibling_discount: Amount,
}

impl FeeSchedule {
    /// The fee of a family's child: `rank` 0 is the eldest affiliated child, who pays in full. The
    /// solidarity fee is already the floor: no sibling discount comes on top of it.
    pub fn fee(&self, rank: usize, solidarity: bool) -> Amount {
        if solidarity {
            self.solidarity
        } else if rank >= 1 {
            self.normal.saturating_sub(self.sibling_discount)
        } else {
            self.normal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEES: FeeSchedule = FeeSchedule {
        normal: Amount::from_cents(4500),
        solidarity: Amount::from_cents(1500),
        sibling_discount: Amount::from_cents(1000),
    };

    #[test]
    fn the_first_child_pays_the_normal_fee() {
        assert_eq!(FEES.fee(0, false), Amount::from_cents(4500));
    }

    #[test]
    fn the_second_and_later_children_get_the_discount() {
        assert_eq!(FEES.fee(1, false), Amount::from_cents(3500));
        assert_eq!(FEES.fee(4, false), Amount::from_cents(3500));
    }

    #[test]
    fn solidarity_replaces_the_fee_whatever_the_rank() {
        assert_eq!(FEES.fee(0, true), Amount::from_cents(1500));
        assert_eq!(FEES.fee(2, true), Amount::from_cents(1500));
    }

    #[test]
    fn a_discount_larger_than_the_fee_makes_it_free_not_negative() {
        let fees = FeeSchedule {
            sibling_discount: Amount::from_cents(9999),
            ..FEES
        };
        assert_eq!(fees.fee(1, false), Amount::from_cents(0));
    }
}
