//! Who may see and change a child: the one policy every child route asks.

use crate::Role;

/// What a caller may do with one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildAccess {
    /// Not theirs to know about: answered exactly like a child that does not exist.
    Hidden,
    /// An animateur of the child's section: names, section and contacts, read only.
    Leader,
    /// A parent linked to the child: the whole sheet, and the fields parents keep up to date.
    Parent,
    /// A responsable: everything.
    Manage,
}

impl ChildAccess {
    pub fn of(role: Role, linked_parent: bool, leads_section: bool) -> ChildAccess {
        match role {
            Role::Responsable => ChildAccess::Manage,
            // Staff members can be parents too: their own children they see as parents do.
            _ if linked_parent => ChildAccess::Parent,
            Role::Animateur if leads_section => ChildAccess::Leader,
            Role::Animateur | Role::Parent => ChildAccess::Hidden,
        }
    }

    pub fn may_read(self) -> bool {
        self != ChildAccess::Hidden
    }

    /// Affiliations, fees, payments, doctor, image rights: the family's and the Patro's business.
    pub fn may_read_everything(self) -> bool {
        matches!(self, ChildAccess::Parent | ChildAccess::Manage)
    }

    pub fn may_edit(self) -> bool {
        matches!(self, ChildAccess::Parent | ChildAccess::Manage)
    }

    pub fn is_manager(self) -> bool {
        self == ChildAccess::Manage
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_access_table() {
        use ChildAccess::*;
        let cases = [
            (Role::Parent, true, false, Parent),
            (Role::Parent, false, false, Hidden),
            (Role::Animateur, false, true, Leader),
            (Role::Animateur, false, false, Hidden),
            (Role::Animateur, true, false, Parent),
            (Role::Responsable, false, false, Manage),
        ];
        for (role, linked, leads, expected) in cases {
            assert_eq!(
                ChildAccess::of(role, linked, leads),
                expected,
                "{role:?} {linked} {leads}"
            );
        }
    }

    #[test]
    fn leaders_read_but_neither_edit_nor_see_finances() {
        assert!(ChildAccess::Leader.may_read());
        assert!(!ChildAccess::Leader.may_edit());
        assert!(!ChildAccess::Leader.may_read_everything());
        assert!(!ChildAccess::Hidden.may_read());
        assert!(ChildAccess::Parent.may_edit() && !ChildAccess::Parent.is_manager());
    }
}
