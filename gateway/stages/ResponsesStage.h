#pragma once

#include "pipeline/Stage.h"
#include "state/SharedState.h"

#include <QByteArray>

namespace gateway::stages {

// The state of OpenAI's Responses API, so that its dialect (api/responses/) stays stateless:
// the stored responses (store::ResponseStore, owned by the engine). Runs after parse, before
// route, for requests of the Responses dialect only.
//
// - POST /v1/responses with previous_response_id: the stored response's input items and output
//   items go before the request's input (OpenAI API reference, "Conversation state"), so the
//   client need not send the history again; an unknown id is a 404
//   (previous_response_not_found). The lookup is one primary-key read.
// - A response that ends (End) is stored with its resolved input items, unless the request
//   said "store": false; the store writes on its own thread.
// - GET /v1/responses/{id}, DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items
//   (limit, order, after) are answered here from the store.
class ResponsesStage : public pipeline::Stage
{
public:
    explicit ResponsesStage(state::StageCounters& counters);
    const char* name() const override { return "responses"; }
    pipeline::Verdict onRequest(pipeline::RequestContext& ctx) const override;
    void onResponseEvent(pipeline::RequestContext& ctx, api::ResponseEvent& event) const override;

    // The input items of a stored response as input_items lists them: each with an id (the
    // client's, or one made from the response id and the item's position).
    struct ListedItem
    {
        QByteArray id;
        QByteArray json;
    };
    static QList<ListedItem> listedItems(const QByteArray& responseId,
                                         const QByteArray& inputItems);
    // The "output" array of a stored Response object, as JSON text ("[]" when it has none).
    static QByteArray outputItems(const QByteArray& response);

private:
    pipeline::Verdict continueFrom(pipeline::RequestContext& ctx) const;
    pipeline::Verdict answerStored(pipeline::RequestContext& ctx) const;

    std::atomic<quint64>& m_stored;
    std::atomic<quint64>& m_continued;
    std::atomic<quint64>& m_notFound;
    std::atomic<quint64>& m_deleted;
};

} // namespace gateway::stages
