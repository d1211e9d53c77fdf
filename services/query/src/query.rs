//! `tipwatch.v1.QueryService` handlers.

use std::sync::Arc;

use tipwatch_proto::pb::{self, query_service_server::QueryService};
use tipwatch_store::Store;
use tonic::{Request, Response, Status};

use crate::{blocking, requests};

/// The query service over a shared store.
#[derive(Clone)]
pub struct QueryApi {
    store: Arc<Store>,
}

impl QueryApi {
    /// Returns a query service reading `store`.
    pub fn new(store: Arc<Store>) -> Self {
        Self { store }
    }
}

#[tonic::async_trait]
impl QueryService for QueryApi {
    async fn get_organisation(
        &self,
        req: Request<pb::GetOrganisationRequest>,
    ) -> Result<Response<pb::Organisation>, Status> {
        let name = req.into_inner().name;
        blocking(&self.store, move |s| s.get_organisation(&name))
            .await
            .map(Response::new)
    }

    async fn list_organisations(
        &self,
        req: Request<pb::ListOrganisationsRequest>,
    ) -> Result<Response<pb::ListOrganisationsResponse>, Status> {
        let (filter, page) = requests::organisations(req.get_ref())?;
        let p = blocking(&self.store, move |s| s.list_organisations(&filter, &page)).await?;
        Ok(Response::new(pb::ListOrganisationsResponse {
            organisations: p.items,
            next_page_token: p.next_page_token,
        }))
    }

    async fn list_funding_flows(
        &self,
        req: Request<pb::ListFundingFlowsRequest>,
    ) -> Result<Response<pb::ListFundingFlowsResponse>, Status> {
        let (filter, page) = requests::funding_flows(req.get_ref())?;
        let p = blocking(&self.store, move |s| s.list_funding_flows(&filter, &page)).await?;
        Ok(Response::new(pb::ListFundingFlowsResponse {
            funding_flows: p.items,
            next_page_token: p.next_page_token,
        }))
    }

    async fn list_events(
        &self,
        req: Request<pb::ListEventsRequest>,
    ) -> Result<Response<pb::ListEventsResponse>, Status> {
        let (filter, page) = requests::events(req.get_ref())?;
        let p = blocking(&self.store, move |s| s.list_events(&filter, &page)).await?;
        Ok(Response::new(pb::ListEventsResponse {
            events: p.items,
            next_page_token: p.next_page_token,
        }))
    }

    async fn list_people(
        &self,
        req: Request<pb::ListPeopleRequest>,
    ) -> Result<Response<pb::ListPeopleResponse>, Status> {
        let r = req.into_inner();
        let page = requests::paging(r.page_size, &r.page_token)?;
        let p = blocking(&self.store, move |s| s.list_people(&r.organisation, &page)).await?;
        Ok(Response::new(pb::ListPeopleResponse {
            people: p.items,
            next_page_token: p.next_page_token,
        }))
    }

    async fn get_document(
        &self,
        req: Request<pb::GetDocumentRequest>,
    ) -> Result<Response<pb::Document>, Status> {
        let name = req.into_inner().name;
        blocking(&self.store, move |s| s.get_document(&name))
            .await
            .map(Response::new)
    }

    async fn list_documents(
        &self,
        req: Request<pb::ListDocumentsRequest>,
    ) -> Result<Response<pb::ListDocumentsResponse>, Status> {
        let page = requests::paging(req.get_ref().page_size, &req.get_ref().page_token)?;
        let p = blocking(&self.store, move |s| s.list_documents(&page)).await?;
        Ok(Response::new(pb::ListDocumentsResponse {
            documents: p.items,
            next_page_token: p.next_page_token,
        }))
    }
}
