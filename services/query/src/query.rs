//! `tipwatch.v1.QueryService` handlers. Answers that carry stored
//! records (`GetOrganisation`, `GetDocument`, every `List*`) are built
//! from the records' stored encodings, never decoded and encoded again
//! (see `tipwatch_proto::raw`).

use std::{pin::Pin, sync::Arc};

use tipwatch_proto::{
    pb,
    raw::{self, query_service_server::QueryService},
};
use tipwatch_store::Store;
use tokio::sync::{mpsc, watch};
use tokio_stream::{wrappers::ReceiverStream, Stream};
use tonic::{Request, Response, Status};

use crate::{blocking, read, requests};

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
    ) -> Result<Response<raw::Organisation>, Status> {
        let name = req.into_inner().name;
        read(&self.store, move |s| s.get_organisation_encoded(&name))
            .await
            .map(Response::new)
    }

    async fn list_organisations(
        &self,
        req: Request<pb::ListOrganisationsRequest>,
    ) -> Result<Response<raw::ListOrganisationsResponse>, Status> {
        let (filter, page) = requests::organisations(req.get_ref())?;
        let full = requests::full_view(req.get_ref().view)?;
        read(&self.store, move |s| {
            s.list_organisations_encoded(&filter, &page, full)
        })
        .await
        .map(Response::new)
    }

    async fn list_funding_flows(
        &self,
        req: Request<pb::ListFundingFlowsRequest>,
    ) -> Result<Response<raw::ListFundingFlowsResponse>, Status> {
        let (filter, page) = requests::funding_flows(req.get_ref())?;
        let full = requests::full_view(req.get_ref().view)?;
        read(&self.store, move |s| {
            s.list_funding_flows_encoded(&filter, &page, full)
        })
        .await
        .map(Response::new)
    }

    async fn list_events(
        &self,
        req: Request<pb::ListEventsRequest>,
    ) -> Result<Response<raw::ListEventsResponse>, Status> {
        let (filter, page) = requests::events(req.get_ref())?;
        let full = requests::full_view(req.get_ref().view)?;
        read(&self.store, move |s| {
            s.list_events_encoded(&filter, &page, full)
        })
        .await
        .map(Response::new)
    }

    async fn list_people(
        &self,
        req: Request<pb::ListPeopleRequest>,
    ) -> Result<Response<raw::ListPeopleResponse>, Status> {
        let r = req.into_inner();
        let page = requests::paging(r.page_size, &r.page_token)?;
        let full = requests::full_view(r.view)?;
        read(&self.store, move |s| {
            s.list_people_encoded(&r.organisation, &page, full)
        })
        .await
        .map(Response::new)
    }

    async fn get_document(
        &self,
        req: Request<pb::GetDocumentRequest>,
    ) -> Result<Response<raw::Document>, Status> {
        let name = req.into_inner().name;
        read(&self.store, move |s| s.get_document_encoded(&name))
            .await
            .map(Response::new)
    }

    async fn list_documents(
        &self,
        req: Request<pb::ListDocumentsRequest>,
    ) -> Result<Response<raw::ListDocumentsResponse>, Status> {
        let page = requests::paging(req.get_ref().page_size, &req.get_ref().page_token)?;
        read(&self.store, move |s| s.list_documents_encoded(&page))
            .await
            .map(Response::new)
    }

    async fn summarise_funding(
        &self,
        req: Request<pb::SummariseFundingRequest>,
    ) -> Result<Response<pb::SummariseFundingResponse>, Status> {
        let (filter, by) = requests::funding_summary(req.get_ref())?;
        read(&self.store, move |s| {
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
        read(&self.store, move |s| s.network(&r.name, r.depth, &page))
            .await
            .map(Response::new)
    }

    async fn list_mentions(
        &self,
        req: Request<pb::ListMentionsRequest>,
    ) -> Result<Response<raw::ListMentionsResponse>, Status> {
        let r = req.into_inner();
        let page = requests::paging(r.page_size, &r.page_token)?;
        let p = read(&self.store, move |s| s.list_mentions(&r.name, &page)).await?;
        Ok(Response::new(raw::ListMentionsResponse::encode(
            &pb::ListMentionsResponse {
                mentions: p.items,
                next_page_token: p.next_page_token,
            },
        )))
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
