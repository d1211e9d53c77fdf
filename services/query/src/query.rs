//! `tipwatch.v1.QueryService` handlers.

use std::{pin::Pin, sync::Arc};

use tipwatch_proto::pb::{self, query_service_server::QueryService};
use tipwatch_store::Store;
use tokio::sync::{mpsc, watch};
use tokio_stream::{wrappers::ReceiverStream, Stream};
use tonic::{Request, Response, Status};

use crate::{blocking, requests};

/// Changes sent to one WatchRecords consumer per store read; also the
/// stream's buffer, so one stream that never reads holds at most two
/// batches of (bounded) records.
const WATCH_BATCH: usize = 64;

/// The query service over a shared store.
#[derive(Clone)]
pub struct QueryApi {
    store: Arc<Store>,
    /// The newest change's sequence number, bumped by every write.
    changes: watch::Receiver<u64>,
    /// Turns true when the server shuts down, ending open streams.
    stop: watch::Receiver<bool>,
}

impl QueryApi {
    /// Returns a query service reading `store`; `changes` announces new
    /// writes, `stop` the server's shutdown.
    pub fn new(
        store: Arc<Store>,
        changes: watch::Receiver<u64>,
        stop: watch::Receiver<bool>,
    ) -> Self {
        Self {
            store,
            changes,
            stop,
        }
    }
}

type ChangeStream = Pin<Box<dyn Stream<Item = Result<pb::RecordChange, Status>> + Send>>;

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

    async fn summarise_funding(
        &self,
        req: Request<pb::SummariseFundingRequest>,
    ) -> Result<Response<pb::SummariseFundingResponse>, Status> {
        let (filter, by) = requests::funding_summary(req.get_ref())?;
        blocking(&self.store, move |s| {
            crate::funding::summarise(s, &filter, by)
        })
        .await
        .map(Response::new)
    }

    async fn get_organisation_network(
        &self,
        req: Request<pb::GetOrganisationNetworkRequest>,
    ) -> Result<Response<pb::OrganisationNetwork>, Status> {
        let r = req.into_inner();
        let page = requests::paging(r.page_size, &r.page_token)?;
        blocking(&self.store, move |s| s.network(&r.name, r.depth, &page))
            .await
            .map(Response::new)
    }

    async fn list_mentions(
        &self,
        req: Request<pb::ListMentionsRequest>,
    ) -> Result<Response<pb::ListMentionsResponse>, Status> {
        let r = req.into_inner();
        let page = requests::paging(r.page_size, &r.page_token)?;
        let p = blocking(&self.store, move |s| s.list_mentions(&r.name, &page)).await?;
        Ok(Response::new(pb::ListMentionsResponse {
            mentions: p.items,
            next_page_token: p.next_page_token,
        }))
    }

    type WatchRecordsStream = ChangeStream;

    async fn watch_records(
        &self,
        req: Request<pb::WatchRecordsRequest>,
    ) -> Result<Response<Self::WatchRecordsStream>, Status> {
        let mut cursor = req.into_inner().after_sequence;
        let store = self.store.clone();
        let mut changes = self.changes.clone();
        let mut stop = self.stop.clone();
        let (tx, rx) = mpsc::channel(WATCH_BATCH);
        tokio::spawn(async move {
            loop {
                if *stop.borrow() {
                    return;
                }
                // Mark the current version seen before reading, so a write
                // that lands during the read wakes the next wait.
                changes.borrow_and_update();
                let batch = blocking(&store, move |s| s.changes_after(cursor, WATCH_BATCH)).await;
                match batch {
                    Err(status) => {
                        let _ = tx.send(Err(status)).await;
                        return;
                    }
                    Ok(batch) if batch.is_empty() => {
                        tokio::select! {
                            changed = changes.changed() => if changed.is_err() { return },
                            _ = stop.changed() => return,
                            _ = tx.closed() => return,
                        }
                    }
                    Ok(batch) => {
                        for change in batch {
                            cursor = change.sequence;
                            if tx.send(Ok(change)).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            }
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }
}
