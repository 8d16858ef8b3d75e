//! Sections, cycles, staff roles, API tokens and the caller's own profile.

use reqwest::Method;

use tempatro_core::api::{
    AccountView, CycleInput, CycleView, PasswordChange, ProfilePatch, SectionInput, SectionView,
    StaffRoleInput, StaffView, TokenCreated, TokenInput, TokenView,
};
use tempatro_core::{Cycle, TokenScope};

use crate::{Client, Result};

impl Client {
    pub async fn sections(&self) -> Result<Vec<SectionView>> {
        self.send(self.request(Method::GET, "api/v1/sections"))
            .await
    }

    pub async fn create_section(&self, section: &SectionInput) -> Result<SectionView> {
        self.send(self.request(Method::POST, "api/v1/sections").json(section))
            .await
    }

    pub async fn update_section(&self, id: i64, section: &SectionInput) -> Result<SectionView> {
        self.send(
            self.request(Method::PUT, &format!("api/v1/sections/{id}"))
                .json(section),
        )
        .await
    }

    pub async fn cycles(&self) -> Result<Vec<CycleView>> {
        self.send(self.request(Method::GET, "api/v1/cycles")).await
    }

    pub async fn cycle(&self, cycle: Cycle) -> Result<CycleView> {
        self.send(self.request(Method::GET, &format!("api/v1/cycles/{cycle}")))
            .await
    }

    /// Opens a cycle or changes its fees.
    pub async fn save_cycle(&self, cycle: &CycleInput) -> Result<CycleView> {
        self.send(self.request(Method::POST, "api/v1/cycles").json(cycle))
            .await
    }

    /// Responsable: sets a staff member's role and the sections an animateur leads.
    pub async fn set_staff_role(&self, account: i64, role: &StaffRoleInput) -> Result<StaffView> {
        self.send(
            self.request(Method::PUT, &format!("api/v1/accounts/{account}/staff"))
                .json(role),
        )
        .await
    }

    /// "Gérer mes infos".
    pub async fn update_profile(&self, patch: &ProfilePatch) -> Result<AccountView> {
        self.send(self.request(Method::PATCH, "api/v1/me").json(patch))
            .await
    }

    pub async fn change_password(&self, current: &str, new: &str) -> Result<()> {
        let body = PasswordChange {
            current_password: current.to_owned(),
            new_password: new.to_owned(),
        };
        self.send_empty(self.request(Method::PUT, "api/v1/me/password").json(&body))
            .await
    }

    /// Responsable, in person: an API token for a script; its secret is in this answer only.
    /// A token for `scope`, living `expires_in_days` days (the server's default, a year, when
    /// `None`).
    pub async fn create_token(
        &self,
        name: &str,
        scope: TokenScope,
        expires_in_days: Option<u16>,
    ) -> Result<TokenCreated> {
        let body = TokenInput {
            name: name.to_owned(),
            scope,
            expires_in_days: expires_in_days.map(u32::from),
        };
        self.send(self.request(Method::POST, "api/v1/tokens").json(&body))
            .await
    }

    pub async fn tokens(&self) -> Result<Vec<TokenView>> {
        self.send(self.request(Method::GET, "api/v1/tokens")).await
    }

    pub async fn revoke_token(&self, name: &str) -> Result<()> {
        let mut url = self.base.join("api/v1/tokens/").expect("a relative path");
        // The name travels as one path segment, whatever it holds.
        url.path_segments_mut()
            .expect("an http(s) URL has path segments")
            .pop_if_empty()
            .push(name);
        self.send_empty(self.request_url(Method::DELETE, url)).await
    }
}
